/**
 * The hot-path packing loop: pure TypeScript, no I/O, typed arrays. Build a `Layout` per facility, keep an
 * `Occupancy` current, and call `planBatch` per request. The units of room and the database's vocabularies
 * are defined here once, for every layer.
 */

export { type BinPacking, packBins } from "./bins.ts";
export { lowerBoundL2 } from "./bounds.ts";
export { ABC_UNKNOWN, EMPTY, Layout, type LayoutColumns, Occupancy, type Occupant } from "./layout.ts";
export {
  type Placement,
  type Plan,
  type PlanItem,
  type PlanOptions,
  planBatch,
  type Unplaced,
  type UnplacedReason,
} from "./plan.ts";
export { type FactorData, type FactorFlags, type Factors, WEIGHTS } from "./score.ts";
export * from "./units.ts";
export * from "./vocabulary.ts";
