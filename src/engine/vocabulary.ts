/**
 * The database's vocabularies that TypeScript reads or writes, each defined here once. The SQL enum or check
 * constraint named beside each list is the other definition; test/vocabulary.test.ts reads them from the
 * catalog and fails when the two differ (in order, where the engine uses a value's position). The engine is
 * the lowest layer, so every other layer takes its lists from here; the engine itself reads the first five.
 */

/** Putaway algorithms (enum app_public.putaway_algorithm). */
export const ALGORITHMS = ["FFD", "BFD", "HYBRID", "ENHANCED"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** What a zone is for (enum app_public.zone_type). PICK_FACE, RESERVE and BULK hold stock. */
export const ZONE_TYPES = ["RECEIVING", "DOCK", "STAGING", "CROSS_DOCK", "PICK_FACE", "RESERVE", "BULK"] as const;
export type ZoneType = (typeof ZONE_TYPES)[number];

/** Storage temperature of a location, and what a material needs (enum app_public.temperature_class). */
export const TEMPERATURES = ["AMBIENT", "CHILLED", "FROZEN"] as const;
export type TemperatureClass = (typeof TEMPERATURES)[number];

/** Pick velocity classes, fastest first (enum app_public.abc_class); the engine uses the position. */
export const ABC_CLASSES = ["A", "B", "C"] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

/** What a location may hold at once (enum app_public.mixing_rule); the engine uses the position. */
export const MIXING_RULES = ["ANY", "SINGLE_MATERIAL", "SINGLE_LOT"] as const;
export type MixingRule = (typeof MIXING_RULES)[number];

/** Life of a putaway recommendation (enum app_public.recommendation_status). */
export const RECOMMENDATION_STATUSES = ["PENDING", "ACCEPTED", "OVERRIDDEN", "REJECTED", "EXPIRED"] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * Why a confirmation was refused: no room, or the location's rule the stock breaks (check constraint
 * chk_capacity_validation_failures_reason; app_hidden.location_accepts names the rules).
 */
export const REFUSAL_REASONS = ["CAPACITY", "TEMPERATURE", "HAZMAT", "ABC_CLASS", "DIMENSIONS", "MIXING"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Replanning of a cross-dock recommendation whose demand went away (check chk_cross_dock_cancellations_status). */
export const CROSS_DOCK_CANCELLATION_STATUSES = ["QUEUED", "REPLANNED", "SKIPPED", "FAILED"] as const;
export type CrossDockCancellationStatus = (typeof CROSS_DOCK_CANCELLATION_STATUSES)[number];

/** Outcome of an automatic remediation (enum app_public.remediation_outcome). */
export const REMEDIATION_OUTCOMES = ["SUCCEEDED", "FAILED", "SKIPPED"] as const;
export type RemediationOutcome = (typeof REMEDIATION_OUTCOMES)[number];

/** What a re-slotting plan aims at (enum app_public.reslotting_objective). */
export const RESLOTTING_OBJECTIVES = ["TRAVEL", "CONSOLIDATE", "BALANCED"] as const;
export type ReslottingObjective = (typeof RESLOTTING_OBJECTIVES)[number];

/** Why a stock move is made (check chk_move_tasks_reason); plans give the first three, people MANUAL. */
export const MOVE_REASONS = ["CONSOLIDATE", "TRAVEL", "MAKE_ROOM", "MANUAL"] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

/** Life of a move task (enum app_public.move_task_status). */
export const MOVE_TASK_STATUSES = ["WAITING", "OPEN", "DONE", "CANCELLED", "EXPIRED"] as const;
export type MoveTaskStatus = (typeof MOVE_TASK_STATUSES)[number];
