/**
 * Runs `npm run -s task -- <task> …` (src/cli/task.ts) against a test database, the way the Kubernetes
 * CronJobs run it, in an environment cleaned of whatever database, JWT and mode settings the developer's
 * shell or CI holds.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";
import type { TestDatabase } from "./cluster.ts";
import { cleanEnvironment, type ProcessResult, runProcess } from "./process.ts";

const TASK = path.join(PROJECT_ROOT, "src", "cli", "task.ts");

export interface TaskCommand {
  task: string;
  /** LOG_LEVEL of the task (default "warn"). */
  logLevel?: string;
}

/**
 * Runs one task once, as the database owner of `db`, and waits for it: `runTask(db, "data_quality_audit",
 * "--tenant", "q1")`, or `runTask(db, { task: "compute_statistics", logLevel: "info" }, …)`.
 */
export function runTask(
  db: Pick<TestDatabase, "ownerUrl" | "roles">,
  command: string | TaskCommand,
  ...args: string[]
): SpawnSyncReturns<string> {
  const { task, logLevel = "warn" } = typeof command === "string" ? { task: command } : command;
  return spawnSync(process.execPath, [TASK, task, ...args], {
    cwd: PROJECT_ROOT,
    env: taskEnvironment(db, logLevel),
    encoding: "utf8",
  });
}

function taskEnvironment(db: Pick<TestDatabase, "ownerUrl" | "roles">, logLevel: string): NodeJS.ProcessEnv {
  return {
    ...cleanEnvironment(),
    NODE_ENV: "test",
    DATABASE_URL: db.ownerUrl,
    DATABASE_VISITOR: db.roles.visitor,
    LOG_LEVEL: logLevel,
  };
}

export type TaskResult = ProcessResult;

/**
 * runTask without blocking this process: for tests whose own process must keep working meanwhile (a worker
 * started in the test, which may take the command's job).
 */
export function spawnTask(
  db: Pick<TestDatabase, "ownerUrl" | "roles">,
  command: string | TaskCommand,
  ...args: string[]
): Promise<TaskResult> {
  const { task, logLevel = "warn" } = typeof command === "string" ? { task: command } : command;
  return runProcess(process.execPath, [TASK, task, ...args], {
    cwd: PROJECT_ROOT,
    env: taskEnvironment(db, logLevel),
  });
}
