/**
 * `npm run -s token -- --tenant demo --role operator|supervisor|admin [--user <uuid>] [--expires-in 12h]`
 * prints a signed bearer token for that tenant, and nothing else. The token lives 12 hours (or JWT_MAX_AGE
 * when that is shorter); `--expires-in` longer than JWT_MAX_AGE is refused, since the server would refuse
 * the token. For development and tests only: in production tokens come from the identity provider, and this
 * command refuses to run.
 */
import "./env.ts";
import pg from "pg";
import {
  APP_ROLES,
  type AppRole,
  demoUserId,
  developmentTokenSeconds,
  loadTokenKeys,
  signToken,
  tokenLifetimeSeconds,
  UUID_PATTERN,
} from "../auth/jwt.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { tenantIdByCode } from "../db/pool.ts";
import { logToStderr } from "../log.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

const COMMAND = {
  usage: "npm run -s token -- --tenant <code> [options]",
  summary:
    "Prints a signed bearer token for a tenant of the database, and nothing else: for development and tests\n" +
    "(in production tokens come from your identity provider, and this command refuses to run).",
  options: {
    tenant: { type: "string", value: "<code>", description: "the tenant's code, e.g. demo (required)" },
    role: {
      type: "string",
      value: "<role>",
      default: "operator",
      description: `the token's role: ${APP_ROLES.join(", ")}`,
    },
    user: { type: "string", value: "<uuid>", description: "the token's user id (default: one per tenant and role)" },
    "expires-in": {
      type: "string",
      value: "<duration>",
      description: "lifetime: seconds, or a number with s, m, h or d (default: 12h, or JWT_MAX_AGE when shorter)",
    },
  },
  notes: "Requests carry it as the header Authorization: Bearer <token>.",
} as const;

runCommand(async () => {
  logToStderr();
  const { values } = parseCommandLine(COMMAND);
  const config = loadConfig();
  if (config.production) {
    throw new UsageError(
      "npm run token is for development and tests; in production tokens come from your identity provider",
    );
  }
  if (values.tenant === undefined) {
    throw new UsageError("--tenant is required. See: npm run -s token -- --help");
  }
  if (!(APP_ROLES as readonly string[]).includes(values.role)) {
    throw new UsageError(`--role must be one of ${APP_ROLES.join(", ")}`);
  }
  if (values.user !== undefined && !UUID_PATTERN.test(values.user)) {
    throw new UsageError("--user must be a UUID");
  }
  const keys = await loadTokenKeys(config);
  let lifetime: number;
  try {
    lifetime = tokenLifetimeSeconds(values["expires-in"] ?? developmentTokenSeconds(keys), keys);
  } catch (error) {
    throw new UsageError(`--expires-in: ${(error as Error).message}`);
  }
  const database = await openDatabase(config);
  let tenantId: string | undefined;
  try {
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      tenantId = await tenantIdByCode(client, values.tenant);
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
  if (tenantId === undefined) throw new UsageError(`There is no tenant with code "${values.tenant}"`);
  const token = await signToken(
    { tenantId, userId: values.user ?? demoUserId(values.tenant, values.role), role: values.role as AppRole },
    keys,
    lifetime,
  );
  process.stdout.write(`${token}\n`);
});
