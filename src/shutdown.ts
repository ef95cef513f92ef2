/**
 * How the service stops: a list of steps run in order (the HTTP listeners, the worker, the pools, the
 * embedded server), each given a bounded time, so that a stop always ends, and its worst case can be checked
 * against the Kubernetes grace period (test/lifecycle.test.ts).
 */
import type { Config } from "./config.ts";
import { log } from "./log.ts";

/** Time the worker, the pools and the embedded server each get to stop, in milliseconds. */
export const STEP_TIMEOUT_MS = 5000;
/** Time the listeners get beyond the drain time (closing what is left, releasing the schema). */
export const LISTENERS_MARGIN_MS = 2000;

export interface StopStep {
  /** What stops, for the log ("the worker"). */
  name: string;
  run: () => Promise<void>;
  timeoutMs: number;
}

/** Runs a stop step, going on (with a warning) when it fails or outlasts its time. */
async function bounded({ name, run, timeoutMs }: StopStep): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([run().then(() => "done" as const), late]);
    if (outcome === "late") log.warn(`Stopping: ${name} did not finish within ${timeoutMs} ms; going on`);
  } catch (error) {
    log.warn(`Error while stopping ${name}`, { error: (error as Error).message });
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the steps one after the other, each within its time; never throws. */
export async function runStopSteps(steps: readonly StopStep[]): Promise<void> {
  for (const step of steps) await bounded(step);
}

/**
 * The longest `npm start` can take to stop once signalled, in milliseconds: the listeners (drain time and
 * margin), the worker when it runs in the process, the pools, the embedded server.
 */
export function worstCaseStopMs(config: Pick<Config, "shutdownDrainMs" | "workerInProcess">): number {
  return config.shutdownDrainMs + LISTENERS_MARGIN_MS + (config.workerInProcess ? 3 : 2) * STEP_TIMEOUT_MS;
}
