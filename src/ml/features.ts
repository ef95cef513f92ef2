/**
 * What the confidence model sees of a recommendation: the engine's factor scores of the chosen location,
 * which data were available, the algorithm and whether it was a cross-dock. The same function builds the
 * rows for training (from saved recommendations) and for scoring (from fresh placements), so the two can
 * never drift apart.
 */
import type { Factors } from "../engine/index.ts";

export const FEATURES = [
  "velocity",
  "consolidation",
  "utilization",
  "affinity",
  "affinityKnown",
  "congestion",
  "congestionKnown",
  "expiry",
  "estimatedUtilization",
  "crossDock",
  "algorithmFFD",
  "algorithmBFD",
  "algorithmHYBRID",
] as const;

export interface FeatureSource {
  factors: Partial<Record<keyof Factors, number | null>>;
  algorithm: string;
  crossDock: boolean;
  estimatedUtilization: number | null;
}

/** The feature row of a recommendation, in FEATURES order. */
export function featureRow(source: FeatureSource): number[] {
  const f = source.factors;
  const value = (v: number | null | undefined, missing: number) =>
    v === null || v === undefined || !Number.isFinite(v) ? missing : v;
  return [
    value(f.velocity, 0.5),
    value(f.consolidation, 0),
    value(f.utilization, 0),
    value(f.affinity, 0),
    f.affinity === null || f.affinity === undefined ? 0 : 1,
    value(f.congestion, 1),
    f.congestion === null || f.congestion === undefined ? 0 : 1,
    value(f.expiry, 1),
    value(source.estimatedUtilization, 0),
    source.crossDock ? 1 : 0,
    source.algorithm === "FFD" ? 1 : 0,
    source.algorithm === "BFD" ? 1 : 0,
    source.algorithm === "HYBRID" ? 1 : 0,
  ];
}
