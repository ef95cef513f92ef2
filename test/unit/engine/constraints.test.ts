/**
 * Property tests: on random facilities and batches, no algorithm ever breaks a hard constraint, every unit
 * of every item is either placed or reported, and the reasons given for unplaced items are true.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  ABC_CLASSES,
  ALGORITHMS,
  EMPTY,
  Layout,
  type LayoutColumns,
  MIXING_RULES,
  Occupancy,
  type Plan,
  type PlanItem,
  planBatch,
  TEMPERATURES,
  ZONE_TYPES,
} from "../../../src/engine/index.ts";

interface Facility {
  columns: LayoutColumns;
  /** Per location: used cubic and weight units, and occupants (material, lot). */
  stock: Array<{ cubic: number; weight: number; occupants: Array<[number, number]> }>;
}

const locationArb = fc.record({
  zoneType: fc.constantFrom(...ZONE_TYPES),
  aisle: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  x: fc.integer({ min: 0, max: 300 }),
  y: fc.integer({ min: 0, max: 300 }),
  inner: fc.tuple(fc.integer({ min: 6, max: 96 }), fc.integer({ min: 6, max: 96 }), fc.integer({ min: 6, max: 96 })),
  maxCubic: fc.integer({ min: 1, max: 2_000_000 }),
  maxWeight: fc.integer({ min: 1, max: 2_000_000 }),
  abc: fc.subarray([...ABC_CLASSES], { minLength: 1 }),
  temperature: fc.constantFrom(...TEMPERATURES),
  hazmat: fc.boolean(),
  mixing: fc.constantFrom(...MIXING_RULES),
  usedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  occupants: fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -1, max: 2 })), { maxLength: 2 }),
});

const facilityArb: fc.Arbitrary<Facility> = fc.array(locationArb, { minLength: 1, maxLength: 40 }).map((locations) => ({
  columns: {
    ids: locations.map((_, i) => `loc-${i}`),
    codes: locations.map((_, i) => `L-${i}`),
    zoneTypes: locations.map((l) => l.zoneType),
    aisles: locations.map((l) => (l.aisle === null ? null : `A${l.aisle}`)),
    x: locations.map((l) => l.x),
    y: locations.map((l) => l.y),
    inner: locations.map((l) => l.inner),
    maxCubic: locations.map((l) => l.maxCubic),
    maxWeight: locations.map((l) => l.maxWeight),
    abc: locations.map((l) => l.abc),
    temperature: locations.map((l) => l.temperature),
    hazmat: locations.map((l) => l.hazmat),
    mixing: locations.map((l) => l.mixing),
    dock: [0, 0],
  },
  stock: locations.map((l) => ({
    cubic: Math.floor(l.maxCubic * l.usedShare),
    weight: Math.floor(l.maxWeight * l.usedShare),
    // A single-lot or single-material location holds at most one lot at the start.
    occupants: l.mixing === "ANY" ? l.occupants : l.occupants.slice(0, 1),
  })),
}));

const itemArb: fc.Arbitrary<PlanItem> = fc
  .record({
    material: fc.integer({ min: 0, max: 7 }),
    lot: fc.integer({ min: -1, max: 2 }),
    quantity: fc.integer({ min: 1, max: 20 }),
    unitCubic: fc.integer({ min: 0, max: 200_000 }),
    unitWeight: fc.integer({ min: 0, max: 200_000 }),
    unitDims: fc.option(
      fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })),
      { nil: null },
    ),
    abc: fc.integer({ min: 0, max: 3 }),
    temperature: fc.integer({ min: 0, max: 2 }),
    hazmat: fc.boolean(),
    expiryDay: fc.option(fc.integer({ min: 19000, max: 21000 }), { nil: Number.NaN }),
    crossDock: fc.boolean(),
  })
  .map((r) => ({
    material: r.material,
    lot: r.lot,
    quantity: r.quantity,
    cubic: r.unitCubic * r.quantity,
    weight: r.unitWeight * r.quantity,
    unitDims: r.unitDims === null ? null : ([...r.unitDims].sort((a, b) => a - b) as [number, number, number]),
    abc: r.abc,
    temperature: r.temperature,
    hazmat: r.hazmat,
    expiryDay: r.expiryDay,
    crossDock: r.crossDock,
  }));

function occupancyOf(facility: Facility): { layout: Layout; occupancy: Occupancy } {
  const layout = new Layout(facility.columns);
  const occupancy = new Occupancy(layout);
  facility.stock.forEach((s, location) => {
    occupancy.set(
      location,
      1,
      s.cubic,
      s.weight,
      s.occupants.map(([material, lot]) => ({ material, lot, expiryDay: Number.NaN })),
    );
  });
  return { layout, occupancy };
}

const STORAGE = new Set(["PICK_FACE", "RESERVE", "BULK"]);

/** Checks every hard constraint of a plan against the facility it was made for. */
function checkPlan(facility: Facility, items: readonly PlanItem[], plan: Plan): void {
  const { columns, stock } = facility;
  const cubic = stock.map((s) => s.cubic);
  const weight = stock.map((s) => s.weight);
  const held = stock.map((s) => s.occupants.map(([m, l]) => `${m}/${l}`));
  const placed = items.map(() => 0);
  for (const p of plan.placements) {
    const item = items[p.item]!;
    const where = `item ${p.item} in location ${p.location}`;
    placed[p.item]! += p.quantity;
    cubic[p.location]! += p.cubic;
    weight[p.location]! += p.weight;
    held[p.location]!.push(`${item.material}/${item.lot}`);
    const zone = columns.zoneTypes[p.location]!;
    expect(
      STORAGE.has(zone) || (item.crossDock && (zone === "CROSS_DOCK" || zone === "STAGING")),
      `${where}: zone ${zone}`,
    ).toBe(true);
    expect(columns.temperature[p.location], `${where}: temperature`).toBe(TEMPERATURES[item.temperature]);
    if (item.hazmat) expect(columns.hazmat[p.location], `${where}: hazmat`).toBe(true);
    if (STORAGE.has(zone)) {
      expect(columns.abc[p.location], `${where}: velocity class`).toContain(ABC_CLASSES[Math.min(item.abc, 2)]);
    }
    if (item.unitDims !== null) {
      const inner = [...columns.inner[p.location]!].sort((a, b) => a - b);
      item.unitDims.forEach((d, k) => {
        expect(d, `${where}: dimension ${k}`).toBeLessThanOrEqual(inner[k]!);
      });
    }
    // A split chunk reserves at least its share of the item.
    expect(p.cubic * item.quantity, `${where}: reserved cubic`).toBeGreaterThanOrEqual(
      item.cubic * p.quantity - item.quantity,
    );
    expect(p.score).toBeGreaterThanOrEqual(0);
    expect(p.score).toBeLessThanOrEqual(1);
  }
  columns.ids.forEach((_, location) => {
    expect(cubic[location], `location ${location} cubic`).toBeLessThanOrEqual(
      Math.max(columns.maxCubic[location]!, stock[location]!.cubic),
    );
    expect(weight[location], `location ${location} weight`).toBeLessThanOrEqual(
      Math.max(columns.maxWeight[location]!, stock[location]!.weight),
    );
    const materials = new Set(held[location]!.map((k) => k.split("/")[0]));
    const lots = new Set(held[location]!);
    if (columns.mixing[location] === "SINGLE_MATERIAL")
      expect(materials.size, `location ${location} mixes materials`).toBeLessThanOrEqual(1);
    if (columns.mixing[location] === "SINGLE_LOT") {
      expect(lots.size, `location ${location} mixes lots`).toBeLessThanOrEqual(1);
      if (held[location]!.length > stock[location]!.occupants.length) {
        // Stock without a lot number only goes into an empty single-lot location, alone.
        expect(held[location]!.every((k) => !k.endsWith(`/${EMPTY}`)) || held[location]!.length === 1).toBe(true);
      }
    }
  });
  for (const u of plan.unplaced) placed[u.item]! += u.quantity;
  items.forEach((item, i) => {
    expect(placed[i], `item ${i}: placed + unplaced`).toBeCloseTo(item.quantity, 6);
  });
}

describe("hard constraints hold for every algorithm on random facilities", () => {
  test.each(ALGORITHMS.map((a) => [a]))("%s", (algorithm) => {
    fc.assert(
      fc.property(
        facilityArb,
        fc.array(itemArb, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (facility, items, allowSplit) => {
          const { occupancy } = occupancyOf(facility);
          const before = occupancy.remainingCubic.slice();
          const plan = planBatch(occupancy, items, { algorithm, allowSplit });
          checkPlan(facility, items, plan);
          expect(occupancy.remainingCubic, "planning leaves the shared occupancy alone").toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("reasons for unplaced items are true", () => {
  test("NO_COMPATIBLE_LOCATION: no usable location could ever take one unit", () => {
    fc.assert(
      fc.property(facilityArb, itemArb, (facility, item) => {
        const { occupancy } = occupancyOf(facility);
        const plan = planBatch(occupancy, [{ ...item, crossDock: false }], { algorithm: "FFD" });
        for (const u of plan.unplaced.filter((u) => u.reason === "NO_COMPATIBLE_LOCATION")) {
          const { columns } = facility;
          const compatible = columns.ids.some((_, l) => {
            const inner = [...columns.inner[l]!].sort((a, b) => a - b);
            return (
              STORAGE.has(columns.zoneTypes[l]!) &&
              columns.temperature[l] === TEMPERATURES[item.temperature] &&
              (!item.hazmat || columns.hazmat[l]) &&
              columns.abc[l]!.includes(ABC_CLASSES[Math.min(item.abc, 2)]!) &&
              (item.unitDims === null || item.unitDims.every((d, k) => d <= inner[k]!))
            );
          });
          expect(compatible, `item reported incompatible in ${JSON.stringify(columns)}`).toBe(false);
          expect(u.quantity).toBe(item.quantity);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("NO_CAPACITY from FFD on a single item: no compatible location has room right now", () => {
    fc.assert(
      fc.property(facilityArb, itemArb, (facility, item) => {
        const { layout, occupancy } = occupancyOf(facility);
        const single = { ...item, crossDock: false };
        const plan = planBatch(occupancy, [single], { algorithm: "FFD" });
        if (plan.unplaced[0]?.reason !== "NO_CAPACITY") return;
        for (let l = 0; l < layout.count; l++) {
          const fits =
            occupancy.remainingCubic[l]! >= single.cubic &&
            occupancy.remainingWeight[l]! >= single.weight &&
            STORAGE.has(facility.columns.zoneTypes[l]!) &&
            facility.columns.temperature[l] === TEMPERATURES[single.temperature] &&
            (!single.hazmat || facility.columns.hazmat[l]) &&
            facility.columns.abc[l]!.includes(ABC_CLASSES[Math.min(single.abc, 2)]!) &&
            (single.unitDims === null ||
              single.unitDims.every((d, k) => d <= [...facility.columns.inner[l]!].sort((a, b) => a - b)[k]!));
          if (!fits) continue;
          const rule = facility.columns.mixing[l];
          const there = facility.stock[l]!.occupants;
          const mixingOk =
            rule === "ANY" ||
            there.length === 0 ||
            (rule === "SINGLE_MATERIAL" && there.every(([m]) => m === single.material)) ||
            (rule === "SINGLE_LOT" &&
              single.lot >= 0 &&
              there.every(([m, lot]) => m === single.material && lot === single.lot));
          expect(mixingOk, `location ${l} could have taken the item`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
