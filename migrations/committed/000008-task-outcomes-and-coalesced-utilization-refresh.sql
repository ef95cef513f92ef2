--! Previous: sha1:1587b1fcd8dac723849e6cbacbebbdebcc17c150
--! Hash: sha1:9bd4d6b06477503a89aed594586e7cbd4844f5db
--! Message: Task outcomes and coalesced utilization refresh

--! split: 0580-task-outcomes.sql
/*
 * The outcome of each job that `npm run -s task` queues, written by the worker that ran it (any worker: the
 * command's own, `npm start`'s or the worker Deployment's), so that the command reports what really happened
 * instead of guessing from a job row that graphile-worker deletes on success. The command reads and deletes
 * its row; the daily clean_up_jobs task deletes rows nobody collected.
 */
drop table if exists app_private.task_outcomes;

create table app_private.task_outcomes (
  job_id bigint not null,
  job_key text not null,
  task_identifier text not null,
  succeeded boolean not null,
  error text,
  worker_id text,
  finished_at timestamptz not null default now(),
  constraint task_outcomes_pkey primary key (job_id),
  constraint task_outcomes_error_check check (succeeded = (error is null))
);
comment on table app_private.task_outcomes is
  E'Outcomes of the jobs queued by `npm run -s task` (job keys starting with cli:), written by whichever worker ran '
  'them and read once by the command; clean_up_jobs deletes rows older than a day.';
comment on column app_private.task_outcomes.job_id is E'graphile_worker job id.';
comment on column app_private.task_outcomes.job_key is E'The job key the command gave the job (cli:<task>:<uuid>).';
comment on column app_private.task_outcomes.error is E'The task''s error message; null when it succeeded.';
comment on column app_private.task_outcomes.worker_id is E'The graphile-worker pool that ran the job.';

--! split: 0590-coalesced-utilization-refresh.sql
/*
 * One refresh of bin_utilization_cache serves every facility whose stock moved before it began. The triggers
 * still queue one debounced job per tenant and facility (per-facility job keys, so that stock movements in
 * different facilities never wait on a shared job row), and each job carries the id of the transaction that
 * queued it. Refreshes run one at a time, each recording the snapshot it was taken under; a job whose
 * transaction is visible in the last refresh's snapshot is already served and refreshes nothing. A burst across
 * 200 facilities thus queues 200 jobs but refreshes the view once, where every job used to refresh it whole.
 * Refreshes without a transaction id (the crontab, `npm run -s task`, a DBA's
 * `SELECT scheduled_refresh_bin_utilization()`) always refresh.
 */
drop function if exists app_private.refresh_bin_utilization_after(xid8);
drop table if exists app_private.bin_utilization_refresh_runs;

create table app_private.bin_utilization_refresh_runs (
  refresh_id bigint generated always as identity,
  started_at timestamptz not null,
  duration_ms numeric(12,3) not null,
  snapshot pg_snapshot not null,
  facilities integer not null,
  constraint bin_utilization_refresh_runs_pkey primary key (refresh_id)
);
create index bin_utilization_refresh_runs_started_at on app_private.bin_utilization_refresh_runs (started_at);
comment on table app_private.bin_utilization_refresh_runs is
  E'Every refresh of bin_utilization_cache in the last 7 days: when, how long, the snapshot it saw (which jobs it '
  'served) and the facilities recorded fresh.';
comment on column app_private.bin_utilization_refresh_runs.snapshot is
  E'Taken just before the refresh: transactions visible in it are included in the refreshed figures.';

/*
 * Refreshes run one at a time: each locks the refresh log against other refreshes (not against its readers,
 * nor the view's), then either reports the last refresh, when that already includes p_xid, or refreshes.
 */
create function app_private.refresh_bin_utilization_after(p_xid xid8)
  returns table (refresh_id bigint, refreshed boolean, facilities integer, duration_ms numeric)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_last app_private.bin_utilization_refresh_runs;
  v_snapshot pg_snapshot;
  v_started timestamptz;
  v_facilities integer;
  v_duration numeric(12,3);
begin
  lock table app_private.bin_utilization_refresh_runs in share row exclusive mode;
  if p_xid is not null then
    select * into v_last from app_private.bin_utilization_refresh_runs r order by r.refresh_id desc limit 1;
    if found and pg_catalog.pg_visible_in_snapshot(p_xid, v_last.snapshot) then
      return query select v_last.refresh_id, false, v_last.facilities, v_last.duration_ms;
      return;
    end if;
  end if;
  v_started := clock_timestamp();
  -- A statement of its own, so that REFRESH's snapshot (taken later) sees at least what this one does.
  select pg_catalog.pg_current_snapshot() into v_snapshot;
  refresh materialized view concurrently app_public.bin_utilization_cache;
  v_duration := round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 3);
  insert into app_private.bin_utilization_refreshes (tenant_id, facility_id, refreshed_at, duration_ms)
    select f.tenant_id, f.facility_id, clock_timestamp(), v_duration
      from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
  get diagnostics v_facilities = row_count;
  delete from app_private.bin_utilization_refresh_runs r where r.started_at < now() - interval '7 days';
  return query
    insert into app_private.bin_utilization_refresh_runs as r (started_at, duration_ms, snapshot, facilities)
    values (v_started, v_duration, v_snapshot, v_facilities)
    returning r.refresh_id, true, r.facilities, r.duration_ms;
end;
$$;
comment on function app_private.refresh_bin_utilization_after(xid8) is
  E'Refreshes bin_utilization_cache concurrently unless the last refresh already includes transaction p_xid (null: '
  'always refresh); one refresh at a time. Returns the refresh that serves the caller and whether it ran now.';

create or replace function app_private.scheduled_refresh_bin_utilization() returns integer
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select r.facilities from app_private.refresh_bin_utilization_after(null) r;
$$;
comment on function app_private.scheduled_refresh_bin_utilization() is
  E'Refreshes bin_utilization_cache concurrently and records the time per facility; returns the facilities recorded.';

/*
 * The trigger function of refresh_bin_utilization_on_lot_change and refresh_bin_utilization_on_transaction:
 * as before (one debounced job per tenant and facility, queued once per transaction), with the queuing
 * transaction's id in the payload.
 */
create or replace function app_private.tg__queue_bin_utilization_refresh() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid;
  v_facility_id uuid;
  v_flag text;
begin
  if tg_op = 'DELETE' then
    v_tenant_id := old.tenant_id;
    v_facility_id := old.facility_id;
  else
    v_tenant_id := new.tenant_id;
    v_facility_id := new.facility_id;
  end if;
  v_flag := 'buo.refresh_queued_' || replace(v_facility_id::text, '-', '');
  if current_setting(v_flag, true) = 'yes' or to_regnamespace('graphile_worker') is null then
    return null;
  end if;
  perform graphile_worker.add_job(
    'refresh_bin_utilization',
    json_build_object('tenantId', v_tenant_id, 'facilityId', v_facility_id, 'xid', pg_catalog.pg_current_xact_id()::text),
    run_at => now() + interval '5 seconds',
    job_key => 'refresh_bin_utilization:' || v_tenant_id || ':' || v_facility_id,
    job_key_mode => 'preserve_run_at',
    max_attempts => 5);
  perform set_config(v_flag, 'yes', true);
  return null;
end;
$$;
comment on function app_private.tg__queue_bin_utilization_refresh() is
  E'Trigger: queues one debounced refresh_bin_utilization job per tenant and facility, with the queuing transaction''s '
  'id (a refresh that already includes it serves the job).';
