/**
 * `npm run -s task -- <task> [--tenant <code>] [--facility <code>] [--payload '<json>']` runs one worker task
 * once through the job queue (so exactly as a scheduled run would), in this process or in whichever worker
 * takes the job first, waits for it, and exits 0 when the task succeeded, 1 with the task's error when it
 * failed, 2 on a usage or configuration mistake. The Kubernetes CronJobs call it. Tenant and facility codes
 * become `tenantId` / `facilityId` in the payload.
 */
import "./env.ts";
import { Logger } from "graphile-worker";
import { taskList } from "../../tasks/index.ts";
import { loadConfig } from "../config.ts";
import { migrateWorkerSchema } from "../db/migrate.ts";
import { openDatabase } from "../db/open.ts";
import { closePool, createPool, facilitiesByCode, tenantIdByCode } from "../db/pool.ts";
import { log, logToStderr } from "../log.ts";
import { runTaskOnce, workerLogFunction } from "../worker.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

const COMMAND = {
  usage: "npm run -s task -- <task> [options]",
  summary:
    "Runs one worker task once through the job queue, exactly as a scheduled run would (in this process, or in\n" +
    "whichever worker takes the job first), and waits for it. Exit code 0: it succeeded; 1: it failed (its error\n" +
    "on standard error); 2: a usage or configuration mistake.",
  positionals: "<task>",
  options: {
    tenant: { type: "string", value: "<code>", description: "only this tenant (payload tenantId)" },
    facility: { type: "string", value: "<code>", description: "only this facility (payload facilityId)" },
    payload: { type: "string", value: "'<json>'", description: "the job's payload, a JSON object" },
  },
  notes: `Tasks: ${Object.keys(taskList).sort().join(", ")}`,
} as const;

runCommand(async () => {
  logToStderr();
  const { values, positionals } = parseCommandLine(COMMAND);
  const name = positionals[0];
  if (name === undefined || positionals.length > 1 || !(name in taskList)) {
    throw new UsageError(
      `${name === undefined ? "Which task?" : positionals.length > 1 ? "One task at a time." : `There is no task "${name}".`} ` +
        `Tasks: ${Object.keys(taskList).sort().join(", ")}. See: npm run -s task -- --help`,
    );
  }
  let payload: Record<string, unknown> = {};
  if (values.payload !== undefined) {
    try {
      payload = JSON.parse(values.payload) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--payload is not JSON: ${(error as Error).message}`);
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload))
      throw new UsageError("--payload must be a JSON object");
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  const pool = createPool(database.ownerUrl, 4, `bin-optimizer-task-${name}`);
  try {
    if (values.tenant !== undefined) {
      const tenantId = await tenantIdByCode(pool, values.tenant);
      if (tenantId === undefined) throw new UsageError(`There is no tenant with code "${values.tenant}"`);
      payload.tenantId = tenantId;
    }
    if (values.facility !== undefined) {
      const rows = await facilitiesByCode(pool, values.facility, payload.tenantId as string | undefined);
      if (rows.length !== 1) {
        throw new UsageError(
          rows.length === 0
            ? `There is no facility with code "${values.facility}"`
            : `Facility code "${values.facility}" is used by several tenants: add --tenant`,
        );
      }
      payload.tenantId = rows[0]!.tenant_id;
      payload.facilityId = rows[0]!.facility_id;
    }
    await migrateWorkerSchema(pool);
    const quiet = new Logger(workerLogFunction(["error", "warning", "info"]));
    const outcome = await runTaskOnce(pool, name, payload, { logger: quiet });
    if (!outcome.succeeded) {
      process.stderr.write(`Task ${name} failed: ${outcome.error}\n`);
      return 1;
    }
    log.info(`Task ${name} succeeded (job ${outcome.jobId}, run by ${outcome.workerId})`);
    return 0;
  } finally {
    await closePool(pool);
    await database.close();
  }
});
