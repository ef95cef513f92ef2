/*
 * The schema contract: the objects runbooks, dashboards and external checks name; tenancy, row-level
 * security and grants on every table of the exposed schema.
 */
begin;
select plan(51);

-- Schemas and the documented object names.
select has_schema('app_public', 'schema app_public exists');
select has_schema('app_hidden', 'schema app_hidden exists');
select has_schema('app_private', 'schema app_private exists');
select has_table('app_public', t, format('table %s exists', t))
  from unnest(array['tenants', 'facilities', 'zones', 'locations', 'materials', 'lots', 'inventory_transactions',
                    'outbound_orders', 'outbound_order_lines', 'putaway_recommendations', 'ml_model_weights']) as t;
select has_function('public', 'uuid_generate_v7', '{}'::name[], 'uuid_generate_v7() exists');
select has_function('app_public', f, '{}'::name[], format('%s() exists', f))
  from unnest(array['current_tenant_id', 'current_user_id', 'current_user_role']) as f;

-- Column names that runbooks and dashboards rely on.
select has_column('app_public', t, c, format('%s.%s exists', t, c))
  from (values ('tenants', 'code'), ('facilities', 'code'), ('locations', 'code'), ('locations', 'max_cubic_feet'),
               ('locations', 'max_weight_lbs'), ('materials', 'code'), ('materials', 'unit_cubic_feet'),
               ('materials', 'unit_weight_lbs'), ('materials', 'abc_class'), ('materials', 'hazmat_class'),
               ('lots', 'quantity_on_hand')) as x(t, c);
select is_empty($$
  select c from unnest(array[
    'recommendation_id', 'tenant_id', 'material_id', 'location_id', 'quantity', 'lot_number', 'algorithm',
    'confidence_score', 'reason_code', 'status', 'actual_location_id', 'decided_by', 'decided_at', 'created_by',
    'estimated_utilization', 'cross_dock_candidate', 'sku_affinity_score', 'expires_at'
  ]) as c
  where not exists (select from information_schema.columns
                     where table_schema = 'app_public' and table_name = 'putaway_recommendations' and column_name = c)
$$, 'putaway_recommendations has the documented columns');
select col_type_is('app_public', 'putaway_recommendations', 'confidence_score', 'numeric(4,3)',
  'confidence_score is numeric(4,3)');
select ok(exists(select from pg_constraint
                  where conname = 'chk_confidence_score_range'
                    and conrelid = 'app_public.putaway_recommendations'::regclass and contype = 'c'),
  'putaway_recommendations has the check constraint chk_confidence_score_range');

-- Tenancy: every table is tenant-scoped, protected by row-level security and keyed by tenant.
select is_empty($$
  select c.relname from pg_class c
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r' and not c.relrowsecurity
$$, 'every table in app_public has row-level security enabled');
select is_empty($$
  select c.relname from pg_class c
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r'
     and not exists (select from pg_policy p where p.polrelid = c.oid)
$$, 'every table in app_public has at least one policy');
select is_empty($$
  select c.relname from pg_class c
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r'
     and not exists (select from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'tenant_id' and a.atttypid = 'uuid'::regtype
                        and a.attnotnull)
$$, 'every table in app_public has tenant_id uuid not null');
select is_empty($$
  select con.conname from pg_constraint con
   where con.connamespace = 'app_public'::regnamespace and con.contype in ('p', 'u', 'f')
     -- tenants is keyed by tenant_id itself; its code is unique across tenants by design
     and con.conrelid <> 'app_public.tenants'::regclass
     and (select attname from pg_attribute where attrelid = con.conrelid and attnum = con.conkey[1]) <> 'tenant_id'
$$, 'every primary key, unique key and foreign key in app_public leads with tenant_id');
select is_empty($$
  select con.conname from pg_constraint con
   where con.connamespace = 'app_public'::regnamespace and con.contype = 'f' and con.confdeltype not in ('r', 'c')
$$, 'every foreign key says on delete restrict or cascade');
select is_empty($$
  select c.relname from pg_class c
    join pg_index i on i.indrelid = c.oid and i.indisprimary
    join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[i.indnatts - 1]
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r'
     and coalesce(pg_get_expr((select adbin from pg_attrdef where adrelid = c.oid and adnum = a.attnum), c.oid), '')
         <> 'uuid_generate_v7()'
$$, 'every primary key''s own column defaults to uuid_generate_v7()');
select is_empty($$
  select c.relname || '.' || col from pg_class c
   cross join unnest(array['created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at']) as col
   where c.relnamespace = 'app_public'::regnamespace and c.relkind = 'r'
     and not (c.relname = 'inventory_transactions' and col in ('updated_at', 'updated_by', 'deleted_at'))
     and not exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = col and not a.attisdropped)
$$, 'every table has the audit and soft-delete columns (the append-only ledger has created_* only)');

-- Grants: what the visitor may do.
select is_empty(format($$
  select table_name from information_schema.role_table_grants
   where grantee = %L and table_schema = 'app_public' and privilege_type in ('DELETE', 'TRUNCATE')
$$, tests.visitor_role()), 'the visitor may delete nothing (soft delete only)');
select is_empty(format($$
  select table_name || '.' || column_name from information_schema.column_privileges
   where grantee = %L and table_schema = 'app_public' and privilege_type in ('INSERT', 'UPDATE')
     and column_name in ('tenant_id', 'created_at', 'created_by', 'updated_at', 'updated_by')
$$, tests.visitor_role()), 'the visitor can never write tenant_id or the audit columns');
select is_empty(format($$
  select table_name from information_schema.role_table_grants
   where grantee = %L and table_schema = 'app_public' and privilege_type = 'INSERT'
     and table_name in ('tenants', 'lots', 'putaway_recommendations', 'ml_model_weights')
$$, tests.visitor_role()), 'the visitor cannot insert tenants, lots, recommendations or models');
select is_empty(format($$
  select column_name from information_schema.column_privileges
   where grantee = %L and table_schema = 'app_public' and table_name = 'lots' and privilege_type = 'UPDATE'
     and column_name not in ('status', 'expiry_date')
$$, tests.visitor_role()), 'lots: the visitor may update status and expiry_date only (stock moves by transactions)');
select ok(not has_schema_privilege(tests.visitor_role(), 'app_private', 'usage'),
  'the visitor cannot use schema app_private');
select ok(has_schema_privilege(tests.visitor_role(), 'app_hidden', 'usage'), 'the visitor can use schema app_hidden');
select ok(has_function_privilege(tests.visitor_role(), 'public.uuid_generate_v7()', 'execute'),
  'the visitor can execute uuid_generate_v7() (primary key defaults)');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
   where p.pronamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace, 'app_private'::regnamespace)
     and p.prosecdef
     and not exists (select from unnest(p.proconfig) as c where c like 'search_path=%')
$$, 'every security definer function pins its search_path');

-- Foreign keys: some index (not partial) leads with the key's columns, in any order, or is a unique key made
-- of some of them (one row per lookup). Without it a delete of the referenced row scans the whole table, and
-- PostGraphile leaves out the reverse relation (Zone.locations).
select is_empty($$
  select con.conrelid::regclass || '.' || con.conname from pg_constraint con
   where con.contype = 'f'
     and con.connamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace, 'app_private'::regnamespace)
     and not exists (
       select from pg_index i
        where i.indrelid = con.conrelid and i.indpred is null
          and ((select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) k)
                 = (select array_agg(k order by k) from unnest(con.conkey) k)
               or (i.indisunique and (i.indkey::int2[])[0:i.indnkeyatts - 1] <@ con.conkey)))
$$, 'every foreign key has an index that leads with its columns');

-- The runbooks' unqualified SQL works with the database's default search_path.
reset search_path;
select lives_ok('select uuid_generate_v7()', 'runbook SQL: SELECT uuid_generate_v7(); works unqualified');
select lives_ok('select count(*) from lots', 'runbook SQL: lots resolves unqualified');
select matches(current_setting('search_path'), 'app_public', 'the database''s default search_path includes app_public');

select * from finish();
rollback;
