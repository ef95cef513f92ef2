--! Previous: sha1:a954701dd57c520b1c07ec148be3952cab602840
--! Hash: sha1:ba8e452861425b4f0c674e357398d6f90edeaad6
--! Message: Putaway engine: occupancy with the capacity invariant, layout versions, snapshot, reservations, confirmations

--! split: 0001-reset.sql
/*
 * Putaway engine support: exact location occupancy with the capacity invariant, layout versions for the
 * engine's in-process cache, the snapshot the engine plans from, reservations, confirmations and the
 * record of refused overflows. Drops first, in reverse order, so that this file can run again and again.
 */
drop function if exists app_hidden.confirm_putaway(uuid, uuid, text);
drop function if exists app_hidden.reserve_putaway(uuid, app_public.putaway_algorithm, json, interval, uuid, numeric);
drop function if exists app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval);
drop function if exists app_hidden.putaway_layout_json(uuid, uuid);
drop function if exists app_private.rebuild_location_occupancy(uuid);
drop table if exists app_public.capacity_validation_failures;
drop trigger if exists _600_occupancy on app_public.putaway_recommendations;
drop trigger if exists _600_occupancy on app_public.lots;
drop trigger if exists _600_occupancy on app_public.materials;
drop trigger if exists _600_occupancy on app_public.locations;
drop function if exists app_private.tg_putaway_recommendations__occupancy();
drop function if exists app_private.tg_lots__occupancy();
drop function if exists app_private.tg_materials__occupancy();
drop function if exists app_private.tg_locations__occupancy();
drop function if exists app_private.change_location_usage(uuid, uuid, numeric, numeric, numeric, numeric, boolean);
drop table if exists app_private.location_occupancy;
drop trigger if exists _700_layout_version_insert on app_public.locations;
drop trigger if exists _700_layout_version_update on app_public.locations;
drop trigger if exists _700_layout_version_update on app_public.zones;
drop trigger if exists _700_layout_version on app_public.facilities;
drop function if exists app_private.tg_locations__bump_layout_version();
drop function if exists app_private.tg_zones__bump_layout_version();
drop function if exists app_private.tg_facilities__layout_version();
drop table if exists app_private.facility_layout_versions;
alter table app_public.putaway_recommendations drop column if exists batch_id;
alter table app_public.putaway_recommendations drop column if exists processing_time_ms;
alter table app_public.putaway_recommendations drop column if exists factors;
alter table app_public.putaway_recommendations drop column if exists inventory_transaction_id;

--! split: 0210-recommendation-columns.sql
/*
 * What the engine knew when it recommended: the batch, how long it took, and the factor scores of the chosen
 * location (the confidence model learns from them). The PUTAWAY transaction a confirmation recorded.
 */
alter table app_public.putaway_recommendations
  add column batch_id uuid,
  add column processing_time_ms numeric(10,3),
  add column factors jsonb not null default '{}',
  add column inventory_transaction_id uuid;
comment on column app_public.putaway_recommendations.batch_id is E'The request that produced this recommendation.';
comment on column app_public.putaway_recommendations.processing_time_ms is E'How long the engine took for the whole batch, in milliseconds.';
comment on column app_public.putaway_recommendations.factors is
  E'Scores (0 to 1) of the chosen location per factor: velocity, consolidation, affinity, congestion, utilization, expiry.';
comment on column app_public.putaway_recommendations.inventory_transaction_id is
  E'The PUTAWAY transaction recorded when the recommendation was accepted or overridden.';
create index putaway_recommendations_batch_idx on app_public.putaway_recommendations (tenant_id, batch_id);

--! split: 0220-layout-versions.sql
/*
 * The engine caches a facility's layout (locations, zones, dimensions) in-process. Every change to it bumps
 * the facility's layout version, which the engine reads with every request: a changed version reloads the
 * cache, so a cached layout is never used after a change has committed. Statement-level triggers, so that a
 * bulk load bumps once.
 */
create table app_private.facility_layout_versions (
  tenant_id uuid not null,
  facility_id uuid not null,
  version bigint not null default 1,
  constraint facility_layout_versions_pkey primary key (tenant_id, facility_id),
  constraint facility_layout_versions_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
comment on table app_private.facility_layout_versions is
  E'Bumped on every change to a facility''s locations or zones; the engine''s layout cache compares it.';
insert into app_private.facility_layout_versions (tenant_id, facility_id)
  select tenant_id, facility_id from app_public.facilities
  on conflict do nothing;

create function app_private.tg_facilities__layout_version() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  insert into app_private.facility_layout_versions (tenant_id, facility_id) values (new.tenant_id, new.facility_id);
  return null;
end;
$$;
create trigger _700_layout_version after insert on app_public.facilities
  for each row execute function app_private.tg_facilities__layout_version();

create function app_private.tg_locations__bump_layout_version() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  update app_private.facility_layout_versions v
     set version = v.version + 1
    from (select distinct tenant_id, facility_id from changed_rows) c
   where v.tenant_id = c.tenant_id and v.facility_id = c.facility_id;
  return null;
end;
$$;
comment on function app_private.tg_locations__bump_layout_version() is
  E'Trigger: bumps the layout version of every facility whose locations (or zones) a statement changed.';
create trigger _700_layout_version_insert after insert on app_public.locations
  referencing new table as changed_rows
  for each statement execute function app_private.tg_locations__bump_layout_version();
create trigger _700_layout_version_update after update on app_public.locations
  referencing new table as changed_rows
  for each statement execute function app_private.tg_locations__bump_layout_version();
create trigger _700_layout_version_update after update on app_public.zones
  referencing new table as changed_rows
  for each statement execute function app_private.tg_locations__bump_layout_version();

--! split: 0230-occupancy.sql
/*
 * Exact occupancy of every location, kept in the same transaction as each stock change and each
 * recommendation: cubic feet and weight on hand (from lots and the materials' unit sizes) and held by
 * PENDING recommendations. Amounts are kept at the precision the engine plans with (cubic feet to 4 decimals,
 * pounds to 3), so that the engine and this table agree to the last unit.
 *
 * The capacity invariant lives here: a change that increases a location's usage beyond max_cubic_feet or
 * max_weight_lbs is refused with SQLSTATE CAPAC. The row lock taken by the update serializes concurrent
 * changes of one location, so the check is exact however many requests run at once. Corrections of master
 * data (a material's unit size) are applied without the check; the data-quality audit reports what they
 * over-fill.
 *
 * Each change bumps the row's version and records the writing transaction, so that the engine's cache can
 * fetch exactly the rows that changed since its last read.
 */
create table app_private.location_occupancy (
  tenant_id uuid not null,
  location_id uuid not null,
  facility_id uuid not null,
  cubic_feet_on_hand numeric not null default 0,
  weight_lbs_on_hand numeric not null default 0,
  cubic_feet_reserved numeric not null default 0,
  weight_lbs_reserved numeric not null default 0,
  version bigint not null default 1,
  changed_xid xid8 not null default pg_current_xact_id(),
  changed_at timestamptz not null default now(),
  constraint location_occupancy_pkey primary key (tenant_id, location_id),
  constraint location_occupancy_location_fkey foreign key (tenant_id, facility_id, location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete cascade
);
create index location_occupancy_changed_idx on app_private.location_occupancy (tenant_id, facility_id, changed_xid);
comment on table app_private.location_occupancy is
  E'Cubic feet and weight on hand and reserved per location, maintained by triggers; enforces capacity.';

/* Recomputes every occupancy row from the base tables: for repairs and for checks. */
create function app_private.rebuild_location_occupancy(p_tenant_id uuid default null) returns bigint
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  with usage as (
    select l.tenant_id, l.location_id, l.facility_id,
           coalesce(s.cubic, 0) as cubic_on_hand, coalesce(s.weight, 0) as weight_on_hand,
           coalesce(r.cubic, 0) as cubic_reserved, coalesce(r.weight, 0) as weight_reserved
      from app_public.locations l
      left join lateral (
        select sum(round(lot.quantity_on_hand * coalesce(m.unit_cubic_feet, 0), 4)) as cubic,
               sum(round(lot.quantity_on_hand * coalesce(m.unit_weight_lbs, 0), 3)) as weight
          from app_public.lots lot
          join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
         where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id
      ) s on true
      left join lateral (
        select sum(p.cubic_feet) as cubic, sum(p.weight_lbs) as weight
          from app_public.putaway_recommendations p
         where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING'
      ) r on true
     where p_tenant_id is null or l.tenant_id = p_tenant_id
  ), written as (
    insert into app_private.location_occupancy as o
      (tenant_id, location_id, facility_id, cubic_feet_on_hand, weight_lbs_on_hand, cubic_feet_reserved,
       weight_lbs_reserved)
    select * from usage
    on conflict (tenant_id, location_id) do update
      set cubic_feet_on_hand = excluded.cubic_feet_on_hand, weight_lbs_on_hand = excluded.weight_lbs_on_hand,
          cubic_feet_reserved = excluded.cubic_feet_reserved, weight_lbs_reserved = excluded.weight_lbs_reserved,
          version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
      where (o.cubic_feet_on_hand, o.weight_lbs_on_hand, o.cubic_feet_reserved, o.weight_lbs_reserved)
            is distinct from (excluded.cubic_feet_on_hand, excluded.weight_lbs_on_hand,
                              excluded.cubic_feet_reserved, excluded.weight_lbs_reserved)
    returning 1
  )
  select count(*) from written;
$$;
comment on function app_private.rebuild_location_occupancy(uuid) is
  E'Recomputes location occupancy from lots and PENDING recommendations (one tenant, or all); returns the rows it changed.';

/*
 * Adds signed amounts to a location's occupancy. With p_enforce, a change that increases cubic feet or
 * weight beyond the location's capacity raises CAPAC (the detail names the amounts).
 */
create function app_private.change_location_usage(
  p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric,
  p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_cubic numeric;
  v_weight numeric;
  v_max_cubic numeric;
  v_max_weight numeric;
  v_code text;
begin
  if p_cubic_on_hand = 0 and p_weight_on_hand = 0 and p_cubic_reserved = 0 and p_weight_reserved = 0 then
    return;
  end if;
  update app_private.location_occupancy o
     set cubic_feet_on_hand = o.cubic_feet_on_hand + p_cubic_on_hand,
         weight_lbs_on_hand = o.weight_lbs_on_hand + p_weight_on_hand,
         cubic_feet_reserved = o.cubic_feet_reserved + p_cubic_reserved,
         weight_lbs_reserved = o.weight_lbs_reserved + p_weight_reserved,
         version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
   where o.tenant_id = p_tenant_id and o.location_id = p_location_id
  returning o.cubic_feet_on_hand + o.cubic_feet_reserved, o.weight_lbs_on_hand + o.weight_lbs_reserved
    into v_cubic, v_weight;
  if not found or not p_enforce then
    return;
  end if;
  if p_cubic_on_hand + p_cubic_reserved > 0 or p_weight_on_hand + p_weight_reserved > 0 then
    select l.max_cubic_feet, l.max_weight_lbs, l.code into v_max_cubic, v_max_weight, v_code
      from app_public.locations l where l.tenant_id = p_tenant_id and l.location_id = p_location_id;
    if (p_cubic_on_hand + p_cubic_reserved > 0 and v_cubic > v_max_cubic)
       or (p_weight_on_hand + p_weight_reserved > 0 and v_weight > v_max_weight) then
      raise exception 'Location % would be over capacity: % of % cubic feet, % of % lb', v_code,
        round(v_cubic, 4), v_max_cubic, round(v_weight, 3), v_max_weight
        using errcode = 'CAPAC',
              detail = json_build_object('locationId', p_location_id, 'locationCode', v_code,
                                         'cubicFeet', v_cubic, 'maxCubicFeet', v_max_cubic,
                                         'weightLbs', v_weight, 'maxWeightLbs', v_max_weight)::text;
    end if;
  end if;
end;
$$;
comment on function app_private.change_location_usage(uuid, uuid, numeric, numeric, numeric, numeric, boolean) is
  E'Adds amounts to a location''s occupancy; with p_enforce, raises CAPAC when an increase exceeds capacity.';

create function app_private.tg_locations__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  insert into app_private.location_occupancy (tenant_id, location_id, facility_id)
    values (new.tenant_id, new.location_id, new.facility_id);
  return null;
end;
$$;
create trigger _600_occupancy after insert on app_public.locations
  for each row execute function app_private.tg_locations__occupancy();

create function app_private.tg_lots__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_unit_cubic numeric;
  v_unit_weight numeric;
  v_old numeric := case when tg_op = 'INSERT' then 0 else old.quantity_on_hand end;
  v_new numeric := case when tg_op = 'DELETE' then 0 else new.quantity_on_hand end;
  v_row app_public.lots := case when tg_op = 'DELETE' then old else new end;
begin
  select coalesce(m.unit_cubic_feet, 0), coalesce(m.unit_weight_lbs, 0) into v_unit_cubic, v_unit_weight
    from app_public.materials m where m.tenant_id = v_row.tenant_id and m.material_id = v_row.material_id;
  if tg_op = 'UPDATE' and old.location_id is distinct from new.location_id then
    raise exception 'A lot cannot change location; record a MOVE transaction instead' using errcode = 'INVAL';
  end if;
  perform app_private.change_location_usage(v_row.tenant_id, v_row.location_id,
    round(v_new * v_unit_cubic, 4) - round(v_old * v_unit_cubic, 4),
    round(v_new * v_unit_weight, 3) - round(v_old * v_unit_weight, 3), 0, 0, true);
  return null;
end;
$$;
create trigger _600_occupancy after insert or delete or update of quantity_on_hand, location_id on app_public.lots
  for each row execute function app_private.tg_lots__occupancy();

create function app_private.tg_materials__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_lot record;
begin
  for v_lot in
    select tenant_id, location_id, sum(quantity_on_hand) as quantity from app_public.lots
     where tenant_id = new.tenant_id and material_id = new.material_id and quantity_on_hand > 0
     group by tenant_id, location_id
  loop
    perform app_private.change_location_usage(v_lot.tenant_id, v_lot.location_id,
      round(v_lot.quantity * coalesce(new.unit_cubic_feet, 0), 4) - round(v_lot.quantity * coalesce(old.unit_cubic_feet, 0), 4),
      round(v_lot.quantity * coalesce(new.unit_weight_lbs, 0), 3) - round(v_lot.quantity * coalesce(old.unit_weight_lbs, 0), 3),
      0, 0, false);
  end loop;
  return null;
end;
$$;
create trigger _600_occupancy after update of unit_cubic_feet, unit_weight_lbs on app_public.materials
  for each row when (old.unit_cubic_feet is distinct from new.unit_cubic_feet
                     or old.unit_weight_lbs is distinct from new.unit_weight_lbs)
  execute function app_private.tg_materials__occupancy();

create function app_private.tg_putaway_recommendations__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'PENDING' then
    perform app_private.change_location_usage(old.tenant_id, old.location_id, 0, 0, -old.cubic_feet, -old.weight_lbs, false);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'PENDING' then
    perform app_private.change_location_usage(new.tenant_id, new.location_id, 0, 0, new.cubic_feet, new.weight_lbs, true);
  end if;
  return null;
end;
$$;
create trigger _600_occupancy after insert or delete or update of status, location_id, cubic_feet, weight_lbs
  on app_public.putaway_recommendations
  for each row execute function app_private.tg_putaway_recommendations__occupancy();

select app_private.rebuild_location_occupancy();

--! split: 0240-capacity-validation-failures.sql
/*
 * Every overflow the service refused (a putaway confirmation into a full location) or detected, with the
 * amounts, for the data-quality reports.
 */
create table app_public.capacity_validation_failures (
  tenant_id uuid not null default app_public.current_tenant_id(),
  failure_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  location_id uuid not null,
  recommendation_id uuid,
  material_id uuid,
  quantity numeric(14,3),
  source text not null,
  requested_cubic_feet numeric(14,4) not null,
  requested_weight_lbs numeric(14,3) not null,
  available_cubic_feet numeric(14,4) not null,
  available_weight_lbs numeric(14,3) not null,
  message text not null,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint capacity_validation_failures_pkey primary key (tenant_id, failure_id),
  constraint capacity_validation_failures_location_fkey foreign key (tenant_id, facility_id, location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete cascade,
  constraint capacity_validation_failures_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete cascade,
  constraint chk_capacity_validation_failures_source check (source in ('CONFIRM_PUTAWAY', 'AUDIT'))
);
create index capacity_validation_failures_created_idx
  on app_public.capacity_validation_failures (tenant_id, facility_id, created_at);
create index capacity_validation_failures_location_idx
  on app_public.capacity_validation_failures (tenant_id, location_id);
alter table app_public.capacity_validation_failures enable row level security;
create policy select_own_tenant on app_public.capacity_validation_failures for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.capacity_validation_failures to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.capacity_validation_failures
  for each row execute function app_private.tg__audit_update();
comment on table app_public.capacity_validation_failures is
  E'Overflows that were refused (a putaway confirmation into a location without room) or detected by audits.';
comment on column app_public.capacity_validation_failures.source is E'CONFIRM_PUTAWAY or AUDIT.';
comment on column app_public.capacity_validation_failures.available_cubic_feet is
  E'What the location had left when the overflow was refused (may be negative for detected overflows).';
comment on constraint capacity_validation_failures_pkey on app_public.capacity_validation_failures is
  E'@fieldName capacityValidationFailureById';
comment on constraint capacity_validation_failures_location_fkey on app_public.capacity_validation_failures is
  E'@fieldName location\n@foreignFieldName capacityValidationFailures';
comment on constraint capacity_validation_failures_material_fkey on app_public.capacity_validation_failures is
  E'@fieldName material\n@foreignFieldName capacityValidationFailures';

--! split: 0250-putaway-snapshot.sql
/*
 * What the engine plans from, in one round trip: the facility's layout version (and the layout itself when
 * the caller's cached version differs), the occupancy rows changed since the caller's last read, the master
 * data of the batch's materials and the open outbound demand for them. Security definer with explicit
 * tenant filters: the result is the same for every role of the tenant, so the caller may cache it.
 *
 * Amounts are integers in the engine's units: cubic feet × 10,000 and pounds × 1,000.
 */
create function app_hidden.putaway_layout_json(p_tenant_id uuid, p_facility_id uuid) returns json
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select json_build_object(
    'ids', coalesce(json_agg(l.location_id order by l.pick_sequence, l.code), '[]'),
    'codes', coalesce(json_agg(l.code order by l.pick_sequence, l.code), '[]'),
    'zoneTypes', coalesce(json_agg(z.zone_type order by l.pick_sequence, l.code), '[]'),
    'aisles', coalesce(json_agg(l.aisle order by l.pick_sequence, l.code), '[]'),
    'x', coalesce(json_agg(l.x_ft order by l.pick_sequence, l.code), '[]'),
    'y', coalesce(json_agg(l.y_ft order by l.pick_sequence, l.code), '[]'),
    'pickSequence', coalesce(json_agg(l.pick_sequence order by l.pick_sequence, l.code), '[]'),
    'inner', coalesce(json_agg(json_build_array(l.inner_length_in, l.inner_width_in, l.inner_height_in)
                               order by l.pick_sequence, l.code), '[]'),
    'maxCubic', coalesce(json_agg((l.max_cubic_feet * 10000)::bigint order by l.pick_sequence, l.code), '[]'),
    'maxWeight', coalesce(json_agg((l.max_weight_lbs * 1000)::bigint order by l.pick_sequence, l.code), '[]'),
    'abc', coalesce(json_agg(l.allowed_abc_classes order by l.pick_sequence, l.code), '[]'),
    'temperature', coalesce(json_agg(l.temperature_class order by l.pick_sequence, l.code), '[]'),
    'hazmat', coalesce(json_agg(l.hazmat_allowed order by l.pick_sequence, l.code), '[]'),
    'mixing', coalesce(json_agg(l.mixing_rule order by l.pick_sequence, l.code), '[]'),
    'dock', (select json_build_array(f.dock_x_ft, f.dock_y_ft) from app_public.facilities f
              where f.tenant_id = p_tenant_id and f.facility_id = p_facility_id))
  from app_public.locations l
  join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
  where l.tenant_id = p_tenant_id and l.facility_id = p_facility_id
    and l.deleted_at is null and z.deleted_at is null and l.is_active and not l.is_blocked;
$$;
comment on function app_hidden.putaway_layout_json(uuid, uuid) is
  E'The usable locations of a facility, column by column, in pick-sequence order: the engine''s cached layout.';

create function app_hidden.putaway_snapshot(
  p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval
) returns json
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_version bigint;
  v_reload boolean;
begin
  select v.version into v_version
    from app_private.facility_layout_versions v
    join app_public.facilities f on f.tenant_id = v.tenant_id and f.facility_id = v.facility_id
   where v.tenant_id = v_tenant_id and v.facility_id = p_facility_id and f.deleted_at is null;
  if v_version is null then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  v_reload := p_layout_version is distinct from v_version;
  return json_build_object(
    'layoutVersion', v_version,
    'xmin', pg_snapshot_xmin(pg_current_snapshot())::text,
    'layout', case when v_reload then app_hidden.putaway_layout_json(v_tenant_id, p_facility_id) end,
    'occupancy', (
      select coalesce(json_agg(json_build_array(
               o.location_id, o.version, (o.cubic_feet_on_hand * 10000)::bigint,
               (o.weight_lbs_on_hand * 1000)::bigint, (o.cubic_feet_reserved * 10000)::bigint,
               (o.weight_lbs_reserved * 1000)::bigint,
               (select coalesce(json_agg(json_build_array(x.material_id, x.lot_number, x.expiry_date)), '[]')
                  from (select lot.material_id, lot.lot_number, lot.expiry_date from app_public.lots lot
                         where lot.tenant_id = o.tenant_id and lot.location_id = o.location_id
                           and lot.quantity_on_hand > 0
                        union
                        select p.material_id, coalesce(p.lot_number, ''), null from app_public.putaway_recommendations p
                         where p.tenant_id = o.tenant_id and p.location_id = o.location_id and p.status = 'PENDING') x))),
             '[]')
        from app_private.location_occupancy o
       where o.tenant_id = v_tenant_id and o.facility_id = p_facility_id
         and (v_reload or p_since is null or o.changed_xid >= p_since)),
    'materials', (
      select coalesce(json_agg(json_build_object(
               'id', m.material_id, 'code', m.code, 'dims', json_build_array(m.unit_length_in, m.unit_width_in, m.unit_height_in),
               'unitCubicFeet', m.unit_cubic_feet, 'unitWeightLbs', m.unit_weight_lbs, 'abc', m.abc_class,
               'temperature', m.temperature_requirement, 'hazmat', m.hazmat_class is not null)), '[]')
        from app_public.materials m
       where m.tenant_id = v_tenant_id and m.material_id = any(p_material_ids) and m.deleted_at is null),
    'demand', (
      select coalesce(json_agg(json_build_array(d.material_id, d.quantity, d.due_at)), '[]')
        from (select ol.material_id, sum(ol.quantity) as quantity, min(ol.due_at) as due_at
                from app_public.outbound_order_lines ol
                join app_public.outbound_orders o on o.tenant_id = ol.tenant_id and o.outbound_order_id = ol.outbound_order_id
               where ol.tenant_id = v_tenant_id and o.facility_id = p_facility_id
                 and ol.material_id = any(p_material_ids)
                 and ol.status in ('OPEN', 'ALLOCATED') and o.status in ('OPEN', 'RELEASED')
                 and ol.deleted_at is null and o.deleted_at is null
                 and ol.due_at <= now() + p_cross_dock_horizon
               group by ol.material_id) d)
  );
end;
$$;
comment on function app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval) is
  E'The engine''s input for one request: layout version (and layout when stale), changed occupancy, materials, demand.';

--! split: 0260-reserve-putaway.sql
/*
 * Persists a batch of recommendations as PENDING, which reserves their capacity (the occupancy trigger
 * raises CAPAC when a location has no room left, so a plan made from a stale view fails instead of
 * over-committing). Rows are written in location order so that concurrent batches lock locations in the
 * same order. Locations that stopped being usable since the plan was made raise STALE.
 */
create function app_hidden.reserve_putaway(
  p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid,
  p_processing_time_ms numeric
) returns table (ordinal integer, recommendation_id uuid, expires_at timestamptz)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_stale text;
begin
  if v_tenant_id is null then
    raise exception 'Reserving capacity needs a tenant' using errcode = 'DENY1';
  end if;
  select r.location_id::text into v_stale
    from json_to_recordset(p_rows) as r(location_id uuid)
    left join app_public.locations l
      on l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = r.location_id
     and l.deleted_at is null and l.is_active and not l.is_blocked
   where l.location_id is null
   limit 1;
  if v_stale is not null then
    raise exception 'Location % is no longer available for putaway', v_stale using errcode = 'STALE';
  end if;
  return query
  with input as (
    select *
      from rows from (json_to_recordset(p_rows) as (
        location_id uuid, material_id uuid, quantity numeric, lot_number text, cubic_units bigint,
        weight_units bigint, confidence numeric, reason text, utilization numeric, cross_dock boolean,
        affinity numeric, factors jsonb)) with ordinality as r(
        location_id, material_id, quantity, lot_number, cubic_units, weight_units, confidence, reason,
        utilization, cross_dock, affinity, factors, ord)
  ), numbered as materialized (
    -- Ids first, in the order of insertion, so that each input row knows its recommendation.
    select i.*, public.uuid_generate_v7() as id from input i order by i.location_id, i.ord
  ), inserted as (
    insert into app_public.putaway_recommendations (
      tenant_id, recommendation_id, facility_id, material_id, location_id, quantity, lot_number, cubic_feet,
      weight_lbs, algorithm, confidence_score, reason_code, estimated_utilization, cross_dock_candidate,
      sku_affinity_score, status, expires_at, batch_id, processing_time_ms, factors, created_by, updated_by)
    select v_tenant_id, n.id, p_facility_id, n.material_id, n.location_id, n.quantity, n.lot_number,
           n.cubic_units / 10000.0, n.weight_units / 1000.0, p_algorithm, round(n.confidence, 3), n.reason,
           round(n.utilization, 4), n.cross_dock, round(n.affinity, 3), 'PENDING', now() + p_ttl, p_batch_id,
           p_processing_time_ms, coalesce(n.factors, '{}'), app_public.current_user_id(),
           app_public.current_user_id()
      from numbered n
     order by n.location_id, n.ord
    returning putaway_recommendations.recommendation_id as id, putaway_recommendations.expires_at
  )
  select n.ord::integer, ins.id, ins.expires_at
    from numbered n join inserted ins on ins.id = n.id
   order by n.ord;
end;
$$;
comment on function app_hidden.reserve_putaway(uuid, app_public.putaway_algorithm, json, interval, uuid, numeric) is
  E'Writes a planned batch as PENDING recommendations (reserving capacity); CAPAC or STALE when the plan is out of date.';

--! split: 0270-confirm-putaway.sql
/*
 * The operator's decision on a recommendation. With the recommended location: ACCEPTED; with another:
 * OVERRIDDEN (reason required); with none: REJECTED (reason required). Accepting or overriding records the
 * PUTAWAY transaction and releases the reservation, in one transaction. A location without room for the
 * stock is refused: the refusal is recorded in capacity_validation_failures and the recommendation stays as
 * it was (the function returns outcome REFUSED; the server turns that into an error after the record is
 * committed).
 */
create function app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text)
returns table (
  recommendation_id uuid, outcome text, status app_public.recommendation_status, actual_location_id uuid,
  actual_location_code text, inventory_transaction_id uuid, message text
)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_user_id uuid := app_public.current_user_id();
  v_rec app_public.putaway_recommendations;
  v_location app_public.locations;
  v_material app_public.materials;
  v_occupancy app_private.location_occupancy;
  v_status app_public.recommendation_status;
  v_cubic numeric;
  v_weight numeric;
  v_free_cubic numeric;
  v_free_weight numeric;
  v_transaction_id uuid;
  v_reason text := nullif(btrim(p_reason_code), '');
begin
  if v_tenant_id is null then
    raise exception 'Confirming a putaway needs a tenant' using errcode = 'DENY1';
  end if;
  select * into v_rec from app_public.putaway_recommendations r
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id and r.deleted_at is null
   for update;
  if not found then
    raise exception 'There is no putaway recommendation % in your tenant', p_recommendation_id using errcode = 'NOTFD';
  end if;
  if v_rec.status not in ('PENDING', 'EXPIRED') then
    raise exception 'The recommendation was already decided: %', v_rec.status using errcode = 'DECID';
  end if;

  if p_actual_location_id is null then
    if v_reason is null then
      raise exception 'Rejecting a recommendation needs a reasonCode' using errcode = 'INVAL';
    end if;
    update app_public.putaway_recommendations r
       set status = 'REJECTED', decision_reason_code = v_reason, decided_by = v_user_id, decided_at = now()
     where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
    return query select p_recommendation_id, 'REJECTED', 'REJECTED'::app_public.recommendation_status,
      null::uuid, null::text, null::uuid, 'Recommendation rejected'::text;
    return;
  end if;

  v_status := case when p_actual_location_id = v_rec.location_id then 'ACCEPTED' else 'OVERRIDDEN' end;
  if v_status = 'OVERRIDDEN' and v_reason is null then
    raise exception 'Putting the stock elsewhere than recommended needs a reasonCode' using errcode = 'INVAL';
  end if;
  select * into v_location from app_public.locations l
   where l.tenant_id = v_tenant_id and l.facility_id = v_rec.facility_id and l.location_id = p_actual_location_id
     and l.deleted_at is null;
  if not found then
    raise exception 'There is no location % in the recommendation''s facility', p_actual_location_id using errcode = 'NOTFD';
  end if;
  if not v_location.is_active or v_location.is_blocked then
    raise exception 'Location % is inactive or blocked', v_location.code using errcode = 'INVAL';
  end if;

  -- Room check under the location's occupancy lock: what the stock will occupy against what is free, where
  -- this recommendation's own reservation counts as free.
  select * into v_material from app_public.materials m
   where m.tenant_id = v_tenant_id and m.material_id = v_rec.material_id;
  v_cubic := round(v_rec.quantity * coalesce(v_material.unit_cubic_feet, 0), 4);
  v_weight := round(v_rec.quantity * coalesce(v_material.unit_weight_lbs, 0), 3);
  select * into v_occupancy from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id and o.location_id = p_actual_location_id
   for update;
  v_free_cubic := v_location.max_cubic_feet - v_occupancy.cubic_feet_on_hand - v_occupancy.cubic_feet_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.cubic_feet else 0 end;
  v_free_weight := v_location.max_weight_lbs - v_occupancy.weight_lbs_on_hand - v_occupancy.weight_lbs_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.weight_lbs else 0 end;
  if v_cubic > v_free_cubic or v_weight > v_free_weight then
    insert into app_public.capacity_validation_failures (
      tenant_id, facility_id, location_id, recommendation_id, material_id, quantity, source, requested_cubic_feet,
      requested_weight_lbs, available_cubic_feet, available_weight_lbs, message, created_by, updated_by)
    values (v_tenant_id, v_rec.facility_id, p_actual_location_id, p_recommendation_id, v_rec.material_id,
      v_rec.quantity, 'CONFIRM_PUTAWAY', v_cubic, v_weight, v_free_cubic, v_free_weight,
      format('Location %s has room for %s cubic feet and %s lb; the stock needs %s cubic feet and %s lb',
             v_location.code, round(v_free_cubic, 4), round(v_free_weight, 3), v_cubic, v_weight),
      v_user_id, v_user_id);
    return query select p_recommendation_id, 'REFUSED', v_rec.status, p_actual_location_id, v_location.code,
      null::uuid,
      format('Location %s has no room for this stock: %s of %s cubic feet and %s of %s lb are free',
             v_location.code, greatest(round(v_free_cubic, 4), 0), v_location.max_cubic_feet,
             greatest(round(v_free_weight, 3), 0), v_location.max_weight_lbs);
    return;
  end if;

  -- Release the reservation first, then add the stock, so that accepting never double-counts.
  update app_public.putaway_recommendations r
     set status = v_status, actual_location_id = p_actual_location_id, decision_reason_code = v_reason,
         decided_by = v_user_id, decided_at = now()
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  insert into app_public.inventory_transactions (
    tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, reference, created_by)
  values (v_tenant_id, v_rec.facility_id, 'PUTAWAY', v_rec.material_id, coalesce(v_rec.lot_number, 'NO-LOT'),
    p_actual_location_id, v_rec.quantity, 'putaway-recommendation:' || p_recommendation_id, v_user_id)
  returning inventory_transactions.transaction_id into v_transaction_id;
  update app_public.putaway_recommendations r set inventory_transaction_id = v_transaction_id
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  return query select p_recommendation_id, v_status::text, v_status, p_actual_location_id, v_location.code,
    v_transaction_id, format('Putaway recorded in %s', v_location.code);
end;
$$;
comment on function app_hidden.confirm_putaway(uuid, uuid, text) is
  E'Records the operator''s decision on a recommendation: ACCEPTED, OVERRIDDEN or REJECTED; REFUSED when the location has no room.';
