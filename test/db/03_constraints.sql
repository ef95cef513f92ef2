/*
 * Constraints and the stock ledger: data stays sane whatever a client sends.
 */
begin;
select plan(24);

select tests.create_tenant_fixture('tenant_a');
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'tenant_a')::text, true);
select set_config('tests.r1', tests.id_of('locations', 'R-01', 'tenant_a')::text, true);
select set_config('tests.r2', tests.id_of('locations', 'R-02', 'tenant_a')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'tenant_a')::text, true);

-- Confidence scores: chk_confidence_score_range keeps them in [0, 1].
create function pg_temp.recommend(p_confidence numeric) returns void
  language sql
as $$
  insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
    cubic_feet, weight_lbs, algorithm, confidence_score, reason_code)
  values (tests.tenant_id('tenant_a'), current_setting('tests.facility')::uuid, current_setting('tests.sku1')::uuid,
          current_setting('tests.r2')::uuid, 1, 1, 10, 'FFD', p_confidence, 'TEST');
$$;
select throws_ok('select pg_temp.recommend(1.5)', '23514',
  'new row for relation "putaway_recommendations" violates check constraint "chk_confidence_score_range"',
  'a confidence score of 1.5 is refused by chk_confidence_score_range');
select throws_ok('select pg_temp.recommend(-0.001)', '23514', null, 'a negative confidence score is refused');
select lives_ok('select pg_temp.recommend(0)', 'a confidence score of 0 is accepted');
select lives_ok('select pg_temp.recommend(1)', 'a confidence score of 1 is accepted');

-- The ledger: stock changes only through transactions, and never goes negative.
create function pg_temp.move(p_type text, p_quantity numeric, p_from text default null) returns void
  language sql
as $$
  insert into app_public.inventory_transactions (facility_id, transaction_type, material_id, lot_number, location_id,
                                                 from_location_id, quantity)
  values (current_setting('tests.facility')::uuid, p_type::app_public.transaction_type,
          current_setting('tests.sku1')::uuid, 'L1', current_setting('tests.r1')::uuid,
          case when p_from is null then null else current_setting(p_from)::uuid end, p_quantity);
$$;
create function pg_temp.on_hand(p_location text) returns numeric
  language sql
as $$
  select coalesce(sum(quantity_on_hand), 0) from app_public.lots
   where location_id = current_setting(p_location)::uuid and material_id = current_setting('tests.sku1')::uuid
     and lot_number = 'L1';
$$;
select tests.authenticate_as('tenant_a', 'operator');
select is(pg_temp.on_hand('tests.r1'), 5.000, 'the fixture''s receipt put 5 units of lot L1 in R-01');
select throws_ok('select pg_temp.move(''PICK'', -6)', 'STOCK', null, 'picking 6 of 5 on hand is refused');
select is(pg_temp.on_hand('tests.r1'), 5.000, 'the refused pick changed nothing');
select lives_ok('select pg_temp.move(''PICK'', -5)', 'picking all 5 on hand is allowed');
select is(pg_temp.on_hand('tests.r1'), 0.000, 'after picking everything, 0 are on hand');
select throws_ok('select pg_temp.move(''ADJUSTMENT'', -1)', 'STOCK', null, 'an adjustment cannot make stock negative');
select throws_ok('select pg_temp.move(''RECEIPT'', -1)', '23514', null, 'a receipt must have a positive quantity');
select throws_ok('select pg_temp.move(''PICK'', 1)', '23514', null, 'a pick must have a negative quantity');
select throws_ok('select pg_temp.move(''MOVE'', 1)', '23514', null, 'a move needs a source location');
select throws_ok('select pg_temp.move(''RECEIPT'', ''NaN'')', '23514', null, 'a NaN quantity is refused');
select lives_ok('select pg_temp.move(''RECEIPT'', 4)', 'receiving 4 units');
select throws_ok(
  $$insert into app_public.inventory_transactions (facility_id, transaction_type, material_id, lot_number, location_id,
                                                   from_location_id, quantity)
    values (current_setting('tests.facility')::uuid, 'MOVE', current_setting('tests.sku1')::uuid, 'L1',
            current_setting('tests.r2')::uuid, current_setting('tests.r1')::uuid, 5)$$,
  'STOCK', null, 'moving 5 out of a location holding 4 is refused');
select lives_ok(
  $$insert into app_public.inventory_transactions (facility_id, transaction_type, material_id, lot_number, location_id,
                                                   from_location_id, quantity)
    values (current_setting('tests.facility')::uuid, 'MOVE', current_setting('tests.sku1')::uuid, 'L1',
            current_setting('tests.r2')::uuid, current_setting('tests.r1')::uuid, 3)$$,
  'moving 3 of 4 from R-01 to R-02');
select is(array[pg_temp.on_hand('tests.r1'), pg_temp.on_hand('tests.r2')], array[1.000, 3.000],
  'the move left 1 in R-01 and put 3 in R-02');
select throws_ok(
  $$update app_public.lots set quantity_on_hand = 100 where location_id = current_setting('tests.r1')::uuid$$,
  '42501', null, 'nobody writes quantity_on_hand directly: stock moves through transactions');
select tests.clear_authentication();

-- Master data: positive dimensions and capacities; a location's zone lies in its facility.
select tests.authenticate_as('tenant_a', 'supervisor');
select throws_ok(
  $$insert into app_public.locations (facility_id, zone_id, code, inner_length_in, inner_width_in, inner_height_in,
                                      max_cubic_feet, max_weight_lbs)
    values (current_setting('tests.facility')::uuid, (select zone_id from app_public.zones where code = 'RSV'),
            'BAD-1', 10, 10, 10, 0, 100)$$,
  '23514', null, 'a location with no volume capacity is refused');
select throws_ok(
  $$insert into app_public.materials (code, unit_length_in, unit_width_in, unit_height_in) values ('BAD', 1, -2, 3)$$,
  '23514', null, 'a material with a negative dimension is refused');
select throws_ok(
  $$insert into app_public.materials (code, hazmat_class) values ('BAD', 'flammable')$$,
  '23514', null, 'a hazmat class must be a UN class such as 3 or 2.1');
select tests.clear_authentication();

-- Roles: operators record transactions but do not maintain master data.
select tests.authenticate_as('tenant_a', 'operator');
select throws_ok($$insert into app_public.materials (code) values ('NEW-1')$$, '42501', null,
  'an operator cannot create materials');
select tests.clear_authentication();

-- Audit columns follow the user who changed the row.
select tests.authenticate_as('tenant_a', 'supervisor');
update app_public.materials set description = 'Widget' where code = 'SKU-1';
select tests.clear_authentication();
select is((select updated_by from app_public.materials where tenant_id = tests.tenant_id('tenant_a') and code = 'SKU-1'),
  tests.user_id('tenant_a', 'supervisor'), 'updated_by is the supervisor who changed the material');

select * from finish();
rollback;
