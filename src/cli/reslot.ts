/**
 * `npm run -s reslot -- [--generate 50x100x4 | --facility CODE] [options]`: re-slotting plans for a generated
 * warehouse whose stock has drifted (src/sim/fragmented.ts) or for a facility of the database (as an admin of
 * its tenant, through the service getReslottingPlan uses), printed as a table: for each objective, the moves,
 * the positions freed against the lower bound, travel per pick line before and after, and the planning time.
 * Writes nothing. Exit code 0, or 2 on a usage mistake.
 */
import { RESLOTTING_OBJECTIVES, type ReslottingObjective } from "../engine/index.ts";
import { planReslotting } from "../engine/reslot.ts";
import { MAX_PLAN_MOVES, type PlanResult } from "../reslotting/service.ts";
import { generateFragmented } from "../sim/fragmented.ts";
import { parseWarehouseSize } from "../sim/warehouse.ts";
import { withFacility } from "./facility.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

const COMMAND = {
  usage: "npm run -s reslot -- [--generate AISLESxBAYSxLEVELS | --facility <code>] [options]",
  summary:
    "Plans re-slotting moves and prints, for each objective, the moves, the storage positions they free against a\n" +
    "lower bound on the positions the stock needs, travel per pick line (out and back from the dock) before and\n" +
    "after, the labor they take and the planning time. Without --objective: CONSOLIDATE with no move limit, then\n" +
    "TRAVEL and BALANCED with --max-moves, the plans the weekly plan_reslotting task stores.",
  options: {
    generate: {
      type: "string",
      value: "<AxBxL>",
      description: "a generated warehouse with drifted stock, A aisles × B bays × L levels (default 50x100x4)",
    },
    facility: { type: "string", value: "<code>", description: "a facility of the database, its stock as it is" },
    tenant: { type: "string", value: "<code>", description: "the facility's tenant, when its code is not unique" },
    objective: { type: "string", value: "TRAVEL|CONSOLIDATE|BALANCED", description: "one objective only" },
    "max-moves": {
      type: "string",
      value: "<n>|unlimited",
      default: "100",
      description: `moves per plan, 0 to ${MAX_PLAN_MOVES}, or unlimited`,
    },
    seed: { type: "string", value: "<n>", default: "1", description: "the generated warehouse's seed" },
    json: { type: "boolean", description: "print one JSON object instead of the table" },
  },
} as const;

/** A plan's figures, as getReslottingPlan's summary gives them. */
type Row = { objective: ReslottingObjective; maxMoves: number | null } & PlanResult["summary"];

runCommand(async () => {
  const { values } = parseCommandLine(COMMAND);
  if (values.generate !== undefined && values.facility !== undefined) {
    throw new UsageError("--generate and --facility exclude each other");
  }
  const unlimited = values["max-moves"] === "unlimited";
  const maxMoves = unlimited ? Number.POSITIVE_INFINITY : Number(values["max-moves"]);
  if (!unlimited && (!Number.isInteger(maxMoves) || maxMoves < 0 || maxMoves > MAX_PLAN_MOVES)) {
    throw new UsageError(`--max-moves must be a whole number from 0 to ${MAX_PLAN_MOVES}, or unlimited`);
  }
  const objective = values.objective?.toUpperCase();
  if (objective !== undefined && !(RESLOTTING_OBJECTIVES as readonly string[]).includes(objective)) {
    throw new UsageError(`--objective must be one of ${RESLOTTING_OBJECTIVES.join(", ")}`);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new UsageError(`--seed must be a whole number from 0 to ${2 ** 31 - 1}`);
  }
  const plans: Array<[ReslottingObjective, number]> =
    objective !== undefined
      ? [[objective as ReslottingObjective, maxMoves]]
      : [
          ["CONSOLIDATE", Number.POSITIVE_INFINITY],
          ["TRAVEL", maxMoves],
          ["BALANCED", maxMoves],
        ];
  let place: string;
  let rows: Row[];
  if (values.facility !== undefined) {
    place = `Facility ${values.facility}`;
    rows = await facilityPlans(values.facility, values.tenant, plans);
  } else {
    let size: ReturnType<typeof parseWarehouseSize>;
    try {
      size = parseWarehouseSize(values.generate ?? "50x100x4");
    } catch (error) {
      throw new UsageError(`--generate: ${(error as Error).message}`);
    }
    place = `Generated ${size.aisles}x${size.bays}x${size.levels} (${size.aisles * size.bays * size.levels} positions), seed ${seed}`;
    rows = plans.map(([objective, limit]) => {
      const facility = generateFragmented({ size, seed });
      const started = performance.now();
      const plan = planReslotting({ ...facility, reserved: new Map() }, { objective, maxMoves: limit });
      const { moves, ...figures } = plan;
      return {
        objective,
        maxMoves: Number.isFinite(limit) ? limit : null,
        moves: moves.length,
        ...figures,
        planningTimeMs: performance.now() - started,
      };
    });
  }
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ place, plans: rows })}\n`);
    return 0;
  }
  console.log(`${place}\n`);
  console.log(
    "| objective | max moves | moves | positions occupied | freed | lower bound | after / bound | travel per pick before ft | after ft | cut | labor min | plan ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const after = r.positionsOccupied - r.positionsFreed;
    const cut = r.travelPerPickBefore > 0 ? 1 - r.travelPerPickAfter / r.travelPerPickBefore : 0;
    console.log(
      `| ${r.objective} | ${r.maxMoves ?? "unlimited"} | ${r.moves} | ${r.positionsOccupied} | ${r.positionsFreed} | ` +
        `${r.positionsLowerBound} | ${r.positionsLowerBound > 0 ? (after / r.positionsLowerBound).toFixed(3) : "-"} | ` +
        `${r.travelPerPickBefore.toFixed(1)} | ${r.travelPerPickAfter.toFixed(1)} | ${(100 * cut).toFixed(1)} % | ` +
        `${r.estimatedLaborMinutes.toFixed(0)} | ${r.planningTimeMs.toFixed(0)} |`,
    );
  }
  return 0;
});

/** The plans of a facility of the database, as an admin of its tenant (nothing is written). */
async function facilityPlans(
  code: string,
  tenant: string | undefined,
  plans: Array<[ReslottingObjective, number]>,
): Promise<Row[]> {
  const [{ claimSettings }, { ReslottingService }] = await Promise.all([
    import("../auth/jwt.ts"),
    import("../reslotting/service.ts"),
  ]);
  return withFacility(code, tenant, "bin-optimizer-reslot", async ({ config, pool, facility }) => {
    const claims = {
      tenantId: facility.tenantId,
      userId: "00000000-0000-0000-0000-000000000000",
      role: "admin" as const,
    };
    const planner = new ReslottingService(config.putaway);
    const client = await pool.connect();
    try {
      await client.query("begin read only");
      await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
        JSON.stringify(claimSettings(claims)),
      ]);
      const rows: Row[] = [];
      for (const [objective, limit] of plans) {
        const plan = await planner.plan(
          client,
          claims,
          { facilityId: facility.facilityId, objective, maxMoves: Number.isFinite(limit) ? limit : 0 },
          !Number.isFinite(limit),
        );
        rows.push({ objective, maxMoves: plan.maxMoves, ...plan.summary });
      }
      return rows;
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
}
