/**
 * `npm run bench:utilization`: what a burst of stock movements across many facilities costs the refresh of
 * bin_utilization_cache, before and after coalescing, printed as tables.
 *
 * It builds its own database and roles on the test server (the one `npm test` finds) and drops them at the
 * end, failed or not: 10 tenants × 20 facilities (the demo layout at 270 locations each, with its opening
 * stock). Then:
 * 1. One refresh of the whole view: min and median of 5 (after a warm-up).
 * 2. A burst: one PICK in each of the 200 facilities, each in its own transaction, which queues one debounced
 *    refresh job per facility; the jobs are made due at once and a worker (concurrency 2) runs them until the
 *    queue is empty. Before: the previous task, where every job refreshed the whole view. After: the task as
 *    it is, where a refresh serves every job whose stock it already includes.
 *
 * Options: --quick (2 tenants × 10 facilities, for a smoke run).
 */
import "../src/cli/env.ts";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { Logger, runOnce, type Task, type TaskList } from "graphile-worker";
import pg from "pg";
import { commandLineOrExit } from "../src/cli/run.ts";
import { prepareDatabase } from "../src/db/open.ts";
import { closePool, createPool } from "../src/db/pool.ts";
import { setupDatabase } from "../src/db/setup.ts";
import { seedDemo } from "../src/seed/demo.ts";
import { asJob } from "../tasks/job.ts";
import { refresh_bin_utilization } from "../tasks/refresh_bin_utilization.ts";
import { openCluster, withLogin } from "../test/support/cluster.ts";

const { values: flags } = commandLineOrExit({
  usage: "npm run bench:utilization -- [--quick]",
  summary:
    "What a burst of stock movements across 200 facilities costs the refresh of bin_utilization_cache, before\n" +
    "and after one refresh came to serve many jobs, printed as tables (a database of its own on the test server).",
  options: { quick: { type: "boolean", description: "2 tenants × 10 facilities, for a smoke run" } },
});
const TENANTS = flags.quick ? 2 : 10;
const FACILITIES_PER_TENANT = flags.quick ? 10 : 20;
const silent = new Logger(() => () => {});

function system(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? os.type();
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

/** The previous task: every job refreshed the whole view. */
const refreshEveryTime: Task = async (_payload, helpers) => {
  await helpers.query("select app_private.scheduled_refresh_bin_utilization()");
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** 10 tenants loaded by the demo generator (facility F01), then F01 copied to F02…F20 with its stock. */
async function loadWarehouses(owner: pg.Client): Promise<void> {
  for (let t = 1; t <= TENANTS; t++) {
    await seedDemo(owner, {
      tenantCode: `bench${String(t).padStart(2, "0")}`,
      tenantName: `Bench tenant ${t}`,
      facilityCode: "F01",
      aisles: 5,
      baysPerAisle: 10,
      levels: 5,
      materials: 200,
      orders: 5,
      seed: 1000 + t,
    });
  }
  await owner.query("begin");
  await owner.query(
    `insert into app_public.facilities (tenant_id, code, name, dock_x_ft, dock_y_ft)
     select f.tenant_id, 'F' || lpad(n::text, 2, '0'), 'Distribution centre ' || n, f.dock_x_ft, f.dock_y_ft
       from app_public.facilities f cross join generate_series(2, $1) n
      where f.code = 'F01'`,
    [FACILITIES_PER_TENANT],
  );
  await owner.query(
    `insert into app_public.zones (tenant_id, facility_id, code, name, zone_type, temperature_class)
     select nf.tenant_id, nf.facility_id, z.code, z.name, z.zone_type, z.temperature_class
       from app_public.zones z
       join app_public.facilities f on f.tenant_id = z.tenant_id and f.facility_id = z.facility_id and f.code = 'F01'
       join app_public.facilities nf on nf.tenant_id = z.tenant_id and nf.code <> 'F01'`,
  );
  await owner.query(
    `insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, bay, level, position, x_ft, y_ft,
            pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs,
            allowed_abc_classes, temperature_class, hazmat_allowed, mixing_rule, is_blocked, blocked_reason)
     select nf.tenant_id, nf.facility_id, nz.zone_id, l.code, l.aisle, l.bay, l.level, l.position, l.x_ft, l.y_ft,
            l.pick_sequence, l.inner_length_in, l.inner_width_in, l.inner_height_in, l.max_cubic_feet, l.max_weight_lbs,
            l.allowed_abc_classes, l.temperature_class, l.hazmat_allowed, l.mixing_rule, l.is_blocked, l.blocked_reason
       from app_public.locations l
       join app_public.facilities f on f.tenant_id = l.tenant_id and f.facility_id = l.facility_id and f.code = 'F01'
       join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
       join app_public.facilities nf on nf.tenant_id = l.tenant_id and nf.code <> 'F01'
       join app_public.zones nz on nz.tenant_id = nf.tenant_id and nz.facility_id = nf.facility_id and nz.code = z.code`,
  );
  await owner.query(
    `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
            location_id, quantity, expiry_date, reference, occurred_at)
     select nf.tenant_id, nf.facility_id, t.transaction_type, t.material_id, t.lot_number, nl.location_id, t.quantity,
            t.expiry_date, 'BENCH-OPENING-STOCK', t.occurred_at
       from app_public.inventory_transactions t
       join app_public.facilities f on f.tenant_id = t.tenant_id and f.facility_id = t.facility_id and f.code = 'F01'
       join app_public.locations l on l.tenant_id = t.tenant_id and l.location_id = t.location_id
       join app_public.facilities nf on nf.tenant_id = t.tenant_id and nf.code <> 'F01'
       join app_public.locations nl on nl.tenant_id = nf.tenant_id and nl.facility_id = nf.facility_id and nl.code = l.code
      where t.reference = 'DEMO-OPENING-STOCK'`,
  );
  await owner.query("commit");
  await owner.query("analyze");
}

interface BurstResult {
  facilities: number;
  jobs: number;
  refreshes: number;
  refreshSeconds: number;
  drainedSeconds: number;
}

/** One PICK per facility, each in its own transaction; then the refresh jobs, run until none is left. */
async function burst(owner: pg.Client, pool: pg.Pool, refresh: Task): Promise<BurstResult> {
  await owner.query("select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))");
  const { rows: picks } = await owner.query<{
    tenant_id: string;
    facility_id: string;
    material_id: string;
    lot_number: string;
    location_id: string;
  }>(
    `select distinct on (tenant_id, facility_id) tenant_id, facility_id, material_id, lot_number, location_id
       from app_public.lots where quantity_on_hand >= 2 and deleted_at is null
      order by tenant_id, facility_id, lot_number`,
  );
  const { rows: before } = await owner.query<{ id: string }>(
    "select coalesce(max(refresh_id), 0) as id from app_private.bin_utilization_refresh_runs",
  );
  await Promise.all(
    Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; i < picks.length; i += 4) {
        const p = picks[i]!;
        await pool.query(
          `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                  lot_number, location_id, quantity, reference)
           values ($1, $2, 'PICK', $3, $4, $5, -1, 'BENCH-BURST')`,
          [p.tenant_id, p.facility_id, p.material_id, p.lot_number, p.location_id],
        );
      }
    }),
  );
  const { rows: queued } = await owner.query<{ n: number }>(
    "select count(*)::integer as n from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'",
  );
  // Due now instead of 5 seconds after the burst: what is measured is the refreshing, not the debounce.
  await owner.query(`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs
                       where task_identifier = 'refresh_bin_utilization'), run_at => now())`);
  const started = performance.now();
  const tasks: TaskList = { refresh_bin_utilization: refresh };
  await runOnce({ pgPool: pool, taskList: tasks, concurrency: 2, noHandleSignals: true, logger: silent });
  // graphile-worker completes a job without waiting for it: the last completions may still be on their way.
  const waitUntil = performance.now() + 30_000;
  for (;;) {
    const { rows: left } = await owner.query<{ n: number; failed: number }>(
      `select count(*)::integer as n, count(last_error)::integer as failed
         from graphile_worker.jobs where task_identifier = 'refresh_bin_utilization'`,
    );
    if (left[0]!.n === 0) break;
    if (left[0]!.failed > 0 || performance.now() > waitUntil) {
      throw new Error(`${left[0]!.n} refresh job(s) did not complete (${left[0]!.failed} failed)`);
    }
    await sleep(20);
  }
  const drainedSeconds = (performance.now() - started) / 1000;
  const { rows: runs } = await owner.query<{ n: number; seconds: number }>(
    `select count(*)::integer as n, coalesce(sum(duration_ms), 0)::float8 / 1000 as seconds
       from app_private.bin_utilization_refresh_runs where refresh_id > $1`,
    [before[0]!.id],
  );
  return {
    facilities: picks.length,
    jobs: queued[0]!.n,
    refreshes: runs[0]!.n,
    refreshSeconds: runs[0]!.seconds,
    drainedSeconds,
  };
}

async function main(): Promise<void> {
  const cluster = await openCluster();
  const run = randomBytes(3).toString("hex");
  const database = `buo_bench_util_${run}`;
  const roles = {
    owner: `buo_bench_util_${run}_owner`,
    authenticator: `buo_bench_util_${run}_auth`,
    visitor: `buo_bench_util_${run}_visitor`,
  };
  const ownerUrl = withLogin(cluster.rootUrl, roles.owner, database);
  let owner: pg.Client | undefined;
  let pool: pg.Pool | undefined;
  try {
    await setupDatabase(cluster.rootUrl, {
      ownerUrl,
      authUrl: withLogin(cluster.rootUrl, roles.authenticator, database),
      visitorRole: roles.visitor,
    });
    await prepareDatabase(ownerUrl, roles.visitor, true);
    owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    const loadStarted = performance.now();
    await loadWarehouses(owner);
    const { rows: size } = await owner.query<{ facilities: number; locations: number; lots: number; version: string }>(
      `select (select count(*)::integer from app_public.facilities) as facilities,
              (select count(*)::integer from app_public.locations) as locations,
              (select count(*)::integer from app_public.lots) as lots,
              current_setting('server_version') as version`,
    );
    const s = size[0]!;
    console.log(`# Utilization refresh benchmark${flags.quick ? " (quick)" : ""}\n`);
    console.log(
      `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${system()}, PostgreSQL ${s.version}, Node ${process.version}`,
    );
    console.log(
      `Data: ${TENANTS} tenants × ${FACILITIES_PER_TENANT} facilities = ${s.facilities} facilities, ${s.locations.toLocaleString("en")} locations, ${s.lots.toLocaleString("en")} lots (loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)\n`,
    );

    await owner.query("select app_private.scheduled_refresh_bin_utilization()");
    const { rows: cache } = await owner.query<{ n: number }>(
      "select count(*)::integer as n from app_public.bin_utilization_cache",
    );
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { rows } = await owner.query<{ duration_ms: string }>(
        "select duration_ms from app_private.refresh_bin_utilization_after(null)",
      );
      samples.push(Number(rows[0]!.duration_ms));
    }
    console.log(`## One refresh of bin_utilization_cache (${cache[0]!.n.toLocaleString("en")} rows)\n`);
    console.log("| refreshes | min ms | median ms |");
    console.log("|---|---|---|");
    console.log(`| ${samples.length} | ${Math.min(...samples).toFixed(0)} | ${median(samples).toFixed(0)} |`);

    pool = createPool(ownerUrl, 6, "bench-utilization");
    console.log(`\n## A burst: one stock movement in each of ${s.facilities} facilities, worker concurrency 2\n`);
    console.log(
      "| refresh task | facilities moved | jobs queued | refreshes run | seconds refreshing | queue drained in s |",
    );
    console.log("|---|---|---|---|---|---|");
    for (const [name, task] of [
      ["before: every job refreshes the view", refreshEveryTime],
      ["after: a refresh serves the jobs it includes", asJob(refresh_bin_utilization)],
    ] as const) {
      const r = await burst(owner, pool, task);
      console.log(
        `| ${name} | ${r.facilities} | ${r.jobs} | ${r.refreshes} | ${r.refreshSeconds.toFixed(1)} | ${r.drainedSeconds.toFixed(1)} |`,
      );
    }
  } finally {
    await owner?.end().catch(() => {});
    if (pool !== undefined) await closePool(pool).catch(() => {});
    const root = new pg.Client({ connectionString: cluster.rootUrl });
    await root.connect();
    try {
      await root.query(`drop database if exists ${root.escapeIdentifier(database)} with (force)`);
      for (const role of [roles.authenticator, roles.owner, roles.visitor]) {
        await root.query(`drop role if exists ${root.escapeIdentifier(role)}`);
      }
    } finally {
      await root.end();
      await cluster.stop();
    }
  }
}

await main();
