/**
 * The packing loop: assigns every item of a batch to a location, or says why it cannot.
 *
 * Hard constraints come first and no algorithm ever breaks them: room (cubic feet and weight, counting
 * earlier items of the batch), a unit that fits the inner dimensions in some orientation, temperature class,
 * hazmat permission, allowed velocity classes, mixing rules, and only usable locations of the right kind
 * (storage, or cross-dock and staging for cross-dock items). Then each algorithm chooses among the locations
 * that pass:
 *
 * - FFD: items largest first, each to the first location on the pick path with room.
 * - BFD: items largest first, each to the location left with the least room after placing it.
 * - HYBRID: runs both and keeps the plan that places more items, then the one that uses fewer locations;
 *   on a tie the BFD plan (it leaves larger gaps free for the next batch).
 * - ENHANCED: fast movers first, then largest first; each item to the best-scoring of a narrowed set of
 *   candidates (see `score.ts`).
 *
 * Items with open outbound demand (cross-dock candidates) go first to cross-dock, then staging locations,
 * first fit; when neither has room they are stored like any other item.
 */

import {
  ABC_UNKNOWN,
  EMPTY,
  type Layout,
  MIX_ANY,
  MIX_SINGLE_MATERIAL,
  MIXED,
  type Occupancy,
  type Occupant,
  ZONE_CROSS_DOCK,
  ZONE_STAGING,
  ZONE_STORAGE,
} from "./layout.ts";
import {
  type FactorData,
  type FactorFlags,
  type Factors,
  LocationScorer,
  reasonForScore,
  velocityTarget,
} from "./score.ts";
import type { SortedRoom } from "./sorted.ts";
import type { CapacityTree } from "./tree.ts";
import { roundQuantity } from "./units.ts";
import type { Algorithm } from "./vocabulary.ts";

/** One item of a batch, in the engine's terms. */
export interface PlanItem {
  material: number;
  /** Lot key, EMPTY when the item has no lot number. */
  lot: number;
  quantity: number;
  /** Total cubic capacity units (cubic feet × 10,000) of the quantity. */
  cubic: number;
  /** Total weight units (pounds × 1,000) of the quantity. */
  weight: number;
  /** One unit's dimensions in inches, sorted ascending; null when unknown (not checked). */
  unitDims: readonly [number, number, number] | null;
  /** 0 = A, 1 = B, 2 = C, ABC_UNKNOWN. */
  abc: number;
  /** Index into TEMPERATURES. */
  temperature: number;
  hazmat: boolean;
  /** Expiry as days since 1970-01-01; NaN when unknown. */
  expiryDay: number;
  /** Open outbound demand is due soon: try cross-dock and staging first. */
  crossDock: boolean;
}

export interface PlanOptions {
  algorithm: Algorithm;
  /** Let an item that fits nowhere whole be split across locations. */
  allowSplit?: boolean;
  flags?: Partial<FactorFlags>;
  data?: FactorData;
  /** Candidates ENHANCED scores per item and class, besides consolidation and affinity ones (default 16). */
  candidates?: number;
}

export type UnplacedReason = "NO_CAPACITY" | "NO_COMPATIBLE_LOCATION" | "EXCEEDS_LOCATION_CAPACITY";

export interface Placement {
  item: number;
  location: number;
  quantity: number;
  cubic: number;
  weight: number;
  /** Fit score of the location, 0 to 1 (the confidence heuristic). */
  score: number;
  factors: Factors;
  reason: string;
  /** Cubic utilization of the location after placement, 0 to 1. */
  utilization: number;
  /** SKU affinity score of the location, or null without affinity data. */
  affinity: number | null;
  crossDock: boolean;
}

export interface Unplaced {
  item: number;
  quantity: number;
  reason: UnplacedReason;
}

export interface Plan {
  /** The algorithm asked for. */
  algorithm: Algorithm;
  /** For HYBRID, the plan it kept. */
  chosen: "FFD" | "BFD" | "ENHANCED";
  placements: Placement[];
  unplaced: Unplaced[];
  /** Distinct locations the plan uses. */
  locationsUsed: number;
}

const DEFAULT_FLAGS: FactorFlags = { skuAffinity: true, congestionAvoidance: true };

/**
 * A plan's view of the facility. Planning writes into the facility's own arrays and search structures (no
 * copies: a one-item request on a large facility touches one location) and keeps a journal of what it
 * changed; `release()` puts everything back. Planning is synchronous, so nothing else ever sees the
 * intermediate state.
 */
export class PlanState {
  readonly layout: Layout;
  readonly occupancy: Occupancy;
  readonly remainingCubic: Float64Array;
  readonly remainingWeight: Float64Array;
  readonly occupantMaterial: Int32Array;
  readonly occupantLot: Int32Array;
  /** Occupants added by this plan, by location. */
  readonly added = new Map<number, Occupant[]>();
  /** Locations of each material added by this plan. */
  readonly addedLocationsOfMaterial = new Map<number, Set<number>>();
  /** Each touched location and its state before the plan: room, weight, material, lot. */
  readonly #journal = new Map<number, [number, number, number, number]>();
  #released = false;

  constructor(occupancy: Occupancy) {
    this.layout = occupancy.layout;
    this.occupancy = occupancy;
    this.remainingCubic = occupancy.remainingCubic;
    this.remainingWeight = occupancy.remainingWeight;
    this.occupantMaterial = occupancy.occupantMaterial;
    this.occupantLot = occupancy.occupantLot;
  }

  pickTree(klass: number): CapacityTree {
    return this.occupancy.pickTree(klass);
  }

  travelTree(klass: number): CapacityTree {
    return this.occupancy.travelTree(klass);
  }

  sortedRoom(klass: number): SortedRoom {
    return this.occupancy.sortedRoom(klass);
  }

  /** Takes room at a location for an item. */
  place(location: number, item: PlanItem, cubic: number, weight: number): void {
    if (this.#released) throw new Error("this plan was released");
    const { occupancy } = this;
    if (!this.#journal.has(location)) {
      this.#journal.set(location, [
        occupancy.remainingCubic[location]!,
        occupancy.remainingWeight[location]!,
        occupancy.occupantMaterial[location]!,
        occupancy.occupantLot[location]!,
      ]);
    }
    const material = occupancy.occupantMaterial[location]!;
    const lot = occupancy.occupantLot[location]!;
    const itemLot = item.lot === EMPTY ? MIXED : item.lot;
    occupancy.adjust(
      location,
      occupancy.remainingCubic[location]! - cubic,
      occupancy.remainingWeight[location]! - weight,
      material === EMPTY || material === item.material ? item.material : MIXED,
      lot === EMPTY && material === EMPTY ? itemLot : lot === itemLot ? lot : MIXED,
    );
    let list = this.added.get(location);
    if (list === undefined) this.added.set(location, (list = []));
    list.push({ material: item.material, lot: item.lot, expiryDay: item.expiryDay });
    let locations = this.addedLocationsOfMaterial.get(item.material);
    if (locations === undefined) this.addedLocationsOfMaterial.set(item.material, (locations = new Set()));
    locations.add(location);
  }

  /** Calls `visit` once for each location holding `material`, stored before the plan or added by it. */
  forEachLocationOf(material: number, visit: (location: number) => void): void {
    const before = this.occupancy.locationsOfMaterial.get(material);
    const added = this.addedLocationsOfMaterial.get(material);
    if (before !== undefined) for (const location of before) visit(location);
    if (added !== undefined)
      for (const location of added) if (before === undefined || !before.has(location)) visit(location);
  }

  /** Undoes every change of the plan. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const [location, [cubic, weight, material, lot]] of this.#journal) {
      this.occupancy.adjust(location, cubic, weight, material, lot);
    }
  }
}

/** Classes whose locations accept `item` in zones of kind `zoneKind`. */
function compatibleClasses(layout: Layout, item: PlanItem, zoneKind: number): number[] {
  const abcBit = 1 << (item.abc === ABC_UNKNOWN ? 2 : item.abc);
  const result: number[] = [];
  layout.classes.forEach((c, index) => {
    if (
      c.zoneKind === zoneKind &&
      c.temperature === item.temperature &&
      (!item.hazmat || c.hazmat) &&
      (c.abcMask & abcBit) !== 0
    ) {
      result.push(index);
    }
  });
  return result;
}

/** The constraints the capacity trees do not index: weight, dimensions, mixing. */
function acceptor(state: PlanState, item: PlanItem, weightNeed: number): (location: number) => boolean {
  const { layout, remainingWeight, occupantMaterial, occupantLot } = state;
  const inner = layout.inner;
  const mixing = layout.mixing;
  const dims = item.unitDims;
  const d0 = dims?.[0] ?? 0;
  const d1 = dims?.[1] ?? 0;
  const d2 = dims?.[2] ?? 0;
  const material = item.material;
  const lot = item.lot;
  return (location) => {
    if (remainingWeight[location]! < weightNeed) return false;
    if (d0 > inner[3 * location]! || d1 > inner[3 * location + 1]! || d2 > inner[3 * location + 2]!) return false;
    const rule = mixing[location]!;
    if (rule === MIX_ANY) return true;
    const held = occupantMaterial[location]!;
    if (held === EMPTY) return true;
    if (rule === MIX_SINGLE_MATERIAL) return held === material;
    return held === material && lot !== EMPTY && occupantLot[location] === lot;
  };
}

interface Choice {
  location: number;
  klass: number;
}

/**
 * Single-material and single-lot locations already holding the item's material, in the given classes:
 * the search structures leave occupied ones out (see Occupancy.availableRoom), so they are looked up here.
 */
function ownMaterialLocations(
  state: PlanState,
  item: PlanItem,
  classes: number[],
  cubic: number,
  accept: (location: number) => boolean,
): Choice[] {
  const { layout } = state;
  const found: Choice[] = [];
  state.forEachLocationOf(item.material, (location) => {
    const klass = layout.classOf[location]!;
    if (
      layout.mixing[location] !== MIX_ANY &&
      state.remainingCubic[location]! >= cubic &&
      classes.includes(klass) &&
      accept(location)
    ) {
      found.push({ location, klass });
    }
  });
  return found;
}

/** Chooses a location with room for `cubic`/`weight` of `item`, or location -1; `scorer` is the item's. */
type Chooser = (
  state: PlanState,
  item: PlanItem,
  classes: number[],
  cubic: number,
  weight: number,
  scorer: LocationScorer,
) => Choice;

const chooseFirstFit: Chooser = (state, item, classes, cubic, weight) => {
  const accept = acceptor(state, item, weight);
  let best: Choice = { location: -1, klass: -1 };
  for (const klass of classes) {
    const tree = state.pickTree(klass);
    const position = tree.firstFrom(0, cubic, accept);
    if (position >= 0 && (best.location < 0 || tree.members[position]! < best.location)) {
      best = { location: tree.members[position]!, klass };
    }
  }
  for (const own of ownMaterialLocations(state, item, classes, cubic, accept)) {
    if (best.location < 0 || own.location < best.location) best = own;
  }
  return best;
};

const chooseBestFit: Chooser = (state, item, classes, cubic, weight) => {
  const accept = acceptor(state, item, weight);
  let best: Choice = { location: -1, klass: -1 };
  const consider = (location: number, klass: number) => {
    const left = state.remainingCubic[location]!;
    const bestLeft = best.location < 0 ? Infinity : state.remainingCubic[best.location]!;
    if (left < bestLeft || (left === bestLeft && location < best.location)) best = { location, klass };
  };
  for (const klass of classes) {
    const location = state.sortedRoom(klass).bestFit(cubic, accept);
    if (location >= 0) consider(location, klass);
  }
  for (const own of ownMaterialLocations(state, item, classes, cubic, accept)) consider(own.location, own.klass);
  return best;
};

function chooseEnhanced(options: PlanOptions): Chooser {
  const perClass = options.candidates ?? 16;
  return (state, item, classes, cubic, weight, scorer) => {
    const { layout } = state;
    const accept = acceptor(state, item, weight);
    const candidates = new Map<number, number>(); // location → class
    const target = velocityTarget(item.abc);
    for (const klass of classes) {
      const tree = state.travelTree(klass);
      // Around the item's target distance, nearest first in both directions.
      const start = lowerBound(layout.classes[klass]!.travelOfByTravel, target);
      let up = start;
      let down = start;
      let found = 0;
      while (found < perClass && (up >= 0 || down >= 0)) {
        if (up >= 0) {
          const position = tree.firstFrom(up, cubic, accept);
          up = position < 0 ? -1 : position + 1;
          if (position >= 0 && !candidates.has(tree.members[position]!)) {
            candidates.set(tree.members[position]!, klass);
            found++;
          }
        }
        if (down >= 0 && found < perClass) {
          const position = tree.lastBefore(down, cubic, accept);
          down = position < 0 ? -1 : position;
          if (position >= 0 && !candidates.has(tree.members[position]!)) {
            candidates.set(tree.members[position]!, klass);
            found++;
          }
        }
      }
      // The tightest fit, for utilization.
      const tight = state.sortedRoom(klass).bestFit(cubic, accept);
      if (tight >= 0) candidates.set(tight, klass);
    }
    const consider = (location: number) => {
      if (candidates.has(location) || state.remainingCubic[location]! < cubic || !accept(location)) return;
      const klass = layout.classOf[location]!;
      if (classes.includes(klass)) candidates.set(location, klass);
    };
    // Locations already holding the material, for consolidation.
    state.forEachLocationOf(item.material, consider);
    // A few locations in the aisles of materials often ordered with this one.
    const affinityAisles = scorer.aisleAffinity;
    if (affinityAisles !== undefined) {
      const top = [...affinityAisles.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
      for (const [aisle] of top) {
        let taken = 0;
        for (const location of layout.aisleMembers[aisle] ?? []) {
          if (taken >= 4) break;
          const before = candidates.size;
          consider(location);
          if (candidates.size > before) taken++;
        }
      }
    }
    let best: Choice = { location: -1, klass: -1 };
    let bestScore = -Infinity;
    for (const [location, klass] of candidates) {
      const score = scorer.score(location, cubic);
      if (score > bestScore || (score === bestScore && location < best.location)) {
        bestScore = score;
        best = { location, klass };
      }
    }
    return best;
  };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Affinity of each aisle for `item`: the highest affinity score of a material stored in that aisle that is
 * ordered together with the item's material. Undefined without affinity data for the material.
 */
export function aisleAffinity(
  state: PlanState,
  item: PlanItem,
  data: FactorData | undefined,
): Map<number, number> | undefined {
  const partners = data?.affinity?.get(item.material);
  if (partners === undefined || partners.length === 0) return undefined;
  const aisles = new Map<number, number>();
  for (const [partner, score] of partners) {
    state.forEachLocationOf(partner, (location) => {
      const aisle = state.layout.aisle[location]!;
      if (aisle >= 0 && score > (aisles.get(aisle) ?? 0)) aisles.set(aisle, score);
    });
  }
  return aisles;
}

/** Why an item could not be placed anywhere: never fits, too big for any location, or no room now. */
function unplacedReason(
  state: PlanState,
  item: PlanItem,
  classes: number[],
  cubic: number,
  weight: number,
): UnplacedReason {
  const dims = item.unitDims;
  let compatible = false;
  for (const klass of classes) {
    for (const [d0, d1, d2, maxCubic, maxWeight] of state.layout.classes[klass]!.shapes) {
      if (dims !== null && (dims[0] > d0 || dims[1] > d1 || dims[2] > d2)) continue;
      compatible = true;
      if (maxCubic >= cubic && maxWeight >= weight) return "NO_CAPACITY";
    }
  }
  return compatible ? "EXCEEDS_LOCATION_CAPACITY" : "NO_COMPATIBLE_LOCATION";
}

interface Pass {
  chooser: Chooser;
  label: string;
}

/** Places one item (whole, or split when allowed) into `out`; what finds no room goes to `out.unplaced`. */
function placeItem(
  state: PlanState,
  itemIndex: number,
  item: PlanItem,
  pass: Pass,
  options: PlanOptions,
  flags: FactorFlags,
  out: Plan,
): void {
  const storage = compatibleClasses(state.layout, item, ZONE_STORAGE);
  // Placing this item moves no other material, so the affinity by aisle holds for all of its pieces.
  const scorer = new LocationScorer(
    state,
    item,
    flags,
    options.data,
    flags.skuAffinity ? aisleAffinity(state, item, options.data) : undefined,
  );
  const record = (
    choice: Choice,
    quantity: number,
    cubic: number,
    weight: number,
    label: string,
    crossDock: boolean,
  ) => {
    const scored = scorer.scored(choice.location, cubic);
    state.place(choice.location, item, cubic, weight);
    out.placements.push({
      item: itemIndex,
      location: choice.location,
      quantity,
      cubic,
      weight,
      score: scored.score,
      factors: scored.factors,
      reason: label === "ENHANCED" ? reasonForScore(scored, flags, options.data, item) : label,
      utilization: scored.factors.utilization,
      affinity: scored.factors.affinity,
      crossDock,
    });
  };

  if (item.crossDock) {
    for (const zoneKind of [ZONE_CROSS_DOCK, ZONE_STAGING]) {
      const classes = compatibleClasses(state.layout, item, zoneKind);
      const choice = chooseFirstFit(state, item, classes, item.cubic, item.weight, scorer);
      if (choice.location >= 0) {
        record(
          choice,
          item.quantity,
          item.cubic,
          item.weight,
          zoneKind === ZONE_CROSS_DOCK ? "CROSS_DOCK" : "CROSS_DOCK_STAGING",
          true,
        );
        return;
      }
    }
  }
  const label = item.crossDock ? `${pass.label}_NO_CROSS_DOCK_ROOM` : pass.label;
  const whole = pass.chooser(state, item, storage, item.cubic, item.weight, scorer);
  if (whole.location >= 0) {
    record(whole, item.quantity, item.cubic, item.weight, label, item.crossDock);
    return;
  }
  if (!options.allowSplit || item.quantity <= 1) {
    out.unplaced.push({
      item: itemIndex,
      quantity: item.quantity,
      reason: unplacedReason(state, item, storage, item.cubic, item.weight),
    });
    return;
  }
  // Split: one unit's room is enough to start a location; fill it with as many units as it takes.
  const unitCubic = item.cubic / item.quantity;
  const unitWeight = item.weight / item.quantity;
  let left = item.quantity;
  while (left > 0) {
    const step = Math.min(1, left);
    const needCubic = Math.ceil(unitCubic * step);
    const needWeight = Math.ceil(unitWeight * step);
    const choice = pass.chooser(state, item, storage, needCubic, needWeight, scorer);
    if (choice.location < 0) {
      out.unplaced.push({
        item: itemIndex,
        quantity: left,
        reason: unplacedReason(state, item, storage, needCubic, needWeight),
      });
      return;
    }
    const byCubic = unitCubic > 0 ? Math.floor(state.remainingCubic[choice.location]! / unitCubic) : left;
    const byWeight = unitWeight > 0 ? Math.floor(state.remainingWeight[choice.location]! / unitWeight) : left;
    let quantity = Math.min(left, Math.max(step, Math.min(byCubic, byWeight)));
    let cubic = Math.ceil(unitCubic * quantity);
    let weight = Math.ceil(unitWeight * quantity);
    while (
      quantity > step &&
      (cubic > state.remainingCubic[choice.location]! || weight > state.remainingWeight[choice.location]!)
    ) {
      quantity -= 1;
      cubic = Math.ceil(unitCubic * quantity);
      weight = Math.ceil(unitWeight * quantity);
    }
    record(choice, quantity, cubic, weight, `${label}_SPLIT`, item.crossDock);
    left = roundQuantity(left - quantity);
  }
}

function order(items: readonly PlanItem[], velocityFirst: boolean): number[] {
  const indices = items.map((_, i) => i);
  return indices.sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    if (x.crossDock !== y.crossDock) return x.crossDock ? -1 : 1;
    if (velocityFirst && x.abc !== y.abc) return x.abc - y.abc;
    return y.cubic - x.cubic || a - b;
  });
}

function run(
  occupancy: Occupancy,
  items: readonly PlanItem[],
  options: PlanOptions,
  algorithm: "FFD" | "BFD" | "ENHANCED",
  flags: FactorFlags,
  label: string,
): Plan {
  const state = new PlanState(occupancy);
  const chooser = algorithm === "FFD" ? chooseFirstFit : algorithm === "BFD" ? chooseBestFit : chooseEnhanced(options);
  const plan: Plan = {
    algorithm: options.algorithm,
    chosen: algorithm,
    placements: [],
    unplaced: [],
    locationsUsed: 0,
  };
  try {
    for (const index of order(items, algorithm === "ENHANCED")) {
      placeItem(state, index, items[index]!, { chooser, label }, options, flags, plan);
    }
  } finally {
    state.release();
  }
  plan.locationsUsed = new Set(plan.placements.map((p) => p.location)).size;
  plan.placements.sort((a, b) => a.item - b.item);
  plan.unplaced.sort((a, b) => a.item - b.item);
  return plan;
}

/**
 * Plans a batch against the current occupancy (which it does not change).
 * @throws RangeError for an unknown algorithm
 */
export function planBatch(occupancy: Occupancy, items: readonly PlanItem[], options: PlanOptions): Plan {
  const flags: FactorFlags = { ...DEFAULT_FLAGS, ...options.flags };
  switch (options.algorithm) {
    case "FFD":
      return run(occupancy, items, options, "FFD", flags, "FIRST_FIT");
    case "BFD":
      return run(occupancy, items, options, "BFD", flags, "BEST_FIT");
    case "ENHANCED":
      return run(occupancy, items, options, "ENHANCED", flags, "ENHANCED");
    case "HYBRID": {
      const ffd = run(occupancy, items, options, "FFD", flags, "HYBRID_FIRST_FIT");
      const bfd = run(occupancy, items, options, "BFD", flags, "HYBRID_BEST_FIT");
      const missing = (plan: Plan) => plan.unplaced.reduce((sum, u) => sum + u.quantity, 0);
      const keepFfd =
        missing(ffd) < missing(bfd) || (missing(ffd) === missing(bfd) && ffd.locationsUsed < bfd.locationsUsed);
      return keepFfd ? ffd : bfd;
    }
    default:
      throw new RangeError(`unknown algorithm ${String(options.algorithm)}`);
  }
}
