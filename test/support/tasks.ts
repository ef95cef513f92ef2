/**
 * Runs `npm run -s task -- <task> …` (src/cli/task.ts) against a test database, the way the Kubernetes
 * CronJobs run it, in an environment cleaned of whatever database, JWT and mode settings the developer's
 * shell or CI holds.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";
import type { TestDatabase } from "./cluster.ts";

const TASK = path.join(PROJECT_ROOT, "src", "cli", "task.ts");

/** Inherited settings that would point a child process at another database, key or mode. */
const INHERITED =
  /^(DATABASE_URL|AUTH_DATABASE_URL|ROOT_DATABASE_URL|SHADOW_DATABASE_URL|DATABASE_VISITOR|JWT_SECRET|JWT_PUBLIC_KEY|NODE_ENV|GRAPHILE_ENV)$/;

/** process.env without the settings a child process must get from its test, not from the shell. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED.test(key)));
}

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

export interface TaskResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

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
  const child = spawn(process.execPath, [TASK, task, ...args], {
    cwd: PROJECT_ROOT,
    env: taskEnvironment(db, logLevel),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}
