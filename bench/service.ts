/**
 * What the benchmarks that run the whole service share: a database of their own on the test server (this run's
 * roles, every migration; dropped at the end whatever happens) and the service started on it as
 * `npm start` runs it, in production mode, on free ports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { prepareDatabase } from "../src/db/open.ts";
import { setupDatabase } from "../src/db/setup.ts";
import { dropDatabases, dropRoles, openCluster, testRoles, withLogin } from "../test/support/cluster.ts";

export interface BenchDatabase {
  ownerUrl: string;
  authUrl: string;
  visitorRole: string;
  /** Drops the database and its roles, and stops the server when the benchmark started it. */
  drop(): Promise<void>;
}

/** A migrated database of this run's own, named buo_bench_<run>. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const cluster = await openCluster();
  const database = `buo_bench_${randomBytes(3).toString("hex")}`;
  const roles = testRoles(`${database}_`);
  const ownerUrl = withLogin(cluster.rootUrl, roles.owner, database);
  const authUrl = withLogin(cluster.rootUrl, roles.authenticator, database);
  const drop = async () => {
    try {
      await dropDatabases(cluster.rootUrl, { name: database });
      await dropRoles(cluster.rootUrl, roles);
    } finally {
      await cluster.stop();
    }
  };
  try {
    await setupDatabase(cluster.rootUrl, { ownerUrl, authUrl, visitorRole: roles.visitor });
    await prepareDatabase(ownerUrl, roles.visitor, true);
  } catch (error) {
    await drop();
    throw error;
  }
  return { ownerUrl, authUrl, visitorRole: roles.visitor, drop };
}

export interface RunningService {
  /** The GraphQL endpoint, http://127.0.0.1:<port>/graphql. */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The service on `db` in production mode, without its worker; `env` adds or overrides settings. */
export async function startService(
  db: BenchDatabase,
  secret: string,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src", "cli", "start.ts")], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      GRAPHILE_ENV: "production",
      DATABASE_URL: db.ownerUrl,
      AUTH_DATABASE_URL: db.authUrl,
      DATABASE_VISITOR: db.visitorRole,
      JWT_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: "0",
      METRICS_PORT: "0",
      WORKER_IN_PROCESS: "false",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /^GraphQL: (\S+)/m.exec(output);
      if (match !== null) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`the service exited with ${code}: ${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, child, stop };
}
