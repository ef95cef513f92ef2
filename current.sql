--! split: 0500-client-error-codes-in-comments.sql
/*
 * The comments of app_public's objects are the GraphQL documentation. Clients get the error code
 * INVALID_INPUT, never the internal SQLSTATE 'INVAL' the functions raise (src/server/errors.ts maps one to
 * the other), so the documentation names the code. Rewriting every such comment in place keeps the rest of
 * each text as it was written, and finds nothing to do on a second run.
 */
do $$
declare
  v_function regprocedure;
  v_comment text;
begin
  for v_function, v_comment in
    select p.oid::regprocedure, d.description
      from pg_catalog.pg_proc p
      join pg_catalog.pg_description d
        on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::regclass and d.objsubid = 0
     where p.pronamespace = 'app_public'::regnamespace
       and d.description like '%''INVAL''%'
  loop
    execute format('comment on function %s is %L', v_function, replace(v_comment, '''INVAL''', 'INVALID_INPUT'));
  end loop;
end
$$;

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

--! split: 0600-foreign-key-indexes.sql
/*
 * Every foreign key gets an index that leads with its columns (in any order), so that a delete or key change on
 * the referenced row never scans the referencing table, and PostGraphile offers the reverse relation (it drops
 * Zone.locations and the like when the referencing columns are not indexed). Where an older index led with
 * (tenant, X) only, it is replaced by one that leads with (tenant, X, facility): facility_id is fixed by X, so
 * queries by (tenant, X) use it as well as before. test/db/01_schema_contract.sql keeps this true.
 */
drop index if exists app_public.locations_zone_idx;
create index locations_zone_idx on app_public.locations (tenant_id, zone_id, facility_id);

drop index if exists app_public.inventory_transactions_location_idx;
create index inventory_transactions_location_idx
  on app_public.inventory_transactions (tenant_id, location_id, facility_id, occurred_at);
drop index if exists app_public.inventory_transactions_from_location_idx;
create index inventory_transactions_from_location_idx
  on app_public.inventory_transactions (tenant_id, from_location_id, facility_id);

drop index if exists app_public.putaway_recommendations_location_idx;
create index putaway_recommendations_location_idx
  on app_public.putaway_recommendations (tenant_id, location_id, facility_id);
drop index if exists app_public.putaway_recommendations_actual_location_idx;
create index putaway_recommendations_actual_location_idx
  on app_public.putaway_recommendations (tenant_id, actual_location_id, facility_id);

drop index if exists app_public.capacity_validation_failures_location_idx;
create index capacity_validation_failures_location_idx
  on app_public.capacity_validation_failures (tenant_id, location_id, facility_id);
drop index if exists app_public.capacity_validation_failures_material_idx;
create index capacity_validation_failures_material_idx
  on app_public.capacity_validation_failures (tenant_id, material_id);

drop index if exists app_public.material_dimension_verifications_facility_idx;
create index material_dimension_verifications_facility_idx
  on app_public.material_dimension_verifications (tenant_id, facility_id, created_at);

drop index if exists app_public.cross_dock_cancellations_replacement_idx;
create index cross_dock_cancellations_replacement_idx
  on app_public.cross_dock_cancellations (tenant_id, replacement_recommendation_id);
