/*
 * Reservations of one facility run side by side; reserve_putaway is where they meet. It checks mixing against
 * what is reserved once the planned locations' occupancy is locked (STALE when another reservation got there
 * first), and putaway_snapshot never tells a transaction that has written that its own later writes are seen.
 */
begin;
select plan(6);

select tests.create_tenant_fixture('par');
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'par')::text, true);
select set_config('tests.r2', tests.id_of('locations', 'R-02', 'par')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'par')::text, true);
select set_config('tests.sku2', tests.id_of('materials', 'SKU-2', 'par')::text, true);
-- R-02 holds one material at a time; the fixture's PENDING recommendation reserves it for SKU-2.
update app_public.locations set mixing_rule = 'SINGLE_MATERIAL' where location_id = current_setting('tests.r2')::uuid;

create function pg_temp.reserve(p_material text) returns setof integer
  language sql
as $$
  select ordinal from app_hidden.reserve_putaway(
    current_setting('tests.facility')::uuid, 'FFD',
    json_build_array(json_build_object(
      'location_id', current_setting('tests.r2'), 'material_id', current_setting(p_material), 'quantity', 1,
      'lot_number', null, 'cubic_units', 10000, 'weight_units', 10000, 'confidence', 0.5, 'reason', 'TEST',
      'utilization', 0.1, 'cross_dock', false, 'affinity', 0, 'factors', '{}'::json)),
    interval '30 minutes', public.uuid_generate_v7(), 1)
$$;

select tests.authenticate_as('par', 'operator');
-- First, before any subtransaction has aborted: this transaction's id may then be the newest, at xmax.
select lives_ok($$select app_hidden.putaway_snapshot(current_setting('tests.facility')::uuid, '{}', null, null,
                                                    interval '1 hour')$$,
  'putaway_snapshot answers a caller that has just written (its id may be at the snapshot''s xmax)');
select ok(pg_current_xact_id_if_assigned() is not null, 'this transaction has written (it has an id)');
select ok(not pg_visible_in_snapshot(pg_current_xact_id(),
          (app_hidden.putaway_snapshot(current_setting('tests.facility')::uuid, '{}', null, null,
                                       interval '1 hour') ->> 'snapshot')::pg_snapshot),
  'putaway_snapshot: the caller''s own writes count as not yet seen');
select ok(pg_current_xact_id() >= (app_hidden.putaway_snapshot(current_setting('tests.facility')::uuid, '{}', null,
                                   null, interval '1 hour') ->> 'xmin')::xid8,
  'putaway_snapshot: the read threshold is at or below the caller''s own id');
select throws_ok($$select pg_temp.reserve('tests.sku1')$$, 'STALE',
  'Location R-02 now holds or expects other stock',
  'a plan that puts another material where one material is reserved is refused as stale (planned again)');
select results_eq($$select pg_temp.reserve('tests.sku2')$$, array[1],
  'the material already reserved there may join it');

select tests.clear_authentication();

select * from finish();
rollback;
