/**
 * Task: recomputes aisle congestion (PICK and PUTAWAY transactions per aisle over the last
 * CONGESTION_WINDOW_MINUTES, or payload `windowMinutes`) every minute. ENHANCED avoids busy aisles with it.
 */
import type { Task } from "graphile-worker";
import { loadConfig } from "../src/config.ts";
import { assertPayloadObject, optionalNumber } from "./payload.ts";

export const refresh_aisle_congestion: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "refresh_aisle_congestion");
  const minutes =
    optionalNumber(payload, "windowMinutes", "refresh_aisle_congestion", 1, 24 * 60) ??
    loadConfig().analytics.congestionWindowMinutes;
  const { rows } = await helpers.query<{ aisles: number }>(
    "select app_private.refresh_aisle_congestion(make_interval(mins => $1)) as aisles",
    [minutes],
  );
  helpers.logger.debug(`Aisle congestion refreshed: ${rows[0]!.aisles} busy aisles`);
};
