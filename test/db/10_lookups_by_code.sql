/*
 * Lookups by code take the tenant from the token: facility_by_code, material_by_code, location_by_code,
 * zone_by_code, outbound_order_by_number and ml_model_by_version find the caller's own rows, never another
 * tenant's, and row-level security still hides archived rows from operators.
 */
begin;
select plan(17);

select tests.create_tenant_fixture('lk');
select tests.create_tenant_fixture('lk_other');
select set_config('tests.tenant', tests.tenant_id('lk')::text, true);
select set_config('tests.facility', tests.id_of('facilities', 'DC1', 'lk')::text, true);
select set_config('tests.other_facility', tests.id_of('facilities', 'DC1', 'lk_other')::text, true);
-- A second facility of lk, archived, and a third one that only lk has.
insert into app_public.facilities (tenant_id, code, name, deleted_at)
  values (current_setting('tests.tenant')::uuid, 'OLD', 'Closed DC', now());
insert into app_public.facilities (tenant_id, code, name) values (current_setting('tests.tenant')::uuid, 'DC2', 'New DC');

-- ── operator of lk ──────────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as('lk', 'operator');
select is((select facility_id from app_public.facility_by_code('DC1')), current_setting('tests.facility')::uuid,
  'facility_by_code finds the facility of the token''s tenant, though another tenant has the same code');
select is((select tenant_id from app_public.material_by_code('SKU-1')), current_setting('tests.tenant')::uuid,
  'material_by_code finds the material of the token''s tenant');
select is((select code from app_public.location_by_code(current_setting('tests.facility')::uuid, 'R-01')), 'R-01',
  'location_by_code finds a location of a facility of the tenant');
select is((select code from app_public.zone_by_code(current_setting('tests.facility')::uuid, 'RSV')), 'RSV',
  'zone_by_code finds a zone of a facility of the tenant');
select is((select order_number from app_public.outbound_order_by_number('SO-1')), 'SO-1',
  'outbound_order_by_number finds the order of the tenant');
select is((select tenant_id from app_public.ml_model_by_version(1)), current_setting('tests.tenant')::uuid,
  'ml_model_by_version finds the model version of the tenant');
select is((select facility_id from app_public.facility_by_code('NOPE')), null::uuid, 'an unknown code is null');
select is((select code from app_public.location_by_code(current_setting('tests.other_facility')::uuid, 'R-01')), null,
  'a location of another tenant''s facility is null');
select is((select code from app_public.zone_by_code(current_setting('tests.other_facility')::uuid, 'RSV')), null,
  'a zone of another tenant''s facility is null');
select is((select facility_id from app_public.facility_by_code('OLD')), null::uuid,
  'an archived facility is hidden from an operator');
select is((select code from app_public.facility_by_code('DC2')), 'DC2', 'a code only this tenant uses');
select tests.clear_authentication();

-- ── supervisor of lk ────────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as('lk', 'supervisor');
select is((select code from app_public.facility_by_code('OLD')), 'OLD', 'a supervisor finds an archived facility');
select tests.clear_authentication();

-- ── operator of lk_other ────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as('lk_other', 'operator');
select is((select facility_id from app_public.facility_by_code('DC1')), current_setting('tests.other_facility')::uuid,
  'the same code gives the other tenant its own facility');
select is((select facility_id from app_public.facility_by_code('DC2')), null::uuid,
  'a code only another tenant uses is null');
select is((select material_id from app_public.material_by_code('SKU-1')),
  (select material_id from app_public.materials where code = 'SKU-1'), 'and its own material');
select tests.clear_authentication();

-- ── anonymous ───────────────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_anonymous();
select is((select facility_id from app_public.facility_by_code('DC1')), null::uuid, 'anonymous: no facility');
select is((select material_id from app_public.material_by_code('SKU-1')), null::uuid, 'anonymous: no material');
select tests.clear_authentication();

select * from finish();
rollback;
