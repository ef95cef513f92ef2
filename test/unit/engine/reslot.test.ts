/**
 * The re-slotting planner on small facilities whose answer is known by hand, and on generated fragmented
 * warehouses: every plan replays move by move from the starting stock without a location over capacity, a
 * lot read where it is not, or a hard rule broken; CONSOLIDATE lands near its lower bound; TRAVEL cuts travel.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { acceptor, compatibleClasses } from "../../../src/engine/constraints.ts";
import {
  EMPTY,
  Layout,
  type LayoutColumns,
  Occupancy,
  type PlanItem,
  type ReslottingObjective,
} from "../../../src/engine/index.ts";
import { ZONE_STORAGE } from "../../../src/engine/layout.ts";
import {
  planReslotting,
  positionsLowerBound,
  type ReslottingInput,
  type ReslottingPlan,
  type StockLot,
} from "../../../src/engine/reslot.ts";
import { PlanState } from "../../../src/engine/state.ts";
import { generateFragmented } from "../../../src/sim/fragmented.ts";

interface Spec {
  code: string;
  x?: number;
  cubic?: number;
  mixing?: string;
  zone?: string;
  abc?: string[];
}

function layoutOf(specs: Spec[]): Layout {
  const columns: LayoutColumns = {
    ids: specs.map((s) => s.code),
    codes: specs.map((s) => s.code),
    zoneTypes: specs.map((s) => s.zone ?? "RESERVE"),
    aisles: specs.map(() => "A1"),
    x: specs.map((s, i) => s.x ?? 10 * (i + 1)),
    y: specs.map(() => 0),
    inner: specs.map(() => [48, 40, 48]),
    maxCubic: specs.map((s) => s.cubic ?? 10),
    maxWeight: specs.map(() => 1_000_000),
    abc: specs.map((s) => s.abc ?? ["A", "B", "C"]),
    temperature: specs.map(() => "AMBIENT"),
    hazmat: specs.map(() => false),
    mixing: specs.map((s) => s.mixing ?? "ANY"),
    dock: [0, 0],
  };
  return new Layout(columns);
}

function item(material: number, cubic: number, lot = material): PlanItem {
  return {
    material,
    lot,
    quantity: 1,
    cubic,
    weight: 0,
    unitDims: null,
    abc: 0,
    temperature: 0,
    hazmat: false,
    expiryDay: Number.NaN,
    crossDock: false,
  };
}

/** An occupancy holding `lots` (and nothing reserved). */
function stocked(layout: Layout, lots: readonly StockLot[]): Occupancy {
  const occupancy = new Occupancy(layout);
  for (let location = 0; location < layout.count; location++) {
    const here = lots.filter((l) => l.location === location);
    occupancy.set(
      location,
      1,
      here.reduce((sum, l) => sum + l.item.cubic, 0),
      here.reduce((sum, l) => sum + l.item.weight, 0),
      here.map((l) => ({ material: l.item.material, lot: l.item.lot, expiryDay: l.item.expiryDay })),
    );
  }
  return occupancy;
}

function input(layout: Layout, lots: StockLot[], picks: Array<[number, number]> = []): ReslottingInput {
  return { occupancy: stocked(layout, lots), lots, picksPerDay: new Map(picks), reserved: new Map() };
}

/**
 * Replays a plan from the starting stock on a fresh occupancy: each move reads its lot where the moves before
 * left it, and goes where the engine's hard constraints (class, room, weight, mixing) let it at that moment.
 */
function assertExecutable(layout: Layout, lots: readonly StockLot[], plan: ReslottingPlan): void {
  const where = lots.map((l) => l.location);
  const held = new Map<number, number[]>();
  lots.forEach((l, i) => {
    held.set(l.location, [...(held.get(l.location) ?? []), i]);
  });
  const occupancy = stocked(layout, lots);
  const state = new PlanState(occupancy);
  for (const [k, move] of plan.moves.entries()) {
    const { item } = lots[move.lot]!;
    expect(where[move.lot], `move ${k + 1} reads its lot where it is`).toBe(move.from);
    expect(compatibleClasses(layout, item, ZONE_STORAGE)).toContain(layout.classOf[move.to]);
    expect(occupancy.remainingCubic[move.to], `move ${k + 1}: room at the target`).toBeGreaterThanOrEqual(item.cubic);
    expect(acceptor(state, item, item.weight)(move.to), `move ${k + 1}: the target's rules take it`).toBe(true);
    const from = held.get(move.from)!.filter((i) => i !== move.lot);
    held.set(move.from, from);
    held.set(move.to, [...(held.get(move.to) ?? []), move.lot]);
    where[move.lot] = move.to;
    const keys = (location: number): [number, number] => {
      let material = EMPTY;
      let lot = EMPTY;
      for (const i of held.get(location) ?? []) {
        const it = lots[i]!.item;
        material = material === EMPTY ? it.material : material === it.material ? material : -2;
        lot = lot === EMPTY ? it.lot : lot === it.lot ? lot : -2;
      }
      return [material, lot];
    };
    occupancy.adjust(
      move.from,
      occupancy.remainingCubic[move.from]! + item.cubic,
      occupancy.remainingWeight[move.from]! + item.weight,
      ...keys(move.from),
    );
    occupancy.adjust(
      move.to,
      occupancy.remainingCubic[move.to]! - item.cubic,
      occupancy.remainingWeight[move.to]! - item.weight,
      ...keys(move.to),
    );
  }
  const occupiedAfter = [...held].filter(([l, list]) => list.length > 0 && layout.zoneKind[l] === ZONE_STORAGE).length;
  expect(plan.positionsOccupied - plan.positionsFreed).toBe(occupiedAfter);
}

describe("CONSOLIDATE", () => {
  test("empties the emptiest positions into the fullest ones that have room, and stops at the bound", () => {
    const layout = layoutOf([{ code: "L1" }, { code: "L2" }, { code: "L3" }, { code: "L4" }]);
    // 6 + 2 + 2 + 3 = 13 units in bins of 10: two positions needed.
    const lots: StockLot[] = [
      { location: 0, item: item(0, 6) },
      { location: 1, item: item(1, 2) },
      { location: 2, item: item(2, 2) },
      { location: 3, item: item(3, 3) },
    ];
    const plan = planReslotting(input(layout, lots), { objective: "CONSOLIDATE", maxMoves: Infinity });
    assertExecutable(layout, lots, plan);
    expect(plan.positionsOccupied).toBe(4);
    expect(plan.positionsLowerBound).toBe(2);
    expect(plan.positionsFreed).toBe(2);
    expect(plan.moves.every((m) => m.reason === "CONSOLIDATE")).toBe(true);
  });

  test("moves a position's lots all or none, within maxMoves", () => {
    const layout = layoutOf([{ code: "L1" }, { code: "L2" }, { code: "L3" }]);
    const lots: StockLot[] = [
      { location: 0, item: item(0, 5) },
      { location: 1, item: item(1, 1) },
      { location: 1, item: item(2, 1) },
      { location: 2, item: item(3, 1) },
    ];
    // One move frees L3; freeing L2 takes two more, which maxMoves 2 does not allow.
    const plan = planReslotting(input(layout, lots), { objective: "CONSOLIDATE", maxMoves: 2 });
    assertExecutable(layout, lots, plan);
    expect(plan.moves).toHaveLength(1);
    expect(plan.positionsFreed).toBe(1);
  });

  test("respects mixing rules and never empties a position with open reservations", () => {
    const layout = layoutOf([
      { code: "S1", mixing: "SINGLE_MATERIAL" },
      { code: "S2", mixing: "SINGLE_MATERIAL" },
      { code: "R1" },
      { code: "R2" },
    ]);
    const lots: StockLot[] = [
      { location: 0, item: item(0, 2) },
      { location: 1, item: item(1, 2) }, // another material: S1 and S2 cannot merge
      { location: 2, item: item(2, 2) },
      { location: 3, item: item(3, 2) },
    ];
    const base = input(layout, lots);
    const plan = planReslotting(
      { ...base, reserved: new Map([[3, [{ material: 3, lot: 3 }]]]) },
      {
        objective: "CONSOLIDATE",
        maxMoves: Infinity,
      },
    );
    assertExecutable(layout, lots, plan);
    expect(plan.moves.some((m) => m.from === 3)).toBe(false);
    expect(plan.moves.some((m) => (m.to === 0 || m.to === 1) && lots[m.lot]!.item.material !== m.to)).toBe(false);
    // S1's lot goes to R1 (best fit, then nearest), then S2's: two freed; R2 keeps its reservation and its stock.
    expect(plan.positionsFreed).toBe(2);
  });

  test("the bound keeps materials apart where every location of the class holds one at a time", () => {
    const layout = layoutOf([
      { code: "S1", mixing: "SINGLE_MATERIAL" },
      { code: "S2", mixing: "SINGLE_MATERIAL" },
      { code: "S3", mixing: "SINGLE_MATERIAL" },
    ]);
    // Two materials at 2 units each in bins of 10: one position by room, two by the rule; the same material
    // twice shares one.
    const apart: StockLot[] = [
      { location: 0, item: item(0, 2) },
      { location: 1, item: item(1, 2) },
    ];
    expect(positionsLowerBound(stocked(layout, apart), apart)).toBe(2);
    const together: StockLot[] = [
      { location: 0, item: item(0, 2, 5) },
      { location: 1, item: item(0, 2, 6) },
      { location: 2, item: item(1, 0) },
    ];
    expect(positionsLowerBound(stocked(layout, together), together)).toBe(2);
    const plan = planReslotting(input(layout, together), { objective: "CONSOLIDATE", maxMoves: Infinity });
    assertExecutable(layout, together, plan);
    expect(plan.positionsFreed).toBe(1);
  });

  test("on a generated fragmented warehouse, ends within 10 % of the lower bound", () => {
    const facility = generateFragmented({ size: { aisles: 10, bays: 20, levels: 4 }, seed: 3 });
    const plan = planReslotting(
      { ...facility, reserved: new Map() },
      { objective: "CONSOLIDATE", maxMoves: Number.POSITIVE_INFINITY },
    );
    const after = plan.positionsOccupied - plan.positionsFreed;
    expect(plan.positionsLowerBound).toBe(
      positionsLowerBound(
        generateFragmented({ size: { aisles: 10, bays: 20, levels: 4 }, seed: 3 }).occupancy,
        facility.lots,
      ),
    );
    expect(after).toBeGreaterThanOrEqual(plan.positionsLowerBound);
    expect(after).toBeLessThanOrEqual(Math.ceil(1.1 * plan.positionsLowerBound));
    expect(plan.positionsFreed).toBeGreaterThan(0.25 * plan.positionsOccupied);
  });
});

describe("TRAVEL", () => {
  test("brings a fast mover's pick lot to the nearest room, and measures travel as the simulator does", () => {
    const layout = layoutOf([
      { code: "NEAR", x: 5 },
      { code: "MID", x: 50 },
      { code: "FAR", x: 100 },
    ]);
    const lots: StockLot[] = [
      { location: 2, item: item(0, 4) }, // fast, far
      { location: 1, item: item(1, 4) }, // slow, middle
    ];
    const plan = planReslotting(
      input(layout, lots, [
        [0, 10],
        [1, 1],
      ]),
      { objective: "TRAVEL", maxMoves: 1 },
    );
    assertExecutable(layout, lots, plan);
    expect(plan.moves).toEqual([{ lot: 0, from: 2, to: 0, reason: "TRAVEL" }]);
    // Out and back, weighted by pick lines: (10 × 200 + 1 × 100) / 11 before, (10 × 10 + 1 × 100) / 11 after.
    expect(plan.travelPerPickBefore).toBeCloseTo(2100 / 11, 6);
    expect(plan.travelPerPickAfter).toBeCloseTo(200 / 11, 6);
  });

  test("sends a slower material away to make room near the dock (two moves, in that order)", () => {
    const layout = layoutOf([
      { code: "NEAR", x: 5 },
      { code: "FAR", x: 100 },
      { code: "SPARE", x: 200 },
    ]);
    const lots: StockLot[] = [
      { location: 0, item: item(1, 8) }, // slow, near, fills it
      { location: 1, item: item(0, 8) }, // fast, far
    ];
    const plan = planReslotting(
      input(layout, lots, [
        [0, 20],
        [1, 1],
      ]),
      { objective: "TRAVEL", maxMoves: 2 },
    );
    assertExecutable(layout, lots, plan);
    expect(plan.moves.map((m) => [m.lot, m.to, m.reason])).toEqual([
      [0, 2, "MAKE_ROOM"],
      [1, 0, "TRAVEL"],
    ]);
    expect(plan.travelPerPickAfter).toBeLessThan(plan.travelPerPickBefore);
  });

  test("on a generated fragmented warehouse, 100 moves cut travel per pick line by more than a third", () => {
    const facility = generateFragmented({ size: { aisles: 10, bays: 20, levels: 4 }, seed: 3 });
    const lots = facility.lots;
    const layout = facility.occupancy.layout;
    const plan = planReslotting({ ...facility, reserved: new Map() }, { objective: "TRAVEL", maxMoves: 100 });
    expect(plan.moves.length).toBeLessThanOrEqual(100);
    expect(plan.travelPerPickAfter).toBeLessThan((2 / 3) * plan.travelPerPickBefore);
    assertExecutable(layout, lots, plan);
  });
});

describe("BALANCED", () => {
  test("consolidates first, then may fill a position consolidation freed with a fast mover", () => {
    const layout = layoutOf([
      { code: "NEAR", x: 5 },
      { code: "MID", x: 50 },
      { code: "FAR", x: 100 },
    ]);
    const lots: StockLot[] = [
      { location: 0, item: item(1, 1) }, // slow, a little, near: consolidation empties NEAR into MID
      { location: 1, item: item(2, 5) },
      { location: 2, item: item(0, 4) }, // fast, far
    ];
    const plan = planReslotting(
      input(layout, lots, [
        [0, 10],
        [1, 0.1],
        [2, 0.1],
      ]),
      { objective: "BALANCED", maxMoves: 2 },
    );
    assertExecutable(layout, lots, plan);
    expect(plan.moves.map((m) => [m.lot, m.to, m.reason])).toEqual([
      [0, 1, "CONSOLIDATE"],
      [2, 0, "TRAVEL"],
    ]);
  });
});

describe("every objective", () => {
  const objectives: ReslottingObjective[] = ["TRAVEL", "CONSOLIDATE", "BALANCED"];

  test("plans that replay move by move on random facilities, within maxMoves", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cubic: fc.integer({ min: 4, max: 12 }),
            mixing: fc.constantFrom("ANY", "ANY", "SINGLE_MATERIAL", "SINGLE_LOT"),
            zone: fc.constantFrom("RESERVE", "RESERVE", "BULK", "STAGING"),
            abc: fc.constantFrom<string[]>(["A", "B", "C"], ["A"], ["C"]),
          }),
          { minLength: 2, maxLength: 12 },
        ),
        fc.array(
          fc.record({
            at: fc.nat(),
            material: fc.integer({ min: 0, max: 4 }),
            size: fc.integer({ min: 1, max: 6 }),
            abc: fc.integer({ min: 0, max: 2 }),
          }),
          {
            maxLength: 16,
          },
        ),
        fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom(...objectives),
        fc.integer({ min: 0, max: 12 }),
        (specs, stock, picks, objective, maxMoves) => {
          const layout = layoutOf(specs.map((s, i) => ({ code: `L${i}`, ...s })));
          // Stock where it fits whole, as the database would have it (room, single-material rules aside).
          const lots: StockLot[] = [];
          const used = new Array(specs.length).fill(0);
          for (const s of stock) {
            const location = s.at % specs.length;
            if (used[location] + s.size > specs[location]!.cubic) continue;
            const here = lots.filter((l) => l.location === location);
            if (specs[location]!.mixing !== "ANY" && here.some((l) => l.item.material !== s.material)) continue;
            used[location] += s.size;
            lots.push({ location, item: { ...item(s.material, s.size), abc: s.abc } });
          }
          const plan = planReslotting(
            input(
              layout,
              lots,
              picks.map((p, m) => [m, p]),
            ),
            { objective, maxMoves },
          );
          expect(plan.moves.length).toBeLessThanOrEqual(maxMoves);
          assertExecutable(layout, lots, plan);
          expect(plan.positionsOccupied - plan.positionsFreed).toBeGreaterThanOrEqual(
            objective === "CONSOLIDATE" ? plan.positionsLowerBound : 0,
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  test("refuses an unknown objective and a negative move limit", () => {
    const layout = layoutOf([{ code: "L1" }]);
    expect(() => planReslotting(input(layout, []), { objective: "FAST" as ReslottingObjective, maxMoves: 1 })).toThrow(
      RangeError,
    );
    expect(() => planReslotting(input(layout, []), { objective: "TRAVEL", maxMoves: -1 })).toThrow(RangeError);
  });
});
