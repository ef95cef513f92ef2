--! Previous: sha1:f40af74d7ab4e2d226aff077d5b69e71877076bf
--! Hash: sha1:eb64656a72cbb5c4527b6801c902ee140fb8420f
--! Message: Floor map at 20,000 positions: holdings aggregated once per facility, positions sorted once, hash joins whatever the statistics, no JIT

-- The floor map at 20,000 positions: what positions hold is aggregated once per facility (a grouped join, not a
-- lookup per position), positions are sorted once by code (every array_agg's ORDER BY then finds its input
-- sorted). Every join covers the whole facility, so hash joins are right whatever the statistics say (a nested
-- loop, chosen on fresh tables before ANALYZE, would compare every position with every holding); JIT stays off
-- (its compile time exceeds the query's).
create or replace function app_public.facility_floor_map(facility_id uuid) returns app_public.floor_map
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
  set jit to off
  set enable_nestloop to off
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_map app_public.floor_map;
begin
  select f.facility_id, f.dock_x_ft, f.dock_y_ft
    into v_map.facility_id, v_map.dock_x_ft, v_map.dock_y_ft
    from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = facility_floor_map.facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', facility_id using errcode = 'NOTFD';
  end if;
  with holdings as (
    select lot.location_id, min(m.abc_class::text) as velocity_class,
           string_agg(m.code || ' × ' || trim_scale(lot.quantity_on_hand)::text || ' (' || lot.lot_number || ')',
                      E'\n' order by m.code, lot.lot_number) as contents
      from app_public.lots lot
      join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
     where lot.tenant_id = v_tenant_id and lot.facility_id = facility_floor_map.facility_id
       and lot.quantity_on_hand > 0 and lot.deleted_at is null
     group by lot.location_id
  ), positions as (
    select l.location_id, l.code, z.code as zone_code, l.x_ft::float8 as x_ft, l.y_ft::float8 as y_ft,
           coalesce(least(1, (o.cubic_feet_on_hand + o.cubic_feet_reserved) / nullif(l.max_cubic_feet, 0)), 0)::float8
             as cubic_fill,
           coalesce(least(1, (o.weight_lbs_on_hand + o.weight_lbs_reserved) / nullif(l.max_weight_lbs, 0)), 0)::float8
             as weight_fill,
           h.velocity_class,
           array_to_string(l.allowed_abc_classes, '') as allowed_classes,
           l.is_active and not l.is_blocked as available,
           coalesce(h.contents, '') as contents
      from app_public.locations l
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
      left join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
      left join holdings h on h.location_id = l.location_id
     where l.tenant_id = v_tenant_id and l.facility_id = facility_floor_map.facility_id and l.deleted_at is null
     order by l.code
  )
  select coalesce(array_agg(p.location_id order by p.code), '{}'), coalesce(array_agg(p.code order by p.code), '{}'),
         coalesce(array_agg(p.zone_code order by p.code), '{}'), coalesce(array_agg(p.x_ft order by p.code), '{}'), coalesce(array_agg(p.y_ft order by p.code), '{}'),
         coalesce(array_agg(p.cubic_fill order by p.code), '{}'), coalesce(array_agg(p.weight_fill order by p.code), '{}'),
         coalesce(array_agg(p.velocity_class order by p.code), '{}'), coalesce(array_agg(p.allowed_classes order by p.code), '{}'),
         coalesce(array_agg(p.available order by p.code), '{}'), coalesce(array_agg(p.contents order by p.code), '{}')
    into v_map.location_ids, v_map.codes, v_map.zone_codes, v_map.x_ft, v_map.y_ft, v_map.cubic_fill,
         v_map.weight_fill, v_map.velocity_classes, v_map.allowed_classes, v_map.available, v_map.contents
    from positions p;
  return v_map;
end;
$$;
