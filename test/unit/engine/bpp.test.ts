/**
 * The packing loop on the 1,615 classic bin-packing instances of BPPLIB (test/fixtures/bpp), against
 * textbook implementations written here independently: FFD and BFD use exactly as many bins as the
 * textbook algorithms, HYBRID (with its improvement phase) never more than the better of the two, every
 * packing is valid, and the L2 lower bound never exceeds the proven optimum. HYBRID runs on a fixed number of
 * iterations and no time limit, so that its counts do not depend on the machine: it must stay optimal on at
 * least HYBRID_FLOOR instances (`npm run bench:bpp` measures the same with the 100 ms budget).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../../src/db/migrate.ts";
import { lowerBound, lowerBoundL2, packBins } from "../../../src/engine/index.ts";

interface Instance {
  name: string;
  capacity: number;
  items: number[];
  optimum: number;
}

const DATA = path.join(PROJECT_ROOT, "test", "fixtures", "bpp");
const sets = readdirSync(DATA)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({
    set: file.replace(/\.json$/, ""),
    instances: JSON.parse(readFileSync(path.join(DATA, file), "utf8")) as Instance[],
  }));

/** Textbook first fit decreasing: a list of bin loads, each item into the first that has room. */
function textbookFfd(capacity: number, items: readonly number[]): number {
  const loads: number[] = [];
  for (const size of [...items].sort((a, b) => b - a)) {
    const bin = loads.findIndex((load) => load + size <= capacity);
    if (bin >= 0) loads[bin]! += size;
    else loads.push(size);
  }
  return loads.length;
}

/** Textbook best fit decreasing: each item into the fullest bin that still has room. */
function textbookBfd(capacity: number, items: readonly number[]): number {
  const loads: number[] = [];
  for (const size of [...items].sort((a, b) => b - a)) {
    let best = -1;
    for (let i = 0; i < loads.length; i++) {
      if (loads[i]! + size <= capacity && (best < 0 || loads[i]! > loads[best]!)) best = i;
    }
    if (best >= 0) loads[best]! += size;
    else loads.push(size);
  }
  return loads.length;
}

function assertValid(instance: Instance, bins: number[][]): void {
  const seen = bins.flat().sort((a, b) => a - b);
  expect(seen).toEqual(instance.items.map((_, i) => i));
  for (const bin of bins) {
    expect(bin.reduce((sum, i) => sum + instance.items[i]!, 0)).toBeLessThanOrEqual(instance.capacity);
  }
}

/** HYBRID's improvement budget in the tests, and the instances it must then pack optimally, at least. */
const ITERATIONS = 1_000;
const HYBRID_FLOOR = 1_548;

const totals = { instances: 0, ffdOptimal: 0, bfdOptimal: 0, hybridOptimal: 0, l2Tight: 0, boundTight: 0 };

describe.each(sets)("BPPLIB set $set", ({ instances }) => {
  test(`FFD and BFD match the textbook bin counts, HYBRID is never worse, packings are valid, L2 ≤ optimum`, () => {
    for (const instance of instances) {
      const ffd = packBins(instance.capacity, instance.items, "FFD").bins;
      const bfd = packBins(instance.capacity, instance.items, "BFD").bins;
      const packing = packBins(instance.capacity, instance.items, "HYBRID", {
        budgetMs: Number.POSITIVE_INFINITY,
        maxIterations: ITERATIONS,
      });
      const hybrid = packing.bins;
      assertValid(instance, ffd);
      assertValid(instance, bfd);
      assertValid(instance, hybrid);
      expect(ffd.length, `${instance.name} FFD`).toBe(textbookFfd(instance.capacity, instance.items));
      expect(bfd.length, `${instance.name} BFD`).toBe(textbookBfd(instance.capacity, instance.items));
      expect(hybrid.length, `${instance.name} HYBRID`).toBeLessThanOrEqual(Math.min(ffd.length, bfd.length));
      expect(hybrid.length, `${instance.name} HYBRID below the optimum`).toBeGreaterThanOrEqual(instance.optimum);
      expect(packing.optimal).toBe(hybrid.length === packing.lowerBound);
      expect(packing.improved).toBe(hybrid.length < Math.min(ffd.length, bfd.length));
      expect(ffd.length, `${instance.name} above the optimum`).toBeGreaterThanOrEqual(instance.optimum);
      const l2 = lowerBoundL2(instance.capacity, instance.items);
      expect(l2, `${instance.name} L2`).toBeLessThanOrEqual(instance.optimum);
      expect(packing.lowerBound, `${instance.name} bound`).toBe(lowerBound(instance.capacity, instance.items));
      expect(packing.lowerBound, `${instance.name} bound`).toBeGreaterThanOrEqual(l2);
      expect(packing.lowerBound, `${instance.name} bound`).toBeLessThanOrEqual(instance.optimum);
      if (l2 === instance.optimum) totals.l2Tight++;
      if (packing.lowerBound === instance.optimum) totals.boundTight++;
      totals.instances++;
      if (ffd.length === instance.optimum) totals.ffdOptimal++;
      if (bfd.length === instance.optimum) totals.bfdOptimal++;
      if (hybrid.length === instance.optimum) totals.hybridOptimal++;
    }
  });
});

test(`over all 1,615 instances, FFD is optimal on 795 and BFD on 796, as the reference figures say; HYBRID on ${HYBRID_FLOOR} or more`, () => {
  // Runs after the sets above (vitest runs a file's tests in order).
  const { hybridOptimal, ...textbook } = totals;
  // The bounds meet the optimum on as many instances as bounds.ts says.
  expect(textbook).toEqual({ instances: 1615, ffdOptimal: 795, bfdOptimal: 796, l2Tight: 1352, boundTight: 1431 });
  expect(hybridOptimal).toBeGreaterThanOrEqual(HYBRID_FLOOR);
});

describe("HYBRID's improvement phase", () => {
  test("is deterministic on an iteration budget; with no time left it still runs its two bounded constructions", () => {
    const instance = sets.find((s) => s.set === "falkenauer_t")!.instances[0]!;
    const run = (options: { budgetMs: number; maxIterations?: number }) =>
      packBins(instance.capacity, instance.items, "HYBRID", options).bins;
    const budget = { budgetMs: Number.POSITIVE_INFINITY, maxIterations: 500 };
    expect(run(budget)).toEqual(run(budget));
    // MBS' and SAWMBS (their work is bounded) always run: the same packing, however fast the machine.
    const none = run({ budgetMs: 0 });
    expect(run({ budgetMs: 0 })).toEqual(none);
    expect(none.length).toBeLessThan(packBins(instance.capacity, instance.items, "BFD").bins.length);
  });

  test("packs sizes past 2^31 units as exactly as small ones (no 32-bit overflow)", () => {
    const instance = sets.find((s) => s.set === "falkenauer_u")!.instances[0]!;
    const scale = 3e7; // capacity 150 × 3e7 = 4.5e9 units
    const sizes = instance.items.map((size) => size * scale);
    const packing = packBins(instance.capacity * scale, sizes, "HYBRID", {
      budgetMs: Number.POSITIVE_INFINITY,
      maxIterations: 200,
    });
    assertValid({ ...instance, capacity: instance.capacity * scale, items: sizes }, packing.bins);
    expect(packing.bins.length).toBeGreaterThanOrEqual(instance.optimum);
    expect(packing.bins.length).toBe(
      packBins(instance.capacity, instance.items, "HYBRID", { budgetMs: Number.POSITIVE_INFINITY, maxIterations: 200 })
        .bins.length,
    );
  });

  test("refuses a negative budget", () => {
    expect(() => packBins(10, [5], "HYBRID", { budgetMs: -1 })).toThrow(RangeError);
  });
});

describe("packBins", () => {
  test("refuses sizes that are not whole units, which the best-fit index cannot key", () => {
    expect(() => packBins(1, [0.5, 0.3], "BFD")).toThrow(/whole number/);
    expect(() => packBins(10, [5, 2.5], "FFD")).toThrow(/item 1 has size 2.5/);
    expect(packBins(10, [5, 3, 2, 4.0], "BFD").bins).toEqual([
      [0, 3],
      [1, 2],
    ]); // decreasing: 5+4, then 3+2
  });
});

describe("L2 lower bound", () => {
  test("counts items that need a bin of their own and the room the rest needs", () => {
    expect(lowerBoundL2(10, [])).toBe(0);
    expect(lowerBoundL2(10, [5, 5, 5, 5])).toBe(2);
    // The continuous bound is ⌈24/10⌉ = 3, and 3 bins suffice: 7+2, 7, 4+4.
    expect(lowerBoundL2(10, [7, 7, 4, 4, 2])).toBe(3);
    // The continuous bound is ⌈18/10⌉ = 2, but each 6 needs a bin of its own (K = 0 finds it).
    expect(lowerBoundL2(10, [6, 6, 6])).toBe(3);
    // Martello & Toth's example pattern: 3 items of 6 and 3 of 4 in bins of 10 pair up perfectly.
    expect(lowerBoundL2(10, [6, 6, 6, 4, 4, 4])).toBe(3);
  });

  test("is at least the continuous bound and refuses items larger than a bin", () => {
    expect(lowerBoundL2(100, [30, 30, 30, 30])).toBe(2);
    expect(() => lowerBoundL2(10, [11])).toThrow(RangeError);
  });
});
