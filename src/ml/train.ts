/**
 * Trains a tenant's confidence model on the operators' decisions: ACCEPTED is 1, OVERRIDDEN and REJECTED are
 * 0. The most recent fifth of the decisions (at least 20) is held out, so the model is judged on decisions it
 * never saw, in the order they happened. Each training stores a new version in ml_model_weights with its
 * hold-out figures: accuracy, AUC, Brier score, and calibration (the expected calibration error over 10
 * equal-width bins and the reliability table, so that a supervisor can check that "confidence 0.87" comes true
 * about 87 % of the time).
 *
 * A new version becomes the active one only on evidence, since its probability then becomes every
 * recommendation's confidence score. A hold-out of some 80 decisions is small: a model fitted to coin flips
 * beats the base rate's Brier score on it about one time in three by luck alone. So all three must hold:
 * - it ranks decisions better than chance: the lower bound of the AUC's 95 % confidence interval (DeLong's
 *   standard error) is above 0.5;
 * - it predicts better than always answering the training base rate: per held-out decision, the base rate's
 *   squared error minus the model's, with a mean above 0 by a one-sided paired t test at 5 %;
 * - it is no worse than the active model (Brier score on the same hold-out; a tie activates the newer one).
 * Together they let 2 to 3 % of noise-trained models through (simulated tenants of 400 and 800 coin-flip
 * decisions), where any Brier gain let a third; a model of a clear rule is still activated 9 times in 10 with
 * 400 decisions and 99 in 100 with 800 (test/unit/model.test.ts tries noise and such a rule).
 *
 * Training on the same decisions again adds nothing: each version keeps a fingerprint of its data (how many
 * decisions, the last decision time, and a hash of the features and of every (recommendation, status) in
 * order), and when the tenant's latest version has the same one, training declines as UNCHANGED.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import {
  type AucInterval,
  aucInterval,
  type Calibration,
  calibration,
  type PairedGain,
  pairedBrierGain,
} from "./evidence.ts";
import { FEATURES, featureRow } from "./features.ts";
import { type Evaluation, evaluate, fitLogistic, type LogisticModel, predict } from "./logistic.ts";

/** The minimum number of labelled samples before a model is trained. */
export const MIN_SAMPLES = 100;
const HOLDOUT_SHARE = 0.2;
const MIN_HOLDOUT = 20;

/** How many of `n` decisions, the most recent, are held out. */
export function holdoutSize(n: number): number {
  return Math.max(MIN_HOLDOUT, Math.round(n * HOLDOUT_SHARE));
}

/** What the hold-out proves about a new model, beyond its point figures. */
export interface Evidence {
  /** The AUC with its DeLong standard error and lower 95 % bound; null with fewer than two of either class. */
  auc: AucInterval | null;
  /** The paired test of its Brier score against always predicting the training base rate. */
  brierGain: PairedGain;
}

export interface Verdict {
  activated: boolean;
  /** "activated", or "not activated: " and why. */
  reason: string;
}

/** The activation rule (see the module's comment), on the evidence and the Brier scores of the same hold-out. */
export function activationVerdict(evidence: Evidence, holdoutBrier: number, activeBrier: number | null): Verdict {
  const { auc, brierGain } = evidence;
  if (auc === null)
    return {
      activated: false,
      reason:
        "not activated: the hold-out has fewer than two acceptances or two overrides, too few to show that the model ranks decisions",
    };
  if (!(auc.lower > 0.5))
    return {
      activated: false,
      reason: `not activated: no evidence that it ranks decisions better than chance (AUC ${auc.auc.toFixed(3)}, 95 % lower bound ${auc.lower.toFixed(3)}, not above 0.5)`,
    };
  if (!brierGain.significant)
    return {
      activated: false,
      reason: `not activated: not significantly better than always predicting the base rate on the hold-out (paired Brier t = ${brierGain.t.toFixed(2)}, needs above ${brierGain.critical.toFixed(2)})`,
    };
  if (activeBrier !== null && holdoutBrier > activeBrier)
    return { activated: false, reason: "not activated: the active model predicts the hold-out better" };
  return { activated: true, reason: "activated" };
}

/** A model fitted and judged on a tenant's decisions, before anything is stored. */
export interface Assessment {
  model: LogisticModel;
  trainingSize: number;
  baseRate: number;
  holdout: Evaluation;
  baseline: Evaluation;
  /** The active model on the same hold-out; null when there is none, or it has other features. */
  active: Evaluation | null;
  calibration: Calibration;
  evidence: Evidence;
  verdict: Verdict;
}

/**
 * Fits a model on the older decisions and judges it on the most recent ones against the base rate and the
 * active model; pure, so that the rule can be tried on many synthetic tenants. A string when there is nothing
 * to learn: the training decisions are all of one kind.
 */
export function assessModel(
  x: readonly number[][],
  y: readonly number[],
  activeModel: LogisticModel | null,
): Assessment | string {
  const split = x.length - holdoutSize(x.length);
  const [trainX, trainY, testX, testY] = [x.slice(0, split), y.slice(0, split), x.slice(split), y.slice(split)];
  const accepted = trainY.reduce((s, v) => s + v, 0);
  if (accepted === 0 || accepted === trainY.length)
    return `Every training decision is ${accepted === 0 ? "an override or rejection" : "an acceptance"}: there is nothing to learn yet`;

  const model = fitLogistic(trainX, trainY, [...FEATURES]);
  const predicted = testX.map((row) => predict(model, row));
  const holdout = evaluate(predicted, testY);
  const baseRate = accepted / trainY.length;
  const constant = testY.map(() => baseRate);
  const baseline = evaluate(constant, testY);
  const active =
    activeModel === null
      ? null
      : evaluate(
          testX.map((row) => predict(activeModel, row)),
          testY,
        );
  const evidence: Evidence = {
    auc: aucInterval(predicted, testY),
    brierGain: pairedBrierGain(predicted, constant, testY),
  };
  return {
    model,
    trainingSize: trainY.length,
    baseRate,
    holdout,
    baseline,
    active,
    calibration: calibration(predicted, testY),
    evidence,
    verdict: activationVerdict(evidence, holdout.brier, active?.brier ?? null),
  };
}

export interface TrainingResult {
  tenantId: string;
  status: "TRAINED" | "DECLINED";
  /** Why a DECLINED training stored nothing. */
  declined?: "TOO_FEW_DECISIONS" | "ONE_CLASS" | "UNCHANGED";
  message: string;
  /** TRAINED: the version stored; UNCHANGED: the latest version, which was trained on the same decisions. */
  modelVersion?: number;
  activated?: boolean;
  holdout?: Evaluation;
  baseline?: Evaluation;
  active?: Evaluation | null;
  calibration?: Calibration;
  evidence?: Evidence;
  /** The fingerprint of the decisions (TRAINED: stored with the version; UNCHANGED: the latest version's). */
  fingerprint?: string;
}

interface DecisionRow {
  recommendation_id: string;
  factors: Record<string, number | null>;
  algorithm: string;
  cross_dock_candidate: boolean;
  estimated_utilization: string | null;
  status: string;
  decided_at: Date;
}

/**
 * The fingerprint of the decisions a model is trained on, oldest first: their number, the last decision time,
 * and a SHA-256 of the feature names (a release that changes them retrains) and of each decision's id and
 * status in order. Decisions are never edited, only added, decided or archived, and each of those changes it.
 */
export function trainingFingerprint(
  decisions: readonly Pick<DecisionRow, "recommendation_id" | "status" | "decided_at">[],
) {
  const hash = createHash("sha256").update(`${FEATURES.join(",")}\n`);
  for (const d of decisions) hash.update(`${d.recommendation_id}:${d.status}\n`);
  const last = decisions.at(-1)?.decided_at.toISOString() ?? "none";
  return `${decisions.length}:${last}:${hash.digest("hex")}`;
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

/**
 * Trains (and maybe activates) a new model for one tenant; runs as the owner. One transaction under the
 * tenant's training lock, so that two trainings at once neither store the same data twice nor race for the
 * active version.
 */
export async function trainTenantModel(
  client: pg.ClientBase,
  tenantId: string,
  minSamples = MIN_SAMPLES,
): Promise<TrainingResult> {
  await client.query("begin");
  try {
    const result = await trainLocked(client, tenantId, minSamples);
    await client.query(result.status === "TRAINED" ? "commit" : "rollback");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

async function trainLocked(client: pg.ClientBase, tenantId: string, minSamples: number): Promise<TrainingResult> {
  await client.query("select pg_advisory_xact_lock(hashtextextended('train_putaway_model:' || $1, 0))", [tenantId]);
  const { rows } = await client.query<DecisionRow>(
    `select recommendation_id, factors, algorithm::text as algorithm, cross_dock_candidate, estimated_utilization,
            status::text as status, decided_at
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
      declined: "TOO_FEW_DECISIONS",
      message: `Training needs at least ${minSamples} decided recommendations; this tenant has ${rows.length}`,
    };
  }
  const fingerprint = trainingFingerprint(rows);
  const { rows: latest } = await client.query<{ model_version: number; training_fingerprint: string | null }>(
    `select model_version, training_fingerprint from app_public.ml_model_weights
      where tenant_id = $1 and deleted_at is null order by model_version desc limit 1`,
    [tenantId],
  );
  if (latest[0] !== undefined && latest[0].training_fingerprint === fingerprint) {
    return {
      tenantId,
      status: "DECLINED",
      declined: "UNCHANGED",
      message: `UNCHANGED: the ${rows.length} decisions are those model version ${latest[0].model_version} was trained on (the last decided at ${rows.at(-1)!.decided_at.toISOString()}); no new version`,
      modelVersion: latest[0].model_version,
      fingerprint,
    };
  }

  const { rows: current } = await client.query<{ weights: unknown }>(
    "select weights from app_public.ml_model_weights where tenant_id = $1 and is_active and deleted_at is null",
    [tenantId],
  );
  const activeWeights = current[0]?.weights;
  const activeModel =
    isModel(activeWeights) && activeWeights.features.join() === FEATURES.join() ? activeWeights : null;
  const x = rows.map((r) =>
    featureRow({
      factors: r.factors,
      algorithm: r.algorithm,
      crossDock: r.cross_dock_candidate,
      estimatedUtilization: r.estimated_utilization === null ? null : Number(r.estimated_utilization),
    }),
  );
  const y = rows.map((r) => (r.status === "ACCEPTED" ? 1 : 0));
  const assessment = assessModel(x, y, activeModel);
  if (typeof assessment === "string")
    return { tenantId, status: "DECLINED", declined: "ONE_CLASS", message: assessment };

  const { model, holdout, baseline, active, evidence, verdict } = assessment;
  if (verdict.activated) {
    await client.query("update app_public.ml_model_weights set is_active = false where tenant_id = $1 and is_active", [
      tenantId,
    ]);
  }
  const { rows: inserted } = await client.query<{ model_version: number }>(
    `insert into app_public.ml_model_weights (tenant_id, model_version, weights, metrics, is_active, trained_at,
       accuracy, auc, brier_score, sample_size, holdout_size, activated_at, calibration_error, reliability,
       training_fingerprint)
     select $1, coalesce(max(model_version), 0) + 1, $2, $3, $4, now(), $5, $6, $7, $8, $9, case when $4 then now() end,
            $10, $11, $12
       from app_public.ml_model_weights where tenant_id = $1
     returning model_version`,
    [
      tenantId,
      JSON.stringify(model),
      JSON.stringify({
        holdout,
        baseline,
        active,
        evidence,
        baseRate: assessment.baseRate,
        trainingSize: assessment.trainingSize,
        reason: verdict.reason,
      }),
      verdict.activated,
      holdout.accuracy.toFixed(5),
      holdout.auc === null ? null : holdout.auc.toFixed(5),
      holdout.brier.toFixed(6),
      assessment.trainingSize,
      holdout.n,
      assessment.calibration.expectedError.toFixed(5),
      JSON.stringify(assessment.calibration.bins),
      fingerprint,
    ],
  );
  const modelVersion = inserted[0]!.model_version;
  const aucFigure =
    evidence.auc === null
      ? "AUC n/a"
      : `AUC ${evidence.auc.auc.toFixed(3)} (95 % lower bound ${evidence.auc.lower.toFixed(3)})`;
  return {
    tenantId,
    status: "TRAINED",
    message:
      `Model version ${modelVersion}: accuracy ${(100 * holdout.accuracy).toFixed(1)} %, ${aucFigure}, ` +
      `Brier ${holdout.brier.toFixed(4)} (base rate ${baseline.brier.toFixed(4)}), ` +
      `calibration error ${assessment.calibration.expectedError.toFixed(3)} on ${holdout.n} held-out decisions; ${verdict.reason}`,
    modelVersion,
    activated: verdict.activated,
    holdout,
    baseline,
    active,
    calibration: assessment.calibration,
    evidence,
    fingerprint,
  };
}
