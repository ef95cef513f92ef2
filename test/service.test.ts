/**
 * The service around the API: health endpoints, metrics, production switches, error masking and the
 * worker's tasks.
 */

import { runOnce } from "graphile-worker";
import { describe, expect, test } from "vitest";
import { createPool, queryAsRole } from "../src/db/pool.ts";
import { readiness } from "../src/server/health.ts";
import { taskList } from "../tasks/index.ts";
import { TEST_ROLES, useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);
const production = useTestServer(db, { production: true });

describe("health", () => {
  test("liveness answers without touching the database", async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "UP" });
  });

  test("readiness answers in its documented shape, with every check", async () => {
    const response = await fetch(`${api.url}/api/wms/optimization/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; message: string }>;
    };
    expect(["HEALTHY", "DEGRADED", "UNHEALTHY"]).toContain(body.status);
    expect(Object.keys(body.checks).sort()).toEqual([
      "autoRemediation",
      "cacheAge",
      "congestionCache",
      "databaseConnection",
      "mlModelAccuracy",
    ]);
    expect(body.checks.databaseConnection).toMatchObject({
      status: "HEALTHY",
      activeConnections: expect.any(Number),
      idleConnections: expect.any(Number),
    });
    // No model has been trained in this database: DEGRADED, not UNHEALTHY.
    expect(body.checks.mlModelAccuracy).toMatchObject({ status: "DEGRADED", accuracy: null });
    expect(body.checks.cacheAge).toHaveProperty("ageMinutes");
    expect(body.checks.autoRemediation).toHaveProperty("lastRemediationAt");
  });

  test("readiness is UNHEALTHY when the database is unreachable", async () => {
    const unreachable = createPool("postgres://nobody@127.0.0.1:1/none", 1, "unreachable");
    try {
      const result = await readiness(unreachable, "buo_test_visitor");
      expect(result.status).toBe("UNHEALTHY");
      expect(result.checks.databaseConnection?.message).toMatch(/Database unreachable/);
      // The answer is public: the cause (host, port, error text) goes to the log only.
      expect(result.checks.databaseConnection?.message).toBe("Database unreachable");
    } finally {
      await unreachable.end();
    }
  });

  test("unknown paths get a 404 that points at GraphQL", async () => {
    const response = await fetch(`${api.url}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
      /GraphQL is at \/graphql/,
    );
  });
});

describe("metrics", () => {
  test("the metrics listener serves Prometheus text on its own port", async () => {
    const response = await fetch(`${api.metricsUrl}/api/wms/optimization/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    expect(await response.text()).toMatch(/^process_cpu_user_seconds_total \d/m);
  });
});

describe("production mode", () => {
  test("introspection is refused", async () => {
    const result = await production.graphql(`{ __schema { types { name } } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
  });

  test("GraphiQL is not served: the root is the console, and the GraphQL URL answers a browser without HTML", async () => {
    const root = await fetch(`${production.url}/`, { headers: { accept: "text/html" } });
    expect(root.status).toBe(200);
    expect(root.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(await root.text()).not.toMatch(/graphiql|ruru/i);
    const graphql = await fetch(`${production.url}/graphql`, {
      headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
    });
    expect(await graphql.text()).not.toMatch(/<html/i);
  });

  test("development mode serves GraphiQL on the GraphQL URL, and the console at the root", async () => {
    const root = await fetch(`${api.url}/`, { headers: { accept: "text/html" } });
    expect(root.status).toBe(200);
    expect(await root.text()).toMatch(/<title>Bin Utilization Optimizer<\/title>/);
    // A browser's Accept header (several media ranges with parameters) on the GraphQL URL.
    const browser = await fetch(`${api.url}/graphql`, {
      headers: { accept: "Text/HTML,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
    });
    expect(browser.status).toBe(200);
    expect(await browser.text()).toMatch(/<html[\s\S]*ruru/i);
  });
});

describe("queryAsRole", () => {
  test("gives the connection back once, and destroys it when the query failed", async () => {
    const pool = createPool(db.authUrl, 1, "test-query-as-role");
    try {
      expect(await queryAsRole(pool, TEST_ROLES.visitor, "select current_user as who")).toEqual({
        who: TEST_ROLES.visitor,
      });
      expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
      await expect(queryAsRole(pool, TEST_ROLES.visitor, "select 1 / 0 as n")).rejects.toThrow(/division by zero/);
      expect([pool.totalCount, pool.idleCount]).toEqual([0, 0]);
      // The one-connection pool still works: nothing was released twice or leaked.
      expect(await queryAsRole(pool, TEST_ROLES.visitor, "select 2 as n")).toEqual({ n: 2 });
      expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
    } finally {
      await pool.end();
    }
  });
});

describe("worker: expire_putaway_recommendations", () => {
  test("expires PENDING recommendations past their time, and only those", async () => {
    await db.admin.query("select tests.create_tenant_fixture('worker_t')");
    await db.admin.query(`
      insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
        cubic_feet, weight_lbs, algorithm, confidence_score, reason_code, expires_at, status, decided_at, actual_location_id)
      select tenant_id, facility_id, material_id, location_id, 1, 1, 1, 'FFD', 0.5, 'TEST', now() - interval '1 minute',
             s.status::app_public.recommendation_status, case when s.status = 'ACCEPTED' then now() end,
             case when s.status = 'ACCEPTED' then location_id end
        from app_public.putaway_recommendations
        cross join (values ('PENDING'), ('ACCEPTED')) as s(status)
       where tenant_id = tests.tenant_id('worker_t')`);
    await db.admin.query("delete from graphile_worker._private_jobs");
    await db.admin.query("select graphile_worker.add_job('expire_putaway_recommendations', '{}'::json)");
    const pool = createPool(db.ownerUrl, 2, "test-worker");
    try {
      await runOnce({
        pgPool: pool,
        taskList: { expire_putaway_recommendations: taskList.expire_putaway_recommendations! },
        noHandleSignals: true,
      });
    } finally {
      await pool.end();
    }
    const { rows } = await db.admin.query(`
      select status, expires_at < now() as past, count(*)::int as n
        from app_public.putaway_recommendations where tenant_id = tests.tenant_id('worker_t')
       group by 1, 2 order by 1, 2`);
    expect(rows).toEqual([
      { status: "PENDING", past: false, n: 1 },
      { status: "ACCEPTED", past: true, n: 1 },
      { status: "EXPIRED", past: true, n: 1 },
    ]);
    const jobs = await db.admin.query(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'expire_putaway_recommendations'",
    );
    expect(jobs.rows[0].n).toBe(0);
  });

  test("a payload that is not an object fails the job with a clear message", async () => {
    await db.admin.query(
      "select graphile_worker.add_job('expire_putaway_recommendations', '[1,2]'::json, max_attempts => 1)",
    );
    const pool = createPool(db.ownerUrl, 2, "test-worker");
    try {
      await runOnce({
        pgPool: pool,
        taskList: { expire_putaway_recommendations: taskList.expire_putaway_recommendations! },
        noHandleSignals: true,
      });
    } finally {
      await pool.end();
    }
    const { rows } = await db.admin.query(
      "select last_error from graphile_worker.jobs where task_identifier = 'expire_putaway_recommendations'",
    );
    expect(rows[0].last_error).toMatch(/expire_putaway_recommendations: the payload must be a JSON object/);
  });
});
