/**
 * The daily statistics end to end: decided recommendations of two algorithms in one facility, the
 * compute_statistics task run the way the CronJob runs it, and what it writes (metrics with Wilson intervals,
 * A/B tests, correlations, validations, outliers), checked against values computed here from the same data;
 * then the summary through GraphQL, visible to its tenant only.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Random } from "../src/seed/random.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";
import { runTask } from "./support/tasks.ts";

const db = useTestDatabase();
const api = useTestServer(db);

interface Decision {
  algorithm: "HYBRID" | "ENHANCED";
  status: "ACCEPTED" | "OVERRIDDEN" | "PENDING";
  confidence: number;
  utilization: number;
  processingMs: number;
  daysAgo: number;
}

/**
 * HYBRID: 60 decided, 45 accepted, plus 10 pending; one batch took 500 ms. ENHANCED: 60 decided, 20 accepted,
 * fuller bins and slower batches. Accepted recommendations carry a higher confidence than overridden ones.
 */
function decisions(): Decision[] {
  const random = new Random(2026);
  const rows: Decision[] = [];
  const add = (algorithm: Decision["algorithm"], status: Decision["status"], baseUtilization: number, baseMs: number) =>
    rows.push({
      algorithm,
      status,
      confidence: Number((status === "ACCEPTED" ? random.between(0.7, 0.9) : random.between(0.3, 0.5)).toFixed(3)),
      utilization: Number((baseUtilization + random.between(0, 0.1)).toFixed(4)),
      processingMs: Number((baseMs + random.between(0, 2)).toFixed(3)),
      daysAgo: rows.length % 5,
    });
  for (let i = 0; i < 60; i++) add("HYBRID", i < 45 ? "ACCEPTED" : "OVERRIDDEN", 0.55, 10);
  for (let i = 0; i < 10; i++) add("HYBRID", "PENDING", 0.55, 10);
  for (let i = 0; i < 60; i++) add("ENHANCED", i < 20 ? "ACCEPTED" : "OVERRIDDEN", 0.75, 20);
  rows[7]!.processingMs = 500;
  return rows;
}

const DATA = decisions();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The Wilson score interval at 95 %, written out independently of the SQL. */
function wilson(successes: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [centre - half, centre + half];
}

/** Pearson's chi-square statistic of the 2 x 2 table [[a, b], [c, d]], without continuity correction. */
function chiSquare([a, b, c, d]: [number, number, number, number]): number {
  const n = a + b + c + d;
  return (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
}

const computeStatistics = (...args: string[]) => runTask(db, { task: "compute_statistics", logLevel: "info" }, ...args);

const rowsOf = async (table: string, order: string) =>
  (
    await db.admin.query(
      `select t.* from app_public.${table} t join app_public.facilities f using (tenant_id, facility_id)
        where f.code = 'DC2' and t.tenant_id = tests.tenant_id('st1') order by ${order}`,
    )
  ).rows;

/** A facility of tenant st1 with one reserve location (`B-01` in `code`). */
async function addFacility(code: string): Promise<void> {
  await db.admin.query(
    `with f as (insert into app_public.facilities (tenant_id, code, name) values (tests.tenant_id('st1'), $1, $1)
                returning tenant_id, facility_id),
          z as (insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
                select tenant_id, facility_id, 'RSV', 'Reserve', 'RESERVE' from f returning tenant_id, facility_id, zone_id)
     insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, inner_length_in, inner_width_in,
                                       inner_height_in, max_cubic_feet, max_weight_lbs)
       select tenant_id, facility_id, zone_id, 'B-01', 'B01', 48, 40, 50, 55, 2000 from z`,
    [code],
  );
}

/**
 * Writes recommendations at the facility's location, each created `daysAgo` days before a moment of today
 * that is already past (halfway between midnight and now, or today's noon), rows a microsecond apart, so
 * that a day's rows never straddle midnight whenever the tests run.
 */
async function writeRecommendations(
  facilityCode: string,
  rows: Decision[],
  clock: "now" | "noon" = "now",
): Promise<void> {
  const base =
    clock === "now"
      ? "date_trunc('day', now()) + (now() - date_trunc('day', now())) / 2"
      : "date_trunc('day', now()) + interval '12 hours'";
  await db.admin.query(
    `insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity, cubic_feet, weight_lbs,
       algorithm, confidence_score, reason_code, estimated_utilization, status, actual_location_id, decision_reason_code, decided_at,
       expires_at, batch_id, processing_time_ms, created_at)
     select l.tenant_id, l.facility_id, tests.id_of('materials', 'SKU-2', 'st1'), l.location_id, 1, 0, 0, d.algorithm::app_public.putaway_algorithm,
            d.confidence, 'TEST', d.utilization, d.status::app_public.recommendation_status,
            case when d.status <> 'PENDING' then l.location_id end,
            case when d.status = 'OVERRIDDEN' then 'OPERATOR' end,
            case when d.status <> 'PENDING' then ${base} - d.days_ago * interval '1 day' end,
            now() + interval '1 hour', public.uuid_generate_v7(), d.ms, ${base} - d.days_ago * interval '1 day' + d.ord * interval '1 microsecond'
       from unnest($2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::int[])
              with ordinality as d(algorithm, status, confidence, utilization, ms, days_ago, ord)
       join app_public.facilities f on f.tenant_id = tests.tenant_id('st1') and f.code = $1
       join app_public.locations l on l.tenant_id = f.tenant_id and l.facility_id = f.facility_id and l.code = 'B-01'`,
    [
      facilityCode,
      rows.map((d) => d.algorithm),
      rows.map((d) => d.status),
      rows.map((d) => d.confidence),
      rows.map((d) => d.utilization),
      rows.map((d) => d.processingMs),
      rows.map((d) => d.daysAgo),
    ],
  );
}

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('st1'), tests.create_tenant_fixture('st2')");
  await addFacility("DC2");
  await writeRecommendations("DC2", DATA);
  const run = computeStatistics("--tenant", "st1");
  expect(run.status, run.stderr).toBe(0);
});

describe("compute_statistics", () => {
  test("writes per-algorithm metrics with the Wilson interval of the acceptance rate", async () => {
    const metrics = await rowsOf("bin_optimization_statistical_metrics", "algorithm");
    expect(metrics.map((m) => [m.algorithm, m.recommendations, m.decided, m.accepted, m.batches])).toEqual([
      ["HYBRID", 70, 60, 45, 70],
      ["ENHANCED", 60, 60, 20, 60],
    ]);
    for (const [m, accepted] of [
      [metrics[0]!, 45],
      [metrics[1]!, 20],
    ] as const) {
      const [low, high] = wilson(accepted, 60);
      expect(Number(m.acceptance_rate)).toBeCloseTo(accepted / 60, 6);
      expect(Number(m.acceptance_ci_low)).toBeCloseTo(low, 6);
      expect(Number(m.acceptance_ci_high)).toBeCloseTo(high, 6);
      const own = DATA.filter((d) => d.algorithm === m.algorithm);
      expect(Number(m.mean_confidence)).toBeCloseTo(mean(own.map((d) => d.confidence)), 6);
      expect(Number(m.mean_utilization)).toBeCloseTo(mean(own.map((d) => d.utilization)), 6);
      expect(Number(m.mean_processing_time_ms)).toBeCloseTo(mean(own.map((d) => d.processingMs)), 3);
    }
  });

  test("compares the algorithms: acceptance by chi-square, utilization and processing time by Welch's t", async () => {
    const tests = await rowsOf("bin_optimization_ab_test_results", "metric");
    expect(
      tests.map((t) => [t.metric, t.test_name, t.algorithm_a, t.algorithm_b, t.n_a, t.n_b, t.significant]),
    ).toEqual([
      ["ACCEPTANCE_RATE", "CHI_SQUARE", "HYBRID", "ENHANCED", 60, 60, true],
      ["PROCESSING_TIME", "WELCH_T", "HYBRID", "ENHANCED", 70, 60, false],
      ["UTILIZATION", "WELCH_T", "HYBRID", "ENHANCED", 60, 60, true],
    ]);
    const [acceptance, processing, utilization] = tests;
    expect(Number(acceptance.statistic)).toBeCloseTo(chiSquare([45, 15, 20, 40]), 9);
    expect(Number(acceptance.degrees_of_freedom)).toBe(1);
    expect(Number(acceptance.p_value)).toBeLessThan(1e-5);
    // The one 500 ms batch inflates HYBRID's variance so much that the difference in means is not significant.
    expect(Number(processing.value_a)).toBeCloseTo(
      mean(DATA.filter((d) => d.algorithm === "HYBRID").map((d) => d.processingMs)),
      9,
    );
    expect(Number(processing.p_value)).toBeGreaterThan(0.05);
    expect(Number(utilization.statistic)).toBeLessThan(-10);
  });

  test("correlates acceptance with confidence, validates the sample and the calibration, and finds the slow batch", async () => {
    const correlations = await rowsOf("bin_optimization_correlation_analysis", "variable_x");
    expect(correlations.map((c) => [c.variable_x, c.variable_y, c.n])).toEqual([
      ["confidence_score", "accepted", 120],
      ["estimated_utilization", "accepted", 120],
    ]);
    expect(Number(correlations[0]!.pearson_r)).toBeGreaterThan(0.9);
    expect(Number(correlations[0]!.pearson_p)).toBeLessThan(1e-10);

    const validations = await rowsOf("bin_optimization_statistical_validations", "validation, subject");
    expect(validations.map((v) => [v.validation, v.subject, v.passed])).toEqual([
      ["ACCEPTANCE_INDEPENDENT_OF_ALGORITHM", "all algorithms", false],
      ["CONFIDENCE_CALIBRATION", "all algorithms", true],
      ["SAMPLE_SIZE", "ENHANCED", true],
      ["SAMPLE_SIZE", "HYBRID", true],
    ]);

    const outliers = await rowsOf("bin_optimization_outliers", "metric, value desc");
    const slow = outliers.filter((o) => o.metric === "PROCESSING_TIME_MS");
    expect(
      slow.map((o) => [o.algorithm, Number(o.value), o.is_z_outlier, o.is_modified_z_outlier, o.is_iqr_outlier]),
    ).toEqual([["HYBRID", 500, true, true, true]]);
    const { rows } = await db.admin.query(
      "select batch_id from app_public.putaway_recommendations where processing_time_ms = 500",
    );
    expect(slow[0]!.subject_id).toBe(rows[0].batch_id);
  });

  test("a second run on the same day replaces the day's rows instead of adding to them", async () => {
    const counts = () =>
      db.admin.query(`select (select count(*) from app_public.bin_optimization_statistical_metrics where tenant_id = tests.tenant_id('st1'))::int as metrics,
                             (select count(*) from app_public.bin_optimization_ab_test_results where tenant_id = tests.tenant_id('st1'))::int as tests,
                             (select count(*) from app_public.bin_optimization_outliers where tenant_id = tests.tenant_id('st1'))::int as outliers`);
    const before = (await counts()).rows[0];
    expect(before).toMatchObject({ tests: 3 });
    const again = computeStatistics("--tenant", "st1");
    expect(again.status, again.stderr).toBe(0);
    expect((await counts()).rows[0]).toEqual(before);
  });

  test("leaves other tenants alone, and refuses a bad window with a clear message", async () => {
    const { rows } = await db.admin.query(
      "select count(*)::int as n from app_public.bin_optimization_statistical_metrics where tenant_id = tests.tenant_id('st2')",
    );
    expect(rows[0].n).toBe(1); // the fixture's own row
    const bad = computeStatistics("--tenant", "st1", "--payload", '{"windowDays": 0}');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/windowDays/);
  });
});

describe("allBinOptimizationStatistics", () => {
  const QUERY = `{ allBinOptimizationStatistics(orderBy: ALGORITHM_ASC) { nodes { tenantId algorithm days recommendations decided
    acceptanceRate meanConfidence meanUtilization acceptanceRateTrendPerDay confidenceTrendPerDay utilizationTrendPerDay facility { code } } } }`;
  type Node = Record<string, unknown> & { tenantId: string; facility: { code: string } };
  const summary = async (tenant: string) => {
    const result = await api.graphql<{ allBinOptimizationStatistics: { nodes: Node[] } }>(
      QUERY,
      {},
      await api.token(tenant, "supervisor"),
    );
    expect(result.errors).toBeUndefined();
    return result.data!.allBinOptimizationStatistics.nodes;
  };

  test("shows the summary to its tenant, and nothing to another", async () => {
    const dc2 = (await summary("st1")).filter((n) => n.facility.code === "DC2");
    expect(dc2.map((n) => [n.algorithm, n.days, n.recommendations, n.decided])).toEqual([
      ["HYBRID", 5, 70, 60],
      ["ENHANCED", 5, 60, 60],
    ]);
    expect(Number(dc2[0]!.acceptanceRate)).toBeCloseTo(0.75, 6);
    const other = await summary("st2");
    const { rows } = await db.admin.query(
      "select tests.tenant_id('st2') as tenant, (select count(*)::int from app_public.bin_optimization_statistical_summary where tenant_id = tests.tenant_id('st2')) as n",
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect(other).toHaveLength(rows[0].n);
    expect(other.every((n) => n.tenantId === rows[0].tenant)).toBe(true);
  });

  test("levels weigh every recommendation; trends are the slopes of the daily values", async () => {
    // Four days, 2, 4, 4 and 8 decisions: acceptance 0, 1/4, 2/4, 6/8 and confidence 0.5 to 0.8, rising
    // linearly (0.25 and 0.1 a day); utilization steady at 0.4.
    await addFacility("DC3");
    const days: Array<[daysAgo: number, decided: number, accepted: number, confidence: number]> = [
      [4, 2, 0, 0.5],
      [3, 4, 1, 0.6],
      [2, 4, 2, 0.7],
      [1, 8, 6, 0.8],
    ];
    const rows: Decision[] = days.flatMap(([daysAgo, decided, accepted, confidence]) =>
      Array.from({ length: decided }, (_, i) => ({
        algorithm: "ENHANCED" as const,
        status: i < accepted ? ("ACCEPTED" as const) : ("OVERRIDDEN" as const),
        confidence,
        utilization: 0.4,
        processingMs: 10,
        daysAgo,
      })),
    );
    await writeRecommendations("DC3", rows, "noon");
    await db.admin.query("select app_private.refresh_statistical_summary()");
    const dc3 = (await summary("st1")).filter((n) => n.facility.code === "DC3");
    expect(dc3).toHaveLength(1);
    expect(dc3[0]).toMatchObject({ algorithm: "ENHANCED", days: 4, recommendations: 18, decided: 18 });
    const figures = Object.fromEntries(
      [
        "acceptanceRate",
        "meanConfidence",
        "meanUtilization",
        "acceptanceRateTrendPerDay",
        "confidenceTrendPerDay",
        "utilizationTrendPerDay",
      ].map((name) => [name, Number(dc3[0]![name])]),
    );
    // Overall 9 of 18 accepted (the mean of the daily rates would say 0.375); confidence 12.6 / 18 (not 0.65).
    expect(figures).toEqual({
      acceptanceRate: 0.5,
      meanConfidence: 0.7,
      meanUtilization: 0.4,
      acceptanceRateTrendPerDay: 0.25,
      confidenceTrendPerDay: 0.1,
      utilizationTrendPerDay: 0,
    });
  });
});

describe("aggregates over the statistics (pg-aggregates)", () => {
  test("sums and groups the stored metrics per algorithm", async () => {
    const result = await api.graphql<{ allBinOptimizationStatisticalMetrics: Record<string, unknown> }>(
      `query($f: UUID!) { allBinOptimizationStatisticalMetrics(condition: { facilityId: $f }) {
         aggregates { sum { decided accepted } max { acceptanceRate } }
         groupedAggregates(groupBy: ALGORITHM) { keys sum { accepted } average { meanUtilization } } } }`,
      {
        f: (await db.admin.query("select facility_id from app_public.facilities where code = 'DC2'")).rows[0]
          .facility_id,
      },
      await api.token("st1", "supervisor"),
    );
    expect(result.errors).toBeUndefined();
    const metrics = result.data!.allBinOptimizationStatisticalMetrics;
    expect(metrics.aggregates).toEqual({
      sum: { decided: "120", accepted: "65" },
      max: { acceptanceRate: "0.750000" },
    });
    const grouped = metrics.groupedAggregates as Array<{
      keys: string[];
      sum: { accepted: string };
      average: { meanUtilization: string };
    }>;
    grouped.sort((a, b) => a.keys[0]!.localeCompare(b.keys[0]!));
    expect(grouped.map((g) => [g.keys, g.sum.accepted])).toEqual([
      [["ENHANCED"], "20"],
      [["HYBRID"], "45"],
    ]);
    expect(Number(grouped[1]!.average.meanUtilization)).toBeCloseTo(
      mean(DATA.filter((d) => d.algorithm === "HYBRID").map((d) => d.utilization)),
      6,
    );
  });
});

describe("the statistics functions as GraphQL query fields", () => {
  test("answer analysts directly, and refuse impossible input with INVALID_INPUT", async () => {
    const token = await api.token("st1", "supervisor");
    const ok = await api.graphql<{
      statWilsonInterval: { low: number; high: number };
      statWelchTTest: { df: number; pValue: number };
    }>(
      `{ statWilsonInterval(successes: "45", total: "60") { low high }
         statWelchTTest(a: [1, 2, 3, 4], b: [2, 4, 6, 8, 10]) { df pValue } }`,
      {},
      token,
    );
    expect(ok.errors).toBeUndefined();
    const [low, high] = wilson(45, 60);
    expect(ok.data!.statWilsonInterval.low).toBeCloseTo(low, 12);
    expect(ok.data!.statWilsonInterval.high).toBeCloseTo(high, 12);
    // Welch-Satterthwaite by hand: variances 5/3 and 10, so df = (5/12 + 2)^2 / ((5/12)^2 / 3 + 2^2 / 4).
    expect(ok.data!.statWelchTTest.df).toBeCloseTo((5 / 12 + 2) ** 2 / ((5 / 12) ** 2 / 3 + 1), 12);

    const bad = await api.graphql(`{ statCorrelation(x: [1, 2, 3], y: [1, 2]) { pearsonR } }`, {}, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/stat_correlation/);
    expect(bad.errors?.[0]?.message).not.toMatch(/\n\s+at /);
  });
});
