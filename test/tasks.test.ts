/**
 * Tasks as the worker runs them: a job whose payload is invalid fails permanently at once while other failures
 * keep their retries.
 */
import { Logger, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";

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
