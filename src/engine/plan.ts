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
 *   on a tie the BFD plan (it leaves larger gaps free for the next batch). Then the locations the kept plan
 *   opened are packed again by the improvement phase (repack.ts, improve.ts): when that needs fewer of them,
 *   the batch is placed again following it (reason HYBRID_REPACKED), under the same hard constraints.
 * - ENHANCED: fast movers first, then largest first; each item to the best-scoring of a narrowed set of
 *   candidates (see `score.ts`).
 *
 * Items with open outbound demand (cross-dock candidates) go first to cross-dock, then staging locations,
 * first fit; when neither has room they are stored like any other item. An item that fits nowhere whole may
 * be split across locations when the request allows it.
 *
 * This module runs the passes; the hard constraints are in constraints.ts, the choosers in choose.ts, the
 * scores in score.ts, and the plan's view of the facility with its journal in state.ts.
 */

import { type Choice, type Chooser, chooseBestFit, chooseEnhanced, chooseFirstFit } from "./choose.ts";
import { acceptor, compatibleClasses, unplacedReason } from "./constraints.ts";
import type { FactorFlags, Plan, PlanItem, PlanOptions } from "./interfaces.ts";
import { type Occupancy, ZONE_CROSS_DOCK, ZONE_STAGING, ZONE_STORAGE } from "./layout.ts";
import { repackNewPositions } from "./repack.ts";
import { aisleAffinity, LocationScorer, reasonForScore } from "./score.ts";
import { PlanState } from "./state.ts";
import { roundQuantity } from "./units.ts";

const DEFAULT_FLAGS: FactorFlags = { skuAffinity: true, congestionAvoidance: true };

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
    marks: readonly string[] = [],
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
      // ENHANCED keeps its factors whatever befell the item: the marks come after them as notes.
      reason:
        label === "ENHANCED"
          ? [reasonForScore(scored, flags, options.data, item), ...marks].join(";")
          : [label, ...marks].join("_"),
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
  const marks = item.crossDock ? ["NO_CROSS_DOCK_ROOM"] : [];
  const whole = pass.chooser(state, item, storage, item.cubic, item.weight, scorer);
  if (whole.location >= 0) {
    record(whole, item.quantity, item.cubic, item.weight, pass.label, item.crossDock, marks);
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
    record(choice, quantity, cubic, weight, pass.label, item.crossDock, [...marks, "SPLIT"]);
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
  algorithm: Plan["chosen"],
  flags: FactorFlags,
  label: string,
  chooser: Chooser = algorithm === "FFD"
    ? chooseFirstFit
    : algorithm === "BFD"
      ? chooseBestFit
      : chooseEnhanced(options),
): Plan {
  const state = new PlanState(occupancy);
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

/** A chooser that takes each item to its `assigned` location when that still takes it, else asks `base`. */
function following(items: readonly PlanItem[], assigned: Int32Array, base: Chooser): Chooser {
  const indexOf = new Map(items.map((item, i) => [item, i]));
  return (state, item, classes, cubic, weight, scorer) => {
    const location = assigned[indexOf.get(item) ?? -1] ?? -1;
    if (location >= 0) {
      const klass = state.layout.classOf[location]!;
      if (
        classes.includes(klass) &&
        state.remainingCubic[location]! >= cubic &&
        acceptor(state, item, weight)(location)
      ) {
        return { location, klass };
      }
    }
    return base(state, item, classes, cubic, weight, scorer);
  };
}

/**
 * Plans a batch with a chooser of one's own (the simulator's baselines) under the same hard constraints,
 * item order (largest first), cross-docking and splitting as the algorithms; `label` is the reason code.
 */
export function planWithChooser(
  occupancy: Occupancy,
  items: readonly PlanItem[],
  options: PlanOptions,
  chooser: Chooser,
  label: string,
): Plan {
  return run(occupancy, items, options, "FFD", { ...DEFAULT_FLAGS, ...options.flags }, label, chooser);
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
      const kept = keepFfd ? ffd : bfd;
      if (options.improvement === false) return kept;
      const assigned = repackNewPositions(occupancy, items, kept, options.improvement);
      if (assigned === null) return kept;
      const base = kept.chosen === "FFD" ? chooseFirstFit : chooseBestFit;
      const repacked = run(
        occupancy,
        items,
        options,
        kept.chosen,
        flags,
        "HYBRID_REPACKED",
        following(items, assigned, base),
      );
      return missing(repacked) <= missing(kept) && repacked.locationsUsed < kept.locationsUsed ? repacked : kept;
    }
    default:
      throw new RangeError(`unknown algorithm ${String(options.algorithm)}`);
  }
}
