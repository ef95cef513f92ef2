/**
 * Lower bounds on the number of bins for one-dimensional bin packing, to judge a packing without knowing
 * the optimum.
 */

/**
 * Martello and Toth's L2 bound (Martello & Toth, "Lower bounds and reduction procedures for the bin packing
 * problem", Discrete Applied Mathematics 28, 1990). For each threshold K from 0 to C/2, items larger than
 * C − K each need a bin of their own, items in (C/2, C − K] each need one too, and items in [K, C/2] must fill
 * what those leave:
 *   L(K) = |J1| + |J2| + max(0, ⌈(Σ J3 − (|J2|·C − Σ J2)) / C⌉),  L2 = max over K of L(K).
 * Only K = 0 and the item sizes up to C/2 need checking. O(n log n).
 */
export function lowerBoundL2(capacity: number, sizes: readonly number[]): number {
  if (!(capacity > 0)) throw new RangeError("capacity must be positive");
  for (const size of sizes) {
    if (!(size >= 0) || size > capacity) throw new RangeError(`item size ${size} is not within [0, ${capacity}]`);
  }
  const sorted = [...sizes].filter((s) => s > 0).sort((a, b) => b - a); // descending
  const n = sorted.length;
  if (n === 0) return 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  // count of items with size > t (sorted descending): first index with size <= t
  const countAbove = (t: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // count of items with size >= t
  const countAtLeast = (t: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const half = capacity / 2;
  const thresholds = new Set<number>([0]);
  for (const size of sorted) if (size <= half) thresholds.add(size);
  let best = 0;
  for (const k of thresholds) {
    const j1 = countAbove(capacity - k); // size > C − K
    const j12 = countAbove(half); // size > C/2
    const j2 = j12 - j1; // C/2 < size ≤ C − K
    const j123 = countAtLeast(k); // size ≥ K
    const sumJ2 = prefix[j12]! - prefix[j1]!;
    const sumJ3 = prefix[j123]! - prefix[j12]!;
    const free = j2 * capacity - sumJ2;
    const bound = j1 + j2 + Math.max(0, Math.ceil((sumJ3 - free) / capacity - 1e-9));
    if (bound > best) best = bound;
  }
  return best;
}
