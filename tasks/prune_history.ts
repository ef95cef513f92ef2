/**
 * Task: daily pruning of history (04:30). The daily statistics of every facility, the data-quality audit runs
 * and the weekly re-slotting plans grow forever otherwise; app_private.prune_history deletes what is older than
 * `keepDays` (payload, default 400: a year and a month, so that a year-over-year comparison still has its
 * other end), at most `batch` rows of each table a run (payload, default 10,000: a backlog is worked off over
 * a few days instead of one long delete), and always keeps each facility's latest row of each table.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject, optionalNumber } from "./payload.ts";

/** Days of history kept, unless the payload says otherwise. */
export const HISTORY_RETENTION_DAYS = 400;
/** Most rows deleted from one table in one run, unless the payload says otherwise. */
export const HISTORY_PRUNE_BATCH = 10_000;

export const prune_history: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "prune_history");
  const keepDays = optionalNumber(payload, "keepDays", "prune_history", 1, 3650) ?? HISTORY_RETENTION_DAYS;
  const batch = optionalNumber(payload, "batch", "prune_history", 1, 1_000_000) ?? HISTORY_PRUNE_BATCH;
  const { rows } = await helpers.query<{ table_name: string; deleted: string }>(
    "select table_name, deleted from app_private.prune_history(make_interval(days => $1), $2)",
    [keepDays, Math.floor(batch)],
  );
  const deleted = rows.filter((row) => Number(row.deleted) > 0);
  helpers.logger.info(
    deleted.length === 0
      ? `No history older than ${keepDays} day(s) to delete`
      : `Deleted history older than ${keepDays} day(s): ${deleted.map((row) => `${row.table_name} ${row.deleted}`).join(", ")}`,
  );
};
