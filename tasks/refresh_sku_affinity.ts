/**
 * Task: recomputes SKU affinity (materials ordered together) from the last 90 days of outbound orders,
 * hourly. ENHANCED reads it to place materials near the ones they are picked with.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject } from "./payload.ts";

export const refresh_sku_affinity: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "refresh_sku_affinity");
  const { rows } = await helpers.query<{ pairs: string }>("select app_private.refresh_sku_affinity() as pairs");
  helpers.logger.info(`SKU affinity refreshed: ${rows[0]!.pairs} material pairs`);
};
