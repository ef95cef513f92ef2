/**
 * The Prometheus endpoint after real requests: every documented metric is there, with its labels, and the figures
 * read from the database match the database.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { METRICS_PATH } from "../src/server/app.ts";
import { batchSizeLabel } from "../src/server/metrics.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

let text = "";
let facility = "";
let tenant = "";

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('mx')");
  tenant = (await db.admin.query("select tests.tenant_id('mx') as id")).rows[0].id;
  facility = (await db.admin.query("select tests.id_of('facilities', 'DC1', 'mx') as id")).rows[0].id;
  const material = (await db.admin.query("select tests.id_of('materials', 'SKU-1', 'mx') as id")).rows[0].id;
  const token = await api.token("mx");
  const input = {
    facilityId: facility,
    items: [
      { materialId: material, quantity: 1 },
      { materialId: material, quantity: 2 },
    ],
  };
  for (const algorithm of ["FFD", "ENHANCED"]) {
    const result = await api.graphql(
      `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { processingSummary { totalItems } } }`,
      { input: { ...input, algorithm } },
      token,
    );
    expect(result.errors).toBeUndefined();
  }
  // A decided recommendation, an active model with an accuracy, a refreshed cache.
  await db.admin.query(`
    update app_public.putaway_recommendations set status = 'ACCEPTED', decided_at = now(), actual_location_id = location_id
     where tenant_id = tests.tenant_id('mx');
    update app_public.ml_model_weights set accuracy = 0.8125 where tenant_id = tests.tenant_id('mx');
    select app_private.scheduled_refresh_bin_utilization();`);
  text = await (await fetch(`${api.metricsUrl}${METRICS_PATH}`)).text();
});

/** The value of a sample, found by name and labels. */
function sample(name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = line.slice(name.length).split(" ")[0]!;
    if (wanted.every((w) => labelPart.includes(w))) return Number(line.split(" ").at(-1));
  }
  return undefined;
}

describe("the metrics endpoint after real requests", () => {
  test("declares every documented metric with its type", () => {
    for (const [name, type] of [
      ["bin_utilization_cache_age_seconds", "gauge"],
      ["ml_model_accuracy_percentage", "gauge"],
      ["batch_putaway_processing_time_ms", "histogram"],
      ["putaway_acceptance_rate_percentage", "gauge"],
      ["putaway_recommendation_confidence_score", "histogram"],
      ["putaway_recommendations_total", "counter"],
      ["bin_optimization_health_status", "gauge"],
      ["graphile_worker_jobs_queued", "gauge"],
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} ${type}$`, "m"));
    }
  });

  test("request metrics carry algorithm, bounded batch_size and status labels", () => {
    expect(sample("batch_putaway_processing_time_ms_count", { algorithm: "FFD", batch_size: "2-10" })).toBe(1);
    expect(sample("batch_putaway_processing_time_ms_count", { algorithm: "ENHANCED", batch_size: "2-10" })).toBe(1);
    expect(
      sample("batch_putaway_processing_time_ms_bucket", { algorithm: "FFD", batch_size: "2-10", le: "5000" }),
    ).toBe(1);
    expect(sample("putaway_recommendation_confidence_score_count", { algorithm: "ENHANCED" })).toBe(2);
    expect(sample("putaway_recommendations_total", { status: "success" })).toBe(4);
    expect(sample("putaway_recommendations_total", { status: "error" })).toBe(0);
  });

  test("database gauges match the database", async () => {
    const age = sample("bin_utilization_cache_age_seconds", { tenant_id: tenant, facility_id: facility });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(sample("ml_model_accuracy_percentage", { model_version: "1" })).toBeCloseTo(81.25, 6);
    expect(sample("putaway_acceptance_rate_percentage", { facility_id: facility })).toBe(100);
    expect(sample("bin_optimization_health_status", { check_name: "databaseConnection" })).toBe(1);
    expect(sample("bin_optimization_health_status", { check_name: "cacheAge" })).toBeDefined();
    const queued = (
      await db.admin.query(
        "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization' and locked_at is null",
      )
    ).rows[0].n;
    expect(sample("graphile_worker_jobs_queued", { task: "refresh_bin_utilization" })).toBe(queued);
  });

  test("batch_size labels stay within five values", () => {
    expect([1, 2, 10, 11, 50, 51, 100, 101, 5000].map(batchSizeLabel)).toEqual([
      "1",
      "2-10",
      "2-10",
      "11-50",
      "11-50",
      "51-100",
      "51-100",
      "101+",
      "101+",
    ]);
  });
});
