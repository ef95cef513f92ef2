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

--! split: 0520-putaway-room.sql
/*
 * The room stock takes, one rule wherever it is counted (reservations, confirmations, the lots' occupancy
 * trigger, master-data corrections, rebuild_location_occupancy and the audit): the quantity times the larger
 * of the unit room declared for the stock and the material's master data, rounded to the engine's precision
 * (cubic feet to 4 decimals, pounds to 3). Master data is the floor: a declared size below it never counts,
 * a declared size above it is kept. With neither, stock takes no room (the audit reports the missing data).
 *
 * Lots and inventory transactions carry the declared unit room (null: master data's). A putaway
 * confirmation records the room its recommendation reserved; a move carries the source lot's; a lot that
 * receives units of another size keeps the quantity-weighted mean, so that its room stays the sum of what
 * came in.
 */
drop trigger if exists _600_occupancy on app_public.lots;
drop trigger if exists _600_occupancy on app_public.materials;
drop function if exists app_private.apply_stock_change(uuid, uuid, uuid, uuid, text, numeric, date, timestamptz,
  numeric, numeric);
drop function if exists app_private.apply_stock_change(uuid, uuid, uuid, uuid, text, numeric, date, timestamptz);
drop function if exists app_private.merged_unit_room(numeric, numeric, numeric, numeric, numeric);
drop function if exists app_hidden.room_weight_lbs(numeric, numeric, numeric);
drop function if exists app_hidden.room_cubic_feet(numeric, numeric, numeric);

alter table app_public.lots
  add column if not exists unit_cubic_feet numeric,
  add column if not exists unit_weight_lbs numeric;
alter table app_public.lots drop constraint if exists chk_lots_unit_room_positive;
alter table app_public.lots add constraint chk_lots_unit_room_positive
  check (unit_cubic_feet > 0 and unit_cubic_feet <> 'NaN' and unit_weight_lbs > 0 and unit_weight_lbs <> 'NaN');
comment on column app_public.lots.unit_cubic_feet is
  E'Cubic feet one unit of this lot takes when more than master data says (a declared size); null: master data''s.';
comment on column app_public.lots.unit_weight_lbs is
  E'Pounds one unit of this lot weighs when more than master data says (a declared weight); null: master data''s.';
comment on constraint chk_lots_unit_room_positive on app_public.lots is
  E'A lot''s declared unit size and weight must be greater than 0 when given.';

alter table app_public.inventory_transactions
  add column if not exists unit_cubic_feet numeric,
  add column if not exists unit_weight_lbs numeric;
alter table app_public.inventory_transactions drop constraint if exists chk_inventory_transactions_unit_room;
alter table app_public.inventory_transactions add constraint chk_inventory_transactions_unit_room
  check (unit_cubic_feet >= 0 and unit_cubic_feet <> 'NaN' and unit_weight_lbs >= 0 and unit_weight_lbs <> 'NaN');
comment on column app_public.inventory_transactions.unit_cubic_feet is
  E'Cubic feet one unit takes as declared for this movement (a confirmed putaway records its reservation''s); '
  'null: master data''s. Never counts for less than master data.';
comment on column app_public.inventory_transactions.unit_weight_lbs is
  E'Pounds one unit weighs as declared for this movement; null: master data''s. '
  'Never counts for less than master data.';
comment on constraint chk_inventory_transactions_unit_room on app_public.inventory_transactions is
  E'A declared unit size and weight must not be negative.';

create function app_hidden.room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric,
  p_master_unit_cubic_feet numeric) returns numeric
  language sql immutable parallel safe
as $$
  select round(p_quantity * coalesce(greatest(p_unit_cubic_feet, p_master_unit_cubic_feet), 0), 4);
$$;
comment on function app_hidden.room_cubic_feet(numeric, numeric, numeric) is
  E'Cubic feet p_quantity units take: quantity × the larger of the declared and the master-data unit size '
  '(either may be null; 0 with neither), rounded to 4 decimals. The one rule for reserved and stored room.';

create function app_hidden.room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric,
  p_master_unit_weight_lbs numeric) returns numeric
  language sql immutable parallel safe
as $$
  select round(p_quantity * coalesce(greatest(p_unit_weight_lbs, p_master_unit_weight_lbs), 0), 3);
$$;
comment on function app_hidden.room_weight_lbs(numeric, numeric, numeric) is
  E'Pounds p_quantity units weigh: quantity × the larger of the declared and the master-data unit weight '
  '(either may be null; 0 with neither), rounded to 3 decimals. The one rule for reserved and stored weight.';

/*
 * The unit room a lot keeps after p_added units of unit room p_added_unit join its p_quantity units of
 * p_unit: the quantity-weighted mean of both (each at least master data), or null when that is no more than
 * master data (master data then applies, corrections included).
 */
create function app_private.merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric,
  p_master numeric) returns numeric
  language sql immutable parallel safe
as $$
  select case when x.merged > coalesce(p_master, 0) then x.merged end
    from (select case when greatest(p_quantity, 0) + p_added > 0 then
                   (greatest(p_quantity, 0) * coalesce(greatest(p_unit, p_master), 0)
                    + p_added * coalesce(greatest(p_added_unit, p_master), 0)) / (greatest(p_quantity, 0) + p_added)
                 end as merged) x;
$$;
comment on function app_private.merged_unit_room(numeric, numeric, numeric, numeric, numeric) is
  E'A lot''s declared unit room after units of another size join it: the weighted mean, or null when master data '
  'covers it.';

create function app_private.apply_stock_change(
  p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text,
  p_quantity numeric, p_expiry_date date, p_at timestamptz, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_master_cubic numeric;
  v_master_weight numeric;
begin
  if p_quantity > 0 then
    select m.unit_cubic_feet, m.unit_weight_lbs into v_master_cubic, v_master_weight
      from app_public.materials m where m.tenant_id = p_tenant_id and m.material_id = p_material_id;
    insert into app_public.lots as l
      (tenant_id, facility_id, location_id, material_id, lot_number, quantity_on_hand, expiry_date,
       last_movement_at, unit_cubic_feet, unit_weight_lbs)
    values (p_tenant_id, p_facility_id, p_location_id, p_material_id, p_lot_number, p_quantity, p_expiry_date, p_at,
            app_private.merged_unit_room(0, null, p_quantity, p_unit_cubic_feet, v_master_cubic),
            app_private.merged_unit_room(0, null, p_quantity, p_unit_weight_lbs, v_master_weight))
    on conflict (tenant_id, location_id, material_id, lot_number) do update
      set quantity_on_hand = l.quantity_on_hand + excluded.quantity_on_hand,
          expiry_date = coalesce(l.expiry_date, excluded.expiry_date),
          last_movement_at = greatest(l.last_movement_at, excluded.last_movement_at),
          unit_cubic_feet = app_private.merged_unit_room(l.quantity_on_hand, l.unit_cubic_feet,
                                                         excluded.quantity_on_hand, p_unit_cubic_feet, v_master_cubic),
          unit_weight_lbs = app_private.merged_unit_room(l.quantity_on_hand, l.unit_weight_lbs,
                                                         excluded.quantity_on_hand, p_unit_weight_lbs, v_master_weight),
          deleted_at = null;
    return;
  end if;
  update app_public.lots
     set quantity_on_hand = quantity_on_hand + p_quantity,
         last_movement_at = greatest(last_movement_at, p_at)
   where tenant_id = p_tenant_id and location_id = p_location_id and material_id = p_material_id
     and lot_number = p_lot_number;
  if not found then
    raise exception 'There is no stock of lot % at the location to remove % from', p_lot_number, -p_quantity
      using errcode = 'STOCK';
  end if;
exception when check_violation then
  raise exception 'Not enough stock of lot % at the location to remove %', p_lot_number, -p_quantity
    using errcode = 'STOCK', hint = 'Check quantity_on_hand of the lot at that location.';
end;
$$;
comment on function app_private.apply_stock_change(uuid, uuid, uuid, uuid, text, numeric, date, timestamptz, numeric,
  numeric) is
  E'Adds a signed quantity (of a declared unit room, when given) to a lot at a location, creating the lot when needed; '
  'raises STOCK when it would go negative.';

create or replace function app_private.tg_inventory_transactions__apply_to_lots() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_unit_cubic numeric := new.unit_cubic_feet;
  v_unit_weight numeric := new.unit_weight_lbs;
begin
  if new.from_location_id is not null then
    -- Moved units keep the room they took at the source, unless the movement declares its own.
    select coalesce(new.unit_cubic_feet, l.unit_cubic_feet), coalesce(new.unit_weight_lbs, l.unit_weight_lbs)
      into v_unit_cubic, v_unit_weight
      from app_public.lots l
     where l.tenant_id = new.tenant_id and l.location_id = new.from_location_id and l.material_id = new.material_id
       and l.lot_number = new.lot_number;
    perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.from_location_id,
      new.material_id, new.lot_number, -new.quantity, new.expiry_date, new.occurred_at, null, null);
  end if;
  perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.location_id,
    new.material_id, new.lot_number, new.quantity, new.expiry_date, new.occurred_at, v_unit_cubic, v_unit_weight);
  return null;
end;
$$;

create or replace function app_private.tg_lots__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_master_cubic numeric;
  v_master_weight numeric;
  v_row app_public.lots := case when tg_op = 'DELETE' then old else new end;
  v_cubic numeric := 0;
  v_weight numeric := 0;
begin
  if tg_op = 'UPDATE' and old.location_id is distinct from new.location_id then
    raise exception 'A lot cannot change location; record a MOVE transaction instead' using errcode = 'INVAL';
  end if;
  select m.unit_cubic_feet, m.unit_weight_lbs into v_master_cubic, v_master_weight
    from app_public.materials m where m.tenant_id = v_row.tenant_id and m.material_id = v_row.material_id;
  if tg_op <> 'DELETE' then
    v_cubic := app_hidden.room_cubic_feet(new.quantity_on_hand, new.unit_cubic_feet, v_master_cubic);
    v_weight := app_hidden.room_weight_lbs(new.quantity_on_hand, new.unit_weight_lbs, v_master_weight);
  end if;
  if tg_op <> 'INSERT' then
    v_cubic := v_cubic - app_hidden.room_cubic_feet(old.quantity_on_hand, old.unit_cubic_feet, v_master_cubic);
    v_weight := v_weight - app_hidden.room_weight_lbs(old.quantity_on_hand, old.unit_weight_lbs, v_master_weight);
  end if;
  perform app_private.change_location_usage(v_row.tenant_id, v_row.location_id, v_cubic, v_weight, 0, 0, true);
  return null;
end;
$$;
create trigger _600_occupancy
  after insert or delete or update of quantity_on_hand, location_id, unit_cubic_feet, unit_weight_lbs
  on app_public.lots
  for each row execute function app_private.tg_lots__occupancy();

create or replace function app_private.tg_materials__occupancy() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_change record;
begin
  for v_change in
    select l.tenant_id, l.location_id,
           sum(app_hidden.room_cubic_feet(l.quantity_on_hand, l.unit_cubic_feet, new.unit_cubic_feet)
               - app_hidden.room_cubic_feet(l.quantity_on_hand, l.unit_cubic_feet, old.unit_cubic_feet)) as cubic,
           sum(app_hidden.room_weight_lbs(l.quantity_on_hand, l.unit_weight_lbs, new.unit_weight_lbs)
               - app_hidden.room_weight_lbs(l.quantity_on_hand, l.unit_weight_lbs, old.unit_weight_lbs)) as weight
      from app_public.lots l
     where l.tenant_id = new.tenant_id and l.material_id = new.material_id and l.quantity_on_hand > 0
     group by l.tenant_id, l.location_id
     order by l.tenant_id, l.location_id
  loop
    perform app_private.change_location_usage(v_change.tenant_id, v_change.location_id, v_change.cubic,
      v_change.weight, 0, 0, false);
  end loop;
  return null;
end;
$$;
create trigger _600_occupancy after update of unit_cubic_feet, unit_weight_lbs on app_public.materials
  for each row when (old.unit_cubic_feet is distinct from new.unit_cubic_feet
                     or old.unit_weight_lbs is distinct from new.unit_weight_lbs)
  execute function app_private.tg_materials__occupancy();

create or replace function app_private.rebuild_location_occupancy(p_tenant_id uuid default null) returns bigint
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  with usage as (
    select l.tenant_id, l.location_id, l.facility_id,
           coalesce(s.cubic, 0) as cubic_on_hand, coalesce(s.weight, 0) as weight_on_hand,
           coalesce(r.cubic, 0) as cubic_reserved, coalesce(r.weight, 0) as weight_reserved
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
  E'Recomputes location occupancy from lots (room by app_hidden.room_cubic_feet / room_weight_lbs) and PENDING '
  'recommendations, for one tenant or all; returns the rows it changed.';

--! split: 0525-reservation-occupancy.sql
/*
 * Reservations change occupancy once per statement, not once per row: a batch of recommendations (or the
 * expiry of many) adds up its cubic feet and weight per location, locks those occupancy rows in one order
 * (tenant, location), so that concurrent batches queue instead of deadlocking, updates them in one
 * statement and then checks capacity. The capacity invariant is unchanged: a statement that adds to a
 * location beyond max_cubic_feet or max_weight_lbs raises CAPAC, and the row locks serialize every change.
 */
drop trigger if exists _600_occupancy on app_public.putaway_recommendations;
drop trigger if exists _600_occupancy_insert on app_public.putaway_recommendations;
drop trigger if exists _600_occupancy_update on app_public.putaway_recommendations;
drop trigger if exists _600_occupancy_delete on app_public.putaway_recommendations;
drop function if exists app_private.change_location_reservations(uuid[], uuid[], numeric[], numeric[]);

create function app_private.change_location_reservations(
  p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_over record;
begin
  perform 1
     from app_private.location_occupancy o
     join unnest(p_tenant_ids, p_location_ids) as d(tenant_id, location_id)
       on o.tenant_id = d.tenant_id and o.location_id = d.location_id
    order by o.tenant_id, o.location_id
      for update of o;
  with d as (
    select * from unnest(p_tenant_ids, p_location_ids, p_cubic_feet, p_weight_lbs)
      as d(tenant_id, location_id, cubic_feet, weight_lbs)
  ), changed as (
    update app_private.location_occupancy o
       set cubic_feet_reserved = o.cubic_feet_reserved + d.cubic_feet,
           weight_lbs_reserved = o.weight_lbs_reserved + d.weight_lbs,
           version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
      from d
     where o.tenant_id = d.tenant_id and o.location_id = d.location_id
    returning o.tenant_id, o.location_id, d.cubic_feet as added_cubic, d.weight_lbs as added_weight,
              o.cubic_feet_on_hand + o.cubic_feet_reserved as cubic_feet,
              o.weight_lbs_on_hand + o.weight_lbs_reserved as weight_lbs
  )
  select c.location_id, l.code, c.cubic_feet, l.max_cubic_feet, c.weight_lbs, l.max_weight_lbs into v_over
    from changed c
    join app_public.locations l on l.tenant_id = c.tenant_id and l.location_id = c.location_id
   where (c.added_cubic > 0 and c.cubic_feet > l.max_cubic_feet)
      or (c.added_weight > 0 and c.weight_lbs > l.max_weight_lbs)
   order by c.tenant_id, c.location_id
   limit 1;
  if found then
    raise exception 'Location % would be over capacity: % of % cubic feet, % of % lb', v_over.code,
      round(v_over.cubic_feet, 4), v_over.max_cubic_feet, round(v_over.weight_lbs, 3), v_over.max_weight_lbs
      using errcode = 'CAPAC',
            detail = json_build_object('locationId', v_over.location_id, 'locationCode', v_over.code,
                                       'cubicFeet', v_over.cubic_feet, 'maxCubicFeet', v_over.max_cubic_feet,
                                       'weightLbs', v_over.weight_lbs, 'maxWeightLbs', v_over.max_weight_lbs)::text;
  end if;
end;
$$;
comment on function app_private.change_location_reservations(uuid[], uuid[], numeric[], numeric[]) is
  E'Adds reserved amounts to many locations at once (rows locked in key order); raises CAPAC when an increase '
  'exceeds capacity.';

/* PENDING rows hold their cubic_feet and weight_lbs; the net change per location of one statement is applied. */
create or replace function app_private.tg_putaway_recommendations__occupancy() returns trigger
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
      from (select n.tenant_id, n.location_id, sum(n.cubic_feet) as cubic, sum(n.weight_lbs) as weight
              from new_rows n where n.status = 'PENDING'
             group by n.tenant_id, n.location_id
            having sum(n.cubic_feet) <> 0 or sum(n.weight_lbs) <> 0) d;
  elsif tg_op = 'UPDATE' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select c.tenant_id, c.location_id, sum(c.cubic) as cubic, sum(c.weight) as weight
              from (select o.tenant_id, o.location_id, -o.cubic_feet as cubic, -o.weight_lbs as weight
                      from old_rows o where o.status = 'PENDING'
                    union all
                    select n.tenant_id, n.location_id, n.cubic_feet, n.weight_lbs
                      from new_rows n where n.status = 'PENDING') c
             group by c.tenant_id, c.location_id
            having sum(c.cubic) <> 0 or sum(c.weight) <> 0) d;
  else
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select o.tenant_id, o.location_id, -sum(o.cubic_feet) as cubic, -sum(o.weight_lbs) as weight
              from old_rows o where o.status = 'PENDING'
             group by o.tenant_id, o.location_id
            having sum(o.cubic_feet) <> 0 or sum(o.weight_lbs) <> 0) d;
  end if;
  if v_locations is not null then
    perform app_private.change_location_reservations(v_tenants, v_locations, v_cubic, v_weight);
  end if;
  return null;
end;
$$;
comment on function app_private.tg_putaway_recommendations__occupancy() is
  E'Trigger: applies the reserved cubic feet and weight a statement adds or releases, per location, to occupancy.';
create trigger _600_occupancy_insert after insert on app_public.putaway_recommendations
  referencing new table as new_rows
  for each statement execute function app_private.tg_putaway_recommendations__occupancy();
create trigger _600_occupancy_update after update on app_public.putaway_recommendations
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.tg_putaway_recommendations__occupancy();
create trigger _600_occupancy_delete after delete on app_public.putaway_recommendations
  referencing old table as old_rows
  for each statement execute function app_private.tg_putaway_recommendations__occupancy();

--! split: 0530-location-accepts.sql
/*
 * Compatibility, owned by the database: whether a location may hold a material (and lot). The same rules as
 * the engine's hard constraints (src/engine/plan.ts), checked in this order, the first that fails named:
 *   TEMPERATURE  the location's temperature class is not the material's requirement;
 *   HAZMAT       the material has a hazard class and the location does not allow hazardous materials;
 *   ABC_CLASS    the material's velocity class (C when it has none) is not among the location's allowed ones;
 *   DIMENSIONS   one unit (when all three dimensions are known) fits the inner dimensions in no orientation;
 *   MIXING       a SINGLE_MATERIAL location holds another material, or a SINGLE_LOT location holds another
 *                material, another lot, or stock without a lot number (or the new stock has none).
 * What a location holds: its lots with stock and, unless p_count_reservations is false, its PENDING
 * recommendations (but p_except_recommendation_id, the one being confirmed). Active and blocked are not part of
 * compatibility. Security invoker and set-based: confirm_putaway calls it for one row, the audit for every lot.
 */
drop function if exists app_hidden.location_accepts(uuid, uuid, uuid, text, boolean, uuid);
drop function if exists app_hidden.unit_fits(numeric, numeric, numeric, numeric, numeric, numeric);

create function app_hidden.unit_fits(p_length numeric, p_width numeric, p_height numeric,
  p_inner_length numeric, p_inner_width numeric, p_inner_height numeric) returns boolean
  language sql immutable parallel safe
as $$
  -- Sorted side by side: smallest to smallest, middle to middle, largest to largest.
  select least(p_length, p_width, p_height) <= least(p_inner_length, p_inner_width, p_inner_height)
     and p_length + p_width + p_height - least(p_length, p_width, p_height) - greatest(p_length, p_width, p_height)
         <= p_inner_length + p_inner_width + p_inner_height - least(p_inner_length, p_inner_width, p_inner_height)
            - greatest(p_inner_length, p_inner_width, p_inner_height)
     and greatest(p_length, p_width, p_height) <= greatest(p_inner_length, p_inner_width, p_inner_height);
$$;
comment on function app_hidden.unit_fits(numeric, numeric, numeric, numeric, numeric, numeric) is
  E'Whether a box of the first three dimensions fits inside one of the last three in some orientation.';

create function app_hidden.location_accepts(
  p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text,
  p_count_reservations boolean default true, p_except_recommendation_id uuid default null
) returns text
  language sql stable
as $$
  select case
    when l.location_id is null or m.material_id is null then 'NOT_FOUND'
    when l.temperature_class <> m.temperature_requirement then 'TEMPERATURE'
    when m.hazmat_class is not null and not l.hazmat_allowed then 'HAZMAT'
    when not (coalesce(m.abc_class, 'C') = any (l.allowed_abc_classes)) then 'ABC_CLASS'
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
                                  or r.lot_number <> p_lot_number)))))) then 'MIXING'
  end
  from (select) one
  left join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = p_location_id
  left join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = p_material_id;
$$;
comment on function app_hidden.location_accepts(uuid, uuid, uuid, text, boolean, uuid) is
  E'Null when the location may hold the material (and lot); otherwise why not: TEMPERATURE, HAZMAT, ABC_CLASS, '
  'DIMENSIONS, MIXING, or NOT_FOUND for an unknown location or material. The engine''s hard constraints, in SQL.';

--! split: 0535-reserve-putaway.sql
/*
 * Persists a batch of recommendations as PENDING in one statement, which reserves their room (the statement
 * trigger raises CAPAC when a location has no room left, so a plan made from a stale view fails instead of
 * over-committing). The room reserved is the one rule's (app_hidden.room_cubic_feet / room_weight_lbs): the
 * planned size, never less than master data says for the quantity. Rows are written in location order.
 * Locations that stopped being usable since the plan was made raise STALE; their rows are locked first (FOR
 * KEY SHARE), so that none is deleted before this transaction ends.
 */
create or replace function app_hidden.reserve_putaway(
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
  -- The planned locations' rows are locked FOR KEY SHARE (what the recommendations' foreign key takes anyway),
  -- in key order, before they are checked: a deletion of one of them running at the same time (FOR UPDATE,
  -- 0822) then either waits for this reservation and refuses, or is seen by the check.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select r.location_id from json_to_recordset(p_rows) as r(location_id uuid))
   order by l.location_id
     for key share;
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
           app_hidden.room_cubic_feet(n.quantity, n.cubic_units / 10000.0 / n.quantity, m.unit_cubic_feet),
           app_hidden.room_weight_lbs(n.quantity, n.weight_units / 1000.0 / n.quantity, m.unit_weight_lbs),
           p_algorithm, round(n.confidence, 3), n.reason,
           round(n.utilization, 4), n.cross_dock, round(n.affinity, 3), 'PENDING', now() + p_ttl, p_batch_id,
           p_processing_time_ms, coalesce(n.factors, '{}'), app_public.current_user_id(),
           app_public.current_user_id()
      from numbered n
      -- One index lookup per row (offset 0 keeps the planner from turning it into a join that reads the
      -- tenant's whole catalog).
      left join lateral (select m.unit_cubic_feet, m.unit_weight_lbs from app_public.materials m
                          where m.tenant_id = v_tenant_id and m.material_id = n.material_id offset 0) m on true
     order by n.location_id, n.ord
    returning putaway_recommendations.recommendation_id as id, putaway_recommendations.expires_at
  )
  select n.ord::integer, ins.id, ins.expires_at
    from numbered n join inserted ins on ins.id = n.id
   order by n.ord;
end;
$$;
comment on function app_hidden.reserve_putaway(uuid, app_public.putaway_algorithm, json, interval, uuid, numeric) is
  E'Writes a planned batch as PENDING recommendations (reserving their room, never less than master data says); '
  'CAPAC or STALE when the plan is out of date.';

--! split: 0537-putaway-snapshot.sql
/*
 * The engine's snapshot fetches only the occupancy rows the caller has not seen. Besides the oldest
 * transaction still running at its last read (p_since, a lower bound for the index), the caller may send
 * that whole read snapshot (p_seen): rows whose change was already visible to it are left out. A long
 * transaction anywhere on the server holds the oldest running transaction back, and with p_since alone every
 * row changed since then would be sent again on every request. Same function as migration 000002 otherwise.
 */
drop function if exists app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval, pg_snapshot);
drop function if exists app_hidden.putaway_snapshot(uuid, uuid[], bigint, xid8, interval);

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
                         where p.tenant_id = o.tenant_id and p.location_id = o.location_id and p.status = 'PENDING') x))),
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
  'caller''s last read, materials, demand.';

--! split: 0540-confirm-putaway.sql
/*
 * Confirmations check what the database owns: the location must accept the material and lot
 * (app_hidden.location_accepts) and have room for the stock, whose room is the one its recommendation
 * reserved (never less than master data says). Both are checked under the location's occupancy lock; a
 * refusal of either kind is recorded in capacity_validation_failures with its reason and changes nothing
 * else (outcome INCOMPATIBLE or REFUSED; the server turns it into an error after the record is committed).
 * The PUTAWAY transaction carries the reserved unit room, so the lot keeps counting what was reserved.
 */
alter table app_public.capacity_validation_failures
  add column if not exists reason text not null default 'CAPACITY';
alter table app_public.capacity_validation_failures drop constraint if exists chk_capacity_validation_failures_reason;
alter table app_public.capacity_validation_failures add constraint chk_capacity_validation_failures_reason
  check (reason in ('CAPACITY', 'TEMPERATURE', 'HAZMAT', 'ABC_CLASS', 'DIMENSIONS', 'MIXING'));
comment on column app_public.capacity_validation_failures.reason is
  E'Why the stock was refused: CAPACITY (no room), or the location''s rule it breaks: TEMPERATURE, HAZMAT, '
  'ABC_CLASS, DIMENSIONS or MIXING.';
comment on constraint chk_capacity_validation_failures_reason on app_public.capacity_validation_failures is
  E'reason must be CAPACITY, TEMPERATURE, HAZMAT, ABC_CLASS, DIMENSIONS or MIXING.';
comment on table app_public.capacity_validation_failures is
  E'Putaways that were refused (a confirmation into a location without room, or whose rules the stock breaks) '
  'and overflows detected by audits.';

drop function if exists app_hidden.confirm_putaway(uuid, uuid, text);
create function app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text)
returns table (
  recommendation_id uuid, outcome text, status app_public.recommendation_status, actual_location_id uuid,
  actual_location_code text, inventory_transaction_id uuid, message text, refusal_reason text
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
  v_incompatible text;
  v_message text;
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
      null::uuid, null::text, null::uuid, 'Recommendation rejected'::text, null::text;
    return;
  end if;

  v_status := case when p_actual_location_id = v_rec.location_id then 'ACCEPTED' else 'OVERRIDDEN' end;
  if v_status = 'OVERRIDDEN' and v_reason is null then
    raise exception 'Putting the stock elsewhere than recommended needs a reasonCode' using errcode = 'INVAL';
  end if;
  -- Every writer locks a location's row before its occupancy row; this takes the two locations' rows (where the
  -- stock goes, and the one whose reservation it releases) in key order, as exclusively as the stock trigger
  -- may need, so that a deletion or a capacity change of either waits for this putaway or is seen by it.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id and l.location_id in (p_actual_location_id, v_rec.location_id)
   order by l.location_id
     for no key update;
  select * into v_location from app_public.locations l
   where l.tenant_id = v_tenant_id and l.facility_id = v_rec.facility_id and l.location_id = p_actual_location_id
     and l.deleted_at is null;
  if not found then
    raise exception 'There is no location % in the recommendation''s facility', p_actual_location_id
      using errcode = 'NOTFD';
  end if;
  if not v_location.is_active or v_location.is_blocked then
    raise exception 'Location % is inactive or blocked', v_location.code using errcode = 'INVAL';
  end if;

  -- The room the stock takes: what the recommendation reserved, never less than master data says.
  select * into v_material from app_public.materials m
   where m.tenant_id = v_tenant_id and m.material_id = v_rec.material_id;
  v_cubic := app_hidden.room_cubic_feet(v_rec.quantity, v_rec.cubic_feet / v_rec.quantity, v_material.unit_cubic_feet);
  v_weight := app_hidden.room_weight_lbs(v_rec.quantity, v_rec.weight_lbs / v_rec.quantity, v_material.unit_weight_lbs);
  -- Under the location's occupancy lock, what it holds and has free cannot change until this transaction ends.
  -- The recommended location's row is locked with it, in key order as reservations lock theirs, since releasing
  -- the reservation changes it too. This recommendation's own reservation counts as free, and not as stock the
  -- location holds.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id and o.location_id in (p_actual_location_id, v_rec.location_id)
   order by o.tenant_id, o.location_id
     for update;
  select * into v_occupancy from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id and o.location_id = p_actual_location_id;
  v_free_cubic := v_location.max_cubic_feet - v_occupancy.cubic_feet_on_hand - v_occupancy.cubic_feet_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.cubic_feet else 0 end;
  v_free_weight := v_location.max_weight_lbs - v_occupancy.weight_lbs_on_hand - v_occupancy.weight_lbs_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.weight_lbs else 0 end;
  v_incompatible := app_hidden.location_accepts(v_tenant_id, p_actual_location_id, v_rec.material_id, v_rec.lot_number,
                                                true, p_recommendation_id);
  if v_incompatible is not null or v_cubic > v_free_cubic or v_weight > v_free_weight then
    v_message := case v_incompatible
      when 'TEMPERATURE' then format('Location %s is %s; material %s must be stored %s', v_location.code,
        v_location.temperature_class, v_material.code, v_material.temperature_requirement)
      when 'HAZMAT' then format('Location %s does not allow hazardous materials; material %s is hazard class %s',
        v_location.code, v_material.code, v_material.hazmat_class)
      when 'ABC_CLASS' then format('Location %s holds velocity classes %s; material %s is class %s',
        v_location.code, array_to_string(v_location.allowed_abc_classes, ', '), v_material.code,
        coalesce(v_material.abc_class::text, 'C (none set)'))
      when 'DIMENSIONS' then format(
        'A unit of material %s (%s × %s × %s in) fits location %s (%s × %s × %s in) in no orientation',
        v_material.code, v_material.unit_length_in, v_material.unit_width_in, v_material.unit_height_in,
        v_location.code, v_location.inner_length_in, v_location.inner_width_in, v_location.inner_height_in)
      when 'MIXING' then format('Location %s holds %s at a time and already holds or expects other stock',
        v_location.code, case v_location.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end)
      else format('Location %s has no room for this stock: %s of %s cubic feet and %s of %s lb are free',
             v_location.code, greatest(round(v_free_cubic, 4), 0), v_location.max_cubic_feet,
             greatest(round(v_free_weight, 3), 0), v_location.max_weight_lbs)
    end;
    insert into app_public.capacity_validation_failures (
      tenant_id, facility_id, location_id, recommendation_id, material_id, quantity, source, reason,
      requested_cubic_feet, requested_weight_lbs, available_cubic_feet, available_weight_lbs, message, created_by,
      updated_by)
    values (v_tenant_id, v_rec.facility_id, p_actual_location_id, p_recommendation_id, v_rec.material_id,
      v_rec.quantity, 'CONFIRM_PUTAWAY', coalesce(v_incompatible, 'CAPACITY'), v_cubic, v_weight, v_free_cubic,
      v_free_weight,
      case when v_incompatible is null
        then format('Location %s has room for %s cubic feet and %s lb; the stock needs %s cubic feet and %s lb',
                    v_location.code, round(v_free_cubic, 4), round(v_free_weight, 3), v_cubic, v_weight)
        else v_message end,
      v_user_id, v_user_id);
    return query select p_recommendation_id, case when v_incompatible is null then 'REFUSED' else 'INCOMPATIBLE' end,
      v_rec.status, p_actual_location_id, v_location.code, null::uuid, v_message, coalesce(v_incompatible, 'CAPACITY');
    return;
  end if;

  -- Release the reservation first, then add the stock, so that accepting never double-counts.
  update app_public.putaway_recommendations r
     set status = v_status, actual_location_id = p_actual_location_id, decision_reason_code = v_reason,
         decided_by = v_user_id, decided_at = now()
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  insert into app_public.inventory_transactions (
    tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, reference, created_by,
    unit_cubic_feet, unit_weight_lbs)
  values (v_tenant_id, v_rec.facility_id, 'PUTAWAY', v_rec.material_id, coalesce(v_rec.lot_number, 'NO-LOT'),
    p_actual_location_id, v_rec.quantity, 'putaway-recommendation:' || p_recommendation_id, v_user_id,
    v_rec.cubic_feet / v_rec.quantity, v_rec.weight_lbs / v_rec.quantity)
  returning inventory_transactions.transaction_id into v_transaction_id;
  update app_public.putaway_recommendations r set inventory_transaction_id = v_transaction_id
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  return query select p_recommendation_id, v_status::text, v_status, p_actual_location_id, v_location.code,
    v_transaction_id, format('Putaway recorded in %s', v_location.code), null::text;
end;
$$;
comment on function app_hidden.confirm_putaway(uuid, uuid, text) is
  E'Records the operator''s decision on a recommendation: ACCEPTED, OVERRIDDEN or REJECTED; INCOMPATIBLE when the '
  'location''s rules refuse the stock, REFUSED when it has no room (both recorded in capacity_validation_failures, '
  'refusal_reason says which rule).';

/*
 * The data-quality view counts capacity failures: refusals for lack of room and detected overflows, not
 * compatibility refusals. Same view as migration 000004 otherwise.
 */
drop materialized view if exists app_public.bin_optimization_data_quality;
create materialized view app_public.bin_optimization_data_quality as
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
 where f.deleted_at is null;
create unique index bin_optimization_data_quality_key on app_public.bin_optimization_data_quality (tenant_id, facility_id);
comment on materialized view app_public.bin_optimization_data_quality is
  E'@behavior -*\nData quality per tenant and facility; read it through getDataQualityMetrics.';

--! split: 0545-putaway-idempotency.sql
/*
 * Idempotency keys of the putaway mutations. A client that sends the same key again (a retry after a lost
 * answer) gets the first answer back and nothing is written again; the same key with another request is
 * refused (IDEMP). Keys belong to a tenant and are kept until expires_at (the service keeps them at least as
 * long as a reservation lasts). Claiming a key takes a transaction-scoped advisory lock on it, so a second
 * request with the same key waits for the first to commit (then answers from it) or to roll back (then
 * runs itself): never two writes. The answer is stored in the same transaction as the work it describes.
 */
drop function if exists app_hidden.record_putaway_idempotency(text, text, jsonb, jsonb, interval);
drop function if exists app_hidden.claim_putaway_idempotency(text, text, jsonb);
drop table if exists app_private.putaway_idempotency_keys;

create table app_private.putaway_idempotency_keys (
  tenant_id uuid not null,
  idempotency_key text not null,
  operation text not null,
  request_hash bytea not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint putaway_idempotency_keys_pkey primary key (tenant_id, idempotency_key),
  constraint putaway_idempotency_keys_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade
);
create index putaway_idempotency_keys_expiry_idx on app_private.putaway_idempotency_keys (tenant_id, expires_at);
comment on table app_private.putaway_idempotency_keys is
  E'The first answer to each idempotency key of the putaway mutations, per tenant, until it expires.';
comment on column app_private.putaway_idempotency_keys.request_hash is
  E'SHA-256 of the operation''s input (as jsonb text): the same key with another input is refused.';

create function app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) returns jsonb
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_row app_private.putaway_idempotency_keys;
begin
  if v_tenant_id is null then
    raise exception 'Idempotency keys need a tenant' using errcode = 'DENY1';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('putaway-idempotency:' || v_tenant_id || ':' || p_key, 0));
  select * into v_row from app_private.putaway_idempotency_keys k
   where k.tenant_id = v_tenant_id and k.idempotency_key = p_key and k.expires_at > now();
  if not found then
    return null;
  end if;
  if v_row.operation <> p_operation
     or v_row.request_hash <> sha256(convert_to(p_request::text, 'UTF8')) then
    raise exception 'The idempotency key % was already used for another request (%); use a new key for a new request',
      p_key, v_row.operation using errcode = 'IDEMP';
  end if;
  return v_row.response;
end;
$$;
comment on function app_hidden.claim_putaway_idempotency(text, text, jsonb) is
  E'Locks an idempotency key of the current tenant for this transaction; returns the stored answer when the key was '
  'used for the same request, null when it is new (or expired), raises IDEMP when it was used for another request.';

create function app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb,
  p_keep interval) returns void
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Expired keys of the tenant go first: a key used again after expiry is a new key.
  delete from app_private.putaway_idempotency_keys k
   where k.tenant_id = app_public.current_tenant_id() and k.expires_at <= now();
  insert into app_private.putaway_idempotency_keys (tenant_id, idempotency_key, operation, request_hash, response,
    expires_at)
  values (app_public.current_tenant_id(), p_key, p_operation, sha256(convert_to(p_request::text, 'UTF8')), p_response,
    now() + p_keep);
$$;
comment on function app_hidden.record_putaway_idempotency(text, text, jsonb, jsonb, interval) is
  E'Stores the answer to an idempotency key (claimed first in the same transaction) for p_keep.';

--! split: 0550-audit-incompatible-stock.sql
/*
 * The daily audit also reports stock stored where the location's rules say no (app_hidden.location_accepts,
 * the rule confirmations enforce; reservations do not count here): one INCOMPATIBLE_STOCK finding per lot,
 * naming the rule it breaks. Findings may now be about lots. Same audit as migration 000004 otherwise.
 */
alter table app_public.data_quality_findings drop constraint if exists chk_data_quality_findings_entity_type;
alter table app_public.data_quality_findings add constraint chk_data_quality_findings_entity_type
  check (entity_type in ('MATERIAL', 'LOCATION', 'LOT'));
comment on column app_public.data_quality_findings.entity_type is E'MATERIAL, LOCATION or LOT.';
comment on column app_public.data_quality_findings.code is
  E'MISSING_DIMENSIONS, MISSING_WEIGHT, MISSING_ABC_CLASS, NON_POSITIVE_CAPACITY, CAPACITY_EXCEEDS_DIMENSIONS, '
  'OVER_CAPACITY or INCOMPATIBLE_STOCK.';

create or replace function app_private.run_data_quality_audit(p_tenant_id uuid)
returns table (open_findings integer, new_findings integer, resolved_findings integer, remediations integer)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_started timestamptz := clock_timestamp();
  v_remediations integer := 0;
  v_new integer;
  v_resolved integer;
  v_open integer;
  v_material record;
begin
  -- Safe fixes first: cubic feet follow from complete dimensions.
  if coalesce((select s.auto_remediation_enabled from app_public.data_quality_settings s
                where s.tenant_id = p_tenant_id and s.deleted_at is null), true) then
    for v_material in
      update app_public.materials m
         set unit_cubic_feet = round(m.unit_length_in * m.unit_width_in * m.unit_height_in / 1728.0, 4)
       where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_cubic_feet is null
         and m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
      returning m.material_id, m.code, m.unit_cubic_feet
    loop
      perform app_private.log_remediation(p_tenant_id, null, 'CUBIC_FEET_FROM_DIMENSIONS', 'materials', v_material.material_id,
        'unit_cubic_feet was missing and the dimensions were complete', 'SUCCEEDED',
        jsonb_build_object('code', v_material.code, 'unitCubicFeet', v_material.unit_cubic_feet));
      v_remediations := v_remediations + 1;
    end loop;
  end if;

  create temp table if not exists pg_temp.current_findings (
    facility_id uuid, entity_type text, entity_id uuid, entity_code text, code text, message text
  ) on commit drop;
  truncate pg_temp.current_findings;
  insert into pg_temp.current_findings
    select null::uuid, 'MATERIAL', m.material_id, m.code, 'MISSING_DIMENSIONS',
           format('Material %s has no %s', m.code, concat_ws(', ',
             case when m.unit_length_in is null then 'length' end, case when m.unit_width_in is null then 'width' end,
             case when m.unit_height_in is null then 'height' end, case when m.unit_cubic_feet is null then 'cubic feet' end))
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
       and (m.unit_length_in is null or m.unit_width_in is null or m.unit_height_in is null or m.unit_cubic_feet is null)
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_WEIGHT', format('Material %s has no unit weight', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_weight_lbs is null
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_ABC_CLASS', format('Material %s has no velocity class', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.abc_class is null
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'NON_POSITIVE_CAPACITY',
           format('Location %s has a capacity of %s cubic feet and %s lb', l.code, l.max_cubic_feet, l.max_weight_lbs)
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null and (l.max_cubic_feet <= 0 or l.max_weight_lbs <= 0)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'CAPACITY_EXCEEDS_DIMENSIONS',
           format('Location %s claims %s cubic feet but its inner dimensions hold %s', l.code, l.max_cubic_feet,
                  round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3))
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and l.max_cubic_feet > round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3) * 1.01
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'OVER_CAPACITY',
           format('Location %s holds %s of %s cubic feet and %s of %s lb', l.code, round(o.cubic_feet_on_hand, 4),
                  l.max_cubic_feet, round(o.weight_lbs_on_hand, 3), l.max_weight_lbs)
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)
    union all
    select lot.facility_id, 'LOT', lot.lot_id, concat_ws(' / ', l.code, m.code, lot.lot_number), 'INCOMPATIBLE_STOCK',
           format('Lot %s of %s in %s breaks the location''s rules: %s', lot.lot_number, m.code, l.code, a.reason)
      from app_public.lots lot
      join app_public.locations l on l.tenant_id = lot.tenant_id and l.location_id = lot.location_id
      join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
      cross join lateral (select app_hidden.location_accepts(lot.tenant_id, lot.location_id, lot.material_id,
                                                             lot.lot_number, false) as reason) a
     where lot.tenant_id = p_tenant_id and lot.quantity_on_hand > 0 and lot.deleted_at is null
       and l.deleted_at is null and a.reason is not null;

  -- Detected overflows are capacity failures too, recorded once per open finding.
  insert into app_public.capacity_validation_failures (tenant_id, facility_id, location_id, source, requested_cubic_feet,
      requested_weight_lbs, available_cubic_feet, available_weight_lbs, message)
    select p_tenant_id, c.facility_id, c.entity_id, 'AUDIT', o.cubic_feet_on_hand, o.weight_lbs_on_hand,
           l.max_cubic_feet - o.cubic_feet_on_hand, l.max_weight_lbs - o.weight_lbs_on_hand, c.message
      from pg_temp.current_findings c
      join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = c.entity_id
      join app_private.location_occupancy o on o.tenant_id = p_tenant_id and o.location_id = c.entity_id
     where c.code = 'OVER_CAPACITY'
       and not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.entity_id = c.entity_id and f.code = 'OVER_CAPACITY'
                          and f.status = 'OPEN');

  update app_public.data_quality_findings f
     set status = 'RESOLVED', resolved_at = now()
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and not exists (select from pg_temp.current_findings c
                      where c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code);
  get diagnostics v_resolved = row_count;
  update app_public.data_quality_findings f
     set last_seen_at = now(), message = c.message
    from pg_temp.current_findings c
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code;
  insert into app_public.data_quality_findings (tenant_id, facility_id, entity_type, entity_id, entity_code, code, message)
    select p_tenant_id, c.facility_id, c.entity_type, c.entity_id, c.entity_code, c.code, c.message
      from pg_temp.current_findings c
     where not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.status = 'OPEN' and f.entity_type = c.entity_type
                          and f.entity_id = c.entity_id and f.code = c.code);
  get diagnostics v_new = row_count;
  select count(*) into v_open from app_public.data_quality_findings f where f.tenant_id = p_tenant_id and f.status = 'OPEN';
  insert into app_private.data_quality_audit_runs (tenant_id, started_at, finished_at, open_findings, new_findings,
      resolved_findings, remediations)
    values (p_tenant_id, v_started, clock_timestamp(), v_open, v_new, v_resolved, v_remediations);
  return query select v_open, v_new, v_resolved, v_remediations;
end;
$$;
comment on function app_private.run_data_quality_audit(uuid) is
  E'Runs the data-quality audit of one tenant: safe fixes, then findings opened, kept or resolved. Returns the counts.';

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

--! split: 0580-task-outcomes.sql
/*
 * The outcome of each job that `npm run -s task` queues, written by the worker that ran it (any worker: the
 * command's own, `npm start`'s or the worker Deployment's), so that the command reports what really happened
 * instead of guessing from a job row that graphile-worker deletes on success. The command reads and deletes
 * its row; the daily clean_up_jobs task deletes rows nobody collected.
 */
drop table if exists app_private.task_outcomes;

create table app_private.task_outcomes (
  job_id bigint not null,
  job_key text not null,
  task_identifier text not null,
  succeeded boolean not null,
  error text,
  worker_id text,
  finished_at timestamptz not null default now(),
  constraint task_outcomes_pkey primary key (job_id),
  constraint task_outcomes_error_check check (succeeded = (error is null))
);
comment on table app_private.task_outcomes is
  E'Outcomes of the jobs queued by `npm run -s task` (job keys starting with cli:), written by whichever worker ran '
  'them and read once by the command; clean_up_jobs deletes rows older than a day.';
comment on column app_private.task_outcomes.job_id is E'graphile_worker job id.';
comment on column app_private.task_outcomes.job_key is E'The job key the command gave the job (cli:<task>:<uuid>).';
comment on column app_private.task_outcomes.error is E'The task''s error message; null when it succeeded.';
comment on column app_private.task_outcomes.worker_id is E'The graphile-worker pool that ran the job.';

--! split: 0590-coalesced-utilization-refresh.sql
/*
 * One refresh of bin_utilization_cache serves every facility whose stock moved before it began. The triggers
 * still queue one debounced job per tenant and facility (per-facility job keys, so that stock movements in
 * different facilities never wait on a shared job row), and each job carries the id of the transaction that
 * queued it. Refreshes run one at a time, each recording the snapshot it was taken under; a job whose
 * transaction is visible in the last refresh's snapshot is already served and refreshes nothing. A burst across
 * 200 facilities thus queues 200 jobs but refreshes the view once, where every job used to refresh it whole.
 * Refreshes without a transaction id (the crontab, `npm run -s task`, a DBA's
 * `SELECT scheduled_refresh_bin_utilization()`) always refresh.
 */
drop function if exists app_private.refresh_bin_utilization_after(xid8);
drop table if exists app_private.bin_utilization_refresh_runs;

create table app_private.bin_utilization_refresh_runs (
  refresh_id bigint generated always as identity,
  started_at timestamptz not null,
  duration_ms numeric(12,3) not null,
  snapshot pg_snapshot not null,
  facilities integer not null,
  constraint bin_utilization_refresh_runs_pkey primary key (refresh_id)
);
create index bin_utilization_refresh_runs_started_at on app_private.bin_utilization_refresh_runs (started_at);
comment on table app_private.bin_utilization_refresh_runs is
  E'Every refresh of bin_utilization_cache in the last 7 days: when, how long, the snapshot it saw (which jobs it '
  'served) and the facilities recorded fresh.';
comment on column app_private.bin_utilization_refresh_runs.snapshot is
  E'Taken just before the refresh: transactions visible in it are included in the refreshed figures.';

/*
 * Refreshes run one at a time: each locks the refresh log against other refreshes (not against its readers,
 * nor the view's), then either reports the last refresh, when that already includes p_xid, or refreshes.
 */
create function app_private.refresh_bin_utilization_after(p_xid xid8)
  returns table (refresh_id bigint, refreshed boolean, facilities integer, duration_ms numeric)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_last app_private.bin_utilization_refresh_runs;
  v_snapshot pg_snapshot;
  v_started timestamptz;
  v_facilities integer;
  v_duration numeric(12,3);
begin
  lock table app_private.bin_utilization_refresh_runs in share row exclusive mode;
  if p_xid is not null then
    select * into v_last from app_private.bin_utilization_refresh_runs r order by r.refresh_id desc limit 1;
    if found and pg_catalog.pg_visible_in_snapshot(p_xid, v_last.snapshot) then
      return query select v_last.refresh_id, false, v_last.facilities, v_last.duration_ms;
      return;
    end if;
  end if;
  v_started := clock_timestamp();
  -- A statement of its own, so that REFRESH's snapshot (taken later) sees at least what this one does.
  select pg_catalog.pg_current_snapshot() into v_snapshot;
  refresh materialized view concurrently app_public.bin_utilization_cache;
  v_duration := round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 3);
  insert into app_private.bin_utilization_refreshes (tenant_id, facility_id, refreshed_at, duration_ms)
    select f.tenant_id, f.facility_id, clock_timestamp(), v_duration
      from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
  get diagnostics v_facilities = row_count;
  delete from app_private.bin_utilization_refresh_runs r where r.started_at < now() - interval '7 days';
  return query
    insert into app_private.bin_utilization_refresh_runs as r (started_at, duration_ms, snapshot, facilities)
    values (v_started, v_duration, v_snapshot, v_facilities)
    returning r.refresh_id, true, r.facilities, r.duration_ms;
end;
$$;
comment on function app_private.refresh_bin_utilization_after(xid8) is
  E'Refreshes bin_utilization_cache concurrently unless the last refresh already includes transaction p_xid (null: '
  'always refresh); one refresh at a time. Returns the refresh that serves the caller and whether it ran now.';

create or replace function app_private.scheduled_refresh_bin_utilization() returns integer
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select r.facilities from app_private.refresh_bin_utilization_after(null) r;
$$;
comment on function app_private.scheduled_refresh_bin_utilization() is
  E'Refreshes bin_utilization_cache concurrently and records the time per facility; returns the facilities recorded.';

/*
 * The trigger function of refresh_bin_utilization_on_lot_change and refresh_bin_utilization_on_transaction:
 * as before (one debounced job per tenant and facility, queued once per transaction), with the queuing
 * transaction's id in the payload.
 */
create or replace function app_private.tg__queue_bin_utilization_refresh() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid;
  v_facility_id uuid;
  v_flag text;
begin
  if tg_op = 'DELETE' then
    v_tenant_id := old.tenant_id;
    v_facility_id := old.facility_id;
  else
    v_tenant_id := new.tenant_id;
    v_facility_id := new.facility_id;
  end if;
  v_flag := 'buo.refresh_queued_' || replace(v_facility_id::text, '-', '');
  if current_setting(v_flag, true) = 'yes' or to_regnamespace('graphile_worker') is null then
    return null;
  end if;
  perform graphile_worker.add_job(
    'refresh_bin_utilization',
    json_build_object('tenantId', v_tenant_id, 'facilityId', v_facility_id, 'xid', pg_catalog.pg_current_xact_id()::text),
    run_at => now() + interval '5 seconds',
    job_key => 'refresh_bin_utilization:' || v_tenant_id || ':' || v_facility_id,
    job_key_mode => 'preserve_run_at',
    max_attempts => 5);
  perform set_config(v_flag, 'yes', true);
  return null;
end;
$$;
comment on function app_private.tg__queue_bin_utilization_refresh() is
  E'Trigger: queues one debounced refresh_bin_utilization job per tenant and facility, with the queuing transaction''s '
  'id (a refresh that already includes it serves the job).';

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
-- Enter migration here. Keep it idempotent: it runs again on every save.

--! split: 0610-refresh-trigger-names.sql
/*
 * Every trigger is named _NNN_what, so that its number says when it fires: PostgreSQL fires the triggers of
 * one event in the order of their names, compared byte by byte. Two keep the names runbooks and dashboards
 * use. They queue the utilization refresh and must fire after the numbered triggers of their table, which
 * write the stock and occupancy the refresh reads; they do because "r" sorts after "_".
 * test/db/11_trigger_order.sql checks both rules.
 */
comment on trigger refresh_bin_utilization_on_lot_change on app_public.lots is
  E'Queues the debounced utilization refresh of the lot''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of lots, since "r" sorts after "_".';
comment on trigger refresh_bin_utilization_on_transaction on app_public.inventory_transactions is
  E'Queues the debounced utilization refresh of the movement''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of inventory_transactions, since "r" sorts after "_".';

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

--! split: 0820-location-rules-without-nulls.sql
/*
 * A location's allowed velocity classes are a plain list of known classes: a null inside it (or a list of lists)
 * is refused on write. location_accepts no longer reads a null as "accepted" (`x = any ('{A,NULL}')` is null, and
 * `not null` skipped the rule); the engine, for its part, never takes a rule it cannot read for a yes
 * (src/engine/layout.ts). Existing lists lose their nulls; a list of nothing but nulls is left as it is, refused
 * by every rule, and keeps the constraint unvalidated until someone fixes it.
 */
update app_public.locations l
   set allowed_abc_classes = array_remove(l.allowed_abc_classes, null)
 where array_ndims(l.allowed_abc_classes) = 1 and array_position(l.allowed_abc_classes, null) is not null
   and cardinality(array_remove(l.allowed_abc_classes, null)) > 0;
alter table app_public.locations drop constraint if exists chk_locations_abc_classes_known;
alter table app_public.locations add constraint chk_locations_abc_classes_known
  check (case when array_ndims(allowed_abc_classes) = 1 then array_position(allowed_abc_classes, null) is null
              else false end) not valid;
comment on constraint chk_locations_abc_classes_known on app_public.locations is
  E'allowedAbcClasses must be a list of velocity classes (A, B, C) without nulls.';
do $$
begin
  alter table app_public.locations validate constraint chk_locations_abc_classes_known;
exception when check_violation then
  raise notice 'Some locations still list only nulls as allowed velocity classes; chk_locations_abc_classes_known stays not valid';
end
$$;

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
                                  or r.lot_number <> p_lot_number)))))) then 'MIXING'
  end
  from (select) one
  left join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = p_location_id
  left join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = p_material_id);
end;
$$;
comment on function app_hidden.location_accepts(uuid, uuid, uuid, text, boolean, uuid) is
  E'Null when the location may hold the material (and lot); otherwise why not: TEMPERATURE, HAZMAT, ABC_CLASS, '
  'DIMENSIONS, MIXING, or NOT_FOUND for an unknown location or material. The engine''s hard constraints, in SQL.';

--! split: 0822-locations-keep-what-they-hold.sql
/*
 * A location cannot give up room it has already handed out: lowering max_cubic_feet or max_weight_lbs below
 * what it holds (stock on hand plus open reservations) raises CAPAC (CAPACITY_EXCEEDED), and deleting it
 * (deleted_at) while it holds stock or reservations raises INUSE (LOCATION_NOT_EMPTY): empty it, or let the
 * reservations be decided or expire, first. Both check under the occupancy row's lock, the one every
 * reservation and stock movement takes, so neither races a putaway. Deactivating (is_active) or blocking a
 * location stays allowed whatever it holds: that is how a location is drained.
 */
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
                      where r.tenant_id = new.tenant_id and r.location_id = new.location_id and r.status = 'PENDING'))
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
comment on function app_private.tg_locations__keep_what_they_hold() is
  E'Trigger: refuses lowering a location''s capacity below what it holds (CAPAC) and deleting a location that '
  'holds stock or reservations (INUSE).';
drop trigger if exists _200_keep_what_they_hold on app_public.locations;
create trigger _200_keep_what_they_hold before update of max_cubic_feet, max_weight_lbs, deleted_at
  on app_public.locations
  for each row
  when (new.max_cubic_feet < old.max_cubic_feet or new.max_weight_lbs < old.max_weight_lbs
        or (old.deleted_at is null and new.deleted_at is not null))
  execute function app_private.tg_locations__keep_what_they_hold();

/*
 * Archiving a zone or a facility (deleted_at) whose locations hold stock or open reservations raises INUSE
 * (LOCATION_NOT_EMPTY) too: the engine stops seeing those locations, so their stock would be lost from view.
 */
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
                      where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING'))
   limit 1;
  if found then
    raise exception '% % holds stock or reservations (location % among others): empty it before archiving it',
      case tg_table_name when 'zones' then 'Zone' else 'Facility' end, new.code, v_location
      using errcode = 'INUSE';
  end if;
  return new;
end;
$$;
comment on function app_private.tg_zones_facilities__keep_what_they_hold() is
  E'Trigger: refuses archiving a zone or facility whose locations hold stock or open reservations (INUSE).';
drop trigger if exists _200_keep_what_they_hold on app_public.zones;
create trigger _200_keep_what_they_hold before update of deleted_at on app_public.zones
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function app_private.tg_zones_facilities__keep_what_they_hold();
drop trigger if exists _200_keep_what_they_hold on app_public.facilities;
create trigger _200_keep_what_they_hold before update of deleted_at on app_public.facilities
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function app_private.tg_zones_facilities__keep_what_they_hold();

--! split: 0824-stock-only-where-it-may-go.sql
/*
 * Stock goes only where it may. Into a deleted location, nothing (NOTFD, NOT_FOUND, as confirmPutaway says).
 * A receipt, putaway or move into an inactive or blocked storage location raises INVAL (INVALID_INPUT, as
 * confirmPutaway does); into a storage location (zones PICK_FACE, RESERVE, BULK) whose rules refuse the stock
 * (app_hidden.location_accepts, stock only: reservations are confirmPutaway's business), INCMP
 * (INCOMPATIBLE_LOCATION), the message naming the rule. Transit zones (receiving, docks, staging, cross-dock)
 * hold any stock for a while: their rules are the putaway engine's and confirmPutaway's business. A positive
 * adjustment records what a count found where it found it, so it is kept, and the daily audit reports it as
 * INCOMPATIBLE_STOCK.
 *
 * Locks: the location's row is read FOR KEY SHARE, the lock the transaction's foreign key check takes on it
 * anyway (so it costs nothing more), only earlier; a deletion takes FOR UPDATE (0822), so it either waits for
 * this stock (and is refused) or is seen here. A location that holds one material or one lot at a time is
 * locked FOR NO KEY UPDATE instead: two receipts of different materials into one empty location then run one
 * after the other, and the second sees the first's stock.
 * Rows of one statement do not see each other's stock before the statement ends, so the mixing rule is checked
 * again after the statement, on the lots it left (_510_check_mixing).
 */
drop trigger if exists _050_location_live on app_public.inventory_transactions;
drop function if exists app_private.tg_inventory_transactions__location_live();
create or replace function app_private.tg_inventory_transactions__check_location() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_stores boolean;
  v_one_at_a_time boolean;
  v_code text;
  v_deleted_at timestamptz;
  v_usable boolean;
  v_refusal text;
begin
  if new.quantity <= 0 then
    return new;
  end if;
  select z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK'), l.mixing_rule <> 'ANY'
    into v_stores, v_one_at_a_time
    from app_public.locations l
    join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
   where l.tenant_id = new.tenant_id and l.location_id = new.location_id;
  if not found then
    return new; -- the foreign key says so
  end if;
  if v_stores and v_one_at_a_time then
    select l.code, l.deleted_at, l.is_active and not l.is_blocked into v_code, v_deleted_at, v_usable
      from app_public.locations l
     where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for no key update;
  else
    select l.code, l.deleted_at, l.is_active and not l.is_blocked into v_code, v_deleted_at, v_usable
      from app_public.locations l
     where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for key share;
  end if;
  if v_deleted_at is not null then
    raise exception 'Location % is deleted: it cannot take stock', v_code using errcode = 'NOTFD';
  end if;
  if new.transaction_type in ('RECEIPT', 'PUTAWAY', 'MOVE') and v_stores then
    if not v_usable then
      raise exception 'Location % is inactive or blocked: it cannot take stock', v_code using errcode = 'INVAL';
    end if;
    v_refusal := app_hidden.location_accepts(new.tenant_id, new.location_id, new.material_id, new.lot_number, false);
    if v_refusal is not null and v_refusal <> 'NOT_FOUND' then
      raise exception 'Location % does not accept this stock: %', v_code, v_refusal
        using errcode = 'INCMP', detail = json_build_object('reason', v_refusal)::text;
    end if;
  end if;
  return new;
end;
$$;
comment on function app_private.tg_inventory_transactions__check_location() is
  E'Trigger: refuses stock into a deleted location (NOTFD), and receipts, putaways and moves into an inactive or '
  'blocked storage location (INVAL) or one whose rules refuse the stock (INCMP).';
drop trigger if exists _050_check_location on app_public.inventory_transactions;
create trigger _050_check_location before insert on app_public.inventory_transactions
  for each row execute function app_private.tg_inventory_transactions__check_location();

create or replace function app_private.tg_inventory_transactions__check_mixing() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_mixed record;
begin
  select l.code, l.mixing_rule into v_mixed
    from (select distinct t.tenant_id, t.location_id, t.material_id, t.lot_number from new_rows t
           where t.quantity > 0 and t.transaction_type in ('RECEIPT', 'PUTAWAY', 'MOVE')) t
    join app_public.locations l on l.tenant_id = t.tenant_id and l.location_id = t.location_id
    join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
   where l.mixing_rule <> 'ANY' and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
     and exists (select from app_public.lots s
                  where s.tenant_id = t.tenant_id and s.location_id = t.location_id and s.quantity_on_hand > 0
                    and (s.material_id <> t.material_id
                         or (l.mixing_rule = 'SINGLE_LOT' and s.lot_number is distinct from t.lot_number)))
   limit 1;
  if found then
    raise exception 'Location % does not accept this stock: MIXING (it holds % at a time)', v_mixed.code,
      case v_mixed.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end
      using errcode = 'INCMP', detail = json_build_object('reason', 'MIXING')::text;
  end if;
  return null;
end;
$$;
comment on function app_private.tg_inventory_transactions__check_mixing() is
  E'Trigger: after a statement of receipts, putaways or moves, refuses it (INCMP) when a storage location that '
  'holds one material or one lot at a time now holds stock of another next to what the statement brought.';
drop trigger if exists _510_check_mixing on app_public.inventory_transactions;
create trigger _510_check_mixing after insert on app_public.inventory_transactions
  referencing new table as new_rows
  for each statement execute function app_private.tg_inventory_transactions__check_mixing();

--! split: 0826-text-lengths.sql
/*
 * Text a client writes is bounded, so that an absurd value is refused with a readable message (SQLSTATE TLONG,
 * CONSTRAINT_VIOLATION: "lotNumber must be at most 100 characters.") rather than failing deep inside an index
 * (a 9,000-character lot number broke the unique index of lots: SQLSTATE 54000, INTERNAL). Codes, lot and
 * order numbers are identifiers: 100 characters, more than any label or barcode carries. Names, descriptions
 * and reasons: 500.
 *
 * A trigger rather than a check constraint, because it looks only at values a write sets or changes: rows from
 * before the limits that break one stay writable (picking from a lot with a long number, reclassifying a
 * material with a long description) until the value itself is changed. Each table's trigger takes triples of
 * arguments: column, limit, the field's name in the API.
 */
create or replace function app_private.tg_check_text_lengths() returns trigger
  language plpgsql
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_new jsonb := to_jsonb(new);
  v_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) end;
  v_value text;
begin
  for i in 0 .. tg_nargs - 1 by 3 loop
    v_value := v_new ->> tg_argv[i];
    if length(v_value) > tg_argv[i + 1]::integer and v_value is distinct from v_old ->> tg_argv[i] then
      raise exception '% must be at most % characters.', tg_argv[i + 2], tg_argv[i + 1]
        using errcode = 'TLONG', column = tg_argv[i], table = tg_table_name;
    end if;
  end loop;
  return new;
end;
$$;
comment on function app_private.tg_check_text_lengths() is
  E'Trigger: refuses (TLONG) text longer than its limit, in the values an insert or update sets or changes; '
  'arguments: column, limit, field name, repeated.';

do $$
declare
  v_table record;
begin
  for v_table in
    select t.table_name, string_agg(format('%L, %L, %L', t.column_name, t.max_length, t.field), ', ') as args
      from (values
        ('tenants', 'code', 100, 'code'), ('tenants', 'name', 500, 'name'),
        ('facilities', 'code', 100, 'code'), ('facilities', 'name', 500, 'name'),
        ('zones', 'code', 100, 'code'), ('zones', 'name', 500, 'name'),
        ('locations', 'code', 100, 'code'), ('locations', 'aisle', 100, 'aisle'),
        ('locations', 'blocked_reason', 500, 'blockedReason'),
        ('materials', 'code', 100, 'code'), ('materials', 'description', 500, 'description'),
        ('materials', 'hazmat_class', 100, 'hazmatClass'),
        ('lots', 'lot_number', 100, 'lotNumber'),
        ('inventory_transactions', 'lot_number', 100, 'lotNumber'),
        ('inventory_transactions', 'reference', 500, 'reference'),
        ('putaway_recommendations', 'lot_number', 100, 'lotNumber'),
        ('putaway_recommendations', 'decision_reason_code', 500, 'reasonCode'),
        ('outbound_orders', 'order_number', 100, 'orderNumber'),
        ('outbound_orders', 'customer_name', 500, 'customerName')
      ) as t(table_name, column_name, max_length, field)
     group by t.table_name
  loop
    execute format('drop trigger if exists _010_text_lengths on app_public.%I', v_table.table_name);
    execute format('create trigger _010_text_lengths before insert or update on app_public.%I '
                   'for each row execute function app_private.tg_check_text_lengths(%s)',
                   v_table.table_name, v_table.args);
  end loop;
end
$$;

--! split: 0828-audit-stock-in-deleted-locations.sql
/*
 * Deleting a location that holds anything is refused now (0822), but data from before, or written around the
 * API, may still have stock or reservations in a deleted location, where no other check of the audit looks.
 * The audit reports each such location as STOCK_IN_DELETED_LOCATION until it is emptied or restored.
 * INCOMPATIBLE_STOCK looks at storage zones only (PICK_FACE, RESERVE, BULK), as receipts do (0824): receiving,
 * docks, staging and cross-dock hold any stock for a while. Same audit as section 0550 otherwise.
 */
comment on column app_public.data_quality_findings.code is
  E'MISSING_DIMENSIONS, MISSING_WEIGHT, MISSING_ABC_CLASS, NON_POSITIVE_CAPACITY, CAPACITY_EXCEEDS_DIMENSIONS, '
  'OVER_CAPACITY, STOCK_IN_DELETED_LOCATION or INCOMPATIBLE_STOCK.';
create or replace function app_private.run_data_quality_audit(p_tenant_id uuid)
returns table (open_findings integer, new_findings integer, resolved_findings integer, remediations integer)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_started timestamptz := clock_timestamp();
  v_remediations integer := 0;
  v_new integer;
  v_resolved integer;
  v_open integer;
  v_material record;
begin
  -- Safe fixes first: cubic feet follow from complete dimensions.
  if coalesce((select s.auto_remediation_enabled from app_public.data_quality_settings s
                where s.tenant_id = p_tenant_id and s.deleted_at is null), true) then
    for v_material in
      update app_public.materials m
         set unit_cubic_feet = round(m.unit_length_in * m.unit_width_in * m.unit_height_in / 1728.0, 4)
       where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_cubic_feet is null
         and m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
      returning m.material_id, m.code, m.unit_cubic_feet
    loop
      perform app_private.log_remediation(p_tenant_id, null, 'CUBIC_FEET_FROM_DIMENSIONS', 'materials', v_material.material_id,
        'unit_cubic_feet was missing and the dimensions were complete', 'SUCCEEDED',
        jsonb_build_object('code', v_material.code, 'unitCubicFeet', v_material.unit_cubic_feet));
      v_remediations := v_remediations + 1;
    end loop;
  end if;

  create temp table if not exists pg_temp.current_findings (
    facility_id uuid, entity_type text, entity_id uuid, entity_code text, code text, message text
  ) on commit drop;
  truncate pg_temp.current_findings;
  insert into pg_temp.current_findings
    select null::uuid, 'MATERIAL', m.material_id, m.code, 'MISSING_DIMENSIONS',
           format('Material %s has no %s', m.code, concat_ws(', ',
             case when m.unit_length_in is null then 'length' end, case when m.unit_width_in is null then 'width' end,
             case when m.unit_height_in is null then 'height' end, case when m.unit_cubic_feet is null then 'cubic feet' end))
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
       and (m.unit_length_in is null or m.unit_width_in is null or m.unit_height_in is null or m.unit_cubic_feet is null)
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_WEIGHT', format('Material %s has no unit weight', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_weight_lbs is null
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_ABC_CLASS', format('Material %s has no velocity class', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.abc_class is null
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'NON_POSITIVE_CAPACITY',
           format('Location %s has a capacity of %s cubic feet and %s lb', l.code, l.max_cubic_feet, l.max_weight_lbs)
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null and (l.max_cubic_feet <= 0 or l.max_weight_lbs <= 0)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'CAPACITY_EXCEEDS_DIMENSIONS',
           format('Location %s claims %s cubic feet but its inner dimensions hold %s', l.code, l.max_cubic_feet,
                  round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3))
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and l.max_cubic_feet > round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3) * 1.01
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'OVER_CAPACITY',
           format('Location %s holds %s of %s cubic feet and %s of %s lb', l.code, round(o.cubic_feet_on_hand, 4),
                  l.max_cubic_feet, round(o.weight_lbs_on_hand, 3), l.max_weight_lbs)
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'STOCK_IN_DELETED_LOCATION',
           format('Location %s is deleted but holds %s cubic feet and %s lb (stock and reservations)', l.code,
                  round(o.cubic_feet_on_hand + o.cubic_feet_reserved, 4), round(o.weight_lbs_on_hand + o.weight_lbs_reserved, 3))
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is not null
       and (o.cubic_feet_on_hand + o.weight_lbs_on_hand + o.cubic_feet_reserved + o.weight_lbs_reserved > 0
            or exists (select from app_public.lots s
                        where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0)
            or exists (select from app_public.putaway_recommendations r
                        where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING'))
    union all
    select lot.facility_id, 'LOT', lot.lot_id, concat_ws(' / ', l.code, m.code, lot.lot_number), 'INCOMPATIBLE_STOCK',
           format('Lot %s of %s in %s breaks the location''s rules: %s', lot.lot_number, m.code, l.code, a.reason)
      from app_public.lots lot
      join app_public.locations l on l.tenant_id = lot.tenant_id and l.location_id = lot.location_id
      -- Storage zones only: receiving, docks, staging and cross-dock hold any stock for a while.
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
                             and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
      join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
      cross join lateral (select app_hidden.location_accepts(lot.tenant_id, lot.location_id, lot.material_id,
                                                             lot.lot_number, false) as reason) a
     where lot.tenant_id = p_tenant_id and lot.quantity_on_hand > 0 and lot.deleted_at is null
       and l.deleted_at is null and a.reason is not null;

  -- Detected overflows are capacity failures too, recorded once per open finding.
  insert into app_public.capacity_validation_failures (tenant_id, facility_id, location_id, source, requested_cubic_feet,
      requested_weight_lbs, available_cubic_feet, available_weight_lbs, message)
    select p_tenant_id, c.facility_id, c.entity_id, 'AUDIT', o.cubic_feet_on_hand, o.weight_lbs_on_hand,
           l.max_cubic_feet - o.cubic_feet_on_hand, l.max_weight_lbs - o.weight_lbs_on_hand, c.message
      from pg_temp.current_findings c
      join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = c.entity_id
      join app_private.location_occupancy o on o.tenant_id = p_tenant_id and o.location_id = c.entity_id
     where c.code = 'OVER_CAPACITY'
       and not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.entity_id = c.entity_id and f.code = 'OVER_CAPACITY'
                          and f.status = 'OPEN');

  update app_public.data_quality_findings f
     set status = 'RESOLVED', resolved_at = now()
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and not exists (select from pg_temp.current_findings c
                      where c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code);
  get diagnostics v_resolved = row_count;
  update app_public.data_quality_findings f
     set last_seen_at = now(), message = c.message
    from pg_temp.current_findings c
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code;
  insert into app_public.data_quality_findings (tenant_id, facility_id, entity_type, entity_id, entity_code, code, message)
    select p_tenant_id, c.facility_id, c.entity_type, c.entity_id, c.entity_code, c.code, c.message
      from pg_temp.current_findings c
     where not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.status = 'OPEN' and f.entity_type = c.entity_type
                          and f.entity_id = c.entity_id and f.code = c.code);
  get diagnostics v_new = row_count;
  select count(*) into v_open from app_public.data_quality_findings f where f.tenant_id = p_tenant_id and f.status = 'OPEN';
  insert into app_private.data_quality_audit_runs (tenant_id, started_at, finished_at, open_findings, new_findings,
      resolved_findings, remediations)
    values (p_tenant_id, v_started, clock_timestamp(), v_open, v_new, v_resolved, v_remediations);
  return query select v_open, v_new, v_resolved, v_remediations;
end;
$$;
comment on function app_private.run_data_quality_audit(uuid) is
  E'Runs the data-quality audit of one tenant: safe fixes, then findings opened, kept or resolved. Returns the counts.';
