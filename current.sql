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
  E'Largest difference from master data over length, width, height, cubic feet and weight, in percent of master; null when master data was missing.';
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
  if v_material.unit_length_in is null or v_material.unit_width_in is null or v_material.unit_height_in is null
     or v_material.unit_cubic_feet is null or v_material.unit_weight_lbs is null then
    new.variance_pct := null;
    new.outcome := 'AUTO_UPDATED';
  else
    select max(abs(measured - master) / master) into v_ratio
      from (values (new.measured_length_in, v_material.unit_length_in), (new.measured_width_in, v_material.unit_width_in),
                   (new.measured_height_in, v_material.unit_height_in),
                   -- (generated columns are not computed yet in a before trigger)
                   (round(new.measured_length_in * new.measured_width_in * new.measured_height_in / 1728.0, 4),
                    v_material.unit_cubic_feet),
                   (new.measured_weight_lbs, v_material.unit_weight_lbs)) as d(measured, master);
    new.variance_pct := round(100 * v_ratio, 2);
    new.outcome := case when 100 * v_ratio <= new.tolerance_pct then 'AUTO_UPDATED' else 'FLAGGED_FOR_REVIEW' end;
  end if;
  if new.outcome = 'AUTO_UPDATED' then
    perform app_private.apply_measured_dimensions(new,
      case when new.variance_pct is null then 'master data was incomplete'
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
 * one transaction, from the SQL statistics functions. A/B tests need 30 decisions on each side.
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
             array_agg(estimated_utilization::float8) as utilization
        from decided group by facility_id, algorithm having count(*) >= 30
    ), pairs as (
      select a.facility_id, a.algorithm as algorithm_a, b.algorithm as algorithm_b, a.n as n_a, b.n as n_b,
             a.accepted as accepted_a, b.accepted as accepted_b, a.utilization as utilization_a, b.utilization as utilization_b
        from groups a join groups b on b.facility_id = a.facility_id and b.algorithm > a.algorithm
    )
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'ACCEPTANCE_RATE', 'CHI_SQUARE', p.n_a, p.n_b,
           round(p.accepted_a::numeric / p.n_a, 6), round(p.accepted_b::numeric / p.n_b, 6), c.statistic, c.df, c.p_value,
           c.cramers_v, c.p_value < 0.05, v_start, v_end, v_end
      from pairs p
      cross join lateral app_public.stat_chi_square_test(
        array[[p.accepted_a, p.n_a - p.accepted_a], [p.accepted_b, p.n_b - p.accepted_b]]::bigint[][]) c
    union all
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'UTILIZATION', 'WELCH_T', p.n_a, p.n_b,
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
         avg((r.status = 'ACCEPTED')::integer) filter (where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')) as acceptance_rate,
         avg(r.confidence_score) as mean_confidence,
         avg(r.estimated_utilization) as mean_utilization
    from app_public.putaway_recommendations r
   where r.deleted_at is null and r.created_at >= now() - interval '30 days'
   group by r.tenant_id, r.facility_id, r.algorithm, date_trunc('day', r.created_at)
)
select tenant_id, facility_id, algorithm,
       count(*)::integer as days,
       sum(recommendations)::integer as recommendations,
       sum(decided)::integer as decided,
       round(sum(acceptance_rate * decided) / nullif(sum(decided), 0), 6) as acceptance_rate,
       round(avg(mean_confidence), 6) as mean_confidence,
       round(avg(mean_utilization), 6) as mean_utilization,
       round(regr_slope(acceptance_rate, extract(epoch from day) / 86400)::numeric, 6) as acceptance_rate_trend_per_day,
       round(regr_slope(mean_confidence, extract(epoch from day) / 86400)::numeric, 6) as confidence_trend_per_day,
       round(regr_slope(mean_utilization, extract(epoch from day) / 86400)::numeric, 6) as utilization_trend_per_day,
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
    'lastRemediationAt', (select max(created_at) from app_public.bin_optimization_remediation_log where deleted_at is null),
    'lastRemediationOutcome', (
      select outcome from app_public.bin_optimization_remediation_log where deleted_at is null
       order by created_at desc limit 1),
    'now', now()
  );
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
      select coalesce(json_agg(json_build_array(a.facility_id, a.rate)), '[]')
        from (select r.facility_id, 100 * avg((r.status = 'ACCEPTED')::integer) as rate
                from app_public.putaway_recommendations r
               where r.created_at > now() - interval '24 hours' and r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
                 and r.deleted_at is null
               group by r.facility_id) a),
    'queue', coalesce(v_queue, '[]'::json)
  );
end;
$$;
comment on function app_hidden.optimization_metrics() is
  E'Scrape-time figures for Prometheus: cache ages, active model accuracies, 24-hour acceptance rates, queue depth.';
