--! Previous: sha1:697da7580d0d330cb5506e373b6ac71722d8c2c7
--! Hash: sha1:ac6393227dbcab271dadf45b958953eba4af4df8
--! Message: Lookups by code from the token, data quality metrics on demand

--! split: 0700-lookups-by-code.sql
/*
 * Lookups by code take the tenant from the token. A client knows its tenant only through its token, so
 * facilityByCode, materialByCode, outboundOrderByNumber and mlModelByVersion ask for the code alone, and
 * locationByCode and zoneByCode for the code and the facility (their codes are unique per facility). The
 * unique constraints behind the generated lookups, which also asked for tenantId, stay (their comments are
 * the CONFLICT messages) but no longer make GraphQL fields. Row-level security still decides what the caller
 * sees: another tenant's rows never, archived rows only for supervisors and admins.
 */
drop function if exists app_public.ml_model_by_version(integer);
drop function if exists app_public.outbound_order_by_number(text);
drop function if exists app_public.zone_by_code(uuid, text);
drop function if exists app_public.location_by_code(uuid, text);
drop function if exists app_public.material_by_code(text);
drop function if exists app_public.facility_by_code(text);

comment on constraint facilities_code_key on app_public.facilities is
  E'@behavior -single\nThe tenant already has a facility with this code.';
comment on constraint materials_code_key on app_public.materials is
  E'@behavior -single\nThe tenant already has a material with this code.';
comment on constraint locations_code_key on app_public.locations is
  E'@behavior -single\nThe facility already has a location with this code.';
comment on constraint zones_code_key on app_public.zones is
  E'@behavior -single\nThe facility already has a zone with this code.';
comment on constraint outbound_orders_order_number_key on app_public.outbound_orders is
  E'@behavior -single\nThe tenant already has an order with this number.';
comment on constraint ml_model_weights_version_key on app_public.ml_model_weights is E'@behavior -single';

create function app_public.facility_by_code(code text) returns app_public.facilities
  language sql stable strict
as $$
  select f.* from app_public.facilities f
   where f.tenant_id = app_public.current_tenant_id() and f.code = facility_by_code.code;
$$;
comment on function app_public.facility_by_code(text) is
  E'The facility of your tenant with this code (e.g. `DC1`); null when there is none.';

create function app_public.material_by_code(code text) returns app_public.materials
  language sql stable strict
as $$
  select m.* from app_public.materials m
   where m.tenant_id = app_public.current_tenant_id() and m.code = material_by_code.code;
$$;
comment on function app_public.material_by_code(text) is
  E'The material of your tenant with this code (e.g. `SKU-00001`); null when there is none.';

create function app_public.location_by_code(facility_id uuid, code text) returns app_public.locations
  language sql stable strict
as $$
  select l.* from app_public.locations l
   where l.tenant_id = app_public.current_tenant_id() and l.facility_id = location_by_code.facility_id
     and l.code = location_by_code.code;
$$;
comment on function app_public.location_by_code(uuid, text) is
  E'The location with this code (e.g. `A01-01-1`) in a facility of your tenant (location codes are unique per '
  'facility); null when there is none.';

create function app_public.zone_by_code(facility_id uuid, code text) returns app_public.zones
  language sql stable strict
as $$
  select z.* from app_public.zones z
   where z.tenant_id = app_public.current_tenant_id() and z.facility_id = zone_by_code.facility_id
     and z.code = zone_by_code.code;
$$;
comment on function app_public.zone_by_code(uuid, text) is
  E'The zone with this code (e.g. `RSV`) in a facility of your tenant (zone codes are unique per facility); '
  'null when there is none.';

create function app_public.outbound_order_by_number(order_number text) returns app_public.outbound_orders
  language sql stable strict
as $$
  select o.* from app_public.outbound_orders o
   where o.tenant_id = app_public.current_tenant_id() and o.order_number = outbound_order_by_number.order_number;
$$;
comment on function app_public.outbound_order_by_number(text) is
  E'The outbound order of your tenant with this number; null when there is none.';

create function app_public.ml_model_by_version(model_version integer) returns app_public.ml_model_weights
  language sql stable strict
as $$
  select w.* from app_public.ml_model_weights w
   where w.tenant_id = app_public.current_tenant_id() and w.model_version = ml_model_by_version.model_version;
$$;
comment on function app_public.ml_model_by_version(integer) is
  E'Version `modelVersion` of your tenant''s putaway confidence model; null when there is none.';

grant execute on function app_public.facility_by_code(text) to :DATABASE_VISITOR;
grant execute on function app_public.material_by_code(text) to :DATABASE_VISITOR;
grant execute on function app_public.location_by_code(uuid, text) to :DATABASE_VISITOR;
grant execute on function app_public.zone_by_code(uuid, text) to :DATABASE_VISITOR;
grant execute on function app_public.outbound_order_by_number(text) to :DATABASE_VISITOR;
grant execute on function app_public.ml_model_by_version(integer) to :DATABASE_VISITOR;

--! split: 0710-data-quality-on-demand.sql
/*
 * getDataQualityMetrics answers for every facility of the caller's tenant. The figures come from the
 * materialized view bin_optimization_data_quality as its last refresh (the audit's) left them; a facility the
 * view does not hold yet (before the first audit, or created since) gets them computed on the spot, from the
 * same definition, which lives in one function that the view is made of. tenantId may be omitted: it defaults
 * to the token's tenant, and another tenant's stays FORBIDDEN. NOT_FOUND means that the facility does not
 * exist in the tenant.
 */
drop function if exists app_public.get_data_quality_metrics(uuid, uuid);
drop materialized view if exists app_public.bin_optimization_data_quality;
drop function if exists app_private.facility_data_quality(uuid, uuid);

create function app_private.facility_data_quality(p_tenant_id uuid, p_facility_id uuid)
  returns table (
    tenant_id uuid,
    facility_id uuid,
    materials_verified integer,
    capacity_failures integer,
    pending_relocations integer,
    remediations integer,
    remediations_succeeded integer,
    remediation_success_rate numeric,
    open_findings integer,
    computed_at timestamptz
  )
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
select f.tenant_id, f.facility_id,
       (select count(distinct v.material_id)::integer from app_public.material_dimension_verifications v
         where v.tenant_id = f.tenant_id and (v.facility_id is null or v.facility_id = f.facility_id)
           and v.deleted_at is null and v.created_at > now() - interval '90 days') as materials_verified,
       (select count(*)::integer from app_public.capacity_validation_failures c
         where c.tenant_id = f.tenant_id and c.facility_id = f.facility_id and c.deleted_at is null
           and c.reason = 'CAPACITY' and c.created_at > now() - interval '30 days') as capacity_failures,
       (select count(*)::integer from app_public.locations l
          join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
         where l.tenant_id = f.tenant_id and l.facility_id = f.facility_id and l.deleted_at is null
           and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)) as pending_relocations,
       r.remediations,
       r.remediations_succeeded,
       round(r.remediations_succeeded::numeric / nullif(r.remediations, 0), 4) as remediation_success_rate,
       (select count(*)::integer from app_public.data_quality_findings d
         where d.tenant_id = f.tenant_id and d.status = 'OPEN' and (d.facility_id is null or d.facility_id = f.facility_id)) as open_findings,
       now() as computed_at
  from app_public.facilities f
  cross join lateral (
    select count(*)::integer as remediations, count(*) filter (where g.outcome = 'SUCCEEDED')::integer as remediations_succeeded
      from app_public.bin_optimization_remediation_log g
     where g.tenant_id = f.tenant_id and (g.facility_id is null or g.facility_id = f.facility_id)
       and g.outcome <> 'SKIPPED' and g.created_at > now() - interval '30 days'
  ) r
 where f.deleted_at is null
   and (p_tenant_id is null or f.tenant_id = p_tenant_id)
   and (p_facility_id is null or f.facility_id = p_facility_id);
$$;
comment on function app_private.facility_data_quality(uuid, uuid) is
  E'Data quality per facility, computed now: of one tenant and facility, or (null arguments) of all of them. '
  'bin_optimization_data_quality materializes it; getDataQualityMetrics computes it for facilities the view does '
  'not hold yet.';

create materialized view app_public.bin_optimization_data_quality as
  select * from app_private.facility_data_quality(null, null);
create unique index bin_optimization_data_quality_key on app_public.bin_optimization_data_quality (tenant_id, facility_id);
comment on materialized view app_public.bin_optimization_data_quality is
  E'@behavior -*\nData quality per tenant and facility, as of its last refresh (the daily audit); read it through '
  'getDataQualityMetrics.';

create function app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) returns app_public.data_quality_metrics
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_result app_public.data_quality_metrics;
begin
  if v_tenant_id is null then
    raise exception 'Data-quality metrics need a bearer token of the facility''s tenant' using errcode = 'DENY1';
  end if;
  if get_data_quality_metrics.tenant_id is distinct from null and get_data_quality_metrics.tenant_id <> v_tenant_id then
    raise exception 'Data-quality metrics of another tenant are not available to you' using errcode = 'DENY1';
  end if;
  if get_data_quality_metrics.facility_id is null then
    raise exception 'getDataQualityMetrics needs a facilityId' using errcode = 'INVAL';
  end if;
  select q.materials_verified, q.capacity_failures, q.pending_relocations, q.remediation_success_rate, q.open_findings,
         q.computed_at
    into v_result
    from app_public.bin_optimization_data_quality q
   where q.tenant_id = v_tenant_id and q.facility_id = get_data_quality_metrics.facility_id;
  if not found then
    select q.materials_verified, q.capacity_failures, q.pending_relocations, q.remediation_success_rate,
           q.open_findings, q.computed_at
      into v_result
      from app_private.facility_data_quality(v_tenant_id, get_data_quality_metrics.facility_id) q;
  end if;
  if not found then
    raise exception 'There is no facility % in your tenant', get_data_quality_metrics.facility_id
      using errcode = 'NOTFD';
  end if;
  return v_result;
end;
$$;
comment on function app_public.get_data_quality_metrics(uuid, uuid) is
  E'Data quality of a facility of your own tenant: materials verified, capacity failures, pending relocations, '
  'remediation success rate, open findings; as of the last audit, or computed now for a facility it has not '
  'covered yet (computedAt says when). tenantId defaults to your token''s tenant.';
grant execute on function app_public.get_data_quality_metrics(uuid, uuid) to :DATABASE_VISITOR;
