/**
 * Child processes of the tests: one run collected in full, and the environment of a command that starts its own
 * embedded PostgreSQL in a fresh DATA_DIR.
 */
import { type SpawnOptions, spawn } from "node:child_process";
import { chmod, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, type TestDatabase } from "./cluster.ts";

/** Inherited settings that would point a child process at another database, key or mode. */
const INHERITED =
  /^(DATABASE_URL|AUTH_DATABASE_URL|ROOT_DATABASE_URL|SHADOW_DATABASE_URL|DATABASE_VISITOR|JWT_SECRET|JWT_PUBLIC_KEY|NODE_ENV|GRAPHILE_ENV)$/;

/** process.env without the settings a child process must get from its test, not from the shell. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED.test(key)));
}

/**
 * The environment of `npm start`'s script serving the test database `db` (signing with `secret`) on free ports,
 * without its worker; `settings` add or override (LOG_LEVEL, GRAPHILE_ENV, …).
 */
export function serviceEnvironment(
  db: Pick<TestDatabase, "ownerUrl" | "authUrl" | "roles">,
  secret: string,
  settings: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...cleanEnvironment(),
    DATABASE_URL: db.ownerUrl,
    AUTH_DATABASE_URL: db.authUrl,
    DATABASE_VISITOR: db.roles.visitor,
    JWT_SECRET: secret,
    WORKER_IN_PROCESS: "false",
    PORT: "0",
    METRICS_PORT: "0",
    ...settings,
  };
}

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end without blocking this process and returns its exit status and its output. */
export function runProcess(command: string, args: string[], options: SpawnOptions): Promise<ProcessResult> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * A fresh DATA_DIR (under the system's temporary folder, named `prefix`…) and the environment of a command that
 * runs the embedded PostgreSQL there on a free port, with production settings and free listener ports.
 */
export async function embeddedEnvironment(
  prefix: string,
  logLevel: string,
): Promise<{ dataDir: string; env: NodeJS.ProcessEnv }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  // As root the embedded server runs as the postgres user, which must reach the folder.
  await chmod(dataDir, 0o755);
  return {
    dataDir,
    env: {
      ...cleanEnvironment(),
      DATA_DIR: dataDir,
      PORT: "0",
      METRICS_PORT: "0",
      EMBEDDED_DATABASE_PORT: String(await freePort()),
      GRAPHILE_ENV: "production",
      LOG_LEVEL: logLevel,
    },
  };
}
