--! Previous: sha1:65891300d7654931ed7cb91fdbe4926c074c0776
--! Hash: sha1:d9fe05cc769a3f3ba8ad0489801360e0bdb645f4
--! Message: One lock order for stock movements, archived zones and facilities take no stock

--! split: 0850-one-lock-order.sql
/*
 * One lock order for everything that changes stock or room: a location's row, then its occupancy row, then its
 * lots. Stock movements (receipts, picks, moves, adjustments, the putaway a confirmation records) locked a lot
 * before the occupancy row its trigger updates, while confirmPutaway locks the occupancy row first, so the two
 * could deadlock at one location; two moves in opposite directions (or a move and a pick) could too, each
 * holding its source. Now a movement locks the occupancy rows of its source and destination first, in key
 * order.
 *
 * A location whose zone or facility is archived takes no stock either (NOTFD, NOT_FOUND), as a deleted
 * location takes none: the engine no longer sees it.
 */
create or replace function app_private.tg_inventory_transactions__apply_to_lots() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_unit_cubic numeric := new.unit_cubic_feet;
  v_unit_weight numeric := new.unit_weight_lbs;
begin
  -- The occupancy rows first, in key order, before any lot row: the order confirmPutaway, reservations and
  -- capacity changes take them in, so that a movement and any of those never wait for each other in a cycle.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = new.tenant_id and o.location_id in (new.location_id, new.from_location_id)
   order by o.location_id
     for update;
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
  v_archived boolean;
  v_refusal text;
begin
  if new.quantity <= 0 then
    return new;
  end if;
  select z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK'), l.mixing_rule <> 'ANY',
         z.deleted_at is not null or f.deleted_at is not null
    into v_stores, v_one_at_a_time, v_archived
    from app_public.locations l
    join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
    join app_public.facilities f on f.tenant_id = l.tenant_id and f.facility_id = l.facility_id
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
  if v_archived then
    raise exception 'Location % belongs to an archived zone or facility: it cannot take stock', v_code
      using errcode = 'NOTFD';
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
  E'Trigger: refuses stock into a deleted location or one of an archived zone or facility (NOTFD), and receipts, '
  'putaways and moves into an inactive or blocked storage location (INVAL) or one whose rules refuse the stock '
  '(INCMP).';
