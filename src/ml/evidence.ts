/**
 * What a hold-out can prove about the confidence model, beyond its point figures (logistic.ts):
 * - calibration: whether "confidence 0.87" comes true 87 % of the time (expected calibration error and the
 *   reliability table a supervisor can check against the decisions);
 * - the AUC's standard error (DeLong) and lower 95 % confidence bound: whether the model ranks acceptances above
 *   overrides better than chance, or only seemed to on these few decisions;
 * - a paired test of the Brier score against a reference (the base rate): per decision, how much closer the model
 *   came, and whether the mean gain is more than noise.
 * A few dozen held-out decisions make every point figure wobble; these say how far it can be trusted.
 */

/** One bin of a reliability table: predictions in [from, to) (the last bin includes 1). */
export interface ReliabilityBin {
  from: number;
  to: number;
  /** Held-out decisions whose prediction fell in the bin. */
  count: number;
  /** Their mean predicted probability of acceptance; null for an empty bin. */
  meanPredicted: number | null;
  /** The share of them that were accepted; null for an empty bin. */
  observedRate: number | null;
}

export interface Calibration {
  /**
   * Expected calibration error: the mean over bins of |mean predicted − observed rate|, weighted by the bin's
   * share of the decisions; 0 is perfectly calibrated, and it can never exceed 1.
   */
  expectedError: number;
  /** Every bin, in order, empty ones too, so that the table has the same rows for every model. */
  bins: ReliabilityBin[];
}

/** The number of equal-width bins of the reliability table. */
export const CALIBRATION_BINS = 10;

/** Expected calibration error and reliability table of probabilities against 0/1 labels. */
export function calibration(
  probabilities: readonly number[],
  labels: readonly number[],
  binCount = CALIBRATION_BINS,
): Calibration {
  const n = labels.length;
  if (n === 0 || probabilities.length !== n)
    throw new RangeError("calibration needs as many probabilities as labels, and at least one");
  const counts = new Array<number>(binCount).fill(0);
  const predicted = new Array<number>(binCount).fill(0);
  const accepted = new Array<number>(binCount).fill(0);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor(p * binCount)));
    counts[bin]!++;
    predicted[bin]! += p;
    accepted[bin]! += labels[i]!;
  }
  let expectedError = 0;
  const bins = counts.map((count, b): ReliabilityBin => {
    const meanPredicted = count === 0 ? null : predicted[b]! / count;
    const observedRate = count === 0 ? null : accepted[b]! / count;
    if (count > 0) expectedError += (count / n) * Math.abs(meanPredicted! - observedRate!);
    return { from: b / binCount, to: (b + 1) / binCount, count, meanPredicted, observedRate };
  });
  return { expectedError, bins };
}

/** The reliability table in one line for a log: `0.6–0.7: 0.65 → 0.62 (n=21)` per non-empty bin. */
export function reliabilityLine(table: Calibration): string {
  const cells = table.bins
    .filter((b) => b.count > 0)
    .map(
      (b) =>
        `${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${b.meanPredicted!.toFixed(2)} → ${b.observedRate!.toFixed(2)} (n=${b.count})`,
    );
  return `predicted → observed per bin: ${cells.join("; ")}`;
}

/** Ranks 1..n of values, ties given their mean rank. */
function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** The normal quantiles this module needs: one-sided 5 % and two-sided 5 %. */
export const Z_95 = 1.6448536269514722;
export const Z_975 = 1.959963984540054;

export interface AucInterval {
  /** The AUC (Mann–Whitney, ties counted half). */
  auc: number;
  /** DeLong's standard error. */
  standardError: number;
  /** The lower bound of its two-sided 95 % confidence interval (AUC − 1.96 SE). */
  lower: number;
}

/**
 * The AUC with DeLong's standard error, from the structural components computed by midranks (Sun and Xu's fast
 * form, O(n log n)): each acceptance's share of overrides scored below it, each override's share of acceptances
 * scored above it, ties counted half. DeLong assumes no distribution of the scores (Hanley–McNeil's formula
 * assumes exponential ones). Null when either class has fewer than two decisions: no variance can be estimated.
 */
export function aucInterval(probabilities: readonly number[], labels: readonly number[]): AucInterval | null {
  const n = labels.length;
  if (probabilities.length !== n) throw new RangeError("aucInterval needs as many probabilities as labels");
  const positives = probabilities.filter((_, i) => labels[i] === 1);
  const negatives = probabilities.filter((_, i) => labels[i] !== 1);
  const m = positives.length;
  const k = negatives.length;
  if (m < 2 || k < 2) return null;
  const all = midranks(probabilities);
  const within = [midranks(positives), midranks(negatives)] as const;
  const v10: number[] = [];
  const v01: number[] = [];
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) v10.push((all[i]! - within[0][p++]!) / k);
    else v01.push(1 - (all[i]! - within[1][q++]!) / m);
  }
  const auc = v10.reduce((s, v) => s + v, 0) / m;
  const s10 = v10.reduce((s, v) => s + (v - auc) ** 2, 0) / (m - 1);
  const s01 = v01.reduce((s, v) => s + (v - auc) ** 2, 0) / (k - 1);
  const standardError = Math.sqrt(s10 / m + s01 / k);
  return { auc, standardError, lower: auc - Z_975 * standardError };
}

/**
 * Student's t quantile for `df` degrees of freedom at the normal quantile `z` (Cornish–Fisher expansion to the
 * fourth order, Abramowitz and Stegun 26.7.5): within 0.001 of the tables from 5 degrees of freedom on, which the
 * hold-out (at least 20 decisions) always has.
 */
export function studentQuantile(z: number, df: number): number {
  if (!(df >= 1)) throw new RangeError("studentQuantile needs at least one degree of freedom");
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface PairedGain {
  /** Mean over decisions of (reference's squared error − candidate's): positive when the candidate is closer. */
  mean: number;
  standardError: number;
  /** mean / standardError (Infinity when every decision gains the same positive amount). */
  t: number;
  /** The one-sided 5 % critical value of Student's t with n − 1 degrees of freedom. */
  critical: number;
  /** Whether t exceeds it: the candidate's Brier score is lower than the reference's, beyond noise. */
  significant: boolean;
}

/**
 * The paired test of Brier scores: per held-out decision, the reference's squared error minus the candidate's;
 * one-sided t test that their mean is above 0 at 5 %. Pairing removes what the two share (how hard each decision
 * was), so it sees a real gain that two separate Brier scores would hide in their noise, and refuses one that
 * only a few lucky decisions make.
 */
export function pairedBrierGain(
  candidate: readonly number[],
  reference: readonly number[],
  labels: readonly number[],
): PairedGain {
  const n = labels.length;
  if (n < 2 || candidate.length !== n || reference.length !== n)
    throw new RangeError("pairedBrierGain needs as many probabilities of each as labels, and at least two");
  const gains = labels.map((y, i) => (reference[i]! - y) ** 2 - (candidate[i]! - y) ** 2);
  const mean = gains.reduce((s, g) => s + g, 0) / n;
  const variance = gains.reduce((s, g) => s + (g - mean) ** 2, 0) / (n - 1);
  const standardError = Math.sqrt(variance / n);
  // Rounding leaves a variance of ~1e-34 where the gains are equal: treat that as none.
  const t = standardError > 1e-12 ? mean / standardError : mean > 1e-12 ? Number.POSITIVE_INFINITY : 0;
  const critical = studentQuantile(Z_95, n - 1);
  return { mean, standardError, t, critical, significant: t > critical };
}
