--! Previous: sha1:75cff7d72d95b6801c9fd04cefe73af6b24ef375
--! Hash: sha1:1587b1fcd8dac723849e6cbacbebbdebcc17c150
--! Message: Client error codes and tenant liveness for the API

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
