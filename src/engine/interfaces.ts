/**
 * The types the engine's modules share: what goes into a plan, what comes out, and the factors of a score.
 *
 * Glossary:
 * - location index: a location's position in the layout, which is also its rank on the pick path;
 * - units: room in integers, cubic feet × 10,000 and pounds × 1,000, so that sums are exact (units.ts);
 * - class: locations that accept the same items (zone kind, temperature, hazmat permission, velocity classes);
 * - material key, lot key: small integers standing for a material id and a lot number (Occupancy hands
 *   them out), so that the hot loop compares integers;
 * - item: one line of a batch (a quantity of a material, maybe of a lot); a placement puts all or part of
 *   an item at one location; an unplaced entry says what is left of an item and why;
 * - state: a plan's view of the facility (state.ts), which takes room as items are placed and gives it all
 *   back when the plan ends;
 * - chooser: how an algorithm picks one location among those that pass the hard constraints (choose.ts);
 * - factor: one soft criterion of ENHANCED's score, 0 to 1 (score.ts).
 */
import type { Algorithm } from "./vocabulary.ts";

/** What is stored at a location, for mixing rules, consolidation and expiry. */
export interface Occupant {
  material: number;
  /** Lot key; EMPTY when the stock has no lot number. */
  lot: number;
  /** Expiry as days since 1970-01-01; NaN when unknown. */
  expiryDay: number;
}

/** One item of a batch, in the engine's terms. */
export interface PlanItem {
  material: number;
  /** Lot key, EMPTY when the item has no lot number. */
  lot: number;
  quantity: number;
  /** Total capacity units (cubic feet × 10,000) of the quantity. */
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
  /**
   * The material's slot share (slotting.ts): ENHANCED aims it at the distance within which this share of the
   * storage room lies. Absent or NaN without demand data: the velocity class's fixed target instead.
   */
  slotShare?: number;
}

/** Which optional factors of the score are switched on. */
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

/** Each factor of a location's score, 0 to 1; null where a factor does not apply. */
export interface Factors {
  velocity: number;
  consolidation: number;
  affinity: number | null;
  congestion: number | null;
  utilization: number;
  expiry: number | null;
}

/** A location's score with its factors. */
export interface Scored {
  score: number;
  factors: Factors;
}

export interface PlanOptions {
  algorithm: Algorithm;
  /** Let an item that fits nowhere whole be split across locations. */
  allowSplit?: boolean;
  flags?: Partial<FactorFlags>;
  data?: FactorData;
  /** Candidates ENHANCED scores per item and class, besides consolidation and affinity ones (default 16). */
  candidates?: number;
  /**
   * HYBRID's improvement phase on the locations a batch opens (repack.ts): its time budget and its amount of
   * work (iterations), by default 0.1 ms and 40 iterations per item, whichever runs out first; false: none.
   */
  improvement?: { budgetMs?: number; maxIterations?: number } | false;
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
  chosen: Exclude<Algorithm, "HYBRID">;
  placements: Placement[];
  unplaced: Unplaced[];
  /** Distinct locations the plan uses. */
  locationsUsed: number;
}
