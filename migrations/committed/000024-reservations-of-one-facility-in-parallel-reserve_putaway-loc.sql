--! Previous: sha1:cce036225293f04e0bc6ea85d97cc4f71098de98
--! Hash: sha1:79bc78d03446f6156b35aa24d35ced85dcaaec5f
--! Message: Reservations of one facility in parallel: reserve_putaway locks the planned locations' occupancy and checks mixing under that lock; putaway_snapshot counts the caller's own writes as unseen

-- Reservations of one facility in parallel: reserve_putaway locks the occupancy rows of the planned locations
-- (key order) and checks mixing under that lock, so the service no longer plans a facility's batches one at a
-- time (see src/engine/README.md, "Reservations in parallel"). putaway_snapshot no longer hands a
-- transaction that has written a snapshot calling its own later writes seen (a retried reservation did).
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
  select l.code into v_mixed
    from (select distinct r.location_id, r.material_id, r.lot_number
            from json_to_recordset(p_rows) as r(location_id uuid, material_id uuid, lot_number text)) r
    join app_public.locations l
      on l.tenant_id = v_tenant_id and l.location_id = r.location_id and l.mixing_rule <> 'ANY'
   where app_hidden.location_accepts(v_tenant_id, r.location_id, r.material_id, r.lot_number) = 'MIXING'
   order by l.code
   limit 1;
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
comment on function app_hidden.reserve_putaway(uuid, app_public.putaway_algorithm, json, interval, uuid, numeric) is
  E'Writes a planned batch as PENDING recommendations (reserving their room, never less than master data says), '
  'its locations'' occupancy locked in key order; CAPAC (no room), or STALE (a location archived, blocked, or '
  'holding other stock where it may hold one material or lot) when the plan is out of date.';

create or replace function app_hidden.putaway_snapshot(
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
  v_snapshot pg_snapshot := pg_current_snapshot();
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  -- A transaction that has written already (a reservation's earlier attempt, rolled back to its savepoint,
  -- keeps its id) is not in its own snapshot's list of running transactions, so the snapshot would call what
  -- it writes next visible, and the caller's next read would skip those rows. Its id goes into the list.
  if v_own is not null then
    v_snapshot := format('%s:%s:%s', least(pg_snapshot_xmin(v_snapshot), v_own), pg_snapshot_xmax(v_snapshot),
                         (select string_agg(s.x::text, ',' order by s.x)
                            from (select x from pg_snapshot_xip(v_snapshot) x union select v_own) s(x)))::pg_snapshot;
  end if;
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
    'xmin', pg_snapshot_xmin(v_snapshot)::text,
    'snapshot', v_snapshot::text,
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
