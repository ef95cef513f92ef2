/**
 * Which database the commands talk to. With DATABASE_URL set, that server (and AUTH_DATABASE_URL for the
 * API); without it, the embedded server of DATA_DIR, which is created, migrated (committed migrations and
 * current.sql) and kept up to date on every start.
 */
import type { Config } from "../config.ts";
import { log } from "../log.ts";
import { startEmbeddedDatabase } from "./embedded.ts";
import { migrateWorkerSchema, runMigrations } from "./migrate.ts";
import { closePool, createPool } from "./pool.ts";
import { setupDatabase } from "./setup.ts";

export interface Database {
  embedded: boolean;
  ownerUrl: string;
  authUrl: string | undefined;
  /** What to show the operator: the embedded server's superuser URL, or DATABASE_URL without its password. */
  displayUrl: string;
  /**
   * The embedded server only: resolves, with what happened, when it dies without close(). Nothing restarts
   * it; `npm start` stops and exits 1 so that whatever supervises it starts it again.
   */
  exited: Promise<string> | undefined;
  close(): Promise<void>;
}

/** Applies the application's migrations and installs the worker schema, as the owner. */
export async function prepareDatabase(ownerUrl: string, visitorRole: string, includeCurrent: boolean): Promise<void> {
  await runMigrations({ ownerUrl, visitorRole }, { includeCurrent });
  const pool = createPool(ownerUrl, 1, "bin-optimizer-migrate");
  try {
    await migrateWorkerSchema(pool);
  } finally {
    await closePool(pool);
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl !== undefined) {
    return {
      embedded: false,
      ownerUrl: config.databaseUrl,
      authUrl: config.authDatabaseUrl,
      displayUrl: withoutPassword(config.databaseUrl),
      exited: undefined,
      close: async () => {},
    };
  }
  const server = await startEmbeddedDatabase(config, (line) => log.info(line));
  try {
    if (!server.attached) {
      await setupDatabase(server.rootUrl, {
        ownerUrl: server.ownerUrl,
        authUrl: server.authUrl,
        visitorRole: config.visitorRole,
      });
      await prepareDatabase(server.ownerUrl, config.visitorRole, true);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    embedded: true,
    ownerUrl: server.ownerUrl,
    authUrl: server.authUrl,
    displayUrl: server.superuserUrl,
    exited: server.exited,
    close: () => server.stop(),
  };
}
