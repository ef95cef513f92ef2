/*
 * pgTAP helpers, installed into the test template (never into a real database): named test actors and a
 * fixture of two tenants with a small warehouse each. `:DATABASE_VISITOR` is replaced by the visitor role's
 * name when the file is loaded.
 */
drop schema if exists tests cascade;
create schema tests;
-- The actors switch to the visitor role inside a test; they must still reach these helpers.
grant usage on schema tests to public;
alter default privileges in schema tests grant execute on functions to public;

create function tests.visitor_role() returns text
  language sql immutable
as $$ select ':DATABASE_VISITOR'::text $$;

/*
 * Act as a user of tenant p_tenant_code with application role p_role, the way the server does for a bearer
 * token: switch to the visitor role and set jwt.claims.*, for the rest of the transaction.
 */
create function tests.authenticate_as(p_tenant_code text, p_role text default 'operator') returns void
  language plpgsql
as $$
declare
  v_tenant_id uuid;
begin
  perform set_config('role', 'none', true);
  select tenant_id into strict v_tenant_id from app_public.tenants where code = p_tenant_code;
  perform set_config('jwt.claims.tenant_id', v_tenant_id::text, true);
  perform set_config('jwt.claims.user_id', tests.user_id(p_tenant_code, p_role)::text, true);
  perform set_config('jwt.claims.role', p_role, true);
  perform set_config('role', tests.visitor_role(), true);
end;
$$;

/* A request without a token: the visitor role with no claims. */
create function tests.authenticate_anonymous() returns void
  language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('jwt.claims.tenant_id', '', true);
  perform set_config('jwt.claims.user_id', '', true);
  perform set_config('jwt.claims.role', '', true);
  perform set_config('role', tests.visitor_role(), true);
end;
$$;

/* Back to the superuser running the test, with no claims. */
create function tests.clear_authentication() returns void
  language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('jwt.claims.tenant_id', '', true);
  perform set_config('jwt.claims.user_id', '', true);
  perform set_config('jwt.claims.role', '', true);
end;
$$;

/* A stable user id per tenant and role, so that audit columns can be checked. */
create function tests.user_id(p_tenant_code text, p_role text) returns uuid
  language sql immutable
as $$ select md5('user:' || p_tenant_code || ':' || p_role)::uuid $$;

/* The id of tenant p_code. */
create function tests.tenant_id(p_code text) returns uuid
  language sql stable
as $$ select tenant_id from app_public.tenants where code = p_code $$;

/*
 * Creates tenant p_code with one facility DC1: zones RSV (reserve) and STG (staging), locations R-01 and
 * R-02 (10 cubic feet, 500 lb each) and S-01, materials SKU-1 and SKU-2, 5 units of SKU-1 lot L1 in R-01, an
 * open outbound order SO-1, a PENDING recommendation of SKU-2 to R-02, a trained model, a row in each
 * data-quality and statistics table, and a FAILED putaway simulation run. Runs as the superuser (no row-level
 * security).
 */
create function tests.create_tenant_fixture(p_code text) returns uuid
  language plpgsql
as $$
declare
  v_tenant uuid;
  v_facility uuid;
  v_rsv uuid;
  v_stg uuid;
  v_r1 uuid;
  v_r2 uuid;
  v_sku1 uuid;
  v_sku2 uuid;
  v_order uuid;
begin
  insert into app_public.tenants (code, name) values (p_code, 'Tenant ' || p_code) returning tenant_id into v_tenant;
  insert into app_public.facilities (tenant_id, code, name) values (v_tenant, 'DC1', 'Main DC')
    returning facility_id into v_facility;
  insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
    values (v_tenant, v_facility, 'RSV', 'Reserve', 'RESERVE') returning zone_id into v_rsv;
  insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
    values (v_tenant, v_facility, 'STG', 'Staging', 'STAGING') returning zone_id into v_stg;
  insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, inner_length_in, inner_width_in,
                                    inner_height_in, max_cubic_feet, max_weight_lbs)
    values (v_tenant, v_facility, v_rsv, 'R-01', 'A01', 24, 24, 30, 10, 500) returning location_id into v_r1;
  insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, inner_length_in, inner_width_in,
                                    inner_height_in, max_cubic_feet, max_weight_lbs)
    values (v_tenant, v_facility, v_rsv, 'R-02', 'A01', 24, 24, 30, 10, 500) returning location_id into v_r2;
  insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                    inner_height_in, max_cubic_feet, max_weight_lbs)
    values (v_tenant, v_facility, v_stg, 'S-01', 96, 96, 72, 384, 5000);
  insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                    unit_weight_lbs, abc_class)
    values (v_tenant, 'SKU-1', 12, 12, 12, 1, 10, 'A') returning material_id into v_sku1;
  insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                    unit_weight_lbs, abc_class)
    values (v_tenant, 'SKU-2', 6, 6, 6, 0.125, 2, 'C') returning material_id into v_sku2;
  insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                 location_id, quantity)
    values (v_tenant, v_facility, 'RECEIPT', v_sku1, 'L1', v_r1, 5);
  insert into app_public.outbound_orders (tenant_id, facility_id, order_number, due_at)
    values (v_tenant, v_facility, 'SO-1', now() + interval '1 day') returning outbound_order_id into v_order;
  insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
    values (v_tenant, v_order, 1, v_sku1, 2, now() + interval '1 day');
  insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity, lot_number,
                                                  cubic_feet, weight_lbs, algorithm, confidence_score, reason_code,
                                                  expires_at)
    values (v_tenant, v_facility, v_sku2, v_r2, 8, 'L7', 1, 16, 'FFD', 0.8, 'FIRST_FIT', now() + interval '15 minutes');
  insert into app_public.ml_model_weights (tenant_id, model_version, weights, metrics, is_active)
    values (v_tenant, 1, '{"intercept": 0.1}', '{"accuracy": 0.85}', true);
  -- One row in each data-quality and statistics table, so that the isolation matrix is never vacuous.
  insert into app_public.data_quality_settings (tenant_id) values (v_tenant);
  insert into app_public.material_dimension_verifications (tenant_id, material_id, measured_length_in, measured_width_in,
                                                           measured_height_in, measured_weight_lbs)
    values (v_tenant, v_sku1, 12, 12, 12, 10);
  insert into app_public.capacity_validation_failures (tenant_id, facility_id, location_id, source, requested_cubic_feet,
                                                       requested_weight_lbs, available_cubic_feet, available_weight_lbs, message)
    values (v_tenant, v_facility, v_r1, 'AUDIT', 11, 10, -1, 490, 'fixture');
  insert into app_public.cross_dock_cancellations (tenant_id, facility_id, outbound_order_line_id, recommendation_id,
                                                   material_id, quantity, status)
    select v_tenant, v_facility, l.outbound_order_line_id, r.recommendation_id, v_sku2, 8, 'SKIPPED'
      from app_public.outbound_order_lines l, app_public.putaway_recommendations r
     where l.tenant_id = v_tenant and r.tenant_id = v_tenant;
  insert into app_public.data_quality_findings (tenant_id, entity_type, entity_id, entity_code, code, message)
    values (v_tenant, 'MATERIAL', v_sku2, 'SKU-2', 'MISSING_ABC_CLASS', 'fixture');
  insert into app_public.bin_optimization_statistical_metrics (tenant_id, facility_id, algorithm, period_start, period_end,
                                                               recommendations, decided, accepted, batches)
    values (v_tenant, v_facility, 'FFD', now() - interval '30 days', now(), 1, 0, 0, 1);
  insert into app_public.bin_optimization_ab_test_results (tenant_id, facility_id, algorithm_a, algorithm_b, metric, test_name,
                                                           n_a, n_b, period_start, period_end)
    values (v_tenant, v_facility, 'FFD', 'BFD', 'UTILIZATION', 'WELCH_T', 30, 30, now() - interval '30 days', now());
  insert into app_public.bin_optimization_correlation_analysis (tenant_id, facility_id, variable_x, variable_y, n,
                                                                period_start, period_end)
    values (v_tenant, v_facility, 'confidence_score', 'accepted', 0, now() - interval '30 days', now());
  insert into app_public.bin_optimization_statistical_validations (tenant_id, facility_id, validation, subject, period_start, period_end)
    values (v_tenant, v_facility, 'SAMPLE_SIZE', 'FFD', now() - interval '30 days', now());
  insert into app_public.bin_optimization_outliers (tenant_id, facility_id, algorithm, metric, value)
    values (v_tenant, v_facility, 'FFD', 'PROCESSING_TIME_MS', 1000);
  -- test/rollback.test.ts loads this fixture into a database migrated to 000004 only, which has no runs yet.
  if to_regclass('app_public.putaway_simulation_runs') is not null then
    insert into app_public.putaway_simulation_runs (tenant_id, facility_id, status, error)
      values (v_tenant, v_facility, 'FAILED', 'fixture');
  end if;
  -- A closed move task (it holds no room) and a stored plan.
  if to_regclass('app_public.move_tasks') is not null then
    insert into app_public.move_tasks (tenant_id, facility_id, batch_id, sequence, material_id, lot_number, quantity,
                                       from_location_id, to_location_id, cubic_feet, weight_lbs, reason_code, status,
                                       expires_at)
      values (v_tenant, v_facility, public.uuid_generate_v7(), 1, v_sku1, 'L1', 1, v_r1, v_r2, 1, 10, 'CONSOLIDATE',
              'CANCELLED', now());
    insert into app_public.reslotting_plans (tenant_id, facility_id, objective, max_moves, moves, summary)
      values (v_tenant, v_facility, 'BALANCED', 100, '[]', '{"moves": 0}');
  end if;
  return v_tenant;
end;
$$;

/* The id of the row of p_table (app_public) with the given code-like column value in tenant p_tenant_code. */
create function tests.id_of(p_table text, p_code text, p_tenant_code text) returns uuid
  language plpgsql stable
as $$
declare
  v_id uuid;
  v_pk text := case p_table
    when 'facilities' then 'facility_id' when 'zones' then 'zone_id' when 'locations' then 'location_id'
    when 'materials' then 'material_id' when 'outbound_orders' then 'outbound_order_id' end;
  v_code text := case p_table when 'outbound_orders' then 'order_number' else 'code' end;
begin
  execute format('select %I from app_public.%I where tenant_id = $1 and %I = $2', v_pk, p_table, v_code)
    into strict v_id using tests.tenant_id(p_tenant_code), p_code;
  return v_id;
end;
$$;
