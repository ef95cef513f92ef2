/**
 * Task: runs a putaway simulation that runPutawaySimulation recorded (app_public.putaway_simulation_runs) and
 * queued. Payload: `tenantId` and `simulationRunId`, both required. Marks the run RUNNING, loads the facility's
 * layout and workload as the owner (src/sim/facility.ts: the tenant's picking history over ABC_WINDOW_DAYS, or
 * generated demand when it is too thin), simulates every algorithm of the run and the baselines on a thread of
 * its own (src/sim/thread.ts, so that the worker's other jobs and the API keep running), and stores the
 * results as SUCCEEDED, or the error as FAILED: a failed simulation is the run's outcome, not the job's, since
 * the same data would fail again. Safe to retry: a finished or vanished run is left alone; a run left RUNNING
 * by a worker that stopped (its job is retried) runs again from the start.
 */
import type { Task } from "graphile-worker";
import { loadConfig } from "../src/config.ts";
import type { Algorithm } from "../src/engine/index.ts";
import { loadFacility, type SimulationRunStatus } from "../src/sim/facility.ts";
import type { SimulationResult } from "../src/sim/simulate.ts";
import { simulateOnThread } from "../src/sim/thread.ts";
import { assertPayloadObject, InvalidPayloadError, optionalUuid } from "./payload.ts";

const TASK = "simulate_putaway";

/** Floors of more bays than this are left out of the stored results (about 45 bytes a bay). */
export const MAX_STORED_FLOOR_CELLS = 2_500;

/** The results as stored: the floor's cells left out past MAX_STORED_FLOOR_CELLS. */
export function storedResults(result: SimulationResult): Record<string, unknown> {
  const { cells } = result.floor;
  if (cells.length <= MAX_STORED_FLOOR_CELLS) return { ...result };
  return { ...result, floor: { algorithm: result.floor.algorithm, cells: [], cellsOmitted: cells.length } };
}

/** `ENHANCED 202.1 ft, RANDOM 354.2 ft, REFERENCE 177.7 ft`: travel per pick line of those that ran. */
function travelSummary(result: SimulationResult): string {
  return (["ENHANCED", "RANDOM", "REFERENCE"] as const)
    .map((name) => {
      const row = result.results.find((r) => r.algorithm === name);
      return `${name} ${row === undefined ? "not run" : `${row.travelPerPickFt.toFixed(1)} ft`}`;
    })
    .join(", ");
}

export const simulate_putaway: Task = async (payload, helpers) => {
  assertPayloadObject(payload, TASK);
  const tenantId = optionalUuid(payload, "tenantId", TASK);
  const runId = optionalUuid(payload, "simulationRunId", TASK);
  if (tenantId === undefined || runId === undefined) {
    throw new InvalidPayloadError(`${TASK}: tenantId and simulationRunId are required`);
  }
  const analytics = loadConfig().analytics;
  await helpers.withPgClient(async (client) => {
    const finish = (
      status: Extract<SimulationRunStatus, "SUCCEEDED" | "FAILED">,
      results: unknown,
      error: string | null,
    ) =>
      client.query(
        `update app_public.putaway_simulation_runs
            set status = $3, results = $4::jsonb, error = $5, finished_at = now()
          where tenant_id = $1 and simulation_run_id = $2`,
        [tenantId, runId, status, results === null ? null : JSON.stringify(results), error],
      );
    const { rows } = await client.query<{ facility_id: string; days: number; seed: number; algorithms: Algorithm[] }>(
      `update app_public.putaway_simulation_runs
          set status = 'RUNNING', started_at = now(), finished_at = null, results = null, error = null
        where tenant_id = $1 and simulation_run_id = $2 and status in ('QUEUED', 'RUNNING') and deleted_at is null
        returning facility_id, days, seed, algorithms::text[] as algorithms`,
      [tenantId, runId],
    );
    const run = rows[0];
    if (run === undefined) {
      helpers.logger.info(`Putaway simulation ${runId}: already finished or gone, nothing to do`);
      return;
    }
    let result: SimulationResult;
    let facilityCode: string;
    try {
      const loaded = await loadFacility(client, tenantId, run.facility_id, {
        days: run.days,
        seed: run.seed,
        historyDays: analytics.abcWindowDays,
      });
      facilityCode = loaded.facility.code;
      result = await simulateOnThread(
        loaded.columns,
        loaded.workload,
        { seed: run.seed, algorithms: run.algorithms, abcCutoffs: analytics.abcCutoffs },
        helpers.abortSignal,
      );
    } catch (raw) {
      // The worker is stopping: the run stays RUNNING and the job's retry runs it again.
      if (helpers.abortSignal?.aborted) throw raw;
      const error = raw instanceof Error ? raw : new Error(String(raw));
      await finish("FAILED", null, error.message || error.name);
      helpers.logger.error(`Putaway simulation ${runId} failed: ${error.stack ?? error.message}`);
      return;
    }
    await finish("SUCCEEDED", storedResults(result), null);
    helpers.logger.info(
      `Putaway simulation ${runId} of facility ${facilityCode}: ${result.workload.days} days of ` +
        `${result.workload.source} demand, travel per pick line ${travelSummary(result)}`,
    );
  });
};
