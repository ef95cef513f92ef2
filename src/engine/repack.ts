/**
 * HYBRID's last step: the batch's new positions packed again with the improvement phase (improve.ts), so that
 * a batch opens as few empty locations as it can.
 *
 * A plan's new positions are the locations that were empty before it (no stock, no reservation) and that it
 * filled with whole items only (no split piece, no cross-dock item). They are grouped by everything that
 * makes two locations interchangeable for those items: class, room, weight limit and inner dimensions. In a
 * group, the items are a classic bin-packing instance (room in capacity units, bins of one size), which the
 * improvement packs into fewer bins when it can; a packing that breaks a group's weight limit is dropped.
 * Only "any mix" locations are regrouped: single-material and single-lot locations keep their items.
 *
 * The result is an assignment, not a plan: plan.ts places the batch again following it, through the same
 * hard constraints, and keeps the new plan only when it places as much in fewer locations.
 */
import { lowerBound as binsLowerBound } from "./bounds.ts";
import { improvePacking } from "./improve.ts";
import type { Plan, PlanItem, PlanOptions } from "./interfaces.ts";
import { EMPTY, MIX_ANY, type Occupancy } from "./layout.ts";

/** The improvement's budget per item of a batch: 5 ms per 50 items at most, and a fixed amount of work. */
export const REPACK_MS_PER_ITEM = 0.1;
export const REPACK_ITERATIONS_PER_ITEM = 40;

/** The location of each item of `items` in a repacked plan (-1: let the chooser decide), or null: no gain. */
export function repackNewPositions(
  occupancy: Occupancy,
  items: readonly PlanItem[],
  plan: Plan,
  budget: Exclude<PlanOptions["improvement"], false> = {},
): Int32Array | null {
  const { layout } = occupancy;
  const assigned = new Int32Array(items.length).fill(-1);
  const placements = new Int32Array(items.length);
  for (const p of plan.placements) {
    placements[p.item]! += 1;
    assigned[p.item] = p.location;
  }
  // Locations empty before the plan, and whether each holds nothing but whole, stored (not cross-dock) items.
  const eligible = new Map<number, number[]>();
  const spoiled = new Set<number>();
  for (const p of plan.placements) {
    const location = p.location;
    const empty =
      occupancy.occupantMaterial[location] === EMPTY &&
      occupancy.remainingCubic[location] === layout.maxCubic[location] &&
      occupancy.remainingWeight[location] === layout.maxWeight[location] &&
      layout.mixing[location] === MIX_ANY;
    // Whole items only: a split one (several pieces, or one piece and the rest unplaced) keeps its places.
    if (!empty || p.crossDock || placements[p.item]! > 1 || p.quantity !== items[p.item]!.quantity) {
      spoiled.add(location);
      continue;
    }
    let list = eligible.get(location);
    if (list === undefined) eligible.set(location, (list = []));
    list.push(p.item);
  }
  for (const location of spoiled) eligible.delete(location);
  if (eligible.size < 2) return null;

  const groups = new Map<string, number[]>();
  for (const location of eligible.keys()) {
    const i = 3 * location;
    const key = [
      layout.classOf[location],
      layout.maxCubic[location],
      layout.maxWeight[location],
      layout.inner[i],
      layout.inner[i + 1],
      layout.inner[i + 2],
    ].join(":");
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(location);
  }

  // One budget for the whole batch, shared by its groups in turn.
  const deadline = performance.now() + (budget.budgetMs ?? REPACK_MS_PER_ITEM * items.length);
  let gained = false;
  for (const locations of groups.values()) {
    if (locations.length < 2) continue;
    locations.sort((a, b) => a - b);
    const members = locations.flatMap((location) => eligible.get(location)!);
    const sizes = members.map((item) => items[item]!.cubic);
    const capacity = layout.maxCubic[locations[0]!]!;
    const lowerBound = binsLowerBound(capacity, sizes);
    if (lowerBound >= locations.length) continue;
    let next = 0;
    const start = locations.map((location) => eligible.get(location)!.map(() => next++));
    const bins = improvePacking(capacity, sizes, start, {
      lowerBound,
      budgetMs: Math.max(0, deadline - performance.now()),
      maxIterations: budget.maxIterations ?? REPACK_ITERATIONS_PER_ITEM * members.length,
    });
    if (bins.length >= locations.length) continue;
    const weightLimit = layout.maxWeight[locations[0]!]!;
    if (bins.some((bin) => bin.reduce((sum, k) => sum + items[members[k]!]!.weight, 0) > weightLimit)) continue;
    // The fullest bins take the locations first on the pick path; the last locations are left empty.
    bins.sort((a, b) => load(b, sizes) - load(a, sizes));
    bins.forEach((bin, b) => {
      for (const k of bin) assigned[members[k]!] = locations[b]!;
    });
    gained = true;
  }
  if (!gained) return null;
  plan.placements.forEach((p) => {
    if (placements[p.item]! > 1 || p.quantity !== items[p.item]!.quantity) assigned[p.item] = -1;
  });
  return assigned;
}

function load(bin: readonly number[], sizes: readonly number[]): number {
  return bin.reduce((sum, k) => sum + sizes[k]!, 0);
}
