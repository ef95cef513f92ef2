/**
 * `npm start`: the whole service in one process. With no DATABASE_URL it starts the embedded PostgreSQL of
 * DATA_DIR, migrates it and loads the demo warehouse once; with DATABASE_URL and AUTH_DATABASE_URL it
 * serves an existing database without touching its schema. Then the API, the metrics listener and (unless
 * WORKER_IN_PROCESS=false) the worker.
 *
 * SIGINT or SIGTERM stops everything in order: the listeners drain (SHUTDOWN_DRAIN_MS), then the worker,
 * the pools and the embedded server each get a bounded time; the process exits 0. When the embedded server
 * dies under it, the service stops the same way and exits 1, for whatever supervises it to start it again.
 */
import "./env.ts";
import type { Runner } from "graphile-worker";
import type pg from "pg";
import { demoUserId, loadTokenKeys } from "../auth/jwt.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { closePool, createPool } from "../db/pool.ts";
import { log } from "../log.ts";
import { explainListenError, portInUse, portInUseError } from "../ports.ts";
import { PutawayService } from "../putaway/service.ts";
import { seedDemo } from "../seed/demo.ts";
import { type App, createApp, GRAPHQL_PATH, METRICS_PATH, READINESS_PATH } from "../server/app.ts";
import { LISTENERS_MARGIN_MS, runStopSteps, STEP_TIMEOUT_MS, type StopStep } from "../shutdown.ts";
import { startWorker } from "../worker.ts";
import { type FirstPutaway, firstPutaway, firstPutawayLines } from "./first-putaway.ts";
import { parseCommandLine, runCommand } from "./run.ts";

/** What `npm start` prints once it serves; secrets only outside production. */
interface StartupInfo {
  apiUrl: string;
  metricsUrl: string;
  /** Outside production only: the database URL (the embedded server's with its superuser password). */
  databaseUrl?: string;
  /** Outside production only: a first putaway on the demo warehouse, with a demo operator token. */
  firstPutaway?: FirstPutaway;
  /** Outside production only: the console's one-time sign-in link for the demo supervisor, and how long it lasts. */
  consoleSignIn?: { url: string; lifetime: string };
}

/**
 * The lines `npm start` prints to standard output, once, never through the logger: the URLs, and outside
 * production the database URL and a first putaway ready to paste, under a development-only heading.
 */
function startupLines(info: StartupInfo): string[] {
  const lines = [
    `Console: ${info.apiUrl}/`,
    `GraphQL: ${info.apiUrl}${GRAPHQL_PATH}`,
    `Health: ${info.apiUrl}${READINESS_PATH}`,
    `Metrics: ${info.metricsUrl}${METRICS_PATH}`,
  ];
  if (info.databaseUrl === undefined && info.firstPutaway === undefined) return lines;
  lines.push("For development only (shown here once, never logged; production prints neither):");
  if (info.databaseUrl !== undefined) lines.push(`Database: ${info.databaseUrl}`);
  if (info.consoleSignIn !== undefined) {
    lines.push(
      `Console sign-in as the demo supervisor (one-time link, valid ${info.consoleSignIn.lifetime}): ${info.consoleSignIn.url}`,
    );
  }
  if (info.firstPutaway !== undefined)
    lines.push(...firstPutawayLines(`${info.apiUrl}${GRAPHQL_PATH}`, info.firstPutaway));
  return lines;
}

const COMMAND = {
  usage: "npm start",
  summary:
    "The whole service in one process: the GraphQL API, the metrics listener and the worker. Without DATABASE_URL\n" +
    "it starts the embedded PostgreSQL of DATA_DIR, migrates it and loads the demo warehouse once, then prints\n" +
    "its URLs and a first putaway to paste. Ctrl-C (SIGINT) or SIGTERM stops everything in order.",
  options: {},
  notes:
    "Settings come from the environment (README.md, Configuration), among them:\n" +
    "  PORT (4000), METRICS_PORT (9090), HOST (127.0.0.1), DATA_DIR (.data), EMBEDDED_DATABASE_PORT (54320),\n" +
    "  DATABASE_URL and AUTH_DATABASE_URL (an existing database instead of the embedded one),\n" +
    "  WORKER_IN_PROCESS (true), LOG_LEVEL (info), NODE_ENV (production: no GraphiQL, no development lines).",
};

runCommand(async () => {
  parseCommandLine(COMMAND);
  const config = loadConfig();
  // A taken port is said at once, before the database starts (and again if it is taken meanwhile).
  const ports = [
    [config.port, "PORT"],
    [config.metricsPort, "METRICS_PORT"],
  ] as const;
  for (const [port, variable] of ports) {
    if (await portInUse(config.host, port)) throw portInUseError(port, variable);
  }
  const keys = await loadTokenKeys(config);
  const database = await openDatabase(config);
  if (database.authUrl === undefined) {
    await database.close();
    throw new ConfigError(
      "AUTH_DATABASE_URL is required with DATABASE_URL: the API connects as the authenticator role",
    );
  }
  // What has started, stopped in this order, each step bounded (src/shutdown.ts): the listeners drain first
  // (no new requests), then the worker finishes its jobs, then the pools and the database close.
  let app: App | undefined;
  let worker: Runner | undefined;
  const pools: pg.Pool[] = [];
  const stop = () => {
    const steps: StopStep[] = [];
    const listeners = app;
    if (listeners !== undefined) {
      steps.push({
        name: "the HTTP listeners",
        run: () => listeners.close(config.shutdownDrainMs),
        timeoutMs: config.shutdownDrainMs + LISTENERS_MARGIN_MS,
      });
    }
    const jobs = worker;
    if (jobs !== undefined) steps.push({ name: "the worker", run: () => jobs.stop(), timeoutMs: STEP_TIMEOUT_MS });
    steps.push(
      {
        name: "the database pools",
        run: async () => void (await Promise.all(pools.map((pool) => closePool(pool)))),
        timeoutMs: STEP_TIMEOUT_MS,
      },
      { name: "the database", run: () => database.close(), timeoutMs: STEP_TIMEOUT_MS },
    );
    return runStopSteps(steps);
  };
  try {
    const ownerPool = createPool(database.ownerUrl, config.workerConcurrency + 2, "bin-optimizer-worker");
    pools.push(ownerPool);
    if (database.embedded) {
      const client = await ownerPool.connect();
      try {
        const seeded = await seedDemo(client);
        if (seeded !== undefined) {
          log.info(
            `Loaded the demo warehouse: ${seeded.locations} locations, ${seeded.materials} materials, ${seeded.lots} lots`,
          );
        }
      } finally {
        client.release();
      }
    }
    const authPool = createPool(database.authUrl, 20, "bin-optimizer-api", {
      connectTimeoutMs: config.limits.connectTimeoutMs,
    });
    pools.push(authPool);
    const putaway = new PutawayService(config.putaway, config.features);
    app = await createApp({
      authPool,
      keys,
      visitorRole: config.visitorRole,
      production: config.production,
      putaway,
      limits: config.limits,
    });
    const { apiUrl, metricsUrl } = await app
      .listen(config.port, config.metricsPort, config.host)
      .catch((error: unknown) => Promise.reject(explainListenError(error, ports)));
    if (config.workerInProcess) {
      worker = await startWorker(ownerPool, config.workerConcurrency, config.workerScheduleExclude);
    }

    const info: StartupInfo = { apiUrl, metricsUrl };
    if (!config.production) {
      info.databaseUrl = database.displayUrl;
      info.firstPutaway = await firstPutaway(ownerPool, keys, "demo");
      const tenantId = info.firstPutaway?.example.tenantId;
      const code =
        tenantId === undefined
          ? undefined
          : app.console.issueSignInCode({ tenantId, userId: demoUserId("demo", "supervisor"), role: "supervisor" });
      if (code !== undefined) {
        info.consoleSignIn = { url: `${apiUrl}/#code=${code}`, lifetime: app.console.signInCodeLifetime };
      }
    }
    process.stdout.write(`${startupLines(info).join("\n")}\n`);
  } catch (error) {
    await stop();
    throw error;
  }

  let exitCode = 0;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stopWith = (code: number) => {
      exitCode = Math.max(exitCode, code);
      if (stopping) return;
      stopping = true;
      stop().then(resolve);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`Second ${signal}: exiting at once`);
        process.exit(1);
      }
      log.info(`${signal} received: stopping (up to ${config.shutdownDrainMs} ms for requests in flight)`);
      stopWith(0);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    database.exited?.then((what) => {
      log.error(`Database lost: ${what}. Stopping the service; exit code 1 (start it again to recover)`);
      stopWith(1);
    });
    // A failure nothing else catches (a library's stray promise, when the database vanishes) stops the service
    // in order, with exit code 1, instead of ending the process there and then.
    const onUnexpected = (error: unknown) => {
      log.error(`Unexpected error${stopping ? " while stopping" : "; stopping the service, exit code 1"}`, {
        error: error instanceof Error ? error.message : String(error),
      });
      stopWith(1);
    };
    process.on("unhandledRejection", onUnexpected);
    process.on("uncaughtException", onUnexpected);
  });
  log.info("Stopped");
  // A connection still stuck in a query (its request was cut off at the drain time) must not keep the
  // process alive: everything that matters is closed.
  setTimeout(() => process.exit(exitCode), 500).unref();
  return exitCode;
});
