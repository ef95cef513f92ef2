/**
 * Logistic regression for the confidence model: fitted by Newton's method (iteratively reweighted least
 * squares) on standardized features with a small L2 penalty, which converges in a handful of iterations for
 * the dozen features the model has. Plus the hold-out measures the model is judged by: accuracy, AUC, Brier.
 */

export interface LogisticModel {
  features: string[];
  /** Per-feature mean and scale used to standardize inputs. */
  mean: number[];
  scale: number[];
  intercept: number;
  coefficients: number[];
}

export interface FitOptions {
  /** L2 penalty on the coefficients (not the intercept), in units of the standardized features. */
  l2?: number;
  maxIterations?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b for a small dense symmetric positive definite A (Gaussian elimination, partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error("the training data are degenerate (a feature is constant or duplicated)");
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/** Fits P(y = 1 | x) = σ(b + w·z(x)) where z standardizes each feature. */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  features: string[],
  options: FitOptions = {},
): LogisticModel {
  const n = rows.length;
  const d = features.length;
  if (n === 0 || labels.length !== n)
    throw new RangeError("fitLogistic needs as many labels as rows, and at least one");
  if (rows.some((row) => row.length !== d)) throw new RangeError(`every row must have ${d} features`);
  const l2 = options.l2 ?? 1;
  const mean = features.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const scale = features.map((_, j) => {
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n);
    return sd > 1e-12 ? sd : 1;
  });
  const z = rows.map((r) => [1, ...r.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < (options.maxIterations ?? 50); iteration++) {
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    const gradient = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const x = z[i]!;
      let dot = 0;
      for (let j = 0; j <= d; j++) dot += w[j]! * x[j]!;
      const p = sigmoid(dot);
      const weight = Math.max(p * (1 - p), 1e-10);
      const residual = labels[i]! - p;
      for (let j = 0; j <= d; j++) {
        gradient[j]! += residual * x[j]!;
        for (let k = j; k <= d; k++) hessian[j]![k]! += weight * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j <= d; j++) {
      for (let k = 0; k < j; k++) hessian[j]![k] = hessian[k]![j]!;
      if (j > 0) {
        hessian[j]![j]! += l2;
        gradient[j]! -= l2 * w[j]!;
      }
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! += step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) break;
  }
  return { features, mean, scale, intercept: w[0]!, coefficients: w.slice(1) };
}

/** The model's probability for one feature row. */
export function predict(model: LogisticModel, row: readonly number[]): number {
  let dot = model.intercept;
  for (let j = 0; j < model.coefficients.length; j++)
    dot += model.coefficients[j]! * ((row[j]! - model.mean[j]!) / model.scale[j]!);
  return sigmoid(dot);
}

export interface Evaluation {
  n: number;
  /** Share predicted right at threshold 0.5. */
  accuracy: number;
  /** Area under the ROC curve (Mann–Whitney, ties counted half); null when one class is absent. */
  auc: number | null;
  /** Mean squared error of the probabilities. */
  brier: number;
}

/** Accuracy, AUC and Brier score of probabilities against 0/1 labels. */
export function evaluate(probabilities: readonly number[], labels: readonly number[]): Evaluation {
  const n = labels.length;
  if (n === 0 || probabilities.length !== n)
    throw new RangeError("evaluate needs as many probabilities as labels, and at least one");
  let right = 0;
  let squared = 0;
  for (let i = 0; i < n; i++) {
    if ((probabilities[i]! >= 0.5 ? 1 : 0) === labels[i]) right++;
    squared += (probabilities[i]! - labels[i]!) ** 2;
  }
  // AUC from average ranks: (sum of positive ranks − P(P+1)/2) / (P·N).
  const order = probabilities.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const positives = labels.reduce((s, y) => s + y, 0);
  const negatives = n - positives;
  let auc: number | null = null;
  if (positives > 0 && negatives > 0) {
    const rankSum = labels.reduce((s, y, i) => s + (y === 1 ? ranks[i]! : 0), 0);
    auc = (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  }
  return { n, accuracy: right / n, auc, brier: squared / n };
}
