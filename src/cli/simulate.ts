/**
 * `npm run -s simulate -- [--generate 20x20x4 | --facility CODE] [options]`: the putaway simulator. Replays
 * the same days of receiving and picking with every algorithm, two baselines and a full-knowledge reference,
 * and prints what each does to pick travel and space (src/sim/). Deterministic: the same options give the
 * same figures on any machine. Exit code 0, or 2 on a usage mistake.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ALGORITHMS, type Algorithm, Layout, type LayoutColumns } from "../engine/index.ts";
import { describeRun, htmlReport, resultTable } from "../sim/report.ts";
import { type SimulationResult, simulate } from "../sim/simulate.ts";
import { generateLayout, parseWarehouseSize } from "../sim/warehouse.ts";
import { DEFAULT_FILL, generateWorkload, STOCK_PROFILES, type StockProfile, type Workload } from "../sim/workload.ts";
import { withFacility } from "./facility.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

const COMMAND = {
  usage: "npm run -s simulate -- [--generate AISLESxBAYSxLEVELS | --facility <code>] [options]",
  summary:
    "Simulates days of receiving and picking with each putaway algorithm, RANDOM (mean of 3 seeds), CLOSEST_OPEN\n" +
    "and REFERENCE (demand per cube with full knowledge of the future), and prints travel per pick line,\n" +
    "utilization of the occupied positions, unplaced items and constraint violations for each. The same options\n" +
    "give the same figures on any machine.",
  options: {
    generate: {
      type: "string",
      value: "<AxBxL>",
      description: "a generated warehouse of A aisles × B bays × L levels of pallet positions (default 20x20x4)",
    },
    facility: {
      type: "string",
      value: "<code>",
      description: "a facility of the database: its layout, stock and picking history",
    },
    tenant: { type: "string", value: "<code>", description: "the facility's tenant, when its code is not unique" },
    days: { type: "string", value: "<n>", default: "30", description: "days simulated (1 to 365)" },
    seed: { type: "string", value: "<n>", default: "1", description: "the seed of everything random" },
    algorithms: {
      type: "string",
      value: "<list>",
      default: ALGORITHMS.join(","),
      description: "algorithms compared, comma-separated",
    },
    profile: {
      type: "string",
      value: "equal|eoq",
      default: "equal",
      description: "generated stock: the same cube per material, or ∝ √demand",
    },
    fill: {
      type: "string",
      value: "<share>",
      default: String(DEFAULT_FILL),
      description: "generated stock's mean share of the room (a facility's history sets its own)",
    },
    json: { type: "boolean", description: "print one JSON object instead of the table" },
    out: { type: "string", value: "<file.html>", description: "also write a self-contained HTML report with charts" },
  },
} as const;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return value;
}

runCommand(async () => {
  const { values } = parseCommandLine(COMMAND);
  if (values.generate !== undefined && values.facility !== undefined) {
    throw new UsageError("--generate and --facility exclude each other");
  }
  const days = integer("days", values.days, 1, 365);
  const seed = integer("seed", values.seed, 0, 2 ** 31 - 1);
  const algorithms = values.algorithms
    .split(",")
    .map((a) => a.trim().toUpperCase())
    .filter((a) => a !== "");
  const unknown = algorithms.filter((a) => !(ALGORITHMS as readonly string[]).includes(a));
  if (algorithms.length === 0 || unknown.length > 0) {
    throw new UsageError(`--algorithms takes ${ALGORITHMS.join(", ")} (got "${values.algorithms}")`);
  }
  const profile = values.profile.toLowerCase() as StockProfile;
  if (!STOCK_PROFILES.includes(profile)) throw new UsageError(`--profile must be ${STOCK_PROFILES.join(" or ")}`);
  const fill = Number(values.fill);
  if (!(fill > 0 && fill <= 0.95))
    throw new UsageError(`--fill must be above 0 and at most 0.95 (got "${values.fill}")`);

  // A relative --out is where the command was run (npm runs scripts from the project's root; INIT_CWD is where
  // npm was started); its folder must exist, so that a long run does not end in a refusal.
  const out = values.out === undefined ? undefined : path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  if (out !== undefined && !existsSync(path.dirname(out))) {
    throw new UsageError(`--out: the folder ${path.dirname(out)} does not exist`);
  }
  if (out !== undefined && existsSync(out) && statSync(out).isDirectory()) {
    throw new UsageError(`--out: ${out} is a folder; name the report's file`);
  }

  let columns: LayoutColumns;
  let workload: Workload;
  let place: string;
  if (values.facility !== undefined) {
    ({ columns, workload, place } = await fromDatabase(values.facility, values.tenant, {
      days,
      seed,
      profile,
      fill,
    }));
  } else {
    let size: ReturnType<typeof parseWarehouseSize>;
    try {
      size = parseWarehouseSize(values.generate ?? "20x20x4");
    } catch (error) {
      throw new UsageError(`--generate: ${(error as RangeError).message}`);
    }
    columns = generateLayout(size);
    const layout = new Layout(columns);
    workload = generateWorkload({
      capacity: layout.storageCapacity,
      positions: layout.count,
      seed,
      days,
      profile,
      fill,
      historyDays: 90,
    });
    place = `Generated warehouse ${size.aisles}×${size.bays}×${size.levels}`;
  }
  const result: SimulationResult = simulate(columns, workload, { seed, algorithms: algorithms as Algorithm[] });
  if (out !== undefined) {
    try {
      writeFileSync(out, htmlReport(result, place));
    } catch (error) {
      throw new UsageError(
        `--out: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  if (values.json) {
    const { floor: _floor, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ place, ...rest }, null, 2)}\n`);
  } else {
    process.stdout.write(`${describeRun(result, place)}\n\n${resultTable(result.results)}\n`);
    if (out !== undefined) process.stdout.write(`\nReport: ${out}\n`);
  }
  return 0;
});

/** Layout and workload of a facility of the database (its tenant's history, or generated demand when thin). */
async function fromDatabase(
  code: string,
  tenant: string | undefined,
  options: { days: number; seed: number; profile: StockProfile; fill: number },
): Promise<{ columns: LayoutColumns; workload: Workload; place: string }> {
  const { CannotSimulateError, loadFacility } = await import("../sim/facility.ts");
  return withFacility(code, tenant, "bin-optimizer-simulate", async ({ config, pool, facility }) => {
    const client = await pool.connect();
    try {
      const loaded = await loadFacility(client, facility.tenantId, facility.facilityId, {
        days: options.days,
        seed: options.seed,
        historyDays: config.analytics.abcWindowDays,
        profile: options.profile,
        fill: options.fill,
      });
      return { columns: loaded.columns, workload: loaded.workload, place: `Facility ${loaded.facility.code}` };
    } catch (error) {
      if (error instanceof CannotSimulateError) throw new UsageError(error.message);
      throw error;
    } finally {
      client.release();
    }
  });
}
