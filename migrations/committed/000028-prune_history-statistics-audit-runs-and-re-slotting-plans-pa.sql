--! Previous: sha1:4403d27e54910857b9f42b381f1d1333e2957489
--! Hash: sha1:a1bb39140d2b89ec58ee932339aae77a0131ec99
--! Message: prune_history: statistics, audit runs and re-slotting plans past a retention, in bounded batches, each facility's latest kept

-- History that nothing pruned: the daily statistics of every facility (metrics, A/B tests, correlations,
-- validations, outliers), the data-quality audit runs and the weekly re-slotting plans. prune_history deletes
-- what is older than the retention, in bounded batches, and always keeps each facility's (or tenant's) latest
-- row of each table, so that a facility whose statistics stopped still shows its last ones.
create or replace function app_private.prune_history(p_keep interval, p_batch integer default 10000)
  returns table (table_name text, deleted bigint)
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_table record;
  v_count bigint;
begin
  if p_keep is null or p_keep < interval '1 day' then
    raise exception 'History is kept at least a day (asked: %)', p_keep using errcode = 'INVAL';
  end if;
  if p_batch is null or p_batch < 1 then
    raise exception 'The batch size must be at least 1 (asked: %)', p_batch using errcode = 'INVAL';
  end if;
  for v_table in
    select * from (values
      ('app_public', 'bin_optimization_statistical_metrics', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_ab_test_results', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_correlation_analysis', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_statistical_validations', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_outliers', 'computed_at', 'facility_id'),
      ('app_public', 'reslotting_plans', 'planned_at', 'facility_id'),
      ('app_private', 'data_quality_audit_runs', 'started_at', 'tenant_id')
    ) as t(schema_name, table_name, time_column, owner_column)
  loop
    execute format(
      $sql$
        with doomed as (
          select x.ctid from %1$I.%2$I x
           where x.%3$I < now() - $1
             and x.%3$I < (select max(y.%3$I) from %1$I.%2$I y
                            where y.tenant_id = x.tenant_id and y.%4$I = x.%4$I)
           limit $2
        )
        delete from %1$I.%2$I t using doomed d where t.ctid = d.ctid
      $sql$, v_table.schema_name, v_table.table_name, v_table.time_column, v_table.owner_column)
      using p_keep, p_batch;
    get diagnostics v_count = row_count;
    table_name := v_table.table_name;
    deleted := v_count;
    return next;
  end loop;
end;
$$;
comment on function app_private.prune_history(interval, integer) is
  E'Deletes statistics, audit runs and re-slotting plans older than p_keep (at most p_batch rows of each table a '
  'call), keeping each facility''s (audit runs: tenant''s) latest row; answers the rows deleted per table.';
