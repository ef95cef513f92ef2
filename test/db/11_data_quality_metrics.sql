/*
 * get_data_quality_metrics answers for every facility of the caller's tenant: tenantId optional (the token's
 * tenant), figures from the view once it holds the facility, computed on demand before (a facility created
 * since the last refresh); another tenant's id FORBIDDEN, a facility not in the tenant NOT_FOUND.
 */
begin;
select plan(10);

select tests.create_tenant_fixture('mq');
select tests.create_tenant_fixture('mq_other');
select set_config('tests.tenant', tests.tenant_id('mq')::text, true);
select set_config('tests.other_tenant', tests.tenant_id('mq_other')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'mq')::text, true);
select set_config('tests.other_facility', tests.id_of('facilities', 'DC1', 'mq_other')::text, true);
select lives_ok('select app_private.refresh_data_quality()', 'the quality view refreshes');
-- Created after the refresh: the view does not hold it yet.
insert into app_public.facilities (tenant_id, code, name) values (current_setting('tests.tenant')::uuid, 'DC2', 'New DC');
select set_config('tests.new_facility', tests.id_of('facilities', 'DC2', 'mq')::text, true);

select tests.authenticate_as('mq', 'operator');
select results_eq($$
  select materials_verified, capacity_failures, open_findings
    from app_public.get_data_quality_metrics(null, current_setting('tests.facility')::uuid)
$$, $$ values (1, 1, 1) $$, 'without tenantId: the metrics of the token''s tenant');
select results_eq($$
  select materials_verified, capacity_failures, open_findings
    from app_public.get_data_quality_metrics(current_setting('tests.tenant')::uuid, current_setting('tests.facility')::uuid)
$$, $$ values (1, 1, 1) $$, 'with the token''s own tenantId: the same');
select results_eq($$
  select materials_verified, capacity_failures, pending_relocations, open_findings
    from app_public.get_data_quality_metrics(null, current_setting('tests.new_facility')::uuid)
$$, $$ values (1, 0, 0, 1) $$,
  'a facility the view does not hold yet: computed now (the tenant-wide verification and finding, nothing of its own)');
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(current_setting('tests.other_tenant')::uuid, current_setting('tests.facility')::uuid)$$,
  'DENY1', 'Data-quality metrics of another tenant are not available to you', 'another tenant''s id: FORBIDDEN');
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(null, current_setting('tests.other_facility')::uuid)$$,
  'NOTFD', null, 'another tenant''s facility does not exist in yours: NOT_FOUND');
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(null, null)$$,
  'INVAL', 'getDataQualityMetrics needs a facilityId', 'no facilityId: INVALID_INPUT');
select tests.clear_authentication();

select tests.authenticate_anonymous();
select throws_ok(
  $$select * from app_public.get_data_quality_metrics(null, current_setting('tests.facility')::uuid)$$,
  'DENY1', 'Data-quality metrics need a bearer token of the facility''s tenant', 'anonymous: FORBIDDEN');
select tests.clear_authentication();

-- Refreshed, the view holds the new facility, with the figures computed on demand before.
select lives_ok('select app_private.refresh_data_quality()', 'the quality view refreshes again');
select results_eq($$
  select materials_verified, capacity_failures, pending_relocations, open_findings
    from app_public.bin_optimization_data_quality where facility_id = current_setting('tests.new_facility')::uuid
$$, $$ values (1, 0, 0, 1) $$, 'the refreshed view holds the new facility, with the same figures');

select * from finish();
rollback;
