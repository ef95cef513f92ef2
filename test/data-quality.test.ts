/**
 * Data quality through the API and the worker: getDataQualityMetrics per tenant (and refused for another),
 * measurements recorded through GraphQL, the audit task's exit code, and a cancelled cross-dock replanned
 * to storage by the worker.
 */
import { runOnce } from "graphile-worker";
import { beforeAll, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";
import { runTask } from "./support/tasks.ts";

const db = useTestDatabase();
const api = useTestServer(db);

const id = async (sql: string) => (await db.admin.query(sql)).rows[0].id as string;

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('q1'), tests.create_tenant_fixture('q2')");
});

describe("getDataQualityMetrics", () => {
  const QUERY = `query($t: UUID!, $f: UUID!) { getDataQualityMetrics(tenantId: $t, facilityId: $f) {
    materialsVerified capacityFailures pendingRelocations remediationSuccessRate openFindings computedAt } }`;

  test("answers for the caller's own tenant, and refuses another tenant with FORBIDDEN", async () => {
    await db.admin.query("select app_private.refresh_data_quality()");
    const t1 = await id("select tests.tenant_id('q1') as id");
    const f1 = await id("select tests.id_of('facilities', 'DC1', 'q1') as id");
    const t2 = await id("select tests.tenant_id('q2') as id");
    const f2 = await id("select tests.id_of('facilities', 'DC1', 'q2') as id");
    const token = await api.token("q1");
    const own = await api.graphql<{ getDataQualityMetrics: Record<string, unknown> }>(QUERY, { t: t1, f: f1 }, token);
    expect(own.errors).toBeUndefined();
    // The fixture: one verification, one (audit) capacity failure, one open finding, one logged remediation.
    expect(own.data!.getDataQualityMetrics).toMatchObject({
      materialsVerified: 1,
      capacityFailures: 1,
      pendingRelocations: 0,
      remediationSuccessRate: "1.0000",
      openFindings: 1,
    });
    const foreign = await api.graphql(QUERY, { t: t2, f: f2 }, token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(foreign.errors?.[0]?.message).toMatch(/another tenant/);
    const crossed = await api.graphql(QUERY, { t: t1, f: f2 }, token);
    expect(crossed.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("dimension verifications through GraphQL", () => {
  test("an operator records a measurement; beyond tolerance it waits for a supervisor", async () => {
    const material = await id("select tests.id_of('materials', 'SKU-2', 'q1') as id");
    const result = await api.graphql<{
      createMaterialDimensionVerification: { materialDimensionVerification: { outcome: string; variancePct: string } };
    }>(
      `mutation($m: UUID!) { createMaterialDimensionVerification(input: { materialDimensionVerification: {
         materialId: $m, measuredLengthIn: "9", measuredWidthIn: "6", measuredHeightIn: "6", measuredWeightLbs: "2" } }) {
         materialDimensionVerification { outcome variancePct } } }`,
      { m: material },
      await api.token("q1", "operator"),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.createMaterialDimensionVerification.materialDimensionVerification).toEqual({
      outcome: "FLAGGED_FOR_REVIEW",
      variancePct: "50.00",
    });
  });

  test("a negative measurement is refused with the rule's explanation", async () => {
    const material = await id("select tests.id_of('materials', 'SKU-2', 'q1') as id");
    const result = await api.graphql(
      `mutation($m: UUID!) { createMaterialDimensionVerification(input: { materialDimensionVerification: {
         materialId: $m, measuredLengthIn: "-1", measuredWidthIn: "6", measuredHeightIn: "6", measuredWeightLbs: "2" } }) {
         materialDimensionVerification { outcome } } }`,
      { m: material },
      await api.token("q1", "operator"),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toBe("Measured length, width, height and weight must be greater than 0.");
  });
});

describe("the data-quality audit task", () => {
  const run = () => runTask(db, "data_quality_audit", "--tenant", "q1");

  test("exits 1 while findings are open, and 0 once they are fixed", async () => {
    await db.admin.query(
      "insert into app_public.materials (tenant_id, code) values (tests.tenant_id('q1'), 'NO-DATA')",
    );
    const failing = run();
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/Open data-quality findings \(q1: \d+\)/);
    await db.admin.query(`update app_public.materials set unit_length_in = 1, unit_width_in = 1, unit_height_in = 1,
                            unit_weight_lbs = 1, abc_class = 'C' where tenant_id = tests.tenant_id('q1')`);
    const passing = run();
    expect(passing.status, passing.stderr).toBe(0);
    const { rows } = await db.admin.query(
      "select count(*)::int as n from app_public.data_quality_findings where tenant_id = tests.tenant_id('q1') and status = 'OPEN'",
    );
    expect(rows[0].n).toBe(0);
  });
});

describe("cross-dock cancellations", () => {
  test("the worker replans a cross-dock recommendation whose demand was cancelled to a storage location", async () => {
    await db.admin.query("select tests.create_tenant_fixture('xd')");
    await db.admin.query(`
      insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity, cubic_feet,
          weight_lbs, algorithm, confidence_score, reason_code, cross_dock_candidate, expires_at)
        select tenant_id, facility_id, tests.id_of('materials', 'SKU-1', 'xd'), location_id, 2, 2, 20, 'FFD', 0.5, 'CROSS_DOCK', true,
               now() + interval '1 hour'
          from app_public.locations where tenant_id = tests.tenant_id('xd') and code = 'S-01';
      update app_public.outbound_orders set status = 'CANCELLED' where tenant_id = tests.tenant_id('xd');`);
    const pool = createPool(db.ownerUrl, 2, "test-worker");
    try {
      await runOnce({
        pgPool: pool,
        taskList: { replan_cross_dock: taskList.replan_cross_dock! },
        noHandleSignals: true,
      });
    } finally {
      await pool.end();
    }
    const { rows } = await db.admin.query(`
      select c.status, c.message, old.status::text as old_status, old.decision_reason_code, new.status::text as new_status,
             l.code as new_location, new.cross_dock_candidate as new_cross_dock
        from app_public.cross_dock_cancellations c
        join app_public.putaway_recommendations old on old.tenant_id = c.tenant_id and old.recommendation_id = c.recommendation_id
        left join app_public.putaway_recommendations new on new.tenant_id = c.tenant_id and new.recommendation_id = c.replacement_recommendation_id
        left join app_public.locations l on l.tenant_id = new.tenant_id and l.location_id = new.location_id
       where c.tenant_id = tests.tenant_id('xd') and c.status <> 'SKIPPED'`);
    expect(rows).toEqual([
      {
        status: "REPLANNED",
        message: expect.stringMatching(/^Recommended R-0\d instead of the cross-dock location$/),
        old_status: "EXPIRED",
        decision_reason_code: "CROSS_DOCK_CANCELLED",
        new_status: "PENDING",
        new_location: expect.stringMatching(/^R-0\d$/),
        new_cross_dock: false,
      },
    ]);
    const log = await db.admin.query(
      "select outcome from app_public.bin_optimization_remediation_log where tenant_id = tests.tenant_id('xd') and action = 'CROSS_DOCK_REPLANNED'",
    );
    expect(log.rows).toEqual([{ outcome: "SUCCEEDED" }]);
    expect((await db.admin.query("select app_private.rebuild_location_occupancy() as n")).rows[0].n).toBe("0");
  });
});
