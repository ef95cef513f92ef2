-- Enter migration here. Keep it idempotent: it runs again on every save.

--! split: 0560-tenant-liveness.sql
/*
 * Whether a bearer token's tenant may still use the service: it exists and is not archived
 * (tenants.deleted_at). The API asks this for every token it accepts (cached in-process for a few
 * seconds), because a signed token outlives the archiving of its tenant. Security definer: the visitor role
 * sees no tenant row but its own, and asks before any claim is set.
 */
drop function if exists app_hidden.tenant_is_live(uuid);

create function app_hidden.tenant_is_live(p_tenant_id uuid) returns boolean
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select exists (
    select 1 from app_public.tenants t where t.tenant_id = p_tenant_id and t.deleted_at is null
  );
$$;
revoke all on function app_hidden.tenant_is_live(uuid) from public;
grant execute on function app_hidden.tenant_is_live(uuid) to :DATABASE_VISITOR;
comment on function app_hidden.tenant_is_live(uuid) is
  E'True when the tenant exists and is not archived (deleted_at is null): the API refuses tokens of any other tenant.';
