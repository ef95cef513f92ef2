/**
 * The choosers: how each algorithm picks one location for an item among those that pass the hard constraints
 * (constraints.ts).
 *
 * - first fit (FFD): the first location on the pick path with room;
 * - best fit (BFD): the location left with the least room after placing the item;
 * - ENHANCED: the best-scoring (score.ts) of a narrowed set of candidates: per class, the nearest locations
 *   with room around the distance the item's velocity class should be stored at, and the tightest fit; plus
 *   the locations already holding the material, and a few in the aisles of materials ordered with it.
 *
 * Single-material and single-lot locations that already hold stock are left out of the search structures
 * (see Occupancy.availableRoom); each chooser looks up those holding the item's own material separately.
 */
import { acceptor } from "./constraints.ts";
import type { PlanItem, PlanOptions } from "./interfaces.ts";
import { MIX_ANY } from "./layout.ts";
import { type LocationScorer, travelTarget } from "./score.ts";
import type { PlanState } from "./state.ts";

/** A chosen location and its class; location -1 when there is none. */
export interface Choice {
  location: number;
  klass: number;
}

/** Chooses a location with room for `cubic`/`weight` of `item`, or location -1; `scorer` is the item's. */
export type Chooser = (
  state: PlanState,
  item: PlanItem,
  classes: number[],
  cubic: number,
  weight: number,
  scorer: LocationScorer,
) => Choice;

/**
 * Single-material and single-lot locations already holding the item's material, in the given classes:
 * the search structures leave occupied ones out (see Occupancy.availableRoom), so they are looked up here.
 */
export function ownMaterialLocations(
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

/** First fit: the first location on the pick path (lowest location index) that takes the item. */
export const chooseFirstFit: Chooser = (state, item, classes, cubic, weight) => {
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

/** Best fit: the location with the least room that takes the item; on a tie, the one nearest the dock. */
export const chooseBestFit: Chooser = (state, item, classes, cubic, weight) => {
  const accept = acceptor(state, item, weight);
  const rank = state.layout.travelRank;
  let best: Choice = { location: -1, klass: -1 };
  const consider = (location: number, klass: number) => {
    const left = state.remainingCubic[location]!;
    const bestLeft = best.location < 0 ? Infinity : state.remainingCubic[best.location]!;
    if (left < bestLeft || (left === bestLeft && rank[location]! < rank[best.location]!)) best = { location, klass };
  };
  for (const klass of classes) {
    const location = state.sortedRoom(klass).bestFit(cubic, accept);
    if (location >= 0) consider(location, klass);
  }
  for (const own of ownMaterialLocations(state, item, classes, cubic, accept)) consider(own.location, own.klass);
  return best;
};

/** ENHANCED's chooser, scoring `options.candidates` (16) locations per class besides the others above. */
export function chooseEnhanced(options: PlanOptions): Chooser {
  const perClass = options.candidates ?? 16;
  return (state, item, classes, cubic, weight, scorer) => {
    const { layout } = state;
    const accept = acceptor(state, item, weight);
    const candidates = new Map<number, number>(); // location → class
    const target = travelTarget(layout, item);
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

/** The first position in an ascending array whose value is at least `value`. */
export function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
