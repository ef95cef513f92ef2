/**
 * Task: the daily statistics of recommendation performance (01:30): per tenant (payload `tenantId`: one)
 * and window (payload `windowDays`, default 30), per facility and algorithm: acceptance rate with its Wilson
 * interval, mean confidence, utilization, processing time, A/B tests between algorithms with enough
 * decisions, correlations, validations and outliers; then the summary with trends is refreshed.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject, optionalNumber, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const compute_statistics: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "compute_statistics");
  const tenantId = optionalUuid(payload, "tenantId", "compute_statistics");
  const windowDays = optionalNumber(payload, "windowDays", "compute_statistics", 1, 3650) ?? 30;
  const tenants = await tenantsFor(helpers, tenantId);
  for (const tenant of tenants) {
    const { rows } = await helpers.query<{ written: Record<string, number> }>(
      "select app_private.compute_recommendation_statistics($1, make_interval(days => $2)) as written",
      [tenant.tenant_id, windowDays],
    );
    const w = rows[0]!.written;
    helpers.logger.info(
      `Statistics of tenant ${tenant.code} over ${windowDays} days: ${w.metrics} metric rows, ${w.abTests} A/B tests, ${w.correlations} correlations, ${w.validations} validations, ${w.outliers} outliers`,
    );
  }
  await helpers.query("select app_private.refresh_statistical_summary()");
};
