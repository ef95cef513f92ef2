/**
 * The hot-path packing loop: pure TypeScript, no I/O, typed arrays. Build a `Layout` per facility, keep an
 * `Occupancy` current, and call `planBatch` per request. The units of room and the database's vocabularies
 * are defined here once, for every layer.
 */

export { type BinPacking, DEFAULT_PACK_BUDGET_MS, type PackOptions, packBins } from "./bins.ts";
export { lowerBound, lowerBoundL2 } from "./bounds.ts";
export type {
  FactorData,
  FactorFlags,
  Factors,
  Occupant,
  Placement,
  Plan,
  PlanItem,
  PlanOptions,
  Unplaced,
  UnplacedReason,
} from "./interfaces.ts";
export { ABC_UNKNOWN, EMPTY, Layout, type LayoutColumns, Occupancy } from "./layout.ts";
export { planBatch } from "./plan.ts";
export { WEIGHTS } from "./score.ts";
export * from "./units.ts";
export * from "./vocabulary.ts";
