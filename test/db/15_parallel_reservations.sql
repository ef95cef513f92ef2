/*
 * Reservations of one facility run side by side; reserve_putaway is where they meet. It checks mixing against
 * what is reserved once the planned locations' occupancy is locked (STALE when another reservation got there
 * first), and putaway_snapshot never tells a transaction that has written that its own later writes are seen.
 */
begin;
select plan(7);

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

-- The batch-wide mixing check agrees with location_accepts's MIXING rule on every location, material and lot of
-- the fixture, with R-01 (5 SKU-1 of lot L1 on hand) holding one lot at a time and R-02 (SKU-2 reserved, and
-- now SKU-2 reserved again) one material.
update app_public.locations set mixing_rule = 'SINGLE_LOT' where location_id = tests.id_of('locations', 'R-01', 'par');
select is_empty($$
  select l.code, m.code, lot
    from app_public.locations l
    cross join app_public.materials m
    cross join unnest(array['L1', 'L2', '', null]) lot
   where l.tenant_id = tests.tenant_id('par') and m.tenant_id = l.tenant_id
     and (app_hidden.first_mixing_conflict(l.tenant_id, json_build_array(json_build_object(
            'location_id', l.location_id, 'material_id', m.material_id, 'lot_number', lot))) is not null)
         is distinct from
         (coalesce(app_hidden.location_accepts(l.tenant_id, l.location_id, m.material_id, lot), '') = 'MIXING')
$$, 'first_mixing_conflict agrees with location_accepts on mixing for every location, material and lot');

select * from finish();
rollback;
