/*
 * The console's searches (search_materials, search_locations, pending_putaway_recommendations) run as the caller,
 * under row-level security: the caller's own tenant, live rows only, `%` and `_` matched as themselves. They are
 * inlined into the calling query, so that a page of results stops the scan.
 */
begin;
select plan(9);

select tests.create_tenant_fixture('cs');
select tests.create_tenant_fixture('cs_other');
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'cs')::text, true);
select set_config('tests.other_facility', tests.id_of('facilities', 'DC1', 'cs_other')::text, true);
insert into app_public.materials (tenant_id, code, description, unit_length_in, unit_width_in, unit_height_in,
                                  unit_cubic_feet, unit_weight_lbs, deleted_at)
  values (tests.tenant_id('cs'), 'ZZ-OLD', 'Archived widget', 1, 1, 1, 0.01, 1, now()),
         (tests.tenant_id('cs'), 'AB_1', 'Underscore code', 1, 1, 1, 0.01, 1, null),
         (tests.tenant_id('cs'), 'ABX1', 'Widget with 50% more', 1, 1, 1, 0.01, 1, null);

select tests.authenticate_as('cs', 'operator');
select is((select array_agg(code order by code) from app_public.search_materials('ab_')), array['AB_1'],
  'search_materials: `_` matches itself, not any character');
select is((select array_agg(code) from app_public.search_materials('50%')), array['ABX1'],
  'search_materials: a description containing the text, `%` as itself');
select is((select count(*) from app_public.search_materials('ZZ-OLD')), 0::bigint,
  'search_materials: archived materials are left out');
select is((select count(*) from app_public.search_materials('SKU-')),
          (select count(*) from app_public.materials where code like 'SKU-%'),
  'search_materials: codes by prefix, case-insensitive, of the own tenant only');
select is((select count(*) from app_public.search_locations(current_setting('tests.other_facility')::uuid, '')),
  0::bigint, 'search_locations: another tenant''s facility shows nothing');
select ok((select count(*) from app_public.search_locations(current_setting('tests.facility')::uuid, 'r-')) > 0,
  'search_locations: the own facility''s positions by prefix, case-insensitive');
select tests.clear_authentication();

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
   where p.oid in ('app_public.search_materials(text)'::regprocedure,
                   'app_public.search_locations(uuid, text)'::regprocedure,
                   'app_public.pending_putaway_recommendations(uuid)'::regprocedure)
     and (p.prosecdef or p.proconfig is not null)
$$, 'the searches are plain invoker functions without a SET clause (which would keep them from being inlined)');

create function pg_temp.plan_of(p_query text) returns text
  language plpgsql
as $$
declare
  v_line text;
  v_plan text := '';
begin
  for v_line in execute 'explain (costs off) ' || p_query loop
    v_plan := v_plan || v_line || E'\n';
  end loop;
  return v_plan;
end;
$$;
select unalike(pg_temp.plan_of('select * from app_public.search_locations(''' || current_setting('tests.facility')
  || ''', ''r'') limit 13'), '%Function Scan%', 'search_locations is inlined into the query that pages it');
select unalike(pg_temp.plan_of('select * from app_public.search_materials(''sku'') limit 13'), '%Function Scan%',
  'search_materials is inlined into the query that pages it');

select * from finish();
rollback;
