/**
 * Putaway simulations of a facility of the database: the loader reads the facility's usable locations and its
 * tenant's history (or generates demand when that is thin), runPutawaySimulation queues a run for supervisors
 * and admins only, and the simulate_putaway task fills in its results, or its error, for the tenant alone.
 */
import { randomUUID } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import { seedDemo } from "../src/seed/demo.ts";
import { loadFacility, MIN_HISTORY_PICK_LINES } from "../src/sim/facility.ts";
import { SIMULATED, simulate } from "../src/sim/simulate.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

/** The small demo warehouse the simulations run on, and the fixture tenant b. */
const DEMO = "simdemo";
let demoTenant: string;
let demoFacility: string;

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('tenant_b')");
  const client = await db.admin.connect();
  try {
    const summary = await seedDemo(client, {
      tenantCode: DEMO,
      tenantName: "Simulated Co.",
      aisles: 6,
      baysPerAisle: 8,
      levels: 3,
      materials: 60,
      orders: 5,
      seed: 7,
    });
    demoTenant = summary!.tenantId;
    demoFacility = summary!.facilityId;
  } finally {
    client.release();
  }
});

/** Loads a facility of a tenant on an owner connection of the test database. */
async function load(tenantId: string, facility: string, seed = 1) {
  const pool = createPool(db.ownerUrl, 1, "test-simulation-loader");
  const client = await pool.connect();
  try {
    return await loadFacility(client, tenantId, facility, { days: 10, seed, historyDays: 90 });
  } finally {
    client.release();
    await pool.end();
  }
}

const RUN_FIELDS = "simulationRunId status days seed algorithms facility { code }";
const START = `mutation ($input: RunPutawaySimulationInput!) {
  runPutawaySimulation(input: $input) { putawaySimulationRun { ${RUN_FIELDS} } }
}`;

const count = async (sql: string) => Number((await db.admin.query(sql)).rows[0].count);
const runCount = () => count("select count(*) from app_public.putaway_simulation_runs");
const jobCount = () =>
  count(`select count(*) from graphile_worker._private_jobs j
           join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'simulate_putaway'`);

/** Runs the queued simulate_putaway jobs; returns what the task logged. */
async function runQueuedSimulations(): Promise<string[]> {
  const lines: string[] = [];
  const pool = createPool(db.ownerUrl, 2, "test-worker");
  try {
    await runOnce({
      pgPool: pool,
      taskList: { simulate_putaway: taskList.simulate_putaway! },
      noHandleSignals: true,
      logger: new Logger(() => (_level, message) => lines.push(message)),
    });
  } finally {
    await pool.end();
  }
  return lines;
}

describe("loadFacility", () => {
  test("reads the facility's usable locations, by code or id, and generates demand while history is thin", async () => {
    const { rows } = await db.admin.query<{ location_id: string; code: string }>(
      `select l.location_id, l.code from app_public.locations l
         join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
        where l.tenant_id = $1 and l.facility_id = $2 and l.is_active and not l.is_blocked
          and l.deleted_at is null and z.deleted_at is null
        order by l.pick_sequence, l.code`,
      [demoTenant, demoFacility],
    );
    const all = await count(`select count(*) from app_public.locations where facility_id = '${demoFacility}'`);
    expect(rows.length, "the demo blocks a few locations").toBeLessThan(all);

    const byCode = await load(demoTenant, "DC1");
    expect(byCode.facility).toEqual({ id: demoFacility, code: "DC1", name: expect.any(String) });
    expect(byCode.columns.ids).toEqual(rows.map((r) => r.location_id));
    expect(byCode.columns.codes).toEqual(rows.map((r) => r.code));
    expect(byCode.columns.maxCubic.every((c) => Number.isInteger(c) && c > 0)).toBe(true);
    expect(byCode.workload.source).toBe("generated");
    expect(byCode.workload.profile).toBe("equal");
    expect(byCode.workload.days).toBe(10);

    const byId = await load(demoTenant, demoFacility);
    expect(byId.columns).toEqual(byCode.columns);
    expect(byId.workload).toEqual(byCode.workload);
  });

  test("generated stock is sized to the room its pallets can take: everything finds a place", async () => {
    // The demo mixes ambient and chilled rooms, single-material pick faces and single-lot bulk bins: a fill of the
    // whole cube would not fit pallets that bulk bins take one at a time and chilled rooms not at all.
    const { columns, workload } = await load(demoTenant, "DC1");
    const result = simulate(columns, workload, { seed: 1, algorithms: ["BFD", "ENHANCED"] });
    for (const r of result.results) {
      expect(r.unplaced, r.algorithm).toBe(0);
      expect(r.violations, r.algorithm).toBe(0);
    }
  });

  test("a facility with neither picking history nor ambient storage cannot be simulated, and says why", async () => {
    await db.admin.query(
      `with f as (insert into app_public.facilities (tenant_id, code, name) values ($1, 'COLD', 'Chilled only')
                  returning tenant_id, facility_id),
            z as (insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
                  select tenant_id, facility_id, 'CH', 'Chilled', 'RESERVE' from f returning tenant_id, facility_id, zone_id)
       insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                         inner_height_in, max_cubic_feet, max_weight_lbs, temperature_class)
       select tenant_id, facility_id, zone_id, 'C1', 48, 40, 60, 66, 2000, 'CHILLED' from z`,
      [demoTenant],
    );
    await expect(load(demoTenant, "COLD")).rejects.toThrow(
      /^Facility COLD has too little picking history \(fewer than 100 pick lines\) and no ambient storage location/,
    );
  });

  test("refuses a facility the tenant does not have: Unknown facility", async () => {
    const other = (
      await db.admin.query(
        "select facility_id from app_public.facilities where tenant_id = tests.tenant_id('tenant_b')",
      )
    ).rows[0].facility_id as string;
    await expect(load(demoTenant, "NOPE")).rejects.toThrow(/^Unknown facility "NOPE"/);
    await expect(load(demoTenant, randomUUID())).rejects.toThrow(/^Unknown facility/);
    await expect(load(demoTenant, other), "another tenant's facility").rejects.toThrow(/^Unknown facility/);
  });

  test("with enough picking history, demand, inbound and opening stock come from it", async () => {
    // 6 single-unit picks of every lot holding 7 units or more, over the last 30 days, 3 lines per order.
    const { rowCount } = await db.admin.query(
      `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                       location_id, quantity, reference, occurred_at)
       select l.tenant_id, l.facility_id, 'PICK', l.material_id, l.lot_number, l.location_id, -1,
              'SO-H-' || ((row_number() over (order by l.lot_id, g) - 1) / 3), now() - make_interval(days => g * 5)
         from app_public.lots l cross join generate_series(1, 6) g
        where l.tenant_id = $1 and l.quantity_on_hand >= 7`,
      [demoTenant],
    );
    expect(rowCount).toBeGreaterThanOrEqual(MIN_HISTORY_PICK_LINES);
    const { rows: stock } = await db.admin.query<{ material_id: string; units: string }>(
      `select material_id, sum(ceil(quantity_on_hand))::text as units from app_public.lots
        where tenant_id = $1 and quantity_on_hand > 0 group by material_id`,
      [demoTenant],
    );

    const { workload } = await load(demoTenant, "DC1");
    expect(workload).toMatchObject({ source: "history", profile: null, days: 10, historyDays: 90, linesPerOrder: 3 });
    expect(workload.historyLines.reduce((a, b) => a + b, 0)).toBe(rowCount);
    // The opening receipts are the stock on hand, material by material.
    const opening = new Map<string, number>();
    for (const r of workload.opening) {
      const id = workload.materials[r.material]!.id;
      opening.set(id, (opening.get(id) ?? 0) + r.quantity);
    }
    expect(Object.fromEntries(opening)).toEqual(Object.fromEntries(stock.map((s) => [s.material_id, Number(s.units)])));
    // The stock marks of the window, in the simulator's unit cube: the demo's stock came in a day ago, so every
    // material was lower before (nothing) than at its highest.
    workload.materials.forEach((m, i) => {
      const [low, high] = [workload.historyStockLowCubic[i]!, workload.historyStockHighCubic[i]!];
      expect(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && low < high, m.code).toBe(true);
    });
    // Only materials with history are picked, about as often as they were.
    const simulatedLines = workload.picks.flat();
    expect(simulatedLines.every((line) => workload.historyLines[line.material]! > 0)).toBe(true);
    const perDay = simulatedLines.length / workload.days;
    const historical = rowCount! / 90;
    expect(perDay).toBeGreaterThan(historical * 0.6);
    expect(perDay).toBeLessThan(historical * 1.4);
    // Deterministic for a seed; another seed draws other days.
    expect((await load(demoTenant, "DC1")).workload).toEqual(workload);
    expect((await load(demoTenant, "DC1", 2)).workload.picks).not.toEqual(workload.picks);
  });
});

describe("runPutawaySimulation and the simulate_putaway task", () => {
  let runId: string;

  test("a supervisor's request is recorded QUEUED with its job, in one transaction", async () => {
    const runsBefore = await runCount();
    const token = await api.token(DEMO, "supervisor");
    const result = await api.graphql<{ runPutawaySimulation: { putawaySimulationRun: Record<string, unknown> } }>(
      START,
      { input: { facilityId: demoFacility, days: 3, seed: 5 } },
      token,
    );
    expect(result.errors).toBeUndefined();
    const run = result.data!.runPutawaySimulation.putawaySimulationRun;
    expect(run).toEqual({
      simulationRunId: expect.any(String),
      status: "QUEUED",
      days: 3,
      seed: 5,
      algorithms: ["FFD", "BFD", "HYBRID", "ENHANCED"],
      facility: { code: "DC1" },
    });
    runId = run.simulationRunId as string;
    expect(await runCount()).toBe(runsBefore + 1);
    const { rows } = await db.admin.query(
      `select j.payload, j.key from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'simulate_putaway'`,
    );
    expect(rows).toEqual([
      { payload: { tenantId: demoTenant, simulationRunId: runId }, key: `simulate_putaway:${runId}` },
    ]);
  });

  test("the task fills in the results: every algorithm and baseline, no violation; the tenant reads them", async () => {
    const lines = await runQueuedSimulations();
    expect(lines.join("\n")).toMatch(
      new RegExp(
        `Putaway simulation ${runId} of facility DC1: 3 days of history demand, travel per pick line ` +
          "ENHANCED \\d+\\.\\d ft, RANDOM \\d+\\.\\d ft, REFERENCE \\d+\\.\\d ft",
      ),
    );
    const result = await api.graphql<{
      allPutawaySimulationRuns: { nodes: Array<Record<string, unknown> & { results: Record<string, unknown> }> };
    }>(
      `query ($id: UUID!) { allPutawaySimulationRuns(condition: {simulationRunId: $id}) {
         nodes { status error startedAt finishedAt results } } }`,
      { id: runId },
      await api.token(DEMO, "operator"),
    );
    expect(result.errors).toBeUndefined();
    const [run] = result.data!.allPutawaySimulationRuns.nodes;
    expect(run).toMatchObject({ status: "SUCCEEDED", error: null, startedAt: expect.any(String) });
    expect(Date.parse(run!.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt as string));
    const results = run!.results as {
      seed: number;
      workload: { source: string; days: number };
      results: Array<{ algorithm: string; violations: number; pickLines: number; travelPerPickFt: number }>;
      floor: { cells: unknown[] };
    };
    expect(results.seed).toBe(5);
    expect(results.workload).toMatchObject({ source: "history", days: 3 });
    expect(results.results.map((r) => r.algorithm)).toEqual([...SIMULATED]);
    for (const r of results.results) {
      expect(r.violations, r.algorithm).toBe(0);
      expect(r.pickLines, r.algorithm).toBeGreaterThan(0);
      expect(r.travelPerPickFt, r.algorithm).toBeGreaterThan(0);
    }
    expect(results.floor.cells.length).toBeGreaterThan(0);
    expect(await jobCount(), "the job is done").toBe(0);
  });

  test("another tenant can neither read the run nor start one on the facility", async () => {
    const token = await api.token("tenant_b", "admin");
    const read = await api.graphql<{
      allPutawaySimulationRuns: { nodes: Array<{ simulationRunId: string; tenantId: string }> };
      putawaySimulationRunById: unknown;
    }>(
      `query ($id: UUID!, $tenant: UUID!) {
         allPutawaySimulationRuns { nodes { simulationRunId tenantId } }
         putawaySimulationRunById(simulationRunId: $id, tenantId: $tenant) { status } }`,
      { id: runId, tenant: demoTenant },
      token,
    );
    expect(read.errors).toBeUndefined();
    const own = read.data!.allPutawaySimulationRuns.nodes;
    expect(own.length, "tenant b's own fixture run").toBe(1);
    expect(own.every((r) => r.tenantId !== demoTenant)).toBe(true);
    expect(read.data!.putawaySimulationRunById).toBeNull();

    const runsBefore = await runCount();
    const start = await api.graphql(START, { input: { facilityId: demoFacility } }, token);
    expect(start.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await runCount()).toBe(runsBefore);
    expect(await jobCount()).toBe(0);
  });

  test("an operator is refused with FORBIDDEN and nothing is written", async () => {
    const runsBefore = await runCount();
    const result = await api.graphql(START, { input: { facilityId: demoFacility } }, await api.token(DEMO, "operator"));
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(result.errors?.[0]?.message).toMatch(/supervisor or admin/);
    expect(await runCount()).toBe(runsBefore);
    expect(await jobCount()).toBe(0);
  });

  test("a facility that does not exist, or a bad input, is refused with a code and nothing is written", async () => {
    const token = await api.token(DEMO, "admin");
    const runsBefore = await runCount();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ facilityId: randomUUID() }, "NOT_FOUND", /There is no facility/],
      [{ facilityId: "DC1" }, "INVALID_INPUT", /UUID/i],
      [{ facilityId: demoFacility, days: 0 }, "INVALID_INPUT", /days must be from 1 to 365/],
      [{ facilityId: demoFacility, days: 366 }, "INVALID_INPUT", /days must be from 1 to 365/],
      [{ facilityId: demoFacility, seed: -1 }, "INVALID_INPUT", /seed must be 0 or more/],
      [{ facilityId: demoFacility, algorithms: [] }, "INVALID_INPUT", /algorithms must name/],
      [{ facilityId: demoFacility, algorithms: ["FFD", "WORST_FIT"] }, "INVALID_INPUT", /WORST_FIT/],
      [{}, "INVALID_INPUT", /facilityId/],
    ];
    for (const [input, code, message] of cases) {
      const result = await api.graphql(START, { input }, token);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe(code);
      expect(result.errors?.[0]?.message, JSON.stringify(input)).toMatch(message);
    }
    expect(await runCount()).toBe(runsBefore);
    expect(await jobCount()).toBe(0);
  });

  test("a run that cannot be simulated ends FAILED with the reason", async () => {
    const { rows } = await db.admin.query(
      "insert into app_public.facilities (tenant_id, code, name) values ($1, 'EMPTY', 'No locations yet') returning facility_id",
      [demoTenant],
    );
    const token = await api.token(DEMO, "admin");
    const start = await api.graphql<{ runPutawaySimulation: { putawaySimulationRun: { simulationRunId: string } } }>(
      START,
      { input: { facilityId: rows[0].facility_id, days: 2, algorithms: ["ENHANCED", "FFD", "ENHANCED"] } },
      token,
    );
    expect(start.errors).toBeUndefined();
    const run = start.data!.runPutawaySimulation.putawaySimulationRun;
    expect(run).toMatchObject({ status: "QUEUED", algorithms: ["FFD", "ENHANCED"] });
    await runQueuedSimulations();
    const { rows: after } = await db.admin.query(
      "select status, error, results, finished_at is not null as finished from app_public.putaway_simulation_runs where simulation_run_id = $1",
      [run.simulationRunId],
    );
    expect(after).toEqual([
      {
        status: "FAILED",
        error: "Facility EMPTY has no usable storage location (active, unblocked) to simulate",
        results: null,
        finished: true,
      },
    ]);
    expect(await jobCount(), "the job is done: the failure is the run's").toBe(0);
  });

  test("a job with an invalid payload fails at once, for good", async () => {
    const { rows } = await db.admin.query(
      `select id from graphile_worker.add_job('simulate_putaway', '{"tenantId": "nobody", "simulationRunId": null}'::json)`,
    );
    await runQueuedSimulations();
    const { rows: job } = await db.admin.query(
      "select attempts, max_attempts, last_error from graphile_worker.jobs where id = $1",
      [rows[0].id],
    );
    expect(job).toEqual([{ attempts: 1, max_attempts: 1, last_error: "simulate_putaway: tenantId must be a UUID" }]);
    await db.admin.query("select graphile_worker.complete_jobs(array[$1::bigint])", [rows[0].id]);
  });
});
