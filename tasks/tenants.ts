/** The tenants a task works through: the one of the payload's `tenantId`, or every active tenant. */
import type { JobHelpers } from "graphile-worker";

export interface TenantRow {
  tenant_id: string;
  code: string;
}

/** Active tenants by code; only `tenantId`'s when given (none when it is unknown or archived). */
export async function tenantsFor(helpers: JobHelpers, tenantId: string | undefined): Promise<TenantRow[]> {
  const { rows } = await helpers.query<TenantRow>(
    "select tenant_id, code from app_public.tenants where deleted_at is null and ($1::uuid is null or tenant_id = $1) order by code",
    [tenantId ?? null],
  );
  return rows;
}
