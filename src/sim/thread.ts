/**
 * `simulate()` on a worker thread of its own. A simulation is one synchronous computation of seconds to minutes
 * (a 2,000-position facility over 30 days takes about 4 s); run on the main thread of the worker, it would stop
 * every other job, and inside `npm start` the API too, for that long. This module is also the thread's code:
 * loaded as a worker thread with a simulation in its workerData, it runs it and posts the result back.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { LayoutColumns } from "../engine/index.ts";
import { type SimulationResult, type SimulationSettings, simulate } from "./simulate.ts";
import type { Workload } from "./workload.ts";

interface SimulationInput {
  columns: LayoutColumns;
  workload: Workload;
  settings: SimulationSettings;
}

/**
 * The result of `simulate(columns, workload, settings)`, computed on a new worker thread. An abort stops the
 * thread at once and rejects with the signal's reason.
 */
export function simulateOnThread(
  columns: LayoutColumns,
  workload: Workload,
  settings: SimulationSettings,
  signal?: AbortSignal,
): Promise<SimulationResult> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const simulation: SimulationInput = { columns, workload, settings };
    const thread = new Worker(new URL(import.meta.url), { workerData: { simulation } });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", abort);
      outcome();
    };
    const abort = () => {
      settle(() => reject(signal!.reason));
      void thread.terminate();
    };
    signal?.addEventListener("abort", abort, { once: true });
    thread.once("message", (result: SimulationResult) => settle(() => resolve(result)));
    thread.once("error", (error) => settle(() => reject(error)));
    thread.once("exit", (code) =>
      settle(() => reject(new Error(`The simulation thread exited with code ${code} before it answered`))),
    );
  });
}

const input = isMainThread ? undefined : (workerData as { simulation?: SimulationInput } | null)?.simulation;
if (input !== undefined && parentPort !== null) {
  parentPort.postMessage(simulate(input.columns, input.workload, input.settings));
}
