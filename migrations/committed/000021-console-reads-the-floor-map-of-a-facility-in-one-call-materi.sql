--! Previous: sha1:9cf7025b75ec27e6b3d39c807f5bae1c81d95cef
--! Hash: sha1:f40af74d7ab4e2d226aff077d5b69e71877076bf
--! Message: Console reads: the floor map of a facility in one call, material and location searches, the queue of pending putaways

-- Enter migration here. Keep it idempotent: it runs again on every save.
/*
 * What the web console reads in one call each: the floor map of a facility (every position, its place, its fill
 * and what it holds, as parallel arrays so that 20,000 positions travel as one small answer instead of 20,000
 * nodes), the searches behind its pickers (materials by code or description, positions by code) and the queue
 * of reservations waiting for an operator's decision.
 * Drops first, in reverse order of creation, so that this block can run again and again.
 */
drop function if exists app_public.pending_putaway_recommendations(uuid);
drop function if exists app_public.search_locations(uuid, text);
drop function if exists app_public.search_materials(text);
drop function if exists app_public.facility_floor_map(uuid);
drop type if exists app_public.floor_map;

create type app_public.floor_map as (
  facility_id uuid,
  dock_x_ft float8,
  dock_y_ft float8,
  location_ids uuid[],
  codes text[],
  zone_codes text[],
  x_ft float8[],
  y_ft float8[],
  cubic_fill float8[],
  weight_fill float8[],
  velocity_classes text[],
  allowed_classes text[],
  available boolean[],
  contents text[]
);
comment on type app_public.floor_map is
  E'@name FloorMap\nEvery position of a facility, ordered by code, as parallel arrays (element i of every array is position i).';
comment on column app_public.floor_map.location_ids is E'@notNull\nThe positions'' ids.';
comment on column app_public.floor_map.codes is E'@notNull\nThe positions'' codes.';
comment on column app_public.floor_map.zone_codes is E'@notNull\nThe code of each position''s zone.';
comment on column app_public.floor_map.x_ft is E'@notNull\nEach position''s x coordinate, in feet.';
comment on column app_public.floor_map.y_ft is E'@notNull\nEach position''s y coordinate, in feet.';
comment on column app_public.floor_map.cubic_fill is
  E'@notNull\nCubic feet on hand and reserved over the position''s capacity, 0 to 1.';
comment on column app_public.floor_map.weight_fill is
  E'@notNull\nWeight on hand and reserved over the position''s weight capacity, 0 to 1.';
comment on column app_public.floor_map.velocity_classes is
  E'@notNull\nThe fastest velocity class (A, B or C) of the stock a position holds; null when it holds none or none is classified.';
comment on column app_public.floor_map.allowed_classes is
  E'@notNull\nThe velocity classes a position may hold, as letters (\"AB\").';
comment on column app_public.floor_map.available is
  E'@notNull\nFalse for a position that is inactive or blocked.';
comment on column app_public.floor_map.contents is
  E'@notNull\nWhat a position holds, one "material × quantity (lot)" per line; empty when it holds nothing.';

create function app_public.facility_floor_map(facility_id uuid) returns app_public.floor_map
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
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
  -- What each position holds is looked up per position (an index lookup each), so that the plan stays the
  -- same whatever the planner believes about the lots' count.
  with positions as (
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
      left join lateral (
        select min(m.abc_class::text) as velocity_class,
               string_agg(m.code || ' × ' || trim_scale(lot.quantity_on_hand)::text || ' (' || lot.lot_number || ')',
                          E'\n' order by m.code, lot.lot_number) as contents
          from app_public.lots lot
          join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
         where lot.tenant_id = l.tenant_id and lot.facility_id = l.facility_id and lot.location_id = l.location_id
           and lot.quantity_on_hand > 0 and lot.deleted_at is null
      ) h on true
     where l.tenant_id = v_tenant_id and l.facility_id = facility_floor_map.facility_id and l.deleted_at is null
  )
  select coalesce(array_agg(p.location_id order by p.code), '{}'),
         coalesce(array_agg(p.code order by p.code), '{}'),
         coalesce(array_agg(p.zone_code order by p.code), '{}'),
         coalesce(array_agg(p.x_ft order by p.code), '{}'),
         coalesce(array_agg(p.y_ft order by p.code), '{}'),
         coalesce(array_agg(p.cubic_fill order by p.code), '{}'),
         coalesce(array_agg(p.weight_fill order by p.code), '{}'),
         coalesce(array_agg(p.velocity_class order by p.code), '{}'),
         coalesce(array_agg(p.allowed_classes order by p.code), '{}'),
         coalesce(array_agg(p.available order by p.code), '{}'),
         coalesce(array_agg(p.contents order by p.code), '{}')
    into v_map.location_ids, v_map.codes, v_map.zone_codes, v_map.x_ft, v_map.y_ft, v_map.cubic_fill,
         v_map.weight_fill, v_map.velocity_classes, v_map.allowed_classes, v_map.available, v_map.contents
    from positions p;
  return v_map;
end;
$$;
comment on function app_public.facility_floor_map(uuid) is
  E'The floor map of a facility of your own tenant: every position with its coordinates, fill (on hand and reserved), velocity class and contents.';

create function app_public.search_materials(query text) returns setof app_public.materials
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select m.*
    from app_public.materials m
   where m.deleted_at is null
     and (starts_with(lower(m.code), lower(btrim(query))) or strpos(lower(m.description), lower(btrim(query))) > 0)
   order by not starts_with(lower(m.code), lower(btrim(query))), m.code
$$;
comment on function app_public.search_materials(text) is
  E'Materials of your tenant whose code starts with `query`, or whose description contains it (case-insensitive); code matches first.';

create function app_public.search_locations(facility_id uuid, query text) returns setof app_public.locations
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select l.*
    from app_public.locations l
   where l.facility_id = search_locations.facility_id and l.deleted_at is null
     and starts_with(lower(l.code), lower(btrim(query)))
   order by l.code
$$;
comment on function app_public.search_locations(uuid, text) is
  E'Positions of a facility of your tenant whose code starts with `query` (case-insensitive), by code.';

create function app_public.pending_putaway_recommendations(facility_id uuid) returns setof app_public.putaway_recommendations
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select r.*
    from app_public.putaway_recommendations r
   where r.facility_id = pending_putaway_recommendations.facility_id and r.status = 'PENDING'
     and r.deleted_at is null and r.expires_at > now()
   order by r.expires_at, r.recommendation_id
$$;
comment on function app_public.pending_putaway_recommendations(uuid) is
  E'The reservations of a facility of your tenant still waiting for a decision (PENDING and not expired), the one that lapses first first.';
