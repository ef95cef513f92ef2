/*
 * Data quality: dimension verifications inside and beyond tolerance and their review, cross-dock
 * cancellations, the daily audit on constructed bad data (with its safe fix), and the quality metrics.
 */
begin;
select plan(32);

select tests.create_tenant_fixture('dq');
select tests.create_tenant_fixture('dq_other');
select set_config('tests.tenant', tests.tenant_id('dq')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'dq')::text, true);
select set_config('tests.sku1', tests.id_of('materials', 'SKU-1', 'dq')::text, true);
select set_config('tests.sku2', tests.id_of('materials', 'SKU-2', 'dq')::text, true);
-- (created before any test actor switches to the visitor role, which may not create anything)
create function pg_temp.verify(p_l numeric, p_w numeric, p_h numeric, p_weight numeric, p_material text default 'tests.sku1')
returns app_public.material_dimension_verifications
  language sql
as $$
  insert into app_public.material_dimension_verifications (material_id, measured_length_in, measured_width_in,
                                                           measured_height_in, measured_weight_lbs)
  values (current_setting(p_material)::uuid, p_l, p_w, p_h, p_weight)
  returning *;
$$;
create function pg_temp.master(p_material text default 'tests.sku1') returns numeric[]
  language sql
as $$
  select array[unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs]
    from app_public.materials where material_id = current_setting(p_material)::uuid;
$$;

create function pg_temp.verification(p_name text) returns app_public.material_dimension_verifications
  language sql
as $$ select * from app_public.material_dimension_verifications where verification_id = current_setting(p_name)::uuid $$;
create function pg_temp.try_approve(p_name text) returns bigint
  language sql
as $$
  with changed as (update app_public.material_dimension_verifications set outcome = 'APPROVED'
                    where verification_id = current_setting(p_name)::uuid returning 1)
  select count(*) from changed;
$$;

-- Verifications, as an operator. SKU-1's master data: 12 × 12 × 12 in, 1 cubic foot, 10 lb; tolerance 5 %.
select tests.authenticate_as('dq', 'operator');
select set_config('tests.v1', (pg_temp.verify(12.2, 12, 12, 10.1)).verification_id::text, true);
select is((pg_temp.verification('tests.v1')).outcome::text, 'AUTO_UPDATED', 'a measurement 1.67 % off is within the 5 % tolerance');
select is((pg_temp.verification('tests.v1')).variance_pct, 1.67, 'variance is the largest difference: length and cubic feet, 1.67 %');
select is(pg_temp.master(), array[12.20, 12.00, 12.00, 1.0167, 10.100]::numeric[], 'master data took the measurement');
select set_config('tests.v2', (pg_temp.verify(15, 12, 12, 10)).verification_id::text, true);
select is((pg_temp.verification('tests.v2')).outcome::text, 'FLAGGED_FOR_REVIEW', 'a measurement 23 % off is flagged for review');
select is(pg_temp.master(), array[12.20, 12.00, 12.00, 1.0167, 10.100]::numeric[], 'and master data stays as it was');
select is(pg_temp.try_approve('tests.v2'), 0::bigint, 'an operator cannot approve it: the update changes nothing');
select tests.clear_authentication();
select tests.authenticate_as('dq', 'supervisor');
select lives_ok($$update app_public.material_dimension_verifications set outcome = 'APPROVED'
                   where verification_id = current_setting('tests.v2')::uuid$$, 'a supervisor approves it');
select is(pg_temp.master(), array[15.00, 12.00, 12.00, 1.2500, 10.000]::numeric[], 'approval updates master data');
select is((select reviewed_by from app_public.material_dimension_verifications where verification_id = current_setting('tests.v2')::uuid),
  tests.user_id('dq', 'supervisor'), 'the reviewer is recorded');
select throws_ok($$update app_public.material_dimension_verifications set outcome = 'DISMISSED'
                    where verification_id = current_setting('tests.v2')::uuid$$,
  'INVAL', null, 'a reviewed verification cannot be reviewed again');
select tests.clear_authentication();
update app_public.materials set unit_weight_lbs = null where material_id = current_setting('tests.sku2')::uuid;
select tests.authenticate_as('dq', 'operator');
select set_config('tests.v3', (pg_temp.verify(6, 6, 6, 2.5, 'tests.sku2')).verification_id::text, true);
select is(array[(pg_temp.verification('tests.v3')).outcome::text, coalesce((pg_temp.verification('tests.v3')).variance_pct::text, 'null')],
  array['AUTO_UPDATED', '0.00'],
  'incomplete master data is filled from a measurement when the values it has agree (variance over those: 0 %)');
select tests.clear_authentication();
select is((select count(*) from app_public.bin_optimization_remediation_log
            where tenant_id = current_setting('tests.tenant')::uuid and action = 'MASTER_DATA_FROM_MEASUREMENT'),
  4::bigint, 'each master-data update is logged as a remediation (the fixture''s, two automatic, one approved)');
-- A missing master value does not open the door to overwriting the others: they must still agree.
update app_public.materials set unit_weight_lbs = null where material_id = current_setting('tests.sku2')::uuid;
select tests.authenticate_as('dq', 'operator');
select set_config('tests.v4', (pg_temp.verify(9, 6, 6, 2, 'tests.sku2')).verification_id::text, true);
select is(array[(pg_temp.verification('tests.v4')).outcome::text, (pg_temp.verification('tests.v4')).variance_pct::text],
  array['FLAGGED_FOR_REVIEW', '50.00'],
  'with the weight missing, a length 50 % off the master is still flagged for review');
select is(pg_temp.master('tests.sku2'), array[6.00, 6.00, 6.00, 0.1250, null]::numeric[], 'and master data stays as it was');
select tests.clear_authentication();
update app_public.materials set unit_weight_lbs = 2.5 where material_id = current_setting('tests.sku2')::uuid;

-- Cross-dock cancellations. SKU-1 has one open line (SO-1); a PENDING cross-dock recommendation for it waits.
insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity, cubic_feet,
    weight_lbs, algorithm, confidence_score, reason_code, cross_dock_candidate, expires_at)
  select tenant_id, facility_id, current_setting('tests.sku1')::uuid, location_id, 2, 2, 20, 'FFD', 0.5, 'CROSS_DOCK', true,
         now() + interval '1 hour'
    from app_public.locations where tenant_id = current_setting('tests.tenant')::uuid and code = 'S-01';
insert into app_public.outbound_orders (tenant_id, facility_id, order_number, due_at)
  values (current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid, 'SO-2', now());
insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
  select current_setting('tests.tenant')::uuid, outbound_order_id, 1, current_setting('tests.sku1')::uuid, 1, now()
    from app_public.outbound_orders where tenant_id = current_setting('tests.tenant')::uuid and order_number = 'SO-2';
update app_public.outbound_orders set status = 'CANCELLED'
 where tenant_id = current_setting('tests.tenant')::uuid and order_number = 'SO-2';
select is((select l.status::text from app_public.outbound_order_lines l join app_public.outbound_orders o using (tenant_id, outbound_order_id)
            where o.order_number = 'SO-2' and o.tenant_id = current_setting('tests.tenant')::uuid),
  'CANCELLED', 'cancelling an order cancels its open lines');
select is((select count(*) from app_public.cross_dock_cancellations where tenant_id = current_setting('tests.tenant')::uuid
             and status = 'QUEUED'),
  0::bigint, 'while SO-1 still needs the material, the cross-dock recommendation stands');
insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
  select current_setting('tests.tenant')::uuid, outbound_order_id, 2, current_setting('tests.sku1')::uuid, 1, now()
    from app_public.outbound_orders where tenant_id = current_setting('tests.tenant')::uuid and order_number = 'SO-1';
update app_public.outbound_order_lines set status = 'CANCELLED'
 where tenant_id = current_setting('tests.tenant')::uuid and material_id = current_setting('tests.sku1')::uuid and status = 'OPEN';
select is((select count(*) from app_public.cross_dock_cancellations where tenant_id = current_setting('tests.tenant')::uuid
             and status = 'QUEUED'),
  1::bigint, 'when the last open lines for it are cancelled (two in one statement), the cross-dock recommendation is recorded once');
select is((select count(*) from graphile_worker.jobs where task_identifier = 'replan_cross_dock'
             and key = 'replan_cross_dock:' || (select cancellation_id from app_public.cross_dock_cancellations
                                                 where tenant_id = current_setting('tests.tenant')::uuid and status = 'QUEUED')),
  1::bigint, 'and its replanning is queued');

-- The audit on constructed bad data.
update app_public.materials set unit_cubic_feet = null where material_id = current_setting('tests.sku2')::uuid;
insert into app_public.materials (tenant_id, code, abc_class) values (current_setting('tests.tenant')::uuid, 'BARE', null);
update app_public.locations set max_cubic_feet = 50 where tenant_id = current_setting('tests.tenant')::uuid and code = 'R-02';
update app_public.materials set unit_cubic_feet = 3 where material_id = current_setting('tests.sku1')::uuid;
-- Data written before the rules: no capacity at all, below the stock the location holds.
alter table app_public.locations drop constraint chk_locations_positive_capacity;
alter table app_public.locations disable trigger _200_keep_what_they_hold;
update app_public.locations set max_weight_lbs = 0 where tenant_id = current_setting('tests.tenant')::uuid and code = 'S-01';
alter table app_public.locations enable trigger _200_keep_what_they_hold;
create temp table run1 as select * from app_private.run_data_quality_audit(current_setting('tests.tenant')::uuid);
select results_eq($$
  select entity_code, code from app_public.data_quality_findings
   where tenant_id = current_setting('tests.tenant')::uuid and status = 'OPEN' and message <> 'fixture'
   order by entity_code, code
$$, $$ values ('BARE', 'MISSING_ABC_CLASS'), ('BARE', 'MISSING_DIMENSIONS'), ('BARE', 'MISSING_WEIGHT'),
              ('R-01', 'OVER_CAPACITY'), ('R-02', 'CAPACITY_EXCEEDS_DIMENSIONS'), ('S-01', 'NON_POSITIVE_CAPACITY') $$,
  'the audit finds missing master data, a location over capacity, one claiming more than it holds, one with no capacity');
select is((select unit_cubic_feet from app_public.materials where material_id = current_setting('tests.sku2')::uuid), 0.1250,
  'the safe fix: SKU-2''s cubic feet derived from its complete dimensions');
select ok(exists (select from app_public.bin_optimization_remediation_log where tenant_id = current_setting('tests.tenant')::uuid
                   and action = 'CUBIC_FEET_FROM_DIMENSIONS' and target_id = current_setting('tests.sku2')::uuid and outcome = 'SUCCEEDED'),
  'and logged');
select is((select count(*) from app_public.capacity_validation_failures where tenant_id = current_setting('tests.tenant')::uuid
             and source = 'AUDIT' and message like 'Location R-01%'),
  1::bigint, 'the detected overflow is recorded as a capacity failure');
select is((select array[open_findings, new_findings, resolved_findings] from run1), array[6, 6, 1],
  'the run counts 6 open findings, all new, and resolves the fixture''s (SKU-2 has a class)');
create temp table run2 as select * from app_private.run_data_quality_audit(current_setting('tests.tenant')::uuid);
select is((select array[open_findings, new_findings, resolved_findings] from run2), array[6, 0, 0],
  'a second run opens nothing new');
select is((select count(*) from app_public.capacity_validation_failures where tenant_id = current_setting('tests.tenant')::uuid
             and source = 'AUDIT' and message like 'Location R-01%'),
  1::bigint, 'nor records the same overflow twice');
update app_public.materials set abc_class = 'C', unit_weight_lbs = 1, unit_length_in = 1, unit_width_in = 1, unit_height_in = 1
 where tenant_id = current_setting('tests.tenant')::uuid and code = 'BARE';
select is((select array[new_findings, resolved_findings, remediations] from app_private.run_data_quality_audit(current_setting('tests.tenant')::uuid)),
  array[0, 3, 1], 'fixing BARE resolves its three findings (its cubic feet derived on the way)');
select is((select status from app_public.data_quality_findings where tenant_id = current_setting('tests.tenant')::uuid
            and entity_code = 'BARE' and code = 'MISSING_ABC_CLASS'), 'RESOLVED', 'resolved findings stay, marked RESOLVED');

-- getDataQualityMetrics. Six automatic fixes so far succeeded (four master-data updates, two derived cubic
-- feet); one that failed counts against the rate, one that was skipped does not.
select app_private.log_remediation(current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid,
  'CUBIC_FEET_FROM_DIMENSIONS', 'materials', current_setting('tests.sku1')::uuid, 'test', 'FAILED', '{}');
select app_private.log_remediation(current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid,
  'CUBIC_FEET_FROM_DIMENSIONS', 'materials', current_setting('tests.sku1')::uuid, 'test', 'SKIPPED', '{}');
select lives_ok('select app_private.refresh_data_quality()', 'the quality view refreshes');
-- Read before authenticating: row-level security hides the other tenant from the operator.
select set_config('tests.other_tenant', tests.tenant_id('dq_other')::text, true);
select tests.authenticate_as('dq', 'operator');
select results_eq($$
  select materials_verified, capacity_failures, pending_relocations, open_findings
    from app_public.get_data_quality_metrics(current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid)
$$, $$ values (2, 2, 1, 3) $$,
  'metrics of the facility: 2 materials verified, 2 capacity failures (fixture + audit), 1 location to relocate, 3 open findings');
select is((select remediation_success_rate
             from app_public.get_data_quality_metrics(current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid)),
  0.8571, 'success rate: 6 of 7 fixes that were attempted (the skipped one left out)');
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(current_setting('tests.other_tenant')::uuid, current_setting('tests.facility')::uuid)$$,
  'DENY1', null, 'another tenant''s metrics are refused');
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(current_setting('tests.tenant')::uuid, '01900000-0000-7000-8000-000000000000')$$,
  'NOTFD', null, 'an unknown facility is NOT_FOUND');
select tests.clear_authentication();

select * from finish();
rollback;
