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
 * | utilization   | 0.20   | the location is full after placement                           | always                           |
 * | expiry        | 0.10   | no other lot of the material with a far-off expiry is there    | the item has an expiry date      |
 *
 * Velocity target (normalized travel distance, 0 = at the dock, 1 = farthest storage): the distance within
 * which the material's slot share of the storage room lies (slotting.ts: demand per cube of the stock expected
 * over the coming weeks, and the fill level); without demand data, by ABC class: A 0, B 0.45, C and unclassified
 * 0.9. The utilization weight was tuned with the simulator (`npm run -s simulate`) on generated 20×20×4 and
 * 30×50×4 warehouses, seeds 2 to 4, fills 0.5 and 0.7, both stock profiles: of 0.1, 0.2, 0.3, 0.5, 1 and 2, 0.2
 * gave the highest share of the reference's travel cut (the median over the runs of each fill and profile,
 * averaged), and heavier weights bought at most 2 points of utilization for 10 to 30 points of that share. The
 * confidence score reported with a recommendation, whatever the algorithm, is this score of the chosen location
 * until a trained model replaces it.
 */
import type { FactorData, FactorFlags, Factors, Occupant, PlanItem, Scored } from "./interfaces.ts";
import type { Layout } from "./layout.ts";
import type { PlanState } from "./state.ts";

export const WEIGHTS: Readonly<Record<keyof Factors, number>> = {
  velocity: 0.3,
  consolidation: 0.2,
  affinity: 0.15,
  congestion: 0.1,
  utilization: 0.2,
  expiry: 0.1,
};

/** Normalized travel distance an item of velocity class `abc` should ideally be stored at, without demand data. */
export function velocityTarget(abc: number): number {
  return abc === 0 ? 0 : abc === 1 ? 0.45 : 0.9;
}

/**
 * Normalized travel distance `item` should ideally be stored at: the distance within which its slot share of
 * the storage room lies (slotting.ts), or its velocity class's fixed target without demand data.
 */
export function travelTarget(layout: Layout, item: PlanItem): number {
  const share = item.slotShare;
  return share !== undefined && Number.isFinite(share) ? layout.travelAtShare(share) : velocityTarget(item.abc);
}

/** Days of expiry difference at which two lots of a material count as fully apart. */
const EXPIRY_SPREAD_DAYS = 180;

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

/**
 * Scores locations for one item. Built once per item (it precomputes what does not depend on the
 * location), then `score()` in the candidate loop (no allocation) and `scored()` for the chosen location.
 */
export class LocationScorer {
  readonly #state: PlanState;
  readonly #item: PlanItem;
  readonly #target: number;
  /** The item's affinity by aisle (see `aisleAffinity`), or undefined without data or when the factor is off. */
  readonly aisleAffinity: Map<number, number> | undefined;
  readonly #congestion: Float64Array | undefined;
  readonly #useExpiry: boolean;
  readonly #weights: number;

  constructor(
    state: PlanState,
    item: PlanItem,
    flags: FactorFlags,
    data: FactorData | undefined,
    aisleAffinity: Map<number, number> | undefined,
  ) {
    this.#state = state;
    this.#item = item;
    this.#target = travelTarget(state.layout, item);
    this.aisleAffinity = flags.skuAffinity ? aisleAffinity : undefined;
    this.#congestion =
      flags.congestionAvoidance && data?.congestion !== undefined && data.congestion.length > 0
        ? data.congestion
        : undefined;
    this.#useExpiry = !Number.isNaN(item.expiryDay);
    this.#weights =
      WEIGHTS.velocity +
      WEIGHTS.consolidation +
      WEIGHTS.utilization +
      (this.aisleAffinity !== undefined ? WEIGHTS.affinity : 0) +
      (this.#congestion !== undefined ? WEIGHTS.congestion : 0) +
      (this.#useExpiry ? WEIGHTS.expiry : 0);
  }

  #velocity(location: number): number {
    return 1 - Math.abs(this.#state.layout.travelNorm[location]! - this.#target);
  }

  /** 1 for the same lot, 0.6 for the same material, 0 otherwise. */
  #consolidation(location: number): number {
    const { material, lot } = this.#item;
    let best = 0;
    const scan = (list: readonly Occupant[] | undefined) => {
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (o.material !== material) continue;
        if (lot >= 0 && o.lot === lot) best = 1;
        else if (best < 0.6) best = 0.6;
      }
    };
    scan(this.#state.occupancy.occupants[location]);
    scan(this.#state.added.get(location));
    return best;
  }

  #affinity(location: number): number {
    const aisle = this.#state.layout.aisle[location]!;
    return aisle >= 0 ? (this.aisleAffinity!.get(aisle) ?? 0) : 0;
  }

  #quiet(location: number): number {
    const aisle = this.#state.layout.aisle[location]!;
    return 1 - Math.min(1, Math.max(0, aisle >= 0 ? (this.#congestion![aisle] ?? 0) : 0));
  }

  #utilization(location: number, cubic: number): number {
    const max = this.#state.layout.maxCubic[location]!;
    return max > 0 ? Math.min(1, (max - this.#state.remainingCubic[location]! + cubic) / max) : 1;
  }

  /** 1 unless the location holds the material with a far-off expiry date. */
  #expiry(location: number): number {
    const { material, expiryDay } = this.#item;
    let value = 1;
    const scan = (list: readonly Occupant[] | undefined) => {
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (o.material === material && !Number.isNaN(o.expiryDay)) {
          value = Math.min(value, 1 - Math.min(1, Math.abs(o.expiryDay - expiryDay) / EXPIRY_SPREAD_DAYS));
        }
      }
    };
    scan(this.#state.occupancy.occupants[location]);
    scan(this.#state.added.get(location));
    return value;
  }

  /** The weighted score of `location` when it takes `cubic` units, 0 to 1. */
  score(location: number, cubic: number): number {
    let total =
      WEIGHTS.velocity * this.#velocity(location) +
      WEIGHTS.consolidation * this.#consolidation(location) +
      WEIGHTS.utilization * this.#utilization(location, cubic);
    if (this.aisleAffinity !== undefined) total += WEIGHTS.affinity * this.#affinity(location);
    if (this.#congestion !== undefined) total += WEIGHTS.congestion * this.#quiet(location);
    if (this.#useExpiry) total += WEIGHTS.expiry * this.#expiry(location);
    return total / this.#weights;
  }

  /** The score with each factor (null where a factor does not apply). */
  scored(location: number, cubic: number): Scored {
    const factors: Factors = {
      velocity: this.#velocity(location),
      consolidation: this.#consolidation(location),
      affinity: this.aisleAffinity !== undefined ? this.#affinity(location) : null,
      congestion: this.#congestion !== undefined ? this.#quiet(location) : null,
      utilization: this.#utilization(location, cubic),
      expiry: this.#useExpiry ? this.#expiry(location) : null,
    };
    let total = 0;
    for (const name of Object.keys(WEIGHTS) as (keyof Factors)[]) total += WEIGHTS[name] * (factors[name] ?? 0);
    return { score: total / this.#weights, factors };
  }
}

/**
 * ENHANCED's reason code: the two factors that contributed most, then what was left out and why, e.g.
 * `ENHANCED:VELOCITY+CONSOLIDATION;NO_AFFINITY_DATA;CONGESTION_OFF`.
 */
export function reasonForScore(
  scored: Scored,
  flags: FactorFlags,
  data: FactorData | undefined,
  item: PlanItem,
): string {
  const contributions = (Object.keys(WEIGHTS) as (keyof Factors)[])
    .filter((name) => scored.factors[name] !== null)
    .map((name) => [name, WEIGHTS[name] * (scored.factors[name] as number)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name]) => name.toUpperCase());
  const notes: string[] = [];
  if (!flags.skuAffinity) notes.push("AFFINITY_OFF");
  else if (scored.factors.affinity === null)
    notes.push(data?.affinity === undefined ? "NO_AFFINITY_DATA" : "NO_AFFINITY_FOR_MATERIAL");
  if (!flags.congestionAvoidance) notes.push("CONGESTION_OFF");
  else if (scored.factors.congestion === null) notes.push("NO_CONGESTION_DATA");
  if (Number.isNaN(item.expiryDay)) notes.push("NO_EXPIRY");
  return [`ENHANCED:${contributions.join("+")}`, ...notes].join(";");
}
