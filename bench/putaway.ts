/**
 * `npm run bench`: the putaway engine's speed, printed as tables.
 *
 * 1. The engine alone: 1,000 items against the demo layout scaled to 100,000 locations, per algorithm
 *    (seeded generator, warm-up runs, then min, median and mean ± standard deviation; a sink keeps the work).
 * 2. End to end over HTTP: the demo layout scaled to 20,000 locations in a fresh database, the service in a
 *    child process (NODE_ENV=production), latency P50/P95 of the preview query for batches of 1, 50 and 100
 *    items and of the reserving mutation for 50 items, per algorithm, recommendations per second with 8
 *    concurrent clients, and the time getReslottingPlan takes for each objective. The facility has slot shares
 *    (see writeSlotShares), so ENHANCED aims by them.
 *
 * The re-slotting planner is timed alone too, on a generated 20,000-position warehouse (src/sim/fragmented.ts).
 *
 * Options: --quick (fewer repetitions, for a smoke run), --engine-only (the engine and planner alone).
 */
import "../src/cli/env.ts";
import { randomBytes } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { signToken } from "../src/auth/jwt.ts";
import { commandLineOrExit } from "../src/cli/run.ts";
import {
  ABC_CLASSES,
  ABC_UNKNOWN,
  ALGORITHMS,
  type Algorithm,
  cubicUnits,
  EMPTY,
  Layout,
  Occupancy,
  type PlanItem,
  planBatch,
  TEMPERATURES,
  weightUnits,
} from "../src/engine/index.ts";
import { planReslotting } from "../src/engine/reslot.ts";
import { slotShares } from "../src/engine/slotting.ts";
import { demoOccupancy, generateDemo, seedDemo } from "../src/seed/demo.ts";
import { Random } from "../src/seed/random.ts";
import { generateFragmented } from "../src/sim/fragmented.ts";
import { machine } from "./machine.ts";
import { createBenchDatabase, type RunningService, startService } from "./service.ts";

const { values: flags } = commandLineOrExit({
  usage: "npm run bench:putaway -- [--quick] [--engine-only]",
  summary:
    "The putaway engine's speed, printed as tables: the engine alone on the demo layout scaled to 100,000\n" +
    "locations, then the service over HTTP on a fresh database of the test server (20,000 locations).",
  options: {
    quick: { type: "boolean", description: "fewer repetitions, for a smoke run" },
    "engine-only": { type: "boolean", description: "the engine alone, without the HTTP part" },
  },
});
const quick = flags.quick === true;

interface Stats {
  n: number;
  min: number;
  p50: number;
  p95: number;
  mean: number;
  sd: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { n, min: sorted[0]!, p50: rank(0.5), p95: rank(0.95), mean, sd };
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
let sink = 0;

/* ---------- 1. The engine alone ---------- */

function engineBenchmark(): void {
  const data = generateDemo({
    tenantCode: "bench",
    facilityCode: "DC100K",
    aisles: 125,
    baysPerAisle: 50,
    levels: 16,
    materials: 2000,
  });
  const { columns, used } = demoOccupancy(data);
  const layout = new Layout(columns);
  const occupancy = new Occupancy(layout);
  for (const u of used) {
    occupancy.set(u.location, 1, u.cubic, u.weight, [
      { material: occupancy.keyOfMaterial(data.materials[u.material]!.code), lot: EMPTY, expiryDay: Number.NaN },
    ]);
  }
  const random = new Random(7);
  const storable = data.materials.filter((m) => m.hazmat === null);
  const items: PlanItem[] = Array.from({ length: 1000 }, () => {
    const material = random.pick(storable);
    const quantity = random.int(1, 6);
    return {
      material: occupancy.keyOfMaterial(material.code),
      lot: EMPTY,
      quantity,
      cubic: cubicUnits(quantity * material.cubicFeet),
      weight: weightUnits(quantity * material.weightLbs),
      unitDims: [...material.dims].sort((a, b) => a - b) as [number, number, number],
      abc: material.abc === null ? ABC_UNKNOWN : ABC_CLASSES.indexOf(material.abc),
      temperature: TEMPERATURES.indexOf(material.temperature),
      hazmat: false,
      expiryDay: Number.NaN,
      crossDock: false,
    };
  });
  console.log(`\n## Engine alone: ${items.length} items × ${layout.count.toLocaleString("en")} locations (no I/O)\n`);
  console.log("| algorithm | runs | min ms | median ms | mean ± sd ms | placed |");
  console.log("|---|---|---|---|---|---|");
  const runs = quick ? 5 : 15;
  for (const algorithm of ALGORITHMS) {
    for (let i = 0; i < 3; i++) sink += planBatch(occupancy, items, { algorithm }).placements.length;
    const samples: number[] = [];
    let placed = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const plan = planBatch(occupancy, items, { algorithm });
      samples.push(performance.now() - started);
      placed = plan.placements.length;
      sink += placed;
    }
    const s = stats(samples);
    console.log(`| ${algorithm} | ${runs} | ${ms(s.min)} | ${ms(s.p50)} | ${ms(s.mean)} ± ${ms(s.sd)} | ${placed} |`);
  }
}

/** The re-slotting planner alone on a generated 20,000-position warehouse whose stock has drifted. */
function reslottingBenchmark(): void {
  const size = { aisles: 50, bays: 100, levels: 4 };
  console.log("\n## Re-slotting planner alone: generated 50x100x4 (20,000 positions, drifted stock, seed 1)\n");
  console.log(
    "| objective | max moves | runs | median ms | moves | occupied | freed | lower bound | travel per pick ft |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const [objective, maxMoves] of [
    ["CONSOLIDATE", Number.POSITIVE_INFINITY],
    ["TRAVEL", 100],
    ["BALANCED", 100],
  ] as const) {
    const samples: number[] = [];
    let plan: ReturnType<typeof planReslotting> | undefined;
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const facility = generateFragmented({ size, seed: 1 });
      const started = performance.now();
      plan = planReslotting({ ...facility, reserved: new Map() }, { objective, maxMoves });
      samples.push(performance.now() - started);
      sink += plan.moves.length;
    }
    const s = stats(samples);
    const p = plan!;
    console.log(
      `| ${objective} | ${Number.isFinite(maxMoves) ? maxMoves : "unlimited"} | ${samples.length} | ${ms(s.p50)} | ` +
        `${p.moves.length} | ${p.positionsOccupied} | ${p.positionsFreed} | ${p.positionsLowerBound} | ` +
        `${p.travelPerPickBefore.toFixed(1)} → ${p.travelPerPickAfter.toFixed(1)} |`,
    );
  }
}

/* ---------- 2. End to end over HTTP ---------- */

/**
 * ENHANCED's slot shares for the benchmark facility, so that its requests take the adaptive path: the demo
 * has stock but no picks, so each material gets picks per day by its ABC class (A 10, B 2, C 0.3) and its stock
 * on hand as its stock cube, turned into shares by the engine's `slotShares` and written as reclassify_abc does.
 */
async function writeSlotShares(owner: pg.Client, tenantId: string, facilityId: string): Promise<number> {
  const { rows } = await owner.query<{ material_id: string; abc: string | null; cubic_feet: string }>(
    `select m.material_id, m.abc_class as abc, coalesce(sum(l.quantity_on_hand * m.unit_cubic_feet), 0) as cubic_feet
       from app_public.materials m
       left join app_public.lots l on l.tenant_id = m.tenant_id and l.material_id = m.material_id
                                  and l.facility_id = $2 and l.deleted_at is null
      where m.tenant_id = $1 and m.unit_cubic_feet is not null
      group by m.tenant_id, m.material_id order by m.material_id`,
    [tenantId, facilityId],
  );
  const { rows: room } = await owner.query<{ capacity_cubic_feet: string }>(
    "select capacity_cubic_feet from app_private.facility_storage_capacity($1) where facility_id = $2",
    [tenantId, facilityId],
  );
  const picks = (abc: string | null) => (abc === "A" ? 10 : abc === "B" ? 2 : 0.3);
  const demand = rows.map((r) => ({
    material: r.material_id,
    picksPerDay: picks(r.abc),
    stockCubic: Number(r.cubic_feet),
  }));
  const shares = slotShares(demand, Number(room[0]!.capacity_cubic_feet));
  const { rows: written } = await owner.query<{ written: number }>(
    `select app_private.replace_material_slotting($1, $2, 90, $3::uuid[], $4::numeric[], $5::numeric[],
                                                  $6::numeric[]) as written`,
    [
      tenantId,
      facilityId,
      demand.map((d) => d.material),
      demand.map((d) => d.picksPerDay),
      demand.map((d) => d.stockCubic),
      demand.map((d) => shares.get(d.material)!),
    ],
  );
  return written[0]!.written;
}

async function httpBenchmark(): Promise<void> {
  // This run's own database and roles, dropped at the end whatever happens.
  const db = await createBenchDatabase();
  let service: RunningService | undefined;
  try {
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const summary = await seedDemo(owner, {
      tenantCode: "bench",
      facilityCode: "DC20K",
      aisles: 50,
      baysPerAisle: 50,
      levels: 8,
      materials: 2000,
    });
    const { rows: materials } = await owner.query(
      "select material_id from app_public.materials where tenant_id = $1 and hazmat_class is null and abc_class is not null order by code",
      [summary!.tenantId],
    );
    const withShares = await writeSlotShares(owner, summary!.tenantId, summary!.facilityId);
    await owner.query("analyze");
    await owner.end();
    const secret = randomBytes(32).toString("hex");
    const started = await startService(db, secret, {
      RESERVATION_TTL_MINUTES: "600",
      // One token drives every client here: the per-token rate limit would measure itself.
      RATE_LIMIT_PER_MINUTE: "0",
    });
    service = started;
    const token = await signToken(
      { tenantId: summary!.tenantId, userId: "00000000-0000-4000-8000-00000000b0b0", role: "operator" },
      { secret: new TextEncoder().encode(secret) },
      "2h",
    );
    const random = new Random(11);
    const batch = (size: number, algorithm: Algorithm) => ({
      facilityId: summary!.facilityId,
      algorithm,
      items: Array.from({ length: size }, () => ({
        materialId: random.pick(materials).material_id,
        quantity: random.int(1, 6),
      })),
    });
    // A plain keep-alive HTTP client: what is timed is the service, not a client library.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const target = new URL(started.url);
    const post = (payload: string) =>
      new Promise<string>((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: "POST",
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
              authorization: `Bearer ${token}`,
            },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk) => (text += chunk));
            response.on("end", () => resolve(text));
          },
        );
        request.on("error", reject);
        request.end(payload);
      });
    const call = async (query: string, input: unknown) => {
      const body = JSON.parse(await post(JSON.stringify({ query, variables: { input } }))) as {
        errors?: unknown[];
        data?: Record<string, { processingSummary: { recommendationsGenerated: number } }>;
      };
      if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
      return Object.values(body.data!)[0]!.processingSummary.recommendationsGenerated;
    };
    const PREVIEW = `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) {
      recommendations { locationCode confidenceScore reasonCode } processingSummary { recommendationsGenerated processingTimeMs } } }`;
    const CREATE = `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) {
      recommendations { recommendationId locationCode } processingSummary { recommendationsGenerated processingTimeMs } } }`;
    const timeOne = async (query: string, input: unknown) => {
      const t = performance.now();
      sink += await call(query, input);
      return performance.now() - t;
    };

    // Warm the service up (JIT, plan caches, connections) across every configuration before timing any.
    for (let i = 0; i < (quick ? 40 : 200); i++) await call(PREVIEW, batch([1, 50, 100][i % 3]!, ALGORITHMS[i % 4]!));

    console.log(
      `\n## End to end over HTTP: ${summary!.locations.toLocaleString("en")} locations, ${materials.length} materials (${withShares} with slot shares), one request at a time\n`,
    );
    console.log("| operation | algorithm | items | requests | P50 ms | P95 ms | mean ms |");
    console.log("|---|---|---|---|---|---|---|");
    const requests = quick ? 30 : 150;
    for (const algorithm of ALGORITHMS) {
      for (const size of [1, 50, 100]) {
        for (let i = 0; i < 15; i++) await timeOne(PREVIEW, batch(size, algorithm));
        const samples: number[] = [];
        for (let i = 0; i < requests; i++) samples.push(await timeOne(PREVIEW, batch(size, algorithm)));
        const s = stats(samples);
        console.log(`| preview | ${algorithm} | ${size} | ${requests} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.mean)} |`);
      }
    }
    for (const algorithm of ALGORITHMS) {
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) await timeOne(CREATE, batch(50, algorithm));
      for (let i = 0; i < (quick ? 10 : 100); i++) samples.push(await timeOne(CREATE, batch(50, algorithm)));
      const s = stats(samples);
      console.log(`| reserve | ${algorithm} | 50 | ${samples.length} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.mean)} |`);
    }

    console.log("\n## Throughput: 8 concurrent clients, 10-item batches\n");
    console.log("| operation | algorithm | requests | seconds | recommendations/s |");
    console.log("|---|---|---|---|---|");
    for (const [name, query] of [
      ["preview", PREVIEW],
      ["reserve", CREATE],
    ] as const) {
      const perClient = quick ? 10 : 50;
      const t = performance.now();
      const counts = await Promise.all(
        Array.from({ length: 8 }, async () => {
          let n = 0;
          for (let i = 0; i < perClient; i++) n += await call(query, batch(10, "HYBRID"));
          return n;
        }),
      );
      const seconds = (performance.now() - t) / 1000;
      const total = counts.reduce((a, b) => a + b, 0);
      console.log(`| ${name} | HYBRID | ${8 * perClient} | ${seconds.toFixed(2)} | ${Math.round(total / seconds)} |`);
    }
    // The capacity invariant after the concurrent reservations, as the database sees it.
    const check = new pg.Client({ connectionString: db.ownerUrl });
    await check.connect();
    try {
      const { rows } = await check.query<{ over: number; disagreeing: number }>(
        `select (select count(*)::int from app_private.location_occupancy o
                   join app_public.locations l on l.tenant_id = o.tenant_id and l.location_id = o.location_id
                  where o.cubic_feet_on_hand + o.cubic_feet_reserved > l.max_cubic_feet
                     or o.weight_lbs_on_hand + o.weight_lbs_reserved > l.max_weight_lbs) as over,
                app_private.rebuild_location_occupancy()::int as disagreeing`,
      );
      console.log(
        `\nAfter the concurrent reservations: ${rows[0]!.over} locations over capacity, ${rows[0]!.disagreeing} ` +
          "occupancy rows that disagree with the stock and reservations (checked in SQL).",
      );
    } finally {
      await check.end();
    }

    // Re-slotting plans of the same facility, as getReslottingPlan makes them (the stock read included).
    const PLAN = `query($input: GetReslottingPlanInput!) { getReslottingPlan(input: $input) {
      summary { moves positionsOccupied positionsFreed positionsLowerBound travelPerPickBefore travelPerPickAfter } } }`;
    console.log(`\n## Re-slotting plans over HTTP: ${summary!.locations.toLocaleString("en")} locations\n`);
    console.log("| objective | max moves | runs | median ms | max ms | moves | occupied | freed | lower bound |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const [objective, maxMoves] of [
      ["CONSOLIDATE", 1_000],
      ["TRAVEL", 100],
      ["BALANCED", 100],
    ] as const) {
      const input = { facilityId: summary!.facilityId, objective, maxMoves };
      const samples: number[] = [];
      let figures: Record<string, number> = {};
      for (let i = 0; i < (quick ? 2 : 7); i++) {
        const t = performance.now();
        const body = JSON.parse(await post(JSON.stringify({ query: PLAN, variables: { input } }))) as {
          errors?: unknown[];
          data?: { getReslottingPlan: { summary: Record<string, number> } };
        };
        if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
        if (i > 0) samples.push(performance.now() - t); // the first run warms up
        figures = body.data!.getReslottingPlan.summary;
      }
      const s = stats(samples);
      console.log(
        `| ${objective} | ${maxMoves} | ${samples.length} | ${ms(s.p50)} | ${ms(Math.max(...samples))} | ` +
          `${figures.moves} | ${figures.positionsOccupied} | ${figures.positionsFreed} | ${figures.positionsLowerBound} |`,
      );
    }
    agent.destroy();
  } finally {
    try {
      await service?.stop();
    } finally {
      await db.drop();
    }
  }
}

console.log(`# Putaway benchmark${quick ? " (quick)" : ""}\n\nMachine: ${machine()}`);
engineBenchmark();
reslottingBenchmark();
if (!flags["engine-only"]) await httpBenchmark();
console.log(`\n(sink ${sink})`);
