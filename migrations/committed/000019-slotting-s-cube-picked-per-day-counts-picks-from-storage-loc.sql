--! Previous: sha1:42a4d9f8c21677c809fdadf2cc22cf7c4e847a61
--! Hash: sha1:77b22b64dc82a4536e945e4ad91524a9b5c73adf
--! Message: Slotting's cube picked per day counts picks from storage locations only

-- Enter migration here. Keep it idempotent: it runs again on every save.
/*
 * Slotting's cube picked per day counts picks from storage locations only: the stock marks and the stock on
 * hand are storage's, and a pick from cross-dock or staging does not run that stock down.
 */
drop function if exists app_private.slotting_demand(uuid, interval);
create function app_private.slotting_demand(p_tenant_id uuid, p_window interval default interval '90 days')
  returns table (
    facility_id uuid, material_id uuid, code text, picks_per_day numeric, stock_cubic_feet numeric,
    on_hand_cubic_feet numeric, low_cubic_feet numeric, high_cubic_feet numeric, picked_cubic_feet_per_day numeric
  )
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  with bounds as (
    select now() - p_window as window_start, extract(epoch from p_window) as window_seconds
  ), storage as (
    select l.location_id
      from app_public.locations l
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
     where l.tenant_id = p_tenant_id and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
  ), on_hand as (
    select s.facility_id, s.material_id, sum(s.quantity_on_hand) as quantity
      from app_public.lots s
     where s.tenant_id = p_tenant_id and s.location_id in (select location_id from storage)
     group by s.facility_id, s.material_id
  ), picks as (
    -- Lines from any location (how often it is asked for); the cube from storage locations only (what drains
    -- the stock the marks follow: a cross-docked or staged pick does not).
    select t.facility_id, t.material_id, count(*) as picks,
           coalesce(sum(abs(t.quantity)) filter (where t.location_id in (select location_id from storage)), 0) as units
      from app_public.inventory_transactions t
     where t.tenant_id = p_tenant_id and t.transaction_type = 'PICK'
       and t.occurred_at >= (select window_start from bounds)
     group by t.facility_id, t.material_id
  ), weighted as (
    select t.facility_id, t.material_id,
           sum(v.quantity * extract(epoch from least(t.occurred_at, now()) - b.window_start) / b.window_seconds) as quantity
      from app_public.inventory_transactions t
     cross join bounds b
     cross join lateral (values (t.location_id, t.quantity), (t.from_location_id, -t.quantity)) as v (location_id, quantity)
     where t.tenant_id = p_tenant_id and t.occurred_at >= b.window_start
       and v.location_id in (select location_id from storage)
     group by t.facility_id, t.material_id
  ), steps as (
    -- The net change of each material's storage stock at each instant of the window (a movement dated later
    -- than now is in the stock on hand already, so it counts as now).
    select t.facility_id, t.material_id, least(t.occurred_at, now()) as occurred_at, sum(v.quantity) as quantity
      from app_public.inventory_transactions t
     cross join lateral (values (t.location_id, t.quantity), (t.from_location_id, -t.quantity)) as v (location_id, quantity)
     where t.tenant_id = p_tenant_id and t.occurred_at >= (select window_start from bounds)
       and v.location_id in (select location_id from storage)
     group by t.facility_id, t.material_id, least(t.occurred_at, now())
  ), levels as (
    -- The stock just before each instant: what is on hand now less every change since.
    select s.facility_id, s.material_id, s.quantity,
           coalesce(h.quantity, 0)
             - sum(s.quantity) over (partition by s.facility_id, s.material_id order by s.occurred_at desc) as before
      from steps s
      left join on_hand h on h.facility_id = s.facility_id and h.material_id = s.material_id
  ), marks as (
    select facility_id, material_id,
           min(least(before, before + quantity)) as low, max(greatest(before, before + quantity)) as high
      from levels
     group by facility_id, material_id
  ), keys as (
    select k.facility_id, k.material_id from on_hand k
    union select k.facility_id, k.material_id from picks k
    union select k.facility_id, k.material_id from weighted k
  )
  select k.facility_id, k.material_id, m.code,
         coalesce(p.picks, 0) / ((select window_seconds from bounds) / 86400) as picks_per_day,
         greatest(coalesce(h.quantity, 0) - coalesce(w.quantity, 0), 0) * m.unit_cubic_feet as stock_cubic_feet,
         greatest(coalesce(h.quantity, 0), 0) * m.unit_cubic_feet as on_hand_cubic_feet,
         greatest(least(coalesce(h.quantity, 0), coalesce(x.low, h.quantity, 0)), 0) * m.unit_cubic_feet as low_cubic_feet,
         greatest(coalesce(h.quantity, 0), coalesce(x.high, h.quantity, 0), 0) * m.unit_cubic_feet as high_cubic_feet,
         coalesce(p.units, 0) * m.unit_cubic_feet / ((select window_seconds from bounds) / 86400)
           as picked_cubic_feet_per_day
    from keys k
    join app_public.facilities f on f.tenant_id = p_tenant_id and f.facility_id = k.facility_id
    join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = k.material_id
    left join on_hand h on h.facility_id = k.facility_id and h.material_id = k.material_id
    left join picks p on p.facility_id = k.facility_id and p.material_id = k.material_id
    left join weighted w on w.facility_id = k.facility_id and w.material_id = k.material_id
    left join marks x on x.facility_id = k.facility_id and x.material_id = k.material_id
   where f.deleted_at is null and m.unit_cubic_feet is not null
     and (coalesce(p.picks, 0) > 0 or coalesce(h.quantity, 0) - coalesce(w.quantity, 0) > 0
          or coalesce(h.quantity, 0) > 0)
   order by k.facility_id, m.code;
$$;
comment on function app_private.slotting_demand(uuid, interval) is
  E'Per facility and material of a tenant, for adaptive slotting: PICK transactions per day over the window, and in '
  'cubic feet the exact mean stock in storage locations over the window, the stock on hand now, the lowest and '
  'highest stock over the window (on hand included; a movement dated later than now counts as now) and the cube '
  'picked per day from storage locations over the window.';
