/**
 * Classic one-dimensional bin packing with the warehouse engine: `capacity`-sized empty bins in a row stand
 * for locations on a pick path, so that FFD, BFD and HYBRID here are exactly the algorithms the putaway
 * engine runs (first fit = first bin on the path, a fresh bin = the next unused one). HYBRID ends with the
 * improvement phase (improve.ts) over every bin, as the service's HYBRID runs it over the positions a batch
 * opens (repack.ts), here within what is left of a budget of its own once FFD and BFD have run.
 * Used by the offline evaluation command, the BPPLIB benchmark and its tests.
 */

import { lowerBound as binsLowerBound } from "./bounds.ts";
import { improvePacking } from "./improve.ts";
import type { PlanItem } from "./interfaces.ts";
import { EMPTY, Layout, Occupancy } from "./layout.ts";
import { planBatch } from "./plan.ts";
import { MAX_ROOM } from "./sorted.ts";
import { ABC_CLASSES, type Algorithm } from "./vocabulary.ts";

export interface BinPacking {
  /** Item indices of each bin, in the order the bins were opened. */
  bins: number[][];
  /** The plan HYBRID kept, or the algorithm itself. */
  chosen: string;
  /** Whether HYBRID's improvement phase packed the bins again into fewer. */
  improved: boolean;
  /** A lower bound on the number of bins: the larger of Martello and Toth's L2 and the bounds of bounds.ts. */
  lowerBound: number;
  /** The packing uses no more bins than the lower bound: no packing uses fewer. */
  optimal: boolean;
}

/** HYBRID's improvement budget: 100 ms by default, and no limit on iterations unless given (for tests). */
export interface PackOptions {
  budgetMs?: number;
  maxIterations?: number;
}

export const DEFAULT_PACK_BUDGET_MS = 100;
/** Kept out of the improvement's share of the budget: the searches look at the clock between steps. */
const BUDGET_MARGIN_MS = 5;

/** Packs `sizes` into bins of `capacity` with one of the engine's algorithms. */
export function packBins(
  capacity: number,
  sizes: readonly number[],
  algorithm: Exclude<Algorithm, "ENHANCED">,
  options: PackOptions = {},
): BinPacking {
  // The engine counts capacity in whole units (see layout.ts); BPPLIB's instances are whole numbers too.
  if (!(capacity > 0) || !Number.isInteger(capacity) || capacity >= MAX_ROOM) {
    throw new RangeError("capacity must be a whole number greater than 0 (scale fractional sizes first)");
  }
  sizes.forEach((size, i) => {
    if (!Number.isInteger(size) || size < 0 || size > capacity)
      throw new RangeError(`item ${i} has size ${size}: sizes must be whole numbers in [0, ${capacity}]`);
  });
  const n = Math.max(1, sizes.length);
  const layout = new Layout({
    ids: Array.from({ length: n }, (_, i) => `bin-${i}`),
    codes: Array.from({ length: n }, (_, i) => `BIN-${i + 1}`),
    zoneTypes: new Array(n).fill("RESERVE"),
    aisles: new Array(n).fill(null),
    x: new Array(n).fill(0),
    y: new Array(n).fill(0),
    inner: new Array(n).fill([1, 1, 1]),
    maxCubic: new Array(n).fill(capacity),
    maxWeight: new Array(n).fill(1),
    abc: new Array(n).fill(ABC_CLASSES),
    temperature: new Array(n).fill("AMBIENT"),
    hazmat: new Array(n).fill(false),
    mixing: new Array(n).fill("ANY"),
    dock: [0, 0],
  });
  const items: PlanItem[] = sizes.map((size, i) => ({
    material: i,
    lot: EMPTY,
    quantity: 1,
    cubic: size,
    weight: 0,
    unitDims: null,
    abc: 0,
    temperature: 0,
    hazmat: false,
    expiryDay: Number.NaN,
    crossDock: false,
  }));
  const budgetMs = options.budgetMs ?? DEFAULT_PACK_BUDGET_MS;
  if (!(budgetMs >= 0)) throw new RangeError("the budget must be a number of milliseconds, 0 or more");
  const started = performance.now();
  // HYBRID's improvement runs below, on all the bins at once, within what is left of the budget.
  const plan = planBatch(new Occupancy(layout), items, { algorithm, improvement: false });
  if (plan.unplaced.length > 0) throw new Error("an item did not fit: this cannot happen with one bin per item");
  const byBin = new Map<number, number[]>();
  for (const placement of plan.placements) {
    let bin = byBin.get(placement.location);
    if (bin === undefined) byBin.set(placement.location, (bin = []));
    bin.push(placement.item);
  }
  const built = [...byBin.entries()].sort((a, b) => a[0] - b[0]).map(([, items]) => items);
  const lowerBound = binsLowerBound(capacity, sizes);
  const bins =
    algorithm === "HYBRID"
      ? improvePacking(capacity, sizes, built, {
          lowerBound,
          budgetMs: Math.max(0, budgetMs - (performance.now() - started) - BUDGET_MARGIN_MS),
          maxIterations: options.maxIterations,
        })
      : built;
  return {
    bins,
    chosen: plan.chosen,
    improved: bins.length < built.length,
    lowerBound,
    optimal: bins.length <= lowerBound,
  };
}
