/*
 * DESTRUCTIVE ROLLBACK of migration 000004 (data quality and statistical analysis).
 *
 * Drops the data-quality and statistics layer, with its data: dimension verifications, cross-dock
 * cancellations, the remediation log, audit findings, the statistics functions, tables and summaries, and
 * the scrape-time metrics function; restores the readiness summary of migration 000003; and removes 000004
 * from graphile-migrate's record, so that a later `npm run migrate` re-creates the layer, empty.
 * Putaway, occupancy, reservations, utilization, ABC, affinity, congestion and the model are untouched.
 *
 * Review it with a second person, take a backup, then run it as the database owner or a superuser:
 *   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f migrations/rollback/0001-data-quality-and-statistics.sql
 * It runs in one transaction: it changes everything or nothing. It refuses to run when a migration newer
 * than 000004 is applied (roll that back first) or when 000004 is not applied.
 */
begin;

do $$
declare
  v_latest text := (select filename from graphile_migrate.migrations order by filename desc limit 1);
begin
  if v_latest is distinct from '000004.sql' then
    raise exception 'The latest applied migration is %, not 000004: nothing rolled back', coalesce(v_latest, 'none');
  end if;
end;
$$;

/* The objects of 000004, in reverse order of creation. */
drop function if exists app_hidden.optimization_metrics();
drop function if exists app_private.refresh_statistical_summary();
drop view if exists app_public.bin_optimization_statistics;
drop materialized view if exists app_public.bin_optimization_statistical_summary;
drop function if exists app_private.compute_recommendation_statistics(uuid, interval);
drop table if exists app_public.bin_optimization_outliers;
drop table if exists app_public.bin_optimization_statistical_validations;
drop table if exists app_public.bin_optimization_correlation_analysis;
drop table if exists app_public.bin_optimization_ab_test_results;
drop table if exists app_public.bin_optimization_statistical_metrics;
drop function if exists app_public.get_data_quality_metrics(uuid, uuid);
drop type if exists app_public.data_quality_metrics;
drop function if exists app_private.refresh_data_quality();
drop materialized view if exists app_public.bin_optimization_data_quality;
drop function if exists app_private.run_data_quality_audit(uuid);
drop table if exists app_public.data_quality_findings;
drop table if exists app_private.data_quality_audit_runs;
drop trigger if exists _600_cancel_lines on app_public.outbound_orders;
drop function if exists app_private.tg_outbound_orders__cancel_lines();
drop trigger if exists _600_cross_dock_cancellation on app_public.outbound_order_lines;
drop function if exists app_private.tg_outbound_order_lines__cross_dock_cancellation();
drop table if exists app_public.cross_dock_cancellations;
drop trigger if exists _200_verify on app_public.material_dimension_verifications;
drop trigger if exists _200_review on app_public.material_dimension_verifications;
drop function if exists app_private.tg_material_dimension_verifications__verify();
drop function if exists app_private.tg_material_dimension_verifications__review();
drop function if exists app_private.apply_measured_dimensions(app_public.material_dimension_verifications, text);
drop table if exists app_public.material_dimension_verifications;
drop type if exists app_public.verification_outcome;
drop function if exists app_private.log_remediation(uuid, uuid, text, text, uuid, text, text, jsonb);
drop table if exists app_public.bin_optimization_remediation_log;
drop type if exists app_public.remediation_outcome;
drop table if exists app_public.data_quality_settings;
drop function if exists app_public.stat_chi_square_test(bigint[]);
drop function if exists app_public.stat_welch_t_test(float8[], float8[]);
drop function if exists app_public.stat_linear_regression(float8[], float8[]);
drop function if exists app_public.stat_correlation(float8[], float8[]);
drop function if exists app_hidden.stat_paired_moments(float8[], float8[], text);
drop function if exists app_hidden.stat_correlation_p_value(float8, integer);
drop function if exists app_hidden.stat_correlation_coefficient(float8, float8, float8);
drop function if exists app_public.stat_outliers(float8[]);
drop function if exists app_public.stat_wilson_interval(bigint, bigint, float8);
drop function if exists app_public.stat_describe(float8[]);
drop function if exists app_hidden.stat_check_array(float8[], text);
drop function if exists app_public.stat_chi_square_sf(float8, float8);
drop function if exists app_public.stat_chi_square_cdf(float8, float8);
drop function if exists app_public.stat_t_quantile(float8, float8);
drop function if exists app_hidden.stat_t_probability(float8, float8, boolean);
drop function if exists app_public.stat_t_cdf(float8, float8);
drop function if exists app_public.stat_t_sf(float8, float8);
drop function if exists app_hidden.stat_incomplete_beta(float8, float8, float8, boolean, float8);
drop function if exists app_hidden.stat_incomplete_gamma(float8, float8, boolean);
drop function if exists app_public.stat_normal_quantile(float8);
drop function if exists app_public.stat_normal_cdf(float8);
drop function if exists app_hidden.stat_normal_mills_ratio(float8);
drop function if exists app_hidden.stat_log_beta(float8, float8);
drop function if exists app_hidden.stat_log_gamma(float8);
drop function if exists app_hidden.stat_log_gamma_1p(float8);
drop function if exists app_hidden.stat_log_gamma_correction(float8);
drop function if exists app_hidden.stat_expm1(float8);
drop function if exists app_hidden.stat_log1p(float8);

/* The API comments on app_public.bin_utilization as migration 000003 left them. */
comment on column app_public.bin_utilization.scope is E'LOCATION, AISLE, ZONE or FACILITY.';
comment on column app_public.bin_utilization.facility_id is null;
comment on column app_public.bin_utilization.zone_id is null;
comment on column app_public.bin_utilization.aisle is null;
comment on column app_public.bin_utilization.location_id is null;
comment on column app_public.bin_utilization.cubic_utilization_pct is E'Cubic feet on hand as a percentage of capacity.';

/* The readiness summary as migration 000003 defined it (without the remediation log). */
create or replace function app_hidden.optimization_health() returns json
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select json_build_object(
    'facilities', (select count(*) from app_public.facilities where deleted_at is null),
    'oldestCacheRefreshAt', (
      select min(coalesce(r.refreshed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'activeModels', (select count(*) from app_public.ml_model_weights where is_active and deleted_at is null),
    'lowestModelAccuracy', (select min(accuracy) from app_public.ml_model_weights where is_active and deleted_at is null),
    'oldestCongestionAt', (
      select min(coalesce(r.computed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.aisle_congestion_runs r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'now', now()
  );
$$;


delete from graphile_migrate.migrations where filename = '000004.sql';

commit;
