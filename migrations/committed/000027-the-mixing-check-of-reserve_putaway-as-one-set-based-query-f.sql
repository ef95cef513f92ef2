--! Previous: sha1:5c77a359b2cf72ea49db484af7ebdf5b34561f8e
--! Hash: sha1:4403d27e54910857b9f42b381f1d1333e2957489
--! Message: The mixing check of reserve_putaway as one set-based query (first_mixing_conflict), compared with location_accepts in pgTAP

-- The mixing check of reserve_putaway as one set-based query: location_accepts, called once per planned row,
-- cost milliseconds a call in a full facility and made reservations up to three times slower.
create or replace function app_hidden.first_mixing_conflict(p_tenant_id uuid, p_rows json) returns text
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- The rows bound for a location that holds one material or lot at a time (materialized, so that the checks
  -- below run on those rows only), then location_accepts's MIXING rule with reservations counted
  -- (test/db/15_parallel_reservations.sql compares the two on every combination of its fixture).
  with planned as materialized (
    select distinct r.location_id, r.material_id, nullif(r.lot_number, '') as lot_number, l.code, l.mixing_rule
      from json_to_recordset(p_rows) as r(location_id uuid, material_id uuid, lot_number text)
      join app_public.locations l
        on l.tenant_id = p_tenant_id and l.location_id = r.location_id and l.mixing_rule <> 'ANY'
  )
  select x.code
    from planned x
   where exists (select from app_public.lots s
                  where s.tenant_id = p_tenant_id and s.location_id = x.location_id and s.quantity_on_hand > 0
                    and (s.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT' and (x.lot_number is null or s.lot_number <> x.lot_number))))
      or exists (select from app_public.putaway_recommendations p
                  where p.tenant_id = p_tenant_id and p.location_id = x.location_id and p.status = 'PENDING'
                    and (p.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT'
                             and (x.lot_number is null or nullif(p.lot_number, '') is null
                                  or p.lot_number <> x.lot_number))))
      or exists (select from app_public.move_tasks t
                  where t.tenant_id = p_tenant_id and t.to_location_id = x.location_id and t.status = 'OPEN'
                    and (t.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT' and (x.lot_number is null or t.lot_number <> x.lot_number))))
   order by x.code
   limit 1
$$;
comment on function app_hidden.first_mixing_conflict(uuid, json) is
  E'The code of the first location (by code) among planned rows (location_id, material_id, lot_number) that '
  'holds one material or lot at a time and holds or expects other stock; null when there is none: '
  'location_accepts''s MIXING rule, for a whole batch at once.';
revoke all on function app_hidden.first_mixing_conflict(uuid, json) from public;

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
  v_mixed text;
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
  -- Reservations of one facility run side by side. Those that share a location meet here: its occupancy row is
  -- locked, in key order (the order change_location_reservations and every stock movement take), so the
  -- second waits for the first to commit. What it then reads is current: room is checked when the trigger adds
  -- the reservation (CAPAC), and mixing, the one rule that depends on what else is reserved, just below.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id
     and o.location_id in (select r.location_id from json_to_recordset(p_rows) as r(location_id uuid))
   order by o.tenant_id, o.location_id
     for update;
  v_mixed := app_hidden.first_mixing_conflict(v_tenant_id, p_rows);
  if v_mixed is not null then
    raise exception 'Location % now holds or expects other stock', v_mixed using errcode = 'STALE';
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
