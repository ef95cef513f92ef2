--! Previous: sha1:ac6393227dbcab271dadf45b958953eba4af4df8
--! Hash: sha1:9f013f6d80043c2aafef55414517953b8407f978
--! Message: Locations keep their rules and what they hold, stock only where it may go, bounded text, stock in deleted locations audited

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
