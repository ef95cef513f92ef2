/**
 * The hot-path packing loop: pure TypeScript, no I/O, typed arrays. Build a `Layout` per facility, keep an
 * `Occupancy` current, and call `planBatch` per request.
 */

export { type BinPacking, packBins } from "./bins.ts";
export { lowerBoundL2 } from "./bounds.ts";
export {
  ABC_CLASSES,
  ABC_UNKNOWN,
  EMPTY,
  Layout,
  type LayoutColumns,
  Occupancy,
  type Occupant,
  TEMPERATURES,
} from "./layout.ts";
export {
  ALGORITHMS,
  type Algorithm,
  type Placement,
  type Plan,
  type PlanItem,
  type PlanOptions,
  planBatch,
  type Unplaced,
  type UnplacedReason,
} from "./plan.ts";
export { type FactorData, type FactorFlags, type Factors, WEIGHTS } from "./score.ts";
