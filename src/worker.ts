/**
 * The graphile-worker runner: tasks from tasks/, schedule from tasks/crontab. It runs inside `npm start`
 * (unless WORKER_IN_PROCESS=false) or alone with `npm run worker`; any number of workers may run, since
 * jobs are taken with SKIP LOCKED.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Logger, type Runner, run, runMigrations } from "graphile-worker";
import type pg from "pg";
import { taskList } from "../tasks/index.ts";
import { PROJECT_ROOT } from "./db/migrate.ts";
import { log } from "./log.ts";

const workerLogger = new Logger((scope) => (level, message) => {
  const fields = scope.taskIdentifier === undefined ? undefined : { task: scope.taskIdentifier, jobId: scope.jobId };
  if (level === "error") log.error(message, fields);
  else if (level === "warning") log.warn(message, fields);
  else if (level === "info") log.info(message, fields);
  else log.debug(message, fields);
});

/** Installs or upgrades the graphile_worker schema (as the owner, who must own it). */
export async function migrateWorkerSchema(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: workerLogger });
}

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
 * runs elsewhere (WORKER_SCHEDULE_EXCLUDE); their jobs queued from SQL still run here.
 */
export async function startWorker(
  pool: pg.Pool,
  concurrency: number,
  exclude: readonly string[] = [],
): Promise<Runner> {
  const crontab = await readCrontab(exclude);
  return run({
    pgPool: pool,
    taskList,
    crontab,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: workerLogger,
  });
}
