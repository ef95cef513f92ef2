/**
 * `npm start`: the whole service in one process. With no DATABASE_URL it starts the embedded PostgreSQL of
 * DATA_DIR, migrates it and loads the demo warehouse once; with DATABASE_URL and AUTH_DATABASE_URL it
 * serves an existing database without touching its schema. Then the API, the metrics listener and (unless
 * WORKER_IN_PROCESS=false) the worker. SIGINT or SIGTERM stops everything in order.
 */
import "./env.ts";
import { demoUserId, loadTokenKeys, signToken } from "../auth/jwt.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { createPool, tenantIdByCode } from "../db/pool.ts";
import { log } from "../log.ts";
import { PutawayService } from "../putaway/service.ts";
import { seedDemo } from "../seed/demo.ts";
import { createApp, GRAPHQL_PATH, METRICS_PATH, READINESS_PATH } from "../server/app.ts";
import { startWorker } from "../worker.ts";
import { runCommand } from "./run.ts";

runCommand(async () => {
  const config = loadConfig();
  const keys = await loadTokenKeys(config);
  const database = await openDatabase(config);
  if (database.authUrl === undefined) {
    await database.close();
    throw new ConfigError(
      "AUTH_DATABASE_URL is required with DATABASE_URL: the API connects as the authenticator role",
    );
  }
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: Error) => log.warn("Error while stopping", { error: error.message }));
    }
  };
  try {
    const ownerPool = createPool(database.ownerUrl, config.workerConcurrency + 2, "bin-optimizer-worker");
    cleanups.push(() => ownerPool.end());
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
    cleanups.push(() => authPool.end());
    const putaway = new PutawayService(config.putaway, config.features);
    const app = await createApp({
      authPool,
      keys,
      visitorRole: config.visitorRole,
      production: config.production,
      putaway,
      limits: config.limits,
    });
    cleanups.push(() => app.close());
    const { apiUrl, metricsUrl } = await app.listen(config.port, config.metricsPort, config.host);
    if (config.workerInProcess) {
      const worker = await startWorker(ownerPool, config.workerConcurrency, config.workerScheduleExclude);
      cleanups.push(() => worker.stop());
    }

    const lines = [
      `GraphQL: ${apiUrl}${GRAPHQL_PATH}`,
      `Health: ${apiUrl}${READINESS_PATH}`,
      `Metrics: ${metricsUrl}${METRICS_PATH}`,
      `Database: ${database.displayUrl}`,
    ];
    const demo = config.production ? undefined : await tenantIdByCode(ownerPool, "demo");
    if (demo !== undefined && keys.secret !== undefined) {
      const token = await signToken({ tenantId: demo, userId: demoUserId("demo", "operator"), role: "operator" }, keys);
      const query = JSON.stringify({
        query: "{ currentTenant { code name } allLocations(first: 3) { totalCount nodes { code maxCubicFeet } } }",
      });
      lines.push(
        "Try it (demo operator token, valid 12 hours):",
        `curl -s ${apiUrl}${GRAPHQL_PATH} -H 'Content-Type: application/json' -H 'Authorization: Bearer ${token}' -d '${query}'`,
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } catch (error) {
    await stop();
    throw error;
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`Second ${signal}: exiting at once`);
        process.exit(1);
      }
      stopping = true;
      log.info(`${signal} received: stopping`);
      stop().then(resolve, resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  log.info("Stopped");
});
