/**
 * `npm run db:setup`: on a real server, creates (idempotently) the database and roles named by
 * DATABASE_URL (owner) and AUTH_DATABASE_URL (authenticator), the visitor role (DATABASE_VISITOR), then
 * applies the committed migrations. Needs ROOT_DATABASE_URL, a superuser connection.
 */
import "./env.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { prepareDatabase } from "../db/open.ts";
import { setupDatabase } from "../db/setup.ts";
import { log } from "../log.ts";
import { parseCommandLine, runCommand } from "./run.ts";

runCommand(async () => {
  parseCommandLine({
    usage: "npm run db:setup",
    summary:
      "Creates, idempotently, the database and roles named by DATABASE_URL (owner), AUTH_DATABASE_URL\n" +
      "(authenticator) and DATABASE_VISITOR on a real server, then migrates it. Needs ROOT_DATABASE_URL.",
    options: {},
  });
  const config = loadConfig();
  const missing = (["ROOT_DATABASE_URL", "DATABASE_URL", "AUTH_DATABASE_URL"] as const).filter(
    (name) =>
      ({
        ROOT_DATABASE_URL: config.rootDatabaseUrl,
        DATABASE_URL: config.databaseUrl,
        AUTH_DATABASE_URL: config.authDatabaseUrl,
      })[name] === undefined,
  );
  if (missing.length > 0) throw new ConfigError(`npm run db:setup needs ${missing.join(", ")}`);
  await setupDatabase(config.rootDatabaseUrl!, {
    ownerUrl: config.databaseUrl!,
    authUrl: config.authDatabaseUrl!,
    visitorRole: config.visitorRole,
  });
  log.info("Roles and database are in place; migrating");
  await prepareDatabase(config.databaseUrl!, config.visitorRole, false);
  log.info("Database is up to date");
});
