/**
 * What every task does around its own work, whichever worker runs it:
 * - a job whose payload is invalid (InvalidPayloadError) fails permanently at once instead of being retried
 *   up to its max_attempts with the same payload;
 * - a job queued by `npm run -s task` (job key `cli:…`) records its outcome in app_private.task_outcomes, so
 *   that the command learns it even when another worker took the job;
 * - a task that ran to the end and found problems for people to fix throws ProblemsFoundError: its job fails
 *   like any other (so that `npm run -s task` exits 1 and a CronJob alerts), and the worker logs a warning with
 *   the task's summary instead of an error with a stack trace.
 */
import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { InvalidPayloadError } from "./payload.ts";

/**
 * The outcome of a task that did its work and found problems that people must fix (open data-quality findings,
 * say): the job fails, and the worker logs the message as a warning, without a stack; nothing went wrong in the
 * service. The message is the whole report: what was found, how much of each kind, where to look.
 */
export class ProblemsFoundError extends Error {
  override name = "ProblemsFoundError";
}

/** Job keys of the jobs `npm run -s task` queues start with this. */
export const COMMAND_JOB_KEY_PREFIX = "cli:";

/**
 * Makes the running job's current attempt its last: graphile-worker 0.18 offers `permanently_fail_jobs` only for
 * jobs nobody holds, so the job's own row is updated while this worker holds it; the failure that follows then
 * leaves it with attempts = max_attempts (permanently failed, kept for inspection until clean_up_jobs).
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

async function recordOutcome(helpers: JobHelpers, error: Error | undefined): Promise<void> {
  const { job } = helpers;
  if (job.key === null || !job.key.startsWith(COMMAND_JOB_KEY_PREFIX)) return;
  await helpers.query(
    `insert into app_private.task_outcomes (job_id, job_key, task_identifier, succeeded, error, worker_id)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (job_id) do update
       set succeeded = excluded.succeeded, error = excluded.error, worker_id = excluded.worker_id, finished_at = now()`,
    [
      job.id,
      job.key,
      job.task_identifier,
      error === undefined,
      error === undefined ? null : error.message || String(error),
      job.locked_by,
    ],
  );
}

/** `task` with the conventions above. */
export function asJob(task: Task): Task {
  return async (payload, helpers) => {
    try {
      await task(payload, helpers);
    } catch (raw) {
      const error = raw instanceof Error ? raw : new Error(String(raw));
      if (error instanceof InvalidPayloadError) await makeLastAttempt(helpers);
      await recordOutcome(helpers, error).catch((recordError: Error) =>
        helpers.logger.warn(`Could not record the outcome of job ${helpers.job.id}: ${recordError.message}`),
      );
      throw error;
    }
    try {
      await recordOutcome(helpers, undefined);
    } catch (error) {
      throw new Error(`The task succeeded, but its outcome could not be recorded: ${(error as Error).message}`);
    }
  };
}

/** Every task of `tasks` with the conventions above. */
export function asJobs(tasks: Record<string, Task>): TaskList {
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, asJob(task)]));
}
