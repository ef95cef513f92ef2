/**
 * `npm run seed:demo`: loads the demo warehouse (tenant `demo`, facility `DC1`) unless it is there already.
 * Options for larger layouts: --tenant, --facility, --aisles, --bays, --levels, --materials. Outside production
 * it then prints a first putaway on that facility, ready to paste once `npm start` serves (as `npm start` does).
 */
import "./env.ts";
import pg from "pg";
import { loadTokenKeys } from "../auth/jwt.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { log } from "../log.ts";
import { DEMO_DEFAULTS, seedDemo } from "../seed/demo.ts";
import { firstPutaway, firstPutawayLines } from "./first-putaway.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 10_000)
    throw new UsageError(`--${name} must be an integer from 1 to 10000`);
  return parsed;
}

runCommand(async () => {
  const { values } = parseCommandLine({
    usage: "npm run seed:demo -- [options]",
    summary:
      "Loads a demo warehouse (a tenant with one facility, its zones, locations, materials and stock) unless the\n" +
      "tenant exists already. Without options: tenant demo, facility DC1, the layout npm start loads.",
    options: {
      tenant: { type: "string", value: "<code>", default: DEMO_DEFAULTS.tenantCode, description: "tenant code" },
      facility: { type: "string", value: "<code>", default: DEMO_DEFAULTS.facilityCode, description: "facility code" },
      aisles: {
        type: "string",
        value: "<n>",
        default: String(DEMO_DEFAULTS.aisles),
        description: "aisles (4 or more)",
      },
      bays: {
        type: "string",
        value: "<n>",
        default: String(DEMO_DEFAULTS.baysPerAisle),
        description: "bays per aisle",
      },
      levels: { type: "string", value: "<n>", default: String(DEMO_DEFAULTS.levels), description: "levels per bay" },
      materials: { type: "string", value: "<n>", default: String(DEMO_DEFAULTS.materials), description: "materials" },
    },
  });
  const options = {
    tenantCode: values.tenant ?? DEMO_DEFAULTS.tenantCode,
    facilityCode: values.facility ?? DEMO_DEFAULTS.facilityCode,
    aisles: count(values.aisles, "aisles", DEMO_DEFAULTS.aisles),
    baysPerAisle: count(values.bays, "bays", DEMO_DEFAULTS.baysPerAisle),
    levels: count(values.levels, "levels", DEMO_DEFAULTS.levels),
    materials: count(values.materials, "materials", DEMO_DEFAULTS.materials),
  };
  if (options.aisles < 4)
    throw new UsageError("--aisles must be at least 4 (the layout has bulk, chilled and hazmat aisles)");
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      const summary = await seedDemo(client, options);
      if (summary === undefined) log.info(`Tenant "${options.tenantCode}" exists already; nothing loaded`);
      else log.info(`Loaded tenant "${options.tenantCode}"`, { ...summary });
      if (!config.production) {
        const putaway = await firstPutaway(
          client,
          await loadTokenKeys(config),
          options.tenantCode,
          options.facilityCode,
        );
        if (putaway !== undefined) {
          // The URL npm start serves with the same settings (a random PORT=0 cannot be known here).
          const port = config.port === 0 ? "<PORT>" : String(config.port);
          const url = `http://${config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host}:${port}/graphql`;
          process.stdout.write(
            `${["Once npm start serves (for development only; never logged):", ...firstPutawayLines(url, putaway)].join("\n")}\n`,
          );
        }
      }
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
});
