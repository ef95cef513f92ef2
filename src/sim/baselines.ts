/**
 * The simulator's baselines, as choosers under the engine's own hard constraints (constraints.ts), so that
 * they differ from the algorithms only in where they put an item among the locations that may take it:
 * - RANDOM: a location drawn uniformly among those that take the item;
 * - CLOSEST_OPEN: the one nearest the dock;
 * - REFERENCE: the one nearest the distance the item's material belongs at by its true demand per cube of
 *   stock over the whole run (full knowledge of the future: the cube-per-order-index slotting), which no
 *   putaway rule can know when the pallet arrives.
 */
import { type Choice, type Chooser, lowerBound, ownMaterialLocations } from "../engine/choose.ts";
import { acceptor } from "../engine/constraints.ts";
import type { Random } from "../seed/random.ts";

const NONE: Choice = { location: -1, klass: -1 };

export function randomChooser(random: Random): Chooser {
  return (state, item, classes, cubic, weight) => {
    const { layout } = state;
    const accept = acceptor(state, item, weight);
    const takes = (location: number) => state.remainingCubic[location]! >= cubic && accept(location);
    let size = 0;
    for (const klass of classes) size += layout.classes[klass]!.byPickPath.length;
    if (size === 0) return NONE;
    const at = (k: number): Choice => {
      for (const klass of classes) {
        const members = layout.classes[klass]!.byPickPath;
        if (k < members.length) return { location: members[k]!, klass };
        k -= members.length;
      }
      return NONE;
    };
    // Draw until a location takes the item; when room is scarce, draw among those that do.
    for (let tries = 0; tries < 64; tries++) {
      const choice = at(Math.floor(random.next() * size));
      if (takes(choice.location)) return choice;
    }
    const open: Choice[] = [];
    for (let k = 0; k < size; k++) {
      const choice = at(k);
      if (takes(choice.location)) open.push(choice);
    }
    return open.length === 0 ? NONE : open[Math.floor(random.next() * open.length)]!;
  };
}

/** The location that takes the item whose normalized travel is nearest `targetOf(item)`; ties nearer the dock. */
export function nearestToTarget(targetOf: (item: Parameters<Chooser>[1]) => number): Chooser {
  return (state, item, classes, cubic, weight) => {
    const { layout } = state;
    const accept = acceptor(state, item, weight);
    const target = targetOf(item);
    let best = NONE;
    let bestGap = Infinity;
    const consider = (choice: Choice) => {
      const gap = Math.abs(layout.travelNorm[choice.location]! - target);
      if (
        gap < bestGap ||
        (gap === bestGap && layout.travelRank[choice.location]! < layout.travelRank[best.location]!)
      ) {
        best = choice;
        bestGap = gap;
      }
    };
    for (const klass of classes) {
      const tree = state.travelTree(klass);
      const along = layout.classes[klass]!.travelOfByTravel;
      const start = lowerBound(along, target);
      const up = tree.firstFrom(start, cubic, accept);
      if (up >= 0) consider({ location: tree.members[up]!, klass });
      const down = tree.lastBefore(start, cubic, accept);
      if (down >= 0) consider({ location: tree.members[down]!, klass });
    }
    for (const own of ownMaterialLocations(state, item, classes, cubic, accept)) consider(own);
    return best;
  };
}

/** CLOSEST_OPEN: the location nearest the dock that takes the item. */
export const closestOpenChooser: Chooser = nearestToTarget(() => 0);
