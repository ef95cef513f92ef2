/**
 * Re-slotting through GraphQL against a real server and database: plans write nothing and follow the stock;
 * createReslottingTasks reserves each target's room in order (WAITING where an earlier move makes the room),
 * refuses a batch whole at its first bad move; confirmMove records the move and opens the tasks it makes
 * possible; tasks expire like putaway reservations; tenants see only their own; the weekly task stores plans
 * and the metrics read them.
 */
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { claimSettings } from "../src/auth/jwt.ts";
import { ReslottingService } from "../src/reslotting/service.ts";
import { seedDemo } from "../src/seed/demo.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";
import { runTask } from "./support/tasks.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { RESERVATION_TTL_MINUTES: "20" } });

const ids: Record<string, string> = {};

/*
 * Tenant `rs`, facility DC1, zone RSV: locations L1..L6 on one aisle, 10 cubic feet each, L1 nearest the dock
 * (x 10 ft) to L6 farthest (x 60 ft), and SPARE (x 100 ft, empty). Materials of 1 cubic foot a unit: FAST
 * (picked 60 times in the last 30 days), SLOW (picked once), and P, Q, R (never). Stock: L1 9 SLOW (nearly
 * full), L2 2 P, L3 3 Q, L4 2 R, L6 6 FAST. Tenant `other` has its own facility.
 */
async function createFixture(): Promise<void> {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid; z uuid; m uuid;
    begin
      insert into app_public.tenants (code, name) values ('rs', 'Re-slotting') returning tenant_id into t;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'DC1', 'DC') returning facility_id into f;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'RSV', 'Reserve', 'RESERVE') returning zone_id into z;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        select t, f, z, 'L' || i, 'A1', 10 * i, i, 30, 30, 30, 10, 1000 from generate_series(1, 6) i;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        values (t, f, z, 'SPARE', 'A1', 100, 99, 30, 30, 30, 10, 1000);
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs)
        select t, code, 12, 12, 12, 1, 10 from unnest(array['FAST', 'SLOW', 'P', 'Q', 'R']) code;
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
        select t, f, 'RECEIPT', m.material_id, 'LOT-' || m.code, l.location_id, s.quantity
          from (values ('SLOW', 'L1', 9), ('P', 'L2', 2), ('Q', 'L3', 3), ('R', 'L4', 2), ('FAST', 'L6', 6)) s(material, location, quantity)
          join app_public.materials m on m.tenant_id = t and m.code = s.material
          join app_public.locations l on l.tenant_id = t and l.code = s.location;
      -- Picks of the last 30 days: FAST 60 lines (each put back by a count), SLOW 1.
      select material_id into m from app_public.materials where tenant_id = t and code = 'FAST';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, kind, m, 'LOT-FAST', l.location_id, case kind when 'PICK' then -1 else 1 end,
               now() - make_interval(days => i % 29 + 1)
          from app_public.locations l, generate_series(1, 60) i, unnest(array['ADJUSTMENT', 'PICK']::app_public.transaction_type[]) kind
         where l.tenant_id = t and l.code = 'L6';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, kind, mm.material_id, 'LOT-SLOW', l.location_id, case kind when 'PICK' then -1 else 1 end, now() - interval '3 days'
          from app_public.locations l join app_public.materials mm on mm.tenant_id = t and mm.code = 'SLOW',
               unnest(array['PICK', 'ADJUSTMENT']::app_public.transaction_type[]) kind
         where l.tenant_id = t and l.code = 'L1';
      perform tests.create_tenant_fixture('other');
    end $$`);
  const { rows } = await db.admin.query(`
    select 'tenant' as k, tenant_id as id from app_public.tenants where code = 'rs'
    union all select 'facility', facility_id from app_public.facilities f join app_public.tenants t using (tenant_id) where t.code = 'rs'
    union all select 'other-facility', facility_id from app_public.facilities f join app_public.tenants t using (tenant_id) where t.code = 'other'
    union all select 'location:' || l.code, location_id from app_public.locations l join app_public.tenants t using (tenant_id) where t.code = 'rs'
    union all select 'material:' || m.code, material_id from app_public.materials m join app_public.tenants t using (tenant_id) where t.code = 'rs'`);
  for (const row of rows) ids[row.k] = row.id;
}

beforeAll(createFixture);

// Every test starts from the fixture's stock: open tasks are cancelled, recorded moves moved back, tasks deleted.
beforeEach(async () => {
  await db.admin.query(`
    do $$
    declare t uuid := (select tenant_id from app_public.tenants where code = 'rs');
    begin
      update app_public.move_tasks set status = 'CANCELLED' where tenant_id = t and status in ('OPEN', 'WAITING');
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                     from_location_id, location_id, quantity, reference)
        select x.tenant_id, x.facility_id, 'MOVE', x.material_id, x.lot_number, x.location_id, x.from_location_id,
               x.quantity, 'undone'
          from app_public.inventory_transactions x
         where x.tenant_id = t and x.transaction_type = 'MOVE' and x.reference like 'move-task:%'
         order by x.transaction_id desc;
      update app_public.move_tasks set inventory_transaction_id = null where tenant_id = t;
      update app_public.inventory_transactions set reference = 'moved back'
       where tenant_id = t and transaction_type = 'MOVE' and reference like 'move-task:%';
      delete from app_public.move_tasks where tenant_id = t;
    end $$`);
});

interface MoveOut {
  sequence: number;
  materialId: string;
  materialCode: string;
  lotNumber: string;
  quantity: number;
  fromLocationId: string;
  fromLocationCode: string;
  toLocationId: string;
  toLocationCode: string;
  reasonCode: string;
}
interface PlanOut {
  moves: MoveOut[];
  summary: {
    moves: number;
    positionsOccupied: number;
    positionsFreed: number;
    positionsLowerBound: number;
    travelPerPickBefore: number;
    travelPerPickAfter: number;
    estimatedLaborMinutes: number;
  };
}
interface TaskOut {
  moveTaskId: string;
  sequence: number;
  status: string;
  toLocationId: string;
  inventoryTransactionId: string | null;
}

const PLAN = `query($input: GetReslottingPlanInput!) { getReslottingPlan(input: $input) {
  moves { sequence materialId materialCode lotNumber quantity fromLocationId fromLocationCode toLocationId toLocationCode reasonCode }
  summary { moves positionsOccupied positionsFreed positionsLowerBound travelPerPickBefore travelPerPickAfter estimatedLaborMinutes } } }`;
const CREATE = `mutation($input: CreateReslottingTasksInput!) { createReslottingTasks(input: $input) {
  batchId tasks { moveTaskId sequence status toLocationId inventoryTransactionId } } }`;
const CONFIRM = `mutation($id: UUID!) { confirmMove(input: { moveTaskId: $id }) {
  task { moveTaskId sequence status toLocationId inventoryTransactionId } } }`;

async function plan(input: Record<string, unknown>, token?: string) {
  return api.graphql<{ getReslottingPlan: PlanOut }>(
    PLAN,
    { input: { facilityId: ids.facility, ...input } },
    token ?? (await api.token("rs")),
  );
}

const asMoves = (moves: MoveOut[]) =>
  moves.map(({ materialId, lotNumber, quantity, fromLocationId, toLocationId, reasonCode }) => ({
    materialId,
    lotNumber,
    quantity,
    fromLocationId,
    toLocationId,
    reasonCode,
  }));

async function create(moves: Array<Record<string, unknown>>, role: "supervisor" | "operator" = "supervisor") {
  return api.graphql<{ createReslottingTasks: { batchId: string; tasks: TaskOut[] } }>(
    CREATE,
    { input: { facilityId: ids.facility, moves } },
    await api.token("rs", role),
  );
}

async function confirmMove(id: string, tenant = "rs") {
  return api.graphql<{ confirmMove: { task: TaskOut } }>(CONFIRM, { id }, await api.token(tenant));
}

const move = (material: string, quantity: number, from: string, to: string, reasonCode = "MANUAL") => ({
  materialId: ids[`material:${material}`],
  lotNumber: `LOT-${material}`,
  quantity,
  fromLocationId: ids[`location:${from}`],
  toLocationId: ids[`location:${to}`],
  reasonCode,
});

const scalar = async (sql: string, params: unknown[] = []) => (await db.admin.query(sql, params)).rows[0]?.value;
const reserved = (location: string) =>
  scalar("select cubic_feet_reserved::float as value from app_private.location_occupancy where location_id = $1", [
    ids[`location:${location}`],
  ]);
const onHand = (material: string, location: string) =>
  scalar(
    `select coalesce(sum(quantity_on_hand), 0)::float as value from app_public.lots
      where material_id = $1 and location_id = $2`,
    [ids[`material:${material}`], ids[`location:${location}`]],
  );

describe("getReslottingPlan", () => {
  test("CONSOLIDATE empties the emptiest positions into others, down to the lower bound, and writes nothing", async () => {
    const before = await scalar("select count(*)::int as value from app_public.inventory_transactions");
    const result = await plan({ objective: "CONSOLIDATE", maxMoves: 100 });
    expect(result.errors).toBeUndefined();
    const { moves, summary } = result.data!.getReslottingPlan;
    // 9 + 2 + 3 + 2 + 6 = 22 cubic feet in 10-foot positions: 3 at least, 5 occupied.
    expect(summary).toMatchObject({
      positionsOccupied: 5,
      positionsLowerBound: 3,
      positionsFreed: 2,
      moves: moves.length,
    });
    expect(moves.every((m) => m.reasonCode === "CONSOLIDATE")).toBe(true);
    expect(moves.map((m) => m.sequence)).toEqual(moves.map((_, i) => i + 1));
    expect(moves[0]).toMatchObject({ materialCode: expect.any(String), fromLocationCode: expect.stringMatching(/^L/) });
    expect(summary.estimatedLaborMinutes).toBeGreaterThan(2 * moves.length - 1e-9);
    expect(await scalar("select count(*)::int as value from app_public.inventory_transactions")).toBe(before);
    expect(
      await scalar("select count(*)::int as value from app_public.move_tasks where tenant_id = $1", [ids.tenant]),
    ).toBe(0);
  });

  test("TRAVEL brings the fast mover nearer the dock, making room where it must; maxMoves 0 plans nothing", async () => {
    const { data, errors } = await plan({ objective: "TRAVEL", maxMoves: 5 });
    expect(errors).toBeUndefined();
    const { moves, summary } = data!.getReslottingPlan;
    const fast = moves.find((m) => m.materialCode === "FAST")!;
    expect(fast.reasonCode).toBe("TRAVEL");
    expect(fast.fromLocationCode).toBe("L6");
    expect(["L1", "L2", "L3", "L4", "L5"]).toContain(fast.toLocationCode);
    expect(summary.travelPerPickAfter).toBeLessThan(summary.travelPerPickBefore);
    const none = await plan({ objective: "BALANCED", maxMoves: 0 });
    expect(none.data!.getReslottingPlan.moves).toEqual([]);
    expect(none.data!.getReslottingPlan.summary.travelPerPickAfter).toBe(summary.travelPerPickBefore);
  });

  test("bad input gets a coded error", async () => {
    const negative = await plan({ maxMoves: -1 });
    expect(negative.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(negative.errors?.[0]?.message).toMatch(/maxMoves must be a whole number from 0 to 1000/);
    const huge = await plan({ maxMoves: 1_001 });
    expect(huge.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    const elsewhere = await plan({ facilityId: ids["other-facility"] });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const anonymous = await api.graphql(PLAN, { input: { facilityId: ids.facility } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const objective = await plan({ objective: "FASTEST" });
    expect(objective.errors?.[0]?.message).toMatch(/ReslottingObjective/);
  });
});

describe("createReslottingTasks and confirmMove", () => {
  test("a plan's moves become OPEN tasks that reserve their targets' room; confirming records each move", async () => {
    const { moves } = (await plan({ objective: "CONSOLIDATE", maxMoves: 100 })).data!.getReslottingPlan;
    const created = await create(asMoves(moves));
    expect(created.errors).toBeUndefined();
    const { tasks, batchId } = created.data!.createReslottingTasks;
    expect(batchId).toEqual(expect.any(String));
    expect(tasks.map((t) => [t.sequence, t.status])).toEqual(moves.map((m) => [m.sequence, "OPEN"]));
    const target = moves[0]!.toLocationCode;
    const incoming = moves.filter((m) => m.toLocationCode === target).reduce((sum, m) => sum + m.quantity, 0);
    expect(await reserved(target)).toBeCloseTo(incoming, 6);
    for (const [k, task] of tasks.entries()) {
      const done = await confirmMove(task.moveTaskId);
      expect(done.errors).toBeUndefined();
      expect(done.data!.confirmMove.task).toMatchObject({ status: "DONE", inventoryTransactionId: expect.any(String) });
      const m = moves[k]!;
      expect(await onHand(m.materialCode, m.fromLocationCode)).toBe(0);
      expect(await onHand(m.materialCode, m.toLocationCode)).toBeGreaterThanOrEqual(m.quantity);
    }
    expect(await reserved(target)).toBe(0);
    const occupied = await scalar(
      `select count(distinct location_id)::int as value from app_public.lots where tenant_id = $1 and quantity_on_hand > 0`,
      [ids.tenant],
    );
    expect(occupied).toBe(3);
    const again = await confirmMove(tasks[0]!.moveTaskId);
    expect(again.errors?.[0]?.extensions?.code).toBe("ALREADY_DECIDED");
  });

  test("a move into room an earlier move makes WAITS, and opens when that move is confirmed", async () => {
    // L1 holds 9 of SLOW: FAST's 6 only fit once SLOW has gone to SPARE.
    const created = await create([move("SLOW", 9, "L1", "SPARE", "MAKE_ROOM"), move("FAST", 6, "L6", "L1", "TRAVEL")]);
    expect(created.errors).toBeUndefined();
    const [first, second] = created.data!.createReslottingTasks.tasks;
    expect([first!.status, second!.status]).toEqual(["OPEN", "WAITING"]);
    expect(await reserved("L1")).toBe(0);
    const early = await confirmMove(second!.moveTaskId);
    expect(early.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(early.errors?.[0]?.message).toMatch(/move 1 first/);
    expect((await confirmMove(first!.moveTaskId)).errors).toBeUndefined();
    expect(
      await scalar("select status::text as value from app_public.move_tasks where move_task_id = $1", [
        second!.moveTaskId,
      ]),
    ).toBe("OPEN");
    expect(await reserved("L1")).toBe(6);
    expect((await confirmMove(second!.moveTaskId)).errors).toBeUndefined();
    expect(await onHand("FAST", "L1")).toBe(6);
    expect(await onHand("SLOW", "SPARE")).toBe(9);
  });

  test("the first move that cannot run refuses the whole batch, with its code", async () => {
    const cases: Array<[Array<Record<string, unknown>>, string, RegExp]> = [
      [[move("P", 2, "L2", "L3"), move("Q", 4, "L3", "L4")], "INSUFFICIENT_STOCK", /Move 2: location L3 holds 3/],
      [[move("P", 2, "L2", "L5"), move("SLOW", 9, "L1", "L5")], "CAPACITY_EXCEEDED", /Move 2: location L5 has no room/],
      [[move("P", 2, "L2", "L2")], "INVALID_INPUT", /same location/],
      [[{ ...move("P", 2, "L2", "L3"), reasonCode: "WHIM" }], "INVALID_INPUT", /reasonCode must be/],
      [[{ ...move("P", 2, "L2", "L3"), quantity: 0.0001 }], "INVALID_INPUT", /at most 3 decimals/],
      [
        [{ ...move("P", 2, "L2", "L3"), toLocationId: "00000000-0000-4000-8000-000000000009" }],
        "NOT_FOUND",
        /no location/,
      ],
    ];
    for (const [moves, code, message] of cases) {
      const result = await create(moves);
      expect(result.errors?.[0]?.extensions?.code, String(message)).toBe(code);
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    expect(
      await scalar("select count(*)::int as value from app_public.move_tasks where tenant_id = $1", [ids.tenant]),
    ).toBe(0);
    expect(await reserved("L5")).toBe(0);
    const empty = await create([]);
    expect(empty.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
  });

  test("an idempotency key makes a retried createReslottingTasks or confirmMove answer the first time again", async () => {
    const token = await api.token("rs", "supervisor");
    const moves = [move("P", 2, "L2", "L3")];
    const send = (key: string, input = moves) =>
      api.graphql<{ createReslottingTasks: { batchId: string; tasks: TaskOut[] } }>(
        `mutation($input: CreateReslottingTasksInput!, $key: String) { createReslottingTasks(input: $input, idempotencyKey: $key) {
          batchId tasks { moveTaskId sequence status toLocationId inventoryTransactionId } } }`,
        { input: { facilityId: ids.facility, moves: input }, key },
        token,
      );
    const first = await send("rs-batch-1");
    const again = await send("rs-batch-1");
    expect(again.data).toEqual(first.data);
    expect(await reserved("L3")).toBe(2);
    const reused = await send("rs-batch-1", [move("Q", 3, "L3", "L4")]);
    expect(reused.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const task = first.data!.createReslottingTasks.tasks[0]!.moveTaskId;
    const confirm = () =>
      api.graphql<{ confirmMove: { task: TaskOut } }>(
        `mutation($id: UUID!) { confirmMove(input: { moveTaskId: $id }, idempotencyKey: "rs-confirm-1") {
          task { moveTaskId status inventoryTransactionId } } }`,
        { id: task },
        token,
      );
    const done = await confirm();
    expect(done.data!.confirmMove.task.status).toBe("DONE");
    expect(await confirm()).toEqual(done);
    expect(await onHand("P", "L3")).toBe(2);
  });

  test("operators confirm moves but do not create them; other tenants see none of them", async () => {
    const denied = await create([move("P", 2, "L2", "L3")], "operator");
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const { tasks } = (await create([move("P", 2, "L2", "L3")])).data!.createReslottingTasks;
    const foreign = await confirmMove(tasks[0]!.moveTaskId, "other");
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const visible = async (tenant: string) => {
      const { data } = await api.graphql<{ allMoveTasks: { nodes: Array<{ moveTaskId: string }> } }>(
        "{ allMoveTasks { nodes { moveTaskId } } }",
        {},
        await api.token(tenant),
      );
      return data!.allMoveTasks.nodes.map((n) => n.moveTaskId);
    };
    expect(await visible("other")).not.toContain(tasks[0]!.moveTaskId);
    expect(await visible("rs")).toContain(tasks[0]!.moveTaskId);
  });

  test("a task's reservation counts against putaway, and tasks expire like putaway reservations", async () => {
    const { tasks } = (await create([move("SLOW", 9, "L1", "L5")])).data!.createReslottingTasks;
    expect(await reserved("L5")).toBe(9);
    // A putaway of 2 cubic feet no longer fits L5 (1 foot left): the engine sends it elsewhere.
    const token = await api.token("rs");
    const preview = await api.graphql<{
      getBatchPutawayRecommendations: { recommendations: Array<{ locationCode: string }> };
    }>(
      `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { recommendations { locationCode } } }`,
      {
        input: { facilityId: ids.facility, algorithm: "BFD", items: [{ materialId: ids["material:P"], quantity: 2 }] },
      },
      token,
    );
    expect(preview.data!.getBatchPutawayRecommendations.recommendations[0]!.locationCode).not.toBe("L5");
    await db.admin.query(
      "update app_public.move_tasks set expires_at = now() - interval '1 second' where move_task_id = $1",
      [tasks[0]!.moveTaskId],
    );
    const expired = runTask(db, "expire_putaway_recommendations");
    expect(expired.status, expired.stderr).toBe(0);
    expect(
      await scalar("select status::text as value from app_public.move_tasks where move_task_id = $1", [
        tasks[0]!.moveTaskId,
      ]),
    ).toBe("EXPIRED");
    expect(await reserved("L5")).toBe(0);
    const late = await confirmMove(tasks[0]!.moveTaskId);
    expect(late.errors?.[0]?.extensions?.code).toBe("ALREADY_DECIDED");
  });
});

describe("a batch is judged as it would run, move after move", () => {
  /*
   * Facility DC2 of tenant rs, 10-cubic-foot locations: A (any mix) holds 5 FAST, S (single material) 5 SLOW,
   * T (any) 9 R, U1 6 P, U2 6 Q, U3 2 P of lot DECL whose units take 3 cubic feet each (master data says 1); V (any)
   * and W (single material) are empty.
   */
  const dc2: Record<string, string> = {};
  beforeAll(async () => {
    await db.admin.query(`
      do $$
      declare t uuid := (select tenant_id from app_public.tenants where code = 'rs'); f uuid; z uuid;
      begin
        insert into app_public.facilities (tenant_id, code, name) values (t, 'DC2', 'Second') returning facility_id into f;
        insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'Z2', 'Reserve', 'RESERVE') returning zone_id into z;
        insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, mixing_rule)
          select t, f, z, c, 'B1', 10 * i, i, 30, 30, 30, 10, 1000, m::app_public.mixing_rule
            from unnest(array['A', 'S', 'T', 'U1', 'U2', 'U3', 'V', 'W'], array['ANY', 'SINGLE_MATERIAL', 'ANY', 'ANY', 'ANY', 'ANY', 'ANY', 'SINGLE_MATERIAL'])
                 with ordinality as x(c, m, i);
        insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, unit_cubic_feet)
          select t, f, 'RECEIPT', m.material_id, s.lot, l.location_id, s.quantity, s.unit
            from (values ('FAST', 'LOT-FAST', 'A', 5, null), ('SLOW', 'LOT-SLOW', 'S', 5, null), ('R', 'LOT-R', 'T', 9, null),
                         ('P', 'LOT-P', 'U1', 6, null), ('Q', 'LOT-Q', 'U2', 6, null), ('P', 'DECL', 'U3', 2, 3))
                   s(material, lot, location, quantity, unit)
            join app_public.materials m on m.tenant_id = t and m.code = s.material
            join app_public.locations l on l.tenant_id = t and l.facility_id = f and l.code = s.location;
      end $$`);
    const { rows } = await db.admin.query(
      `select 'location:' || l.code as k, l.location_id as id from app_public.locations l
         join app_public.facilities f using (tenant_id, facility_id) where f.code = 'DC2'
       union all select 'facility', facility_id from app_public.facilities where code = 'DC2'`,
    );
    for (const row of rows) dc2[row.k] = row.id;
  });
  const step = (material: string, quantity: number, from: string, to: string, lotNumber = `LOT-${material}`) => ({
    materialId: ids[`material:${material}`],
    lotNumber,
    quantity,
    fromLocationId: dc2[`location:${from}`],
    toLocationId: dc2[`location:${to}`],
  });
  const createIn = async (moves: Array<Record<string, unknown>>) =>
    api.graphql<{ createReslottingTasks: { batchId: string; tasks: Array<TaskOut & { cubicFeet: number }> } }>(
      `mutation($input: CreateReslottingTasksInput!) { createReslottingTasks(input: $input) {
        batchId tasks { moveTaskId sequence status toLocationId inventoryTransactionId cubicFeet } } }`,
      { input: { facilityId: dc2.facility, moves } },
      await api.token("rs", "supervisor"),
    );

  test("a move into a single-material location that an earlier move empties WAITS for it", async () => {
    const result = await createIn([step("SLOW", 5, "S", "V"), step("FAST", 5, "A", "S")]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.createReslottingTasks.tasks.map((t) => t.status)).toEqual(["OPEN", "WAITING"]);
  });

  test("mixing counts what earlier waiting moves will bring", async () => {
    const result = await createIn([step("P", 6, "U1", "V"), step("P", 6, "V", "W"), step("Q", 6, "U2", "W")]);
    expect(result.errors?.[0]?.extensions?.code).toBe("INCOMPATIBLE_LOCATION");
    expect(result.errors?.[0]?.message).toMatch(/^Move 3: location W holds one material at a time/);
  });

  test("two waiting moves do not count the same freed room", async () => {
    const result = await createIn([step("R", 9, "T", "V"), step("P", 6, "U1", "T"), step("Q", 6, "U2", "T")]);
    expect(result.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    expect(result.errors?.[0]?.message).toMatch(/^Move 3: location T has no room for it when it runs/);
  });

  test("stock a live task of another batch takes is not there for a second batch", async () => {
    expect((await createIn([step("P", 6, "U1", "V")])).errors).toBeUndefined();
    const second = await createIn([step("P", 1, "U1", "W")]);
    expect(second.errors?.[0]?.extensions?.code).toBe("INSUFFICIENT_STOCK");
    const { data } = await plan({ facilityId: dc2.facility, objective: "CONSOLIDATE" });
    expect(data!.getReslottingPlan.moves.some((m) => m.fromLocationCode === "U1" && m.lotNumber === "LOT-P")).toBe(
      false,
    );
  });

  test("a chained move reserves the room its lot's units take, not master data's", async () => {
    const result = await createIn([step("P", 2, "U3", "V", "DECL"), step("P", 2, "V", "W", "DECL")]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.createReslottingTasks.tasks.map((t) => [t.status, t.cubicFeet])).toEqual([
      ["OPEN", 6],
      ["WAITING", 6],
    ]);
  });
});

describe("the demo facility", () => {
  test("CONSOLIDATE with no move limit ends within 10 % of the lower bound on the positions its stock needs", async () => {
    const client = await db.admin.connect();
    try {
      const summary = (await seedDemo(client))!;
      const claims = {
        tenantId: summary.tenantId,
        userId: "00000000-0000-0000-0000-000000000000",
        role: "admin" as const,
      };
      await client.query("begin read only");
      await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
        JSON.stringify(claimSettings(claims)),
      ]);
      const service = new ReslottingService({ reservationTtlMinutes: 30 });
      const plan = await service.plan(
        client,
        claims,
        { facilityId: summary.facilityId, objective: "CONSOLIDATE" },
        true,
      );
      await client.query("rollback");
      const after = plan.summary.positionsOccupied - plan.summary.positionsFreed;
      expect(plan.summary.positionsFreed).toBeGreaterThan(100);
      expect(after).toBeGreaterThanOrEqual(plan.summary.positionsLowerBound);
      expect(after).toBeLessThanOrEqual(1.1 * plan.summary.positionsLowerBound);
    } finally {
      client.release();
    }
  });
});

describe("plan_reslotting", () => {
  test("stores a plan per objective for every facility, and the metrics report them", async () => {
    const result = runTask(db, "plan_reslotting", "--payload", JSON.stringify({ tenantId: ids.tenant }));
    expect(result.status, result.stderr).toBe(0);
    const { rows } = await db.admin.query(
      `select objective::text, max_moves, jsonb_array_length(moves) as moves, summary
         from app_public.reslotting_plans where tenant_id = $1 and facility_id = $2 order by objective`,
      [ids.tenant, ids.facility],
    );
    expect(rows.map((r) => [r.objective, r.max_moves])).toEqual([
      ["BALANCED", 100],
      ["CONSOLIDATE", null],
      ["TRAVEL", 100],
    ]);
    const consolidate = rows.find((r) => r.objective === "CONSOLIDATE")!;
    expect(consolidate.summary).toMatchObject({ positionsFreed: 2, positionsLowerBound: 3 });
    const { rows: metrics } = await db.admin.query("select app_hidden.optimization_metrics() -> 'reslotting' as value");
    const mine = (metrics[0]!.value as Array<[string, string, number, number]>).find((r) => r[1] === ids.facility)!;
    expect(mine[2]).toBe(2);
    expect(mine[3]).toBeGreaterThan(0);
  });
});
