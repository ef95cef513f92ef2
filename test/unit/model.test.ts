/**
 * The confidence model's mathematics, without a database: logistic regression recovers a known rule, the
 * hold-out measures behave as documented, and the activation rule refuses models fitted to noise while it
 * still activates models of a rule the operators follow.
 */
import { describe, expect, test } from "vitest";
import {
  aucInterval,
  CALIBRATION_BINS,
  calibration,
  pairedBrierGain,
  reliabilityLine,
  studentQuantile,
  Z_95,
} from "../../src/ml/evidence.ts";
import { featureRow } from "../../src/ml/features.ts";
import { evaluate, fitLogistic } from "../../src/ml/logistic.ts";
import { type Assessment, activationVerdict, assessModel, type Evidence } from "../../src/ml/train.ts";
import { Random } from "../../src/seed/random.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("logistic regression", () => {
  test("recovers the coefficients of a known rule from its samples", () => {
    const random = new Random(3);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = random.between(-1, 1);
      const b = random.between(-1, 1);
      rows.push([a, b]);
      labels.push(random.chance(sigmoid(0.5 + 2 * a - 1 * b)) ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, ["a", "b"], { l2: 0 });
    // Back from standardized units: the coefficient per raw unit is w / scale.
    expect(model.coefficients[0]! / model.scale[0]!).toBeCloseTo(2, 0);
    expect(model.coefficients[1]! / model.scale[1]!).toBeCloseTo(-1, 0);
  });

  test("AUC counts ties as half, and is null without both classes", () => {
    expect(evaluate([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc).toBeCloseTo(0.75, 10);
    expect(evaluate([0.5, 0.5], [0, 1]).auc).toBe(0.5);
    expect(evaluate([0.2, 0.9], [1, 1]).auc).toBeNull();
    expect(evaluate([0.2, 0.9], [0, 1])).toMatchObject({ accuracy: 1, brier: (0.04 + 0.01) / 2 });
  });
});

describe("calibration", () => {
  test("the reliability table bins predictions by tenths, and the ECE weighs each bin's gap by its size", () => {
    // Bin 0.1–0.2: 0.1 and 0.15 (mean 0.125), none accepted; bin 0.8–0.9: 0.8 and 0.85 (mean 0.825), one of two
    // accepted; bin 0.9–1.0 holds 1.0 itself, accepted.
    const table = calibration([0.1, 0.15, 0.8, 0.85, 1], [0, 0, 1, 0, 1]);
    expect(table.bins).toHaveLength(CALIBRATION_BINS);
    expect(table.bins[1]).toEqual({ from: 0.1, to: 0.2, count: 2, meanPredicted: 0.125, observedRate: 0 });
    expect(table.bins[8]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(table.bins[8]!.meanPredicted).toBeCloseTo(0.825, 12);
    expect(table.bins[9]).toMatchObject({ count: 1, meanPredicted: 1, observedRate: 1 });
    expect(table.bins[0]).toEqual({ from: 0, to: 0.1, count: 0, meanPredicted: null, observedRate: null });
    expect(table.expectedError).toBeCloseTo((2 / 5) * 0.125 + (2 / 5) * 0.325 + 0, 12);
    expect(reliabilityLine(table)).toBe(
      "predicted → observed per bin: 0.1–0.2: 0.13 → 0.00 (n=2); 0.8–0.9: 0.82 → 0.50 (n=2); 0.9–1.0: 1.00 → 1.00 (n=1)",
    );
  });

  test("probabilities that come true as often as they say have an ECE near 0; overconfident ones, the gap", () => {
    const random = new Random(11);
    const honest: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const p = random.next();
      honest.push(p);
      labels.push(random.chance(p) ? 1 : 0);
    }
    expect(calibration(honest, labels).expectedError).toBeLessThan(0.02);
    // Saying 0.9 about coin flips: off by 0.4 everywhere.
    const coin = labels.map(() => (random.chance(0.5) ? 1 : 0));
    const overconfident = calibration(
      coin.map(() => 0.9),
      coin,
    );
    expect(overconfident.expectedError).toBeGreaterThan(0.37);
    expect(overconfident.expectedError).toBeLessThan(0.43);
    expect(overconfident.bins.reduce((s, b) => s + b.count, 0)).toBe(coin.length);
  });
});

describe("evidence on the hold-out", () => {
  test("DeLong's standard error of the AUC, by hand on four decisions", () => {
    // Acceptances 0.35 and 0.8 beat 1/2 and 2/2 of the overrides; overrides 0.1 and 0.4 are beaten by 2/2 and
    // 1/2 of the acceptances: both components have variance 0.125, so SE² = 0.125/2 + 0.125/2.
    const interval = aucInterval([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])!;
    expect(interval.auc).toBeCloseTo(0.75, 12);
    expect(interval.standardError).toBeCloseTo(Math.sqrt(0.125), 12);
    expect(interval.lower).toBeCloseTo(0.75 - 1.959964 * Math.sqrt(0.125), 5);
    expect(aucInterval([0.1, 0.4, 0.8], [0, 1, 1])).toBeNull();
  });

  test("on scores unrelated to the labels, the standard error is the Mann–Whitney one", () => {
    const random = new Random(7);
    const scores = Array.from({ length: 3000 }, () => random.next());
    const labels: number[] = scores.map(() => (random.chance(0.3) ? 1 : 0));
    const p = labels.reduce((s, y) => s + y, 0);
    const n = labels.length - p;
    const interval = aucInterval(scores, labels)!;
    expect(interval.standardError / Math.sqrt((p + n + 1) / (12 * p * n))).toBeCloseTo(1, 1);
    expect(interval.auc).toBeCloseTo(evaluate(scores, labels).auc!, 12);
  });

  test("Student's one-sided 5 % quantiles agree with the tables", () => {
    for (const [df, t] of [
      [5, 2.015],
      [10, 1.812],
      [19, 1.729],
      [30, 1.697],
      [79, 1.664],
      [1000, 1.646],
    ] as const)
      expect(Math.abs(studentQuantile(Z_95, df) - t)).toBeLessThan(0.001);
  });

  test("the paired Brier test, by hand: gains of 0.21, 0.21, 0.09, 0.09 have t = 2.5 · √3", () => {
    // Candidate 0.8/0.2 against a reference of 0.5: (0.5 − y)² − (0.8 − y)² = 0.25 − 0.04 for y = 1, …
    const gain = pairedBrierGain([0.8, 0.2, 0.6, 0.4], [0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]);
    expect(gain.mean).toBeCloseTo(0.15, 12);
    // (0.21, 0.21, 0.09, 0.09): mean 0.15, sample SD √(4 · 0.0036 / 3), SE = SD / 2.
    expect(gain.standardError).toBeCloseTo(Math.sqrt((4 * 0.0036) / 3) / 2, 12);
    expect(gain.t).toBeCloseTo(2.5 * Math.sqrt(3), 9);
    expect(gain.critical).toBeCloseTo(2.353, 2);
    expect(gain.significant).toBe(true);
    // The same predictions against the labels turned round lose.
    expect(pairedBrierGain([0.8, 0.2, 0.6, 0.4], [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]).significant).toBe(false);
  });
});

describe("the activation rule", () => {
  const evidence = (lower: number, t: number): Evidence => ({
    auc: { auc: lower + 0.1, standardError: 0.05, lower },
    brierGain: { mean: 0.01, standardError: 0.01 / t, t, critical: 1.66, significant: t > 1.66 },
  });

  test("activates only on both kinds of evidence, and never a model worse than the active one", () => {
    expect(activationVerdict(evidence(0.55, 2.5), 0.2, null)).toEqual({ activated: true, reason: "activated" });
    expect(activationVerdict(evidence(0.49, 2.5), 0.2, null)).toEqual({
      activated: false,
      reason:
        "not activated: no evidence that it ranks decisions better than chance (AUC 0.590, 95 % lower bound 0.490, not above 0.5)",
    });
    expect(activationVerdict(evidence(0.55, 1.2), 0.2, null).reason).toBe(
      "not activated: not significantly better than always predicting the base rate on the hold-out (paired Brier t = 1.20, needs above 1.66)",
    );
    expect(activationVerdict({ ...evidence(0.55, 2.5), auc: null }, 0.2, null).activated).toBe(false);
    // Against the active model, on the same hold-out: a tie activates the newer one, a worse score does not.
    expect(activationVerdict(evidence(0.55, 2.5), 0.2, 0.2).activated).toBe(true);
    expect(activationVerdict(evidence(0.55, 2.5), 0.2, 0.19)).toEqual({
      activated: false,
      reason: "not activated: the active model predicts the hold-out better",
    });
  });

  /**
   * `count` decisions as training reads them: the engine's factors of an ENHANCED placement, accepted with
   * probability `accept(velocity, consolidation, utilization)`.
   */
  function decisions(count: number, seed: number, accept: (v: number, c: number, u: number) => number) {
    const random = new Random(seed);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < count; i++) {
      const velocity = random.next();
      const consolidation = random.pick([0, 0, 0.6, 1]);
      const utilization = random.next();
      x.push(
        featureRow({
          factors: { velocity, consolidation, utilization, affinity: null, congestion: null, expiry: null },
          algorithm: "ENHANCED",
          crossDock: false,
          estimatedUtilization: utilization,
        }),
      );
      y.push(random.chance(accept(velocity, consolidation, utilization)) ? 1 : 0);
    }
    return { x, y };
  }

  const assessed = (count: number, seed: number, accept: (v: number, c: number, u: number) => number) => {
    const { x, y } = decisions(count, seed, accept);
    const result = assessModel(x, y, null);
    if (typeof result === "string") throw new Error(result);
    return result;
  };

  test("models fitted to coin flips, 400 decisions each (80 held out), are refused in nearly every trial", () => {
    const trials: Assessment[] = [];
    for (let seed = 1; seed <= 20; seed++) trials.push(assessed(400, seed, () => 0.5));
    // The old rule (any Brier gain over the base rate) would have activated several of these same models:
    // the trials are the kind that fooled it.
    const luckyBrier = trials.filter((t) => t.holdout.brier < t.baseline.brier).length;
    expect(luckyBrier).toBeGreaterThanOrEqual(3);
    const activated = trials.filter((t) => t.verdict.activated);
    expect(activated.length).toBeLessThanOrEqual(1);
    for (const t of trials) {
      expect(t.holdout.n).toBe(80);
      expect(t.calibration.bins.reduce((s, b) => s + b.count, 0)).toBe(80);
    }
  });

  test("a rule the operators follow (acceptance depends on the factors) is learned and activated", () => {
    const rule = (v: number, c: number, u: number) => sigmoid(-1 + 4 * v + 2 * c - 2 * u);
    for (let seed = 1; seed <= 5; seed++) {
      const result = assessed(800, seed, rule);
      expect(result.verdict).toEqual({ activated: true, reason: "activated" });
      expect(result.evidence.auc!.lower).toBeGreaterThan(0.6);
      expect(result.evidence.brierGain.significant).toBe(true);
      // Well calibrated on 160 decisions: the binning noise alone is a few hundredths.
      expect(result.calibration.expectedError).toBeLessThan(0.15);
    }
    // One factor alone is enough when its effect is clear.
    const velocityOnly = assessed(800, 9, (v) => sigmoid(-1.5 + 3 * v));
    expect(velocityOnly.verdict.activated).toBe(true);
  });
});
