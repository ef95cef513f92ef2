/**
 * Runs `npm run -s task -- <task> …` (src/cli/task.ts) against a test database, the way the Kubernetes
 * CronJobs run it, in an environment cleaned of whatever database, JWT and mode settings the developer's
 * shell or CI holds.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
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
    env: {
      ...cleanEnvironment(),
      NODE_ENV: "test",
      DATABASE_URL: db.ownerUrl,
      DATABASE_VISITOR: db.roles.visitor,
      LOG_LEVEL: logLevel,
    },
    encoding: "utf8",
  });
}
