/*
 * Bin utilization cache and its debounced refresh, ABC reclassification, SKU affinity and aisle congestion,
 * each on constructed data with answers worked out by hand.
 */
begin;
select plan(25);

select tests.create_tenant_fixture('util');
select set_config('tests.tenant', tests.tenant_id('util')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'util')::text, true);
select set_config('tests.r1', tests.id_of('locations', 'R-01', 'util')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'util')::text, true);
create function pg_temp.refresh_jobs() returns bigint
  language sql
as $$
  select count(*) from graphile_worker.jobs
   where task_identifier = 'refresh_bin_utilization'
     and key = 'refresh_bin_utilization:' || current_setting('tests.tenant') || ':' || current_setting('tests.facility');
$$;
create function pg_temp.receive(p_count integer) returns void
  language sql
as $$
  insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
  select current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, 'RECEIPT', current_setting('tests.sku1')::uuid,
         'B' || n, current_setting('tests.r1')::uuid, 0.01
    from generate_series(1, p_count) n;
$$;

-- Debounced refresh: the fixture's receipt already queued one job for the facility.
select is(pg_temp.refresh_jobs(), 1::bigint, 'the fixture''s stock movement queued one refresh job for its facility');
select lives_ok('select pg_temp.receive(100)', 'a burst of 100 receipts in one statement');
select lives_ok('select pg_temp.receive(1) from generate_series(1, 20)', 'then 20 more statements');
select is(pg_temp.refresh_jobs(), 1::bigint, 'still one queued refresh job for the facility');
select ok((select run_at > now() and run_at <= now() + interval '5 seconds' from graphile_worker.jobs
            where task_identifier = 'refresh_bin_utilization' and key like '%' || current_setting('tests.facility')),
  'the refresh runs a few seconds later');
-- Another transaction (simulated by clearing the transaction-local flag) keeps the same job and its time.
create temp table first_run as select run_at from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'
  and key like '%' || current_setting('tests.facility');
select set_config('buo.refresh_queued_' || replace(current_setting('tests.facility'), '-', ''), '', true);
select pg_temp.receive(5);
select is(pg_temp.refresh_jobs(), 1::bigint, 'a burst in the next transaction adds no job');
select is((select run_at from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'
             and key like '%' || current_setting('tests.facility')), (select run_at from first_run),
  'and leaves the first run time in place');
-- The runbook: disabling the triggers stops the queueing, and nothing else.
delete from graphile_worker._private_jobs;
alter table app_public.lots disable trigger refresh_bin_utilization_on_lot_change;
alter table app_public.inventory_transactions disable trigger refresh_bin_utilization_on_transaction;
select set_config('buo.refresh_queued_' || replace(current_setting('tests.facility'), '-', ''), '', true);
select lives_ok('select pg_temp.receive(3)', 'receipts with both triggers disabled');
select is(pg_temp.refresh_jobs(), 0::bigint, 'with the triggers disabled no refresh is queued');
select is((select sum(quantity_on_hand) from app_public.lots where location_id = current_setting('tests.r1')::uuid and lot_number like 'B%'),
  1.280, 'stock is still applied to lots: 128 receipts of 0.01');
select ok(app_private.rebuild_location_occupancy(current_setting('tests.tenant')::uuid) = 0,
  'and occupancy is still kept exactly');
alter table app_public.lots enable trigger refresh_bin_utilization_on_lot_change;
alter table app_public.inventory_transactions enable trigger refresh_bin_utilization_on_transaction;

-- The cache agrees with the base tables after a refresh.
select lives_ok('select app_private.scheduled_refresh_bin_utilization()', 'scheduled_refresh_bin_utilization() runs');
select is_empty($$
  select c.location_id from app_public.bin_utilization_cache c
    join app_public.locations l on l.tenant_id = c.tenant_id and l.location_id = c.location_id
   where c.scope = 'LOCATION' and c.tenant_id = current_setting('tests.tenant')::uuid
     and (c.cubic_feet_on_hand, c.cubic_feet_reserved, c.capacity_cubic_feet) is distinct from (
       (select coalesce(sum(round(lot.quantity_on_hand * m.unit_cubic_feet, 4)), 0) from app_public.lots lot
          join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
         where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id),
       (select coalesce(sum(p.cubic_feet), 0) from app_public.putaway_recommendations p
         where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING'),
       l.max_cubic_feet)
$$, 'every location row agrees with lots, PENDING recommendations and capacity');
select results_eq($$
  select cubic_feet_on_hand, capacity_cubic_feet, cubic_utilization_pct, location_count from app_public.bin_utilization_cache
   where tenant_id = current_setting('tests.tenant')::uuid and scope = 'FACILITY'
$$, $$ values (6.2800::numeric, 404.000::numeric, 1.55::numeric, 3) $$,
  'the facility rollup sums its locations: 6.28 of 404 cubic feet, 1.55 %');
select results_eq($$
  select scope, scope_key from app_public.bin_utilization_cache
   where tenant_id = current_setting('tests.tenant')::uuid and scope in ('AISLE', 'FACILITY') order by scope, scope_key
$$, $$ values ('AISLE', ''), ('AISLE', 'A01'), ('FACILITY', '') $$,
  'aisle rollups, with one for locations outside any aisle');
select isnt((select refreshed_at from app_private.bin_utilization_refreshes where facility_id = current_setting('tests.facility')::uuid),
  null, 'the refresh time is recorded per facility');

-- ABC: 100 picks over five materials: 50, 30, 10, 6, 4; a sixth never picked.
create function pg_temp.abc_fixture() returns void
  language plpgsql
as $$
declare
  v_counts integer[] := array[50, 30, 10, 6, 4, 0];
  v_material uuid;
begin
  for i in 1..6 loop
    insert into app_public.materials (tenant_id, code, unit_cubic_feet, unit_weight_lbs, abc_class)
      values (current_setting('tests.tenant')::uuid, 'ABC-' || i, 0.001, 0.001, 'B') returning material_id into v_material;
    if v_counts[i] > 0 then
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
        values (current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, 'RECEIPT', v_material, 'P',
                current_setting('tests.r1')::uuid, v_counts[i]);
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
        select current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, 'PICK', v_material, 'P',
               current_setting('tests.r1')::uuid, -1 from generate_series(1, v_counts[i]);
    end if;
  end loop;
end;
$$;
select pg_temp.abc_fixture();
select lives_ok($$select * from app_private.reclassify_abc(current_setting('tests.tenant')::uuid, interval '90 days', 0.80, 0.95)$$,
  'reclassify_abc runs with 80/15/5 cut-offs');
select results_eq($$
  select code, abc_class::text from app_public.materials
   where tenant_id = current_setting('tests.tenant')::uuid and code like 'ABC-%' order by code
$$, $$ values ('ABC-1', 'A'), ('ABC-2', 'A'), ('ABC-3', 'B'), ('ABC-4', 'B'), ('ABC-5', 'C'), ('ABC-6', 'C') $$,
  'A until 80 % of picks are covered (50, 30), B until 95 % (10, 6), C after (4) and for no picks');
select throws_ok($$select * from app_private.reclassify_abc(current_setting('tests.tenant')::uuid, interval '90 days', 0.9, 0.5)$$,
  'INVAL', null, 'cut-offs out of order are refused');

-- SKU affinity: orders {X, Y}, {X, Y}, {X, Z}, {Y}.
create function pg_temp.affinity_fixture() returns void
  language plpgsql
as $$
declare
  v_order uuid;
  v_sets text[][] := array[['X', 'Y'], ['X', 'Y'], ['X', 'Z'], ['Y', '']];
begin
  insert into app_public.materials (tenant_id, code) select current_setting('tests.tenant')::uuid, c from unnest(array['X', 'Y', 'Z']) c;
  for i in 1..4 loop
    insert into app_public.outbound_orders (tenant_id, facility_id, order_number, due_at)
      values (current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, 'AFF-' || i, now())
      returning outbound_order_id into v_order;
    insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
      select current_setting('tests.tenant')::uuid, v_order, k, m.material_id, 1, now()
        from unnest(v_sets[i:i][1:2]) with ordinality as s(code, k)
        join app_public.materials m on m.tenant_id = current_setting('tests.tenant')::uuid and m.code = s.code;
  end loop;
end;
$$;
select pg_temp.affinity_fixture();
select lives_ok('select app_private.refresh_sku_affinity()', 'refresh_sku_affinity() runs');
select results_eq($$
  select a.code, b.code, s.orders_together, s.support, s.confidence, s.lift
    from app_private.sku_affinity s
    join app_public.materials a on a.tenant_id = s.tenant_id and a.material_id = s.material_id
    join app_public.materials b on b.tenant_id = s.tenant_id and b.material_id = s.partner_id
   where s.tenant_id = current_setting('tests.tenant')::uuid and a.code in ('X', 'Y', 'Z')
   order by 1, 2
$$, $$ values ('X', 'Y', 2, 0.400000::numeric, 0.666667::numeric, 1.111111::numeric),
              ('Y', 'X', 2, 0.400000::numeric, 0.666667::numeric, 1.111111::numeric) $$,
  'X and Y: together in 2 of 5 orders (support 0.4), 2 of 3 of each one''s orders (confidence), lift 2·5/(3·3); X–Z only once: left out');

-- Congestion: 6 picks in aisle A01, none elsewhere (the fixture's orders count too: 5 orders above).
select lives_ok($$select app_private.refresh_aisle_congestion(interval '30 minutes')$$, 'refresh_aisle_congestion() runs');
select results_eq($$
  select aisle, congestion from app_private.aisle_congestion where facility_id = current_setting('tests.facility')::uuid
$$, $$ values ('A01', 1.00000::numeric) $$, 'the only busy aisle is the busiest: congestion 1');
select ok((select computed_at = now() from app_private.aisle_congestion_runs where facility_id = current_setting('tests.facility')::uuid),
  'the run is recorded for the facility, busy or not');

-- Readiness figures.
select ok((select (app_hidden.optimization_health()::jsonb) ?& array['oldestCacheRefreshAt', 'activeModels', 'lowestModelAccuracy', 'oldestCongestionAt']),
  'optimization_health() reports cache age, models and congestion age');

select * from finish();
rollback;
