/**
 * `npm run migrate`: applies the committed migrations and the worker schema to DATABASE_URL (the
 * Kubernetes init container runs it). With no DATABASE_URL it brings the embedded server up to date,
 * current.sql included.
 */
import "./env.ts";
import { loadConfig } from "../config.ts";
import { openDatabase, prepareDatabase } from "../db/open.ts";
import { log } from "../log.ts";
import { parseCommandLine, runCommand } from "./run.ts";

runCommand(async () => {
  parseCommandLine({
    usage: "npm run migrate",
    summary:
      "Applies the committed migrations and the worker schema to DATABASE_URL (the Kubernetes init container);\n" +
      "without DATABASE_URL, brings the embedded database up to date, current.sql included.",
    options: {},
  });
  const config = loadConfig();
  // The embedded server is migrated as it opens; a real one gets the committed migrations only.
  const database = await openDatabase(config);
  try {
    if (!database.embedded) await prepareDatabase(database.ownerUrl, config.visitorRole, false);
  } finally {
    await database.close();
  }
  log.info("Database is up to date");
});
