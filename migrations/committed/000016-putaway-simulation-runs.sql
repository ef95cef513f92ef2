--! Previous: sha1:9a3eb5227da1a27ad743e9fc4a43eef247f59343
--! Hash: sha1:d3ea04a6768a2c39293623359318897453a9e44c
--! Message: Putaway simulation runs

-- Enter migration here. Keep it idempotent: it runs again on every save.

/*
 * Putaway simulation runs: the simulator (src/sim/) replays a facility's own layout, stock and picking history
 * with each algorithm and the baselines, on the worker. A supervisor or admin asks with runPutawaySimulation:
 * app_public.run_putaway_simulation checks the request, records the run QUEUED and queues its simulate_putaway
 * job in the same transaction; the worker makes it RUNNING, then SUCCEEDED with the results or FAILED with the
 * error. Clients only read the runs (allPutawaySimulationRuns); that function and the worker (the owner) write.
 */
drop function if exists app_public.run_putaway_simulation(uuid, integer, integer, app_public.putaway_algorithm[]);

create table if not exists app_public.putaway_simulation_runs (
  tenant_id uuid not null default app_public.current_tenant_id(),
  simulation_run_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  status text not null default 'QUEUED',
  days integer not null default 30,
  seed integer not null default 1,
  algorithms app_public.putaway_algorithm[] not null default '{FFD,BFD,HYBRID,ENHANCED}',
  results jsonb,
  error text,
  requested_by uuid default app_public.current_user_id(),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint putaway_simulation_runs_pkey primary key (tenant_id, simulation_run_id),
  constraint putaway_simulation_runs_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete cascade,
  constraint chk_putaway_simulation_runs_status check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  constraint chk_putaway_simulation_runs_days_range check (days between 1 and 365),
  constraint chk_putaway_simulation_runs_seed_not_negative check (seed >= 0),
  constraint chk_putaway_simulation_runs_algorithms_present
    check (cardinality(algorithms) between 1 and 4 and array_position(algorithms, null) is null),
  constraint chk_putaway_simulation_runs_outcome
    check ((status <> 'SUCCEEDED' or jsonb_typeof(results) = 'object') and (status <> 'FAILED' or error is not null))
);
create index if not exists putaway_simulation_runs_facility_idx
  on app_public.putaway_simulation_runs (tenant_id, facility_id, created_at);
alter table app_public.putaway_simulation_runs enable row level security;
drop policy if exists select_own_tenant on app_public.putaway_simulation_runs;
create policy select_own_tenant on app_public.putaway_simulation_runs for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.putaway_simulation_runs to :DATABASE_VISITOR;
drop trigger if exists _100_audit on app_public.putaway_simulation_runs;
create trigger _100_audit before update on app_public.putaway_simulation_runs
  for each row execute function app_private.tg__audit_update();

comment on table app_public.putaway_simulation_runs is
  E'Putaway simulations of a facility: its layout, stock and picking history replayed over `days` days with each '
  'algorithm, RANDOM, CLOSEST_OPEN and REFERENCE (full knowledge of the future), to compare pick travel and space. '
  'Start one with runPutawaySimulation (supervisor or admin); the worker fills in the results.';
comment on column app_public.putaway_simulation_runs.status is
  E'QUEUED (waits for the worker), RUNNING, SUCCEEDED (see results) or FAILED (see error).';
comment on column app_public.putaway_simulation_runs.days is E'Days simulated, 1 to 365.';
comment on column app_public.putaway_simulation_runs.seed is
  E'Seed of everything random in the run: the same facility data and seed give the same results.';
comment on column app_public.putaway_simulation_runs.algorithms is
  E'The algorithms compared; RANDOM, CLOSEST_OPEN and REFERENCE always run beside them.';
comment on column app_public.putaway_simulation_runs.results is
  E'The simulation''s outcome: positions and capacityCubicFeet of the layout; workload (source: history when the '
  'facility''s picks of the ABC window were enough, else generated; days, materials, receipts, pickLines, '
  'historyDays); seed; results, one per algorithm and baseline (travelPerPickFt, travelP95Ft, tourPerOrderFt, '
  'utilization, positionsUsed, unplaced, splits, mixedLots, violations, pickLines, shortLines, shareOfReferenceCut, '
  'travelVsRandom); floor, the storage floor at the end of the ENHANCED run (cells of x, y, fill, velocity; left '
  'out past 2,500 bays, cellsOmitted says how many).';
comment on column app_public.putaway_simulation_runs.error is E'Why a FAILED run failed.';
comment on column app_public.putaway_simulation_runs.requested_by is E'The user who asked for the run.';
comment on column app_public.putaway_simulation_runs.started_at is E'When the worker started the run (its last attempt).';
comment on column app_public.putaway_simulation_runs.finished_at is E'When the run SUCCEEDED or FAILED.';
comment on constraint putaway_simulation_runs_pkey on app_public.putaway_simulation_runs is
  E'@fieldName putawaySimulationRunById';
comment on constraint putaway_simulation_runs_facility_fkey on app_public.putaway_simulation_runs is
  E'@fieldName facility\n@foreignFieldName putawaySimulationRuns';
comment on constraint chk_putaway_simulation_runs_status on app_public.putaway_simulation_runs is
  E'status is QUEUED, RUNNING, SUCCEEDED or FAILED.';
comment on constraint chk_putaway_simulation_runs_days_range on app_public.putaway_simulation_runs is
  E'days is from 1 to 365.';
comment on constraint chk_putaway_simulation_runs_seed_not_negative on app_public.putaway_simulation_runs is
  E'seed is 0 or more.';
comment on constraint chk_putaway_simulation_runs_algorithms_present on app_public.putaway_simulation_runs is
  E'algorithms names one to four algorithms, without nulls.';
comment on constraint chk_putaway_simulation_runs_outcome on app_public.putaway_simulation_runs is
  E'A SUCCEEDED run has its results (a JSON object), a FAILED run its error.';

create function app_public.run_putaway_simulation(
  facility_id uuid,
  days integer default 30,
  seed integer default 1,
  algorithms app_public.putaway_algorithm[] default null
) returns app_public.putaway_simulation_runs
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_days integer := coalesce(run_putaway_simulation.days, 30);
  v_seed integer := coalesce(run_putaway_simulation.seed, 1);
  v_algorithms app_public.putaway_algorithm[];
  v_run app_public.putaway_simulation_runs;
begin
  if v_tenant_id is null then
    raise exception 'Running a putaway simulation needs a bearer token' using errcode = 'DENY1';
  end if;
  if not app_hidden.current_user_is_supervisor() then
    raise exception 'Running a putaway simulation needs the role supervisor or admin' using errcode = 'DENY1';
  end if;
  if run_putaway_simulation.facility_id is null then
    raise exception 'runPutawaySimulation needs a facilityId' using errcode = 'INVAL';
  end if;
  if v_days not between 1 and 365 then
    raise exception 'days must be from 1 to 365 (got %)', v_days using errcode = 'INVAL';
  end if;
  if v_seed < 0 then
    raise exception 'seed must be 0 or more (got %)', v_seed using errcode = 'INVAL';
  end if;
  if run_putaway_simulation.algorithms is null then
    v_algorithms := enum_range(null::app_public.putaway_algorithm);
  elsif cardinality(run_putaway_simulation.algorithms) = 0
        or array_position(run_putaway_simulation.algorithms, null) is not null then
    raise exception 'algorithms must name one or more of FFD, BFD, HYBRID and ENHANCED (no nulls), or be left out for all four'
      using errcode = 'INVAL';
  else
    select array_agg(distinct a order by a) into v_algorithms from unnest(run_putaway_simulation.algorithms) as a;
  end if;
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = run_putaway_simulation.facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', run_putaway_simulation.facility_id using errcode = 'NOTFD';
  end if;
  if to_regnamespace('graphile_worker') is null then
    raise exception 'The job queue is not installed: start the worker once (npm run worker) before running simulations';
  end if;
  insert into app_public.putaway_simulation_runs (tenant_id, facility_id, days, seed, algorithms, requested_by)
    values (v_tenant_id, run_putaway_simulation.facility_id, v_days, v_seed, v_algorithms, app_public.current_user_id())
    returning * into v_run;
  perform graphile_worker.add_job('simulate_putaway',
    json_build_object('tenantId', v_tenant_id, 'simulationRunId', v_run.simulation_run_id),
    job_key => 'simulate_putaway:' || v_run.simulation_run_id, max_attempts => 5);
  return v_run;
end;
$$;
comment on function app_public.run_putaway_simulation(uuid, integer, integer, app_public.putaway_algorithm[]) is
  E'@resultFieldName putawaySimulationRun\nStarts a putaway simulation of a facility of your tenant (supervisor or admin; FORBIDDEN otherwise): days '
  '1 to 365 (default 30), seed (default 1), algorithms (default all four). Returns the run, QUEUED; the worker '
  'runs it in the background: read its status and results through allPutawaySimulationRuns. NOT_FOUND when the '
  'facility does not exist in your tenant.';
grant execute on function app_public.run_putaway_simulation(uuid, integer, integer, app_public.putaway_algorithm[])
  to :DATABASE_VISITOR;
