/**
 * Task: daily housekeeping of the job queue (04:00). Permanently failed jobs (attempts = max_attempts) stay in
 * graphile_worker.jobs, with their last_error, for `keepDays` (payload, default 7) after their last attempt,
 * then are deleted through graphile-worker's own complete_jobs(); outcomes of `npm run -s task` jobs that no
 * command collected (it was stopped while waiting) are deleted after a day. Jobs still due to run are never
 * touched.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject, optionalNumber } from "./payload.ts";

/** Days a permanently failed job is kept for inspection, unless the payload says otherwise. */
export const FAILED_JOB_RETENTION_DAYS = 7;

export const clean_up_jobs: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "clean_up_jobs");
  const keepDays = optionalNumber(payload, "keepDays", "clean_up_jobs", 0, 3650) ?? FAILED_JOB_RETENTION_DAYS;
  // run_at of a failed job is its last attempt plus the back-off (at most about 6 hours), never earlier.
  const { rows } = await helpers.query<{ deleted: number }>(
    `select count(*)::integer as deleted
       from graphile_worker.complete_jobs(array(
              select id from graphile_worker.jobs
               where attempts >= max_attempts and locked_at is null and run_at < now() - make_interval(days => $1)))`,
    [keepDays],
  );
  const { rowCount: outcomes } = await helpers.query(
    "delete from app_private.task_outcomes where finished_at < now() - interval '1 day'",
  );
  helpers.logger.info(
    `Deleted ${rows[0]!.deleted} permanently failed job(s) older than ${keepDays} day(s) and ${outcomes ?? 0} uncollected task outcome(s)`,
  );
};
