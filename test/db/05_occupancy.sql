/*
 * Location occupancy: kept exact through every kind of stock movement and reservation, and the capacity
 * invariant (on hand + PENDING ≤ capacity) enforced for every change that adds to a location.
 */
begin;
select plan(22);

select tests.create_tenant_fixture('occ');
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'occ')::text, true);
select set_config('tests.r1', tests.id_of('locations', 'R-01', 'occ')::text, true);
select set_config('tests.r2', tests.id_of('locations', 'R-02', 'occ')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'occ')::text, true);
select set_config('tests.sku2', tests.id_of('materials', 'SKU-2', 'occ')::text, true);

-- The occupancy of a location as the triggers keep it, and as the base tables say it should be.
create function pg_temp.kept(p_location text) returns numeric[]
  language sql
as $$
  select array[cubic_feet_on_hand, weight_lbs_on_hand, cubic_feet_reserved, weight_lbs_reserved]
    from app_private.location_occupancy where location_id = current_setting(p_location)::uuid;
$$;
create function pg_temp.agrees() returns boolean
  language sql
as $$ select app_private.rebuild_location_occupancy(tests.tenant_id('occ')) = 0 $$;
create function pg_temp.move(p_type text, p_quantity numeric, p_to text, p_from text default null, p_material text default 'tests.sku1') returns void
  language sql
as $$
  insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id,
                                                 from_location_id, quantity)
  values (tests.tenant_id('occ'), current_setting('tests.facility')::uuid, p_type::app_public.transaction_type,
          current_setting(p_material)::uuid, 'L1', current_setting(p_to)::uuid,
          case when p_from is null then null else current_setting(p_from)::uuid end, p_quantity);
$$;

-- The fixture: 5 units of SKU-1 (1 cubic foot, 10 lb each) in R-01; a PENDING recommendation of 8 SKU-2
-- (1 cubic foot, 16 lb reserved) at R-02.
select is(pg_temp.kept('tests.r1'), array[5, 50, 0, 0]::numeric[], 'the fixture''s receipt is on hand in R-01');
select is(pg_temp.kept('tests.r2'), array[0, 0, 1, 16]::numeric[], 'the fixture''s recommendation is reserved in R-02');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after the fixture');

select lives_ok($$select pg_temp.move('RECEIPT', 3, 'tests.r1')$$, 'receipt of 3 into R-01');
select is(pg_temp.kept('tests.r1'), array[8, 80, 0, 0]::numeric[], 'R-01 holds 8 cubic feet, 80 lb');
select lives_ok($$select pg_temp.move('MOVE', 2, 'tests.r2', 'tests.r1')$$, 'move of 2 from R-01 to R-02');
select is(array[pg_temp.kept('tests.r1'), pg_temp.kept('tests.r2')],
  array[array[6, 60, 0, 0], array[2, 20, 1, 16]]::numeric[], 'the move shifted 2 cubic feet and 20 lb');
select lives_ok($$select pg_temp.move('PICK', -6, 'tests.r1')$$, 'pick of all 6 from R-01');
select is(pg_temp.kept('tests.r1'), array[0, 0, 0, 0]::numeric[], 'R-01 is empty after the pick');
select lives_ok($$select pg_temp.move('ADJUSTMENT', 1, 'tests.r1')$$, 'adjustment of +1');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after receipts, moves, picks and adjustments');

-- Capacity: R-02 holds 2 on hand + 1 reserved of 10 cubic feet.
select throws_ok($$select pg_temp.move('RECEIPT', 8, 'tests.r2')$$, 'CAPAC', null,
  'a receipt of 8 cubic feet into a location with 7 free is refused');
select lives_ok($$select pg_temp.move('RECEIPT', 7, 'tests.r2')$$, 'a receipt of exactly the 7 free cubic feet is allowed');
select throws_ok(
  $$insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
      cubic_feet, weight_lbs, algorithm, confidence_score, reason_code)
    values (tests.tenant_id('occ'), current_setting('tests.facility')::uuid, current_setting('tests.sku2')::uuid,
            current_setting('tests.r2')::uuid, 1, 0.0001, 0, 'FFD', 0.5, 'TEST')$$,
  'CAPAC', null, 'a reservation in a full location is refused, however small');
select lives_ok(
  $$update app_public.putaway_recommendations set status = 'EXPIRED' where location_id = current_setting('tests.r2')::uuid$$,
  'expiring the recommendation in R-02');
select is(pg_temp.kept('tests.r2'), array[9, 90, 0, 0]::numeric[], 'expiry released the reservation');
select lives_ok($$select pg_temp.move('PICK', -9, 'tests.r2')$$, 'a full location may always be emptied');

-- Master data corrections apply without the capacity check (the data-quality audit reports overflows).
select lives_ok(
  $$update app_public.materials set unit_cubic_feet = 20 where material_id = current_setting('tests.sku1')::uuid$$,
  'a material''s unit size may be corrected even when that over-fills a location');
select is(pg_temp.kept('tests.r1'), array[20, 10, 0, 0]::numeric[], 'the correction re-sized the stock on hand');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after the correction');

-- Layout versions: bumped by changes to locations and zones, once per statement.
create temp table versions as select version from app_private.facility_layout_versions
  where facility_id = current_setting('tests.facility')::uuid;
update app_public.locations set pick_sequence = pick_sequence + 1 where tenant_id = tests.tenant_id('occ');
select is((select version from app_private.facility_layout_versions where facility_id = current_setting('tests.facility')::uuid),
  (select version + 1 from versions), 'an update of three locations bumps the layout version once');
update app_public.materials set description = 'no layout change' where tenant_id = tests.tenant_id('occ');
select is((select version from app_private.facility_layout_versions where facility_id = current_setting('tests.facility')::uuid),
  (select version + 1 from versions), 'a material change leaves the layout version alone');

select * from finish();
rollback;
