--! Previous: sha1:ba8e452861425b4f0c674e357398d6f90edeaad6
--! Hash: sha1:4d6d50125fa8fb8e9ad583b6763d07609cac6bb3
--! Message: Utilization cache, refresh triggers, ABC, affinity, congestion, model metrics, readiness

--! split: 0001-reset.sql
/*
 * Live utilization and learning: the bin_utilization_cache materialized view and its refresh (debounced
 * from the seed's triggers, scheduled by the worker), ABC reclassification, SKU affinity, aisle congestion,
 * the confidence model's metrics, and the readiness summary. Drops first, in reverse order, so that this
 * file can run again and again.
 */
drop function if exists app_hidden.optimization_health();
drop function if exists app_hidden.putaway_factor_data(uuid, uuid[]);
drop function if exists app_private.refresh_aisle_congestion(interval);
drop table if exists app_private.aisle_congestion;
drop table if exists app_private.aisle_congestion_runs;
drop function if exists app_private.refresh_sku_affinity();
drop materialized view if exists app_private.sku_affinity;
drop function if exists app_private.reclassify_abc(uuid, interval, numeric, numeric);
drop trigger if exists refresh_bin_utilization_on_transaction on app_public.inventory_transactions;
drop trigger if exists refresh_bin_utilization_on_lot_change on app_public.lots;
drop function if exists app_private.tg__queue_bin_utilization_refresh();
drop function if exists app_private.scheduled_refresh_bin_utilization();
drop view if exists app_public.bin_utilization;
drop materialized view if exists app_public.bin_utilization_cache;
drop table if exists app_private.bin_utilization_refreshes;
alter table app_public.ml_model_weights
  drop column if exists accuracy,
  drop column if exists auc,
  drop column if exists brier_score,
  drop column if exists sample_size,
  drop column if exists holdout_size,
  drop column if exists activated_at;

--! split: 0310-bin-utilization-cache.sql
/*
 * Utilization per location, rolled up per aisle, zone and facility, in one materialized view (column
 * `scope` says which). The exact figures the engine plans with live in app_private.location_occupancy; this
 * view is the reporting copy, refreshed a few seconds after stock moves and every 10 minutes. Materialized
 * views have no row-level security, so the visitor reads it through the tenant-filtered view
 * app_public.bin_utilization.
 */
create table app_private.bin_utilization_refreshes (
  tenant_id uuid not null,
  facility_id uuid not null,
  refreshed_at timestamptz not null,
  duration_ms numeric(12,3) not null,
  constraint bin_utilization_refreshes_pkey primary key (tenant_id, facility_id),
  constraint bin_utilization_refreshes_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
comment on table app_private.bin_utilization_refreshes is
  E'When bin_utilization_cache was last refreshed, per tenant and facility (its age is a metric and a readiness check).';

create materialized view app_public.bin_utilization_cache as
with per_location as (
  select l.tenant_id, l.facility_id, l.zone_id, l.aisle, l.location_id, l.max_cubic_feet, l.max_weight_lbs,
         o.cubic_feet_on_hand, o.weight_lbs_on_hand, o.cubic_feet_reserved, o.weight_lbs_reserved,
         (select max(lot.last_movement_at) from app_public.lots lot
           where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id) as last_movement_at
    from app_public.locations l
    join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
   where l.deleted_at is null
), rolled as (
  select tenant_id, facility_id, zone_id, aisle, location_id,
         case when grouping(location_id) = 0 then 'LOCATION'
              when grouping(aisle) = 0 then 'AISLE'
              when grouping(zone_id) = 0 then 'ZONE'
              else 'FACILITY' end as scope,
         count(*)::integer as location_count,
         sum(max_cubic_feet) as capacity_cubic_feet,
         sum(max_weight_lbs) as capacity_weight_lbs,
         sum(cubic_feet_on_hand) as cubic_feet_on_hand,
         sum(weight_lbs_on_hand) as weight_lbs_on_hand,
         sum(cubic_feet_reserved) as cubic_feet_reserved,
         sum(weight_lbs_reserved) as weight_lbs_reserved,
         max(last_movement_at) as last_movement_at
    from per_location
   group by grouping sets ((tenant_id, facility_id, zone_id, aisle, location_id), (tenant_id, facility_id, aisle),
                           (tenant_id, facility_id, zone_id), (tenant_id, facility_id))
)
select tenant_id, facility_id, scope,
       case scope when 'LOCATION' then location_id::text
                  when 'AISLE' then coalesce(aisle, '')
                  when 'ZONE' then zone_id::text
                  else '' end as scope_key,
       case when scope in ('LOCATION', 'ZONE') then zone_id end as zone_id,
       case when scope in ('LOCATION', 'AISLE') then aisle end as aisle,
       location_id,
       location_count, capacity_cubic_feet, capacity_weight_lbs, cubic_feet_on_hand, weight_lbs_on_hand,
       cubic_feet_reserved, weight_lbs_reserved,
       round(100 * cubic_feet_on_hand / nullif(capacity_cubic_feet, 0), 2) as cubic_utilization_pct,
       round(100 * weight_lbs_on_hand / nullif(capacity_weight_lbs, 0), 2) as weight_utilization_pct,
       round(100 * (cubic_feet_on_hand + cubic_feet_reserved) / nullif(capacity_cubic_feet, 0), 2) as committed_cubic_pct,
       last_movement_at,
       now() as refreshed_at
  from rolled;
create unique index bin_utilization_cache_key on app_public.bin_utilization_cache (tenant_id, facility_id, scope, scope_key);
comment on materialized view app_public.bin_utilization_cache is
  E'@behavior -*\nUtilization per location with rollups per AISLE, ZONE and FACILITY (column scope); refreshed '
  'by scheduled_refresh_bin_utilization(). Read it through app_public.bin_utilization.';

create view app_public.bin_utilization with (security_barrier) as
  select * from app_public.bin_utilization_cache where tenant_id = app_public.current_tenant_id();
grant select on app_public.bin_utilization to :DATABASE_VISITOR;
comment on view app_public.bin_utilization is
  E'@primaryKey tenant_id,facility_id,scope,scope_key\n'
  'Bin utilization of the current tenant: per location, and rolled up per aisle, zone and facility (scope). '
  'Refreshed a few seconds after stock moves and every 10 minutes; refreshedAt says when.';
comment on column app_public.bin_utilization.scope is E'LOCATION, AISLE, ZONE or FACILITY.';
comment on column app_public.bin_utilization.cubic_utilization_pct is E'Cubic feet on hand as a percentage of capacity.';
comment on column app_public.bin_utilization.weight_utilization_pct is E'Weight on hand as a percentage of the load limit.';
comment on column app_public.bin_utilization.committed_cubic_pct is E'On hand plus PENDING reservations, as a percentage of capacity.';

/*
 * Refreshes the view (without blocking readers) and records the time for every facility: a materialized
 * view refreshes as a whole, so every facility's figures are fresh afterwards.
 */
create function app_private.scheduled_refresh_bin_utilization() returns integer
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_count integer;
begin
  refresh materialized view concurrently app_public.bin_utilization_cache;
  insert into app_private.bin_utilization_refreshes (tenant_id, facility_id, refreshed_at, duration_ms)
    select f.tenant_id, f.facility_id, clock_timestamp(),
           round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 3)
      from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;
comment on function app_private.scheduled_refresh_bin_utilization() is
  E'Refreshes bin_utilization_cache concurrently and records the time per facility; returns the facilities recorded.';

--! split: 0320-refresh-triggers.sql
/*
 * The seed's triggers queue a refresh a few seconds after stock moves. The job key is per tenant and
 * facility with mode preserve_run_at, so a burst of any size queues one refresh that runs 5 seconds after
 * the burst began; within one transaction the job is queued once (a transaction-local flag per facility).
 * `ALTER TABLE lots DISABLE TRIGGER refresh_bin_utilization_on_lot_change` stops the queueing and nothing
 * else: stock and occupancy are kept by other triggers.
 */
create function app_private.tg__queue_bin_utilization_refresh() returns trigger
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
    json_build_object('tenantId', v_tenant_id, 'facilityId', v_facility_id),
    run_at => now() + interval '5 seconds',
    job_key => 'refresh_bin_utilization:' || v_tenant_id || ':' || v_facility_id,
    job_key_mode => 'preserve_run_at',
    max_attempts => 5);
  perform set_config(v_flag, 'yes', true);
  return null;
end;
$$;
comment on function app_private.tg__queue_bin_utilization_refresh() is
  E'Trigger: queues one debounced refresh_bin_utilization job per tenant and facility.';
create trigger refresh_bin_utilization_on_lot_change after insert or update or delete on app_public.lots
  for each row execute function app_private.tg__queue_bin_utilization_refresh();
create trigger refresh_bin_utilization_on_transaction after insert on app_public.inventory_transactions
  for each row execute function app_private.tg__queue_bin_utilization_refresh();

--! split: 0330-abc-reclassification.sql
/*
 * ABC velocity classes from picking: materials ranked by the number of PICK transactions in the window;
 * A while the picks of the materials ranked above stay under p_a_share of all picks (so the top material is
 * always A), B under p_b_share, C after that and for materials not picked at all. Nothing changes when the
 * window has no picks. Returns the materials whose class changed.
 */
create function app_private.reclassify_abc(
  p_tenant_id uuid, p_window interval default interval '90 days', p_a_share numeric default 0.80,
  p_b_share numeric default 0.95
) returns table (material_id uuid, code text, previous_class app_public.abc_class, new_class app_public.abc_class, picks bigint)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
begin
  if not (p_a_share > 0 and p_a_share <= p_b_share and p_b_share <= 1) then
    raise exception 'ABC cut-offs must satisfy 0 < A share <= B share <= 1 (got % and %)', p_a_share, p_b_share
      using errcode = 'INVAL';
  end if;
  return query
  with picks as (
    select m.material_id, m.code, m.abc_class,
           (select count(*) from app_public.inventory_transactions t
             where t.tenant_id = m.tenant_id and t.material_id = m.material_id and t.transaction_type = 'PICK'
               and t.occurred_at >= now() - p_window) as picks
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
  ), ranked as (
    select p.*, coalesce(sum(p.picks) over (order by p.picks desc, p.code rows between unbounded preceding and 1 preceding), 0) as before,
           sum(p.picks) over () as total
      from picks p
  ), classified as (
    select r.material_id, r.code, r.abc_class as previous_class, r.picks,
           case when r.picks > 0 and r.before < p_a_share * r.total then 'A'
                when r.picks > 0 and r.before < p_b_share * r.total then 'B'
                else 'C' end::app_public.abc_class as new_class
      from ranked r
     where r.total > 0
  ), changed as (
    update app_public.materials m set abc_class = c.new_class
      from classified c
     where m.tenant_id = p_tenant_id and m.material_id = c.material_id and m.abc_class is distinct from c.new_class
    returning m.material_id
  )
  select c.material_id, c.code, c.previous_class, c.new_class, c.picks
    from classified c join changed using (material_id)
   order by c.picks desc, c.code;
end;
$$;
comment on function app_private.reclassify_abc(uuid, interval, numeric, numeric) is
  E'Sets materials'' ABC classes from their PICK counts in a window (cumulative shares p_a_share, p_b_share); returns the changes.';

--! split: 0340-sku-affinity.sql
/*
 * SKU affinity: how often two materials are ordered together, from the outbound order lines of the last 90
 * days (cancelled ones left out). For an ordered pair (material, partner): support (share of all orders with
 * both), confidence (share of the material's orders that also hold the partner) and lift (confidence over
 * the partner's own share; above 1 means they go together more than chance). Pairs seen in fewer than two
 * orders are left out. ENHANCED scores a location by the confidence of partners stored in its aisle.
 */
create materialized view app_private.sku_affinity as
with order_materials as (
  select distinct ol.tenant_id, ol.outbound_order_id, ol.material_id
    from app_public.outbound_order_lines ol
    join app_public.outbound_orders o on o.tenant_id = ol.tenant_id and o.outbound_order_id = ol.outbound_order_id
   where ol.deleted_at is null and o.deleted_at is null and o.status <> 'CANCELLED' and ol.status <> 'CANCELLED'
     and o.due_at > now() - interval '90 days'
), totals as (
  select tenant_id, count(distinct outbound_order_id) as orders from order_materials group by tenant_id
), singles as (
  select tenant_id, material_id, count(*) as orders from order_materials group by tenant_id, material_id
), pairs as (
  select a.tenant_id, a.material_id, b.material_id as partner_id, count(*) as together
    from order_materials a
    join order_materials b on b.tenant_id = a.tenant_id and b.outbound_order_id = a.outbound_order_id
                          and b.material_id <> a.material_id
   group by a.tenant_id, a.material_id, b.material_id
)
select p.tenant_id, p.material_id, p.partner_id, p.together::integer as orders_together,
       round(p.together::numeric / t.orders, 6) as support,
       round(p.together::numeric / sa.orders, 6) as confidence,
       round(p.together::numeric * t.orders / (sa.orders * sb.orders), 6) as lift,
       now() as computed_at
  from pairs p
  join totals t on t.tenant_id = p.tenant_id
  join singles sa on sa.tenant_id = p.tenant_id and sa.material_id = p.material_id
  join singles sb on sb.tenant_id = p.tenant_id and sb.material_id = p.partner_id
 where p.together >= 2;
create unique index sku_affinity_key on app_private.sku_affinity (tenant_id, material_id, partner_id);
comment on materialized view app_private.sku_affinity is
  E'Pairs of materials ordered together (last 90 days): support, confidence, lift. Refreshed by the worker.';

create function app_private.refresh_sku_affinity() returns bigint
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  refresh materialized view concurrently app_private.sku_affinity;
  return (select count(*) from app_private.sku_affinity);
end;
$$;
comment on function app_private.refresh_sku_affinity() is E'Refreshes app_private.sku_affinity; returns its number of pairs.';

--! split: 0350-aisle-congestion.sql
/*
 * Aisle congestion: PICK and PUTAWAY transactions per aisle over the last minutes, relative to the busiest
 * aisle of the facility (0 quiet, 1 the busiest). Recomputed every minute by the worker; ENHANCED reads it
 * while it is fresh (15 minutes) and goes without it otherwise.
 */
create table app_private.aisle_congestion_runs (
  tenant_id uuid not null,
  facility_id uuid not null,
  computed_at timestamptz not null,
  window_minutes integer not null,
  constraint aisle_congestion_runs_pkey primary key (tenant_id, facility_id),
  constraint aisle_congestion_runs_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
create table app_private.aisle_congestion (
  tenant_id uuid not null,
  facility_id uuid not null,
  aisle text not null,
  movements integer not null,
  congestion numeric(6,5) not null,
  constraint aisle_congestion_pkey primary key (tenant_id, facility_id, aisle),
  constraint aisle_congestion_run_fkey foreign key (tenant_id, facility_id)
    references app_private.aisle_congestion_runs (tenant_id, facility_id) on delete cascade
);
comment on table app_private.aisle_congestion is E'Movements per aisle in the last window, and congestion relative to the busiest aisle.';

create function app_private.refresh_aisle_congestion(p_window interval default interval '30 minutes') returns integer
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_count integer;
begin
  insert into app_private.aisle_congestion_runs (tenant_id, facility_id, computed_at, window_minutes)
    select f.tenant_id, f.facility_id, now(), (extract(epoch from p_window) / 60)::integer from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set computed_at = excluded.computed_at, window_minutes = excluded.window_minutes;
  delete from app_private.aisle_congestion;
  insert into app_private.aisle_congestion (tenant_id, facility_id, aisle, movements, congestion)
    select c.tenant_id, c.facility_id, c.aisle, c.movements,
           round(c.movements::numeric / nullif(max(c.movements) over (partition by c.tenant_id, c.facility_id), 0), 5)
      from (select t.tenant_id, t.facility_id, l.aisle, count(*)::integer as movements
              from app_public.inventory_transactions t
              join app_public.locations l on l.tenant_id = t.tenant_id and l.location_id = t.location_id
             where t.occurred_at >= now() - p_window and t.transaction_type in ('PICK', 'PUTAWAY')
               and l.aisle is not null
             group by t.tenant_id, t.facility_id, l.aisle) c;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;
comment on function app_private.refresh_aisle_congestion(interval) is
  E'Recomputes aisle congestion for every facility from the last window of PICK and PUTAWAY transactions.';

--! split: 0360-model-metrics.sql
/*
 * The confidence model's hold-out quality, as columns for dashboards and the readiness check (the full
 * report stays in metrics).
 */
alter table app_public.ml_model_weights
  add column accuracy numeric(6,5),
  add column auc numeric(6,5),
  add column brier_score numeric(8,6),
  add column sample_size integer,
  add column holdout_size integer,
  add column activated_at timestamptz;
comment on column app_public.ml_model_weights.accuracy is E'Share of hold-out decisions predicted right (threshold 0.5).';
comment on column app_public.ml_model_weights.auc is E'Area under the ROC curve on the hold-out.';
comment on column app_public.ml_model_weights.brier_score is E'Mean squared error of the predicted probabilities on the hold-out (lower is better).';
comment on column app_public.ml_model_weights.sample_size is E'Decided recommendations used for training.';
comment on column app_public.ml_model_weights.holdout_size is E'Most recent decided recommendations kept out of training to judge the model.';

--! split: 0370-engine-factor-data.sql
/*
 * The optional data ENHANCED and the confidence score use, for a batch's materials: affinity partners with
 * lift above 1 (up to 10 per material, by confidence), fresh aisle congestion, and the tenant's active model.
 * Read once per request, next to the putaway snapshot.
 */
create function app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) returns json
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
       where w.tenant_id = (select id from tenant) and w.is_active and w.deleted_at is null)
  );
$$;
comment on function app_hidden.putaway_factor_data(uuid, uuid[]) is
  E'Affinity partners, fresh aisle congestion and the active confidence model of the current tenant, for a batch''s materials.';

/*
 * putaway_layout_json takes a tenant id and serves only putaway_snapshot (which passes the caller's own):
 * nobody else may call it.
 */
revoke execute on function app_hidden.putaway_layout_json(uuid, uuid) from public, :DATABASE_VISITOR;

--! split: 0380-optimization-health.sql
/*
 * One bounded query for the readiness endpoint: ages and the weakest active model, across all tenants.
 * Aggregates only; callable by the visitor role.
 */
create function app_hidden.optimization_health() returns json
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select json_build_object(
    'facilities', (select count(*) from app_public.facilities where deleted_at is null),
    'oldestCacheRefreshAt', (
      select min(coalesce(r.refreshed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'activeModels', (select count(*) from app_public.ml_model_weights where is_active and deleted_at is null),
    'lowestModelAccuracy', (select min(accuracy) from app_public.ml_model_weights where is_active and deleted_at is null),
    'oldestCongestionAt', (
      select min(coalesce(r.computed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.aisle_congestion_runs r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'now', now()
  );
$$;
comment on function app_hidden.optimization_health() is
  E'Readiness figures across tenants: cache and congestion ages, the weakest active model''s accuracy.';
