/**
 * What each algorithm chooses on small facilities whose answer is known by hand.
 */
import { describe, expect, test } from "vitest";
import {
  EMPTY,
  Layout,
  type LayoutColumns,
  Occupancy,
  type PlanItem,
  type PlanOptions,
  planBatch,
} from "../../../src/engine/index.ts";
import { expectedStockCubic, slotShares } from "../../../src/engine/slotting.ts";

interface Spec {
  code: string;
  zone?: string;
  aisle?: string | null;
  x?: number;
  y?: number;
  inner?: [number, number, number];
  cubic?: number;
  weight?: number;
  abc?: string[];
  temperature?: string;
  hazmat?: boolean;
  mixing?: string;
  /** Used cubic units at the start. */
  used?: number;
  occupants?: Array<{ material: number; lot?: number; expiryDay?: number }>;
}

function facility(specs: Spec[]): Occupancy {
  const columns: LayoutColumns = {
    ids: specs.map((s) => s.code),
    codes: specs.map((s) => s.code),
    zoneTypes: specs.map((s) => s.zone ?? "RESERVE"),
    aisles: specs.map((s) => (s.aisle === undefined ? "A1" : s.aisle)),
    x: specs.map((s) => s.x ?? 10),
    y: specs.map((s) => s.y ?? 0),
    inner: specs.map((s) => s.inner ?? [48, 40, 48]),
    maxCubic: specs.map((s) => s.cubic ?? 100),
    maxWeight: specs.map((s) => s.weight ?? 1_000_000),
    abc: specs.map((s) => s.abc ?? ["A", "B", "C"]),
    temperature: specs.map((s) => s.temperature ?? "AMBIENT"),
    hazmat: specs.map((s) => s.hazmat ?? false),
    mixing: specs.map((s) => s.mixing ?? "ANY"),
    dock: [0, 0],
  };
  const occupancy = new Occupancy(new Layout(columns));
  specs.forEach((s, i) => {
    occupancy.set(
      i,
      1,
      s.used ?? 0,
      0,
      (s.occupants ?? []).map((o) => ({
        material: o.material,
        lot: o.lot ?? EMPTY,
        expiryDay: o.expiryDay ?? Number.NaN,
      })),
    );
  });
  return occupancy;
}

function item(cubic: number, fields: Partial<PlanItem> = {}): PlanItem {
  return {
    material: 0,
    lot: EMPTY,
    quantity: 1,
    cubic,
    weight: 0,
    unitDims: null,
    abc: 1,
    temperature: 0,
    hazmat: false,
    expiryDay: Number.NaN,
    crossDock: false,
    ...fields,
  };
}

const codes = (occupancy: Occupancy, plan: ReturnType<typeof planBatch>) =>
  plan.placements.map((p) => occupancy.layout.codes[p.location]);
const plan = (
  occupancy: Occupancy,
  items: PlanItem[],
  options: Partial<PlanOptions> & Pick<PlanOptions, "algorithm">,
) => planBatch(occupancy, items, options);

describe("FFD, BFD and HYBRID", () => {
  const rooms = () =>
    facility([
      { code: "L1", used: 40 },
      { code: "L2", used: 70 },
      { code: "L3", used: 0 },
    ]);

  test("FFD takes the first location on the pick path with room", () => {
    const occupancy = rooms();
    expect(codes(occupancy, plan(occupancy, [item(25)], { algorithm: "FFD" }))).toEqual(["L1"]);
  });

  test("BFD breaks a tie in room toward the dock, not along the pick path", () => {
    const occupancy = facility([
      { code: "FAR", x: 90, used: 40 },
      { code: "NEAR", x: 5, used: 40 },
    ]);
    expect(codes(occupancy, plan(occupancy, [item(25)], { algorithm: "BFD" }))).toEqual(["NEAR"]);
    expect(codes(occupancy, plan(occupancy, [item(25)], { algorithm: "FFD" }))).toEqual(["FAR"]);
  });

  test("BFD takes the location left with the least room", () => {
    const occupancy = rooms();
    expect(codes(occupancy, plan(occupancy, [item(25)], { algorithm: "BFD" }))).toEqual(["L2"]);
  });

  test("a location with exactly the room needed is used", () => {
    const occupancy = rooms();
    expect(codes(occupancy, plan(occupancy, [item(30)], { algorithm: "BFD" }))).toEqual(["L2"]);
  });

  test("earlier items of the batch count against the room", () => {
    const occupancy = facility([
      { code: "L1", cubic: 10 },
      { code: "L2", cubic: 10 },
    ]);
    const result = plan(occupancy, [item(6), item(6), item(4)], { algorithm: "FFD" });
    expect(codes(occupancy, result)).toEqual(["L1", "L2", "L1"]);
  });

  test("HYBRID keeps FFD's plan when it uses fewer locations", () => {
    const occupancy = facility([
      { code: "L1", cubic: 6 },
      { code: "L2", cubic: 4 },
    ]);
    const items = [item(4), item(2)];
    expect(plan(occupancy, items, { algorithm: "FFD" }).locationsUsed).toBe(1);
    expect(plan(occupancy, items, { algorithm: "BFD" }).locationsUsed).toBe(2);
    const hybrid = plan(occupancy, items, { algorithm: "HYBRID" });
    expect(hybrid.chosen).toBe("FFD");
    expect(hybrid.locationsUsed).toBe(1);
    expect(hybrid.placements.every((p) => p.reason === "HYBRID_FIRST_FIT")).toBe(true);
  });

  test("HYBRID keeps BFD's plan when it places more", () => {
    const occupancy = facility([
      { code: "L1", cubic: 7 },
      { code: "L2", cubic: 5 },
    ]);
    const items = [item(5), item(4), item(3)];
    expect(plan(occupancy, items, { algorithm: "FFD" }).unplaced).toHaveLength(1);
    const hybrid = plan(occupancy, items, { algorithm: "HYBRID" });
    expect(hybrid.chosen).toBe("BFD");
    expect(hybrid.unplaced).toHaveLength(0);
  });
});

describe("HYBRID's improvement phase on the locations a batch opens", () => {
  // 5+3+2 and 4+4+2 fill two locations exactly; first fit and best fit both open a third (5+4, 4+3+2, 2).
  const sizes = [5, 4, 4, 3, 2, 2];
  const empty = (count: number, spec: Partial<Spec> = {}) =>
    facility(Array.from({ length: count }, (_, i) => ({ code: `L${i + 1}`, cubic: 10, ...spec })));
  const loads = (occupancy: Occupancy, result: ReturnType<typeof planBatch>) => {
    const byCode = new Map<string, number>();
    for (const p of result.placements) {
      const code = occupancy.layout.codes[p.location]!;
      byCode.set(code, (byCode.get(code) ?? 0) + p.cubic);
    }
    return Object.fromEntries([...byCode].sort());
  };

  test("packs the batch into fewer new locations than FFD and BFD, under the same hard constraints", () => {
    const occupancy = empty(4);
    const items = sizes.map((size) => item(size));
    expect(plan(occupancy, items, { algorithm: "FFD" }).locationsUsed).toBe(3);
    expect(plan(occupancy, items, { algorithm: "BFD" }).locationsUsed).toBe(3);
    const hybrid = plan(occupancy, items, { algorithm: "HYBRID" });
    expect(hybrid.locationsUsed).toBe(2);
    expect(hybrid.unplaced).toEqual([]);
    expect(hybrid.placements.map((p) => p.item)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(hybrid.placements.every((p) => p.reason === "HYBRID_REPACKED")).toBe(true);
    // The two locations first on the pick path, each exactly full.
    expect(loads(occupancy, hybrid)).toEqual({ L1: 10, L2: 10 });
  });

  test("a packing that breaks the locations' weight limit is dropped", () => {
    // Two items per location by weight: the two-location packings (three items each) are too heavy.
    const occupancy = empty(4, { weight: 2 });
    const items = sizes.map((size) => item(size, { weight: 1 }));
    const hybrid = plan(occupancy, items, { algorithm: "HYBRID" });
    expect(hybrid.locationsUsed).toBe(3);
    expect(hybrid.placements.some((p) => p.reason === "HYBRID_REPACKED")).toBe(false);
  });

  test("locations holding stock before the batch, and single-material ones, keep the kept plan's items", () => {
    const stocked = facility(Array.from({ length: 4 }, (_, i) => ({ code: `L${i + 1}`, cubic: 11, used: 1 })));
    const items = sizes.map((size) => item(size));
    expect(plan(stocked, items, { algorithm: "HYBRID" }).locationsUsed).toBe(3);
    const single = empty(4, { mixing: "SINGLE_MATERIAL" });
    expect(plan(single, items, { algorithm: "HYBRID" }).locationsUsed).toBe(3);
  });

  test("items of other shapes of location are not mixed into a group", () => {
    // L1 and L2 hold 10, L3 and L4 hold 12: no group has the pieces for a better packing of its own.
    const occupancy = facility([
      { code: "L1", cubic: 10 },
      { code: "L2", cubic: 10 },
      { code: "L3", cubic: 12 },
      { code: "L4", cubic: 12 },
    ]);
    const items = [item(6), item(6), item(6), item(6)];
    const ffd = plan(occupancy, items, { algorithm: "FFD" });
    const hybrid = plan(occupancy, items, { algorithm: "HYBRID" });
    expect(hybrid.locationsUsed).toBe(ffd.locationsUsed);
    expect(Object.values(loads(occupancy, hybrid)).every((load) => load <= 12)).toBe(true);
  });
});

describe("capacities as large as the schema allows", () => {
  // max_cubic_feet is numeric(12,3): up to 999,999,999.999 cubic feet, 10^13 capacity units, past 2^43.
  const huge = 9_999_999_999_999;

  test("every algorithm orders huge rooms exactly, to the unit", () => {
    const occupancy = facility([
      { code: "ONE", cubic: huge },
      { code: "TWO", cubic: huge },
      { code: "TIGHT", cubic: huge, used: 1 },
    ]);
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      const result = plan(occupancy, [item(huge - 1), item(huge - 1), item(2)], { algorithm, allowSplit: false });
      expect(result.unplaced, algorithm).toEqual([]);
      expect(result.placements, algorithm).toHaveLength(3);
    }
    expect(codes(occupancy, plan(occupancy, [item(huge - 1)], { algorithm: "BFD" }))).toEqual(["TIGHT"]);
  });

  test("an item bigger than 2^33 units goes where it fits, and one bigger than every location does not", () => {
    const occupancy = facility([{ code: "SMALL" }, { code: "HUGE", cubic: huge }]);
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      expect(codes(occupancy, plan(occupancy, [item(2 ** 40)], { algorithm })), algorithm).toEqual(["HUGE"]);
      expect(plan(occupancy, [item(huge + 1)], { algorithm, allowSplit: false }).unplaced, algorithm).toEqual([
        { item: 0, quantity: 1, reason: "EXCEEDS_LOCATION_CAPACITY" },
      ]);
    }
  });
});

describe("hard constraints and reasons", () => {
  test("a chilled item with no chilled location: NO_COMPATIBLE_LOCATION", () => {
    const occupancy = facility([{ code: "L1" }]);
    expect(plan(occupancy, [item(1, { temperature: 1 })], { algorithm: "FFD" }).unplaced).toEqual([
      { item: 0, quantity: 1, reason: "NO_COMPATIBLE_LOCATION" },
    ]);
  });

  test("a hazmat item only goes where hazmat is allowed", () => {
    const occupancy = facility([{ code: "L1" }, { code: "HAZ", hazmat: true }]);
    expect(codes(occupancy, plan(occupancy, [item(1, { hazmat: true })], { algorithm: "FFD" }))).toEqual(["HAZ"]);
  });

  test("a unit too long for the inner dimensions in every orientation does not go in", () => {
    const occupancy = facility([
      { code: "SHORT", inner: [20, 20, 20] },
      { code: "LONG", inner: [10, 10, 60] },
    ]);
    const result = plan(occupancy, [item(1, { unitDims: [5, 8, 50] })], { algorithm: "FFD" });
    expect(codes(occupancy, result)).toEqual(["LONG"]);
  });

  test("weight counts as well as volume", () => {
    const occupancy = facility([
      { code: "LIGHT", weight: 100 },
      { code: "STRONG", weight: 5000 },
    ]);
    expect(codes(occupancy, plan(occupancy, [item(1, { weight: 200 })], { algorithm: "FFD" }))).toEqual(["STRONG"]);
  });

  test("a slow mover does not go where only A and B are allowed", () => {
    const occupancy = facility([{ code: "PF", abc: ["A", "B"] }, { code: "RSV" }]);
    expect(codes(occupancy, plan(occupancy, [item(1, { abc: 2 })], { algorithm: "FFD" }))).toEqual(["RSV"]);
    expect(codes(occupancy, plan(occupancy, [item(1, { abc: 0 })], { algorithm: "FFD" }))).toEqual(["PF"]);
  });

  test("a null among the allowed velocity classes allows nothing more; the location still takes the others", () => {
    const occupancy = facility([
      { code: "PF", abc: ["A", null as unknown as string] },
      { code: "RSV", abc: ["C"] },
    ]);
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      expect(codes(occupancy, plan(occupancy, [item(1, { abc: 0 })], { algorithm })), algorithm).toEqual(["PF"]);
      expect(codes(occupancy, plan(occupancy, [item(1, { abc: 1 })], { algorithm })), algorithm).toEqual([]);
      expect(codes(occupancy, plan(occupancy, [item(1, { abc: 2 })], { algorithm })), algorithm).toEqual(["RSV"]);
    }
  });

  test.each<[string, Partial<Spec>]>([
    ["velocity class", { abc: ["A", "Z"] }],
    ["temperature class", { temperature: "DEEP_FROZEN" }],
    ["mixing rule", { mixing: "SINGLE_PALLET" }],
    ["zone type", { zone: "MEZZANINE" }],
  ])("a location with a %s the engine does not know is skipped, never accepted by default", (_what, rule) => {
    const occupancy = facility([{ code: "ODD", ...rule }, { code: "PLAIN" }]);
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      const result = plan(occupancy, [item(1), item(90), item(9)], { algorithm });
      expect(new Set(codes(occupancy, result)), algorithm).toEqual(new Set(["PLAIN"]));
    }
  });

  test("single-material and single-lot locations take only their own stock, counting earlier items of the batch", () => {
    const occupancy = facility([
      { code: "SM", mixing: "SINGLE_MATERIAL", occupants: [{ material: 1 }] },
      { code: "SL", mixing: "SINGLE_LOT", occupants: [{ material: 2, lot: 7 }] },
      { code: "EMPTY_SL", mixing: "SINGLE_LOT" },
      { code: "ANY" },
    ]);
    const result = plan(
      occupancy,
      [
        item(1, { material: 1 }), // SM
        item(1, { material: 2, lot: 7 }), // SL
        item(1, { material: 2, lot: 8 }), // not SL: another lot; EMPTY_SL
        item(1, { material: 3, lot: 9 }), // not SM, not SL, not EMPTY_SL (now lot 8): ANY
      ],
      { algorithm: "FFD" },
    );
    expect(codes(occupancy, result)).toEqual(["SM", "SL", "EMPTY_SL", "ANY"]);
  });

  test("an item larger than any location: EXCEEDS_LOCATION_CAPACITY, or split when allowed", () => {
    const occupancy = facility([
      { code: "L1", cubic: 40 },
      { code: "L2", cubic: 40, used: 10 },
      { code: "L3", cubic: 40 },
    ]);
    const big = item(100, { quantity: 10 });
    expect(plan(occupancy, [big], { algorithm: "FFD" }).unplaced).toEqual([
      { item: 0, quantity: 10, reason: "EXCEEDS_LOCATION_CAPACITY" },
    ]);
    const split = plan(occupancy, [big], { algorithm: "FFD", allowSplit: true });
    expect(split.unplaced).toEqual([]);
    expect(split.placements.map((p) => [occupancy.layout.codes[p.location], p.quantity, p.cubic])).toEqual([
      ["L1", 4, 40],
      ["L2", 3, 30],
      ["L3", 3, 30],
    ]);
    expect(split.placements.every((p) => p.reason === "FIRST_FIT_SPLIT")).toBe(true);
  });

  test("ENHANCED keeps its factors in the reason of every part of a split item, and marks it SPLIT", () => {
    const occupancy = facility([
      { code: "L1", cubic: 40 },
      { code: "L2", cubic: 30 },
      { code: "L3", cubic: 30 },
    ]);
    const whole = plan(occupancy, [item(10)], { algorithm: "ENHANCED" }).placements[0]!.reason;
    expect(whole).toMatch(/^ENHANCED:[A-Z]+\+[A-Z]+(;[A-Z_]+)*$/);
    const split = plan(occupancy, [item(100, { quantity: 10 })], { algorithm: "ENHANCED", allowSplit: true });
    expect(split.unplaced).toEqual([]);
    expect(split.placements.length).toBeGreaterThan(1);
    for (const placement of split.placements)
      expect(placement.reason).toMatch(/^ENHANCED:[A-Z]+\+[A-Z]+(;[A-Z_]+)*;SPLIT$/);
  });

  test("when the facility is full: NO_CAPACITY, and a split places what fits", () => {
    const occupancy = facility([{ code: "L1", cubic: 40, used: 30 }]);
    expect(plan(occupancy, [item(20, { quantity: 2 })], { algorithm: "BFD" }).unplaced[0]?.reason).toBe("NO_CAPACITY");
    const split = plan(occupancy, [item(20, { quantity: 2 })], { algorithm: "BFD", allowSplit: true });
    expect(split.placements.map((p) => p.quantity)).toEqual([1]);
    expect(split.unplaced).toEqual([{ item: 0, quantity: 1, reason: "NO_CAPACITY" }]);
  });
});

describe("cross-dock", () => {
  test("a cross-dock candidate goes to a cross-dock location, then staging, then storage", () => {
    const occupancy = facility([
      { code: "RSV" },
      { code: "STG", zone: "STAGING", cubic: 20 },
      { code: "XD", zone: "CROSS_DOCK", cubic: 10 },
    ]);
    const result = plan(
      occupancy,
      [item(8, { crossDock: true }), item(8, { crossDock: true }), item(8, { crossDock: true }), item(8)],
      { algorithm: "FFD" },
    );
    expect(codes(occupancy, result)).toEqual(["XD", "STG", "STG", "RSV"]);
    expect(result.placements.map((p) => p.reason)).toEqual([
      "CROSS_DOCK",
      "CROSS_DOCK_STAGING",
      "CROSS_DOCK_STAGING",
      "FIRST_FIT",
    ]);
    expect(result.placements.map((p) => p.crossDock)).toEqual([true, true, true, false]);
  });

  test("with no cross-dock or staging room, the candidate is stored and the reason says so", () => {
    const occupancy = facility([{ code: "RSV" }, { code: "XD", zone: "CROSS_DOCK", cubic: 5 }]);
    const result = plan(occupancy, [item(8, { crossDock: true })], { algorithm: "BFD" });
    expect(codes(occupancy, result)).toEqual(["RSV"]);
    expect(result.placements[0]).toMatchObject({ reason: "BEST_FIT_NO_CROSS_DOCK_ROOM", crossDock: true });
  });

  test("ENHANCED keeps its factors when the candidate is stored for want of cross-dock room", () => {
    const occupancy = facility([{ code: "RSV" }, { code: "XD", zone: "CROSS_DOCK", cubic: 5 }]);
    const result = plan(occupancy, [item(8, { crossDock: true })], { algorithm: "ENHANCED" });
    expect(codes(occupancy, result)).toEqual(["RSV"]);
    expect(result.placements[0]!.reason).toMatch(/^ENHANCED:[A-Z]+\+[A-Z]+(;[A-Z_]+)*;NO_CROSS_DOCK_ROOM$/);
  });

  test("items that are not candidates never go to cross-dock or staging", () => {
    const occupancy = facility([
      { code: "XD", zone: "CROSS_DOCK" },
      { code: "STG", zone: "STAGING" },
    ]);
    expect(plan(occupancy, [item(1)], { algorithm: "FFD" }).unplaced[0]?.reason).toBe("NO_COMPATIBLE_LOCATION");
  });
});

describe("ENHANCED", () => {
  // Aisle A1 at the dock, A5 at the back.
  const warehouse = () =>
    facility([
      { code: "NEAR", aisle: "A1", x: 10 },
      { code: "MID", aisle: "A3", x: 50 },
      { code: "FAR", aisle: "A5", x: 100 },
    ]);

  test("fast movers go near the dock, slow movers to the back", () => {
    const occupancy = warehouse();
    const result = plan(occupancy, [item(1, { abc: 0 }), item(1, { abc: 2, material: 1 })], { algorithm: "ENHANCED" });
    expect(codes(occupancy, result)).toEqual(["NEAR", "FAR"]);
    expect(result.placements[0]!.reason).toBe(
      "ENHANCED:VELOCITY+UTILIZATION;NO_AFFINITY_DATA;NO_CONGESTION_DATA;NO_EXPIRY",
    );
  });

  test("the same material and lot pull an item to where it is stored", () => {
    const occupancy = facility([
      { code: "NEAR", aisle: "A1", x: 10 },
      { code: "HOLDS", aisle: "A2", x: 25, occupants: [{ material: 4, lot: 1 }] },
      { code: "FAR", aisle: "A5", x: 100 },
    ]);
    const result = plan(occupancy, [item(1, { abc: 0, material: 4, lot: 1 })], { algorithm: "ENHANCED" });
    expect(codes(occupancy, result)).toEqual(["HOLDS"]);
    expect(result.placements[0]!.factors.consolidation).toBe(1);
    expect(result.placements[0]!.reason).toMatch(/^ENHANCED:VELOCITY\+CONSOLIDATION/);
  });

  test("affinity pulls an item towards the aisle of materials ordered with it", () => {
    const occupancy = facility([
      { code: "A1-1", aisle: "A1", x: 40 },
      { code: "A2-1", aisle: "A2", x: 45 },
      { code: "A2-2", aisle: "A2", x: 45, occupants: [{ material: 9 }] },
    ]);
    const data = { affinity: new Map([[0, [[9, 1] as const]]]) };
    const without = plan(occupancy, [item(1, { abc: 0 })], { algorithm: "ENHANCED" });
    const withAffinity = plan(occupancy, [item(1, { abc: 0 })], { algorithm: "ENHANCED", data });
    expect(codes(occupancy, without)).toEqual(["A1-1"]);
    expect(codes(occupancy, withAffinity)).toEqual(["A2-1"]);
    expect(withAffinity.placements[0]!.affinity).toBe(1);
    const off = plan(occupancy, [item(1, { abc: 0 })], { algorithm: "ENHANCED", data, flags: { skuAffinity: false } });
    expect(codes(occupancy, off)).toEqual(["A1-1"]);
    expect(off.placements[0]!.reason).toMatch(/AFFINITY_OFF/);
    expect(off.placements[0]!.affinity).toBeNull();
  });

  test("congestion avoidance steers away from a busy aisle, unless switched off", () => {
    const occupancy = facility([
      { code: "BUSY", aisle: "A1", x: 10 },
      { code: "QUIET", aisle: "A2", x: 14 },
      { code: "BACK", aisle: "A3", x: 100 },
    ]);
    const congestion = Float64Array.from([1, 0, 0]);
    expect(
      codes(occupancy, plan(occupancy, [item(1, { abc: 0 })], { algorithm: "ENHANCED", data: { congestion } })),
    ).toEqual(["QUIET"]);
    expect(
      codes(
        occupancy,
        plan(occupancy, [item(1, { abc: 0 })], {
          algorithm: "ENHANCED",
          data: { congestion },
          flags: { congestionAvoidance: false },
        }),
      ),
    ).toEqual(["BUSY"]);
  });

  test("expiry: a lot joins stock of the same material with a close expiry date rather than a distant one", () => {
    const occupancy = facility([
      { code: "OLD", aisle: "A1", x: 20, occupants: [{ material: 3, lot: 1, expiryDay: 20000 }] },
      { code: "FRESH", aisle: "A1", x: 20, occupants: [{ material: 3, lot: 2, expiryDay: 20300 }] },
    ]);
    const result = plan(occupancy, [item(1, { abc: 0, material: 3, lot: 5, expiryDay: 20290 })], {
      algorithm: "ENHANCED",
    });
    expect(codes(occupancy, result)).toEqual(["FRESH"]);
    expect(result.placements[0]!.factors.expiry).toBeCloseTo(1 - 10 / 180, 6);
  });

  test("scores are in [0, 1] and every algorithm reports one", () => {
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      const occupancy = warehouse();
      const { placements } = plan(occupancy, [item(1), item(3, { abc: 0 })], { algorithm });
      expect(placements, algorithm).toHaveLength(2);
      for (const p of placements) {
        expect(p.score).toBeGreaterThan(0);
        expect(p.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("occupancy updates", () => {
  test("older rows do not overwrite newer ones", () => {
    const occupancy = facility([{ code: "L1" }]);
    expect(occupancy.set(0, 5, 30, 0, [])).toBe(true);
    expect(occupancy.set(0, 4, 10, 0, [])).toBe(false);
    expect(occupancy.remainingCubic[0]).toBe(70);
  });
});

describe("plans are independent", () => {
  test("planning twice on the same occupancy gives the same plan: a plan never changes the shared state", () => {
    const occupancy = facility(
      Array.from({ length: 50 }, (_, i) => ({ code: `L${i}`, used: (i * 37) % 100, aisle: `A${i % 5}`, x: i })),
    );
    const items = Array.from({ length: 40 }, (_, i) => item(5 + ((i * 13) % 40), { material: i % 7, abc: i % 3 }));
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"] as const) {
      const first = plan(occupancy, items, { algorithm });
      const second = plan(occupancy, items, { algorithm });
      expect(second.placements.map((p) => p.location)).toEqual(first.placements.map((p) => p.location));
    }
    // And the shared structures still answer from the unchanged state.
    expect(codes(occupancy, plan(occupancy, [item(100)], { algorithm: "BFD" }))).toEqual(["L0"]);
  });
});

describe("adaptive slotting", () => {
  test("slot shares rank materials by picks per cube of stock and follow the fill level", () => {
    const materials = [
      { material: "slow", picksPerDay: 1, stockCubic: 100 },
      { material: "fast", picksPerDay: 10, stockCubic: 100 },
      { material: "never", picksPerDay: 0, stockCubic: 50 },
    ];
    const half = slotShares(materials, 500);
    expect(half.get("fast")).toBeCloseTo(0.1);
    expect(half.get("slow")).toBeCloseTo(0.3);
    expect(half.get("never")).toBeCloseTo(0.45);
    // A fuller warehouse: the same stock is a smaller share of a larger room, so every target moves nearer.
    const room = slotShares(materials, 1000);
    expect(room.get("slow")!).toBeLessThan(half.get("slow")!);
  });

  test("the expected stock: what is on hand runs down, and an order at the low mark restores the swing", () => {
    const figures = { lowCubic: 10, highCubic: 100, pickedCubicPerDay: 1 };
    // Covers the horizon: 100 down by 1 a day for 30 days, never restocked: mean 100 - 29 / 2.
    expect(expectedStockCubic({ ...figures, onHandCubic: 100 })).toBeCloseTo(85.5);
    // At its low mark: 10, restocked by the swing (40) to 48 and down 2 a day to 12 (19 days), down to the mark
    // again and restocked: 50 down to 32 (10 days).
    const cycling = { onHandCubic: 10, lowCubic: 10, highCubic: 50, pickedCubicPerDay: 2 };
    expect(expectedStockCubic(cycling)).toBeCloseTo((10 + (19 * (48 + 12)) / 2 + (10 * (50 + 32)) / 2) / 30);
    // Without a swing (the window saw no other level) it only runs down: 10, 8, 6, 4, 2, then empty.
    expect(expectedStockCubic({ ...cycling, highCubic: 10 })).toBeCloseTo(30 / 30);
    // Whatever the window's marks, a material nobody picks keeps what it has.
    expect(expectedStockCubic({ onHandCubic: 7, lowCubic: 0, highCubic: 90, pickedCubicPerDay: 0 })).toBe(7);
    // A shorter horizon looks less far ahead.
    expect(expectedStockCubic({ ...figures, onHandCubic: 30, lowCubic: 0, highCubic: 30 }, 2)).toBe(29.5);
  });

  test("the expected stock is a finite amount whatever the figures", () => {
    const base = { onHandCubic: 10, lowCubic: 2, highCubic: 30, pickedCubicPerDay: 1 };
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -5]) {
      for (const key of Object.keys(base) as (keyof typeof base)[]) {
        const value = expectedStockCubic({ ...base, [key]: bad });
        expect(Number.isFinite(value) && value >= 0, `${key} = ${bad}`).toBe(true);
      }
      const horizon = expectedStockCubic(base, bad);
      expect(Number.isFinite(horizon) && horizon >= 0, `horizon ${bad}`).toBe(true);
    }
    // A fractional horizon counts whole days.
    expect(expectedStockCubic(base, 2.5)).toBe(expectedStockCubic(base, 2));
  });

  test("ENHANCED aims a material by its slot share, whatever its ABC class", () => {
    const row = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ code: `P${String(i).padStart(2, "0")}`, x: 10 + 10 * i, cubic: 100 }));
    const occupancy = facility(row(10));
    const near = plan(occupancy, [item(50, { abc: 2, slotShare: 0.05 })], { algorithm: "ENHANCED" });
    const far = plan(occupancy, [item(50, { abc: 0, slotShare: 0.85 })], { algorithm: "ENHANCED" });
    const travel = (p: ReturnType<typeof planBatch>) => occupancy.layout.travel[p.placements[0]!.location]!;
    expect(travel(near)).toBeLessThan(travel(far));
    expect(occupancy.layout.travelAtShare(0.05)).toBeLessThan(occupancy.layout.travelAtShare(0.85));
  });
});
