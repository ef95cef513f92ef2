/**
 * Learning from the operators and the data ENHANCED reads: the weekly-trained confidence model (on
 * synthetic feedback from a known rule), its calibration, its activation rules, retraining on unchanged
 * decisions, its use as the confidence score, and SKU affinity and aisle congestion reaching the engine.
 */
import { Logger, runOnce } from "graphile-worker";
import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { createPool } from "../src/db/pool.ts";
import type { ReliabilityBin } from "../src/ml/evidence.ts";
import { FEATURES, featureRow } from "../src/ml/features.ts";
import { type LogisticModel, predict } from "../src/ml/logistic.ts";
import { MIN_SAMPLES, trainTenantModel } from "../src/ml/train.ts";
import { Random } from "../src/seed/random.ts";
import { taskList } from "../tasks/index.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** The rule behind the synthetic decisions: operators accept close, consolidating, not-too-full locations. */
const rule = (velocity: number, consolidation: number, utilization: number) =>
  sigmoid(-1 + 4 * velocity + 2 * consolidation - 2 * utilization);

interface Synthetic {
  velocity: number;
  consolidation: number;
  utilization: number;
  accepted: boolean;
}

/** `count` decisions whose acceptance probability is `label` (default: the rule). */
function synthetic(count: number, seed: number, label: typeof rule = rule): Synthetic[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const velocity = random.next();
    const consolidation = random.pick([0, 0, 0.6, 1]);
    const utilization = random.next();
    return {
      velocity,
      consolidation,
      utilization,
      accepted: random.chance(label(velocity, consolidation, utilization)),
    };
  });
}

/** How the operators of tenant ml_drift used to decide: like the rule, but blind to how full a location is. */
const oldRule = (velocity: number, consolidation: number) => sigmoid(-1 + 4 * velocity + 2 * consolidation);
/** ml_drift's decisions: 640 of the old habit, then the 160 most recent (the hold-out) by the rule. */
const drift = () => [...synthetic(640, 5, oldRule), ...synthetic(160, 105)];

/** The rule itself as a model over FEATURES (unstandardized: mean 0, scale 1). */
const RULE_MODEL: LogisticModel = {
  features: [...FEATURES],
  mean: FEATURES.map(() => 0),
  scale: FEATURES.map(() => 1),
  intercept: -1,
  coefficients: FEATURES.map((f) => ({ velocity: 4, consolidation: 2, utilization: -2 })[f as string] ?? 0),
};

/** Writes decided recommendations for a tenant of the fixture, oldest first. */
async function writeDecisions(tenant: string, rows: Synthetic[]): Promise<void> {
  await db.admin.query(
    `insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity, cubic_feet, weight_lbs,
       algorithm, confidence_score, reason_code, estimated_utilization, factors, status, actual_location_id, decision_reason_code,
       decided_at, expires_at)
     select f.tenant_id, f.facility_id, m.material_id, l.location_id, 1, 0, 0, 'ENHANCED', 0.5, 'TEST', d.utilization,
            jsonb_build_object('velocity', d.velocity, 'consolidation', d.consolidation, 'utilization', d.utilization,
                               'affinity', null, 'congestion', null, 'expiry', null),
            case when d.accepted then 'ACCEPTED' else 'OVERRIDDEN' end::app_public.recommendation_status,
            l.location_id, case when d.accepted then null else 'OPERATOR' end,
            now() - interval '1 day' + d.ord * interval '1 second', now()
       from unnest($2::float8[], $3::float8[], $4::float8[], $5::boolean[]) with ordinality as d(velocity, consolidation, utilization, accepted, ord)
       join app_public.tenants t on t.code = $1
       join app_public.facilities f on f.tenant_id = t.tenant_id
       join app_public.materials m on m.tenant_id = t.tenant_id and m.code = 'SKU-2'
       join app_public.locations l on l.tenant_id = t.tenant_id and l.code = 'R-02'`,
    [
      tenant,
      rows.map((r) => r.velocity),
      rows.map((r) => r.consolidation),
      rows.map((r) => r.utilization),
      rows.map((r) => r.accepted),
    ],
  );
}

async function train(tenant: string) {
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select tenant_id from app_public.tenants where code = $1", [tenant]);
    return await trainTenantModel(client, rows[0].tenant_id);
  } finally {
    await client.end();
  }
}

describe("train_putaway_model", () => {
  beforeAll(async () => {
    await db.admin.query(
      `select tests.create_tenant_fixture('ml'), tests.create_tenant_fixture('ml_random'), tests.create_tenant_fixture('ml_few'),
              tests.create_tenant_fixture('ml_drift'), tests.create_tenant_fixture('ml_task')`,
    );
    await writeDecisions("ml", synthetic(800, 1));
    await writeDecisions("ml_task", synthetic(400, 4));
    // Coin flips that fool a weak rule: the model fitted to them predicts the hold-out a little better than the
    // base rate does, by luck.
    await writeDecisions(
      "ml_random",
      synthetic(400, 3, () => 0.5),
    );
    await writeDecisions("ml_drift", drift());
    await writeDecisions("ml_few", synthetic(MIN_SAMPLES - 1, 3));
  });

  test("on feedback from a known rule, the model is about as accurate as the rule itself, and is activated", async () => {
    const result = await train("ml");
    expect(result.status).toBe("TRAINED");
    // The rule's own accuracy on the same hold-out (the most recent 20 %).
    const all = synthetic(800, 1);
    const holdout = all.slice(all.length - Math.round(all.length * 0.2));
    const ruleAccuracy =
      holdout.filter((d) => rule(d.velocity, d.consolidation, d.utilization) >= 0.5 === d.accepted).length /
      holdout.length;
    expect(Math.abs(result.holdout!.accuracy - ruleAccuracy)).toBeLessThanOrEqual(0.05);
    expect(result.holdout!.auc).toBeGreaterThan(0.7);
    expect(result.activated).toBe(true);
    const { rows } = await db.admin.query(
      `select model_version, is_active, accuracy, auc, brier_score, sample_size, holdout_size, activated_at from app_public.ml_model_weights
        where tenant_id = tests.tenant_id('ml') order by model_version`,
    );
    // The fixture's own model is version 1; training added version 2 and made it the active one.
    expect(rows.map((r) => [r.model_version, r.is_active])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(rows[1]).toMatchObject({ sample_size: 640, holdout_size: 160 });
    expect(Number(rows[1].accuracy)).toBeCloseTo(result.holdout!.accuracy, 4);
    expect(rows[1].activated_at).not.toBeNull();
    // Activated on evidence: the AUC's lower bound clears 0.5 and the Brier gain over the base rate is significant.
    expect(result.evidence!.auc!.lower).toBeGreaterThan(0.5);
    expect(result.evidence!.brierGain.t).toBeGreaterThan(result.evidence!.brierGain.critical);
    expect(result.message).toMatch(
      /^Model version 2: accuracy [\d.]+ %, AUC 0\.\d{3} \(95 % lower bound 0\.\d{3}\), Brier 0\.\d{4} \(base rate 0\.\d{4}\), calibration error 0\.\d{3} on 160 held-out decisions; activated$/,
    );
  });

  test("the hold-out's calibration is stored with the version: the ECE and a reliability table of the 160 decisions", async () => {
    const { rows } = await db.admin.query<{
      calibration_error: string;
      reliability: ReliabilityBin[];
      holdout_size: number;
    }>(
      `select calibration_error, reliability, holdout_size from app_public.ml_model_weights
        where tenant_id = tests.tenant_id('ml') and model_version = 2`,
    );
    const { calibration_error, reliability, holdout_size } = rows[0]!;
    const ece = Number(calibration_error);
    expect(ece).toBeGreaterThan(0);
    expect(ece).toBeLessThan(0.15);
    expect(reliability.map((b) => [b.from, b.to])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i / 10, (i + 1) / 10]),
    );
    expect(reliability.reduce((s, b) => s + b.count, 0)).toBe(holdout_size);
    // The stored ECE is the table's own: the bins' gaps weighted by their share of the hold-out.
    const fromTable = reliability
      .filter((b) => b.count > 0)
      .reduce((s, b) => s + (b.count / holdout_size) * Math.abs(b.meanPredicted! - b.observedRate!), 0);
    expect(ece).toBeCloseTo(fromTable, 5);
    for (const b of reliability) {
      if (b.count === 0) expect(b).toMatchObject({ meanPredicted: null, observedRate: null });
      else {
        expect(b.meanPredicted).toBeGreaterThanOrEqual(b.from);
        expect(b.meanPredicted).toBeLessThanOrEqual(b.to);
        expect(b.observedRate).toBeGreaterThanOrEqual(0);
        expect(b.observedRate).toBeLessThanOrEqual(1);
      }
    }
  });

  test("training again on unchanged decisions adds no version; one more decision trains a new one", async () => {
    const versions = async () =>
      (
        await db.admin.query(
          "select model_version, is_active from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml') order by model_version",
        )
      ).rows;
    const before = await versions();
    const again = await train("ml");
    expect(again).toMatchObject({ status: "DECLINED", declined: "UNCHANGED", modelVersion: 2 });
    expect(again.message).toMatch(
      /^UNCHANGED: the 800 decisions are those model version 2 was trained on \(the last decided at .+\); no new version$/,
    );
    expect(await versions()).toEqual(before);

    // One more decision, the most recent: the data changed, so a version 3 is trained and judged against version 2.
    await writeDecisions("ml", synthetic(1, 801));
    const changed = await train("ml");
    expect(changed).toMatchObject({ status: "TRAINED", modelVersion: 3 });
    expect(changed.fingerprint).not.toBe(again.fingerprint);
    expect(changed.active).toMatchObject({ n: 160 });
    const after = await versions();
    expect(after.map((r) => r.model_version)).toEqual([1, 2, 3]);
    expect(after.filter((r) => r.is_active)).toHaveLength(1);
  });

  test("a model that predicts the hold-out worse than the active one is not activated, though it beats the base rate", async () => {
    // ml_drift's active model is the rule its recent decisions follow; the new model learns mostly the old habit.
    await db.admin.query(
      `update app_public.ml_model_weights set is_active = false where tenant_id = tests.tenant_id('ml_drift');
       insert into app_public.ml_model_weights (tenant_id, model_version, weights, is_active, activated_at)
         values (tests.tenant_id('ml_drift'), 2, '${JSON.stringify(RULE_MODEL)}', true, now());`,
    );
    const result = await train("ml_drift");
    expect(result.status).toBe("TRAINED");
    expect(result.modelVersion).toBe(3);
    // The active model was judged on the same hold-out: the 160 most recent decisions.
    const holdout = drift().slice(640);
    const ruleBrier =
      holdout.reduce((s, d) => s + (rule(d.velocity, d.consolidation, d.utilization) - (d.accepted ? 1 : 0)) ** 2, 0) /
      holdout.length;
    expect(result.active).toMatchObject({ n: 160 });
    expect(result.active!.brier).toBeCloseTo(ruleBrier, 10);
    expect(result.holdout!.brier).toBeLessThan(result.baseline!.brier - 0.02);
    expect(result.holdout!.brier).toBeGreaterThan(result.active!.brier + 0.02);
    expect(result.activated).toBe(false);
    expect(result.message).toMatch(/not activated: the active model predicts the hold-out better$/);
    const { rows } = await db.admin.query(
      "select model_version, is_active, activated_at is not null as was_activated from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml_drift') order by model_version",
    );
    expect(rows).toEqual([
      { model_version: 1, is_active: false, was_activated: false },
      { model_version: 2, is_active: true, was_activated: true },
      { model_version: 3, is_active: false, was_activated: false },
    ]);
  });

  test("a model trained on random labels is stored but not activated: nothing shows it is better than chance", async () => {
    const result = await train("ml_random");
    expect(result.status).toBe("TRAINED");
    expect(result.activated).toBe(false);
    // Any Brier gain over the base rate used to activate it; its AUC's confidence interval reaches below 0.5.
    expect(result.holdout!.brier).toBeLessThan(result.baseline!.brier);
    expect(result.evidence!.auc!.lower).toBeLessThan(0.5);
    expect(result.message).toMatch(
      /; not activated: no evidence that it ranks decisions better than chance \(AUC 0\.\d{3}, 95 % lower bound 0\.\d{3}, not above 0\.5\)$/,
    );
    expect(result.calibration!.bins.reduce((s, b) => s + b.count, 0)).toBe(80);
    const { rows } = await db.admin.query(
      "select model_version, is_active from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml_random') order by model_version",
    );
    expect(rows).toEqual([
      { model_version: 1, is_active: true },
      { model_version: 2, is_active: false },
    ]);
  });

  test("with fewer than 100 decisions, training declines and says why", async () => {
    const result = await train("ml_few");
    expect(result).toMatchObject({
      status: "DECLINED",
      declined: "TOO_FEW_DECISIONS",
      message: `Training needs at least 100 decided recommendations; this tenant has ${MIN_SAMPLES - 1}`,
    });
    const { rows } = await db.admin.query(
      "select count(*)::int as n from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml_few')",
    );
    expect(rows[0].n).toBe(1);
  });

  test("the task logs the figures, the verdict and the reliability table, and UNCHANGED when run again", async () => {
    const pool = createPool(db.ownerUrl, 2, "test-training-task");
    const lines: string[] = [];
    const logger = new Logger(() => (level, message) => {
      if (level === "info" && message.startsWith("Confidence model of tenant ml_task")) lines.push(message);
    });
    const runTraining = async () => {
      await db.admin.query(
        "select graphile_worker.add_job('train_putaway_model', json_build_object('tenantId', tests.tenant_id('ml_task')))",
      );
      await runOnce({ pgPool: pool, taskList, noHandleSignals: true, logger });
    };
    try {
      await runTraining();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^Confidence model of tenant ml_task: Model version 2: accuracy .* calibration error 0\.\d{3} on 80 held-out decisions; (activated|not activated: .+)$/,
      );
      expect(lines[1]).toMatch(
        /^Confidence model of tenant ml_task, version 2, calibration on the hold-out: predicted → observed per bin: (\d\.\d–\d\.\d: \d\.\d\d → \d\.\d\d \(n=\d+\)(; |$))+/,
      );
      // The bins' counts in the log add up to the hold-out.
      const counts = [...lines[1]!.matchAll(/\(n=(\d+)\)/g)].map((m) => Number(m[1]));
      expect(counts.reduce((s, n) => s + n, 0)).toBe(80);
      await runTraining();
      expect(lines).toHaveLength(3);
      expect(lines[2]).toMatch(
        /^Confidence model of tenant ml_task: UNCHANGED: the 400 decisions are those model version 2 /,
      );
      const { rows } = await db.admin.query(
        "select count(*)::int as n from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml_task')",
      );
      expect(rows[0].n).toBe(2);
    } finally {
      await pool.end();
    }
  });

  test("with ML_MODEL_ENABLED the confidence score is the active model's probability of acceptance", async () => {
    const token = await api.token("ml", "operator");
    const ids = (
      await db.admin.query(
        "select f.facility_id, m.material_id from app_public.facilities f join app_public.materials m using (tenant_id) where f.tenant_id = tests.tenant_id('ml') and m.code = 'SKU-1'",
      )
    ).rows[0];
    const result = await api.graphql<{
      createBatchPutawayRecommendations: {
        recommendations: Array<{ recommendationId: string; confidenceScore: number }>;
      };
    }>(
      `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) { recommendations { recommendationId confidenceScore } } }`,
      {
        input: {
          facilityId: ids.facility_id,
          algorithm: "ENHANCED",
          items: [{ materialId: ids.material_id, quantity: 1 }],
        },
      },
      token,
    );
    expect(result.errors).toBeUndefined();
    const [rec] = result.data!.createBatchPutawayRecommendations.recommendations;
    const saved = (
      await db.admin.query(
        "select factors, algorithm::text, cross_dock_candidate, estimated_utilization, confidence_score from app_public.putaway_recommendations where recommendation_id = $1",
        [rec!.recommendationId],
      )
    ).rows[0];
    const model = (
      await db.admin.query(
        "select weights from app_public.ml_model_weights where tenant_id = tests.tenant_id('ml') and is_active",
      )
    ).rows[0].weights as LogisticModel;
    const expected = predict(
      model,
      featureRow({
        factors: saved.factors,
        algorithm: saved.algorithm,
        crossDock: saved.cross_dock_candidate,
        estimatedUtilization: Number(saved.estimated_utilization),
      }),
    );
    expect(rec!.confidenceScore).toBeCloseTo(expected, 2);
    expect(Number(saved.confidence_score)).toBeCloseTo(expected, 2);
  });
});

describe("affinity and congestion reach ENHANCED", () => {
  test("once computed, ENHANCED uses them and its reason code stops saying the data is missing", async () => {
    await db.admin.query("select tests.create_tenant_fixture('aff')");
    // SKU-1 and SKU-2 ordered together twice, and two orders of something else, so that the pair's lift is
    // above 1 (2 · 5 orders / (3 · 2)); SKU-1 is stored in aisle A01 (location R-01).
    await db.admin.query(`
      insert into app_public.materials (tenant_id, code) values (tests.tenant_id('aff'), 'OTHER');
      insert into app_public.outbound_orders (tenant_id, facility_id, order_number, due_at)
        select tenant_id, facility_id, 'AFF-' || n, now() + interval '5 days' from app_public.facilities, generate_series(1, 4) n
         where tenant_id = tests.tenant_id('aff');
      insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
        select o.tenant_id, o.outbound_order_id, m.k, m.material_id, 1, o.due_at
          from app_public.outbound_orders o
          join (select material_id, code, row_number() over (order by code) as k from app_public.materials where tenant_id = tests.tenant_id('aff')) m
            on (o.order_number in ('AFF-1', 'AFF-2')) = (m.code in ('SKU-1', 'SKU-2'))
         where o.tenant_id = tests.tenant_id('aff') and o.order_number like 'AFF-%';
      select app_private.refresh_sku_affinity(), app_private.refresh_aisle_congestion();`);
    const ids = (
      await db.admin.query(
        "select f.facility_id, m.material_id from app_public.facilities f join app_public.materials m using (tenant_id) where f.tenant_id = tests.tenant_id('aff') and m.code = 'SKU-2'",
      )
    ).rows[0];
    const result = await api.graphql<{
      getBatchPutawayRecommendations: {
        recommendations: Array<{ reasonCode: string; skuAffinityScore: number | null; locationCode: string }>;
      };
    }>(
      `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { recommendations { reasonCode skuAffinityScore locationCode } } }`,
      {
        input: {
          facilityId: ids.facility_id,
          algorithm: "ENHANCED",
          items: [{ materialId: ids.material_id, quantity: 1 }],
        },
      },
      await api.token("aff"),
    );
    expect(result.errors).toBeUndefined();
    const [rec] = result.data!.getBatchPutawayRecommendations.recommendations;
    expect(rec!.reasonCode).not.toMatch(/NO_AFFINITY_DATA|NO_CONGESTION_DATA/);
    // Every order of SKU-2 also holds SKU-1: confidence 1, and the location is in SKU-1's aisle.
    expect(rec!.skuAffinityScore).toBe(1);
    expect(rec!.reasonCode).toMatch(/AFFINITY/);
  });
});
