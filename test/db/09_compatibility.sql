/*
 * The room stock takes and compatibility, owned by the database: the one room rule (declared room kept,
 * never below master data) through putaways, receipts, picks, moves and master-data corrections, always in
 * agreement with rebuild_location_occupancy; reservations applied per statement with the capacity check;
 * app_hidden.location_accepts for each rule; confirm_putaway refusing an incompatible location.
 */
begin;
select plan(48);

select tests.create_tenant_fixture('cmp');
select tests.create_tenant_fixture('cmp_other');
select set_config('tests.tenant', tests.tenant_id('cmp')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'cmp')::text, true);
select set_config('tests.r1', tests.id_of('locations', 'R-01', 'cmp')::text, true);
select set_config('tests.r2', tests.id_of('locations', 'R-02', 'cmp')::text, true);
select set_config('tests.s1', tests.id_of('locations', 'S-01', 'cmp')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'cmp')::text, true);
select set_config('tests.sku2', tests.id_of('materials', 'SKU-2', 'cmp')::text, true);

create function pg_temp.setting(p_name text) returns uuid
  language sql
as $$ select current_setting(p_name)::uuid $$;
-- Cubic feet on hand and reserved at a location, as the triggers keep them.
create function pg_temp.kept(p_location text) returns numeric[]
  language sql
as $$
  select array[cubic_feet_on_hand, weight_lbs_on_hand, cubic_feet_reserved]
    from app_private.location_occupancy where location_id = current_setting(p_location)::uuid;
$$;
create function pg_temp.agrees() returns boolean
  language sql
as $$ select app_private.rebuild_location_occupancy(tests.tenant_id('cmp')) = 0 $$;
create function pg_temp.move(p_type text, p_quantity numeric, p_to text, p_from text default null,
  p_unit_cubic numeric default null, p_unit_weight numeric default null) returns void
  language sql
as $$
  insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                 location_id, from_location_id, quantity, unit_cubic_feet,
                                                 unit_weight_lbs)
  values (tests.tenant_id('cmp'), current_setting('tests.facility')::uuid, p_type::app_public.transaction_type,
          current_setting('tests.sku1')::uuid, 'D1', current_setting(p_to)::uuid,
          case when p_from is null then null else current_setting(p_from)::uuid end, p_quantity, p_unit_cubic,
          p_unit_weight);
$$;
create function pg_temp.accepts(p_location text, p_material text, p_lot text, p_reservations boolean default true,
  p_except uuid default null) returns text
  language sql
as $$
  select app_hidden.location_accepts(tests.tenant_id('cmp'), current_setting(p_location)::uuid,
                                     current_setting(p_material)::uuid, p_lot, p_reservations, p_except);
$$;

-- The one room rule.
select is(app_hidden.room_cubic_feet(15, 0.001, 1), 15.0000,
  'a declared unit size below master data counts as master data');
select is(app_hidden.room_cubic_feet(10, 1.5, 1), 15.0000, 'a declared unit size above master data is kept');
select is(app_hidden.room_cubic_feet(1, 15, null), 15.0000, 'without master data the declared size counts');
select is(app_hidden.room_cubic_feet(4, null, null), 0::numeric, 'with neither, stock takes no room');
select is(app_hidden.room_cubic_feet(7, 15.0 / 7, null), 15.0000, 'a total spread over the units adds up again');
select is(app_hidden.room_weight_lbs(3, null, 0.3335), 1.001, 'weight is rounded to pounds and 3 decimals');

-- Lots keep a declared unit room through every movement; occupancy always agrees with the base tables.
-- R-02 holds nothing on hand and 1 cubic foot (16 lb) reserved by the fixture's recommendation.
select lives_ok($$select pg_temp.move('PUTAWAY', 3, 'tests.r2', null, 1.5, 12)$$,
  'a putaway of 3 units declared at 1.5 cubic feet and 12 lb each');
select is(pg_temp.kept('tests.r2'), array[4.5, 36, 1]::numeric[], 'R-02 holds the declared 4.5 cubic feet and 36 lb');
select is((select array[unit_cubic_feet, unit_weight_lbs] from app_public.lots
            where location_id = pg_temp.setting('tests.r2') and lot_number = 'D1'),
  array[1.5, 12]::numeric[], 'the lot keeps the declared unit size and weight');
select lives_ok($$select pg_temp.move('RECEIPT', 1, 'tests.r2')$$,
  'a receipt of 1 more unit at master data (1 cubic foot)');
select is(pg_temp.kept('tests.r2'), array[5.5, 46, 1]::numeric[], 'the lot''s room is the sum of what came in');
select lives_ok($$select pg_temp.move('PICK', -2, 'tests.r2')$$, 'a pick of 2 units');
select is(pg_temp.kept('tests.r2'), array[2.75, 23, 1]::numeric[], 'the pick took its share of the room');
select lives_ok($$select pg_temp.move('MOVE', 1, 'tests.r1', 'tests.r2')$$, 'a move of 1 unit from R-02 to R-01');
select is(array[pg_temp.kept('tests.r1'), pg_temp.kept('tests.r2')],
  array[array[6.375, 61.5, 0], array[1.375, 11.5, 1]]::numeric[], 'the moved unit took its room with it');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after putaway, receipt, pick and move');
select lives_ok(
  $$update app_public.materials set unit_cubic_feet = 2 where material_id = pg_temp.setting('tests.sku1')$$,
  'master data grows beyond the declared size');
select is(pg_temp.kept('tests.r2'), array[2, 11.5, 1]::numeric[], 'master data is the floor again');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after the correction');
select lives_ok(
  $$update app_public.materials set unit_cubic_feet = 1 where material_id = pg_temp.setting('tests.sku1')$$,
  'master data shrinks back');
select is(pg_temp.kept('tests.r2'), array[1.375, 11.5, 1]::numeric[], 'the declared size counts again');
select throws_ok($$select pg_temp.move('PUTAWAY', 7, 'tests.r2', null, 1.5, 1)$$, 'CAPAC', null,
  'a putaway whose declared room exceeds what is free is refused');

-- Reservations are applied per statement, with the capacity check.
select throws_ok(
  $$insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
      cubic_feet, weight_lbs, algorithm, confidence_score, reason_code)
    select tests.tenant_id('cmp'), pg_temp.setting('tests.facility'), pg_temp.setting('tests.sku2'),
           pg_temp.setting('tests.r1'), 1, 2, 1, 'FFD', 0.5, 'TEST' from generate_series(1, 2)$$,
  'CAPAC', null, 'two reservations of one statement that together over-fill a location are refused together');
select lives_ok(
  $$insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
      cubic_feet, weight_lbs, algorithm, confidence_score, reason_code, lot_number)
    select tests.tenant_id('cmp'), pg_temp.setting('tests.facility'), pg_temp.setting('tests.sku2'),
           l.location_id, 1, 1, 1, 'FFD', 0.5, 'TEST', 'L7'
      from app_public.locations l where l.location_id in (pg_temp.setting('tests.r1'), pg_temp.setting('tests.r2'))$$,
  'reservations at two locations in one statement');
select is(array[(pg_temp.kept('tests.r1'))[3], (pg_temp.kept('tests.r2'))[3]], array[1, 2]::numeric[],
  'each location holds its share of the statement');
select lives_ok($$update app_public.putaway_recommendations set status = 'EXPIRED'
                   where tenant_id = tests.tenant_id('cmp') and reason_code = 'TEST'$$,
  'expiring both in one statement');
select is(array[(pg_temp.kept('tests.r1'))[3], (pg_temp.kept('tests.r2'))[3]], array[0, 1]::numeric[],
  'expiry released both');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after the statements');

-- app_hidden.location_accepts, rule by rule. R-01 holds SKU-1 lots L1 and D1; R-02 holds SKU-1 D1 and the
-- fixture's PENDING recommendation of SKU-2 lot L7.
select is(pg_temp.accepts('tests.r1', 'tests.sku1', 'L9'), null, 'an ambient, any-mix location accepts its material');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), null,
  'a class C material without a lot goes where C may go');
update app_public.locations set mixing_rule = 'SINGLE_MATERIAL' where location_id = pg_temp.setting('tests.r2');
select is(pg_temp.accepts('tests.r2', 'tests.sku1', 'D1'), 'MIXING',
  'a single-material location expecting another material (a reservation) refuses');
select is(pg_temp.accepts('tests.r2', 'tests.sku1', 'D1', false), null,
  '… unless reservations are left out (the audit)');
select is(pg_temp.accepts('tests.r2', 'tests.sku1', 'D1', true,
                          (select recommendation_id from app_public.putaway_recommendations
                            where location_id = pg_temp.setting('tests.r2') and status = 'PENDING')), null,
  '… or the reservation is the one being confirmed');
update app_public.locations set mixing_rule = 'SINGLE_LOT' where location_id = pg_temp.setting('tests.r1');
select is(pg_temp.accepts('tests.r1', 'tests.sku1', 'L1'), 'MIXING',
  'a single-lot location holding two lots refuses either');
select lives_ok($$select pg_temp.move('PICK', -1, 'tests.r1')$$, 'D1 leaves R-01, which keeps lot L1 only');
select is(pg_temp.accepts('tests.r1', 'tests.sku1', 'L1'), null, 'a single-lot location accepts its own lot');
select is(pg_temp.accepts('tests.r1', 'tests.sku1', 'L2'), 'MIXING', '… and refuses another lot');
select is(pg_temp.accepts('tests.r1', 'tests.sku1', null), 'MIXING', '… and stock without a lot number');
update app_public.materials set unit_length_in = 6, unit_width_in = 31, unit_height_in = 6
 where material_id = pg_temp.setting('tests.sku2');
select is(pg_temp.accepts('tests.s1', 'tests.sku2', null), null,
  'a 6 × 31 × 6 in unit fits a 96 × 96 × 72 in location');
update app_public.locations set mixing_rule = 'ANY' where location_id = pg_temp.setting('tests.r1');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), 'DIMENSIONS',
  'a 31 in unit fits no orientation of a 24 × 24 × 30 in location');
update app_public.locations set allowed_abc_classes = '{A}' where location_id = pg_temp.setting('tests.r1');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), 'ABC_CLASS', 'a class C material where only A may go');
update app_public.materials set abc_class = null where material_id = pg_temp.setting('tests.sku2');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), 'ABC_CLASS', 'a material without a class counts as C');
update app_public.materials set hazmat_class = '3' where material_id = pg_temp.setting('tests.sku2');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), 'HAZMAT',
  'a hazardous material where hazmat is not allowed');
update app_public.locations set temperature_class = 'FROZEN' where location_id = pg_temp.setting('tests.r1');
select is(pg_temp.accepts('tests.r1', 'tests.sku2', null), 'TEMPERATURE', 'an ambient material in a frozen location');
select is(app_hidden.location_accepts(tests.tenant_id('cmp_other'), pg_temp.setting('tests.r1'),
                                     pg_temp.setting('tests.sku1'), 'L1'),
  'NOT_FOUND', 'another tenant''s location is not found');

-- confirm_putaway refuses an incompatible location and records why; nothing else changes.
select tests.authenticate_as('cmp', 'operator');
select is((select array[outcome, refusal_reason, status::text]
             from app_hidden.confirm_putaway(
               (select recommendation_id from app_public.putaway_recommendations
                 where location_id = current_setting('tests.r2')::uuid and status = 'PENDING'),
               current_setting('tests.r1')::uuid, 'OPERATOR')),
  array['INCOMPATIBLE', 'TEMPERATURE', 'PENDING'], 'a confirmation into a frozen location refuses ambient stock');
select tests.clear_authentication();
select is((select array[source, reason] from app_public.capacity_validation_failures
            where tenant_id = tests.tenant_id('cmp') and source = 'CONFIRM_PUTAWAY'),
  array['CONFIRM_PUTAWAY', 'TEMPERATURE'], 'the refusal is recorded with its reason');
select ok(pg_temp.agrees(), 'occupancy agrees with the base tables after the refusal');

select * from finish();
rollback;
