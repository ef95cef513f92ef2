/**
 * The GraphQL API's preset for Graphile's own tools: `npx graphile config print` shows every option the
 * service runs with, and `npx graphile behavior debug …` explains why a field exists or not. The service
 * itself builds the same preset in src/server/app.ts (both through src/server/preset.ts).
 *
 * It reads the environment as the service does; the pool connects (as AUTH_DATABASE_URL) only when a tool
 * builds the schema, which needs a running database.
 */
import "./src/cli/env.ts";
import pg from "pg";
import { loadTokenKeys } from "./src/auth/jwt.ts";
import { loadConfig } from "./src/config.ts";
import { PutawayService } from "./src/putaway/service.ts";
import { apiPreset } from "./src/server/preset.ts";

const config = loadConfig();
const pool = new pg.Pool({
  connectionString: config.authDatabaseUrl ?? `postgres://127.0.0.1:${config.embeddedDatabasePort}/bin_utilization`,
});

const preset: GraphileConfig.Preset = apiPreset({
  pool,
  keys: await loadTokenKeys(config),
  visitorRole: config.visitorRole,
  production: config.production,
  limits: config.limits,
  putaway: new PutawayService(config.putaway, config.features),
});
export default preset;
