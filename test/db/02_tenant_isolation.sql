/*
 * The tenant-isolation matrix: for every table of the exposed schema and every application role, an actor
 * of tenant A can neither see nor change tenant B's rows, and an anonymous request sees nothing at all.
 */
begin;
-- Every table of app_public, whatever it is: new tables join the matrix by themselves.
create temp table matrix_tables as
  select c.relname::text as t from pg_class c
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r' order by 1;
select plan((select count(*)::integer * 14 + 4 from matrix_tables));

select tests.create_tenant_fixture('tenant_a');
select tests.create_tenant_fixture('tenant_b');

create function pg_temp.isolation_checks(p_table text, p_role text) returns setof text
  language plpgsql
as $$
declare
  v_b uuid := tests.tenant_id('tenant_b');
  v_column text;
  v_count bigint;
  v_who text := format('%s of tenant A', p_role);
begin
  -- A column the visitor may update, if any (checked before switching to the visitor role).
  select column_name into v_column from information_schema.column_privileges
   where grantee = tests.visitor_role() and table_schema = 'app_public' and table_name = p_table
     and privilege_type = 'UPDATE'
   order by column_name limit 1;

  perform tests.authenticate_as('tenant_a', p_role);
  execute format('select count(*) from app_public.%I where tenant_id = $1', p_table) into v_count using v_b;
  return next is(v_count, 0::bigint, format('%s: %s sees none of tenant B''s rows', p_table, v_who));
  if v_column is null then
    return next throws_ok(format('update app_public.%I set tenant_id = tenant_id where tenant_id = %L', p_table, v_b),
      '42501', null, format('%s: %s cannot update at all', p_table, v_who));
  else
    execute format('with changed as (update app_public.%I set %I = %I where tenant_id = $1 returning 1)
                    select count(*) from changed', p_table, v_column, v_column) into v_count using v_b;
    return next is(v_count, 0::bigint, format('%s: %s changes none of tenant B''s rows', p_table, v_who));
  end if;
  return next throws_ok(format('delete from app_public.%I where tenant_id = %L', p_table, v_b),
    '42501', null, format('%s: %s cannot delete tenant B''s rows', p_table, v_who));
  return next throws_ok(format('insert into app_public.%I (tenant_id) values (%L)', p_table, v_b),
    '42501', null, format('%s: %s cannot insert rows into tenant B', p_table, v_who));
  perform tests.clear_authentication();
end;
$$;

select pg_temp.isolation_checks(t, r)
  from matrix_tables cross join unnest(array['operator', 'supervisor', 'admin']) as r;

-- Each actor does see its own tenant's rows (the checks above are not vacuous).
create function pg_temp.own_rows_visible(p_table text) returns text
  language plpgsql
as $$
declare
  v_count bigint;
begin
  perform tests.authenticate_as('tenant_a', 'operator');
  execute format('select count(*) from app_public.%I', p_table) into v_count;
  perform tests.clear_authentication();
  return ok(v_count > 0, format('%s: an operator of tenant A sees tenant A''s rows', p_table));
end;
$$;
select pg_temp.own_rows_visible(t) from matrix_tables;

-- Without a token nothing tenant-owned is visible.
create function pg_temp.anonymous_sees_nothing(p_table text) returns text
  language plpgsql
as $$
declare
  v_count bigint;
begin
  perform tests.authenticate_anonymous();
  execute format('select count(*) from app_public.%I', p_table) into v_count;
  perform tests.clear_authentication();
  return is(v_count, 0::bigint, format('%s: an anonymous request sees no rows', p_table));
end;
$$;
select pg_temp.anonymous_sees_nothing(t) from matrix_tables;

-- Pointing at another tenant's rows by id fails: every foreign key includes the tenant.
select set_config('tests.b_facility', tests.id_of('facilities', 'DC1', 'tenant_b')::text, true);
select set_config('tests.b_location', tests.id_of('locations', 'R-01', 'tenant_b')::text, true);
select set_config('tests.b_material', tests.id_of('materials', 'SKU-1', 'tenant_b')::text, true);
select set_config('tests.b_order', tests.id_of('outbound_orders', 'SO-1', 'tenant_b')::text, true);
select tests.authenticate_as('tenant_a', 'supervisor');
select throws_ok(
  $$insert into app_public.zones (facility_id, code, name, zone_type)
    values (current_setting('tests.b_facility')::uuid, 'X', 'X', 'RESERVE')$$,
  '23503', null, 'a supervisor of tenant A cannot add a zone to tenant B''s facility');
select throws_ok(
  $$insert into app_public.inventory_transactions (facility_id, transaction_type, material_id, lot_number, location_id, quantity)
    values (current_setting('tests.b_facility')::uuid, 'RECEIPT', current_setting('tests.b_material')::uuid, 'L9',
            current_setting('tests.b_location')::uuid, 1)$$,
  '23503', null, 'tenant A cannot receive stock into tenant B''s location');
select throws_ok(
  $$insert into app_public.outbound_order_lines (outbound_order_id, line_number, material_id, quantity, due_at)
    values (current_setting('tests.b_order')::uuid, 9, current_setting('tests.b_material')::uuid, 1, now())$$,
  '23503', null, 'tenant A cannot add a line to tenant B''s order');
select tests.clear_authentication();

select is(
  (select count(*) from app_public.locations where tenant_id = tests.tenant_id('tenant_b') and updated_by is not null),
  0::bigint, 'tenant B''s rows are untouched after all of the above');

select * from finish();
rollback;
