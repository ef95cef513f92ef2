--! Previous: sha1:79bc78d03446f6156b35aa24d35ced85dcaaec5f
--! Hash: sha1:0253348323fac5b85ba42de57b51ec88d0cc60dc
--! Message: putaway_snapshot lists the caller's own id only where the snapshot would see it (an id at xmax made an invalid pg_snapshot)

-- putaway_snapshot: the caller's own id goes into the snapshot's list only when the snapshot would see it. An id
-- at or past xmax already counts as unseen, and listing it made an invalid pg_snapshot (a caller that wrote just
-- before, such as replan_cross_dock, failed).
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
  -- it writes next visible, and the caller's next read would skip those rows. Its id goes into the list, when
  -- the snapshot would see it at all (an id at or past xmax already counts as unseen, and may not be listed).
  if v_own is not null and pg_visible_in_snapshot(v_own, v_snapshot) then
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
