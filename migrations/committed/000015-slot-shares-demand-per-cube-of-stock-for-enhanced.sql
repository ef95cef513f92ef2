--! Previous: sha1:f028f77386e23af0d171b0f64a7e982a741f89a3
--! Hash: sha1:9a3eb5227da1a27ad743e9fc4a43eef247f59343
--! Message: Slot shares: demand per cube of stock for ENHANCED

-- Enter migration here. Keep it idempotent: it runs again on every save.

/*
 * Adaptive slotting: ENHANCED aims each material at the distance within which its slot share of the
 * facility's storage room lies (src/engine/slotting.ts), the share following from the material's picks per
 * day per cubic foot of stock. The daily reclassify_abc task reads each facility's demand figures with
 * app_private.slotting_demand and its storage room with app_private.facility_storage_capacity, computes the
 * shares with the engine's slotShares (one implementation, shared with the simulator) and writes them with
 * app_private.replace_material_slotting; putaway_factor_data hands the batch's shares to the hot path. A
 * material without a row is aimed by its ABC class, as before.
 */
create table if not exists app_private.material_slotting (
  tenant_id uuid not null,
  facility_id uuid not null,
  material_id uuid not null,
  picks_per_day numeric(14,4) not null,
  stock_cubic_feet numeric(16,4) not null,
  slot_share numeric(7,6) not null,
  window_days integer not null,
  computed_at timestamptz not null default now(),
  constraint material_slotting_pkey primary key (tenant_id, facility_id, material_id),
  constraint material_slotting_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint material_slotting_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete cascade,
  constraint chk_material_slotting_not_negative check (picks_per_day >= 0 and stock_cubic_feet >= 0),
  constraint chk_material_slotting_slot_share_range check (slot_share between 0 and 1),
  constraint chk_material_slotting_window_days_positive check (window_days > 0),
  constraint chk_material_slotting_numbers_not_nan check ('NaN'::numeric not in (picks_per_day, stock_cubic_feet, slot_share))
);
create index if not exists material_slotting_material_idx on app_private.material_slotting (tenant_id, material_id);
comment on table app_private.material_slotting is
  E'Adaptive slotting figures per facility and material, from the last window of picks and stock (written daily by '
  'the reclassify_abc task): ENHANCED aims a material at the distance within which its slot_share of the '
  'facility''s storage room lies. Internal: the visitor reads a batch''s shares through app_hidden.putaway_factor_data.';
comment on column app_private.material_slotting.picks_per_day is
  E'PICK transactions of the material at the facility in the window, per day of the window.';
comment on column app_private.material_slotting.stock_cubic_feet is
  E'Mean stock of the material in the facility''s storage locations (zones PICK_FACE, RESERVE, BULK) over the '
  'window, in cubic feet (units on hand × unit_cubic_feet).';
comment on column app_private.material_slotting.slot_share is
  E'Share of the facility''s storage room (0 to 1) taken by the stock of the materials with more picks per cubic foot '
  'than this one, plus half of its own: ENHANCED aims it at the distance within which this share of the room lies.';
comment on column app_private.material_slotting.window_days is E'Days of picks and stock the figures cover (ABC_WINDOW_DAYS).';
comment on column app_private.material_slotting.computed_at is E'When the figures were computed.';
comment on constraint chk_material_slotting_numbers_not_nan on app_private.material_slotting is
  E'Numbers must be finite: NaN is not a valid quantity, size or score.';

/*
 * The demand figures of a tenant's materials, per facility: picks per day over the window and the mean stock
 * cube in storage locations over the window. The mean is exact, from the stock on hand now and the window's
 * movements: stock at time s is on_hand - (the movements after s), so its mean over [now - W, now] is
 * on_hand - sum over the window's movements of q * (t - (now - W)) / W, each movement counted at the storage
 * location it fills (+q) and at the one it empties (-q, a MOVE's or PUTAWAY's from_location_id). Materials with
 * neither picks nor stock in the window, and materials without unit_cubic_feet, have no row.
 */
create or replace function app_private.slotting_demand(p_tenant_id uuid, p_window interval default interval '90 days')
  returns table (facility_id uuid, material_id uuid, code text, picks_per_day numeric, stock_cubic_feet numeric)
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
    select t.facility_id, t.material_id, count(*) as picks
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
  ), keys as (
    select k.facility_id, k.material_id from on_hand k
    union select k.facility_id, k.material_id from picks k
    union select k.facility_id, k.material_id from weighted k
  )
  select k.facility_id, k.material_id, m.code,
         coalesce(p.picks, 0) / ((select window_seconds from bounds) / 86400) as picks_per_day,
         greatest(coalesce(h.quantity, 0) - coalesce(w.quantity, 0), 0) * m.unit_cubic_feet as stock_cubic_feet
    from keys k
    join app_public.facilities f on f.tenant_id = p_tenant_id and f.facility_id = k.facility_id
    join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = k.material_id
    left join on_hand h on h.facility_id = k.facility_id and h.material_id = k.material_id
    left join picks p on p.facility_id = k.facility_id and p.material_id = k.material_id
    left join weighted w on w.facility_id = k.facility_id and w.material_id = k.material_id
   where f.deleted_at is null and m.unit_cubic_feet is not null
     and (coalesce(p.picks, 0) > 0 or coalesce(h.quantity, 0) - coalesce(w.quantity, 0) > 0)
   order by k.facility_id, m.code;
$$;
comment on function app_private.slotting_demand(uuid, interval) is
  E'Per facility and material of a tenant: PICK transactions per day over the window and the exact mean stock cube '
  'in storage locations over the window (cubic feet), for adaptive slotting.';

/*
 * A facility's storage room as the engine counts it (Layout.storageCapacity): the usable locations (active, not
 * blocked, not archived, in a zone that is not archived) of the storage zones PICK_FACE, RESERVE and BULK.
 */
create or replace function app_private.facility_storage_capacity(p_tenant_id uuid)
  returns table (facility_id uuid, code text, capacity_cubic_feet numeric)
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select f.facility_id, f.code,
         coalesce((select sum(l.max_cubic_feet)
                     from app_public.locations l
                     join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
                    where l.tenant_id = f.tenant_id and l.facility_id = f.facility_id
                      and l.deleted_at is null and z.deleted_at is null and l.is_active and not l.is_blocked
                      and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')), 0) as capacity_cubic_feet
    from app_public.facilities f
   where f.tenant_id = p_tenant_id and f.deleted_at is null
   order by f.code;
$$;
comment on function app_private.facility_storage_capacity(uuid) is
  E'Storage room (cubic feet) of each active facility of a tenant: its usable PICK_FACE, RESERVE and BULK locations.';

/*
 * Replaces a facility's slotting rows with the given ones, in one statement: rows of materials not given are
 * deleted, the others inserted or updated (an upsert, so that two runs at once cannot collide on the key).
 */
create or replace function app_private.replace_material_slotting(
  p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[],
  p_stock_cubic_feet numeric[], p_slot_shares numeric[]
) returns integer
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_count integer;
begin
  if cardinality(p_material_ids) is distinct from cardinality(p_picks_per_day)
     or cardinality(p_material_ids) is distinct from cardinality(p_stock_cubic_feet)
     or cardinality(p_material_ids) is distinct from cardinality(p_slot_shares) then
    raise exception 'replace_material_slotting: the arrays must have one entry per material' using errcode = 'INVAL';
  end if;
  delete from app_private.material_slotting s
   where s.tenant_id = p_tenant_id and s.facility_id = p_facility_id
     and s.material_id <> all(coalesce(p_material_ids, '{}'));
  insert into app_private.material_slotting as s
         (tenant_id, facility_id, material_id, picks_per_day, stock_cubic_feet, slot_share, window_days, computed_at)
    select p_tenant_id, p_facility_id, r.material_id, round(r.picks_per_day, 4), round(r.stock_cubic_feet, 4),
           round(r.slot_share, 6), p_window_days, now()
      from unnest(p_material_ids, p_picks_per_day, p_stock_cubic_feet, p_slot_shares)
           as r (material_id, picks_per_day, stock_cubic_feet, slot_share)
  on conflict (tenant_id, facility_id, material_id) do update
    set picks_per_day = excluded.picks_per_day, stock_cubic_feet = excluded.stock_cubic_feet,
        slot_share = excluded.slot_share, window_days = excluded.window_days, computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;
comment on function app_private.replace_material_slotting(uuid, uuid, integer, uuid[], numeric[], numeric[], numeric[]) is
  E'Replaces a facility''s adaptive slotting rows (material, picks per day, mean stock cube, slot share); returns the rows written.';

/*
 * putaway_factor_data (latest body: migration 000003) with the batch's slot shares: slotShares maps a material id
 * to its slot share at the facility, null when none of the batch's materials has one.
 */
create or replace function app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) returns json
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  with tenant as (select app_public.current_tenant_id() as id)
  select json_build_object(
    'affinity', (
      select coalesce(json_agg(json_build_array(a.material_id, a.partner_id, a.confidence)), '[]')
        from (select s.material_id, s.partner_id, s.confidence,
                     row_number() over (partition by s.material_id order by s.confidence desc, s.partner_id) as rank
                from app_private.sku_affinity s
               where s.tenant_id = (select id from tenant) and s.material_id = any(p_material_ids) and s.lift > 1) a
       where a.rank <= 10),
    'congestion', (
      select json_object_agg(c.aisle, c.congestion)
        from app_private.aisle_congestion_runs r
        join app_private.aisle_congestion c on c.tenant_id = r.tenant_id and c.facility_id = r.facility_id
       where r.tenant_id = (select id from tenant) and r.facility_id = p_facility_id
         and r.computed_at > now() - interval '15 minutes'),
    'congestionFresh', exists (
      select from app_private.aisle_congestion_runs r
       where r.tenant_id = (select id from tenant) and r.facility_id = p_facility_id
         and r.computed_at > now() - interval '15 minutes'),
    'model', (
      select json_build_object('version', w.model_version, 'weights', w.weights)
        from app_public.ml_model_weights w
       where w.tenant_id = (select id from tenant) and w.is_active and w.deleted_at is null),
    'slotShares', (
      select json_object_agg(s.material_id, s.slot_share)
        from app_private.material_slotting s
       where s.tenant_id = (select id from tenant) and s.facility_id = p_facility_id
         and s.material_id = any(p_material_ids))
  );
$$;
comment on function app_hidden.putaway_factor_data(uuid, uuid[]) is
  E'Affinity partners, fresh aisle congestion, the active confidence model and the adaptive slot shares at the '
  'facility of the current tenant, for a batch''s materials.';
