/**
 * Task: reclassifies materials into A, B and C by how often they were picked (daily, and on demand). Payload:
 * `tenantId` (default: every tenant), `windowDays` and `cutoffs` ([A, B, C] percentages) override
 * ABC_WINDOW_DAYS and ABC_CUTOFFS.
 */
import type { Task } from "graphile-worker";
import { loadConfig } from "../src/config.ts";
import { assertPayloadObject, InvalidPayloadError, optionalNumber, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const reclassify_abc: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "reclassify_abc");
  const tenantId = optionalUuid(payload, "tenantId", "reclassify_abc");
  const settings = loadConfig().analytics;
  const windowDays = optionalNumber(payload, "windowDays", "reclassify_abc", 1, 3650) ?? settings.abcWindowDays;
  let [a, b] = settings.abcCutoffs;
  if (payload.cutoffs !== undefined) {
    const c = payload.cutoffs;
    if (
      !Array.isArray(c) ||
      c.length !== 3 ||
      c.some((v) => typeof v !== "number" || v < 0) ||
      Math.abs(c[0] + c[1] + c[2] - 100) > 1e-9 ||
      c[0] <= 0
    ) {
      throw new InvalidPayloadError(
        "reclassify_abc: cutoffs must be three percentages for A, B and C adding up to 100",
      );
    }
    [a, b] = c as [number, number, number];
  }
  const tenants = await tenantsFor(helpers, tenantId);
  for (const tenant of tenants) {
    const { rows } = await helpers.query<{ code: string; previous_class: string | null; new_class: string }>(
      "select code, previous_class, new_class from app_private.reclassify_abc($1, make_interval(days => $2), $3, $4)",
      [tenant.tenant_id, windowDays, a / 100, (a + b) / 100],
    );
    helpers.logger.info(`ABC reclassification of tenant ${tenant.code}: ${rows.length} material(s) changed class`);
  }
};
