--! Previous: sha1:9f013f6d80043c2aafef55414517953b8407f978
--! Hash: sha1:65891300d7654931ed7cb91fdbe4926c074c0776
--! Message: Text length triggers fire only for long values

--! split: 0840-text-lengths-only-for-long-values.sql
/*
 * The text-length triggers (000011) fire only when a value they bound is longer than its limit: the WHEN
 * condition is evaluated without calling the trigger function, so ordinary writes (every recommendation and
 * stock movement) pay nothing for it. The function still decides whether the long value is one the write sets
 * or changes.
 */
do $$
declare
  v_table record;
begin
  for v_table in
    select t.table_name,
           string_agg(format('%L, %L, %L', t.column_name, t.max_length, t.field), ', ') as args,
           string_agg(format('length(new.%I) > %s', t.column_name, t.max_length), ' or ') as too_long
      from (values
        ('tenants', 'code', 100, 'code'), ('tenants', 'name', 500, 'name'),
        ('facilities', 'code', 100, 'code'), ('facilities', 'name', 500, 'name'),
        ('zones', 'code', 100, 'code'), ('zones', 'name', 500, 'name'),
        ('locations', 'code', 100, 'code'), ('locations', 'aisle', 100, 'aisle'),
        ('locations', 'blocked_reason', 500, 'blockedReason'),
        ('materials', 'code', 100, 'code'), ('materials', 'description', 500, 'description'),
        ('materials', 'hazmat_class', 100, 'hazmatClass'),
        ('lots', 'lot_number', 100, 'lotNumber'),
        ('inventory_transactions', 'lot_number', 100, 'lotNumber'),
        ('inventory_transactions', 'reference', 500, 'reference'),
        ('putaway_recommendations', 'lot_number', 100, 'lotNumber'),
        ('putaway_recommendations', 'decision_reason_code', 500, 'reasonCode'),
        ('outbound_orders', 'order_number', 100, 'orderNumber'),
        ('outbound_orders', 'customer_name', 500, 'customerName')
      ) as t(table_name, column_name, max_length, field)
     group by t.table_name
  loop
    execute format('drop trigger if exists _010_text_lengths on app_public.%I', v_table.table_name);
    execute format('create trigger _010_text_lengths before insert or update on app_public.%I '
                   'for each row when (%s) execute function app_private.tg_check_text_lengths(%s)',
                   v_table.table_name, v_table.too_long, v_table.args);
  end loop;
end
$$;
