/**
 * Trains a tenant's confidence model on the operators' decisions: ACCEPTED is 1, OVERRIDDEN and REJECTED are
 * 0. The most recent fifth of the decisions (at least 20) is held out, so the model is judged on decisions it
 * never saw, in the order they happened. A new model is stored under the next version in ml_model_weights and
 * becomes the active one only if it predicts the hold-out better than always answering the base rate, and no
 * worse than the active model (Brier score, same hold-out).
 */
import type pg from "pg";
import { FEATURES, featureRow } from "./features.ts";
import { type Evaluation, evaluate, fitLogistic, type LogisticModel, predict } from "./logistic.ts";

/** The minimum number of labelled samples before a model is trained. */
export const MIN_SAMPLES = 100;
const HOLDOUT_SHARE = 0.2;
const MIN_HOLDOUT = 20;

export interface TrainingResult {
  tenantId: string;
  status: "TRAINED" | "DECLINED";
  message: string;
  modelVersion?: number;
  activated?: boolean;
  holdout?: Evaluation;
  baseline?: Evaluation;
  active?: Evaluation | null;
}

interface DecisionRow {
  factors: Record<string, number | null>;
  algorithm: string;
  cross_dock_candidate: boolean;
  estimated_utilization: string | null;
  status: string;
}

function isModel(value: unknown): value is LogisticModel {
  const m = value as Partial<LogisticModel> | null;
  return (
    m !== null &&
    typeof m === "object" &&
    Array.isArray(m.features) &&
    Array.isArray(m.coefficients) &&
    Array.isArray(m.mean) &&
    Array.isArray(m.scale) &&
    typeof m.intercept === "number"
  );
}

/** Trains (and maybe activates) a new model for one tenant; runs as the owner. */
export async function trainTenantModel(
  client: pg.ClientBase,
  tenantId: string,
  minSamples = MIN_SAMPLES,
): Promise<TrainingResult> {
  const { rows } = await client.query<DecisionRow>(
    `select factors, algorithm::text as algorithm, cross_dock_candidate, estimated_utilization, status::text as status
       from app_public.putaway_recommendations
      where tenant_id = $1 and status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED') and decided_at is not null
        and deleted_at is null
      order by decided_at, recommendation_id`,
    [tenantId],
  );
  if (rows.length < minSamples) {
    return {
      tenantId,
      status: "DECLINED",
      message: `Training needs at least ${minSamples} decided recommendations; this tenant has ${rows.length}`,
    };
  }
  const x = rows.map((r) =>
    featureRow({
      factors: r.factors,
      algorithm: r.algorithm,
      crossDock: r.cross_dock_candidate,
      estimatedUtilization: r.estimated_utilization === null ? null : Number(r.estimated_utilization),
    }),
  );
  const y: number[] = rows.map((r) => (r.status === "ACCEPTED" ? 1 : 0));
  const holdoutSize = Math.max(MIN_HOLDOUT, Math.round(rows.length * HOLDOUT_SHARE));
  const split = rows.length - holdoutSize;
  const [trainX, trainY, testX, testY] = [x.slice(0, split), y.slice(0, split), x.slice(split), y.slice(split)];
  const accepted = trainY.reduce((s, v) => s + v, 0);
  if (accepted === 0 || accepted === trainY.length) {
    return {
      tenantId,
      status: "DECLINED",
      message: `Every training decision is ${accepted === 0 ? "an override or rejection" : "an acceptance"}: there is nothing to learn yet`,
    };
  }

  const model = fitLogistic(trainX, trainY, [...FEATURES]);
  const holdout = evaluate(
    testX.map((row) => predict(model, row)),
    testY,
  );
  const baseRate = accepted / trainY.length;
  const baseline = evaluate(
    testY.map(() => baseRate),
    testY,
  );

  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock(hashtextextended('train_putaway_model:' || $1, 0))", [tenantId]);
    const { rows: current } = await client.query<{ model_id: string; weights: unknown }>(
      "select model_id, weights from app_public.ml_model_weights where tenant_id = $1 and is_active and deleted_at is null",
      [tenantId],
    );
    const activeWeights = current[0]?.weights;
    const active =
      isModel(activeWeights) && activeWeights.features.join() === FEATURES.join()
        ? evaluate(
            testX.map((row) => predict(activeWeights, row)),
            testY,
          )
        : null;
    const beatsBaseline = holdout.brier < baseline.brier - 1e-12;
    const notWorse = active === null || holdout.brier <= active.brier;
    const activated = beatsBaseline && notWorse;
    const reason = !beatsBaseline
      ? "not activated: no better than always predicting the base rate on the hold-out"
      : !notWorse
        ? "not activated: the active model predicts the hold-out better"
        : "activated";
    if (activated) {
      await client.query(
        "update app_public.ml_model_weights set is_active = false where tenant_id = $1 and is_active",
        [tenantId],
      );
    }
    const { rows: inserted } = await client.query<{ model_version: number }>(
      `insert into app_public.ml_model_weights (tenant_id, model_version, weights, metrics, is_active, trained_at,
         accuracy, auc, brier_score, sample_size, holdout_size, activated_at)
       select $1, coalesce(max(model_version), 0) + 1, $2, $3, $4, now(), $5, $6, $7, $8, $9, case when $4 then now() end
         from app_public.ml_model_weights where tenant_id = $1
       returning model_version`,
      [
        tenantId,
        JSON.stringify(model),
        JSON.stringify({ holdout, baseline, active, baseRate, trainingSize: trainY.length, reason }),
        activated,
        holdout.accuracy.toFixed(5),
        holdout.auc === null ? null : holdout.auc.toFixed(5),
        holdout.brier.toFixed(6),
        trainY.length,
        testY.length,
      ],
    );
    await client.query("commit");
    const modelVersion = inserted[0]!.model_version;
    return {
      tenantId,
      status: "TRAINED",
      message: `Model version ${modelVersion}: accuracy ${(100 * holdout.accuracy).toFixed(1)} % on ${testY.length} held-out decisions; ${reason}`,
      modelVersion,
      activated,
      holdout,
      baseline,
      active,
    };
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
