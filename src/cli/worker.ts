/**
 * `npm run worker`: the worker alone (the Kubernetes worker Deployment), on DATABASE_URL, or on the
 * embedded server when DATABASE_URL is unset. SIGINT or SIGTERM lets running jobs finish, then stops.
 */
import "./env.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { closePool, createPool } from "../db/pool.ts";
import { log } from "../log.ts";
import { startWorker } from "../worker.ts";
import { parseCommandLine, runCommand } from "./run.ts";

runCommand(async () => {
  parseCommandLine({
    usage: "npm run worker",
    summary:
      "The worker alone (the Kubernetes worker Deployment), on DATABASE_URL or the embedded database: runs\n" +
      "queued and scheduled jobs until SIGINT or SIGTERM, then lets running jobs finish.",
    options: {},
  });
  const config = loadConfig();
  const database = await openDatabase(config);
  const pool = createPool(database.ownerUrl, config.workerConcurrency + 2, "bin-optimizer-worker");
  try {
    const worker = await startWorker(pool, config.workerConcurrency, config.workerScheduleExclude);
    log.info(`Worker running (concurrency ${config.workerConcurrency})`);
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        log.info(`${signal} received: finishing running jobs`);
        worker.stop().then(resolve, resolve);
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    });
  } finally {
    await closePool(pool);
    await database.close();
  }
  log.info("Worker stopped");
});
