--! Previous: sha1:2ccb0ee620928955a1674c55806db2a90f84f3a0
--! Hash: sha1:8388336f26781b8efbda2445f26a999b9fc297bd
--! Message: Putaway rules in the database: room, per-statement occupancy, location compatibility, incompatible stock audit

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
