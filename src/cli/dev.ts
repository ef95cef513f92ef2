/**
 * `npm run dev`: the development loop on the embedded PostgreSQL of DATA_DIR. The database starts once and
 * stays up; graphile-migrate watches current.sql and applies it on every save; the service runs under
 * `node --watch` and restarts, attached to the same database, whenever its code changes. It prints the owner
 * and shadow database URLs that `graphile-migrate commit` needs. Reads `.env` when there is one (see
 * `.env.example`). Ctrl-C stops everything.
 */
import "./env.ts";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { watch } from "graphile-migrate";
import pg from "pg";
import { ConfigError, loadConfig } from "../config.ts";
import { startEmbeddedDatabase } from "../db/embedded.ts";
import { migrateSettings, PROJECT_ROOT, watchLogger } from "../db/migrate.ts";
import { prepareDatabase } from "../db/open.ts";
import { setupDatabase } from "../db/setup.ts";
import { log } from "../log.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

runCommand(async () => {
  parseCommandLine({
    usage: "npm run dev",
    summary:
      "The development loop: the embedded PostgreSQL of DATA_DIR, current.sql applied on every save\n" +
      "(graphile-migrate watch), and the service restarted on every code change (node --watch).",
    options: {},
    notes: "Settings come from the environment and from .env when it exists (see .env.example).",
  });
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig();
  if (config.databaseUrl !== undefined) {
    throw new ConfigError("npm run dev runs on the embedded database: unset DATABASE_URL (npm start serves yours)");
  }
  const server = await startEmbeddedDatabase(config, (line) => log.info(line));
  if (server.attached) {
    throw new UsageError(`Another process already runs the embedded database of ${config.dataDir}: stop it first`);
  }
  const shadowUrl = server.ownerUrl.replace(/\/bin_utilization$/, "/bin_utilization_shadow");
  const child: { process?: ReturnType<typeof spawn> } = {};
  let signal: NodeJS.Signals | undefined;
  try {
    await setupDatabase(server.rootUrl, {
      ownerUrl: server.ownerUrl,
      authUrl: server.authUrl,
      visitorRole: config.visitorRole,
    });
    await prepareDatabase(server.ownerUrl, config.visitorRole, true);
    await ensureShadowDatabase(server.rootUrl, shadowUrl);
    process.stdout.write(
      [
        "Development database (graphile-migrate commit needs these four):",
        `  export DATABASE_URL='${server.ownerUrl}'`,
        `  export SHADOW_DATABASE_URL='${shadowUrl}'`,
        `  export ROOT_DATABASE_URL='${server.rootUrl}'`,
        `  export DATABASE_VISITOR='${config.visitorRole}'`,
        "Watching current.sql; the service restarts when its code changes.",
        "",
      ].join("\n"),
    );
    const settings = {
      ...migrateSettings({
        ownerUrl: server.ownerUrl,
        visitorRole: config.visitorRole,
        rootUrl: server.rootUrl,
        shadowUrl,
      }),
      logger: watchLogger,
    };
    await watch(settings, false);
    // In a process group of its own: a terminal's Ctrl-C reaches this process alone, which passes it on once
    // (node --watch passes on what it gets to the service; both signalled at once, the service would take the
    // second SIGINT as "exit at once").
    child.process = spawn(process.execPath, ["--watch", "--watch-preserve-output", "src/cli/start.ts"], {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: process.env,
      detached: true,
    });
    signal = await new Promise<NodeJS.Signals | undefined>((resolve) => {
      for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(name, () => resolve(name));
      child.process?.once("exit", () => resolve(undefined));
    });
  } finally {
    const service = child.process;
    if (service !== undefined && service.exitCode === null && service.signalCode === null) {
      const exited = new Promise((resolve) => service.once("exit", resolve));
      service.kill(signal === "SIGINT" ? "SIGINT" : "SIGTERM");
      await exited;
    }
    await server.stop();
  }
  // graphile-migrate's watcher has no handle to close it with; everything it watched has stopped.
  process.exit(0);
});

/** The scratch database graphile-migrate commit rebuilds, owned by the owner role. */
async function ensureShadowDatabase(rootUrl: string, shadowUrl: string): Promise<void> {
  const { username, pathname } = new URL(shadowUrl);
  const name = pathname.slice(1);
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const { rowCount } = await root.query("select 1 from pg_database where datname = $1", [name]);
    if (rowCount === 0) {
      await root.query(`create database ${root.escapeIdentifier(name)} owner ${root.escapeIdentifier(username)}`);
    }
  } finally {
    await root.end();
  }
}
