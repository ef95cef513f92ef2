--! Previous: sha1:77b22b64dc82a4536e945e4ad91524a9b5c73adf
--! Hash: sha1:9cf7025b75ec27e6b3d39c807f5bae1c81d95cef
--! Message: Re-slotting: move tasks that reserve their target room like putaway, stored plans, the planner's input, open move tasks counted wherever reservations are

-- Enter migration here. Keep it idempotent: it runs again on every save.

/*
 * Re-slotting: the engine plans stock moves inside a facility (src/engine/reslot.ts; getReslottingPlan),
 * createReslottingTasks turns a plan into MOVE tasks, confirmMove records each move, and the weekly
 * plan_reslotting task stores plans for supervisors to review.
 *
 * A move task reserves its room at the target location while OPEN, exactly as a PENDING putaway
 * recommendation does (same occupancy columns, same statement trigger shape, same capacity invariant), so
 * that putaway cannot take that room; it counts for the target's mixing rule too. A task whose room or stock
 * only appears once an earlier task of its batch is done (a slower material sent away to make room for a
 * faster one) is created WAITING, holding nothing, and becomes OPEN, reserving its room, when that earlier
 * task is confirmed. OPEN and WAITING tasks expire like putaway reservations (the expiry task, every minute).
 */
drop function if exists app_hidden.reslotting_input(uuid);
drop function if exists app_hidden.create_move_tasks(uuid, json, interval);
drop function if exists app_hidden.confirm_move(uuid);
drop function if exists app_private.promote_waiting_move_tasks(uuid, uuid);
drop function if exists app_private.store_reslotting_plan(uuid, uuid, text, integer, jsonb, jsonb);

do $$
begin
  if to_regtype('app_public.move_task_status') is null then
    create type app_public.move_task_status as enum ('WAITING', 'OPEN', 'DONE', 'CANCELLED', 'EXPIRED');
  end if;
end
$$;
comment on type app_public.move_task_status is
  E'WAITING (its room or stock comes from an earlier task of its batch; holds nothing yet), OPEN (reserves its '
  'room at the target), DONE (the move is recorded), CANCELLED or EXPIRED (released).';

create table if not exists app_public.move_tasks (
  tenant_id uuid not null default app_public.current_tenant_id(),
  move_task_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  batch_id uuid not null,
  sequence integer not null,
  material_id uuid not null,
  lot_number text not null,
  quantity numeric(14,3) not null,
  from_location_id uuid not null,
  to_location_id uuid not null,
  cubic_feet numeric(12,4) not null,
  weight_lbs numeric(12,3) not null,
  reason_code text not null,
  status app_public.move_task_status not null default 'OPEN',
  expires_at timestamptz not null,
  inventory_transaction_id uuid,
  done_by uuid,
  done_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint move_tasks_pkey primary key (tenant_id, move_task_id),
  constraint move_tasks_batch_sequence_key unique (tenant_id, batch_id, sequence),
  constraint move_tasks_from_location_fkey foreign key (tenant_id, facility_id, from_location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint move_tasks_to_location_fkey foreign key (tenant_id, facility_id, to_location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint move_tasks_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete restrict,
  constraint chk_move_tasks_positive_quantity check (quantity > 0 and sequence > 0),
  constraint chk_move_tasks_numbers_not_nan check ('NaN'::numeric not in (quantity, cubic_feet, weight_lbs)),
  constraint chk_move_tasks_room_not_negative check (cubic_feet >= 0 and weight_lbs >= 0),
  constraint chk_move_tasks_two_locations check (from_location_id <> to_location_id),
  constraint chk_move_tasks_reason check (reason_code in ('CONSOLIDATE', 'TRAVEL', 'MAKE_ROOM', 'MANUAL')),
  constraint chk_move_tasks_done check ((status = 'DONE') = (done_at is not null))
);
create index if not exists move_tasks_open_location_idx
  on app_public.move_tasks (tenant_id, to_location_id) where status = 'OPEN';
create index if not exists move_tasks_live_expiry_idx
  on app_public.move_tasks (expires_at) where status in ('OPEN', 'WAITING');
create index if not exists move_tasks_facility_created_idx on app_public.move_tasks (tenant_id, facility_id, created_at);
create index if not exists move_tasks_from_location_idx on app_public.move_tasks (tenant_id, facility_id, from_location_id);
create index if not exists move_tasks_to_location_idx on app_public.move_tasks (tenant_id, facility_id, to_location_id);
create index if not exists move_tasks_material_idx on app_public.move_tasks (tenant_id, material_id);
alter table app_public.move_tasks enable row level security;
drop policy if exists select_own_tenant on app_public.move_tasks;
create policy select_own_tenant on app_public.move_tasks for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.move_tasks to :DATABASE_VISITOR;
drop trigger if exists _100_audit on app_public.move_tasks;
create trigger _100_audit before update on app_public.move_tasks
  for each row execute function app_private.tg__audit_update();

comment on table app_public.move_tasks is
  E'Stock moves inside a facility, made from a re-slotting plan by createReslottingTasks and recorded by '
  'confirmMove. An OPEN task reserves its room at the target like a PENDING putaway recommendation.';
comment on column app_public.move_tasks.batch_id is E'The tasks created together, from one plan.';
comment on column app_public.move_tasks.sequence is E'Position of the move in its plan (1 first).';
comment on column app_public.move_tasks.cubic_feet is E'Volume the moved stock takes, reserved at the target while OPEN.';
comment on column app_public.move_tasks.weight_lbs is E'Weight the moved stock takes, reserved at the target while OPEN.';
comment on column app_public.move_tasks.reason_code is
  E'CONSOLIDATE (empties a position), TRAVEL (a faster mover nearer the dock), MAKE_ROOM (a slower material '
  'sent away to make room for a faster one) or MANUAL.';
comment on column app_public.move_tasks.status is
  E'WAITING, OPEN, DONE, CANCELLED or EXPIRED (see the type).';
comment on column app_public.move_tasks.expires_at is E'When an OPEN or WAITING task lapses and releases its room.';
comment on column app_public.move_tasks.inventory_transaction_id is E'The MOVE transaction confirmMove recorded.';
comment on constraint move_tasks_pkey on app_public.move_tasks is E'@fieldName moveTaskById';
comment on constraint move_tasks_from_location_fkey on app_public.move_tasks is
  E'@fieldName fromLocation\n@foreignFieldName moveTasksFrom';
comment on constraint move_tasks_to_location_fkey on app_public.move_tasks is
  E'@fieldName toLocation\n@foreignFieldName moveTasksTo';
comment on constraint move_tasks_material_fkey on app_public.move_tasks is
  E'@fieldName material\n@foreignFieldName moveTasks';
comment on constraint chk_move_tasks_positive_quantity on app_public.move_tasks is
  E'quantity and sequence must be more than 0.';
comment on constraint chk_move_tasks_numbers_not_nan on app_public.move_tasks is
  E'Numbers must be finite: NaN is not a valid quantity or size.';
comment on constraint chk_move_tasks_room_not_negative on app_public.move_tasks is
  E'cubicFeet and weightLbs must be 0 or more.';
comment on constraint chk_move_tasks_two_locations on app_public.move_tasks is
  E'A move goes from one location to another.';
comment on constraint chk_move_tasks_reason on app_public.move_tasks is
  E'reasonCode is CONSOLIDATE, TRAVEL, MAKE_ROOM or MANUAL.';
comment on constraint chk_move_tasks_done on app_public.move_tasks is E'A DONE task, and only it, has done_at.';

/* OPEN rows hold their cubic_feet and weight_lbs at the target; the net change per location of one statement. */
create or replace function app_private.tg_move_tasks__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenants uuid[];
  v_locations uuid[];
  v_cubic numeric[];
  v_weight numeric[];
begin
  -- Each branch reads only the transition tables its event has.
  if tg_op = 'INSERT' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select n.tenant_id, n.to_location_id as location_id, sum(n.cubic_feet) as cubic, sum(n.weight_lbs) as weight
              from new_rows n where n.status = 'OPEN'
             group by n.tenant_id, n.to_location_id
            having sum(n.cubic_feet) <> 0 or sum(n.weight_lbs) <> 0) d;
  elsif tg_op = 'UPDATE' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select c.tenant_id, c.location_id, sum(c.cubic) as cubic, sum(c.weight) as weight
              from (select o.tenant_id, o.to_location_id as location_id, -o.cubic_feet as cubic, -o.weight_lbs as weight
                      from old_rows o where o.status = 'OPEN'
                    union all
                    select n.tenant_id, n.to_location_id, n.cubic_feet, n.weight_lbs
                      from new_rows n where n.status = 'OPEN') c
             group by c.tenant_id, c.location_id
            having sum(c.cubic) <> 0 or sum(c.weight) <> 0) d;
  else
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select o.tenant_id, o.to_location_id as location_id, -sum(o.cubic_feet) as cubic, -sum(o.weight_lbs) as weight
              from old_rows o where o.status = 'OPEN'
             group by o.tenant_id, o.to_location_id
            having sum(o.cubic_feet) <> 0 or sum(o.weight_lbs) <> 0) d;
  end if;
  if v_locations is not null then
    perform app_private.change_location_reservations(v_tenants, v_locations, v_cubic, v_weight);
  end if;
  return null;
end;
$$;
comment on function app_private.tg_move_tasks__occupancy() is
  E'Trigger: applies the room OPEN move tasks of a statement reserve or release at their targets to occupancy.';
drop trigger if exists _600_occupancy_insert on app_public.move_tasks;
drop trigger if exists _600_occupancy_update on app_public.move_tasks;
drop trigger if exists _600_occupancy_delete on app_public.move_tasks;
create trigger _600_occupancy_insert after insert on app_public.move_tasks
  referencing new table as new_rows
  for each statement execute function app_private.tg_move_tasks__occupancy();
create trigger _600_occupancy_update after update on app_public.move_tasks
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.tg_move_tasks__occupancy();
create trigger _600_occupancy_delete after delete on app_public.move_tasks
  referencing old table as old_rows
  for each statement execute function app_private.tg_move_tasks__occupancy();

/*
 * Open move tasks count wherever open putaway reservations do: the room occupancy is rebuilt from, the mixing
 * rule of their target, the stock a location or zone must not be archived with, and the occupants the engine
 * sees. Same functions as before otherwise.
 */
create or replace function app_private.rebuild_location_occupancy(p_tenant_id uuid default null) returns bigint
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  with usage as (
    select l.tenant_id, l.location_id, l.facility_id,
           coalesce(s.cubic, 0) as cubic_on_hand, coalesce(s.weight, 0) as weight_on_hand,
           coalesce(r.cubic, 0) + coalesce(t.cubic, 0) as cubic_reserved,
           coalesce(r.weight, 0) + coalesce(t.weight, 0) as weight_reserved
      from app_public.locations l
      left join lateral (
        select sum(app_hidden.room_cubic_feet(lot.quantity_on_hand, lot.unit_cubic_feet, m.unit_cubic_feet)) as cubic,
               sum(app_hidden.room_weight_lbs(lot.quantity_on_hand, lot.unit_weight_lbs, m.unit_weight_lbs)) as weight
          from app_public.lots lot
          join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
         where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id
      ) s on true
      left join lateral (
        select sum(p.cubic_feet) as cubic, sum(p.weight_lbs) as weight
          from app_public.putaway_recommendations p
         where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING'
      ) r on true
      left join lateral (
        select sum(t.cubic_feet) as cubic, sum(t.weight_lbs) as weight
          from app_public.move_tasks t
         where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id and t.status = 'OPEN'
      ) t on true
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
  E'Recomputes location occupancy from lots (room by app_hidden.room_cubic_feet / room_weight_lbs), PENDING '
  'recommendations and OPEN move tasks, for one tenant or all; returns the rows it changed.';

create or replace function app_hidden.location_accepts(
  p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text,
  p_count_reservations boolean default true, p_except_recommendation_id uuid default null
) returns text
  language plpgsql stable
as $$
begin
  -- PL/pgSQL rather than SQL: this runs once per stock movement, and PL/pgSQL keeps the plan of its query
  -- where a SQL function that cannot be inlined is planned again on every call.
  return (select case
    when l.location_id is null or m.material_id is null then 'NOT_FOUND'
    when l.temperature_class <> m.temperature_requirement then 'TEMPERATURE'
    when m.hazmat_class is not null and not l.hazmat_allowed then 'HAZMAT'
    -- = any is null, not false, when the array holds a null: a class that is not listed is refused all the same.
    when not coalesce(coalesce(m.abc_class, 'C') = any (l.allowed_abc_classes), false) then 'ABC_CLASS'
    when m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
         and not app_hidden.unit_fits(m.unit_length_in, m.unit_width_in, m.unit_height_in,
                                      l.inner_length_in, l.inner_width_in, l.inner_height_in) then 'DIMENSIONS'
    when l.mixing_rule <> 'ANY' and (
           exists (select from app_public.lots s
                    where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0
                      and (s.material_id <> m.material_id
                           or (l.mixing_rule = 'SINGLE_LOT'
                               and (nullif(p_lot_number, '') is null or s.lot_number <> p_lot_number))))
           or (p_count_reservations and exists (
                 select from app_public.putaway_recommendations r
                  where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING'
                    and r.recommendation_id is distinct from p_except_recommendation_id
                    and (r.material_id <> m.material_id
                         or (l.mixing_rule = 'SINGLE_LOT'
                             and (nullif(p_lot_number, '') is null or nullif(r.lot_number, '') is null
                                  or r.lot_number <> p_lot_number)))))
           or (p_count_reservations and exists (
                 select from app_public.move_tasks t
                  where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id and t.status = 'OPEN'
                    and (t.material_id <> m.material_id
                         or (l.mixing_rule = 'SINGLE_LOT'
                             and (nullif(p_lot_number, '') is null or t.lot_number <> p_lot_number)))))) then 'MIXING'
  end
  from (select) one
  left join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = p_location_id
  left join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = p_material_id);
end;
$$;
comment on function app_hidden.location_accepts(uuid, uuid, uuid, text, boolean, uuid) is
  E'Null when the location may hold the material (and lot); otherwise why not: TEMPERATURE, HAZMAT, ABC_CLASS, '
  'DIMENSIONS, MIXING, or NOT_FOUND for an unknown location or material. The engine''s hard constraints, in SQL. '
  'Reservations (PENDING recommendations, OPEN move tasks) count for mixing unless p_count_reservations is false.';

create or replace function app_private.tg_locations__keep_what_they_hold() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_held app_private.location_occupancy;
begin
  if old.deleted_at is null and new.deleted_at is not null then
    -- Waits for every transaction that is bringing stock or reservations here (they hold FOR KEY SHARE), so
    -- that what follows sees them.
    perform 1 from app_public.locations l where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for update;
  end if;
  select * into v_held from app_private.location_occupancy o
   where o.tenant_id = new.tenant_id and o.location_id = new.location_id
     for update;
  if not found then
    return new;
  end if;
  if old.deleted_at is null and new.deleted_at is not null
     and (v_held.cubic_feet_on_hand + v_held.weight_lbs_on_hand + v_held.cubic_feet_reserved
          + v_held.weight_lbs_reserved > 0
          or exists (select from app_public.lots s
                      where s.tenant_id = new.tenant_id and s.location_id = new.location_id and s.quantity_on_hand > 0)
          or exists (select from app_public.putaway_recommendations r
                      where r.tenant_id = new.tenant_id and r.location_id = new.location_id and r.status = 'PENDING')
          or exists (select from app_public.move_tasks t
                      where t.tenant_id = new.tenant_id and t.status in ('OPEN', 'WAITING')
                        and new.location_id in (t.to_location_id, t.from_location_id)))
  then
    raise exception 'Location % holds stock or reservations (% cubic feet, % lb): empty it before deleting it',
      new.code, round(v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved, 4),
      round(v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved, 3)
      using errcode = 'INUSE';
  end if;
  if (new.max_cubic_feet < old.max_cubic_feet
      and new.max_cubic_feet < v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved)
     or (new.max_weight_lbs < old.max_weight_lbs
         and new.max_weight_lbs < v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved) then
    raise exception 'Location % holds % cubic feet and % lb (stock and reservations): its capacity cannot go below that',
      new.code, round(v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved, 4),
      round(v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved, 3)
      using errcode = 'CAPAC',
            detail = json_build_object('locationId', new.location_id, 'locationCode', new.code,
                                       'cubicFeet', v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved,
                                       'maxCubicFeet', new.max_cubic_feet,
                                       'weightLbs', v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved,
                                       'maxWeightLbs', new.max_weight_lbs)::text;
  end if;
  return new;
end;
$$;

create or replace function app_private.tg_zones_facilities__keep_what_they_hold() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_zone_id uuid;
  v_location text;
begin
  if tg_table_name = 'zones' then
    v_zone_id := new.zone_id;
  end if;
  select l.code into v_location
    from app_public.locations l
   where l.tenant_id = new.tenant_id and l.facility_id = new.facility_id and l.deleted_at is null
     and (v_zone_id is null or l.zone_id = v_zone_id)
     and (exists (select from app_public.lots s
                   where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0)
          or exists (select from app_public.putaway_recommendations r
                      where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING')
          or exists (select from app_public.move_tasks t
                      where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id
                        and t.status in ('OPEN', 'WAITING')))
   limit 1;
  if found then
    raise exception '% % holds stock or reservations (location % among others): empty it before archiving it',
      case tg_table_name when 'zones' then 'Zone' else 'Facility' end, new.code, v_location
      using errcode = 'INUSE';
  end if;
  return new;
end;
$$;

drop function if exists app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval, pg_snapshot);
create function app_hidden.putaway_snapshot(
  p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval,
  p_seen pg_snapshot default null
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
    'snapshot', pg_current_snapshot()::text,
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
                         where p.tenant_id = o.tenant_id and p.location_id = o.location_id and p.status = 'PENDING'
                        union
                        select t.material_id, t.lot_number, null from app_public.move_tasks t
                         where t.tenant_id = o.tenant_id and t.to_location_id = o.location_id and t.status = 'OPEN') x))),
             '[]')
        from app_private.location_occupancy o
       where o.tenant_id = v_tenant_id and o.facility_id = p_facility_id
         and (v_reload or p_since is null
              or (o.changed_xid >= p_since and (p_seen is null or not pg_visible_in_snapshot(o.changed_xid, p_seen))))),
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
comment on function app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval, pg_snapshot) is
  E'The engine''s input for one request: layout version (and layout when stale), occupancy changed since the '
  'caller''s last read (occupants: lots, PENDING recommendations, OPEN move tasks), materials, demand.';

/*
 * The re-slotting planner's input for one facility, as the request's tenant: its usable layout (as putaway
 * sees it), each location's room (stock and open reservations, in the engine's units) and what its open
 * reservations hold, the lots in stock there with the room they take (less what live move tasks take away
 * already), their materials, and each material's pick lines per day: the daily slotting figure
 * (material_slotting) where there is one, else the PICK lines of the last 30 days.
 */
create function app_hidden.reslotting_input(p_facility_id uuid) returns json
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
begin
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = p_facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  return (
    with tasked as (
      -- Stock that live move tasks take away already is not the planner's to move again.
      select t.from_location_id, t.material_id, t.lot_number, sum(t.quantity) as quantity
        from app_public.move_tasks t
       where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id and t.status in ('OPEN', 'WAITING')
       group by t.from_location_id, t.material_id, t.lot_number
    ), free_stock as (
      select lot.location_id, lot.material_id, lot.lot_number, lot.quantity_on_hand - coalesce(k.quantity, 0) as quantity,
             lot.expiry_date, lot.unit_cubic_feet, lot.unit_weight_lbs, m.unit_cubic_feet as master_cubic,
             m.unit_weight_lbs as master_weight
        from app_public.lots lot
        join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
        left join tasked k on k.from_location_id = lot.location_id and k.material_id = lot.material_id
                          and k.lot_number = lot.lot_number
       where lot.tenant_id = v_tenant_id and lot.facility_id = p_facility_id and lot.quantity_on_hand > 0
         and lot.deleted_at is null
    ), stock as materialized (
      select f.location_id, f.material_id, f.lot_number, f.quantity as quantity_on_hand, f.expiry_date,
             (app_hidden.room_cubic_feet(f.quantity, f.unit_cubic_feet, f.master_cubic) * 10000)::bigint as cubic_units,
             (app_hidden.room_weight_lbs(f.quantity, f.unit_weight_lbs, f.master_weight) * 1000)::bigint as weight_units
        from free_stock f
       where f.quantity > 0
    )
    select json_build_object(
      'layout', app_hidden.putaway_layout_json(v_tenant_id, p_facility_id),
      'occupancy', (
        select coalesce(json_agg(json_build_array(
                 o.location_id, ((o.cubic_feet_on_hand + o.cubic_feet_reserved) * 10000)::bigint,
                 ((o.weight_lbs_on_hand + o.weight_lbs_reserved) * 1000)::bigint)), '[]')
          from app_private.location_occupancy o
         where o.tenant_id = v_tenant_id and o.facility_id = p_facility_id),
      'reserved', (
        select coalesce(json_agg(json_build_array(x.location_id, x.material_id, x.lot_number)), '[]')
          from (select p.location_id, p.material_id, coalesce(p.lot_number, '') as lot_number
                  from app_public.putaway_recommendations p
                 where p.tenant_id = v_tenant_id and p.facility_id = p_facility_id and p.status = 'PENDING'
                union
                select t.to_location_id, t.material_id, t.lot_number
                  from app_public.move_tasks t
                 where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id and t.status = 'OPEN') x),
      'lots', (
        select coalesce(json_agg(json_build_array(s.location_id, s.material_id, s.lot_number, s.quantity_on_hand,
                                                  s.cubic_units, s.weight_units, s.expiry_date)
                                 order by s.location_id, s.material_id, s.lot_number), '[]')
          from stock s),
      'materials', (
        -- One key lookup per material in stock.
        select coalesce(json_agg(json_build_object(
                 'id', m.material_id, 'code', m.code,
                 'dims', json_build_array(m.unit_length_in, m.unit_width_in, m.unit_height_in),
                 'unitCubicFeet', m.unit_cubic_feet, 'unitWeightLbs', m.unit_weight_lbs, 'abc', m.abc_class,
                 'temperature', m.temperature_requirement, 'hazmat', m.hazmat_class is not null)), '[]')
          from (select distinct s.material_id from stock s) x
          cross join lateral (select * from app_public.materials m
                               where m.tenant_id = v_tenant_id and m.material_id = x.material_id offset 0) m),
      'picks', (
        select coalesce(json_agg(json_build_array(d.material_id, d.picks_per_day)), '[]')
          from (select coalesce(s.material_id, p.material_id) as material_id,
                       coalesce(s.picks_per_day, p.lines / 30.0) as picks_per_day
                  from (select ms.material_id, ms.picks_per_day from app_private.material_slotting ms
                         where ms.tenant_id = v_tenant_id and ms.facility_id = p_facility_id) s
                  full join (select t.material_id, count(*) as lines from app_public.inventory_transactions t
                              where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id
                                and t.transaction_type = 'PICK' and t.occurred_at > now() - interval '30 days'
                              group by t.material_id) p on p.material_id = s.material_id) d
         where d.picks_per_day > 0)
    )
  );
end;
$$;
comment on function app_hidden.reslotting_input(uuid) is
  E'The re-slotting planner''s input for a facility of the request''s tenant: layout, room, open reservations, lots, '
  'materials, pick lines per day. NOTFD for a facility that does not exist in the tenant.';
/*
 * Turns a plan's moves into tasks, in their order, as one batch (the caller's rows: material_id, lot_number,
 * quantity, from_location_id, to_location_id, reason_code). Each move is checked as it would run after the
 * ones before it in the list: the lot must be at its source in that quantity, counting what live tasks of other
 * batches already take from it (STOCK); the target must be a usable location of the facility whose rules take
 * the stock, mixing judged on what it will hold then (INCMP), with room for it (CAPAC). A move that can run now
 * is OPEN and reserves its room; one that needs earlier moves of the list first (they take stock or another
 * material out of its target, or bring its stock to its source) is WAITING. Supervisors and admins only.
 */
create function app_hidden.create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval)
returns setof app_public.move_tasks
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_batch_id uuid := public.uuid_generate_v7();
  v_move record;
  v_from app_public.locations;
  v_to app_public.locations;
  v_material app_public.materials;
  v_lot app_public.lots;
  v_occupancy app_private.location_occupancy;
  v_cubic numeric;
  v_weight numeric;
  v_free_cubic numeric;
  v_free_weight numeric;
  v_out_cubic numeric;
  v_out_weight numeric;
  v_in_cubic numeric;
  v_in_weight numeric;
  v_unit_cubic numeric;
  v_unit_weight numeric;
  v_stock numeric;
  v_brought numeric;
  v_booked numeric;
  v_mixed_now boolean;
  v_mixed_after boolean;
  v_refusal text;
  v_status app_public.move_task_status;
  v_count integer;
begin
  if v_tenant_id is null then
    raise exception 'Creating move tasks needs a bearer token' using errcode = 'DENY1';
  end if;
  if not app_hidden.current_user_is_supervisor() then
    raise exception 'Creating move tasks needs the role supervisor or admin' using errcode = 'DENY1';
  end if;
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = p_facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  v_count := json_array_length(p_moves);
  if v_count = 0 then
    raise exception 'moves must hold at least one move' using errcode = 'INVAL';
  end if;
  -- One at a time with the facility's putaway reservations (the service takes the same lock to plan a batch),
  -- so that neither is planned from a view the other is changing; then every location of the batch, in key
  -- order, as putaway reservations lock theirs.
  perform pg_advisory_xact_lock(hashtextextended('putaway:' || p_facility_id::text, 0));
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select x.location_id
                             from json_to_recordset(p_moves) as r(from_location_id uuid, to_location_id uuid)
                             cross join lateral (values (r.from_location_id), (r.to_location_id)) as x(location_id))
   order by l.location_id
     for key share;
  for v_move in
    select m.material_id, m.lot_number, m.quantity, m.from_location_id, m.to_location_id,
           coalesce(nullif(btrim(m.reason_code), ''), 'MANUAL') as reason_code, m.ord::integer as sequence
      from rows from (json_to_recordset(p_moves) as (material_id uuid, lot_number text, quantity numeric,
           from_location_id uuid, to_location_id uuid, reason_code text)) with ordinality
           as m(material_id, lot_number, quantity, from_location_id, to_location_id, reason_code, ord)
     order by m.ord
  loop
    if v_move.material_id is null or v_move.lot_number is null or v_move.quantity is null
       or v_move.from_location_id is null or v_move.to_location_id is null then
      raise exception 'Move %: materialId, lotNumber, quantity, fromLocationId and toLocationId are required',
        v_move.sequence using errcode = 'INVAL';
    end if;
    if not (v_move.quantity > 0) or v_move.quantity <> round(v_move.quantity, 3) then
      raise exception 'Move %: quantity must be more than 0, with at most 3 decimals (got %)', v_move.sequence,
        v_move.quantity using errcode = 'INVAL';
    end if;
    if v_move.from_location_id = v_move.to_location_id then
      raise exception 'Move %: fromLocationId and toLocationId are the same location', v_move.sequence
        using errcode = 'INVAL';
    end if;
    if v_move.reason_code not in ('CONSOLIDATE', 'TRAVEL', 'MAKE_ROOM', 'MANUAL') then
      raise exception 'Move %: reasonCode must be CONSOLIDATE, TRAVEL, MAKE_ROOM or MANUAL (got %)', v_move.sequence,
        v_move.reason_code using errcode = 'INVAL';
    end if;
    select * into v_from from app_public.locations l
     where l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = v_move.from_location_id
       and l.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no location % in the facility', v_move.sequence, v_move.from_location_id
        using errcode = 'NOTFD';
    end if;
    select * into v_to from app_public.locations l
     where l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = v_move.to_location_id
       and l.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no location % in the facility', v_move.sequence, v_move.to_location_id
        using errcode = 'NOTFD';
    end if;
    if not v_to.is_active or v_to.is_blocked then
      raise exception 'Move %: location % is inactive or blocked', v_move.sequence, v_to.code using errcode = 'INVAL';
    end if;
    select * into v_material from app_public.materials m
     where m.tenant_id = v_tenant_id and m.material_id = v_move.material_id and m.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no material % in your tenant', v_move.sequence, v_move.material_id
        using errcode = 'NOTFD';
    end if;
    -- The stock: on hand at the source, less what live tasks of other batches take from it, less what earlier
    -- moves of this batch take, plus what they bring.
    select * into v_lot from app_public.lots lot
     where lot.tenant_id = v_tenant_id and lot.location_id = v_move.from_location_id
       and lot.material_id = v_move.material_id and lot.lot_number = v_move.lot_number and lot.deleted_at is null;
    select coalesce(sum(t.quantity) filter (where t.batch_id = v_batch_id and t.from_location_id = v_move.from_location_id), 0),
           coalesce(sum(t.quantity) filter (where t.batch_id = v_batch_id and t.to_location_id = v_move.from_location_id), 0),
           coalesce(sum(t.quantity) filter (where t.batch_id <> v_batch_id and t.from_location_id = v_move.from_location_id
                                              and t.status in ('OPEN', 'WAITING')), 0)
      into v_stock, v_brought, v_booked
      from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.material_id = v_move.material_id and t.lot_number = v_move.lot_number
       and v_move.from_location_id in (t.from_location_id, t.to_location_id);
    if coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock + v_brought < v_move.quantity then
      raise exception 'Move %: location % holds % of lot % of material % for this move, after other move tasks and the moves before it; the move takes %',
        v_move.sequence, v_from.code, greatest(coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock + v_brought, 0),
        v_move.lot_number, v_material.code, v_move.quantity using errcode = 'STOCK';
    end if;
    -- The room the moved units take: their lot's declared unit room (the one an earlier move brings, when the
    -- lot is not there yet), never less than master data says.
    select coalesce(v_lot.unit_cubic_feet, e.unit_cubic, v_material.unit_cubic_feet),
           coalesce(v_lot.unit_weight_lbs, e.unit_weight, v_material.unit_weight_lbs)
      into v_unit_cubic, v_unit_weight
      from (select) one
      left join lateral (
        select t.cubic_feet / t.quantity as unit_cubic, t.weight_lbs / t.quantity as unit_weight
          from app_public.move_tasks t
         where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id and t.to_location_id = v_move.from_location_id
           and t.material_id = v_move.material_id and t.lot_number = v_move.lot_number and v_lot.lot_id is null
         order by t.sequence desc limit 1) e on true;
    v_cubic := app_hidden.room_cubic_feet(v_move.quantity, v_unit_cubic, v_material.unit_cubic_feet);
    v_weight := app_hidden.room_weight_lbs(v_move.quantity, v_unit_weight, v_material.unit_weight_lbs);
    -- The target's rules but mixing, then mixing with what it will hold once the moves before this one have run
    -- (its stock less what they take away, what they bring, open reservations), and with what it holds now.
    v_refusal := app_hidden.location_accepts(v_tenant_id, v_move.to_location_id, v_move.material_id,
                                             v_move.lot_number, false);
    if v_refusal is not null and v_refusal <> 'MIXING' then
      raise exception 'Move %: location % does not accept lot % of material %: %', v_move.sequence, v_to.code,
        v_move.lot_number, v_material.code, v_refusal
        using errcode = 'INCMP', detail = json_build_object('reason', v_refusal)::text;
    end if;
    v_mixed_now := false;
    if v_to.mixing_rule <> 'ANY' then
      with held as (
        select s.material_id, s.lot_number,
               s.quantity_on_hand > coalesce((select sum(t.quantity) from app_public.move_tasks t
                                               where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id
                                                 and t.from_location_id = v_move.to_location_id
                                                 and t.material_id = s.material_id and t.lot_number = s.lot_number), 0)
                 as after, true as now
          from app_public.lots s
         where s.tenant_id = v_tenant_id and s.location_id = v_move.to_location_id and s.quantity_on_hand > 0
        union all
        select t.material_id, t.lot_number, true, t.status = 'OPEN'
          from app_public.move_tasks t
         where t.tenant_id = v_tenant_id and t.to_location_id = v_move.to_location_id
           and (t.batch_id = v_batch_id or t.status = 'OPEN')
        union all
        select r.material_id, coalesce(r.lot_number, ''), true, true
          from app_public.putaway_recommendations r
         where r.tenant_id = v_tenant_id and r.location_id = v_move.to_location_id and r.status = 'PENDING'
      ), clash as (
        select h.after, h.now from held h
         where h.material_id <> v_move.material_id
            or (v_to.mixing_rule = 'SINGLE_LOT'
                and (nullif(v_move.lot_number, '') is null or nullif(h.lot_number, '') is null
                     or h.lot_number <> v_move.lot_number))
      )
      select coalesce(bool_or(c.after), false), coalesce(bool_or(c.now), false) into v_mixed_after, v_mixed_now
        from clash c;
      if v_mixed_after then
        raise exception 'Move %: location % holds % at a time and would hold other stock when this move runs',
          v_move.sequence, v_to.code, case v_to.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end
          using errcode = 'INCMP', detail = json_build_object('reason', 'MIXING')::text;
      end if;
    end if;
    select * into v_occupancy from app_private.location_occupancy o
     where o.tenant_id = v_tenant_id and o.location_id = v_move.to_location_id;
    v_free_cubic := v_to.max_cubic_feet - coalesce(v_occupancy.cubic_feet_on_hand + v_occupancy.cubic_feet_reserved, 0);
    v_free_weight := v_to.max_weight_lbs - coalesce(v_occupancy.weight_lbs_on_hand + v_occupancy.weight_lbs_reserved, 0);
    -- Room earlier moves of the batch take out of the target, and room earlier waiting ones will take in it (open
    -- ones hold theirs already).
    select coalesce(sum(t.cubic_feet) filter (where t.from_location_id = v_move.to_location_id), 0),
           coalesce(sum(t.weight_lbs) filter (where t.from_location_id = v_move.to_location_id), 0),
           coalesce(sum(t.cubic_feet) filter (where t.to_location_id = v_move.to_location_id and t.status = 'WAITING'), 0),
           coalesce(sum(t.weight_lbs) filter (where t.to_location_id = v_move.to_location_id and t.status = 'WAITING'), 0)
      into v_out_cubic, v_out_weight, v_in_cubic, v_in_weight
      from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id
       and v_move.to_location_id in (t.from_location_id, t.to_location_id);
    if v_cubic + v_in_cubic > v_free_cubic + v_out_cubic or v_weight + v_in_weight > v_free_weight + v_out_weight then
      raise exception 'Move %: location % has no room for it when it runs: % of % cubic feet and % of % lb are free now',
        v_move.sequence, v_to.code, greatest(round(v_free_cubic, 4), 0), v_to.max_cubic_feet,
        greatest(round(v_free_weight, 3), 0), v_to.max_weight_lbs
        using errcode = 'CAPAC',
              detail = json_build_object('locationId', v_to.location_id, 'locationCode', v_to.code)::text;
    end if;
    -- OPEN when it can run now, whatever the earlier moves do; WAITING when it needs them.
    v_status := case
      when v_cubic + v_in_cubic <= v_free_cubic and v_weight + v_in_weight <= v_free_weight and not v_mixed_now
           and coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock >= v_move.quantity then 'OPEN'
      else 'WAITING' end;
    return query
    insert into app_public.move_tasks (tenant_id, facility_id, batch_id, sequence, material_id, lot_number, quantity,
      from_location_id, to_location_id, cubic_feet, weight_lbs, reason_code, status, expires_at)
    values (v_tenant_id, p_facility_id, v_batch_id, v_move.sequence, v_move.material_id, v_move.lot_number,
      v_move.quantity, v_move.from_location_id, v_move.to_location_id, v_cubic, v_weight, v_move.reason_code,
      v_status, now() + p_ttl)
    returning *;
  end loop;
end;
$$;
comment on function app_hidden.create_move_tasks(uuid, json, interval) is
  E'Creates one batch of move tasks from a plan''s moves, in order: OPEN (room reserved) or WAITING (for an earlier '
  'move of the batch). STOCK, INCMP, CAPAC, NOTFD or INVAL for the first move that cannot run; nothing is created then.';
/*
 * Opens the WAITING tasks of a batch that can run now, in their order: room at the target (stock and open
 * reservations counted) and the stock at the source. Called when a task of the batch is confirmed.
 */
create function app_private.promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_task app_public.move_tasks;
  v_opened integer := 0;
begin
  for v_task in
    select * from app_public.move_tasks t
     where t.tenant_id = p_tenant_id and t.batch_id = p_batch_id and t.status = 'WAITING' and t.expires_at > now()
     order by t.sequence
       for update
  loop
    if exists (select from app_public.lots lot
                where lot.tenant_id = p_tenant_id and lot.location_id = v_task.from_location_id
                  and lot.material_id = v_task.material_id and lot.lot_number = v_task.lot_number
                  and lot.quantity_on_hand
                      - coalesce((select sum(o.quantity) from app_public.move_tasks o
                                   where o.tenant_id = p_tenant_id and o.status = 'OPEN'
                                     and o.from_location_id = v_task.from_location_id
                                     and o.material_id = v_task.material_id and o.lot_number = v_task.lot_number), 0)
                      >= v_task.quantity)
       and app_hidden.location_accepts(p_tenant_id, v_task.to_location_id, v_task.material_id, v_task.lot_number,
                                       true) is null
    then
      begin
        update app_public.move_tasks t set status = 'OPEN'
         where t.tenant_id = p_tenant_id and t.move_task_id = v_task.move_task_id;
        v_opened := v_opened + 1;
      exception when sqlstate 'CAPAC' then
        null; -- no room yet: it waits for the next task of the batch
      end;
    end if;
  end loop;
  return v_opened;
end;
$$;
comment on function app_private.promote_waiting_move_tasks(uuid, uuid) is
  E'Makes the WAITING move tasks of a batch that can now run OPEN (reserving their room); returns how many.';

/*
 * Records a move: the task must be OPEN (a WAITING one waits for an earlier move of its batch: INVAL), its
 * reservation is released and the MOVE transaction recorded in the same transaction (the stock triggers check
 * the target's rules and room again and lock source and target in key order); then the batch's WAITING tasks
 * that can run are opened. Any signed-in user of the tenant (operators move the stock).
 */
create function app_hidden.confirm_move(p_move_task_id uuid) returns app_public.move_tasks
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_user_id uuid := app_public.current_user_id();
  v_task app_public.move_tasks;
  v_blocking integer;
  v_transaction_id uuid;
begin
  if v_tenant_id is null then
    raise exception 'Confirming a move needs a bearer token' using errcode = 'DENY1';
  end if;
  select * into v_task from app_public.move_tasks t
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id and t.deleted_at is null
     for update;
  if not found then
    raise exception 'There is no move task % in your tenant', p_move_task_id using errcode = 'NOTFD';
  end if;
  if v_task.status in ('DONE', 'CANCELLED', 'EXPIRED') then
    raise exception 'The move task was already closed: %', v_task.status using errcode = 'DECID';
  end if;
  if v_task.expires_at <= now() then
    raise exception 'The move task expired at %', v_task.expires_at using errcode = 'DECID';
  end if;
  if v_task.status = 'WAITING' then
    select min(t.sequence) into v_blocking from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id and t.sequence < v_task.sequence
       and t.status in ('OPEN', 'WAITING');
    if v_blocking is null then
      raise exception 'Move % of its batch cannot run yet: its target''s room or rules, or its stock, are not what the earlier moves were to make them, and none of them is left to do',
        v_task.sequence using errcode = 'INVAL';
    end if;
    raise exception 'Move % of its batch waits for room, room under its target''s rules, or stock from an earlier move (move % first)',
      v_task.sequence, v_blocking using errcode = 'INVAL';
  end if;
  -- Locations first, then their occupancy rows, each in key order, as confirmPutaway and every stock movement
  -- take them: this move's two, and the targets of the batch's waiting tasks this confirmation may open, so
  -- that nothing is locked later out of order.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select v_task.from_location_id union select v_task.to_location_id
                           union select t.to_location_id from app_public.move_tasks t
                                  where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id
                                    and t.status = 'WAITING')
   order by l.location_id
     for no key update;
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id
     and o.location_id in (select v_task.from_location_id union select v_task.to_location_id
                           union select t.to_location_id from app_public.move_tasks t
                                  where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id
                                    and t.status = 'WAITING')
   order by o.location_id
     for update;
  update app_public.move_tasks t
     set status = 'DONE', done_by = v_user_id, done_at = now()
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id;
  insert into app_public.inventory_transactions (
    tenant_id, facility_id, transaction_type, material_id, lot_number, from_location_id, location_id, quantity,
    reference, created_by)
  values (v_tenant_id, v_task.facility_id, 'MOVE', v_task.material_id, v_task.lot_number, v_task.from_location_id,
    v_task.to_location_id, v_task.quantity, 'move-task:' || p_move_task_id, v_user_id)
  returning transaction_id into v_transaction_id;
  update app_public.move_tasks t set inventory_transaction_id = v_transaction_id
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id
  returning * into v_task;
  perform app_private.promote_waiting_move_tasks(v_tenant_id, v_task.batch_id);
  return v_task;
end;
$$;
comment on function app_hidden.confirm_move(uuid) is
  E'Records an OPEN move task as DONE with its MOVE transaction and opens the waiting tasks of its batch that can '
  'now run. NOTFD, DECID (closed or expired), INVAL (waiting), STOCK, CAPAC or INCMP (the stock triggers).';
/*
 * Re-slotting plans stored by the weekly plan_reslotting task, one per facility and objective each run, for
 * supervisors to review (allReslottingPlans); turn one into tasks with createReslottingTasks.
 */
do $$
begin
  if to_regtype('app_public.reslotting_objective') is null then
    create type app_public.reslotting_objective as enum ('TRAVEL', 'CONSOLIDATE', 'BALANCED');
  end if;
end
$$;
comment on type app_public.reslotting_objective is
  E'TRAVEL (fast movers per cube nearer the dock), CONSOLIDATE (free as many positions as possible) or BALANCED '
  '(half the moves each, consolidation first).';

create table if not exists app_public.reslotting_plans (
  tenant_id uuid not null default app_public.current_tenant_id(),
  reslotting_plan_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  objective app_public.reslotting_objective not null,
  max_moves integer,
  moves jsonb not null,
  summary jsonb not null,
  planned_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint reslotting_plans_pkey primary key (tenant_id, reslotting_plan_id),
  constraint reslotting_plans_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_reslotting_plans_max_moves check (max_moves is null or max_moves >= 0),
  constraint chk_reslotting_plans_shape check (jsonb_typeof(moves) = 'array' and jsonb_typeof(summary) = 'object')
);
create index if not exists reslotting_plans_facility_idx
  on app_public.reslotting_plans (tenant_id, facility_id, objective, planned_at);
alter table app_public.reslotting_plans enable row level security;
drop policy if exists select_own_tenant on app_public.reslotting_plans;
create policy select_own_tenant on app_public.reslotting_plans for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.reslotting_plans to :DATABASE_VISITOR;
drop trigger if exists _100_audit on app_public.reslotting_plans;
create trigger _100_audit before update on app_public.reslotting_plans
  for each row execute function app_private.tg__audit_update();
comment on table app_public.reslotting_plans is
  E'Re-slotting plans the weekly plan_reslotting task made for each facility and objective, for review: the moves '
  'as getReslottingPlan returns them, and its summary.';
comment on column app_public.reslotting_plans.max_moves is E'The move limit the plan was made with; null for none.';
comment on column app_public.reslotting_plans.moves is
  E'The moves in order: sequence, materialId, lotNumber, quantity, fromLocationId, toLocationId, reasonCode.';
comment on column app_public.reslotting_plans.summary is
  E'moves, positionsOccupied, positionsFreed, positionsLowerBound, travelPerPickBefore, travelPerPickAfter (feet, '
  'out and back), estimatedLaborMinutes.';
comment on column app_public.reslotting_plans.planned_at is E'When the plan was made (from the stock of that moment).';
comment on constraint reslotting_plans_pkey on app_public.reslotting_plans is E'@fieldName reslottingPlanById';
comment on constraint reslotting_plans_facility_fkey on app_public.reslotting_plans is
  E'@fieldName facility\n@foreignFieldName reslottingPlans';
comment on constraint chk_reslotting_plans_max_moves on app_public.reslotting_plans is E'maxMoves is 0 or more.';
comment on constraint chk_reslotting_plans_shape on app_public.reslotting_plans is
  E'moves is a JSON array and summary a JSON object.';

/*
 * Scrape-time figures for Prometheus, now with each facility's latest stored plans: positions a CONSOLIDATE plan
 * frees, and the cut in travel per pick line a TRAVEL plan makes, in percent. Same function otherwise.
 */
create or replace function app_hidden.optimization_metrics() returns json
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_queue json;
begin
  if to_regclass('graphile_worker.jobs') is not null then
    execute 'select coalesce(json_agg(json_build_array(task_identifier, queued)), ''[]'')
               from (select task_identifier, count(*) as queued from graphile_worker.jobs
                      where locked_at is null and attempts < max_attempts group by task_identifier) q'
      into v_queue;
  end if;
  return json_build_object(
    'cacheAges', (
      select coalesce(json_agg(json_build_array(f.tenant_id, f.facility_id,
                                                extract(epoch from now() - coalesce(r.refreshed_at, f.created_at)))), '[]')
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'models', (
      select coalesce(json_agg(json_build_array(w.model_version, w.accuracy)), '[]')
        from app_public.ml_model_weights w where w.is_active and w.deleted_at is null and w.accuracy is not null),
    'acceptance', (
      -- Per facility, so that each reads its own range of (tenant_id, facility_id, created_at).
      select coalesce(json_agg(json_build_array(f.facility_id, a.rate)), '[]')
        from app_public.facilities f
        cross join lateral (
          select 100 * avg((r.status = 'ACCEPTED')::integer) as rate
            from app_public.putaway_recommendations r
           where r.tenant_id = f.tenant_id and r.facility_id = f.facility_id and r.created_at > now() - interval '24 hours'
             and r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED') and r.deleted_at is null
        ) a
       where f.deleted_at is null and a.rate is not null),
    'reslotting', (
      select coalesce(json_agg(json_build_array(f.tenant_id, f.facility_id, c.freed, t.saving)), '[]')
        from app_public.facilities f
        left join lateral (
          select (p.summary ->> 'positionsFreed')::numeric as freed
            from app_public.reslotting_plans p
           where p.tenant_id = f.tenant_id and p.facility_id = f.facility_id and p.objective = 'CONSOLIDATE'
             and p.deleted_at is null
           order by p.planned_at desc limit 1) c on true
        left join lateral (
          select case when (p.summary ->> 'travelPerPickBefore')::numeric > 0
                      then 100 * (1 - (p.summary ->> 'travelPerPickAfter')::numeric
                                       / (p.summary ->> 'travelPerPickBefore')::numeric) end as saving
            from app_public.reslotting_plans p
           where p.tenant_id = f.tenant_id and p.facility_id = f.facility_id and p.objective = 'TRAVEL'
             and p.deleted_at is null
           order by p.planned_at desc limit 1) t on true
       where f.deleted_at is null and (c.freed is not null or t.saving is not null)),
    'queue', coalesce(v_queue, '[]'::json)
  );
end;
$$;
comment on function app_hidden.optimization_metrics() is
  E'Scrape-time figures for Prometheus: cache ages, active model accuracies, 24-hour acceptance rates, the latest '
  're-slotting plans'' positions freeable and travel saving, queue depth.';

/* The expiry task releases move tasks too: OPEN and WAITING ones past their time. */
create or replace function app_private.expire_move_tasks(p_limit integer) returns integer
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  with expired as (
    update app_public.move_tasks t
       set status = 'EXPIRED'
     where (t.tenant_id, t.move_task_id) in (
             select tenant_id, move_task_id from app_public.move_tasks
              where status in ('OPEN', 'WAITING') and expires_at <= now()
              limit p_limit
                for update skip locked)
    returning 1
  )
  select count(*)::integer from expired;
$$;
comment on function app_private.expire_move_tasks(integer) is
  E'Marks up to p_limit OPEN or WAITING move tasks past expires_at EXPIRED (releasing their room); returns how many.';

/* Stores a plan for one facility (the plan_reslotting task, as the owner). */
create function app_private.store_reslotting_plan(
  p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb
) returns uuid
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  insert into app_public.reslotting_plans (tenant_id, facility_id, objective, max_moves, moves, summary, created_by, updated_by)
  values (p_tenant_id, p_facility_id, p_objective::app_public.reslotting_objective, p_max_moves, p_moves, p_summary,
          null, null)
  returning reslotting_plan_id;
$$;
comment on function app_private.store_reslotting_plan(uuid, uuid, text, integer, jsonb, jsonb) is
  E'Stores one re-slotting plan of a facility; returns its id.';
