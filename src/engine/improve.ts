/**
 * The improvement phase of HYBRID: a one-dimensional bin packing packed again into fewer bins, towards a lower
 * bound, within a budget of time and of iterations (whichever runs out first); deterministic for a given seed
 * when only the iteration budget ends it. The service runs it on the positions a batch opens (repack.ts), the
 * offline command and the BPPLIB benchmark on whole instances (bins.ts).
 *
 *  1. Perturbation-SAWMBS constructions (after Fleszar & Hindi 2002, MBS', and Fleszar & Charalambous 2011,
 *     average-weight control): bins are filled one at a time; the item with the largest key always opens the
 *     bin, and a bounded enumeration over the remaining sizes (as a multiset of distinct sizes, so equal items
 *     are never enumerated twice) picks the completion with the least slack. Sets whose average size is at
 *     least the average of the remaining items are preferred when they are nearly as full. The keys are the
 *     sizes times random factors (and a learnt weight that grows for sizes that end in poorly filled bins).
 *  2. A pool search: the two least filled bins of the incumbent are emptied into a pool and a tabu search swaps
 *     0–2 items of a bin against 1–2 items of the pool, filling the bins as much as possible, until the pool
 *     fits into one bin: that saves a bin, and the search goes on with the new packing.
 *  3. A slack-budget large neighbourhood search (the strongest part on instances whose bins must be exactly
 *     full, such as the Falkenauer triplets): for T = best − 1 bins at most T·C − Σ sizes may be wasted; bins
 *     within that budget are kept, moves destroy 1–9 random bins and rebuild bins from the leftovers (largest
 *     leftover + least-slack completion, as long as the budget allows), kept when the leftover sum does not grow.
 * The driver runs two deterministic constructions (MBS', which always finishes, and SAWMBS), then rounds of 1, 2
 * and 3 until the budget runs out or the packing meets the lower bound. One iteration = one construction, one
 * pool-search step or one LNS move. The answer never has more bins than the start.
 */

export interface ImproveOptions {
  /** Stop as soon as the packing has this many bins. */
  lowerBound: number;
  /** Milliseconds the search may take (default 100). */
  budgetMs?: number;
  /** Iterations the search may take (default: no limit); set it for results that do not depend on speed. */
  maxIterations?: number;
  /** Seed of the search's random choices (default 1). */
  seed?: number;
}

/** Small seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

/** The items as a multiset of distinct sizes, largest first. */
interface Multiset {
  /** Distinct sizes, decreasing (whole numbers up to 2^53: capacity units of the largest locations). */
  size: Float64Array;
  /** How many items of each distinct size. */
  count: Int32Array;
  /** The items of each distinct size. */
  items: number[][];
  /** Distinct size index of each item. */
  kind: Int32Array;
}

function toMultiset(sizes: readonly number[]): Multiset {
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const sz: number[] = [];
  const items: number[][] = [];
  const kind = new Int32Array(sizes.length);
  for (const i of order) {
    if (sz.length === 0 || sz[sz.length - 1] !== sizes[i]) {
      sz.push(sizes[i]!);
      items.push([]);
    }
    kind[i] = sz.length - 1;
    items[items.length - 1]!.push(i);
  }
  return {
    size: Float64Array.from(sz),
    count: Int32Array.from(items.map((list) => list.length)),
    items,
    kind,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Construction: (perturbed) SAWMBS
// ---------------------------------------------------------------------------------------------------------

interface BuildParams {
  /** Distinct-size indices in key order (the first available one opens each bin). */
  order: Int32Array;
  /** A set passing the average-weight test is preferred when its load is within this much of the fullest. */
  tolerance: number;
  /** Enumeration nodes per bin. */
  nodeLimit: number;
}

/**
 * Builds a packing bin by bin; returns bins as lists of distinct-size indices. Stops early (returns null)
 * as soon as the packing cannot beat `cutoff` bins, or `stop` says the time is up.
 */
function buildSAWMBS(
  capacity: number,
  ms: Multiset,
  p: BuildParams,
  cutoff: number,
  stop: () => boolean,
): Int32Array[] | null {
  const k = ms.size.length;
  const order = p.order;
  const size = ms.size;
  const left = Int32Array.from(ms.count); // per distinct size
  let remCount = 0;
  let remSum = 0;
  for (let j = 0; j < k; j++) {
    remCount += left[j]!;
    remSum += left[j]! * size[j]!;
  }
  const bins: Int32Array[] = [];
  // Enumeration state over positions of `order`.
  const suffix = new Float64Array(k + 1); // sum of available sizes from position q on
  const take = new Int32Array(k); // count taken of order[q] in the current set
  const bestAllTake = new Int32Array(k);
  const bestCtrlTake = new Int32Array(k);
  let head = 0; // first position of `order` that may still have items
  while (remCount > 0) {
    if (bins.length + Math.ceil(remSum / capacity - 1e-9) >= cutoff || stop()) return null;
    while (left[order[head]!]! === 0) head++;
    const first = order[head]!;
    const avgRemaining = remSum / remCount;
    left[first]!--;
    const room = capacity - size[first]!;
    // suffix sums of what is left (in order)
    suffix[k] = 0;
    for (let q = k - 1; q >= head; q--) suffix[q] = suffix[q + 1]! + left[order[q]!]! * size[order[q]!]!;
    let bestAll = -1;
    let bestCtrl = -1;
    let bestAllEnd = head;
    let bestCtrlEnd = head;
    let nodes = 0;
    const firstSize = size[first]!;
    // Depth-first over positions q, choosing how many of order[q] to take (most first).
    const dfs = (q: number, load: number, cnt: number): boolean => {
      // returns true to stop the whole search
      nodes++;
      const total = firstSize + load;
      if (load > bestAll) {
        bestAll = load;
        for (let t = head; t < q; t++) bestAllTake[t] = take[t]!;
        bestAllEnd = q;
      }
      if (load > bestCtrl && total >= avgRemaining * (cnt + 1)) {
        bestCtrl = load;
        for (let t = head; t < q; t++) bestCtrlTake[t] = take[t]!;
        bestCtrlEnd = q;
        if (load === room) return true;
      }
      if (nodes >= p.nodeLimit) return true;
      for (let r = q; r < k; r++) {
        if (++nodes >= p.nodeLimit) return true;
        if (load + suffix[r]! <= bestCtrl) return false; // cannot beat the controlled best (nor help)
        const j = order[r]!;
        const avail = left[j]!;
        if (avail === 0) continue;
        const s = size[j]!;
        if (s > room - load) continue;
        let m = Math.min(avail, Math.floor((room - load) / s));
        for (; m >= 1; m--) {
          take[r] = m;
          if (dfs(r + 1, load + m * s, cnt + m)) return true;
        }
        take[r] = 0;
      }
      return false;
    };
    for (let t = 0; t < k; t++) take[t] = 0;
    dfs(head, 0, 0);
    const useCtrl = bestCtrl >= 0 && bestCtrl >= bestAll - p.tolerance;
    const chosen = useCtrl ? bestCtrlTake : bestAllTake;
    const end = useCtrl ? bestCtrlEnd : bestAllEnd;
    const contents: number[] = [first];
    let binLoad = firstSize;
    for (let t = head; t < end; t++) {
      const m = chosen[t]!;
      if (m > 0) {
        const j = order[t]!;
        left[j]! -= m;
        binLoad += m * size[j]!;
        for (let c = 0; c < m; c++) contents.push(j);
      }
    }
    remCount -= contents.length;
    remSum -= binLoad;
    bins.push(Int32Array.from(contents));
  }
  return bins;
}

/** Turns bins of distinct-size indices into bins of items. */
function assignItems(ms: Multiset, bins: Int32Array[]): number[][] {
  const next = new Int32Array(ms.size.length);
  return bins.map((bin) => Array.from(bin, (j) => ms.items[j]![next[j]!++]!));
}

// ---------------------------------------------------------------------------------------------------------
// Pool search
// ---------------------------------------------------------------------------------------------------------

/**
 * Tabu search that empties the two least filled bins into a pool and swaps items between bins and pool until
 * the pool fits into one bin. Works on item indices.
 */
class PoolSearch {
  private readonly capacity: number;
  private readonly sizes: Float64Array;
  private readonly rng: Rng;
  bins: number[][] = [];
  load: number[] = [];
  pool: number[] = [];
  poolSum = 0;
  /** Iteration until which an item may not move (back). */
  private readonly tabu: Int32Array;
  iter = 0;

  constructor(capacity: number, sizes: Float64Array, rng: Rng) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.rng = rng;
    this.tabu = new Int32Array(sizes.length);
  }

  /** Starts from a packing: the two least filled bins go to the pool. */
  reset(packing: readonly (readonly number[])[], removed = 2): void {
    const sizes = this.sizes;
    const withLoad = packing.map((bin) => ({
      bin: [...bin],
      load: bin.reduce((a, i) => a + sizes[i]!, 0),
      r: this.rng(),
    }));
    withLoad.sort((a, b) => a.load - b.load || a.r - b.r);
    this.pool = [];
    this.poolSum = 0;
    for (let b = 0; b < removed && b < withLoad.length; b++) {
      for (const i of withLoad[b]!.bin) this.pool.push(i);
      this.poolSum += withLoad[b]!.load;
    }
    const kept = withLoad.slice(removed);
    this.bins = kept.map((x) => x.bin);
    this.load = kept.map((x) => x.load);
    this.tabu.fill(0);
    this.iter = 0;
  }

  /** The packing: bins plus the pool as one bin (valid once `poolSum <= capacity`). */
  packing(): number[][] {
    const out = this.bins.filter((b) => b.length > 0).map((b) => [...b]);
    if (this.pool.length > 0) out.push([...this.pool]);
    return out;
  }

  /**
   * One tabu move: over every bin and every subset A (≤ 2 items, non-tabu) of it, the subset B (1–2 non-tabu
   * pool items) with the largest sum that fits in place of A; the move with the largest gain s(B) − s(A) is made
   * (ties at random). Returns false when no move exists.
   */
  step(tenure: number): boolean {
    const sizes = this.sizes;
    const capacity = this.capacity;
    const iter = ++this.iter;
    // available pool items, ascending by size
    const avail = this.pool.filter((i) => this.tabu[i]! < iter).sort((a, b) => sizes[a]! - sizes[b]!);
    const pn = avail.length;
    if (pn === 0) return false;
    const av = new Float64Array(pn);
    for (let t = 0; t < pn; t++) av[t] = sizes[avail[t]!]!;
    let bestGain = -Infinity;
    let ties = 0;
    let mb = -1;
    let ma1 = -1;
    let ma2 = -1;
    let mp1 = -1;
    let mp2 = -1;
    // best B for room r: returns [sum, i1, i2] via out vars
    let bSum = 0;
    let b1 = -1;
    let b2 = -1;
    const bestFor = (r: number): void => {
      bSum = -1;
      b1 = -1;
      b2 = -1;
      // single: largest ≤ r
      let lo = 0;
      let hi = pn;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (av[mid]! <= r) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) {
        bSum = av[lo - 1]!;
        b1 = lo - 1;
      }
      // pair
      let i = 0;
      let j = Math.min(pn, lo) - 1;
      while (i < j) {
        const s = av[i]! + av[j]!;
        if (s <= r) {
          if (s > bSum) {
            bSum = s;
            b1 = j;
            b2 = i;
            if (s === r) return;
          }
          i++;
        } else j--;
      }
    };
    const consider = (b: number, a1: number, a2: number, sa: number): void => {
      const r = capacity - this.load[b]! + sa;
      bestFor(r);
      if (b1 < 0) return;
      const gain = bSum - sa;
      if (gain < bestGain) return;
      // skip no-ops: the same sizes going both ways
      if (gain === 0) {
        const x1 = av[b1]!;
        const x2 = b2 >= 0 ? av[b2]! : -1;
        const y1 = a1 >= 0 ? sizes[a1]! : -1;
        const y2 = a2 >= 0 ? sizes[a2]! : -1;
        if ((x1 === y1 && x2 === y2) || (x1 === y2 && x2 === y1)) return;
      }
      if (gain > bestGain) {
        bestGain = gain;
        ties = 1;
      } else {
        ties++;
        if (this.rng() * ties >= 1) return;
      }
      mb = b;
      ma1 = a1;
      ma2 = a2;
      mp1 = avail[b1]!;
      mp2 = b2 >= 0 ? avail[b2]! : -1;
    };
    const tabu = this.tabu;
    for (let b = 0; b < this.bins.length; b++) {
      const bin = this.bins[b]!;
      consider(b, -1, -1, 0);
      for (let x = 0; x < bin.length; x++) {
        const ix = bin[x]!;
        if (tabu[ix]! >= iter) continue;
        consider(b, ix, -1, sizes[ix]!);
        for (let y = x + 1; y < bin.length; y++) {
          const iy = bin[y]!;
          if (tabu[iy]! >= iter) continue;
          consider(b, ix, iy, sizes[ix]! + sizes[iy]!);
        }
      }
    }
    if (mb < 0) return false;
    // apply
    const bin = this.bins[mb]!;
    const t = iter + tenure + Math.floor(this.rng() * 3);
    const out = [ma1, ma2].filter((i) => i >= 0);
    const inn = [mp1, mp2].filter((i) => i >= 0);
    for (const i of out) {
      bin.splice(bin.indexOf(i), 1);
      this.pool.push(i);
      this.load[mb]! -= sizes[i]!;
      this.poolSum += sizes[i]!;
      tabu[i] = t;
    }
    for (const i of inn) {
      this.pool.splice(this.pool.indexOf(i), 1);
      bin.push(i);
      this.load[mb]! += sizes[i]!;
      this.poolSum -= sizes[i]!;
      tabu[i] = t;
    }
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Slack-budget large neighbourhood search
// ---------------------------------------------------------------------------------------------------------

/**
 * For a target of T bins the packing may waste at most S = T·C − Σ sizes in all. The state is a set of bins
 * whose slacks add up to at most S, and the leftover items; moves destroy a few bins and refill bins from the
 * leftovers, each opened by the largest leftover item and completed by a least-slack subset, as long as the
 * slack budget allows. A move is kept when the leftover sum does not grow. Leftovers empty means T bins.
 * On "exact" instances (S = 0, e.g. the triplets) only exactly full bins are built.
 */
class SlackSearch {
  private readonly capacity: number;
  private readonly ms: Multiset;
  private readonly rng: Rng;
  /** The bin count aimed at, and the slack it allows in all. */
  readonly target: number;
  private readonly budget: number;
  /** Bins as lists of kinds (distinct-size indices). */
  bins: Int32Array[] = [];
  slack: number[] = [];
  usedSlack = 0;
  /** Leftover items per kind. */
  readonly left: Int32Array;
  leftSum = 0;
  private readonly kinds: number; // number of distinct sizes
  private readonly take: Int32Array;
  private readonly bestTake: Int32Array;
  private readonly list: Int32Array;
  /** Kinds with leftovers when the refill started, largest first. */
  private readonly present: Int32Array;
  private presentCount = 0;

  constructor(capacity: number, ms: Multiset, rng: Rng, target: number, total: number) {
    this.capacity = capacity;
    this.ms = ms;
    this.rng = rng;
    this.target = target;
    this.budget = target * capacity - total;
    this.kinds = ms.size.length;
    this.left = new Int32Array(this.kinds);
    this.take = new Int32Array(this.kinds);
    this.bestTake = new Int32Array(this.kinds);
    this.list = new Int32Array(this.kinds);
    this.present = new Int32Array(this.kinds);
  }

  /** Keeps the fullest bins of `packing` (items) as long as their slack fits the budget. */
  init(packing: readonly (readonly number[])[]): void {
    const { ms, capacity } = this;
    const bins = packing.map((bin) => {
      const kinds = Int32Array.from(bin, (i) => ms.kind[i]!);
      let load = 0;
      for (const j of kinds) load += ms.size[j]!;
      return { kinds, slack: capacity - load, r: this.rng() };
    });
    bins.sort((a, b) => a.slack - b.slack || a.r - b.r);
    this.bins = [];
    this.slack = [];
    this.usedSlack = 0;
    this.left.fill(0);
    this.leftSum = 0;
    for (const b of bins) {
      if (this.usedSlack + b.slack <= this.budget) {
        this.bins.push(b.kinds);
        this.slack.push(b.slack);
        this.usedSlack += b.slack;
      } else {
        for (const j of b.kinds) {
          this.left[j]!++;
          this.leftSum += ms.size[j]!;
        }
      }
    }
    this.refill();
  }

  private removeBin(b: number): void {
    const kinds = this.bins[b]!;
    for (const j of kinds) {
      this.left[j]!++;
      this.leftSum += this.ms.size[j]!;
    }
    this.usedSlack -= this.slack[b]!;
    const last = this.bins.length - 1;
    this.bins[b] = this.bins[last]!;
    this.slack[b] = this.slack[last]!;
    this.bins.pop();
    this.slack.pop();
  }

  /** Least-slack completion of `room` from the leftovers (kinds in random order); fills bestTake over list. */
  private complete(room: number, limit: number): { load: number; n: number } {
    const { left, take, bestTake, list, ms } = this;
    let n = 0;
    const present = this.present;
    for (let t = 0; t < this.presentCount; t++) {
      const j = present[t]!;
      if (left[j]! > 0 && ms.size[j]! <= room) list[n++] = j;
    }
    for (let t = n - 1; t > 0; t--) {
      const u = Math.floor(this.rng() * (t + 1));
      const x = list[t]!;
      list[t] = list[u]!;
      list[u] = x;
    }
    let best = 0;
    let nodes = 0;
    for (let t = 0; t < n; t++) {
      bestTake[t] = 0;
      take[t] = 0;
    }
    const dfs = (q: number, load: number): boolean => {
      nodes++;
      if (load > best) {
        best = load;
        for (let t = 0; t < n; t++) bestTake[t] = t < q ? take[t]! : 0;
        if (load === room) return true;
      }
      if (nodes >= limit) return true;
      for (let r = q; r < n; r++) {
        if (++nodes >= limit) return true;
        const j = list[r]!;
        const s = ms.size[j]!;
        if (s > room - load) continue;
        let m = Math.min(left[j]!, Math.floor((room - load) / s));
        for (; m >= 1; m--) {
          take[r] = m;
          if (dfs(r + 1, load + m * s)) return true;
        }
        take[r] = 0;
      }
      return false;
    };
    dfs(0, 0);
    return { load: best, n };
  }

  /** Opens bins from the leftovers, largest first, while the slack budget allows. */
  refill(): void {
    const { ms, left, capacity } = this;
    let pc = 0;
    for (let j = 0; j < this.kinds; j++) if (left[j]! > 0) this.present[pc++] = j;
    this.presentCount = pc;
    for (let p = 0; p < pc; p++) {
      const j = this.present[p]!;
      while (left[j]! > 0) {
        left[j]!--;
        const room = capacity - ms.size[j]!;
        const allowed = this.budget - this.usedSlack;
        const { load, n } = this.complete(room, LNS_WORK_PER_BIN);
        if (room - load > allowed) {
          left[j]!++;
          break;
        }
        const contents: number[] = [j];
        for (let t = 0; t < n; t++) {
          const m = this.bestTake[t]!;
          const k = this.list[t]!;
          for (let c = 0; c < m; c++) contents.push(k);
          left[k]! -= m;
        }
        this.leftSum -= ms.size[j]! + load;
        this.bins.push(Int32Array.from(contents));
        this.slack.push(room - load);
        this.usedSlack += room - load;
      }
    }
  }

  /** One ruin-and-recreate move; returns true when the leftovers are empty. */
  step(): boolean {
    if (this.bins.length === 0) return this.leftSum === 0;
    const savedBins = this.bins.slice();
    const savedSlack = this.slack.slice();
    const savedUsed = this.usedSlack;
    const savedLeft = Int32Array.from(this.left);
    const savedSum = this.leftSum;
    const r = 1 + Math.floor(this.rng() * Math.min(LNS_MAX_RUIN, this.bins.length));
    for (let c = 0; c < r && this.bins.length > 0; c++) this.removeBin(Math.floor(this.rng() * this.bins.length));
    this.refill();
    if (this.leftSum > savedSum) {
      this.bins = savedBins;
      this.slack = savedSlack;
      this.usedSlack = savedUsed;
      this.left.set(savedLeft);
      this.leftSum = savedSum;
    }
    return this.leftSum === 0;
  }

  packing(): number[][] {
    return assignItems(this.ms, this.bins);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------------------

/** Enumeration work (candidates looked at) per bin in a construction and in an LNS refill. */
const BUILD_WORK_PER_BIN = 3000;
const LNS_WORK_PER_BIN = 1000;

/** Bins destroyed per LNS move: uniform in 1..LNS_MAX_RUIN. */
const LNS_MAX_RUIN = 9;
/** Per round: perturbed constructions, pool-search steps per item, LNS moves per item. */
const ROUND_CONSTRUCTIONS = 2;

/**
 * `start` packed again: bins of item indexes, at most as many as `start` has (empty bins dropped). Sizes must
 * be whole numbers from 0 to `capacity` and `start` a valid packing of all of them.
 */
export function improvePacking(
  capacity: number,
  sizes: readonly number[],
  start: readonly (readonly number[])[],
  options: ImproveOptions,
): number[][] {
  // The search sees the items of positive size only; those of size 0 join the first bin at the end.
  const positive: number[] = [];
  const zeros: number[] = [];
  sizes.forEach((size, i) => {
    (size > 0 ? positive : zeros).push(i);
  });
  if (zeros.length === 0) return improve(capacity, sizes, start, options);
  const inner = new Int32Array(sizes.length).fill(-1);
  positive.forEach((original, k) => {
    inner[original] = k;
  });
  const packing = improve(
    capacity,
    positive.map((i) => sizes[i]!),
    start.map((bin) => bin.filter((i) => inner[i]! >= 0).map((i) => inner[i]!)),
    options,
  ).map((bin) => bin.map((k) => positive[k]!));
  if (packing.length === 0) packing.push([]);
  packing[0]!.push(...zeros);
  return packing;
}

function improve(
  capacity: number,
  sizes: readonly number[],
  start: readonly (readonly number[])[],
  options: ImproveOptions,
): number[][] {
  const lowerBound = options.lowerBound;
  let best: number[][] = start.filter((b) => b.length > 0).map((b) => [...b]);
  if (best.length <= lowerBound || sizes.length === 0) return best;
  const deadline = performance.now() + (options.budgetMs ?? 100);
  const maxIterations = options.maxIterations ?? Infinity;
  const rng = mulberry32(options.seed ?? 1);
  const pastDeadline = () => performance.now() >= deadline;
  const ms = toMultiset(sizes);
  const k = ms.size.length;
  const sz = Float64Array.from(sizes);
  let iterations = 0;
  const outOfBudget = (): boolean => iterations >= maxIterations || pastDeadline();

  const identity = Int32Array.from({ length: k }, (_, j) => j);
  const weight = new Float64Array(k).fill(1);
  const keyed = (noise: number): Int32Array => {
    const key = new Float64Array(k);
    for (let j = 0; j < k; j++) key[j] = ms.size[j]! * weight[j]! * (1 + noise * (rng() * 2 - 1));
    return Int32Array.from(identity).sort((a, b) => key[b]! - key[a]! || a - b);
  };
  const nodeLimit = BUILD_WORK_PER_BIN;

  const accept = (packing: number[][]): boolean => {
    if (packing.length < best.length) {
      best = packing;
      return true;
    }
    return false;
  };

  // 1. Deterministic MBS' and SAWMBS. MBS' always runs to the end (its work is bounded: a few milliseconds for
  // a batch of hundreds of items), so that a small budget still gets its answer; SAWMBS keeps to the budget.
  for (const tolerance of [0, capacity * 0.02]) {
    iterations++;
    const stop = tolerance === 0 ? () => false : pastDeadline;
    const bins = buildSAWMBS(capacity, ms, { order: identity, tolerance, nodeLimit }, best.length, stop);
    if (bins) accept(assignItems(ms, bins));
    if (best.length <= lowerBound) return best;
  }

  // 2. Rounds of: perturbed constructions, pool search from the incumbent, slack-budget LNS for one bin fewer.
  const search = new PoolSearch(capacity, sz, rng);
  let incumbent = best;
  let total = 0;
  for (const s of sizes) total += s;
  let lns: SlackSearch | null = null;
  const newLns = (): SlackSearch | null => {
    const target = best.length - 1;
    if (target * capacity < total) return null; // a caller's bound below the continuous bound
    const fresh = new SlackSearch(capacity, ms, rng, target, total);
    fresh.init(best);
    return fresh;
  };
  while (!outOfBudget()) {
    // perturbed SAWMBS constructions
    for (let c = 0; c < ROUND_CONSTRUCTIONS && !outOfBudget(); c++) {
      iterations++;
      const noise = 0.05 + 0.25 * rng();
      const tolerance = rng() < 0.5 ? 0 : capacity * 0.05 * rng();
      const bins = buildSAWMBS(
        capacity,
        ms,
        { order: keyed(noise), tolerance, nodeLimit },
        best.length + 1,
        pastDeadline,
      );
      if (!bins) continue;
      const packing = assignItems(ms, bins);
      if (accept(packing)) {
        incumbent = best;
        if (best.length <= lowerBound) return best;
      } else if (packing.length === best.length && rng() < 0.5) incumbent = packing;
      // learn: sizes in the least filled bins get heavier (packed earlier next time)
      if (packing.length >= best.length) {
        const loads = bins.map((bin) => bin.reduce((a, j) => a + ms.size[j]!, 0));
        const sorted = [...loads].sort((a, b) => a - b);
        const threshold = sorted[Math.min(sorted.length - 1, 2)]!;
        for (let b = 0; b < bins.length; b++) {
          if (loads[b]! <= threshold) for (const j of bins[b]!) weight[j] = Math.min(2, weight[j]! * 1.02);
        }
      }
    }
    // pool search
    search.reset(incumbent);
    const steps = 50 + 2 * sizes.length;
    let s = 0;
    while (s < steps && !outOfBudget()) {
      iterations++;
      s++;
      if (!search.step(3)) break;
      if (search.poolSum <= capacity) {
        const packing = search.packing();
        accept(packing);
        incumbent = best;
        if (best.length <= lowerBound) return best;
        search.reset(best);
        s = 0;
      }
    }
    incumbent = best;
    // slack-budget LNS for one bin fewer
    if (lns === null || lns.target !== best.length - 1) lns = newLns();
    if (lns === null) continue;
    const lnsSteps = 100 + sizes.length;
    for (let s2 = 0; s2 < lnsSteps && !outOfBudget(); s2++) {
      iterations++;
      if (lns.step()) {
        accept(lns.packing());
        if (best.length <= lowerBound) return best;
        incumbent = best;
        lns = newLns();
        if (lns === null) break;
        s2 = 0;
      }
    }
  }
  return best;
}
