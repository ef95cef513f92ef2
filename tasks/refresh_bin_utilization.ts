/**
 * Task: refreshes bin_utilization_cache. Queued 5 seconds after stock moves (one job per tenant and facility,
 * debounced by the refresh triggers, carrying the id of the transaction that moved the stock) and every 10
 * minutes by the crontab. The view refreshes as a whole, so one refresh serves every facility: a job whose
 * transaction the last refresh already included refreshes nothing (see refresh_bin_utilization_after in SQL),
 * and a burst across many facilities costs one refresh. A job without a transaction id always refreshes.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject, optionalTransactionId, optionalUuid } from "./payload.ts";

export const refresh_bin_utilization: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "refresh_bin_utilization");
  optionalUuid(payload, "tenantId", "refresh_bin_utilization");
  optionalUuid(payload, "facilityId", "refresh_bin_utilization");
  const xid = optionalTransactionId(payload, "xid", "refresh_bin_utilization");
  const { rows } = await helpers.query<{
    refresh_id: string;
    refreshed: boolean;
    facilities: number;
    duration_ms: string;
  }>("select * from app_private.refresh_bin_utilization_after($1::xid8)", [xid ?? null]);
  const run = rows[0]!;
  if (run.refreshed) {
    helpers.logger.info(
      `Refreshed bin_utilization_cache for ${run.facilities} facilities in ${Math.round(Number(run.duration_ms))} ms (refresh ${run.refresh_id})`,
    );
  } else {
    helpers.logger.debug(`bin_utilization_cache already includes transaction ${xid} (refresh ${run.refresh_id})`);
  }
};
