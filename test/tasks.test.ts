/**
 * Tasks as the worker runs them: `npm run -s task` reports its job's real outcome whichever worker ran it (a
 * worker started here competes for the job, as `npm start`'s or the worker Deployment's does); a job whose
 * payload is invalid fails permanently at once while other failures keep their retries; clean_up_jobs deletes
 * old permanent failures and keeps recent ones.
 */
import { Logger, type Runner, runOnce } from "graphile-worker";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import { startWorker } from "../src/worker.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";
import { runTask, spawnTask, type TaskResult } from "./support/tasks.ts";

const db = useTestDatabase();
const silent = new Logger(() => () => {});

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('t1')");
  // A material without master data: the audit of t1 fails with an open finding.
  await db.admin.query("insert into app_public.materials (tenant_id, code) values (tests.tenant_id('t1'), 'NO-DATA')");
});

async function job(id: string) {
  const { rows } = await db.admin.query(
    "select attempts, max_attempts, last_error, locked_at from graphile_worker.jobs where id = $1",
    [id],
  );
  return rows[0] as { attempts: number; max_attempts: number; last_error: string | null } | undefined;
}

describe("npm run -s task while another worker runs", () => {
  let pool: pg.Pool;
  let worker: Runner;
  /** Keys of the command's jobs that the worker started here took. */
  const takenHere = new Set<string>();

  beforeAll(async () => {
    pool = createPool(db.ownerUrl, 4, "test-competing-worker");
    worker = await startWorker(pool, 2, [], silent);
    worker.events.on("job:start", ({ job }) => {
      if (job.key?.startsWith("cli:")) takenHere.add(job.key);
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await pool?.end();
  });

  /** Runs the command at least 4 times, until the worker here took 2 of its jobs (at most 12 runs). */
  async function runRepeatedly(...args: Parameters<typeof spawnTask>): Promise<TaskResult[]> {
    takenHere.clear();
    const results: TaskResult[] = [];
    while (results.length < 12 && (results.length < 4 || takenHere.size < 2)) results.push(await spawnTask(...args));
    return results;
  }

  test("exits 0 when the task succeeds, whichever worker ran the job", { timeout: 120_000 }, async () => {
    const before = await db.admin.query("select count(*)::int as n from app_private.bin_utilization_refresh_runs");
    const results = await runRepeatedly(db, "refresh_bin_utilization", "--tenant", "t1", "--facility", "DC1");
    expect(takenHere.size, "the other worker took some of the command's jobs").toBeGreaterThan(0);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    // Every run refreshed the view (a job without a transaction id always refreshes).
    const after = await db.admin.query("select count(*)::int as n from app_private.bin_utilization_refresh_runs");
    expect(after.rows[0].n - before.rows[0].n).toBeGreaterThanOrEqual(results.length);
    const { rows } = await db.admin.query("select count(*)::int as n from app_private.task_outcomes");
    expect(rows[0].n, "each command collected its outcome").toBe(0);
  });

  test("exits 1 with the task's own error when it fails, whichever worker ran the job", {
    timeout: 120_000,
  }, async () => {
    const results = await runRepeatedly(db, "data_quality_audit", "--tenant", "t1");
    expect(takenHere.size, "the other worker took some of the command's jobs").toBeGreaterThan(0);
    for (const result of results) {
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^Task data_quality_audit failed: Open data-quality findings \(t1: \d+\)/m);
    }
  });
});

describe("invalid payloads", () => {
  const runQueued = async () => {
    const pool = createPool(db.ownerUrl, 2, "test-worker");
    try {
      await runOnce({ pgPool: pool, taskList, noHandleSignals: true, logger: silent });
    } finally {
      await pool.end();
    }
  };

  test("a job queued from SQL with an invalid payload fails permanently at its first attempt", async () => {
    const { rows } = await db.admin.query(`select id from graphile_worker.add_job('refresh_bin_utilization',
      '{"xid": "yesterday"}'::json)`);
    expect((await job(rows[0].id))?.max_attempts).toBe(25);
    await runQueued();
    expect(await job(rows[0].id)).toMatchObject({
      attempts: 1,
      max_attempts: 1,
      last_error: "refresh_bin_utilization: xid must be a transaction id (digits)",
    });
  });

  test("each task's payload checks stop retries the same way", async () => {
    const { rows } = await db.admin.query(`select id from graphile_worker.add_job('reclassify_abc',
      '{"cutoffs": [50, 50]}'::json)`);
    await runQueued();
    expect(await job(rows[0].id)).toMatchObject({ attempts: 1, max_attempts: 1 });
  });

  test("a failure that is not about the payload keeps its retries", async () => {
    const { rows } = await db.admin.query(`select id from graphile_worker.add_job('data_quality_audit',
      json_build_object('tenantId', tests.tenant_id('t1')))`);
    await runQueued();
    expect(await job(rows[0].id)).toMatchObject({
      attempts: 1,
      max_attempts: 25,
      last_error: expect.stringMatching(/^Open data-quality findings/),
    });
  });
});

describe("clean_up_jobs", () => {
  test("deletes permanent failures past their retention and uncollected outcomes; keeps the rest", async () => {
    await db.admin.query("select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))");
    const add = async (task: string, runAt: string, fail: boolean) => {
      const { rows } = await db.admin.query(
        "select id from graphile_worker.add_job($1, '{}'::json, run_at => now() + $2::interval)",
        [task, runAt],
      );
      if (fail)
        await db.admin.query("select graphile_worker.permanently_fail_jobs(array[$1::bigint], 'broken')", [rows[0].id]);
      return rows[0].id as string;
    };
    const oldFailure = await add("refresh_sku_affinity", "-8 days", true);
    const recentFailure = await add("refresh_sku_affinity", "-2 days", true);
    const oldButRetrying = await add("refresh_sku_affinity", "-8 days", false);
    const later = await add("refresh_sku_affinity", "1 hour", false);
    await db.admin.query(`insert into app_private.task_outcomes (job_id, job_key, task_identifier, succeeded, finished_at)
      values (-1, 'cli:x:old', 'x', true, now() - interval '2 days'), (-2, 'cli:x:new', 'x', true, now())`);

    const result = runTask(db, "clean_up_jobs");
    expect(result.status, result.stderr).toBe(0);
    const { rows: left } = await db.admin.query<{ id: string }>(
      "select id from graphile_worker.jobs where id = any($1::bigint[]) order by id",
      [[oldFailure, recentFailure, oldButRetrying, later]],
    );
    expect(left.map((r) => r.id)).toEqual([recentFailure, oldButRetrying, later]);
    const { rows: outcomes } = await db.admin.query("select job_key from app_private.task_outcomes order by job_key");
    expect(outcomes).toEqual([{ job_key: "cli:x:new" }]);

    const shorter = runTask(db, "clean_up_jobs", "--payload", '{"keepDays": 1}');
    expect(shorter.status, shorter.stderr).toBe(0);
    expect(await job(recentFailure)).toBeUndefined();
    expect(await job(oldButRetrying)).toBeDefined();
  });
});

describe("prune_history", () => {
  test("deletes statistics, audit runs and re-slotting plans past the retention, keeping each facility's latest", async () => {
    // Facility OLD of tenant t1 has statistics from long ago only, and re-slotting plans old and new.
    await db.admin.query(
      "insert into app_public.facilities (tenant_id, code, name) values (tests.tenant_id('t1'), 'OLD', 'Old DC')",
    );
    const facility = "tests.id_of('facilities', 'OLD', 't1')";
    const metrics = (days: number) => `
      insert into app_public.bin_optimization_statistical_metrics (tenant_id, facility_id, algorithm, period_start,
             period_end, recommendations, decided, accepted, batches, computed_at)
      values (tests.tenant_id('t1'), ${facility}, 'FFD', now() - interval '${days + 7} days',
              now() - interval '${days} days', 10, 5, 4, 2, now() - interval '${days} days')`;
    const plan = (days: number) => `
      insert into app_public.reslotting_plans (tenant_id, facility_id, objective, moves, summary, planned_at)
      values (tests.tenant_id('t1'), ${facility}, 'CONSOLIDATE', '[]', '{}', now() - interval '${days} days')`;
    for (const days of [900, 500, 450]) await db.admin.query(metrics(days));
    for (const days of [700, 600, 3]) await db.admin.query(plan(days));
    const ages = async (table: string, column: string) =>
      (
        await db.admin.query<{ days: number }>(
          `select extract(day from now() - ${column})::int as days from app_public.${table}
            where facility_id = ${facility} order by ${column}`,
        )
      ).rows.map((row) => row.days);

    const result = runTask(db, "prune_history", "--payload", '{"batch": 1}');
    expect(result.status, result.stderr).toBe(0);
    // One row of each table a run.
    expect(await ages("bin_optimization_statistical_metrics", "computed_at")).toHaveLength(2);
    expect(await ages("reslotting_plans", "planned_at")).toHaveLength(2);

    expect(runTask(db, "prune_history").status).toBe(0);
    // The facility's latest statistics stay, however old; the plans past 400 days go, the recent one stays.
    expect(await ages("bin_optimization_statistical_metrics", "computed_at")).toEqual([450]);
    expect(await ages("reslotting_plans", "planned_at")).toEqual([3]);

    const shorter = runTask(db, "prune_history", "--payload", '{"keepDays": 1}');
    expect(shorter.status, shorter.stderr).toBe(0);
    expect(await ages("reslotting_plans", "planned_at")).toEqual([3]);
    expect(runTask(db, "prune_history", "--payload", '{"keepDays": 0}').status).toBe(1);
  });
});
