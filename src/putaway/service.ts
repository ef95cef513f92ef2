/**
 * The putaway use cases behind the GraphQL fields: preview a batch, reserve it, confirm a recommendation.
 * It checks the request, loads the facility's snapshot (one query), runs the engine and, for reservations,
 * writes the plan in the request's transaction. Reservations of one facility run in parallel and meet only at
 * the locations they share (reserve_putaway locks their occupancy rows); a plan that another reservation or a
 * stock movement made stale fails on the database's capacity or mixing check and is re-planned from fresh data,
 * alone in the facility (up to four times). The room an item takes is never less than master data says
 * for its quantity (a smaller declared size is refused); the database applies the same rule when it writes.
 * The mutations take an optional idempotency key (see idempotency.ts).
 */
import { randomUUID } from "node:crypto";
import { type Claims, UUID_PATTERN } from "../auth/jwt.ts";
import type { FeatureFlags, PutawaySettings } from "../config.ts";
import {
  ABC_CLASSES,
  ABC_UNKNOWN,
  ALGORITHMS,
  type Algorithm,
  CUBIC_UNITS_PER_CUBIC_FOOT,
  type FactorData,
  type Placement,
  type Plan,
  type PlanItem,
  planBatch,
  QUANTITY_DECIMALS,
  QUANTITY_SCALE,
  type RecommendationStatus,
  type RefusalReason,
  TEMPERATURES,
  WEIGHT_UNITS_PER_POUND,
} from "../engine/index.ts";
import { ClientError } from "../errors.ts";
import { FEATURES, featureRow } from "../ml/features.ts";
import { type LogisticModel, predict } from "../ml/logistic.ts";
import type { QueryClient } from "./client.ts";
import {
  checkIdempotencyKey,
  claimIdempotencyKey,
  IDEMPOTENCY_KEEP_MINUTES,
  recordIdempotencyKey,
} from "./idempotency.ts";
import { type Hold, RoomInFlight } from "./in-flight.ts";
import { epochDay, FacilitySnapshots, type MaterialRow, type Snapshot } from "./snapshot.ts";

export interface PutawayItemInput {
  materialId: string;
  quantity: number;
  lotNumber?: string | null;
  /** Total cubic feet of the quantity; from master data when omitted, never less than master data. */
  cubicFeet?: number | null;
  /** Total weight of the quantity in pounds; from master data when omitted, never less than master data. */
  weightLbs?: number | null;
  expiryDate?: string | null;
}

export interface BatchInput {
  facilityId: string;
  items: PutawayItemInput[];
  algorithm?: Algorithm | null;
  allowSplit?: boolean | null;
}

export interface RecommendationResult {
  recommendationId: string | null;
  itemIndex: number;
  materialId: string;
  quantity: number;
  lotNumber: string | null;
  locationId: string | null;
  locationCode: string | null;
  algorithm: Algorithm;
  confidenceScore: number | null;
  reasonCode: string;
  estimatedUtilization: number | null;
  crossDockCandidate: boolean;
  skuAffinityScore: number | null;
  expiresAt: string | null;
}

export interface BatchResult {
  batchId: string | null;
  recommendations: RecommendationResult[];
  processingSummary: {
    totalItems: number;
    recommendationsGenerated: number;
    processingTimeMs: number;
    cacheHitRate: number;
  };
}

export interface ConfirmInput {
  recommendationId: string;
  actualLocationId?: string | null;
  reasonCode?: string | null;
}

export interface ConfirmResult {
  recommendationId: string;
  /** ACCEPTED, OVERRIDDEN, REJECTED; or REFUSED (no room) or INCOMPATIBLE (the location's rules), recorded. */
  status: ConfirmOutcome;
  actualLocationId: string | null;
  actualLocationCode: string | null;
  inventoryTransactionId: string | null;
  message: string;
  /** Why a confirmation was refused: CAPACITY, TEMPERATURE, HAZMAT, ABC_CLASS, DIMENSIONS or MIXING. */
  refusalReason: RefusalReason | null;
}

/** What app_hidden.confirm_putaway says it did: a decision recorded, or a refusal recorded. */
export type ConfirmOutcome = Exclude<RecommendationStatus, "PENDING" | "EXPIRED"> | "REFUSED" | "INCOMPATIBLE";

const MAX_QUANTITY = 1e9;
const MAX_CUBIC_FEET = 1e7;
const MAX_WEIGHT_LBS = 1e9;
const RETRYABLE = new Set(["CAPAC", "STALE", "40P01", "40001"]);
/** Attempts at a reservation side by side with the facility's others, each from fresh data. */
const SIDE_BY_SIDE_ATTEMPTS = 3;
/** Attempts in all: then up to four alone in the facility. */
const MAX_ATTEMPTS = SIDE_BY_SIDE_ATTEMPTS + 4;

interface Prepared {
  items: PlanItem[];
  /** Input index of each plan item. */
  inputIndex: number[];
  missing: Array<{ index: number; reason: string }>;
}

/** Rounds to a number of decimals, for the values the API reports. */
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/**
 * Capacity units a quantity of a material takes by master data: quantity × unit units, rounded half up to a
 * whole unit, exactly as app_hidden.room_cubic_feet and room_weight_lbs round (quantities have 3 decimals;
 * master data has 4 decimals of cubic feet and 3 of pounds, so unit units are whole).
 */
export function masterRoomUnits(quantity: number, unitUnits: number): number {
  const scale = BigInt(QUANTITY_SCALE);
  return Number((BigInt(Math.round(quantity * QUANTITY_SCALE)) * BigInt(unitUnits) + scale / 2n) / scale);
}

export class PutawayService {
  readonly settings: PutawaySettings;
  readonly features: FeatureFlags;
  readonly snapshots: FacilitySnapshots;
  /** The room of this process's reservations not yet seen committed (see in-flight.ts). */
  readonly #inFlight = new RoomInFlight();

  constructor(settings: PutawaySettings, features: FeatureFlags, snapshots = new FacilitySnapshots()) {
    this.settings = settings;
    this.features = features;
    this.snapshots = snapshots;
  }

  /** Checks a batch request; throws ClientError (INVALID_INPUT) on the first problem. */
  validate(input: BatchInput): void {
    const fail = (message: string) => {
      throw new ClientError("INVALID_INPUT", message);
    };
    if (typeof input.facilityId !== "string" || !UUID_PATTERN.test(input.facilityId)) {
      fail(`facilityId must be a UUID; got ${String(input.facilityId).slice(0, 40)}`);
    }
    if (input.items.length === 0) fail("items must contain at least one item");
    if (input.items.length > this.settings.maxBatchSize) {
      fail(`A batch may contain at most ${this.settings.maxBatchSize} items; this one has ${input.items.length}`);
    }
    if (input.algorithm != null && !(ALGORITHMS as readonly string[]).includes(input.algorithm))
      fail(`Unknown algorithm ${input.algorithm}`);
    input.items.forEach((item, i) => {
      const at = `items[${i}]`;
      if (!Number.isFinite(item.quantity) || item.quantity <= 0 || item.quantity > MAX_QUANTITY) {
        fail(`${at}.quantity must be a number greater than 0 (and at most ${MAX_QUANTITY}); got ${item.quantity}`);
      }
      if (Number(item.quantity.toFixed(QUANTITY_DECIMALS)) !== item.quantity) {
        fail(`${at}.quantity has more than ${QUANTITY_DECIMALS} decimals`);
      }
      if (
        item.cubicFeet != null &&
        (!Number.isFinite(item.cubicFeet) || item.cubicFeet <= 0 || item.cubicFeet > MAX_CUBIC_FEET)
      ) {
        fail(`${at}.cubicFeet must be a number greater than 0 (and at most ${MAX_CUBIC_FEET}); got ${item.cubicFeet}`);
      }
      if (
        item.weightLbs != null &&
        (!Number.isFinite(item.weightLbs) || item.weightLbs < 0 || item.weightLbs > MAX_WEIGHT_LBS)
      ) {
        fail(`${at}.weightLbs must be a number from 0 to ${MAX_WEIGHT_LBS}; got ${item.weightLbs}`);
      }
      if (item.lotNumber != null && (item.lotNumber.trim() === "" || item.lotNumber.length > 100)) {
        fail(`${at}.lotNumber must be 1 to 100 characters when given`);
      }
    });
  }

  /** A batch's recommendations, without writing anything. */
  async preview(client: QueryClient, claims: Claims | null, input: BatchInput): Promise<BatchResult> {
    const started = performance.now();
    const tenantId = this.#tenant(claims);
    this.validate(input);
    const snapshot = await this.#load(client, tenantId, input);
    const { plan, prepared } = this.#plan(snapshot, input);
    return this.#result(snapshot, input, plan, prepared, started, null, new Map());
  }

  /**
   * Plans a batch and writes it as PENDING recommendations that reserve capacity, in one transaction. With an
   * idempotency key already used for the same batch, returns that first answer and writes nothing.
   */
  async reserve(
    client: QueryClient,
    claims: Claims | null,
    input: BatchInput,
    idempotencyKey?: string | null,
  ): Promise<BatchResult> {
    const started = performance.now();
    const tenantId = this.#tenant(claims);
    this.validate(input);
    const key = idempotencyKey == null ? undefined : checkIdempotencyKey(idempotencyKey);
    if (key !== undefined) {
      const first = await claimIdempotencyKey<BatchResult>(client, key, "createBatchPutawayRecommendations", input);
      if (first !== undefined) return first;
    }
    const batchId = randomUUID();
    // Reservations of one facility run side by side (each attempt holds the facility's lock in shared mode) and
    // meet only where they share a location, whose occupancy row reserve_putaway locks. A plan that another
    // reservation overtook fails there (CAPAC, or STALE for mixing) and is made again from fresh data, side by
    // side up to SIDE_BY_SIDE_ATTEMPTS times, then under the facility's lock in exclusive mode, which waits for
    // the reservations in flight and holds new ones back. The shared lock is taken inside the savepoint, so that
    // rolling back to it releases the lock before the exclusive one is asked for (two reservations upgrading at
    // once would deadlock). The facility id is a checked UUID, spelled as PostgreSQL prints it.
    const lockKey = `hashtextextended('putaway:${input.facilityId.toLowerCase()}', 0)`;
    await client.query({ text: `savepoint putaway_plan; select pg_advisory_xact_lock_shared(${lockKey})` });
    let exclusive = false;
    const facilityKey = `${tenantId}:${input.facilityId}`;
    for (let attempt = 1; ; attempt++) {
      let held: Hold | undefined;
      try {
        const snapshot = await this.#load(client, tenantId, input);
        // The room of this process's other reservations in flight is taken out of the view, so that
        // side-by-side reservations choose different locations instead of meeting at the same ones.
        const { occupancy } = snapshot.view;
        const { plan, prepared } = this.#inFlight.plan(facilityKey, occupancy, () => this.#plan(snapshot, input));
        held = this.#inFlight.hold(facilityKey, occupancy, plan.placements);
        const ids = new Map<number, { id: string; expiresAt: string }>();
        if (plan.placements.length > 0) {
          const { layout } = snapshot.view;
          const rows = plan.placements.map((p) => {
            const source = input.items[prepared.inputIndex[p.item]!]!;
            return {
              location_id: layout.ids[p.location],
              material_id: source.materialId,
              quantity: p.quantity,
              lot_number: source.lotNumber?.trim() ?? null,
              cubic_units: p.cubic,
              weight_units: p.weight,
              confidence: p.score,
              reason: p.reason,
              utilization: p.utilization,
              cross_dock: p.crossDock,
              affinity: p.affinity,
              factors: p.factors,
            };
          });
          const elapsed = performance.now() - started;
          const { rows: written } = await client.query<{
            ordinal: number;
            recommendation_id: string;
            expires_at: string;
          }>({
            text: `select ordinal, recommendation_id, expires_at from app_hidden.reserve_putaway($1, $2, $3::json,
                     make_interval(mins => $4), $5, $6)`,
            values: [
              input.facilityId,
              input.algorithm ?? this.features.algorithm,
              JSON.stringify(rows),
              this.settings.reservationTtlMinutes,
              batchId,
              round(elapsed, 3),
            ],
          });
          for (const row of written) {
            ids.set(row.ordinal - 1, {
              id: row.recommendation_id,
              expiresAt: new Date(row.expires_at).toISOString(),
            });
          }
        }
        const result = this.#result(snapshot, input, plan, prepared, started, batchId, ids);
        if (key !== undefined) {
          await recordIdempotencyKey(client, key, "createBatchPutawayRecommendations", input, result, this.#keepKeys());
        }
        return result;
      } catch (error) {
        if (held !== undefined) this.#inFlight.release(facilityKey, held);
        // The savepoint stays: the next attempt starts from it again. Rolling back to it releases the shared
        // lock taken inside it, so a next attempt side by side takes that again.
        const code = (error as { code?: string }).code;
        const again = code !== undefined && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS;
        if (!again || exclusive) {
          await client.query({ text: "rollback to savepoint putaway_plan" });
          if (!again) throw error;
        } else if (attempt < SIDE_BY_SIDE_ATTEMPTS) {
          await client.query({
            text: `rollback to savepoint putaway_plan; select pg_advisory_xact_lock_shared(${lockKey})`,
          });
        } else {
          await client.query({
            text: `rollback to savepoint putaway_plan; release savepoint putaway_plan;
                   select pg_advisory_xact_lock(${lockKey}); savepoint putaway_plan`,
          });
          exclusive = true;
        }
      }
    }
  }

  /**
   * Records the operator's decision; a refusal (no room, or the location's rules) is committed, then reported
   * as an error. With an idempotency key already used for the same decision, returns that first answer.
   */
  async confirm(
    client: QueryClient,
    claims: Claims | null,
    input: ConfirmInput,
    idempotencyKey?: string | null,
  ): Promise<ConfirmResult> {
    this.#tenant(claims);
    const key = idempotencyKey == null ? undefined : checkIdempotencyKey(idempotencyKey);
    if (key !== undefined) {
      const first = await claimIdempotencyKey<ConfirmResult>(client, key, "confirmPutaway", input);
      if (first !== undefined) return first;
    }
    const { rows } = await client.query<{
      recommendation_id: string;
      outcome: ConfirmOutcome;
      status: RecommendationStatus;
      actual_location_id: string | null;
      actual_location_code: string | null;
      inventory_transaction_id: string | null;
      message: string;
      refusal_reason: RefusalReason | null;
    }>({
      text: "select * from app_hidden.confirm_putaway($1, $2, $3)",
      values: [input.recommendationId, input.actualLocationId ?? null, input.reasonCode ?? null],
    });
    const row = rows[0]!;
    const result: ConfirmResult = {
      recommendationId: row.recommendation_id,
      status: row.outcome,
      actualLocationId: row.actual_location_id,
      actualLocationCode: row.actual_location_code,
      inventoryTransactionId: row.inventory_transaction_id,
      message: row.message,
      refusalReason: row.refusal_reason,
    };
    if (key !== undefined) await recordIdempotencyKey(client, key, "confirmPutaway", input, result, this.#keepKeys());
    return result;
  }

  /** Minutes an idempotency key is kept: a day, or as long as a reservation lasts when that is longer. */
  #keepKeys(): number {
    return Math.max(IDEMPOTENCY_KEEP_MINUTES, this.settings.reservationTtlMinutes);
  }

  #tenant(claims: Claims | null): string {
    if (claims === null)
      throw new ClientError(
        "UNAUTHENTICATED",
        "Putaway recommendations need a bearer token: send Authorization: Bearer <token>",
      );
    return claims.tenantId;
  }

  async #load(client: QueryClient, tenantId: string, input: BatchInput): Promise<Snapshot> {
    const materialIds = [...new Set(input.items.map((item) => item.materialId))];
    const snapshot = await this.snapshots.load(
      client,
      tenantId,
      input.facilityId,
      materialIds,
      this.settings.crossDockHorizonHours,
    );
    const unknown = materialIds.filter((id) => !snapshot.materials.has(id));
    if (unknown.length > 0) {
      throw new ClientError(
        "INVALID_REFERENCE",
        `Unknown material${unknown.length > 1 ? "s" : ""} in this tenant: ${unknown.join(", ")}`,
      );
    }
    return snapshot;
  }

  #plan(snapshot: Snapshot, input: BatchInput): { plan: Plan; prepared: Prepared } {
    const prepared = this.#prepare(snapshot, input);
    const plan = planBatch(snapshot.view.occupancy, prepared.items, {
      algorithm: input.algorithm ?? this.features.algorithm,
      allowSplit: input.allowSplit ?? false,
      flags: { skuAffinity: this.features.skuAffinity, congestionAvoidance: this.features.congestionAvoidance },
      data: this.#factorData(snapshot),
    });
    const model = this.#model(snapshot);
    if (model !== undefined) {
      const algorithm = input.algorithm ?? this.features.algorithm;
      for (const placement of plan.placements) placement.score = this.#probability(model, placement, algorithm);
    }
    return { plan, prepared };
  }

  /** Affinity and congestion in the engine's terms; absent parts switch their factor off. */
  #factorData(snapshot: Snapshot): FactorData {
    const { occupancy, layout } = snapshot.view;
    const data: FactorData = {};
    if (snapshot.factors.affinity.length > 0) {
      const affinity = new Map<number, Array<readonly [number, number]>>();
      for (const [material, partner, score] of snapshot.factors.affinity) {
        const key = occupancy.keyOfMaterial(material);
        let list = affinity.get(key);
        if (list === undefined) affinity.set(key, (list = []));
        list.push([occupancy.keyOfMaterial(partner), Number(score)]);
      }
      data.affinity = affinity;
    }
    if (snapshot.factors.congestionFresh) {
      const byAisle = snapshot.factors.congestion ?? {};
      data.congestion = Float64Array.from(layout.aisleNames, (aisle) => Number(byAisle[aisle] ?? 0));
    }
    return data;
  }

  /** The tenant's active confidence model, when ML_MODEL_ENABLED and one exists with today's features. */
  #model(snapshot: Snapshot): LogisticModel | undefined {
    const weights = snapshot.factors.model?.weights as Partial<LogisticModel> | undefined;
    if (!this.features.mlModel || weights === undefined || !Array.isArray(weights.features)) return undefined;
    return weights.features.join() === FEATURES.join() ? (weights as LogisticModel) : undefined;
  }

  #probability(model: LogisticModel, placement: Placement, algorithm: Algorithm): number {
    return predict(
      model,
      featureRow({
        factors: placement.factors,
        algorithm,
        crossDock: placement.crossDock,
        estimatedUtilization: placement.utilization,
      }),
    );
  }

  #prepare(snapshot: Snapshot, input: BatchInput): Prepared {
    const { occupancy } = snapshot.view;
    const prepared: Prepared = { items: [], inputIndex: [], missing: [] };
    // ENHANCED aims a material by its slot share (adaptive slotting, app_private.material_slotting); without
    // one (NaN), and with the other algorithms, by its ABC class.
    const slotShares =
      (input.algorithm ?? this.features.algorithm) === "ENHANCED" ? (snapshot.factors.slotShares ?? {}) : undefined;
    input.items.forEach((item, index) => {
      const material = snapshot.materials.get(item.materialId) as MaterialRow;
      const cubic = this.#room(index, "cubicFeet", item, material, material.unitCubicFeet, CUBIC_UNITS_PER_CUBIC_FOOT);
      const weight = this.#room(index, "weightLbs", item, material, material.unitWeightLbs, WEIGHT_UNITS_PER_POUND);
      if (cubic === null || weight === null) {
        prepared.missing.push({ index, reason: "MISSING_MASTER_DATA" });
        return;
      }
      const dims = material.dims.map((d) => (d === null ? null : Number(d)));
      const materialKey = occupancy.keyOfMaterial(item.materialId);
      prepared.inputIndex.push(index);
      prepared.items.push({
        material: materialKey,
        lot: occupancy.keyOfLot(materialKey, item.lotNumber?.trim() ?? null),
        quantity: item.quantity,
        cubic,
        weight,
        unitDims: dims.every((d) => d !== null)
          ? ((dims as number[]).sort((a, b) => a - b) as [number, number, number])
          : null,
        abc: material.abc === null ? ABC_UNKNOWN : ABC_CLASSES.indexOf(material.abc),
        temperature: TEMPERATURES.indexOf(material.temperature),
        hazmat: material.hazmat,
        expiryDay: epochDay(item.expiryDate),
        crossDock: this.features.crossDock && snapshot.demand.has(item.materialId),
        slotShare: slotShares === undefined ? Number.NaN : Number(slotShares[item.materialId] ?? Number.NaN),
      });
    });
    return prepared;
  }

  /**
   * The room (in capacity units) an item takes, by one measure: the declared total when given, which may not
   * be less than master data says for the quantity (INVALID_INPUT), else master data's; null with neither.
   */
  #room(
    index: number,
    field: "cubicFeet" | "weightLbs",
    item: PutawayItemInput,
    material: MaterialRow,
    unit: string | number | null,
    /** Units per cubic foot or per pound. */
    units: number,
  ): number | null {
    const master = unit === null ? null : masterRoomUnits(item.quantity, Math.round(Number(unit) * units));
    const declared = item[field];
    if (declared == null) return master;
    const declaredUnits = Math.round(declared * units);
    if (master !== null && declaredUnits < master) {
      const what = field === "cubicFeet" ? "cubic feet" : "lb";
      throw new ClientError(
        "INVALID_INPUT",
        `items[${index}].${field} is ${declared} ${what}, less than master data says ${item.quantity} units of ` +
          `${material.code} take (${master / units} ${what}); send the measured total, or omit it to use master data`,
      );
    }
    return declaredUnits;
  }

  #result(
    snapshot: Snapshot,
    input: BatchInput,
    plan: Plan,
    prepared: Prepared,
    started: number,
    batchId: string | null,
    ids: Map<number, { id: string; expiresAt: string }>,
  ): BatchResult {
    const { layout } = snapshot.view;
    const algorithm = input.algorithm ?? this.features.algorithm;
    const entries: RecommendationResult[] = [];
    const base = (index: number) => {
      const source = input.items[index]!;
      return {
        itemIndex: index,
        materialId: source.materialId,
        lotNumber: source.lotNumber?.trim() ?? null,
        algorithm,
        crossDockCandidate: this.features.crossDock && snapshot.demand.has(source.materialId),
      };
    };
    plan.placements.forEach((p, n) => {
      const written = ids.get(n);
      entries.push({
        ...base(prepared.inputIndex[p.item]!),
        recommendationId: written?.id ?? null,
        quantity: p.quantity,
        locationId: layout.ids[p.location]!,
        locationCode: layout.codes[p.location]!,
        confidenceScore: round(p.score, 3),
        reasonCode: p.reason,
        estimatedUtilization: round(p.utilization, 4),
        skuAffinityScore: p.affinity === null ? null : round(p.affinity, 3),
        expiresAt: written?.expiresAt ?? null,
      });
    });
    const unplaced = [
      ...plan.unplaced.map((u) => ({
        index: prepared.inputIndex[u.item]!,
        quantity: u.quantity,
        reason: u.reason as string,
      })),
      ...prepared.missing.map((m) => ({ index: m.index, quantity: input.items[m.index]!.quantity, reason: m.reason })),
    ];
    for (const u of unplaced) {
      entries.push({
        ...base(u.index),
        recommendationId: null,
        quantity: u.quantity,
        locationId: null,
        locationCode: null,
        confidenceScore: null,
        reasonCode: u.reason,
        estimatedUtilization: null,
        skuAffinityScore: null,
        expiresAt: null,
      });
    }
    entries.sort(
      (a, b) => a.itemIndex - b.itemIndex || (a.locationId === null ? 1 : 0) - (b.locationId === null ? 1 : 0),
    );
    return {
      batchId,
      recommendations: entries,
      processingSummary: {
        totalItems: input.items.length,
        recommendationsGenerated: plan.placements.length,
        processingTimeMs: round(performance.now() - started, 3),
        cacheHitRate: round(snapshot.cacheHitRate, 4),
      },
    };
  }
}
