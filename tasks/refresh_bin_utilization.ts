/**
 * Task: refreshes bin_utilization_cache. Queued a few seconds after stock moves (one job per tenant and
 * facility, debounced by the refresh triggers) and every 10 minutes by the crontab. The view refreshes as a
 * whole, so one run brings every facility up to date.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject, optionalUuid } from "./payload.ts";

export const refresh_bin_utilization: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "refresh_bin_utilization");
  optionalUuid(payload, "tenantId", "refresh_bin_utilization");
  optionalUuid(payload, "facilityId", "refresh_bin_utilization");
  const started = performance.now();
  const { rows } = await helpers.query<{ facilities: number }>(
    "select app_private.scheduled_refresh_bin_utilization() as facilities",
  );
  helpers.logger.info(
    `Refreshed bin_utilization_cache for ${rows[0]!.facilities} facilities in ${Math.round(performance.now() - started)} ms`,
  );
};
