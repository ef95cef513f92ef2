/**
 * Classic one-dimensional bin packing with the warehouse engine: `capacity`-sized empty bins in a row stand
 * for locations on a pick path, so that FFD, BFD and HYBRID here are exactly the algorithms the putaway
 * engine runs (first fit = first bin on the path, a fresh bin = the next unused one). Used by the offline
 * evaluation command and the benchmark-instance tests.
 */
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
}

/** Packs `sizes` into bins of `capacity` with one of the engine's algorithms. */
export function packBins(
  capacity: number,
  sizes: readonly number[],
  algorithm: Exclude<Algorithm, "ENHANCED">,
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
  const plan = planBatch(new Occupancy(layout), items, { algorithm });
  if (plan.unplaced.length > 0) throw new Error("an item did not fit: this cannot happen with one bin per item");
  const byBin = new Map<number, number[]>();
  for (const placement of plan.placements) {
    let bin = byBin.get(placement.location);
    if (bin === undefined) byBin.set(placement.location, (bin = []));
    bin.push(placement.item);
  }
  const bins = [...byBin.entries()].sort((a, b) => a[0] - b[0]).map(([, items]) => items);
  return { bins, chosen: plan.chosen };
}
