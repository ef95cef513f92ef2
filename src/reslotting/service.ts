/**
 * The re-slotting use cases behind the GraphQL fields and the weekly task: plan moves for a facility
 * (`app_hidden.reslotting_input`, then the engine's `planReslotting`), turn moves into tasks
 * (`app_hidden.create_move_tasks`) and record a move (`app_hidden.confirm_move`). Like the putaway service,
 * it runs on any connection with a `query` method, as the caller's role, and knows no GraphQL.
 */
import { type Claims, UUID_PATTERN } from "../auth/jwt.ts";
import type { PutawaySettings } from "../config.ts";
import {
  ABC_CLASSES,
  ABC_UNKNOWN,
  cubicFeetOf,
  Layout,
  type LayoutColumns,
  Occupancy,
  type PlanItem,
  RESLOTTING_OBJECTIVES,
  type ReslottingObjective,
  TEMPERATURES,
} from "../engine/index.ts";
import { type Move, planReslotting, type ReslottingPlan, type StockLot } from "../engine/reslot.ts";
import { ClientError } from "../errors.ts";
import type { QueryClient } from "../putaway/client.ts";
import {
  checkIdempotencyKey,
  claimIdempotencyKey,
  IDEMPOTENCY_KEEP_MINUTES,
  type IdempotentOperation,
  recordIdempotencyKey,
} from "../putaway/idempotency.ts";
import { epochDay, type MaterialRow } from "../putaway/snapshot.ts";

/**
 * Moves a plan may hold at most (GRAPHQL_MAX_LIST_LENGTH's default, so that a plan can be sent back whole to
 * createReslottingTasks), and the default. The weekly task's CONSOLIDATE plan has no limit.
 */
export const MAX_PLAN_MOVES = 1_000;
export const DEFAULT_PLAN_MOVES = 100;

export interface PlanInput {
  facilityId: string;
  /** At most this many moves (default 100, at most 1,000); null for the default. */
  maxMoves?: number | null;
  objective?: ReslottingObjective | null;
}

export interface MoveResult {
  sequence: number;
  materialId: string;
  materialCode: string;
  lotNumber: string;
  quantity: number;
  fromLocationId: string;
  fromLocationCode: string;
  toLocationId: string;
  toLocationCode: string;
  /** Room the moved stock takes, in cubic feet. */
  cubicFeet: number;
  reasonCode: Move["reason"];
}

export interface PlanResult {
  facilityId: string;
  objective: ReslottingObjective;
  maxMoves: number | null;
  moves: MoveResult[];
  summary: {
    moves: number;
    positionsOccupied: number;
    positionsFreed: number;
    positionsLowerBound: number;
    travelPerPickBefore: number;
    travelPerPickAfter: number;
    estimatedLaborMinutes: number;
    planningTimeMs: number;
  };
}

export interface MoveInput {
  materialId: string;
  lotNumber: string;
  quantity: number;
  fromLocationId: string;
  toLocationId: string;
  reasonCode?: string | null;
}

export interface CreateTasksInput {
  facilityId: string;
  moves: MoveInput[];
}

/** The row of a move task, as app_hidden.create_move_tasks and confirm_move return it. */
export interface MoveTaskRow {
  move_task_id: string;
  batch_id: string;
  sequence: number;
  material_id: string;
  lot_number: string;
  quantity: string;
  from_location_id: string;
  to_location_id: string;
  cubic_feet: string;
  weight_lbs: string;
  reason_code: string;
  status: string;
  expires_at: string;
  inventory_transaction_id: string | null;
}

export interface MoveTaskResult {
  moveTaskId: string;
  batchId: string;
  sequence: number;
  materialId: string;
  lotNumber: string;
  quantity: number;
  fromLocationId: string;
  toLocationId: string;
  cubicFeet: number;
  weightLbs: number;
  reasonCode: string;
  status: string;
  expiresAt: string;
  inventoryTransactionId: string | null;
}

export interface InputJson {
  layout: LayoutColumns;
  /** [location id, cubic units used (stock and reservations), weight units used]. */
  occupancy: Array<[string, number, number]>;
  /** [location id, material id, lot number] of open reservations. */
  reserved: Array<[string, string, string]>;
  /** [location id, material id, lot number, quantity, cubic units, weight units, expiry date]. */
  lots: Array<[string, string, string, number | string, number, number, string | null]>;
  materials: MaterialRow[];
  /** [material id, pick lines per day]. */
  picks: Array<[string, number | string]>;
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

export class ReslottingService {
  readonly settings: Pick<PutawaySettings, "reservationTtlMinutes">;

  constructor(settings: Pick<PutawaySettings, "reservationTtlMinutes">) {
    this.settings = settings;
  }

  /** Checks a plan request; throws ClientError (INVALID_INPUT) on the first problem. */
  validatePlan(input: PlanInput): { maxMoves: number; objective: ReslottingObjective } {
    if (typeof input.facilityId !== "string" || !UUID_PATTERN.test(input.facilityId)) {
      throw new ClientError("INVALID_INPUT", `facilityId must be a UUID; got ${String(input.facilityId).slice(0, 40)}`);
    }
    const maxMoves = input.maxMoves ?? DEFAULT_PLAN_MOVES;
    if (!Number.isInteger(maxMoves) || maxMoves < 0 || maxMoves > MAX_PLAN_MOVES) {
      throw new ClientError(
        "INVALID_INPUT",
        `maxMoves must be a whole number from 0 to ${MAX_PLAN_MOVES}; got ${maxMoves}`,
      );
    }
    const objective = input.objective ?? "BALANCED";
    if (!RESLOTTING_OBJECTIVES.includes(objective)) {
      throw new ClientError("INVALID_INPUT", `objective must be one of ${RESLOTTING_OBJECTIVES.join(", ")}`);
    }
    return { maxMoves, objective };
  }

  /** A plan for a facility of the caller's tenant; writes nothing. `maxMoves` Infinity: no limit (the task). */
  async plan(client: QueryClient, claims: Claims | null, input: PlanInput, unlimited = false): Promise<PlanResult> {
    const started = performance.now();
    if (claims === null) {
      throw new ClientError(
        "UNAUTHENTICATED",
        "Re-slotting plans need a bearer token: send Authorization: Bearer <token>",
      );
    }
    const { maxMoves, objective } = this.validatePlan(input);
    const { rows } = await client.query<{ input: InputJson }>({
      text: "select app_hidden.reslotting_input($1) as input",
      values: [input.facilityId],
    });
    const data = rows[0]!.input;
    const built = buildInput(data);
    const plan = planReslotting(built.input, { objective, maxMoves: unlimited ? Infinity : maxMoves });
    return this.#result(input.facilityId, objective, unlimited ? null : maxMoves, data, built, plan, started);
  }

  /**
   * Turns moves into one batch of move tasks, in order (supervisor or admin; the database checks each move).
   * With an idempotency key already used for the same moves, returns that first answer and writes nothing.
   */
  async createTasks(
    client: QueryClient,
    claims: Claims | null,
    input: CreateTasksInput,
    idempotencyKey?: string | null,
  ): Promise<MoveTaskResult[]> {
    if (claims === null) {
      throw new ClientError("UNAUTHENTICATED", "Move tasks need a bearer token: send Authorization: Bearer <token>");
    }
    if (typeof input.facilityId !== "string" || !UUID_PATTERN.test(input.facilityId)) {
      throw new ClientError("INVALID_INPUT", `facilityId must be a UUID; got ${String(input.facilityId).slice(0, 40)}`);
    }
    if (input.moves.length === 0) throw new ClientError("INVALID_INPUT", "moves must hold at least one move");
    if (input.moves.length > MAX_PLAN_MOVES) {
      throw new ClientError("INVALID_INPUT", `At most ${MAX_PLAN_MOVES} moves at once; got ${input.moves.length}`);
    }
    input.moves.forEach((move, i) => {
      for (const field of ["materialId", "fromLocationId", "toLocationId"] as const) {
        if (!UUID_PATTERN.test(move[field])) {
          throw new ClientError(
            "INVALID_INPUT",
            `moves[${i}].${field} must be a UUID; got ${move[field].slice(0, 40)}`,
          );
        }
      }
      if (!Number.isFinite(move.quantity) || move.quantity <= 0 || Number(move.quantity.toFixed(3)) !== move.quantity) {
        throw new ClientError(
          "INVALID_INPUT",
          `moves[${i}].quantity must be more than 0, with at most 3 decimals; got ${move.quantity}`,
        );
      }
      if ([...move.lotNumber].length > 100) {
        throw new ClientError("INVALID_INPUT", `moves[${i}].lotNumber must be at most 100 characters`);
      }
    });
    return this.#idempotent(client, idempotencyKey, "createReslottingTasks", input, async () => {
      const { rows } = await client.query<MoveTaskRow>({
        text: "select * from app_hidden.create_move_tasks($1, $2::json, make_interval(mins => $3))",
        values: [
          input.facilityId,
          JSON.stringify(
            input.moves.map((m) => ({
              material_id: m.materialId,
              lot_number: m.lotNumber,
              quantity: m.quantity,
              from_location_id: m.fromLocationId,
              to_location_id: m.toLocationId,
              reason_code: m.reasonCode ?? null,
            })),
          ),
          this.settings.reservationTtlMinutes,
        ],
      });
      return rows.map(taskResult);
    });
  }

  /** Records a move task's move (any signed-in user of the tenant); the idempotency key as for createTasks. */
  async confirmMove(
    client: QueryClient,
    claims: Claims | null,
    moveTaskId: string,
    idempotencyKey?: string | null,
  ): Promise<MoveTaskResult> {
    if (claims === null) {
      throw new ClientError(
        "UNAUTHENTICATED",
        "Confirming a move needs a bearer token: send Authorization: Bearer <token>",
      );
    }
    if (typeof moveTaskId !== "string" || !UUID_PATTERN.test(moveTaskId)) {
      throw new ClientError("INVALID_INPUT", `moveTaskId must be a UUID; got ${String(moveTaskId).slice(0, 40)}`);
    }
    return this.#idempotent(client, idempotencyKey, "confirmMove", { moveTaskId }, async () => {
      const { rows } = await client.query<MoveTaskRow>({
        text: "select * from app_hidden.confirm_move($1)",
        values: [moveTaskId],
      });
      return taskResult(rows[0]!);
    });
  }

  /** Runs `work` once per idempotency key (when one is given): a repeat gets the first answer (idempotency.ts). */
  async #idempotent<T>(
    client: QueryClient,
    idempotencyKey: string | null | undefined,
    operation: IdempotentOperation,
    request: unknown,
    work: () => Promise<T>,
  ): Promise<T> {
    if (idempotencyKey == null) return work();
    const key = checkIdempotencyKey(idempotencyKey);
    const first = await claimIdempotencyKey<T>(client, key, operation, request);
    if (first !== undefined) return first;
    const result = await work();
    const keep = Math.max(IDEMPOTENCY_KEEP_MINUTES, this.settings.reservationTtlMinutes);
    await recordIdempotencyKey(client, key, operation, request, result, keep);
    return result;
  }

  #result(
    facilityId: string,
    objective: ReslottingObjective,
    maxMoves: number | null,
    data: InputJson,
    built: Built,
    plan: ReslottingPlan,
    started: number,
  ): PlanResult {
    const { layout } = built.input.occupancy;
    const codes = new Map(data.materials.map((m) => [m.id, m.code]));
    return {
      facilityId,
      objective,
      maxMoves,
      moves: plan.moves.map((move, k) => {
        const lot = built.source[move.lot]!;
        return {
          sequence: k + 1,
          materialId: lot.materialId,
          materialCode: codes.get(lot.materialId) ?? lot.materialId,
          lotNumber: lot.lotNumber,
          quantity: lot.quantity,
          fromLocationId: layout.ids[move.from]!,
          fromLocationCode: layout.codes[move.from]!,
          toLocationId: layout.ids[move.to]!,
          toLocationCode: layout.codes[move.to]!,
          cubicFeet: round(cubicFeetOf(built.input.lots[move.lot]!.item.cubic), 4),
          reasonCode: move.reason,
        };
      }),
      summary: {
        moves: plan.moves.length,
        positionsOccupied: plan.positionsOccupied,
        positionsFreed: plan.positionsFreed,
        positionsLowerBound: plan.positionsLowerBound,
        travelPerPickBefore: round(plan.travelPerPickBefore, 1),
        travelPerPickAfter: round(plan.travelPerPickAfter, 1),
        estimatedLaborMinutes: round(plan.estimatedLaborMinutes, 1),
        planningTimeMs: round(performance.now() - started, 1),
      },
    };
  }
}

export interface Built {
  input: Parameters<typeof planReslotting>[0];
  /** Ids of each lot, by the engine's lot index. */
  source: Array<{ materialId: string; lotNumber: string; quantity: number }>;
}

/** The engine's input from the database's: a layout and occupancy of the plan's own, lots, picks. */
export function buildInput(data: InputJson): Built {
  const layout = new Layout(data.layout);
  const occupancy = new Occupancy(layout);
  const materials = new Map(data.materials.map((m) => [m.id, m]));
  const reserved = new Map<number, Array<{ material: number; lot: number }>>();
  for (const [locationId, materialId, lotNumber] of data.reserved) {
    const location = layout.indexById.get(locationId);
    if (location === undefined) continue;
    const material = occupancy.keyOfMaterial(materialId);
    let list = reserved.get(location);
    if (list === undefined) reserved.set(location, (list = []));
    list.push({ material, lot: occupancy.keyOfLot(material, lotNumber) });
  }
  const lots: StockLot[] = [];
  const source: Built["source"] = [];
  const occupants = new Map<number, Array<{ material: number; lot: number; expiryDay: number }>>();
  for (const [locationId, materialId, lotNumber, quantity, cubic, weight, expiry] of data.lots) {
    const location = layout.indexById.get(locationId);
    const master = materials.get(materialId);
    // Stock in locations putaway does not use (inactive, blocked) stays where it is.
    if (location === undefined || master === undefined) continue;
    const material = occupancy.keyOfMaterial(materialId);
    const dims = master.dims.map((d) => (d === null ? null : Number(d)));
    const item: PlanItem = {
      material,
      lot: occupancy.keyOfLot(material, lotNumber),
      quantity: Number(quantity),
      cubic: Number(cubic),
      weight: Number(weight),
      unitDims: dims.every((d) => d !== null)
        ? ((dims as number[]).sort((a, b) => a - b) as [number, number, number])
        : null,
      abc: master.abc === null ? ABC_UNKNOWN : ABC_CLASSES.indexOf(master.abc),
      temperature: TEMPERATURES.indexOf(master.temperature),
      hazmat: master.hazmat,
      expiryDay: epochDay(expiry),
      crossDock: false,
    };
    lots.push({ location, item });
    source.push({ materialId, lotNumber, quantity: Number(quantity) });
    let list = occupants.get(location);
    if (list === undefined) occupants.set(location, (list = []));
    list.push({ material, lot: item.lot, expiryDay: item.expiryDay });
  }
  for (const [locationId, cubic, weight] of data.occupancy) {
    const location = layout.indexById.get(locationId);
    if (location === undefined) continue;
    const held = [
      ...(occupants.get(location) ?? []),
      ...(reserved.get(location) ?? []).map((r) => ({ ...r, expiryDay: Number.NaN })),
    ];
    occupancy.set(location, 1, Number(cubic), Number(weight), held);
  }
  const picksPerDay = new Map<number, number>();
  for (const [materialId, perDay] of data.picks) picksPerDay.set(occupancy.keyOfMaterial(materialId), Number(perDay));
  return { input: { occupancy, lots, picksPerDay, reserved }, source };
}

function taskResult(row: MoveTaskRow): MoveTaskResult {
  return {
    moveTaskId: row.move_task_id,
    batchId: row.batch_id,
    sequence: row.sequence,
    materialId: row.material_id,
    lotNumber: row.lot_number,
    quantity: Number(row.quantity),
    fromLocationId: row.from_location_id,
    toLocationId: row.to_location_id,
    cubicFeet: Number(row.cubic_feet),
    weightLbs: Number(row.weight_lbs),
    reasonCode: row.reason_code,
    status: row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    inventoryTransactionId: row.inventory_transaction_id,
  };
}
