/**
 * Task: the daily data-quality audit (01:00): per tenant (payload `tenantId`: one), safe fixes, then
 * findings opened, kept or resolved; then the per-facility quality view is refreshed. It fails when open
 * findings remain, which makes `npm run -s task -- data_quality_audit` exit 1: the CronJob's alert signal. That
 * failure is the audit's finding, not a fault: it fails with ProblemsFoundError, which the worker logs as a
 * warning with the open findings of each tenant counted by kind.
 */
import type { Task } from "graphile-worker";
import { ProblemsFoundError } from "./job.ts";
import { assertPayloadObject, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const data_quality_audit: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "data_quality_audit");
  const tenantId = optionalUuid(payload, "tenantId", "data_quality_audit");
  const tenants = await tenantsFor(helpers, tenantId);
  const open: string[] = [];
  const kindsOpen: string[] = [];
  for (const tenant of tenants) {
    const { rows } = await helpers.query<{
      open_findings: number;
      new_findings: number;
      resolved_findings: number;
      remediations: number;
    }>("select * from app_private.run_data_quality_audit($1)", [tenant.tenant_id]);
    const r = rows[0]!;
    helpers.logger.info(
      `Data-quality audit of tenant ${tenant.code}: ${r.open_findings} open finding(s) (${r.new_findings} new, ${r.resolved_findings} resolved), ${r.remediations} automatic fix(es)`,
    );
    if (r.open_findings > 0) {
      const { rows: kinds } = await helpers.query<{ code: string; findings: number }>(
        `select code, count(*)::integer as findings from app_public.data_quality_findings
          where tenant_id = $1 and status = 'OPEN' group by code order by code`,
        [tenant.tenant_id],
      );
      open.push(`${tenant.code}: ${r.open_findings}`);
      kindsOpen.push(`${tenant.code}: ${kinds.map((k) => `${k.code} ${k.findings}`).join(", ")}`);
    }
  }
  await helpers.query("select app_private.refresh_data_quality()");
  if (open.length > 0) {
    throw new ProblemsFoundError(
      `Open data-quality findings (${open.join(", ")}); ${kindsOpen.join("; ")}; see app_public.data_quality_findings`,
    );
  }
};
