/**
 * What every task does around its own work, whichever worker runs it: a job whose payload is invalid
 * (InvalidPayloadError) fails permanently at once instead of being retried up to its max_attempts with the same
 * payload.
 */
import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { InvalidPayloadError } from "./payload.ts";

/**
 * Makes the running job's current attempt its last: graphile-worker 0.18 offers `permanently_fail_jobs` only for
 * jobs nobody holds, so the job's own row is updated while this worker holds it; the failure that follows then
 * leaves it with attempts = max_attempts (permanently failed, kept for inspection).
 */
async function makeLastAttempt(helpers: JobHelpers): Promise<void> {
  try {
    await helpers.query(
      "update graphile_worker._private_jobs set max_attempts = attempts where id = $1 and locked_by = $2",
      [helpers.job.id, helpers.job.locked_by],
    );
  } catch (error) {
    helpers.logger.warn(`Could not stop retries of job ${helpers.job.id}: ${(error as Error).message}`);
  }
}

/** `task` with the conventions above. */
export function asJob(task: Task): Task {
  return async (payload, helpers) => {
    try {
      await task(payload, helpers);
    } catch (raw) {
      const error = raw instanceof Error ? raw : new Error(String(raw));
      if (error instanceof InvalidPayloadError) await makeLastAttempt(helpers);
      throw error;
    }
  };
}

/** Every task of `tasks` with the conventions above. */
export function asJobs(tasks: Record<string, Task>): TaskList {
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, asJob(task)]));
}
