/**
 * The graphile-worker runner: tasks from tasks/, schedule from tasks/crontab. It runs inside `npm start`
 * (unless WORKER_IN_PROCESS=false) or alone with `npm run worker`; any number of workers may run, since
 * jobs are taken with SKIP LOCKED. Also: one task run once through the queue, with its real outcome
 * (`npm run -s task`).
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type LogFunctionFactory, Logger, type Runner, run, runOnce } from "graphile-worker";
import type pg from "pg";
import { taskList } from "../tasks/index.ts";
import { COMMAND_JOB_KEY_PREFIX, ProblemsFoundError } from "../tasks/job.ts";
import { PROJECT_ROOT } from "./db/migrate.ts";
import { log } from "./log.ts";

/** graphile-worker's log levels, as the service's logger names them. */
const LEVELS = { error: "error", warning: "warn", info: "info", debug: "debug" } as const;

/**
 * graphile-worker's log lines through the service's logger, at the levels of `levels` (all by default). A job
 * that failed with ProblemsFoundError (a task that found problems for people to fix) is a warning that carries
 * the task's report, not graphile-worker's "Failed task … with error" and stack trace.
 */
export function workerLogFunction(
  levels: ReadonlyArray<keyof typeof LEVELS> = ["error", "warning", "info", "debug"],
): LogFunctionFactory {
  return (scope) => (level, message, meta) => {
    const fields = scope.taskIdentifier === undefined ? undefined : { task: scope.taskIdentifier, jobId: scope.jobId };
    const job = meta?.job as { id: string; task_identifier: string } | undefined;
    if (meta?.failure === true && meta.error instanceof ProblemsFoundError && job !== undefined) {
      if (levels.includes("warning")) {
        log.warn(`Task ${job.task_identifier} (job ${job.id}) found problems: ${meta.error.message}`, fields);
      }
      return;
    }
    const name = level as keyof typeof LEVELS;
    if (levels.includes(name)) log[LEVELS[name]](message, fields);
  };
}

const workerLogger = new Logger(workerLogFunction());

/** tasks/crontab without the entries of the excluded tasks. */
export async function readCrontab(exclude: readonly string[] = []): Promise<string> {
  const crontab = await readFile(path.join(PROJECT_ROOT, "tasks", "crontab"), "utf8");
  return crontab
    .split("\n")
    .filter((line) => {
      const task = line.trim().startsWith("#") ? undefined : line.trim().split(/\s+/)[5];
      return task === undefined || !exclude.includes(task);
    })
    .join("\n");
}

/**
 * Starts the worker on the owner's pool; stop it with `runner.stop()`. `exclude` names tasks whose schedule
 * runs elsewhere (WORKER_SCHEDULE_EXCLUDE); their jobs queued from SQL still run here. `logger` replaces the
 * service's log (tests keep expected failures out of their output).
 */
export async function startWorker(
  pool: pg.Pool,
  concurrency: number,
  exclude: readonly string[] = [],
  logger: Logger = workerLogger,
): Promise<Runner> {
  const crontab = await readCrontab(exclude);
  return run({
    pgPool: pool,
    taskList,
    crontab,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
  });
}

/** How a job queued by runTaskOnce ended. */
export interface TaskOutcome {
  jobId: string;
  succeeded: boolean;
  /** The task's error message when it failed. */
  error: string | null;
  /** The worker pool that ran it (null when no worker reported it). */
  workerId: string | null;
}

async function takeOutcome(pool: pg.Pool, jobId: string): Promise<TaskOutcome | undefined> {
  const { rows } = await pool.query<{ succeeded: boolean; error: string | null; worker_id: string | null }>(
    "delete from app_private.task_outcomes where job_id = $1 returning succeeded, error, worker_id",
    [jobId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { jobId, succeeded: row.succeeded, error: row.error, workerId: row.worker_id };
}

/**
 * Queues one job of `task` (one attempt, job key `cli:<task>:<uuid>`), runs the task's due jobs in this process
 * (`runOnce`), and waits until the job's outcome is known, whichever worker took it: a worker already running
 * elsewhere often takes the job first. The outcome comes from app_private.task_outcomes (written by the worker
 * that ran the job, see tasks/job.ts) or, for a failure before the task started, from the job's last_error.
 * A permanently failed job stays in the queue for inspection until clean_up_jobs removes it.
 */
export async function runTaskOnce(
  pool: pg.Pool,
  task: string,
  payload: Record<string, unknown>,
  options: { logger?: Logger; pollIntervalMs?: number } = {},
): Promise<TaskOutcome> {
  const runner = taskList[task];
  if (runner === undefined) throw new Error(`Unknown task ${task}`);
  const { logger = workerLogger, pollIntervalMs = 200 } = options;
  const { rows: added } = await pool.query<{ id: string }>(
    "select id from graphile_worker.add_job($1, $2::json, job_key => $3, max_attempts => 1)",
    [task, JSON.stringify(payload), `${COMMAND_JOB_KEY_PREFIX}${task}:${randomUUID()}`],
  );
  const jobId = added[0]!.id;
  const runDueJobs = () => runOnce({ pgPool: pool, taskList: { [task]: runner }, noHandleSignals: true, logger });
  await runDueJobs();
  let ranJustNow = true;
  for (;;) {
    const outcome = await takeOutcome(pool, jobId);
    if (outcome !== undefined) return outcome;
    const { rows } = await pool.query<{ failed: boolean; free: boolean; due: boolean; last_error: string | null }>(
      `select attempts >= max_attempts as failed, locked_at is null as free, run_at <= now() as due, last_error
         from graphile_worker.jobs where id = $1`,
      [jobId],
    );
    const job = rows[0];
    if (job === undefined || (job.failed && job.free)) {
      // The worker writes the outcome before it releases the job: look once more.
      const late = await takeOutcome(pool, jobId);
      if (late !== undefined) return late;
      return {
        jobId,
        succeeded: false,
        workerId: null,
        error:
          job === undefined
            ? "the job was removed before it reported an outcome (deleted by hand, or run by a worker of an older version)"
            : (job.last_error ?? "the job failed"),
      };
    }
    // Due and nobody holds it (no worker had taken it yet): run it here; held by another worker: wait for it.
    ranJustNow = job.free && job.due && !ranJustNow;
    if (ranJustNow) await runDueJobs();
    else await sleep(pollIntervalMs);
  }
}
