/**
 * ENHANCED's soft scoring, and the confidence heuristic of every algorithm: how well a location suits an
 * item, 0 to 1, as the weighted mean of the factors that apply.
 *
 * | factor        | weight | 1 means                                                        | applies                          |
 * |---------------|--------|----------------------------------------------------------------|----------------------------------|
 * | velocity      | 0.30   | travel distance matches the velocity class (A near the dock)   | always                           |
 * | consolidation | 0.20   | the location already holds this lot (0.6: this material)       | always                           |
 * | affinity      | 0.15   | the aisle holds materials often ordered with this one          | SKU_AFFINITY_ENABLED and data    |
 * | congestion    | 0.10   | the aisle is quiet                                             | CONGESTION_AVOIDANCE_ENABLED and data |
 * | utilization   | 0.15   | the location is full after placement                           | always                           |
 * | expiry        | 0.10   | no other lot of the material with a far-off expiry is there    | the item has an expiry date      |
 *
 * Velocity targets (normalized travel distance, 0 = at the dock, 1 = farthest storage): A 0, B 0.45, C and
 * unclassified 0.9. The confidence score reported with a recommendation, whatever the algorithm, is this
 * score of the chosen location until a trained model replaces it.
 */
import type { PlanItem, PlanState } from "./plan.ts";

export interface FactorFlags {
  skuAffinity: boolean;
  congestionAvoidance: boolean;
}

/** Data the optional factors need; absent parts switch their factor off. */
export interface FactorData {
  /** Material key → materials ordered together with it, with a score from 0 to 1. */
  affinity?: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  /** Congestion by aisle number, 0 (quiet) to 1 (jammed). */
  congestion?: Float64Array;
}

export interface Factors {
  velocity: number;
  consolidation: number;
  affinity: number | null;
  congestion: number | null;
  utilization: number;
  expiry: number | null;
}

export const WEIGHTS: Readonly<Record<keyof Factors, number>> = {
  velocity: 0.3,
  consolidation: 0.2,
  affinity: 0.15,
  congestion: 0.1,
  utilization: 0.15,
  expiry: 0.1,
};

/** Normalized travel distance an item of velocity class `abc` should ideally be stored at. */
export function velocityTarget(abc: number): number {
  return abc === 0 ? 0 : abc === 1 ? 0.45 : 0.9;
}

/** Days of expiry difference at which two lots of a material count as fully apart. */
const EXPIRY_SPREAD_DAYS = 180;

export interface Scored {
  score: number;
  factors: Factors;
}

/**
 * Scores `location` for `item`, taking `cubic` units of room. `aisleAffinity` is the item's affinity by
 * aisle (see plan.ts), computed once per item.
 */
export function scoreLocation(
  state: PlanState,
  item: PlanItem,
  location: number,
  cubic: number,
  flags: FactorFlags,
  data: FactorData | undefined,
  aisleAffinity: Map<number, number> | undefined,
): Scored {
  const { layout } = state;
  const aisle = layout.aisle[location]!;
  const max = layout.maxCubic[location]!;
  const velocity = 1 - Math.abs(layout.travelNorm[location]! - velocityTarget(item.abc));
  const consolidation = state.holds(location, item.material, item.lot) && item.lot >= 0 ? 1 : state.holds(location, item.material) ? 0.6 : 0;
  const affinity = flags.skuAffinity && aisleAffinity !== undefined ? (aisle >= 0 ? (aisleAffinity.get(aisle) ?? 0) : 0) : null;
  const congestion =
    flags.congestionAvoidance && data?.congestion !== undefined && data.congestion.length > 0
      ? 1 - Math.min(1, Math.max(0, aisle >= 0 ? (data.congestion[aisle] ?? 0) : 0))
      : null;
  const utilization = max > 0 ? Math.min(1, (max - state.remainingCubic[location]! + cubic) / max) : 1;
  let expiry: number | null = null;
  if (!Number.isNaN(item.expiryDay)) {
    expiry = 1;
    const near = (expiryDay: number) => {
      if (!Number.isNaN(expiryDay)) expiry = Math.min(expiry!, 1 - Math.min(1, Math.abs(expiryDay - item.expiryDay) / EXPIRY_SPREAD_DAYS));
    };
    for (const o of state.occupancy.occupants[location] ?? []) if (o.material === item.material) near(o.expiryDay);
    for (const o of state.added.get(location) ?? []) if (o.material === item.material) near(o.expiryDay);
  }
  const factors: Factors = { velocity, consolidation, affinity, congestion, utilization, expiry };
  let total = 0;
  let weights = 0;
  for (const name of Object.keys(WEIGHTS) as (keyof Factors)[]) {
    const value = factors[name];
    if (value === null) continue;
    total += WEIGHTS[name] * value;
    weights += WEIGHTS[name];
  }
  return { score: weights > 0 ? total / weights : 0, factors };
}

/**
 * ENHANCED's reason code: the two factors that contributed most, then what was left out and why, e.g.
 * `ENHANCED:VELOCITY+CONSOLIDATION;NO_AFFINITY_DATA;CONGESTION_OFF`.
 */
export function reasonForScore(scored: Scored, flags: FactorFlags, data: FactorData | undefined, item: PlanItem): string {
  const contributions = (Object.keys(WEIGHTS) as (keyof Factors)[])
    .filter((name) => scored.factors[name] !== null)
    .map((name) => [name, WEIGHTS[name] * (scored.factors[name] as number)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name]) => name.toUpperCase());
  const notes: string[] = [];
  if (!flags.skuAffinity) notes.push("AFFINITY_OFF");
  else if (scored.factors.affinity === null) notes.push(data?.affinity === undefined ? "NO_AFFINITY_DATA" : "NO_AFFINITY_FOR_MATERIAL");
  if (!flags.congestionAvoidance) notes.push("CONGESTION_OFF");
  else if (scored.factors.congestion === null) notes.push("NO_CONGESTION_DATA");
  if (Number.isNaN(item.expiryDay)) notes.push("NO_EXPIRY");
  return [`ENHANCED:${contributions.join("+")}`, ...notes].join(";");
}
