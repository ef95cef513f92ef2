--! Previous: sha1:4d6d50125fa8fb8e9ad583b6763d07609cac6bb3
--! Hash: sha1:2ccb0ee620928955a1674c55806db2a90f84f3a0
--! Message: Data quality, statistics functions, daily statistics and summary

--! split: 0001-reset.sql
/*
 * Data quality (the seed's V0.0.20): dimension verifications with automatic master-data updates inside a
 * tolerance, cross-dock cancellations, the remediation log, the daily audit and its findings, and the
 * per-facility quality view behind getDataQualityMetrics. Statistical analysis (V0.0.22): distribution and
 * test functions over arrays, the daily statistics tables and the summary with trends. Drops first, in
 * reverse order, so that this file can run again and again.
 */
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

--! split: 0410-settings-and-remediation-log.sql
/*
 * Per-tenant data-quality settings, and the log of every automatic fix: what, why, outcome.
 */
create table app_public.data_quality_settings (
  tenant_id uuid not null default app_public.current_tenant_id(),
  settings_id uuid not null default public.uuid_generate_v7(),
  dimension_tolerance_pct numeric(5,2) not null default 5,
  auto_remediation_enabled boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint data_quality_settings_pkey primary key (tenant_id, settings_id),
  constraint data_quality_settings_tenant_key unique (tenant_id),
  constraint data_quality_settings_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade,
  constraint chk_data_quality_settings_tolerance check (dimension_tolerance_pct between 0 and 100)
);
alter table app_public.data_quality_settings enable row level security;
create policy select_own_tenant on app_public.data_quality_settings for select
  using (tenant_id = (select app_public.current_tenant_id()));
create policy insert_as_admin on app_public.data_quality_settings for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_public.current_user_role()) = 'admin');
create policy update_as_admin on app_public.data_quality_settings for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_public.current_user_role()) = 'admin');
grant select on app_public.data_quality_settings to :DATABASE_VISITOR;
grant insert (dimension_tolerance_pct, auto_remediation_enabled) on app_public.data_quality_settings to :DATABASE_VISITOR;
grant update (dimension_tolerance_pct, auto_remediation_enabled) on app_public.data_quality_settings to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.data_quality_settings
  for each row execute function app_private.tg__audit_update();
comment on table app_public.data_quality_settings is
  E'Data-quality settings of the tenant (admins maintain them); without a row the defaults apply.';
comment on column app_public.data_quality_settings.dimension_tolerance_pct is
  E'Largest difference, in percent, between a measurement and master data that updates master data automatically.';
comment on column app_public.data_quality_settings.auto_remediation_enabled is
  E'Whether the daily audit fixes what it safely can (for example cubic feet from dimensions).';
comment on constraint data_quality_settings_pkey on app_public.data_quality_settings is E'@fieldName dataQualitySettingsById';
comment on constraint data_quality_settings_tenant_key on app_public.data_quality_settings is
  E'@fieldName dataQualitySettingsByTenant\nThe tenant already has data-quality settings: update them.';
comment on constraint chk_data_quality_settings_tolerance on app_public.data_quality_settings is
  E'dimensionTolerancePct must be between 0 and 100.';

create type app_public.remediation_outcome as enum ('SUCCEEDED', 'FAILED', 'SKIPPED');
comment on type app_public.remediation_outcome is E'What became of an automatic fix.';

create table app_public.bin_optimization_remediation_log (
  tenant_id uuid not null default app_public.current_tenant_id(),
  remediation_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid,
  action text not null,
  target_table text not null,
  target_id uuid,
  reason text not null,
  outcome app_public.remediation_outcome not null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_remediation_log_pkey primary key (tenant_id, remediation_id),
  constraint bin_optimization_remediation_log_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade,
  constraint bin_optimization_remediation_log_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
create index bin_optimization_remediation_log_created_idx
  on app_public.bin_optimization_remediation_log (tenant_id, created_at);
create index bin_optimization_remediation_log_facility_idx
  on app_public.bin_optimization_remediation_log (tenant_id, facility_id);
-- The readiness summary's "last remediation" across tenants.
create index bin_optimization_remediation_log_latest_idx
  on app_public.bin_optimization_remediation_log (created_at) where deleted_at is null;
alter table app_public.bin_optimization_remediation_log enable row level security;
create policy select_own_tenant on app_public.bin_optimization_remediation_log for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.bin_optimization_remediation_log to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.bin_optimization_remediation_log
  for each row execute function app_private.tg__audit_update();
comment on table app_public.bin_optimization_remediation_log is
  E'Every automatic fix of master data or stock records: what was done, why, and how it ended.';
comment on column app_public.bin_optimization_remediation_log.action is
  E'What was done, e.g. MASTER_DATA_FROM_MEASUREMENT, CUBIC_FEET_FROM_DIMENSIONS, CROSS_DOCK_REPLANNED.';
comment on constraint bin_optimization_remediation_log_pkey on app_public.bin_optimization_remediation_log is
  E'@fieldName remediationById';
comment on constraint bin_optimization_remediation_log_tenant_fkey on app_public.bin_optimization_remediation_log is
  E'@fieldName tenant\n@foreignFieldName remediations';
comment on constraint bin_optimization_remediation_log_facility_fkey on app_public.bin_optimization_remediation_log is
  E'@fieldName facility\n@foreignFieldName remediations';

create function app_private.log_remediation(
  p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text,
  p_outcome text, p_details jsonb default '{}'
) returns uuid
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  insert into app_public.bin_optimization_remediation_log
    (tenant_id, facility_id, action, target_table, target_id, reason, outcome, details, created_by, updated_by)
  values (p_tenant_id, p_facility_id, p_action, p_target_table, p_target_id, p_reason,
          p_outcome::app_public.remediation_outcome, coalesce(p_details, '{}'), app_public.current_user_id(),
          app_public.current_user_id())
  returning remediation_id;
$$;
comment on function app_private.log_remediation(uuid, uuid, text, text, uuid, text, text, jsonb) is
  E'Records an automatic fix in bin_optimization_remediation_log; returns its id.';

--! split: 0420-dimension-verifications.sql
/*
 * Dimension verifications: an operator measures a unit; the difference from master data decides. Within the
 * tenant's tolerance (or when master data is missing) the measurement becomes master data at once, logged as
 * a remediation; beyond it the verification waits for a supervisor, who approves it (master data updated)
 * or dismisses it.
 */
create type app_public.verification_outcome as enum ('AUTO_UPDATED', 'FLAGGED_FOR_REVIEW', 'APPROVED', 'DISMISSED');
comment on type app_public.verification_outcome is
  E'AUTO_UPDATED: master data took the measurement; FLAGGED_FOR_REVIEW: beyond tolerance, waiting; then APPROVED or DISMISSED.';

create table app_public.material_dimension_verifications (
  tenant_id uuid not null default app_public.current_tenant_id(),
  verification_id uuid not null default public.uuid_generate_v7(),
  material_id uuid not null,
  facility_id uuid,
  measured_length_in numeric(8,2) not null,
  measured_width_in numeric(8,2) not null,
  measured_height_in numeric(8,2) not null,
  measured_weight_lbs numeric(12,3) not null,
  measured_cubic_feet numeric(12,4) generated always as
    (round(measured_length_in * measured_width_in * measured_height_in / 1728.0, 4)) stored,
  master_length_in numeric(8,2),
  master_width_in numeric(8,2),
  master_height_in numeric(8,2),
  master_cubic_feet numeric(12,4),
  master_weight_lbs numeric(12,3),
  variance_pct numeric(10,2),
  tolerance_pct numeric(5,2) not null default 5,
  outcome app_public.verification_outcome not null default 'FLAGGED_FOR_REVIEW',
  notes text,
  reviewed_by uuid,
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint material_dimension_verifications_pkey primary key (tenant_id, verification_id),
  constraint material_dimension_verifications_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete cascade,
  constraint material_dimension_verifications_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_material_dimension_verifications_positive
    check (measured_length_in > 0 and measured_width_in > 0 and measured_height_in > 0 and measured_weight_lbs > 0),
  constraint chk_material_dimension_verifications_numbers_not_nan
    check ('NaN'::numeric not in (measured_length_in, measured_width_in, measured_height_in, measured_weight_lbs))
);
create index material_dimension_verifications_material_idx
  on app_public.material_dimension_verifications (tenant_id, material_id, created_at);
create index material_dimension_verifications_outcome_idx
  on app_public.material_dimension_verifications (tenant_id, outcome);
alter table app_public.material_dimension_verifications enable row level security;
create policy select_own_tenant on app_public.material_dimension_verifications for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
create policy insert_own_tenant on app_public.material_dimension_verifications for insert
  with check (tenant_id = (select app_public.current_tenant_id())
              and (select app_public.current_user_role()) in ('operator', 'supervisor', 'admin'));
create policy update_as_supervisor on app_public.material_dimension_verifications for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.material_dimension_verifications to :DATABASE_VISITOR;
grant insert (material_id, facility_id, measured_length_in, measured_width_in, measured_height_in, measured_weight_lbs, notes)
  on app_public.material_dimension_verifications to :DATABASE_VISITOR;
grant update (outcome, notes) on app_public.material_dimension_verifications to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.material_dimension_verifications
  for each row execute function app_private.tg__audit_update();
comment on table app_public.material_dimension_verifications is
  E'A unit measured by an operator, against the material''s master data at that moment, and what became of it.';
comment on column app_public.material_dimension_verifications.variance_pct is
  E'Largest difference from master data over length, width, height, cubic feet and weight, in percent of master, over the values master data has; null when it had none.';
comment on column app_public.material_dimension_verifications.outcome is
  E'Set by the service on recording; a supervisor turns FLAGGED_FOR_REVIEW into APPROVED (master data updated) or DISMISSED.';
comment on constraint material_dimension_verifications_pkey on app_public.material_dimension_verifications is
  E'@fieldName materialDimensionVerificationById';
comment on constraint material_dimension_verifications_material_fkey on app_public.material_dimension_verifications is
  E'@fieldName material\n@foreignFieldName dimensionVerifications\nThe material does not exist.';
comment on constraint material_dimension_verifications_facility_fkey on app_public.material_dimension_verifications is
  E'@fieldName facility\n@foreignFieldName dimensionVerifications\nThe facility does not exist.';
comment on constraint chk_material_dimension_verifications_positive on app_public.material_dimension_verifications is
  E'Measured length, width, height and weight must be greater than 0.';
comment on constraint chk_material_dimension_verifications_numbers_not_nan on app_public.material_dimension_verifications is
  E'Numbers must be finite: NaN is not a valid quantity, size or score.';

/* Writes a verification's measurement into the material's master data and logs it. */
create function app_private.apply_measured_dimensions(p_verification app_public.material_dimension_verifications, p_reason text)
returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  update app_public.materials m
     set unit_length_in = p_verification.measured_length_in,
         unit_width_in = p_verification.measured_width_in,
         unit_height_in = p_verification.measured_height_in,
         unit_cubic_feet = round(p_verification.measured_length_in * p_verification.measured_width_in
                                 * p_verification.measured_height_in / 1728.0, 4),
         unit_weight_lbs = p_verification.measured_weight_lbs
   where m.tenant_id = p_verification.tenant_id and m.material_id = p_verification.material_id;
  perform app_private.log_remediation(p_verification.tenant_id, p_verification.facility_id,
    'MASTER_DATA_FROM_MEASUREMENT', 'materials', p_verification.material_id, p_reason, 'SUCCEEDED',
    jsonb_build_object('verificationId', p_verification.verification_id, 'variancePct', p_verification.variance_pct));
end;
$$;

create function app_private.tg_material_dimension_verifications__verify() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_material app_public.materials;
  v_ratio numeric;
begin
  select * into v_material from app_public.materials m
   where m.tenant_id = new.tenant_id and m.material_id = new.material_id;
  new.master_length_in := v_material.unit_length_in;
  new.master_width_in := v_material.unit_width_in;
  new.master_height_in := v_material.unit_height_in;
  new.master_cubic_feet := v_material.unit_cubic_feet;
  new.master_weight_lbs := v_material.unit_weight_lbs;
  new.tolerance_pct := coalesce((select s.dimension_tolerance_pct from app_public.data_quality_settings s
                                  where s.tenant_id = new.tenant_id and s.deleted_at is null), 5);
  new.reviewed_by := null;
  new.reviewed_at := null;
  -- The largest relative difference over the values master data has; a missing one is filled in, but the
  -- others must still agree (or a supervisor decides).
  select max(abs(measured - master) / nullif(master, 0)) into v_ratio
    from (values (new.measured_length_in, v_material.unit_length_in), (new.measured_width_in, v_material.unit_width_in),
                 (new.measured_height_in, v_material.unit_height_in),
                 -- (generated columns are not computed yet in a before trigger)
                 (round(new.measured_length_in * new.measured_width_in * new.measured_height_in / 1728.0, 4),
                  v_material.unit_cubic_feet),
                 (new.measured_weight_lbs, v_material.unit_weight_lbs)) as d(measured, master);
  new.variance_pct := round(100 * v_ratio, 2);
  new.outcome := case when v_ratio is null or 100 * v_ratio <= new.tolerance_pct then 'AUTO_UPDATED' else 'FLAGGED_FOR_REVIEW' end;
  if new.outcome = 'AUTO_UPDATED' then
    perform app_private.apply_measured_dimensions(new,
      case when new.variance_pct is null then 'master data had no dimensions or weight'
           else format('measurement within %s %% of master data (%s %%)', new.tolerance_pct, new.variance_pct) end);
  end if;
  return new;
end;
$$;
comment on function app_private.tg_material_dimension_verifications__verify() is
  E'Trigger: compares a new measurement with master data, updates master data within tolerance, flags it otherwise.';
create trigger _200_verify before insert on app_public.material_dimension_verifications
  for each row execute function app_private.tg_material_dimension_verifications__verify();

create function app_private.tg_material_dimension_verifications__review() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if new.outcome is distinct from old.outcome then
    if old.outcome <> 'FLAGGED_FOR_REVIEW' or new.outcome not in ('APPROVED', 'DISMISSED') then
      raise exception 'A verification can only go from FLAGGED_FOR_REVIEW to APPROVED or DISMISSED (it is %)', old.outcome
        using errcode = 'INVAL';
    end if;
    new.reviewed_by := app_public.current_user_id();
    new.reviewed_at := now();
    if new.outcome = 'APPROVED' then
      perform app_private.apply_measured_dimensions(new, format('variance of %s %% approved by a supervisor', new.variance_pct));
    end if;
  end if;
  return new;
end;
$$;
comment on function app_private.tg_material_dimension_verifications__review() is
  E'Trigger: a supervisor''s review of a flagged verification; approval updates master data.';
create trigger _200_review before update on app_public.material_dimension_verifications
  for each row execute function app_private.tg_material_dimension_verifications__review();

--! split: 0430-cross-dock-cancellations.sql
/*
 * When an outbound order line is cancelled and no other open demand for its material remains in the
 * facility, every PENDING cross-dock recommendation of that material there loses its reason: each is
 * recorded here and a `replan_cross_dock` job is queued, which expires it (no operator decided, so it does
 * not count as feedback) and recommends a fresh storage location. Cancelling an order cancels its open lines.
 */
create table app_public.cross_dock_cancellations (
  tenant_id uuid not null default app_public.current_tenant_id(),
  cancellation_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  outbound_order_line_id uuid not null,
  recommendation_id uuid not null,
  material_id uuid not null,
  quantity numeric(14,3) not null,
  status text not null default 'QUEUED',
  replacement_recommendation_id uuid,
  message text,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint cross_dock_cancellations_pkey primary key (tenant_id, cancellation_id),
  constraint cross_dock_cancellations_line_fkey foreign key (tenant_id, outbound_order_line_id)
    references app_public.outbound_order_lines (tenant_id, outbound_order_line_id) on delete cascade,
  constraint cross_dock_cancellations_recommendation_fkey foreign key (tenant_id, recommendation_id)
    references app_public.putaway_recommendations (tenant_id, recommendation_id) on delete cascade,
  constraint cross_dock_cancellations_replacement_fkey foreign key (tenant_id, replacement_recommendation_id)
    references app_public.putaway_recommendations (tenant_id, recommendation_id) on delete restrict,
  constraint cross_dock_cancellations_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_cross_dock_cancellations_status check (status in ('QUEUED', 'REPLANNED', 'SKIPPED', 'FAILED'))
);
create index cross_dock_cancellations_line_idx on app_public.cross_dock_cancellations (tenant_id, outbound_order_line_id);
create index cross_dock_cancellations_recommendation_idx on app_public.cross_dock_cancellations (tenant_id, recommendation_id);
-- One replanning at a time per recommendation, however many of its demand lines are cancelled.
create unique index cross_dock_cancellations_queued_key on app_public.cross_dock_cancellations (tenant_id, recommendation_id)
  where status = 'QUEUED';
create index cross_dock_cancellations_facility_idx on app_public.cross_dock_cancellations (tenant_id, facility_id, created_at);
alter table app_public.cross_dock_cancellations enable row level security;
create policy select_own_tenant on app_public.cross_dock_cancellations for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.cross_dock_cancellations to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.cross_dock_cancellations
  for each row execute function app_private.tg__audit_update();
comment on table app_public.cross_dock_cancellations is
  E'Cross-dock recommendations whose outbound demand was cancelled, and the storage recommendation that replaced them.';
comment on column app_public.cross_dock_cancellations.status is
  E'QUEUED (replanning waits for the worker), REPLANNED, SKIPPED (already decided or expired) or FAILED (see message).';
comment on constraint cross_dock_cancellations_pkey on app_public.cross_dock_cancellations is E'@fieldName crossDockCancellationById';
comment on constraint cross_dock_cancellations_line_fkey on app_public.cross_dock_cancellations is
  E'@fieldName outboundOrderLine\n@foreignFieldName crossDockCancellations';
comment on constraint cross_dock_cancellations_recommendation_fkey on app_public.cross_dock_cancellations is
  E'@fieldName recommendation\n@foreignFieldName crossDockCancellations';
comment on constraint cross_dock_cancellations_replacement_fkey on app_public.cross_dock_cancellations is
  E'@fieldName replacementRecommendation\n@foreignFieldName replacedCrossDockCancellations';
comment on constraint cross_dock_cancellations_facility_fkey on app_public.cross_dock_cancellations is
  E'@fieldName facility\n@foreignFieldName crossDockCancellations';

create function app_private.tg_outbound_order_lines__cross_dock_cancellation() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_facility_id uuid;
  v_cancellation record;
begin
  select o.facility_id into v_facility_id from app_public.outbound_orders o
   where o.tenant_id = new.tenant_id and o.outbound_order_id = new.outbound_order_id;
  -- Other open demand for the material keeps its cross-dock recommendations valid.
  if exists (select from app_public.outbound_order_lines ol
               join app_public.outbound_orders o on o.tenant_id = ol.tenant_id and o.outbound_order_id = ol.outbound_order_id
              where ol.tenant_id = new.tenant_id and o.facility_id = v_facility_id and ol.material_id = new.material_id
                and ol.outbound_order_line_id <> new.outbound_order_line_id
                and ol.status in ('OPEN', 'ALLOCATED') and o.status in ('OPEN', 'RELEASED')
                and ol.deleted_at is null and o.deleted_at is null) then
    return null;
  end if;
  for v_cancellation in
    insert into app_public.cross_dock_cancellations
      (tenant_id, facility_id, outbound_order_line_id, recommendation_id, material_id, quantity, created_by, updated_by)
    select r.tenant_id, r.facility_id, new.outbound_order_line_id, r.recommendation_id, r.material_id, r.quantity,
           app_public.current_user_id(), app_public.current_user_id()
      from app_public.putaway_recommendations r
     where r.tenant_id = new.tenant_id and r.facility_id = v_facility_id and r.material_id = new.material_id
       and r.status = 'PENDING' and r.cross_dock_candidate and r.deleted_at is null
    on conflict (tenant_id, recommendation_id) where status = 'QUEUED' do nothing
    returning tenant_id, cancellation_id
  loop
    if to_regnamespace('graphile_worker') is not null then
      perform graphile_worker.add_job('replan_cross_dock',
        json_build_object('tenantId', v_cancellation.tenant_id, 'cancellationId', v_cancellation.cancellation_id),
        job_key => 'replan_cross_dock:' || v_cancellation.cancellation_id, max_attempts => 5);
    end if;
  end loop;
  return null;
end;
$$;
comment on function app_private.tg_outbound_order_lines__cross_dock_cancellation() is
  E'Trigger: records cross-dock recommendations left without demand by a cancelled line and queues their replanning.';
create trigger _600_cross_dock_cancellation after update of status on app_public.outbound_order_lines
  for each row when (new.status = 'CANCELLED' and old.status <> 'CANCELLED')
  execute function app_private.tg_outbound_order_lines__cross_dock_cancellation();

create function app_private.tg_outbound_orders__cancel_lines() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  update app_public.outbound_order_lines ol set status = 'CANCELLED'
   where ol.tenant_id = new.tenant_id and ol.outbound_order_id = new.outbound_order_id
     and ol.status in ('OPEN', 'ALLOCATED');
  return null;
end;
$$;
comment on function app_private.tg_outbound_orders__cancel_lines() is E'Trigger: cancelling an order cancels its open lines.';
create trigger _600_cancel_lines after update of status on app_public.outbound_orders
  for each row when (new.status = 'CANCELLED' and old.status <> 'CANCELLED')
  execute function app_private.tg_outbound_orders__cancel_lines();

--! split: 0440-audit.sql
/*
 * The daily data-quality audit: materials without dimensions, weight or velocity class; locations with no
 * capacity, with more capacity than their inner dimensions hold, or holding more than their capacity. Each
 * problem is an open finding until an audit no longer sees it. Before looking, the audit fixes what it safely
 * can (cubic feet derived from dimensions), logging each fix, unless the tenant switched that off.
 */
create table app_private.data_quality_audit_runs (
  tenant_id uuid not null,
  audit_run_id uuid not null default public.uuid_generate_v7(),
  started_at timestamptz not null,
  finished_at timestamptz not null,
  open_findings integer not null,
  new_findings integer not null,
  resolved_findings integer not null,
  remediations integer not null,
  constraint data_quality_audit_runs_pkey primary key (tenant_id, audit_run_id),
  constraint data_quality_audit_runs_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade
);

create table app_public.data_quality_findings (
  tenant_id uuid not null default app_public.current_tenant_id(),
  finding_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid,
  entity_type text not null,
  entity_id uuid not null,
  entity_code text not null,
  code text not null,
  message text not null,
  status text not null default 'OPEN',
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint data_quality_findings_pkey primary key (tenant_id, finding_id),
  constraint data_quality_findings_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade,
  constraint data_quality_findings_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_data_quality_findings_entity_type check (entity_type in ('MATERIAL', 'LOCATION')),
  constraint chk_data_quality_findings_status check (status in ('OPEN', 'RESOLVED'))
);
create unique index data_quality_findings_open_key
  on app_public.data_quality_findings (tenant_id, entity_type, entity_id, code) where status = 'OPEN';
create index data_quality_findings_facility_idx on app_public.data_quality_findings (tenant_id, facility_id, status);
alter table app_public.data_quality_findings enable row level security;
create policy select_own_tenant on app_public.data_quality_findings for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.data_quality_findings to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.data_quality_findings
  for each row execute function app_private.tg__audit_update();
comment on table app_public.data_quality_findings is
  E'Problems the daily data-quality audit found, open until an audit no longer sees them.';
comment on column app_public.data_quality_findings.code is
  E'MISSING_DIMENSIONS, MISSING_WEIGHT, MISSING_ABC_CLASS, NON_POSITIVE_CAPACITY, CAPACITY_EXCEEDS_DIMENSIONS or OVER_CAPACITY.';
comment on constraint data_quality_findings_pkey on app_public.data_quality_findings is E'@fieldName dataQualityFindingById';
comment on constraint data_quality_findings_tenant_fkey on app_public.data_quality_findings is
  E'@fieldName tenant\n@foreignFieldName dataQualityFindings';
comment on constraint data_quality_findings_facility_fkey on app_public.data_quality_findings is
  E'@fieldName facility\n@foreignFieldName dataQualityFindings';

create function app_private.run_data_quality_audit(p_tenant_id uuid)
returns table (open_findings integer, new_findings integer, resolved_findings integer, remediations integer)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_started timestamptz := clock_timestamp();
  v_remediations integer := 0;
  v_new integer;
  v_resolved integer;
  v_open integer;
  v_material record;
begin
  -- Safe fixes first: cubic feet follow from complete dimensions.
  if coalesce((select s.auto_remediation_enabled from app_public.data_quality_settings s
                where s.tenant_id = p_tenant_id and s.deleted_at is null), true) then
    for v_material in
      update app_public.materials m
         set unit_cubic_feet = round(m.unit_length_in * m.unit_width_in * m.unit_height_in / 1728.0, 4)
       where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_cubic_feet is null
         and m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
      returning m.material_id, m.code, m.unit_cubic_feet
    loop
      perform app_private.log_remediation(p_tenant_id, null, 'CUBIC_FEET_FROM_DIMENSIONS', 'materials', v_material.material_id,
        'unit_cubic_feet was missing and the dimensions were complete', 'SUCCEEDED',
        jsonb_build_object('code', v_material.code, 'unitCubicFeet', v_material.unit_cubic_feet));
      v_remediations := v_remediations + 1;
    end loop;
  end if;

  create temp table if not exists pg_temp.current_findings (
    facility_id uuid, entity_type text, entity_id uuid, entity_code text, code text, message text
  ) on commit drop;
  truncate pg_temp.current_findings;
  insert into pg_temp.current_findings
    select null::uuid, 'MATERIAL', m.material_id, m.code, 'MISSING_DIMENSIONS',
           format('Material %s has no %s', m.code, concat_ws(', ',
             case when m.unit_length_in is null then 'length' end, case when m.unit_width_in is null then 'width' end,
             case when m.unit_height_in is null then 'height' end, case when m.unit_cubic_feet is null then 'cubic feet' end))
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
       and (m.unit_length_in is null or m.unit_width_in is null or m.unit_height_in is null or m.unit_cubic_feet is null)
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_WEIGHT', format('Material %s has no unit weight', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_weight_lbs is null
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_ABC_CLASS', format('Material %s has no velocity class', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.abc_class is null
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'NON_POSITIVE_CAPACITY',
           format('Location %s has a capacity of %s cubic feet and %s lb', l.code, l.max_cubic_feet, l.max_weight_lbs)
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null and (l.max_cubic_feet <= 0 or l.max_weight_lbs <= 0)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'CAPACITY_EXCEEDS_DIMENSIONS',
           format('Location %s claims %s cubic feet but its inner dimensions hold %s', l.code, l.max_cubic_feet,
                  round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3))
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and l.max_cubic_feet > round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3) * 1.01
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'OVER_CAPACITY',
           format('Location %s holds %s of %s cubic feet and %s of %s lb', l.code, round(o.cubic_feet_on_hand, 4),
                  l.max_cubic_feet, round(o.weight_lbs_on_hand, 3), l.max_weight_lbs)
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs);

  -- Detected overflows are capacity failures too, recorded once per open finding.
  insert into app_public.capacity_validation_failures (tenant_id, facility_id, location_id, source, requested_cubic_feet,
      requested_weight_lbs, available_cubic_feet, available_weight_lbs, message)
    select p_tenant_id, c.facility_id, c.entity_id, 'AUDIT', o.cubic_feet_on_hand, o.weight_lbs_on_hand,
           l.max_cubic_feet - o.cubic_feet_on_hand, l.max_weight_lbs - o.weight_lbs_on_hand, c.message
      from pg_temp.current_findings c
      join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = c.entity_id
      join app_private.location_occupancy o on o.tenant_id = p_tenant_id and o.location_id = c.entity_id
     where c.code = 'OVER_CAPACITY'
       and not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.entity_id = c.entity_id and f.code = 'OVER_CAPACITY'
                          and f.status = 'OPEN');

  update app_public.data_quality_findings f
     set status = 'RESOLVED', resolved_at = now()
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and not exists (select from pg_temp.current_findings c
                      where c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code);
  get diagnostics v_resolved = row_count;
  update app_public.data_quality_findings f
     set last_seen_at = now(), message = c.message
    from pg_temp.current_findings c
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code;
  insert into app_public.data_quality_findings (tenant_id, facility_id, entity_type, entity_id, entity_code, code, message)
    select p_tenant_id, c.facility_id, c.entity_type, c.entity_id, c.entity_code, c.code, c.message
      from pg_temp.current_findings c
     where not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.status = 'OPEN' and f.entity_type = c.entity_type
                          and f.entity_id = c.entity_id and f.code = c.code);
  get diagnostics v_new = row_count;
  select count(*) into v_open from app_public.data_quality_findings f where f.tenant_id = p_tenant_id and f.status = 'OPEN';
  insert into app_private.data_quality_audit_runs (tenant_id, started_at, finished_at, open_findings, new_findings,
      resolved_findings, remediations)
    values (p_tenant_id, v_started, clock_timestamp(), v_open, v_new, v_resolved, v_remediations);
  return query select v_open, v_new, v_resolved, v_remediations;
end;
$$;
comment on function app_private.run_data_quality_audit(uuid) is
  E'Runs the data-quality audit of one tenant: safe fixes, then findings opened, kept or resolved. Returns the counts.';

--! split: 0450-data-quality-view.sql
/*
 * Data quality per tenant and facility, for getDataQualityMetrics and the dashboards: materials verified
 * in the last 90 days, capacity failures in the last 30, locations holding more than their capacity (stock
 * that has to be relocated), the share of automatic fixes in the last 30 days that succeeded, open findings.
 * Refreshed after every audit and on demand.
 */
create materialized view app_public.bin_optimization_data_quality as
select f.tenant_id, f.facility_id,
       (select count(distinct v.material_id)::integer from app_public.material_dimension_verifications v
         where v.tenant_id = f.tenant_id and (v.facility_id is null or v.facility_id = f.facility_id)
           and v.deleted_at is null and v.created_at > now() - interval '90 days') as materials_verified,
       (select count(*)::integer from app_public.capacity_validation_failures c
         where c.tenant_id = f.tenant_id and c.facility_id = f.facility_id and c.deleted_at is null
           and c.created_at > now() - interval '30 days') as capacity_failures,
       (select count(*)::integer from app_public.locations l
          join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
         where l.tenant_id = f.tenant_id and l.facility_id = f.facility_id and l.deleted_at is null
           and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)) as pending_relocations,
       r.remediations,
       r.remediations_succeeded,
       round(r.remediations_succeeded::numeric / nullif(r.remediations, 0), 4) as remediation_success_rate,
       (select count(*)::integer from app_public.data_quality_findings d
         where d.tenant_id = f.tenant_id and d.status = 'OPEN' and (d.facility_id is null or d.facility_id = f.facility_id)) as open_findings,
       now() as computed_at
  from app_public.facilities f
  cross join lateral (
    select count(*)::integer as remediations, count(*) filter (where g.outcome = 'SUCCEEDED')::integer as remediations_succeeded
      from app_public.bin_optimization_remediation_log g
     where g.tenant_id = f.tenant_id and (g.facility_id is null or g.facility_id = f.facility_id)
       and g.outcome <> 'SKIPPED' and g.created_at > now() - interval '30 days'
  ) r
 where f.deleted_at is null;
create unique index bin_optimization_data_quality_key on app_public.bin_optimization_data_quality (tenant_id, facility_id);
comment on materialized view app_public.bin_optimization_data_quality is
  E'@behavior -*\nData quality per tenant and facility; read it through getDataQualityMetrics.';

create function app_private.refresh_data_quality() returns void
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  refresh materialized view concurrently app_public.bin_optimization_data_quality;
$$;
comment on function app_private.refresh_data_quality() is E'Refreshes bin_optimization_data_quality.';

create type app_public.data_quality_metrics as (
  materials_verified integer,
  capacity_failures integer,
  pending_relocations integer,
  remediation_success_rate numeric,
  open_findings integer,
  computed_at timestamptz
);
comment on type app_public.data_quality_metrics is E'Data quality of one facility, as of computedAt.';
comment on column app_public.data_quality_metrics.materials_verified is E'Materials measured in the last 90 days.';
comment on column app_public.data_quality_metrics.capacity_failures is E'Refused or detected overflows in the last 30 days.';
comment on column app_public.data_quality_metrics.pending_relocations is E'Locations holding more than their capacity: stock to relocate.';
comment on column app_public.data_quality_metrics.remediation_success_rate is E'Share of automatic fixes in the last 30 days that succeeded, 0 to 1; null when there were none.';

create function app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) returns app_public.data_quality_metrics
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_result app_public.data_quality_metrics;
begin
  if tenant_id is distinct from app_public.current_tenant_id() then
    raise exception 'Data-quality metrics of another tenant are not available to you' using errcode = 'DENY1';
  end if;
  select q.materials_verified, q.capacity_failures, q.pending_relocations, q.remediation_success_rate, q.open_findings,
         q.computed_at
    into v_result
    from app_public.bin_optimization_data_quality q
   where q.tenant_id = get_data_quality_metrics.tenant_id and q.facility_id = get_data_quality_metrics.facility_id;
  if not found then
    raise exception 'There is no facility % in your tenant (or its data quality was not computed yet)', facility_id
      using errcode = 'NOTFD';
  end if;
  return v_result;
end;
$$;
comment on function app_public.get_data_quality_metrics(uuid, uuid) is
  E'Data quality of a facility of your own tenant: materials verified, capacity failures, pending relocations, remediation success rate.';

--! split: 0460-statistics-functions.sql
/*
 * Statistics in SQL: distribution functions (normal, Student's t, chi-square) and the everyday tests and
 * summaries over float8 arrays, so that any query can feed them with array_agg and PostGraphile exposes them
 * to analysts. Building blocks (log-gamma, incomplete gamma and beta, log1p/expm1, the normal Mills ratio)
 * live in app_hidden; everything an analyst calls lives in app_public.
 *
 * Conventions shared by every function below:
 *   - all functions are strict: a NULL argument gives a NULL result (no rows for stat_outliers);
 *   - invalid arguments raise SQLSTATE 'INVAL' with a message that names the function and the argument;
 *   - NULL array elements are ignored; NaN and +/-Infinity elements are rejected ('INVAL');
 *   - when an output is undefined for the data (too few values, zero variance) it is NULL, never a guess;
 *   - PostgreSQL raises an error on float8 underflow, so every exponential goes through a guarded
 *     exp(): anything below exp(-745) is returned as 0 (probabilities under ~1e-308 are subnormal and
 *     carry fewer significant digits; they are never an error).
 * Drops first, in reverse order of creation, so that this block can run again and again.
 */
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

/*
 * Elementary helpers. PostgreSQL 15 has neither log1p nor expm1, and ln(1 + x) or exp(x) - 1 lose every
 * significant digit when x is tiny; the p-values of large samples depend on exactly those quantities.
 */
create function app_hidden.stat_log1p(p_x float8) returns float8
  language sql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
  select case when 1 + p_x = 1 then p_x
              else ln(1 + p_x) * (p_x / ((1 + p_x) - 1)) end
$$;
comment on function app_hidden.stat_log1p(float8) is
  E'ln(1 + x) without cancellation for small x; x > -1 (ln raises otherwise). NULL gives NULL. Method: with '
  'u = 1 + x rounded, ln(u) * x / (u - 1), which cancels the rounding error of u (Goldberg, "What every '
  'computer scientist should know about floating-point arithmetic", 1991, theorem 4).';

create function app_hidden.stat_expm1(p_x float8) returns float8
  language sql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
  select case when p_x < -40 then -1::float8
              when exp(p_x) = 1 then p_x
              else (exp(p_x) - 1) * (p_x / ln(exp(p_x))) end
$$;
comment on function app_hidden.stat_expm1(float8) is
  E'exp(x) - 1 without cancellation for small x; x < 709.78 (exp overflows beyond). NULL gives NULL. Method: '
  'with u = exp(x) rounded, (u - 1) * x / ln(u) (Kahan''s correction, the counterpart of Goldberg theorem 4); '
  '-1 for x < -40, where exp(x) is below half an ulp of 1.';

/*
 * Log-gamma. The Stirling series is exact enough from x = 10 on; smaller arguments are shifted up with the
 * recurrence, except near the zeros of ln(Gamma) at 1 and 2 and near 0, where the Taylor series of
 * ln(Gamma(1 + a)) keeps the relative accuracy that the small-df tails need. The Stirling remainder is a
 * function of its own, because ln B(a, b) and the incomplete-gamma prefactor cancel the large terms
 * analytically and only add the remainders.
 */
create function app_hidden.stat_log_gamma_correction(p_x float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  -- B(2k) / (2k (2k - 1)) for k = 1..8: 1/12, -1/360, 1/1260, -1/1680, 1/1188, -691/360360, 1/156, -3617/122400.
  v_coef constant float8[] := array[
    0.083333333333333333333, -0.0027777777777777777778, 0.00079365079365079365079,
    -0.00059523809523809523810, 0.00084175084175084175084, -0.0019175269175269175269,
    0.0064102564102564102564, -0.029550653594771241830];
  v_z float8;
  v_acc float8 := 0;
begin
  if p_x = 'NaN' or p_x < 10 then
    raise exception 'stat_log_gamma_correction: x must be >= 10 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x > 1e8 then
    return v_coef[1] / p_x;  -- the next term is below 1e-24 of this one
  end if;
  v_z := 1 / (p_x * p_x);
  for v_k in reverse 8..1 loop
    v_acc := v_acc * v_z + v_coef[v_k];
  end loop;
  return v_acc / p_x;
end;
$$;
comment on function app_hidden.stat_log_gamma_correction(float8) is
  E'The remainder of Stirling''s formula, delta(x) = ln Gamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi)), for '
  'x >= 10 (''INVAL'' otherwise). NULL gives NULL. Method: the asymptotic Stirling series '
  'sum B(2k) / (2k (2k - 1) x^(2k - 1)), k = 1..8, whose truncation error is below 2e-18 at x = 10 '
  '(Abramowitz and Stegun 6.1.40; DLMF 5.11.1).';

create function app_hidden.stat_log_gamma_1p(p_a float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  -- (-1)^k zeta(k) / k for k = 2..25: ln Gamma(1 + a) = -euler_gamma a + sum_k (-1)^k zeta(k) / k a^k.
  v_series constant float8[] := array[
    0.82246703342411321824, -0.40068563438653142847, 0.27058080842778454788, -0.20738555102867398527,
    0.16955717699740818995, -0.14404989676884611812, 0.12550966952474304242, -0.11133426586956469049,
    0.10009945751278180853, -0.090954017145829042233, 0.083353840546109004025, -0.076932516411352191473,
    0.071432946295361336059, -0.066668705882420468033, 0.062500955141213040742, -0.058823978658684582339,
    0.055555767627403611102, -0.052631679379616660734, 0.050000047698101693640, -0.047619070330142227991,
    0.045454556293204669442, -0.043478266053040259361, 0.041666669150341210469, -0.040000001192140140586];
  v_euler constant float8 := 0.57721566490153286061;
  v_acc float8 := 0;
begin
  if p_a = 'NaN' or p_a <= -1 then
    raise exception 'stat_log_gamma_1p: a must be > -1 (got %)', p_a using errcode = 'INVAL';
  end if;
  if abs(p_a) > 0.2 then
    return app_hidden.stat_log_gamma(1 + p_a);
  end if;
  if abs(p_a) < 1e-200 then
    return -v_euler * p_a;
  end if;
  for v_k in reverse 24..1 loop
    v_acc := v_acc * p_a + v_series[v_k];
  end loop;
  return p_a * (-v_euler + p_a * v_acc);
end;
$$;
comment on function app_hidden.stat_log_gamma_1p(float8) is
  E'ln Gamma(1 + a) for a > -1 (''INVAL'' otherwise), with full relative accuracy for small |a| (the '
  'counterpart of log1p: 1 + a would lose the low bits of a). NULL gives NULL. Method: for |a| <= 0.2 the '
  'Taylor series -euler_gamma a + sum_(k=2..25) (-1)^k zeta(k) a^k / k (DLMF 5.7.3), truncation error below '
  '1e-18; otherwise app_hidden.stat_log_gamma(1 + a).';

create function app_hidden.stat_log_gamma(p_x float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_x float8 := p_x;
  v_prod float8 := 1;
begin
  if p_x = 'NaN' or p_x <= 0 then
    raise exception 'stat_log_gamma: x must be > 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x > 2.5e305 then
    return 'Infinity';
  end if;
  if p_x < 1e-200 then
    return -ln(p_x);  -- ln Gamma(x) = -ln x - euler_gamma x + O(x^2)
  end if;
  if p_x < 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x) - ln(p_x);
  end if;
  if abs(p_x - 1) <= 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x - 1);
  end if;
  if abs(p_x - 2) <= 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x - 2) + app_hidden.stat_log1p(p_x - 2);
  end if;
  while v_x < 10 loop
    v_prod := v_prod * v_x;
    v_x := v_x + 1;
  end loop;
  return (v_x - 0.5) * ln(v_x) - v_x + v_ln_sqrt_2pi + app_hidden.stat_log_gamma_correction(v_x) - ln(v_prod);
end;
$$;
comment on function app_hidden.stat_log_gamma(float8) is
  E'ln Gamma(x) for x > 0 (''INVAL'' for x <= 0 or NaN); NULL gives NULL; +Infinity beyond 2.5e305. Relative '
  'error about 1e-15, also near the zeros at x = 1 and x = 2. Method: for x < 0.2 and within 0.2 of 1 or 2, '
  'the Taylor series of ln Gamma(1 + a) (app_hidden.stat_log_gamma_1p, DLMF 5.7.3) with '
  'Gamma(x) = Gamma(1 + x) / x and Gamma(2 + a) = (1 + a) Gamma(1 + a); otherwise the recurrence '
  'Gamma(x + 1) = x Gamma(x) up to x >= 10 and Stirling''s series there (app_hidden.stat_log_gamma_correction).';

create function app_hidden.stat_log_beta(p_a float8, p_b float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_p float8 := least(p_a, p_b);
  v_q float8 := greatest(p_a, p_b);
begin
  if p_a = 'NaN' or p_b = 'NaN' or p_a <= 0 or p_b <= 0 or p_a = 'Infinity' or p_b = 'Infinity' then
    raise exception 'stat_log_beta: a and b must be finite and > 0 (got %, %)', p_a, p_b using errcode = 'INVAL';
  end if;
  if v_q < 10 then
    return app_hidden.stat_log_gamma(v_p) + app_hidden.stat_log_gamma(v_q) - app_hidden.stat_log_gamma(v_p + v_q);
  elsif v_p < 10 then
    -- ln Gamma(q) - ln Gamma(p + q) with the Stirling terms cancelled analytically.
    return app_hidden.stat_log_gamma(v_p) + v_p - (v_q - 0.5) * app_hidden.stat_log1p(v_p / v_q)
           - v_p * ln(v_p + v_q)
           + app_hidden.stat_log_gamma_correction(v_q) - app_hidden.stat_log_gamma_correction(v_p + v_q);
  else
    return v_ln_sqrt_2pi - 0.5 * ln(v_p) - v_p * app_hidden.stat_log1p(v_q / v_p)
           - (v_q - 0.5) * app_hidden.stat_log1p(v_p / v_q)
           + app_hidden.stat_log_gamma_correction(v_p) + app_hidden.stat_log_gamma_correction(v_q)
           - app_hidden.stat_log_gamma_correction(v_p + v_q);
  end if;
end;
$$;
comment on function app_hidden.stat_log_beta(float8, float8) is
  E'ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b) for finite a, b > 0 (''INVAL'' otherwise); NULL '
  'gives NULL. Method: direct sum of log-gammas when both are below 10; otherwise Stirling''s formula with the '
  'large terms cancelled analytically (log1p form) and only the Stirling remainders added, so that '
  'ln B(df/2, 1/2) keeps about 1e-15 absolute accuracy even for df = 1e20 (the naive difference of '
  'log-gammas would lose ~1e-16 * a ln a).';

/*
 * The standard normal distribution. The series Phi(z) = 1/2 + phi(z) (z + z^3/3 + z^5/15 + ...) is accurate
 * to about 1e-13 for |z| <= 3; beyond, the Mills ratio R(x) = (1 - Phi(x)) / phi(x) from Laplace's continued
 * fraction gives the tail with full relative accuracy down to 1e-308, computed in log space so that nothing
 * underflows. The quantile refines a rough start with Halley's method in the centre and with Newton's
 * method on ln Phi in the tails, against this CDF, so that quantile and CDF are consistent to the last
 * digits.
 */
create function app_hidden.stat_normal_mills_ratio(p_x float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_tiny constant float8 := 1e-300;
  v_term float8;
  v_sum float8;
  v_f float8;
  v_c float8;
  v_d float8;
  v_delta float8;
  v_k integer := 0;
begin
  if p_x = 'NaN' or p_x < 0 then
    raise exception 'stat_normal_mills_ratio: x must be >= 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x = 'Infinity' then
    return 0;
  end if;
  if p_x < 3 then
    -- R(x) = (1/2 - phi(x) S(x)) / phi(x), S(x) = sum x^(2n+1) / (2n+1)!!.
    if p_x < 1e-17 then
      return 0.5 * v_sqrt_2pi;
    end if;
    v_term := p_x;
    v_sum := p_x;
    loop
      v_k := v_k + 1;
      v_term := v_term * p_x * p_x / (2 * v_k + 1);
      v_sum := v_sum + v_term;
      exit when v_term < 1e-17 * v_sum;
    end loop;
    return 0.5 * v_sqrt_2pi * exp(p_x * p_x / 2) - v_sum;
  end if;
  -- R(x) = 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))), modified Lentz evaluation of f = x + 1/(x + 2/(...)).
  v_f := p_x;
  v_c := p_x;
  v_d := 0;
  loop
    v_k := v_k + 1;
    v_d := p_x + v_k * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := p_x + v_k / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_delta := v_c * v_d;
    v_f := v_f * v_delta;
    exit when abs(v_delta - 1) < 1e-16 or v_k >= 500;
  end loop;
  return 1 / v_f;
end;
$$;
comment on function app_hidden.stat_normal_mills_ratio(float8) is
  E'Mills ratio R(x) = (1 - Phi(x)) / phi(x) of the standard normal for x >= 0 (''INVAL'' otherwise); NULL gives '
  'NULL; 0 at +Infinity. Method: for x < 3, R = 1/(2 phi(x)) - S(x) with the series '
  'S(x) = x + x^3/3 + x^5/15 + ... (Marsaglia, "Evaluating the normal distribution", J. Stat. Software 11(4), '
  '2004); for x >= 3 Laplace''s continued fraction 1/(x + 1/(x + 2/(x + ...))) (Abramowitz and Stegun 26.2.14) '
  'evaluated with the modified Lentz method (Numerical Recipes, 3rd ed., 5.2). Relative error about 1e-14.';

create function app_public.stat_normal_cdf(z float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_term float8;
  v_sum float8;
  v_k integer := 0;
  v_tail float8;
  v_e float8;
begin
  if z = 'NaN' then
    raise exception 'stat_normal_cdf: z must not be NaN' using errcode = 'INVAL';
  end if;
  if abs(z) < 1e-17 then
    return 0.5;  -- 1/2 + z phi(0) rounds to 1/2
  end if;
  if abs(z) <= 3 then
    v_term := z;
    v_sum := z;
    loop
      v_k := v_k + 1;
      v_term := v_term * z * z / (2 * v_k + 1);
      v_sum := v_sum + v_term;
      exit when abs(v_term) < 1e-17 * abs(v_sum);
    end loop;
    return 0.5 + exp(-z * z / 2) / v_sqrt_2pi * v_sum;
  end if;
  if abs(z) > 40 then
    v_tail := 0;  -- Phi(-40) = 3.7e-350 is below the smallest float8
  else
    v_e := -z * z / 2 - v_ln_sqrt_2pi + ln(app_hidden.stat_normal_mills_ratio(abs(z)));
    v_tail := case when v_e < -745 then 0 else exp(v_e) end;
  end if;
  return case when z < 0 then v_tail else 1 - v_tail end;
end;
$$;
comment on function app_public.stat_normal_cdf(float8) is
  E'Standard normal cumulative distribution function Phi(z) = P(Z <= z), a probability in [0, 1]; z in '
  'standard deviations. NULL gives NULL; NaN raises ''INVAL''; -Infinity gives 0, +Infinity gives 1. Relative '
  'error below 2e-13 over the whole range (measured against mpmath), including the lower tail down to '
  '1e-308 (e.g. Phi(-8) = '
  '6.22e-16, Phi(-37) = 5.7e-300); upper-tail probabilities are better taken as stat_normal_cdf(-z). Method: '
  'for |z| <= 3 the series Phi(z) = 1/2 + phi(z) (z + z^3/3 + z^5/15 + ...) (Marsaglia 2004); beyond, '
  'phi(z) times the Mills ratio from Laplace''s continued fraction, in log space (Abramowitz and Stegun '
  '26.2.14, modified Lentz method, Numerical Recipes 5.2).';

create function app_public.stat_normal_quantile(p float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_q float8;
  v_s float8;
  v_z float8;
  v_dz float8;
  v_phi float8;
  v_term float8;
  v_sum float8;
  v_u float8;
  v_r float8;
  v_ln_q float8;
  v_k integer;
begin
  if p = 'NaN' or p <= 0 or p >= 1 then
    raise exception 'stat_normal_quantile: p must be in (0, 1) (got %)', p using errcode = 'INVAL';
  end if;
  if p = 0.5 then
    return 0;
  end if;
  v_q := least(p, 1 - p);  -- 1 - p is exact for p >= 1/2
  -- Start: Hastings' rational approximation (Abramowitz and Stegun 26.2.23), |error| < 4.5e-4.
  v_s := sqrt(-2 * ln(v_q));
  v_z := -(v_s - (2.515517 + v_s * (0.802853 + v_s * 0.010328))
                 / (1 + v_s * (1.432788 + v_s * (0.189269 + v_s * 0.001308))));
  if v_z > -3 then
    -- Halley's method on Phi(z) - q, with Phi(z) - q = (1/2 - q) + phi(z) S(z) and 1/2 - q exact.
    for v_iteration in 1..20 loop
      v_term := v_z;
      v_sum := v_z;
      v_k := 0;
      if abs(v_z) >= 1e-17 then
        loop
          v_k := v_k + 1;
          v_term := v_term * v_z * v_z / (2 * v_k + 1);
          v_sum := v_sum + v_term;
          exit when abs(v_term) < 1e-17 * abs(v_sum);
        end loop;
      end if;
      v_phi := exp(-v_z * v_z / 2) / v_sqrt_2pi;
      v_u := ((0.5 - v_q) + v_phi * v_sum) / v_phi;
      v_dz := v_u / (1 + v_z * v_u / 2);
      v_z := v_z - v_dz;
      exit when abs(v_dz) <= 1e-15 * abs(v_z);
    end loop;
  else
    -- Newton's method on ln Phi(z) - ln q; ln Phi(z) = ln R(-z) - z^2/2 - ln sqrt(2 pi) never underflows.
    v_ln_q := ln(v_q);
    for v_iteration in 1..50 loop
      v_r := app_hidden.stat_normal_mills_ratio(-v_z);
      v_dz := (ln(v_r) - v_z * v_z / 2 - v_ln_sqrt_2pi - v_ln_q) * v_r;
      v_z := v_z - v_dz;
      exit when abs(v_dz) <= 1e-15 * abs(v_z);
    end loop;
  end if;
  return case when p < 0.5 then v_z else -v_z end;
end;
$$;
comment on function app_public.stat_normal_quantile(float8) is
  E'Standard normal quantile (inverse CDF): the z with Phi(z) = p, in standard deviations. p must lie in the '
  'open interval (0, 1): p <= 0, p >= 1 or NaN raise ''INVAL'' (no infinities are returned); NULL gives NULL. '
  'Relative error about 1e-14 for p from 4.9e-324 to 1 - 1.1e-16 (measured against mpmath). Method: start '
  'from Hastings'' approximation (Abramowitz and Stegun '
  '26.2.23), then Halley''s method on Phi(z) - p where |z| < 3 and Newton''s method on ln Phi(z) - ln p in the '
  'tails, both against app_public.stat_normal_cdf''s own series and Mills ratio.';

/*
 * Regularized incomplete gamma and beta functions: the chi-square and Student t distributions are special
 * cases. Each returns either the lower or the upper tail computed directly (not as 1 minus the other), so
 * that p-values of 1e-12 or 1e-300 keep their relative accuracy; the prefactors x^a e^-x / Gamma(a) and
 * x^a y^b / B(a, b) are computed in log space with the large Stirling terms cancelled analytically.
 */
create function app_hidden.stat_incomplete_gamma(p_a float8, p_x float8, p_upper boolean default false)
returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_tiny constant float8 := 1e-300;
  -- Temme's coefficients c0, c1, c2 of the uniform expansion as Taylor series in eta (derived from
  -- eta^2 / 2 = mu - ln(1 + mu) by series reversion; c0(0) = -1/3, c1(0) = -1/540, c2(0) = 25/6048).
  v_c0 constant float8[] := array[
    -0.33333333333333333333, 0.083333333333333333333, -0.014814814814814814815, 0.0011574074074074074074,
    0.00035273368606701940035, -0.00017875514403292181070, 0.000039192631785224377817,
    -0.0000021854485106799921615, -0.0000018540622107151599607, 8.2967113409530869936e-7,
    -1.7665952736826078e-7, 6.707853543401498e-9, 1.0261809784240309e-8, -4.382036018453353e-9,
    9.14769958223679e-10, -2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11,
    -5.0276692801141755e-12, 1.1004392031956135e-13, 3.371763262400985e-13, -1.392388722418162e-13,
    2.8534893807047445e-14, -5.139111834242572e-16];
  v_c1 constant float8[] := array[
    -0.0018518518518518518519, -0.0034722222222222222222, 0.0026455026455026455026,
    -0.00099022633744855967078, 0.00020576131687242798354, -4.0187757201646090535e-7,
    -0.000018098550334489977837, 7.64916091608111e-6, -1.6120900894563446e-6, 4.647127802807434e-9,
    1.378633446915721e-7, -5.752545603517705e-8, 1.1951628599778148e-8, -1.7543241719747647e-11,
    -1.0091543710600413e-9, 4.162792991842583e-10, -8.56390702649298e-11, 6.067215101604758e-14,
    7.1624989648114856e-12, -2.933186643771437e-12, 5.996696365683689e-13, -2.1671786527323313e-16];
  v_c2 constant float8[] := array[
    0.0041335978835978835979, -0.0026813271604938271605, 0.00077160493827160493827,
    2.0093878600823045267e-6, -0.00010736653226365160, 0.000052923448829120125, -0.000012760635188618728,
    3.423578734096138e-8, 1.3721957309062934e-6, -6.298992138380055e-7, 1.4280614206064242e-7,
    -2.0477098421990866e-10, -1.409252991086752e-8, 6.228974084922022e-9, -1.3670488396617114e-9,
    9.428356159014678e-13, 1.2872252400089318e-10, -5.5645956134363323e-11, 1.197593554636698e-11,
    -4.1689782251838634e-15];
  v_lower float8;
  v_upper float8;
  v_mu float8;
  v_phi float8;
  v_pow float8;
  v_term float8;
  v_sum float8;
  v_eta float8;
  v_a0 float8;
  v_a1 float8;
  v_a2 float8;
  v_c float8;
  v_r float8;
  v_ln_pre float8;
  v_b float8;
  v_d float8;
  v_an float8;
  v_h float8;
  v_delta float8;
  v_a_ln_x float8;
  v_n integer;
begin
  if p_a = 'NaN' or p_a <= 0 or p_a = 'Infinity' then
    raise exception 'stat_incomplete_gamma: a must be finite and > 0 (got %)', p_a using errcode = 'INVAL';
  end if;
  if p_x = 'NaN' or p_x < 0 then
    raise exception 'stat_incomplete_gamma: x must be >= 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x = 0 then
    return case when p_upper then 1 else 0 end;
  end if;
  if p_x = 'Infinity' then
    return case when p_upper then 0 else 1 end;
  end if;
  -- a ln x, 0 when it is below 1e-300 (PostgreSQL raises on a product that underflows; tiny a only).
  v_a_ln_x := case when p_x = 1 or ln(p_a) + ln(abs(ln(p_x))) < -690 then 0 else p_a * ln(p_x) end;

  if p_a >= 10 then
    -- phi(mu) = mu - ln(1 + mu), mu = x/a - 1; series for small |mu| where the difference cancels.
    v_mu := (p_x - p_a) / p_a;
    if v_mu = 0 then
      v_phi := 0;
    elsif abs(v_mu) < 0.1 then
      v_phi := 0;
      v_pow := v_mu * v_mu;
      v_n := 2;
      loop
        v_term := v_pow / v_n;
        v_phi := v_phi + case when v_n % 2 = 0 then v_term else -v_term end;
        exit when abs(v_term) < 1e-17 * v_phi;
        v_pow := v_pow * v_mu;
        v_n := v_n + 1;
      end loop;
    elsif v_mu < -0.5 then
      v_phi := v_mu - (ln(p_x) - ln(p_a));
    else
      v_phi := v_mu - app_hidden.stat_log1p(v_mu);
    end if;
  end if;

  if p_a >= 500 then
    -- Temme's uniform asymptotic expansion (DLMF 8.12.3-8.12.10): Q = erfc(eta sqrt(a/2)) / 2 + R,
    -- R = exp(-a eta^2 / 2) / sqrt(2 pi a) (c0(eta) + c1(eta)/a + c2(eta)/a^2). Truncation error < 2e-11.
    v_eta := sign(v_mu) * sqrt(2 * v_phi);
    if v_eta * v_eta > 1490 / p_a then
      v_r := 0;  -- exp(-a eta^2 / 2) < exp(-745): nothing left to add
    else
      if abs(v_eta) < 1 then
        v_a0 := 0; v_a1 := 0; v_a2 := 0;
        for v_k in reverse 24..1 loop v_a0 := v_a0 * v_eta + v_c0[v_k]; end loop;
        for v_k in reverse 22..1 loop v_a1 := v_a1 * v_eta + v_c1[v_k]; end loop;
        for v_k in reverse 20..1 loop v_a2 := v_a2 * v_eta + v_c2[v_k]; end loop;
      else
        v_a0 := 1 / v_mu - 1 / v_eta;
        v_a1 := 1 / v_eta ^ 3 - 1 / v_mu ^ 3 - 1 / v_mu ^ 2 - 1 / (12 * v_mu);
        -- c2 = c1'(eta) / eta + gamma_2 / mu with gamma_2 = 1/288 and dmu/deta = eta (1 + mu) / mu.
        v_a2 := (-3 / v_eta ^ 4 + (3 / v_mu ^ 4 + 2 / v_mu ^ 3 + 1 / (12 * v_mu ^ 2)) * v_eta * (1 + v_mu) / v_mu)
                / v_eta + 1 / (288 * v_mu);
      end if;
      v_c := v_a0 + (v_a1 + v_a2 / p_a) / p_a;
      v_r := case when v_c = 0 then 0
                  when -p_a * v_eta * v_eta / 2 - 0.5 * ln(2 * pi() * p_a) + ln(abs(v_c)) < -745 then 0
                  else sign(v_c) * exp(-p_a * v_eta * v_eta / 2 - 0.5 * ln(2 * pi() * p_a) + ln(abs(v_c))) end;
    end if;
    v_upper := app_public.stat_normal_cdf(-v_eta * sqrt(p_a)) + v_r;
    v_lower := app_public.stat_normal_cdf(v_eta * sqrt(p_a)) - v_r;
    return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
  end if;

  if p_x < 1e-290 then
    -- P(a, x) = x^a / Gamma(a + 1) (1 + O(x)); avoids underflow in the series.
    v_ln_pre := v_a_ln_x - app_hidden.stat_log_gamma_1p(p_a);
    v_lower := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    return case when p_upper then 1 - v_lower else v_lower end;
  end if;

  -- ln(x^a e^-x / Gamma(a)); for a >= 10 as -a phi(mu) + ln sqrt(a / (2 pi)) - delta(a), without cancellation.
  v_ln_pre := case when p_a >= 10
                   then -p_a * v_phi + 0.5 * ln(p_a) - v_ln_sqrt_2pi - app_hidden.stat_log_gamma_correction(p_a)
                   else v_a_ln_x - p_x - app_hidden.stat_log_gamma(p_a) end;

  if p_x < p_a + 1 then
    -- Series (Numerical Recipes 6.2.5): P = x^a e^-x / Gamma(a + 1) sum_n x^n / ((a + 1) ... (a + n)).
    v_term := 1;
    v_sum := 1;
    v_n := 0;
    loop
      v_n := v_n + 1;
      v_term := v_term * p_x / (p_a + v_n);
      v_sum := v_sum + v_term;
      exit when v_term < 1e-17 * v_sum or v_n >= 100000;
    end loop;
    v_ln_pre := v_ln_pre - ln(p_a) + ln(v_sum);
    v_lower := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    if p_a < 0.2 and v_lower > 0.5 then
      -- Small a: Q = -expm1(a ln x - ln Gamma(1 + a)) - x^a / Gamma(a) sum_{n>=1} (-x)^n / (n! (a + n)),
      -- from gamma(a, x) = x^a sum_n (-x)^n / (n! (a + n)) (DLMF 8.7.1); keeps the relative accuracy of a
      -- small Q that 1 - P would lose.
      v_sum := 0;
      if p_x < 1e-100 then
        v_sum := -p_x / (p_a + 1);
      else
        v_term := 1;
        v_n := 0;
        loop
          v_n := v_n + 1;
          v_term := -v_term * p_x / v_n;
          v_sum := v_sum + v_term / (p_a + v_n);
          exit when abs(v_term) < 1e-17 * abs(v_sum) or v_n >= 1000;
        end loop;
      end if;
      v_ln_pre := v_a_ln_x - app_hidden.stat_log_gamma_1p(p_a);  -- ln(x^a / Gamma(1 + a))
      v_upper := -app_hidden.stat_expm1(v_ln_pre)
                 - case when v_sum = 0 or v_ln_pre + ln(p_a) + ln(abs(v_sum)) < -745 then 0
                        else sign(v_sum) * exp(v_ln_pre + ln(p_a) + ln(abs(v_sum))) end;
    else
      v_upper := 1 - v_lower;
    end if;
  else
    -- Legendre's continued fraction for Gamma(a, x) (Numerical Recipes 6.2.7), modified Lentz method.
    v_b := p_x + 1 - p_a;
    v_c := 1 / v_tiny;
    v_d := 1 / v_b;
    v_h := v_d;
    v_n := 0;
    loop
      v_n := v_n + 1;
      v_an := -v_n * (v_n - p_a);
      v_b := v_b + 2;
      v_d := v_an * v_d + v_b;
      if abs(v_d) < v_tiny then v_d := v_tiny; end if;
      v_c := v_b + v_an / v_c;
      if abs(v_c) < v_tiny then v_c := v_tiny; end if;
      v_d := 1 / v_d;
      v_delta := v_d * v_c;
      v_h := v_h * v_delta;
      exit when abs(v_delta - 1) < 1e-16 or v_n >= 100000;
    end loop;
    v_ln_pre := v_ln_pre + ln(v_h);
    v_upper := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    v_lower := 1 - v_upper;
  end if;
  return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
end;
$$;
comment on function app_hidden.stat_incomplete_gamma(float8, float8, boolean) is
  E'Regularized incomplete gamma function: P(a, x) = gamma(a, x) / Gamma(a), or Q(a, x) = 1 - P(a, x) when '
  'p_upper is true, each computed directly so that a small tail keeps its relative accuracy. a finite > 0, '
  'x >= 0 (''INVAL'' otherwise, also for NaN); x = +Infinity allowed. NULL gives NULL. Relative error about '
  '1e-13 (a < 500) and 2e-11 (a >= 500). Method: a < 500: the power series for x < a + 1 (with the small-a '
  'form of Q from DLMF 8.7.1 when a < 0.2) and Legendre''s continued fraction for Q otherwise, modified Lentz '
  '(Numerical Recipes, 3rd ed., 6.2); prefactor x^a e^-x / Gamma(a) in log space with Stirling''s terms '
  'cancelled (a >= 10). a >= 500: Temme''s uniform asymptotic expansion with c0, c1, c2 (Temme 1979; '
  'DLMF 8.12.3-8.12.10), whose coefficients were derived here by series reversion.';

create function app_hidden.stat_incomplete_beta(p_a float8, p_b float8, p_x float8, p_upper boolean default false,
                                               p_y float8 default null)
returns float8
  language plpgsql immutable parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tiny constant float8 := 1e-300;
  v_y float8;
  v_ln_x float8;
  v_ln_y float8;
  v_ln_front float8;
  v_swap boolean;
  v_p float8;
  v_q float8;
  v_z float8;
  v_c float8;
  v_d float8;
  v_h float8;
  v_aa float8;
  v_delta float8;
  v_m integer := 0;
  v_direct float8;
  v_lower float8;
  v_upper float8;
  v_big_a boolean;
  v_big_t float8;
  v_u float8;
  v_direct_side boolean;
  v_coef float8[];
  v_sum float8;
  v_factor float8;
  v_g float8;
begin
  if p_a is null or p_b is null or p_x is null or p_upper is null then
    return null;
  end if;
  if p_a = 'NaN' or p_b = 'NaN' or p_a <= 0 or p_b <= 0 or p_a = 'Infinity' or p_b = 'Infinity' then
    raise exception 'stat_incomplete_beta: a and b must be finite and > 0 (got %, %)', p_a, p_b
      using errcode = 'INVAL';
  end if;
  v_y := coalesce(p_y, 1 - p_x);
  if p_x = 'NaN' or v_y = 'NaN' or p_x < 0 or p_x > 1 or v_y < 0 or v_y > 1 then
    raise exception 'stat_incomplete_beta: x and 1 - x must lie in [0, 1] (got %, %)', p_x, v_y
      using errcode = 'INVAL';
  end if;
  if p_x = 0 then
    return case when p_upper then 1 else 0 end;
  end if;
  if v_y = 0 then
    return case when p_upper then 0 else 1 end;
  end if;
  -- ln(x^a y^b / B(a, b)), with ln x taken from y when x is close to 1 and vice versa.
  v_ln_x := case when p_x <= 0.5 then ln(p_x) else app_hidden.stat_log1p(-v_y) end;
  v_ln_y := case when v_y <= 0.5 then ln(v_y) else app_hidden.stat_log1p(-p_x) end;
  -- (terms below 1e-300 are dropped: they cannot matter, and PostgreSQL raises on a product that underflows)
  v_ln_front := case when v_ln_x = 0 or ln(p_a) + ln(abs(v_ln_x)) < -690 then 0 else p_a * v_ln_x end
                + case when v_ln_y = 0 or ln(p_b) + ln(abs(v_ln_y)) < -690 then 0 else p_b * v_ln_y end
                - app_hidden.stat_log_beta(p_a, p_b);
  if greatest(p_a, p_b) >= 1e4 and least(p_a, p_b) <= 1 then
    -- One parameter large (p), the other small (q): with t = e^-w in the integral,
    -- (1 - e^-w)^(q-1) = w^(q-1) e^(-(q-1) w / 2) (sinh(w/2) / (w/2))^(q-1) and T = p + (q - 1)/2,
    -- I_z(p, q) = Gamma(q) / (B(p, q) T^q) sum_k c_k (q)_2k T^-2k Q(q + 2k, u), u = -T ln z, and
    -- 1 - I_z(p, q) the same with P(q + 2k, u); c_k are the Taylor coefficients of (sinh(w/2) / (w/2))^(q-1)
    -- in w^2 (the large-a expansion of DiDonato and Morris 1992, BGRAT, and Temme 1996, 11.3.3; derived
    -- here, four terms, error below 1e-13 for p >= 1e4). The continued fraction loses ~1e-16 p there.
    v_big_a := p_a >= p_b;
    v_p := greatest(p_a, p_b);
    v_q := least(p_a, p_b);
    v_big_t := v_p + (v_q - 1) / 2;
    v_u := -v_big_t * case when v_big_a then v_ln_x else v_ln_y end;
    v_direct_side := p_upper <> v_big_a;  -- I_z(p, q) is the lower tail when a is the large parameter
    v_coef := array[1, (v_q - 1) / 24, (v_q - 1) * (5 * v_q - 7) / 5760,
                    (v_q - 1) / 181440 - (v_q - 1) ^ 2 / 69120 + (v_q - 1) ^ 3 / 82944];
    v_sum := 0;
    v_factor := 1;  -- (q)_2k / T^2k
    for v_k in 0..3 loop
      exit when v_k > 0 and v_big_t > 1e30;  -- later terms below 1e-60 of the first
      if v_k > 0 then
        v_factor := v_factor * (v_q + 2 * v_k - 2) * (v_q + 2 * v_k - 1) / v_big_t / v_big_t;
      end if;
      v_g := app_hidden.stat_incomplete_gamma(v_q + 2 * v_k, v_u, v_direct_side);
      if v_g > 0 and v_coef[v_k + 1] <> 0
         and ln(abs(v_coef[v_k + 1])) + ln(v_factor) + ln(v_g) > -745 then
        v_sum := v_sum + sign(v_coef[v_k + 1]) * exp(ln(abs(v_coef[v_k + 1])) + ln(v_factor) + ln(v_g));
      end if;
    end loop;
    v_direct := v_sum * exp(app_hidden.stat_log_gamma(v_q) - app_hidden.stat_log_beta(v_p, v_q)
                            - v_q * ln(v_big_t));
    return greatest(0, least(1, v_direct));
  end if;
  -- The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use
  -- I_x(a, b) = 1 - I_y(b, a).
  v_swap := p_x >= (p_a + 1) / (p_a + p_b + 2);
  v_p := case when v_swap then p_b else p_a end;
  v_q := case when v_swap then p_a else p_b end;
  v_z := case when v_swap then v_y else p_x end;
  -- Continued fraction I_z(p, q) = z^p (1-z)^q / (p B(p, q)) / (1 + d1 / (1 + d2 / (1 + ...))),
  -- d(2m+1) = -(p + m)(p + q + m) z / ((p + 2m)(p + 2m + 1)), d(2m) = m (q - m) z / ((p + 2m - 1)(p + 2m)),
  -- modified Lentz method (Numerical Recipes, 3rd ed., 6.4).
  v_c := 1;
  -- 1 - (p + q) z / (p + 1); for z close to 1 written with 1 - z, which does not cancel there.
  v_d := case when v_z <= 0.5 then 1 - (v_p + v_q) * v_z / (v_p + 1)
              else (1 - v_q + (v_p + v_q) * (case when v_swap then p_x else v_y end)) / (v_p + 1) end;
  if abs(v_d) < v_tiny then v_d := v_tiny; end if;
  v_d := 1 / v_d;
  v_h := v_d;
  loop
    v_m := v_m + 1;
    v_aa := v_m * (v_q - v_m) * v_z / ((v_p + 2 * v_m - 1) * (v_p + 2 * v_m));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_h := v_h * v_d * v_c;
    v_aa := -(v_p + v_m) * (v_p + v_q + v_m) * v_z / ((v_p + 2 * v_m) * (v_p + 2 * v_m + 1));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_delta := v_d * v_c;
    v_h := v_h * v_delta;
    exit when abs(v_delta - 1) < 1e-16 or v_m >= 100000;
  end loop;
  v_direct := case when v_ln_front - ln(v_p) + ln(v_h) < -745 then 0
                   else exp(v_ln_front - ln(v_p) + ln(v_h)) end;
  v_lower := case when v_swap then 1 - v_direct else v_direct end;
  v_upper := case when v_swap then v_direct else 1 - v_direct end;
  return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
end;
$$;
comment on function app_hidden.stat_incomplete_beta(float8, float8, float8, boolean, float8) is
  E'Regularized incomplete beta function I_x(a, b), or 1 - I_x(a, b) = I_(1-x)(b, a) when p_upper is true, the '
  'smaller of the two computed directly. a, b finite > 0, x in [0, 1] (''INVAL'' otherwise). p_y, if given, is '
  '1 - x computed by the caller without cancellation (e.g. t^2 / (df + t^2)); NULL means 1 - x. NULL a, b, x '
  'or p_upper gives NULL. Method: the continued fraction for I_x(a, b) with the symmetry switch at '
  'x = (a + 1) / (a + b + 2), modified Lentz method (Numerical Recipes, 3rd ed., 6.4); prefactor '
  'x^a (1 - x)^b / (a B(a, b)) in log space with app_hidden.stat_log_beta. When one parameter is >= 1e4 and '
  'the other <= 1 (the t distribution with df >= 2e4), the large-parameter expansion in incomplete gamma '
  'functions (DiDonato and Morris 1992, BGRAT; Temme 1996, 11.3.3), four terms. Relative error about 1e-13 '
  'when min(a, b) <= 1 (all uses here have b = 1/2); with both parameters large it degrades like 1e-16 a.';

/*
 * Student's t distribution (p-values of the t tests, correlations and regression slopes; confidence
 * intervals of means). The survival function is the primitive, P(T > t) = I_x(df/2, 1/2) / 2 with
 * x = df / (df + t^2), so that two-sided p-values of 1e-12 and below are exact; the CDF is sf(-t).
 */
create function app_public.stat_t_sf(t float8, df float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_a float8;
  v_t2 float8;
  v_i float8;
  v_e float8;
  v_tail float8;
begin
  if t = 'NaN' or df = 'NaN' or df <= 0 then
    raise exception 'stat_t_sf: t must not be NaN and df must be > 0 (got t = %, df = %)', t, df
      using errcode = 'INVAL';
  end if;
  if df > 1e20 then
    -- The t distribution differs from the normal by O(t^4 / df): below 1e-16 relative here.
    return app_public.stat_normal_cdf(-t);
  end if;
  if t = 'Infinity' then return 0; end if;
  if t = '-Infinity' then return 1; end if;
  if abs(t) < 1e-100 then
    return 0.5;
  end if;
  v_a := df / 2;
  if abs(t) > 1e100 or 2 * ln(abs(t)) - ln(df) > 690 then
    -- x = df / (df + t^2) < exp(-690): I_x(a, 1/2) = x^a / (a B(a, 1/2)) (1 + O(x)).
    v_e := v_a * (ln(df) - 2 * ln(abs(t))) - ln(v_a) - app_hidden.stat_log_beta(v_a, 0.5) - ln(2::float8);
    v_tail := case when v_e < -745 then 0 else exp(v_e) end;
  else
    v_t2 := t * t;
    v_i := app_hidden.stat_incomplete_beta(v_a, 0.5, df / (df + v_t2), false, v_t2 / (df + v_t2));
    v_tail := case when v_i >= 1e-300 then v_i / 2
                   when v_i <= 0 or ln(v_i) - ln(2::float8) < -745 then 0
                   else exp(ln(v_i) - ln(2::float8)) end;
  end if;
  return case when t > 0 then v_tail else 1 - v_tail end;
end;
$$;
comment on function app_public.stat_t_sf(float8, float8) is
  E'Survival function of Student''s t distribution, P(T > t), a probability in [0, 1]; df > 0 degrees of '
  'freedom, need not be an integer (Welch). Use it for p-values: two-sided p = 2 * stat_t_sf(abs(t), df), '
  'which keeps its relative accuracy down to 1e-300. NULL gives NULL; NaN t or df, or df <= 0, raise '
  '''INVAL''; t = +/-Infinity gives 0 / 1; df > 1e20 (including +Infinity) uses the normal distribution. '
  'Relative error below 1e-12 over the whole range (measured against mpmath, and scipy for df >= 1e4). Method: '
  'P(T > |t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2) and 1 - x = t^2 / (df + t^2) passed separately '
  '(Abramowitz and Stegun 26.7.1 and 26.5.27), app_hidden.stat_incomplete_beta (Numerical Recipes 6.4); '
  'for t^2 / df > exp(690) the leading term of the power series.';

create function app_public.stat_t_cdf(t float8, df float8) returns float8
  language sql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
  select app_public.stat_t_sf(-t, df)
$$;
comment on function app_public.stat_t_cdf(float8, float8) is
  E'Cumulative distribution function of Student''s t distribution, P(T <= t), a probability in [0, 1]; df > 0 '
  'degrees of freedom (need not be an integer). NULL gives NULL; NaN or df <= 0 raise ''INVAL''; '
  'df > 1e20 (including +Infinity) uses the normal distribution. Relative error below 1e-12, lower tail '
  'included (e.g. t_cdf(-40, 3) = 1.7e-5). Method: stat_t_sf(-t, df) by symmetry, i.e. the regularized '
  'incomplete beta function (Abramowitz and Stegun 26.7.1; Numerical Recipes 6.4).';

create function app_hidden.stat_t_probability(p_log_t float8, p_df float8, p_central boolean) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_w float8 := 2 * p_log_t - ln(p_df);  -- ln(t^2 / df)
  v_x float8;
  v_y float8;
  v_i float8;
begin
  if not p_central then
    return app_public.stat_t_sf(exp(least(p_log_t, 709.7)), p_df);
  end if;
  -- P(0 < T < t) = I_y(1/2, df/2) / 2 with y = t^2 / (df + t^2) = 1 / (1 + exp(-w)), x = 1 - y.
  v_x := case when v_w > 745 then 0 when v_w > 40 then exp(-v_w) when v_w < -40 then 1 else 1 / (1 + exp(v_w)) end;
  v_y := case when v_w < -745 then 0 when v_w < -40 then exp(v_w) when v_w > 40 then 1 else 1 / (1 + exp(-v_w)) end;
  v_i := app_hidden.stat_incomplete_beta(p_df / 2, 0.5, v_x, true, v_y);
  return case when v_i >= 1e-300 then v_i / 2
              when v_i <= 0 or ln(v_i) - ln(2::float8) < -745 then 0
              else exp(ln(v_i) - ln(2::float8)) end;
end;
$$;
comment on function app_hidden.stat_t_probability(float8, float8, boolean) is
  E'For t = exp(p_log_t) > 0 and df = p_df > 0: P(T > t) (p_central false, app_public.stat_t_sf) or '
  'P(0 < T < t) (p_central true, computed directly as I_y(1/2, df/2) / 2 with y = t^2 / (df + t^2), so that it '
  'keeps its relative accuracy for tiny t). Working in ln t lets the quantile search cover t from 1e-304 to '
  '1e308 without overflow. NULL gives NULL. Internal to app_public.stat_t_quantile.';

create function app_public.stat_t_quantile(p float8, df float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_q float8;
  v_a float8;
  v_ln_b float8;
  v_central boolean;
  v_target float8;
  v_z float8;
  v_t float8;
  v_s float8;
  v_best_s float8;
  v_best_g float8;
  v_candidate float8;
  v_w float8;
  v_value float8;
  v_g float8;
  v_ln_f float8;
  v_slope float8;
  v_new float8;
  v_lo float8 := -700;
  v_hi float8 := 709.7;
begin
  if p = 'NaN' or p <= 0 or p >= 1 then
    raise exception 'stat_t_quantile: p must be in (0, 1) (got %)', p using errcode = 'INVAL';
  end if;
  if df = 'NaN' or df <= 0 then
    raise exception 'stat_t_quantile: df must be > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if df > 1e20 then
    return app_public.stat_normal_quantile(p);
  end if;
  if p = 0.5 then
    return 0;
  end if;
  v_q := least(p, 1 - p);  -- the upper-tail probability of |t|; 1 - p is exact for p >= 1/2
  if df = 1 then
    -- Cauchy: t = cot(pi q) = tan(pi (1/2 - q)).
    if v_q >= 0.25 then
      v_t := tan(pi() * (0.5 - v_q));
    elsif v_q >= 1e-300 then
      v_t := 1 / tan(pi() * v_q);
    elsif -ln(pi()) - ln(v_q) > 709.7 then
      v_t := 'Infinity';
    else
      v_t := exp(-ln(pi()) - ln(v_q));
    end if;
    return case when p < 0.5 then -v_t else v_t end;
  end if;
  if df = 2 then
    v_t := (1 - 2 * v_q) / sqrt(2 * v_q * (1 - v_q));
    return case when p < 0.5 then -v_t else v_t end;
  end if;

  v_a := df / 2;
  v_ln_b := app_hidden.stat_log_beta(v_a, 0.5);
  -- Near the centre solve P(0 < T < t) = 1/2 - q (both sides computed directly), in the tails P(T > t) = q;
  -- both in log space, by Newton's method on s = ln t with a bisection safeguard.
  v_central := v_q > 0.25;
  v_target := ln(case when v_central then 0.5 - v_q else v_q end);
  v_z := -app_public.stat_normal_quantile(v_q);
  for v_start in 1..3 loop
    v_candidate := case v_start
      -- Cornish-Fisher expansion of t in the normal quantile z (Abramowitz and Stegun 26.7.5).
      when 1 then case when df >= 1 then v_z + (v_z ^ 3 + v_z) / (4 * df) + (5 * v_z ^ 5 + 16 * v_z ^ 3 + 3 * v_z) / (96 * df ^ 2)
                  + (3 * v_z ^ 7 + 19 * v_z ^ 5 + 17 * v_z ^ 3 - 15 * v_z) / (384 * df ^ 3) end
      -- Power-law tail: P(T > t) ~ df^(df/2 - 1) t^-df / B(df/2, 1/2); already ln t.
      when 2 then least(700, greatest(-700, ((v_a - 1) * ln(df) - v_ln_b - ln(v_q)) / df))
      -- Linear centre: P(0 < T < t) ~ t f(0), f(0) = 1 / (sqrt(df) B(df/2, 1/2)).
      else (0.5 - v_q) * exp(0.5 * ln(df) + v_ln_b) end;
    if v_start <> 2 then
      continue when v_candidate is null or not (v_candidate > 1e-300 and v_candidate < 1e300);
      v_candidate := ln(v_candidate);
    end if;
    v_value := app_hidden.stat_t_probability(v_candidate, df, v_central);
    continue when v_value <= 0;
    v_g := abs(ln(v_value) - v_target);
    if v_best_g is null or v_g < v_best_g then
      v_best_g := v_g;
      v_best_s := v_candidate;
    end if;
  end loop;
  v_s := coalesce(v_best_s, 0);
  if not v_central and app_hidden.stat_t_probability(v_hi, df, false) > v_q then
    v_s := v_hi;  -- even t = 1.6e308 leaves more than q in the tail (df < 1 and tiny p): +/-Infinity
  end if;

  for v_iteration in 1..200 loop
    exit when v_s >= 709.7;
    v_value := app_hidden.stat_t_probability(v_s, df, v_central);
    if v_value <= 0 then
      -- Underflow: in the tail t is too large, in the centre too small.
      if v_central then v_lo := v_s; else v_hi := v_s; end if;
      v_s := (v_lo + v_hi) / 2;
      continue;
    end if;
    v_g := ln(v_value) - v_target;
    -- The tail decreases in t, the central probability increases.
    if (v_g > 0) = v_central then v_hi := v_s; else v_lo := v_s; end if;
    -- ln f(t) = -ln B(df/2, 1/2) - ln(df)/2 - (df + 1)/2 ln(1 + t^2/df), with w = ln(t^2/df).
    v_w := 2 * v_s - ln(df);
    v_ln_f := -v_ln_b - 0.5 * ln(df) - (df + 1) / 2 * case when v_w > 36 then v_w
                                                          when v_w < -700 then 0
                                                          else app_hidden.stat_log1p(exp(v_w)) end;
    -- d ln(value) / d ln t = -/+ t f(t) / value.
    v_slope := exp(least(700, greatest(-700, v_s + v_ln_f - ln(v_value))));
    if not v_central then v_slope := -v_slope; end if;
    v_new := v_s - v_g / v_slope;
    if not (v_new > v_lo and v_new < v_hi) then
      v_new := (v_lo + v_hi) / 2;
    end if;
    if abs(v_new - v_s) <= 1e-14 * greatest(1, abs(v_s)) then
      v_s := v_new;
      exit;
    end if;
    v_s := v_new;
    exit when v_hi - v_lo <= 1e-15 * greatest(1, abs(v_s));
  end loop;
  v_t := case when v_s >= 709.7 then 'Infinity'::float8 else exp(v_s) end;
  return case when p < 0.5 then -v_t else v_t end;
end;
$$;
comment on function app_public.stat_t_quantile(float8, float8) is
  E'Quantile (inverse CDF) of Student''s t distribution: the t with P(T <= t) = p; df > 0 degrees of freedom '
  '(need not be an integer). p must lie in the open interval (0, 1): p <= 0, p >= 1, NaN or df <= 0 raise '
  '''INVAL''; NULL gives NULL; df > 1e20 (including +Infinity) uses the normal quantile; quantiles beyond the '
  'float8 range (only for df < 1 and tiny p) are +/-Infinity. Relative error about 1e-12 (e.g. '
  'stat_t_quantile(0.975, 10) = 2.228138851986273). Method: closed forms for df = 1 (Cauchy) and df = 2; '
  'otherwise the best of three starts (Cornish-Fisher expansion, Abramowitz and Stegun 26.7.5; the power-law '
  'tail; the linear centre), refined by Newton''s method on ln t against app_public.stat_t_sf in the tails '
  'and against P(0 < T < t) = I_y(1/2, df/2) / 2 near the centre, with a bisection safeguard.';

/*
 * The chi-square distribution (p-values of contingency tables). The survival function is the upper
 * regularized incomplete gamma function Q(df/2, x/2), computed directly rather than as 1 - CDF.
 */
create function app_public.stat_chi_square_cdf(x float8, df float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_e float8;
begin
  if df = 'NaN' or df <= 0 or df = 'Infinity' then
    raise exception 'stat_chi_square_cdf: df must be finite and > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if x = 'NaN' then
    raise exception 'stat_chi_square_cdf: x must not be NaN' using errcode = 'INVAL';
  end if;
  if x <= 0 then
    return 0;
  end if;
  if x < 1e-300 then
    v_e := df / 2 * (ln(x) - ln(2::float8)) - app_hidden.stat_log_gamma_1p(df / 2);
    return case when v_e < -745 then 0 else exp(v_e) end;
  end if;
  return app_hidden.stat_incomplete_gamma(df / 2, x / 2, false);
end;
$$;
comment on function app_public.stat_chi_square_cdf(float8, float8) is
  E'Cumulative distribution function of the chi-square distribution, P(X <= x), a probability in [0, 1]; df '
  'degrees of freedom, finite and > 0 (need not be an integer). x <= 0 gives 0, x = +Infinity gives 1. NULL '
  'gives NULL; NaN or invalid df raise ''INVAL''. Relative error below 1e-11 (measured against mpmath). For '
  'p-values use stat_chi_square_sf, which keeps tiny upper tails exact. Method: P(df/2, x/2), the '
  'regularized lower incomplete gamma function (Abramowitz and Stegun 26.4.19), '
  'app_hidden.stat_incomplete_gamma (series and continued fraction, Numerical Recipes 6.2; Temme''s uniform '
  'expansion for df >= 1000).';

create function app_public.stat_chi_square_sf(x float8, df float8) returns float8
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if df = 'NaN' or df <= 0 or df = 'Infinity' then
    raise exception 'stat_chi_square_sf: df must be finite and > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if x = 'NaN' then
    raise exception 'stat_chi_square_sf: x must not be NaN' using errcode = 'INVAL';
  end if;
  if x <= 0 then
    return 1;
  end if;
  if x < 1e-300 then
    return 1 - app_public.stat_chi_square_cdf(x, df);
  end if;
  return app_hidden.stat_incomplete_gamma(df / 2, x / 2, true);
end;
$$;
comment on function app_public.stat_chi_square_sf(float8, float8) is
  E'Survival function of the chi-square distribution, P(X > x) = 1 - CDF, a probability in [0, 1]: the p-value '
  'of a chi-square statistic x with df degrees of freedom (finite, > 0, need not be an integer). x <= 0 '
  'gives 1, x = +Infinity gives 0. NULL gives NULL; NaN or invalid df raise ''INVAL''. Relative error below '
  '2e-11 (measured against mpmath) even for tiny tails (e.g. sf(1000, 3) = 1.8e-216). Method: Q(df/2, x/2), '
  'the regularized upper incomplete gamma function computed directly (continued fraction, Numerical Recipes '
  '6.2.7; Temme''s uniform expansion for df >= 1000; small-df series from DLMF 8.7.1).';

/*
 * Descriptive statistics, interval estimates and outlier flags over arrays. Means are corrected with a
 * second pass (mean + avg(x - mean)) and variances are taken of the centred values, so that data like
 * 1e9 + 1, 1e9 + 2, 1e9 + 3 give exactly 1 rather than the noise of sum(x^2) - n mean^2; the centred values
 * are divided by the largest deviation first, so that magnitudes like 1e-200 do not underflow.
 */
create function app_hidden.stat_check_array(p_values float8[], p_context text) returns void
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if array_ndims(p_values) > 1 then
    raise exception '%: the array must be one-dimensional (got % dimensions)', p_context, array_ndims(p_values)
      using errcode = 'INVAL';
  end if;
  if exists (select 1 from unnest(p_values) as u(v) where u.v in ('NaN'::float8, 'Infinity', '-Infinity')) then
    raise exception '%: NaN and infinite values are not allowed', p_context using errcode = 'INVAL';
  end if;
end;
$$;
comment on function app_hidden.stat_check_array(float8[], text) is
  E'Raises ''INVAL'' (message prefixed with p_context, e.g. ''stat_describe(values)'') when the array has more '
  'than one dimension or holds NaN or +/-Infinity; NULL elements are fine (the callers ignore them). NULL '
  'arguments do nothing.';

create function app_public.stat_describe(
  "values" float8[],
  out n integer, out mean float8, out median float8, out stddev float8, out p25 float8, out p75 float8,
  out p95 float8, out min float8, out max float8, out ci95_low float8, out ci95_high float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_n integer;
  v_mean float8;
  v_scale float8;
  v_var float8;
  v_sd float8;
  v_min float8;
  v_max float8;
  v_q float8[];
  v_half float8;
begin
  perform app_hidden.stat_check_array(stat_describe."values", 'stat_describe(values)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v),
         percentile_cont(array[0.25, 0.5, 0.75, 0.95]::float8[]) within group (order by u.v)
    into v_n, v_mean, v_min, v_max, v_q
    from unnest(stat_describe."values") as u(v);
  n := v_n;
  if v_n = 0 then
    return;
  end if;
  if v_min = v_max then
    v_mean := v_min;
    v_sd := case when v_n >= 2 then 0 end;
  else
    -- Second pass over the centred values, scaled by the largest deviation (so that neither tiny nor large
    -- magnitudes underflow or overflow): the mean's correction and the sample variance.
    v_scale := greatest(v_max - v_mean, v_mean - v_min);
    select v_mean + v_scale * avg((u.v - v_mean) / v_scale), var_samp((u.v - v_mean) / v_scale)
      into v_mean, v_var
      from unnest(stat_describe."values") as u(v)
     where u.v is not null;
    v_sd := v_scale * sqrt(v_var);
  end if;
  mean := v_mean;
  median := v_q[2];
  stddev := v_sd;
  p25 := v_q[1];
  p75 := v_q[3];
  p95 := v_q[4];
  min := v_min;
  max := v_max;
  if v_n >= 2 then
    v_half := app_public.stat_t_quantile(0.975, v_n - 1) * (v_sd / sqrt(v_n::float8));
    ci95_low := v_mean - v_half;
    ci95_high := v_mean + v_half;
  end if;
end;
$$;
comment on function app_public.stat_describe(float8[]) is
  E'Descriptive statistics of an array (feed it with array_agg), in the units of the values: n (count of '
  'non-NULL values), mean, median, stddev (sample standard deviation, n - 1 denominator), p25, p75, p95 '
  '(percentiles with linear interpolation, identical to percentile_cont), min, max, and ci95_low / ci95_high, '
  'the t-based 95% confidence interval of the mean, mean +/- t(0.975, n - 1) stddev / sqrt(n). NULL elements '
  'are ignored; a NULL array gives a row of NULLs; NaN, +/-Infinity or a multidimensional array raise '
  '''INVAL''. Empty array (or only NULLs): n = 0, everything else NULL. n = 1: stddev and the interval are '
  'NULL. Constant data: stddev 0 and a zero-width interval. Method: two-pass (mean corrected by the mean '
  'residual, variance of the centred values scaled by the largest deviation), no catastrophic cancellation '
  'for data like 1e9 + 1, 1e9 + 2, no underflow for data like 1e-200.';

create function app_public.stat_wilson_interval(successes bigint, total bigint, confidence float8 default 0.95,
                                                out low float8, out high float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_z float8;
  v_n float8;
  v_p float8;
  v_denom float8;
  v_centre float8;
  v_half float8;
  v_upper float8;
begin
  if successes < 0 or total < 0 or successes > total then
    raise exception 'stat_wilson_interval: need 0 <= successes <= total (got successes = %, total = %)',
      successes, total using errcode = 'INVAL';
  end if;
  if not (confidence > 0 and confidence < 1) then
    raise exception 'stat_wilson_interval: confidence must be in (0, 1) (got %)', confidence
      using errcode = 'INVAL';
  end if;
  if total = 0 then
    return;
  end if;
  v_z := -app_public.stat_normal_quantile((1 - confidence) / 2);
  v_n := total;
  v_p := successes::float8 / v_n;
  v_denom := 1 + v_z * v_z / v_n;
  v_centre := (v_p + v_z * v_z / (2 * v_n)) / v_denom;
  v_half := v_z / v_denom * sqrt(v_p * (1 - v_p) / v_n + v_z * v_z / (4 * v_n * v_n));
  v_upper := v_centre + v_half;
  -- The bounds are the roots of (1 + z^2/n) w^2 - (2 p + z^2/n) w + p^2 = 0; the lower one as
  -- p^2 / ((1 + z^2/n) upper), which does not cancel.
  low := case when successes = 0 then 0 else greatest(0, least(1, v_p * v_p / (v_denom * v_upper))) end;
  high := case when successes = total then 1 else greatest(0, least(1, v_upper)) end;
end;
$$;
comment on function app_public.stat_wilson_interval(bigint, bigint, float8) is
  E'Wilson score interval for a binomial proportion successes / total (e.g. an acceptance rate): low and high '
  'as proportions in [0, 1] at the given two-sided confidence level (default 0.95). NULL arguments give NULLs; '
  'total = 0 gives NULLs; successes < 0, total < 0, successes > total, or confidence outside the open '
  'interval (0, 1) raise ''INVAL''. successes = 0 gives low = 0 and successes = total gives high = 1 '
  'exactly. Method: Wilson (1927), centre (p + z^2/2n) / (1 + z^2/n), half-width '
  'z / (1 + z^2/n) sqrt(p (1 - p) / n + z^2 / 4n^2), z = -stat_normal_quantile((1 - confidence) / 2); the lower '
  'bound is taken from the product of the roots to avoid cancellation. No continuity correction.';

create function app_public.stat_outliers("values" float8[])
returns table (ordinal integer, value float8, z_score float8, modified_z_score float8, is_iqr_outlier boolean,
               is_z_outlier boolean, is_modified_z_outlier boolean)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_n integer;
  v_mean float8;
  v_delta float8 := 0;
  v_scale float8;
  v_sd float8;
  v_min float8;
  v_max float8;
  v_q float8[];
  v_iqr float8;
  v_mad float8;
begin
  perform app_hidden.stat_check_array(stat_outliers."values", 'stat_outliers(values)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v),
         percentile_cont(array[0.25, 0.5, 0.75]::float8[]) within group (order by u.v)
    into v_n, v_mean, v_min, v_max, v_q
    from unnest(stat_outliers."values") as u(v);
  if v_n >= 2 then
    if v_min = v_max then
      v_mean := v_min;
      v_sd := 0;
    else
      -- Centred second pass, scaled by the largest deviation (see stat_describe); the mean is kept as the
      -- first-pass value plus a small correction, so that x - mean is exact to the last bit of x.
      v_scale := greatest(v_max - v_mean, v_mean - v_min);
      select v_scale * avg((u.v - v_mean) / v_scale), v_scale * stddev_samp((u.v - v_mean) / v_scale)
        into v_delta, v_sd
        from unnest(stat_outliers."values") as u(v)
       where u.v is not null;
    end if;
    select percentile_cont(0.5) within group (order by abs(u.v - v_q[2]))
      into v_mad
      from unnest(stat_outliers."values") as u(v)
     where u.v is not null;
    v_iqr := v_q[3] - v_q[1];
  end if;
  return query
    select u.o::integer,
           u.v,
           case when v_sd > 0 then ((u.v - v_mean) - v_delta) / v_sd end,
           case when v_mad > 0 then 0.6745 * ((u.v - v_q[2]) / v_mad) end,
           case when u.v is not null and v_n >= 2
                then u.v < v_q[1] - 1.5 * v_iqr or u.v > v_q[3] + 1.5 * v_iqr end,
           case when v_sd > 0 then abs(((u.v - v_mean) - v_delta) / v_sd) > 3 end,
           case when v_mad > 0 then abs(0.6745 * ((u.v - v_q[2]) / v_mad)) > 3.5 end
      from unnest(stat_outliers."values") with ordinality as u(v, o)
     order by u.o;
end;
$$;
comment on function app_public.stat_outliers(float8[]) is
  E'One row per input element, in input order: ordinal (1-based position in the array), value, z_score '
  '(x - mean) / s with the sample standard deviation s (n - 1 denominator; scipy.stats.zscore(ddof=1)), '
  'modified_z_score 0.6745 (x - median) / MAD with MAD = median |x - median| (Iglewicz and Hoaglin 1993), '
  'is_iqr_outlier (x < Q1 - 1.5 IQR or x > Q3 + 1.5 IQR, quartiles as percentile_cont; Tukey''s fences), '
  'is_z_outlier (|z| > 3), is_modified_z_outlier (|M| > 3.5). Statistics use the non-NULL values only; a '
  'NULL element gives its row with NULL scores and flags. NULL array: no rows; empty array: no rows. '
  'n < 2: all scores and flags NULL. Zero standard deviation: z_score and is_z_outlier NULL; MAD = 0 (more '
  'than half the values equal): modified_z_score and its flag NULL. NaN, +/-Infinity or a multidimensional '
  'array raise ''INVAL''. Note that with s from the sample itself |z| <= (n - 1) / sqrt(n), so |z| > 3 needs '
  'n >= 11.';

/*
 * Correlation, regression and the Welch t test over paired / grouped arrays. Pairs with a NULL on either
 * side are dropped; lengths must match. Sums of squares and products come from the centred values; the
 * p-values go through app_public.stat_t_sf so that very small p-values stay exact.
 */
create function app_hidden.stat_correlation_coefficient(p_covariance float8, p_variance_x float8,
                                                       p_variance_y float8) returns float8
  language sql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
  select case when abs(v.r) >= 1 - 1e-15 then sign(v.r) else v.r end
    from (select case when p_variance_x between 1e-150 and 1e150 and p_variance_y between 1e-150 and 1e150
                      then p_covariance / sqrt(p_variance_x * p_variance_y)
                      else p_covariance / sqrt(p_variance_x) / sqrt(p_variance_y) end as r) as v
$$;
comment on function app_hidden.stat_correlation_coefficient(float8, float8, float8) is
  E'Pearson''s r = cov / sqrt(var_x var_y) from a covariance and two positive variances (the caller handles '
  'zero variance). sqrt of the product where it cannot overflow or underflow, so that exactly collinear '
  'data give exactly +/-1; |r| within 1e-15 of 1 (collinear up to rounding) is returned as +/-1, so that a '
  'perfect correlation gets p = 0. NULL gives NULL.';

create function app_hidden.stat_correlation_p_value(p_r float8, p_n integer) returns float8
  language sql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
  select case when p_n < 3 then null
              when abs(p_r) >= 1 then 0::float8
              else 2 * app_public.stat_t_sf(abs(p_r) * sqrt((p_n - 2) / ((1 - p_r) * (1 + p_r))), p_n - 2) end
$$;
comment on function app_hidden.stat_correlation_p_value(float8, integer) is
  E'Two-sided p-value of a correlation coefficient r from n pairs under the null of no correlation: '
  't = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom (the same test as the slope of a simple '
  'linear regression). n < 3: NULL; |r| = 1: 0. NULL gives NULL.';

create function app_hidden.stat_paired_moments(x float8[], y float8[], p_function text,
  out n integer, out mean_x float8, out mean_y float8, out scale_x float8, out scale_y float8,
  out covariance float8, out variance_x float8, out variance_y float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_min_x float8;
  v_max_x float8;
  v_min_y float8;
  v_max_y float8;
begin
  perform app_hidden.stat_check_array(stat_paired_moments.x, p_function || '(x)');
  perform app_hidden.stat_check_array(stat_paired_moments.y, p_function || '(y)');
  if cardinality(stat_paired_moments.x) <> cardinality(stat_paired_moments.y) then
    raise exception '%: x and y must have the same length (got % and %)',
      p_function, cardinality(stat_paired_moments.x), cardinality(stat_paired_moments.y) using errcode = 'INVAL';
  end if;
  select count(*)::integer, sum(u.xv) / nullif(count(*), 0), sum(u.yv) / nullif(count(*), 0),
         min(u.xv), max(u.xv), min(u.yv), max(u.yv)
    into n, mean_x, mean_y, v_min_x, v_max_x, v_min_y, v_max_y
    from unnest(stat_paired_moments.x, stat_paired_moments.y) as u(xv, yv)
   where u.xv is not null and u.yv is not null;
  if n < 2 then
    return;
  end if;
  scale_x := greatest(v_max_x - mean_x, mean_x - v_min_x);
  scale_y := greatest(v_max_y - mean_y, mean_y - v_min_y);
  -- A constant variable: its mean is exactly its value (the rounded sum / n may not be).
  if v_min_x = v_max_x then
    mean_x := v_min_x;
    scale_x := 0;
  end if;
  if v_min_y = v_max_y then
    mean_y := v_min_y;
    scale_y := 0;
  end if;
  if scale_x = 0 or scale_y = 0 then
    return;
  end if;
  -- Centred second pass, each variable scaled by its largest deviation (so that tiny or huge magnitudes
  -- neither under- nor overflow): corrected means, covariance and variances of the scaled values.
  select mean_x + scale_x * avg((u.xv - mean_x) / scale_x), mean_y + scale_y * avg((u.yv - mean_y) / scale_y),
         covar_samp((u.xv - mean_x) / scale_x, (u.yv - mean_y) / scale_y),
         var_samp((u.xv - mean_x) / scale_x), var_samp((u.yv - mean_y) / scale_y)
    into mean_x, mean_y, covariance, variance_x, variance_y
    from unnest(stat_paired_moments.x, stat_paired_moments.y) as u(xv, yv)
   where u.xv is not null and u.yv is not null;
end;
$$;
comment on function app_hidden.stat_paired_moments(float8[], float8[], text) is
  E'The moments behind correlation and regression of paired arrays, pairs with a NULL on either side dropped: '
  'n, the means, scale_x and scale_y (largest absolute deviation from the mean; 0 for a constant variable), '
  'and the sample covariance and variances of the values divided by their scales (multiply back by the '
  'scales for the units of x and y). Checks both arrays (stat_check_array) and their lengths, raising '
  '''INVAL'' with p_function in the message. n < 2: only n and the means; a constant variable: no '
  'covariance or variances. Method: two passes, the second centred on the first pass''s means.';

create function app_public.stat_correlation(x float8[], y float8[],
  out n integer, out pearson_r float8, out pearson_p float8, out spearman_rho float8, out spearman_p float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  m record;
  v_cov float8;
  v_var_x float8;
  v_var_y float8;
begin
  m := app_hidden.stat_paired_moments(stat_correlation.x, stat_correlation.y, 'stat_correlation');
  n := m.n;
  if m.covariance is null then
    return;  -- undefined: too few pairs, or a constant variable
  end if;
  -- Pearson's r does not depend on the scales.
  pearson_r := app_hidden.stat_correlation_coefficient(m.covariance, m.variance_x, m.variance_y);
  pearson_p := app_hidden.stat_correlation_p_value(pearson_r, m.n);
  -- Spearman: Pearson on average ranks (ties share the mean of their positions); ranks average (n + 1)/2.
  select covar_samp(r.rx, r.ry), var_samp(r.rx), var_samp(r.ry)
    into v_cov, v_var_x, v_var_y
    from (select (rank() over (order by u.xv) + (count(*) over (partition by u.xv) - 1) / 2.0)::float8
                   - (m.n + 1) / 2.0 as rx,
                 (rank() over (order by u.yv) + (count(*) over (partition by u.yv) - 1) / 2.0)::float8
                   - (m.n + 1) / 2.0 as ry
            from unnest(stat_correlation.x, stat_correlation.y) as u(xv, yv)
           where u.xv is not null and u.yv is not null) as r;
  spearman_rho := app_hidden.stat_correlation_coefficient(v_cov, v_var_x, v_var_y);
  spearman_p := app_hidden.stat_correlation_p_value(spearman_rho, m.n);
end;
$$;
comment on function app_public.stat_correlation(float8[], float8[]) is
  E'Correlation of paired arrays x and y (dimensionless): n (pairs used), pearson_r, pearson_p, spearman_rho, '
  'spearman_p. p-values are two-sided for the null of no correlation, from t = r sqrt((n - 2) / (1 - r^2)) '
  'with n - 2 degrees of freedom (exact for Pearson under normality; the usual approximation for Spearman, '
  'as scipy.stats.spearmanr). Spearman''s rho is Pearson''s r of the average ranks (ties get the mean of '
  'their positions). Pairs with a NULL on either side are dropped; NULL arrays give NULLs; different '
  'lengths, NaN, +/-Infinity or multidimensional arrays raise ''INVAL''. n < 2, or either variable constant: '
  'coefficients and p-values NULL. n < 3: p-values NULL. |r| = 1 gives p = 0 (|r| within 1e-15 of 1, i.e. '
  'collinear up to rounding, counts as 1). Method: centred (two-pass) '
  'sums of squares and products; p-values via app_public.stat_t_sf.';

create function app_public.stat_linear_regression(x float8[], y float8[],
  out n integer, out slope float8, out intercept float8, out r_squared float8, out slope_p_value float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  m record;
  v_r float8;
begin
  m := app_hidden.stat_paired_moments(stat_linear_regression.x, stat_linear_regression.y, 'stat_linear_regression');
  n := m.n;
  if m.n < 2 or m.scale_x = 0 then
    return;  -- no line can be fitted
  end if;
  if m.scale_y = 0 then
    -- Constant y: the fit is the horizontal line; r^2 and the test are undefined.
    slope := 0;
    intercept := m.mean_y;
    return;
  end if;
  slope := m.covariance / m.variance_x * (m.scale_y / m.scale_x);
  intercept := m.mean_y - slope * m.mean_x;
  v_r := app_hidden.stat_correlation_coefficient(m.covariance, m.variance_x, m.variance_y);
  r_squared := v_r * v_r;
  slope_p_value := app_hidden.stat_correlation_p_value(v_r, m.n);
end;
$$;
comment on function app_public.stat_linear_regression(float8[], float8[]) is
  E'Ordinary least-squares fit y = intercept + slope x of paired arrays: n (pairs used), slope (units of y per '
  'unit of x), intercept (units of y), r_squared (coefficient of determination, in [0, 1]) and '
  'slope_p_value, the two-sided p-value of the t test of slope = 0 with n - 2 degrees of freedom (as '
  'scipy.stats.linregress). Pairs with a NULL on either side are dropped; NULL arrays give NULLs; different '
  'lengths, NaN, +/-Infinity or multidimensional arrays raise ''INVAL''. n < 2 or constant x: all outputs '
  'but n NULL. Constant y: slope 0 and intercept = y, r_squared and slope_p_value NULL. n = 2: '
  'slope_p_value NULL. A perfect fit gives slope_p_value 0. Method: centred (two-pass) sums of squares and '
  'products; t = r sqrt((n - 2) / (1 - r^2)), p via app_public.stat_t_sf.';

create function app_public.stat_welch_t_test(a float8[], b float8[],
  out t float8, out df float8, out p_value float8, out cohens_d float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_na integer;
  v_nb integer;
  v_ma float8;
  v_mb float8;
  v_va float8;
  v_vb float8;
  v_min_a float8;
  v_max_a float8;
  v_min_b float8;
  v_max_b float8;
  v_delta_a float8 := 0;
  v_delta_b float8 := 0;
  v_scale float8;
  v_ua float8;
  v_ub float8;
  v_t float8;
  v_df float8;
begin
  perform app_hidden.stat_check_array(stat_welch_t_test.a, 'stat_welch_t_test(a)');
  perform app_hidden.stat_check_array(stat_welch_t_test.b, 'stat_welch_t_test(b)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v)
    into v_na, v_ma, v_min_a, v_max_a
    from unnest(stat_welch_t_test.a) as u(v);
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v)
    into v_nb, v_mb, v_min_b, v_max_b
    from unnest(stat_welch_t_test.b) as u(v);
  if v_na < 2 or v_nb < 2 or (v_min_a = v_max_a and v_min_b = v_max_b) then
    return;  -- a variance is undefined, or both are 0
  end if;
  -- Centred second pass; both groups scaled by the same factor, the largest deviation from a group mean
  -- (t, df and d do not depend on the scale; the scaling keeps tiny or huge magnitudes from under- or
  -- overflowing). Each mean is kept as its first-pass value plus a small correction, so that the difference
  -- of two close means (1e9 + 1.5 against 1e9 + 1.2) keeps its digits.
  v_scale := greatest(v_max_a - v_ma, v_ma - v_min_a, v_max_b - v_mb, v_mb - v_min_b);
  if v_min_a = v_max_a then
    v_ma := v_min_a;
    v_va := 0;
  else
    select v_scale * avg((u.v - v_ma) / v_scale), var_samp((u.v - v_ma) / v_scale)
      into v_delta_a, v_va
      from unnest(stat_welch_t_test.a) as u(v)
     where u.v is not null;
  end if;
  if v_min_b = v_max_b then
    v_mb := v_min_b;
    v_vb := 0;
  else
    select v_scale * avg((u.v - v_mb) / v_scale), var_samp((u.v - v_mb) / v_scale)
      into v_delta_b, v_vb
      from unnest(stat_welch_t_test.b) as u(v)
     where u.v is not null;
  end if;
  -- Squared standard errors (in units of scale^2).
  v_ua := v_va / v_na;
  v_ub := v_vb / v_nb;
  v_t := ((v_ma - v_mb) + (v_delta_a - v_delta_b)) / (v_scale * sqrt(v_ua + v_ub));
  -- Welch-Satterthwaite; a negligible group contributes nothing (and its square must not underflow).
  v_df := (v_ua + v_ub) ^ 2
          / (case when v_ua < 1e-150 then 0 else v_ua * v_ua / (v_na - 1) end
             + case when v_ub < 1e-150 then 0 else v_ub * v_ub / (v_nb - 1) end);
  t := v_t;
  df := v_df;
  p_value := 2 * app_public.stat_t_sf(abs(v_t), v_df);
  cohens_d := ((v_ma - v_mb) + (v_delta_a - v_delta_b)) / (v_scale * sqrt(((v_na - 1) * v_va + (v_nb - 1) * v_vb) / (v_na + v_nb - 2)));
end;
$$;
comment on function app_public.stat_welch_t_test(float8[], float8[]) is
  E'Welch''s two-sample t test (unequal variances) of mean(a) = mean(b): t (positive when mean(a) > mean(b)), '
  'df (Welch-Satterthwaite degrees of freedom, not an integer), p_value (two-sided), and cohens_d, the '
  'standardized mean difference (mean(a) - mean(b)) / s_pooled with s_pooled = '
  'sqrt(((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2)) (Cohen 1988; no small-sample correction). '
  'Same statistic as scipy.stats.ttest_ind(a, b, equal_var=False). NULL elements are ignored; a NULL array '
  'gives NULLs; NaN, +/-Infinity or multidimensional arrays raise ''INVAL''. A group with fewer than 2 '
  'values, or both groups constant: all outputs NULL. Method: two-pass means and variances; p via '
  'app_public.stat_t_sf, exact for tiny p-values.';

/*
 * Chi-square test of independence of an r x c contingency table (e.g. accepted/rejected by algorithm).
 */
create function app_public.stat_chi_square_test(observed bigint[][],
  out statistic float8, out df integer, out p_value float8, out cramers_v float8)
  language plpgsql immutable strict parallel safe
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_rows integer;
  v_cols integer;
  v_total float8;
  v_statistic float8;
begin
  if cardinality(stat_chi_square_test.observed) = 0 then
    return;
  end if;
  if array_ndims(stat_chi_square_test.observed) <> 2 then
    raise exception 'stat_chi_square_test: observed must be a two-dimensional array of counts (got % dimensions)',
      array_ndims(stat_chi_square_test.observed) using errcode = 'INVAL';
  end if;
  if exists (select 1 from unnest(stat_chi_square_test.observed) as u(c) where u.c < 0) then
    raise exception 'stat_chi_square_test: counts must not be negative' using errcode = 'INVAL';
  end if;
  with cells as (
    select i, j, coalesce(stat_chi_square_test.observed[i][j], 0)::float8 as o
      from generate_subscripts(stat_chi_square_test.observed, 1) as i,
           generate_subscripts(stat_chi_square_test.observed, 2) as j
  ), row_totals as (
    select c.i, sum(c.o) as total from cells c group by c.i having sum(c.o) > 0
  ), col_totals as (
    select c.j, sum(c.o) as total from cells c group by c.j having sum(c.o) > 0
  ), grand as (
    select sum(r.total) as total, (select count(*) from row_totals) as nr, (select count(*) from col_totals) as nc
      from row_totals r
  )
  select g.nr, g.nc, g.total,
         (select sum((c.o - r.total * k.total / g.total) ^ 2 / (r.total * k.total / g.total))
            from cells c join row_totals r on r.i = c.i join col_totals k on k.j = c.j)
    into v_rows, v_cols, v_total, v_statistic
    from grand g;
  if v_rows < 2 or v_cols < 2 then
    return;  -- after dropping empty rows and columns there is nothing to test
  end if;
  statistic := v_statistic;
  df := (v_rows - 1) * (v_cols - 1);
  p_value := app_public.stat_chi_square_sf(v_statistic, (v_rows - 1) * (v_cols - 1));
  cramers_v := least(1, sqrt(v_statistic / (v_total * (least(v_rows, v_cols) - 1))));
end;
$$;
comment on function app_public.stat_chi_square_test(bigint[]) is
  E'Pearson''s chi-square test of independence for an r x c contingency table of counts, given as a '
  'two-dimensional bigint array (one inner array per row, e.g. array[[accepted_a, rejected_a], '
  '[accepted_b, rejected_b]]): statistic (sum (O - E)^2 / E, E = row total x column total / N), df = '
  '(r - 1)(c - 1) over the rows and columns kept, p_value (upper tail, app_public.stat_chi_square_sf) and '
  'cramers_v = sqrt(statistic / (N (min(r, c) - 1))) in [0, 1]. No continuity (Yates) correction, as '
  'scipy.stats.chi2_contingency(observed, correction=False). Rows and columns whose total is 0 are dropped '
  'before the test (their expected counts would be 0); if fewer than 2 rows or 2 columns remain, all outputs '
  'are NULL. NULL cells count as 0; a NULL array gives NULLs; an empty array gives NULLs; a one-dimensional or '
  'three-dimensional array or a negative count raises ''INVAL'' (PostgreSQL arrays are always rectangular).';

--! split: 0470-statistics-tables.sql
/*
 * Statistical analysis of recommendation performance (the seed's V0.0.22): what the daily statistics task
 * writes, per tenant, facility and algorithm. All are read-only to the API (with aggregates).
 */
create table app_public.bin_optimization_statistical_metrics (
  tenant_id uuid not null default app_public.current_tenant_id(),
  metric_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  algorithm app_public.putaway_algorithm not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  recommendations integer not null,
  decided integer not null,
  accepted integer not null,
  acceptance_rate numeric(7,6),
  acceptance_ci_low numeric(7,6),
  acceptance_ci_high numeric(7,6),
  mean_confidence numeric(7,6),
  mean_utilization numeric(7,6),
  batches integer not null,
  mean_processing_time_ms numeric(12,3),
  p95_processing_time_ms numeric(12,3),
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_statistical_metrics_pkey primary key (tenant_id, metric_id),
  constraint bin_optimization_statistical_metrics_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
create index bin_optimization_statistical_metrics_facility_idx
  on app_public.bin_optimization_statistical_metrics (tenant_id, facility_id, algorithm, computed_at);
comment on table app_public.bin_optimization_statistical_metrics is
  E'Daily performance of each algorithm per facility over the analysis window: acceptance rate with its 95 % Wilson interval, mean confidence, utilization after placement, processing time.';
comment on column app_public.bin_optimization_statistical_metrics.decided is E'Recommendations accepted, overridden or rejected.';
comment on column app_public.bin_optimization_statistical_metrics.acceptance_rate is E'Accepted over decided, 0 to 1.';
comment on column app_public.bin_optimization_statistical_metrics.mean_processing_time_ms is E'Mean engine time per batch, in milliseconds.';

create table app_public.bin_optimization_ab_test_results (
  tenant_id uuid not null default app_public.current_tenant_id(),
  test_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  algorithm_a app_public.putaway_algorithm not null,
  algorithm_b app_public.putaway_algorithm not null,
  metric text not null,
  test_name text not null,
  n_a integer not null,
  n_b integer not null,
  value_a numeric,
  value_b numeric,
  statistic numeric,
  degrees_of_freedom numeric,
  p_value numeric,
  effect_size numeric,
  significant boolean,
  period_start timestamptz not null,
  period_end timestamptz not null,
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_ab_test_results_pkey primary key (tenant_id, test_id),
  constraint bin_optimization_ab_test_results_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_bin_optimization_ab_test_results_metric
    check (metric in ('ACCEPTANCE_RATE', 'UTILIZATION', 'PROCESSING_TIME')),
  constraint chk_bin_optimization_ab_test_results_test check (test_name in ('CHI_SQUARE', 'WELCH_T'))
);
create index bin_optimization_ab_test_results_facility_idx
  on app_public.bin_optimization_ab_test_results (tenant_id, facility_id, computed_at);
comment on table app_public.bin_optimization_ab_test_results is
  E'Comparisons of two algorithms with enough decisions (30 each): acceptance rate by chi-square (effect size: Cramér''s V), utilization and processing time by Welch''s t test (effect size: Cohen''s d). Significant when p < 0.05.';

create table app_public.bin_optimization_correlation_analysis (
  tenant_id uuid not null default app_public.current_tenant_id(),
  analysis_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  variable_x text not null,
  variable_y text not null,
  n integer not null,
  pearson_r numeric,
  pearson_p numeric,
  spearman_rho numeric,
  spearman_p numeric,
  period_start timestamptz not null,
  period_end timestamptz not null,
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_correlation_analysis_pkey primary key (tenant_id, analysis_id),
  constraint bin_optimization_correlation_analysis_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
create index bin_optimization_correlation_analysis_facility_idx
  on app_public.bin_optimization_correlation_analysis (tenant_id, facility_id, computed_at);
comment on table app_public.bin_optimization_correlation_analysis is
  E'Does acceptance follow the confidence score, or the utilization after placement? Pearson and Spearman correlations with two-sided p-values.';

create table app_public.bin_optimization_statistical_validations (
  tenant_id uuid not null default app_public.current_tenant_id(),
  validation_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  validation text not null,
  subject text not null,
  passed boolean,
  statistic numeric,
  threshold numeric,
  details jsonb not null default '{}',
  period_start timestamptz not null,
  period_end timestamptz not null,
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_statistical_validations_pkey primary key (tenant_id, validation_id),
  constraint bin_optimization_statistical_validations_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade
);
create index bin_optimization_statistical_validations_facility_idx
  on app_public.bin_optimization_statistical_validations (tenant_id, facility_id, computed_at);
comment on table app_public.bin_optimization_statistical_validations is
  E'Checks behind the analysis. SAMPLE_SIZE (per algorithm): passed with at least 30 decisions. '
  'CONFIDENCE_CALIBRATION: passed when the Brier score of confidence against acceptance is at most 0.25 (better than a coin). '
  'ACCEPTANCE_INDEPENDENT_OF_ALGORITHM: chi-square over all algorithms; passed when p >= 0.05 (no detectable difference).';

create table app_public.bin_optimization_outliers (
  tenant_id uuid not null default app_public.current_tenant_id(),
  outlier_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  algorithm app_public.putaway_algorithm not null,
  metric text not null,
  subject_id uuid,
  value numeric not null,
  z_score numeric,
  modified_z_score numeric,
  is_iqr_outlier boolean,
  is_z_outlier boolean,
  is_modified_z_outlier boolean,
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint bin_optimization_outliers_pkey primary key (tenant_id, outlier_id),
  constraint bin_optimization_outliers_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_bin_optimization_outliers_metric check (metric in ('PROCESSING_TIME_MS', 'ESTIMATED_UTILIZATION'))
);
create index bin_optimization_outliers_facility_idx on app_public.bin_optimization_outliers (tenant_id, facility_id, computed_at);
comment on table app_public.bin_optimization_outliers is
  E'Batches with an unusual processing time, and recommendations with an unusual utilization, by any of the IQR, z-score and modified z-score rules. subject_id is the batch or the recommendation.';

/* The same security and naming for each of the five tables. */
create function pg_temp.secure_statistics_table(p_table text, p_relation text) returns void
  language plpgsql
as $$
begin
  execute format('alter table app_public.%I enable row level security', p_table);
  execute format('create policy select_own_tenant on app_public.%I for select
                    using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null)', p_table);
  execute format('grant select on app_public.%I to %I', p_table, ':DATABASE_VISITOR');
  execute format('create trigger _100_audit before update on app_public.%I
                    for each row execute function app_private.tg__audit_update()', p_table);
  execute format('comment on constraint %I on app_public.%I is %L', p_table || '_facility_fkey', p_table,
                 E'@fieldName facility\n@foreignFieldName ' || p_relation);
end;
$$;
select pg_temp.secure_statistics_table(t, r)
  from (values ('bin_optimization_statistical_metrics', 'statisticalMetrics'),
               ('bin_optimization_ab_test_results', 'abTestResults'),
               ('bin_optimization_correlation_analysis', 'correlationAnalyses'),
               ('bin_optimization_statistical_validations', 'statisticalValidations'),
               ('bin_optimization_outliers', 'outliers')) as x(t, r);

--! split: 0480-statistics-computation.sql
/*
 * The daily statistics of one tenant over a window (default 30 days), written to the five tables above in
 * one transaction, from the SQL statistics functions. A/B tests need 30 samples on each side: decisions for
 * acceptance and utilization, batches for processing time. A second run on the same day replaces that day's
 * rows, so a retried or repeated job never counts twice.
 */
create function app_private.compute_recommendation_statistics(p_tenant_id uuid, p_window interval default interval '30 days')
returns json
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_end timestamptz := now();
  v_start timestamptz := now() - p_window;
  v_metrics integer;
  v_tests integer := 0;
  v_count integer;
  v_correlations integer;
  v_validations integer := 0;
  v_outliers integer;
begin
  delete from app_public.bin_optimization_statistical_metrics where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_ab_test_results where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_correlation_analysis where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_statistical_validations where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_outliers where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);

  create temp table if not exists pg_temp.stat_recommendations on commit drop as
    select * from app_public.putaway_recommendations limit 0;
  truncate pg_temp.stat_recommendations;
  insert into pg_temp.stat_recommendations
    select * from app_public.putaway_recommendations r
     where r.tenant_id = p_tenant_id and r.deleted_at is null and r.created_at >= v_start and r.created_at < v_end;

  -- Metrics per facility and algorithm.
  insert into app_public.bin_optimization_statistical_metrics (tenant_id, facility_id, algorithm, period_start, period_end,
      recommendations, decided, accepted, acceptance_rate, acceptance_ci_low, acceptance_ci_high, mean_confidence,
      mean_utilization, batches, mean_processing_time_ms, p95_processing_time_ms, computed_at)
    select p_tenant_id, m.facility_id, m.algorithm, v_start, v_end, m.recommendations, m.decided, m.accepted,
           round(m.accepted::numeric / nullif(m.decided, 0), 6), round(w.low::numeric, 6), round(w.high::numeric, 6),
           round(m.mean_confidence, 6), round(m.mean_utilization, 6), b.batches, round(b.mean_ms, 3), round(b.p95_ms, 3), v_end
      from (select r.facility_id, r.algorithm, count(*)::integer as recommendations,
                   count(*) filter (where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED'))::integer as decided,
                   count(*) filter (where r.status = 'ACCEPTED')::integer as accepted,
                   avg(r.confidence_score) as mean_confidence, avg(r.estimated_utilization) as mean_utilization
              from pg_temp.stat_recommendations r group by r.facility_id, r.algorithm) m
      cross join lateral app_public.stat_wilson_interval(m.accepted, m.decided) w
      cross join lateral (
        select count(*)::integer as batches, avg(t.ms)::numeric as mean_ms,
               (percentile_cont(0.95) within group (order by t.ms))::numeric as p95_ms
          from (select distinct on (r.batch_id) r.processing_time_ms as ms from pg_temp.stat_recommendations r
                 where r.facility_id = m.facility_id and r.algorithm = m.algorithm and r.batch_id is not null
                   and r.processing_time_ms is not null
                 order by r.batch_id) t
      ) b;
  get diagnostics v_metrics = row_count;

  -- A/B comparisons between algorithms with enough decisions.
  insert into app_public.bin_optimization_ab_test_results (tenant_id, facility_id, algorithm_a, algorithm_b, metric,
      test_name, n_a, n_b, value_a, value_b, statistic, degrees_of_freedom, p_value, effect_size, significant,
      period_start, period_end, computed_at)
    with decided as (
      select r.facility_id, r.algorithm, (r.status = 'ACCEPTED')::integer as accepted, r.estimated_utilization
        from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
    ), groups as (
      select facility_id, algorithm, count(*) as n, sum(accepted) as accepted,
             array_agg(estimated_utilization::float8) as utilization, count(estimated_utilization) as n_utilization
        from decided group by facility_id, algorithm having count(*) >= 30
    ), pairs as (
      select a.facility_id, a.algorithm as algorithm_a, b.algorithm as algorithm_b, a.n as n_a, b.n as n_b,
             a.accepted as accepted_a, b.accepted as accepted_b, a.utilization as utilization_a, b.utilization as utilization_b,
             a.n_utilization as n_utilization_a, b.n_utilization as n_utilization_b
        from groups a join groups b on b.facility_id = a.facility_id and b.algorithm > a.algorithm
    )
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'ACCEPTANCE_RATE', 'CHI_SQUARE', p.n_a, p.n_b,
           round(p.accepted_a::numeric / p.n_a, 6), round(p.accepted_b::numeric / p.n_b, 6), c.statistic, c.df, c.p_value,
           c.cramers_v, c.p_value < 0.05, v_start, v_end, v_end
      from pairs p
      cross join lateral app_public.stat_chi_square_test(
        array[[p.accepted_a, p.n_a - p.accepted_a], [p.accepted_b, p.n_b - p.accepted_b]]::bigint[][]) c
    union all
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'UTILIZATION', 'WELCH_T', p.n_utilization_a, p.n_utilization_b,
           (select avg(u) from unnest(p.utilization_a) u), (select avg(u) from unnest(p.utilization_b) u),
           t.t, t.df, t.p_value, t.cohens_d, t.p_value < 0.05, v_start, v_end, v_end
      from pairs p
      cross join lateral app_public.stat_welch_t_test(p.utilization_a, p.utilization_b) t;
  get diagnostics v_count = row_count;
  v_tests := v_tests + v_count;
  insert into app_public.bin_optimization_ab_test_results (tenant_id, facility_id, algorithm_a, algorithm_b, metric,
      test_name, n_a, n_b, value_a, value_b, statistic, degrees_of_freedom, p_value, effect_size, significant,
      period_start, period_end, computed_at)
    with batches as (
      select distinct on (r.batch_id) r.facility_id, r.algorithm, r.processing_time_ms::float8 as ms
        from pg_temp.stat_recommendations r where r.batch_id is not null and r.processing_time_ms is not null
       order by r.batch_id
    ), groups as (
      select facility_id, algorithm, count(*) as n, array_agg(ms) as times from batches
       group by facility_id, algorithm having count(*) >= 30
    )
    select p_tenant_id, a.facility_id, a.algorithm, b.algorithm, 'PROCESSING_TIME', 'WELCH_T', a.n, b.n,
           (select avg(x) from unnest(a.times) x), (select avg(x) from unnest(b.times) x),
           t.t, t.df, t.p_value, t.cohens_d, t.p_value < 0.05, v_start, v_end, v_end
      from groups a join groups b on b.facility_id = a.facility_id and b.algorithm > a.algorithm
      cross join lateral app_public.stat_welch_t_test(a.times, b.times) t;
  get diagnostics v_count = row_count;
  v_tests := v_tests + v_count;

  -- Does acceptance follow confidence, or utilization?
  insert into app_public.bin_optimization_correlation_analysis (tenant_id, facility_id, variable_x, variable_y, n,
      pearson_r, pearson_p, spearman_rho, spearman_p, period_start, period_end, computed_at)
    select p_tenant_id, d.facility_id, v.x_name, 'accepted', c.n, c.pearson_r, c.pearson_p, c.spearman_rho, c.spearman_p,
           v_start, v_end, v_end
      from (select r.facility_id,
                   array_agg(r.confidence_score::float8) as confidence,
                   array_agg(r.estimated_utilization::float8) as utilization,
                   array_agg((r.status = 'ACCEPTED')::integer::float8) as accepted
              from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
             group by r.facility_id having count(*) >= 3) d
      cross join lateral (values ('confidence_score', d.confidence), ('estimated_utilization', d.utilization)) as v(x_name, x)
      cross join lateral app_public.stat_correlation(v.x, d.accepted) c;
  get diagnostics v_correlations = row_count;

  -- Validations.
  insert into app_public.bin_optimization_statistical_validations (tenant_id, facility_id, validation, subject, passed,
      statistic, threshold, details, period_start, period_end, computed_at)
    select p_tenant_id, m.facility_id, 'SAMPLE_SIZE', m.algorithm::text, m.decided >= 30, m.decided, 30,
           jsonb_build_object('recommendations', m.recommendations), v_start, v_end, v_end
      from app_public.bin_optimization_statistical_metrics m
     where m.tenant_id = p_tenant_id and m.computed_at = v_end
    union all
    select p_tenant_id, d.facility_id, 'CONFIDENCE_CALIBRATION', 'all algorithms', d.brier <= 0.25, round(d.brier, 6), 0.25,
           jsonb_build_object('decided', d.n), v_start, v_end, v_end
      from (select r.facility_id, count(*) as n,
                   avg(power(r.confidence_score - (r.status = 'ACCEPTED')::integer, 2)) as brier
              from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
             group by r.facility_id) d
    union all
    select p_tenant_id, t.facility_id, 'ACCEPTANCE_INDEPENDENT_OF_ALGORITHM', 'all algorithms',
           c.p_value >= 0.05, c.statistic, 0.05,
           jsonb_build_object('pValue', c.p_value, 'degreesOfFreedom', c.df, 'cramersV', c.cramers_v), v_start, v_end, v_end
      from (select x.facility_id, array_agg(array[x.accepted, x.n - x.accepted] order by x.algorithm) as observed
              from (select r.facility_id, r.algorithm, count(*) as n, count(*) filter (where r.status = 'ACCEPTED') as accepted
                      from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
                     group by r.facility_id, r.algorithm) x
             group by x.facility_id having count(*) >= 2) t
      cross join lateral app_public.stat_chi_square_test(t.observed::bigint[][]) c;
  get diagnostics v_validations = row_count;

  -- Outliers: batch processing times and utilization after placement.
  insert into app_public.bin_optimization_outliers (tenant_id, facility_id, algorithm, metric, subject_id, value, z_score,
      modified_z_score, is_iqr_outlier, is_z_outlier, is_modified_z_outlier, computed_at)
    with batches as (
      select distinct on (r.batch_id) r.facility_id, r.algorithm, r.batch_id, r.processing_time_ms::float8 as ms
        from pg_temp.stat_recommendations r where r.batch_id is not null and r.processing_time_ms is not null
       order by r.batch_id
    ), series as (
      select facility_id, algorithm, 'PROCESSING_TIME_MS' as metric, array_agg(batch_id order by batch_id) as ids,
             array_agg(ms order by batch_id) as v
        from batches group by facility_id, algorithm
      union all
      select r.facility_id, r.algorithm, 'ESTIMATED_UTILIZATION', array_agg(r.recommendation_id order by r.recommendation_id),
             array_agg(r.estimated_utilization::float8 order by r.recommendation_id)
        from pg_temp.stat_recommendations r group by r.facility_id, r.algorithm
    )
    select p_tenant_id, s.facility_id, s.algorithm, s.metric, s.ids[o.ordinal], o.value, o.z_score, o.modified_z_score,
           o.is_iqr_outlier, o.is_z_outlier, o.is_modified_z_outlier, v_end
      from series s
      cross join lateral app_public.stat_outliers(s.v) o
     where o.is_iqr_outlier or o.is_z_outlier or o.is_modified_z_outlier;
  get diagnostics v_outliers = row_count;

  return json_build_object('metrics', v_metrics, 'abTests', v_tests, 'correlations', v_correlations,
                           'validations', v_validations, 'outliers', v_outliers);
end;
$$;
comment on function app_private.compute_recommendation_statistics(uuid, interval) is
  E'Computes and stores one tenant''s recommendation statistics over a window; returns how many rows of each kind it wrote.';

--! split: 0490-statistical-summary.sql
/*
 * The statistical summary per tenant, facility and algorithm over the last 30 days, with trends: the
 * least-squares slope (regr_slope) of the daily acceptance rate, mean confidence and utilization, per day.
 * Materialized views have no row-level security: the API reads it through bin_optimization_statistics.
 */
create materialized view app_public.bin_optimization_statistical_summary as
with daily as (
  select r.tenant_id, r.facility_id, r.algorithm, date_trunc('day', r.created_at) as day,
         count(*) as recommendations,
         count(*) filter (where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')) as decided,
         count(*) filter (where r.status = 'ACCEPTED') as accepted,
         sum(r.confidence_score) as confidence_sum,
         sum(r.estimated_utilization) as utilization_sum,
         count(r.estimated_utilization) as utilization_count
    from app_public.putaway_recommendations r
   where r.deleted_at is null and r.created_at >= now() - interval '30 days'
   group by r.tenant_id, r.facility_id, r.algorithm, date_trunc('day', r.created_at)
)
-- Levels over all recommendations of the window (a busy day weighs more than a quiet one); trends are the
-- least-squares slopes of the daily values.
select tenant_id, facility_id, algorithm,
       count(*)::integer as days,
       sum(recommendations)::integer as recommendations,
       sum(decided)::integer as decided,
       round(sum(accepted)::numeric / nullif(sum(decided), 0), 6) as acceptance_rate,
       round(sum(confidence_sum) / sum(recommendations), 6) as mean_confidence,
       round(sum(utilization_sum) / nullif(sum(utilization_count), 0), 6) as mean_utilization,
       round(regr_slope(accepted::float8 / nullif(decided, 0), extract(epoch from day) / 86400)::numeric, 6) as acceptance_rate_trend_per_day,
       round(regr_slope(confidence_sum::float8 / recommendations, extract(epoch from day) / 86400)::numeric, 6) as confidence_trend_per_day,
       round(regr_slope(utilization_sum::float8 / nullif(utilization_count, 0), extract(epoch from day) / 86400)::numeric, 6)
         as utilization_trend_per_day,
       now() as computed_at
  from daily
 group by tenant_id, facility_id, algorithm;
create unique index bin_optimization_statistical_summary_key
  on app_public.bin_optimization_statistical_summary (tenant_id, facility_id, algorithm);
comment on materialized view app_public.bin_optimization_statistical_summary is
  E'@behavior -*\nPerformance per tenant, facility and algorithm over the last 30 days, with daily trends (regr_slope).';

create view app_public.bin_optimization_statistics with (security_barrier) as
  select * from app_public.bin_optimization_statistical_summary where tenant_id = app_public.current_tenant_id();
grant select on app_public.bin_optimization_statistics to :DATABASE_VISITOR;
comment on view app_public.bin_optimization_statistics is
  E'@primaryKey tenant_id,facility_id,algorithm\n'
  '@foreignKey (tenant_id,facility_id) references app_public.facilities (tenant_id,facility_id)|@fieldName facility|@foreignFieldName binOptimizationStatistics\n'
  'Recommendation performance of the current tenant per facility and algorithm over the last 30 days, with '
  'trends per day (least-squares slopes of the daily acceptance rate, mean confidence and utilization).';
comment on column app_public.bin_optimization_statistics.acceptance_rate_trend_per_day is
  E'Change of the daily acceptance rate per day (regr_slope); positive means improving.';

create function app_private.refresh_statistical_summary() returns void
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  refresh materialized view concurrently app_public.bin_optimization_statistical_summary;
$$;
comment on function app_private.refresh_statistical_summary() is E'Refreshes bin_optimization_statistical_summary.';

--! split: 0500-api-shaping.sql
/*
 * Views have no indexes, so PostGraphile offers no filters on them by default; these columns are small per
 * tenant and worth filtering and sorting by. The readiness summary now also reports the last remediation.
 */
comment on column app_public.bin_utilization.scope is E'@behavior +filterBy +orderBy\nLOCATION, AISLE, ZONE or FACILITY.';
comment on column app_public.bin_utilization.facility_id is E'@behavior +filterBy +orderBy';
comment on column app_public.bin_utilization.zone_id is E'@behavior +filterBy +orderBy';
comment on column app_public.bin_utilization.aisle is E'@behavior +filterBy +orderBy';
comment on column app_public.bin_utilization.location_id is E'@behavior +filterBy +orderBy';
comment on column app_public.bin_utilization.cubic_utilization_pct is
  E'@behavior +orderBy\nCubic feet on hand as a percentage of capacity.';
comment on column app_public.bin_optimization_statistics.facility_id is E'@behavior +filterBy +orderBy';
comment on column app_public.bin_optimization_statistics.algorithm is E'@behavior +filterBy +orderBy';

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
    'lastRemediationAt', last.created_at,
    'lastRemediationOutcome', last.outcome,
    'now', now()
  )
  from (select) as one
  left join lateral (
    select l.created_at, l.outcome from app_public.bin_optimization_remediation_log l
     where l.deleted_at is null order by l.created_at desc limit 1
  ) as last on true;
$$;

--! split: 0510-metrics.sql
/*
 * The figures the Prometheus endpoint reads at scrape time, in one bounded query: cache age per tenant and
 * facility (since creation when never refreshed), accuracy of the active models, the acceptance rate of the
 * last 24 hours' recommendations per facility, and the worker's queue depth per task. Aggregates only.
 */
create or replace function app_hidden.optimization_metrics() returns json
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_queue json;
begin
  if to_regclass('graphile_worker.jobs') is not null then
    execute 'select coalesce(json_agg(json_build_array(task_identifier, queued)), ''[]'')
               from (select task_identifier, count(*) as queued from graphile_worker.jobs
                      where locked_at is null and attempts < max_attempts group by task_identifier) q'
      into v_queue;
  end if;
  return json_build_object(
    'cacheAges', (
      select coalesce(json_agg(json_build_array(f.tenant_id, f.facility_id,
                                                extract(epoch from now() - coalesce(r.refreshed_at, f.created_at)))), '[]')
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'models', (
      select coalesce(json_agg(json_build_array(w.model_version, w.accuracy)), '[]')
        from app_public.ml_model_weights w where w.is_active and w.deleted_at is null and w.accuracy is not null),
    'acceptance', (
      -- Per facility, so that each reads its own range of (tenant_id, facility_id, created_at).
      select coalesce(json_agg(json_build_array(f.facility_id, a.rate)), '[]')
        from app_public.facilities f
        cross join lateral (
          select 100 * avg((r.status = 'ACCEPTED')::integer) as rate
            from app_public.putaway_recommendations r
           where r.tenant_id = f.tenant_id and r.facility_id = f.facility_id and r.created_at > now() - interval '24 hours'
             and r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED') and r.deleted_at is null
        ) a
       where f.deleted_at is null and a.rate is not null),
    'queue', coalesce(v_queue, '[]'::json)
  );
end;
$$;
comment on function app_hidden.optimization_metrics() is
  E'Scrape-time figures for Prometheus: cache ages, active model accuracies, 24-hour acceptance rates, queue depth.';
