/*
 * Move tasks and re-slotting plans: an OPEN task reserves its room at the target like a PENDING putaway
 * recommendation (the capacity invariant, the rebuild, mixing rules, deleting a location), WAITING and closed
 * ones hold nothing; create_move_tasks and confirm_move check who asks and what they ask for; tasks expire.
 */
begin;
select plan(24);

select tests.create_tenant_fixture('rsl');
select set_config('tests.tenant', tests.tenant_id('rsl')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'rsl')::text, true);
select set_config('tests.r1', tests.id_of('locations', 'R-01', 'rsl')::text, true);
select set_config('tests.r2', tests.id_of('locations', 'R-02', 'rsl')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'rsl')::text, true);
select set_config('tests.sku2', tests.id_of('materials', 'SKU-2', 'rsl')::text, true);

create function pg_temp.reserved(p_location text) returns numeric
  language sql
as $$
  select cubic_feet_reserved from app_private.location_occupancy
   where location_id = current_setting(p_location)::uuid;
$$;
create function pg_temp.task(p_cubic numeric, p_status text default 'OPEN', p_to text default 'tests.r2')
returns uuid
  language sql
as $$
  insert into app_public.move_tasks (tenant_id, facility_id, batch_id, sequence, material_id, lot_number, quantity,
                                     from_location_id, to_location_id, cubic_feet, weight_lbs, reason_code, status,
                                     expires_at)
  values (current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, public.uuid_generate_v7(), 1,
          current_setting('tests.sku1')::uuid, 'L1', p_cubic, current_setting('tests.r1')::uuid,
          current_setting(p_to)::uuid, p_cubic, 10 * p_cubic, 'CONSOLIDATE', p_status::app_public.move_task_status,
          now() + interval '10 minutes')
  returning move_task_id;
$$;

-- R-02 holds a 1-cubic-foot putaway reservation (the fixture) and 10 cubic feet of room.
select is(pg_temp.reserved('tests.r2'), 1.0000, 'the fixture''s reservation only');
select set_config('tests.open', pg_temp.task(2)::text, true);
select is(pg_temp.reserved('tests.r2'), 3.0000, 'an OPEN move task reserves its room at the target');
select set_config('tests.waiting', pg_temp.task(4, 'WAITING')::text, true);
select is(pg_temp.reserved('tests.r2'), 3.0000, 'a WAITING one holds nothing');
-- (It would book 4 of R-01's 5 units of L1 against the batch below: cancelled.)
update app_public.move_tasks set status = 'CANCELLED' where move_task_id = current_setting('tests.waiting')::uuid;
select throws_ok($$select pg_temp.task(8)$$, 'CAPAC', null, 'an OPEN task beyond the target''s room is refused');
select is(app_private.rebuild_location_occupancy(tests.tenant_id('rsl')), 0::bigint,
  'the rebuild finds occupancy as the triggers left it (move tasks counted)');
select is(app_hidden.location_accepts(current_setting('tests.tenant')::uuid, current_setting('tests.r2')::uuid,
                                      current_setting('tests.sku2')::uuid, 'L7'), null,
  'an any-mix target takes other stock beside a move task');
update app_public.locations set mixing_rule = 'SINGLE_MATERIAL' where location_id = current_setting('tests.r2')::uuid;
update app_public.putaway_recommendations set status = 'EXPIRED' where location_id = current_setting('tests.r2')::uuid;
select is(app_hidden.location_accepts(current_setting('tests.tenant')::uuid, current_setting('tests.r2')::uuid,
                                      current_setting('tests.sku2')::uuid, 'L7'), 'MIXING',
  'a single-material target expecting a move of another material refuses the stock');
select is(app_hidden.location_accepts(current_setting('tests.tenant')::uuid, current_setting('tests.r2')::uuid,
                                      current_setting('tests.sku1')::uuid, 'L1'), null,
  'and takes the moved material');
update app_public.locations set mixing_rule = 'ANY' where location_id = current_setting('tests.r2')::uuid;
select throws_ok($$update app_public.locations set deleted_at = now() where location_id = current_setting('tests.r2')::uuid$$,
  'INUSE', null, 'a location a move task goes to cannot be deleted');
update app_public.move_tasks set status = 'CANCELLED' where move_task_id = current_setting('tests.open')::uuid;
select is(pg_temp.reserved('tests.r2'), 0.0000, 'cancelling releases the room');

-- Through the functions, as the API calls them.
select tests.authenticate_as('rsl', 'operator');
select throws_ok($$select * from app_hidden.create_move_tasks(current_setting('tests.facility')::uuid,
  json_build_array(json_build_object('material_id', current_setting('tests.sku1'), 'lot_number', 'L1', 'quantity', 2,
    'from_location_id', current_setting('tests.r1'), 'to_location_id', current_setting('tests.r2'))), interval '5 minutes')$$,
  'DENY1', 'Creating move tasks needs the role supervisor or admin', 'operators do not create move tasks');
select throws_ok($$insert into app_public.move_tasks (tenant_id, facility_id, batch_id, sequence, material_id, lot_number,
  quantity, from_location_id, to_location_id, cubic_feet, weight_lbs, reason_code, expires_at)
  values (current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, gen_random_uuid(), 1,
          current_setting('tests.sku1')::uuid, 'L1', 1, current_setting('tests.r1')::uuid,
          current_setting('tests.r2')::uuid, 1, 10, 'MANUAL', now())$$,
  '42501', null, 'nobody writes move tasks directly');
select tests.authenticate_as('rsl', 'supervisor');
select set_config('tests.batch', (select json_agg(t.move_task_id)::text from app_hidden.create_move_tasks(
  current_setting('tests.facility')::uuid,
  json_build_array(
    json_build_object('material_id', current_setting('tests.sku1'), 'lot_number', 'L1', 'quantity', 2,
                      'from_location_id', current_setting('tests.r1'), 'to_location_id', current_setting('tests.r2'),
                      'reason_code', 'CONSOLIDATE'),
    json_build_object('material_id', current_setting('tests.sku1'), 'lot_number', 'L1', 'quantity', 3,
                      'from_location_id', current_setting('tests.r1'), 'to_location_id', current_setting('tests.r2'))),
  interval '5 minutes') t), true);
select tests.clear_authentication();
select results_eq($$select sequence, status::text, reason_code, cubic_feet from app_public.move_tasks
                     where move_task_id in (select value::uuid from json_array_elements_text(current_setting('tests.batch')::json))
                     order by sequence$$,
  $$values (1, 'OPEN', 'CONSOLIDATE', 2.0000::numeric), (2, 'OPEN', 'MANUAL', 3.0000::numeric)$$,
  'create_move_tasks writes the moves in order, OPEN, with the room master data gives them');
select is(pg_temp.reserved('tests.r2'), 5.0000, 'and reserves it');
select throws_ok($$select * from app_hidden.create_move_tasks(current_setting('tests.facility')::uuid, '[]', interval '5 minutes')$$,
  'DENY1', null, 'an anonymous caller gets nothing');

select tests.authenticate_as('rsl', 'operator');
select is((app_hidden.confirm_move((current_setting('tests.batch')::json ->> 0)::uuid)).status::text, 'DONE',
  'confirm_move records the move');
select tests.clear_authentication();
select results_eq($$select location_id, quantity_on_hand from app_public.lots
                     where tenant_id = current_setting('tests.tenant')::uuid and lot_number = 'L1' order by quantity_on_hand$$,
  $$values (current_setting('tests.r2')::uuid, 2.000::numeric), (current_setting('tests.r1')::uuid, 3.000::numeric)$$,
  'the stock is where the move put it');
select is(pg_temp.reserved('tests.r2'), 3.0000, 'the done task''s room is stock now, not a reservation');
select is((select count(*)::integer from app_public.inventory_transactions
            where reference = 'move-task:' || (current_setting('tests.batch')::json ->> 0) and transaction_type = 'MOVE'),
  1, 'one MOVE transaction, referring to its task');
select tests.authenticate_as('rsl', 'operator');
select throws_ok($$select app_hidden.confirm_move((current_setting('tests.batch')::json ->> 0)::uuid)$$, 'DECID', null,
  'a done task cannot be confirmed again');
select tests.clear_authentication();
select tests.create_tenant_fixture('other_rsl');
select tests.authenticate_as('other_rsl', 'operator');
select throws_ok($$select app_hidden.confirm_move((current_setting('tests.batch')::json ->> 1)::uuid)$$, 'NOTFD', null,
  'another tenant''s task is not found');
select tests.clear_authentication();

-- Expiry.
update app_public.move_tasks set expires_at = now() - interval '1 second'
 where move_task_id = (current_setting('tests.batch')::json ->> 1)::uuid;
select is(app_private.expire_move_tasks(100), 1, 'an OPEN task past its time expires');
select is(pg_temp.reserved('tests.r2'), 0.0000, 'and releases its room');
select is(app_private.expire_move_tasks(100), 0, 'once');

select * from finish();
rollback;
