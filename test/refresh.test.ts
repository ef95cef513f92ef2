/**
 * The coalesced refresh of bin_utilization_cache: stock moving in many facilities queues one debounced job
 * per facility, as before, but the jobs refresh the view once; stock committed after a refresh took its
 * snapshot gets a refresh of its own; refreshes without a transaction id (crontab, command, DBA) always run.
 */
import { Logger, runOnce } from "graphile-worker";
import type pg from "pg";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";

const db = useTestDatabase();
const TENANTS = ["ra", "rb", "rc", "rd"];

/** A receipt of `quantity` units of SKU-1 (1 cubic foot each; R-01 holds 5 of 10) into R-01 of the tenant's DC1. */
async function receive(tenant: string, quantity: number, client: pg.Pool | pg.PoolClient = db.admin) {
  await client.query(
    `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                   location_id, quantity)
     values (tests.tenant_id($1), tests.id_of('facilities', 'DC1', $1), 'RECEIPT', tests.id_of('materials', 'SKU-1', $1),
             'L1', tests.id_of('locations', 'R-01', $1), $2)`,
    [tenant, quantity],
  );
}

async function refreshCount(): Promise<number> {
  const { rows } = await db.admin.query("select count(*)::int as n from app_private.bin_utilization_refresh_runs");
  return rows[0].n;
}

async function queuedRefreshJobs(): Promise<number> {
  const { rows } = await db.admin.query(
    "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'",
  );
  return rows[0].n;
}

/** Runs every queued refresh job now (skipping the 5-second debounce) and returns how many refreshes ran. */
async function runRefreshJobs(): Promise<number> {
  const before = await refreshCount();
  await db.admin.query(`select graphile_worker.reschedule_jobs(array(
    select id from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'), run_at => now())`);
  const pool = createPool(db.ownerUrl, 3, "test-refresh-worker");
  try {
    await runOnce({
      pgPool: pool,
      taskList: { refresh_bin_utilization: taskList.refresh_bin_utilization! },
      concurrency: 2,
      noHandleSignals: true,
      logger: new Logger(() => () => {}),
    });
  } finally {
    await pool.end();
  }
  expect(await queuedRefreshJobs(), "every refresh job ran").toBe(0);
  return (await refreshCount()) - before;
}

/** Cubic feet on hand in the cache's FACILITY row and in the lots themselves, per tenant. */
async function cachedAndActual(): Promise<Array<{ code: string; cached: string; actual: string }>> {
  const { rows } = await db.admin.query(
    `select t.code, c.cubic_feet_on_hand::text as cached,
            (select sum(l.quantity_on_hand * m.unit_cubic_feet) from app_public.lots l
               join app_public.materials m on m.tenant_id = l.tenant_id and m.material_id = l.material_id
              where l.tenant_id = t.tenant_id)::numeric(14,4)::text as actual
       from app_public.tenants t
       join app_public.bin_utilization_cache c on c.tenant_id = t.tenant_id and c.scope = 'FACILITY'
      where t.code = any($1) order by t.code`,
    [TENANTS],
  );
  return rows;
}

beforeAll(async () => {
  for (const tenant of TENANTS) await db.admin.query("select tests.create_tenant_fixture($1)", [tenant]);
});

beforeEach(async () => {
  // Start each test from a fresh view and an empty queue.
  await db.admin.query("select app_private.scheduled_refresh_bin_utilization()");
  await db.admin.query("select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))");
});

describe("refresh_bin_utilization", () => {
  test("stock moving in four facilities queues four jobs but refreshes the view once", async () => {
    const started = (await db.admin.query("select clock_timestamp() as t")).rows[0].t as Date;
    for (const [i, tenant] of TENANTS.entries()) {
      await receive(tenant, 0.5 * (i + 1));
      await receive(tenant, 0.25);
    }
    expect(await queuedRefreshJobs(), "one debounced job per facility").toBe(TENANTS.length);
    expect(await runRefreshJobs()).toBe(1);
    const rows = await cachedAndActual();
    expect(rows).toHaveLength(TENANTS.length);
    for (const row of rows) expect(row.cached, row.code).toBe(row.actual);
    const { rows: fresh } = await db.admin.query(
      `select count(*)::int as n from app_private.bin_utilization_refreshes r
         join app_public.tenants t on t.tenant_id = r.tenant_id
        where t.code = any($1) and r.refreshed_at > $2`,
      [TENANTS, started],
    );
    expect(fresh[0].n, "every facility is recorded fresh").toBe(TENANTS.length);
  });

  test("stock committed after a refresh took its snapshot gets a refresh of its own", async () => {
    const client = await db.admin.connect();
    let failed = false;
    try {
      await client.query("begin");
      await receive("ra", 0.75, client);
      // A refresh runs while the receipt is not committed: it cannot include it.
      await db.admin.query("select app_private.scheduled_refresh_bin_utilization()");
      await client.query("commit");
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      client.release(failed);
    }
    const [ra] = await cachedAndActual();
    expect(ra!.cached).not.toBe(ra!.actual);
    expect(await runRefreshJobs()).toBe(1);
    const [after] = await cachedAndActual();
    expect(after!.cached).toBe(after!.actual);
  });

  test("a job whose stock an earlier refresh already included refreshes nothing", async () => {
    await receive("rb", 0.5);
    await db.admin.query("select app_private.scheduled_refresh_bin_utilization()");
    expect(await queuedRefreshJobs()).toBe(1);
    expect(await runRefreshJobs()).toBe(0);
    for (const row of await cachedAndActual()) expect(row.cached, row.code).toBe(row.actual);
  });

  test("jobs without a transaction id (crontab, the task command, by hand) always refresh", async () => {
    await db.admin.query(`select graphile_worker.add_job('refresh_bin_utilization', '{}'::json);
                          select graphile_worker.add_job('refresh_bin_utilization', '{"_cron": {"ts": "2026-01-01T00:00:00Z"}}'::json)`);
    expect(await runRefreshJobs()).toBe(2);
  });
});
