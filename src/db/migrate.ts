/**
 * Runs graphile-migrate with the settings of `.gmrc` and connection details given in code, so that the
 * embedded server, `npm run migrate` and the test suite all apply exactly the migrations a DBA applies with
 * the graphile-migrate CLI.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Logger, migrate, type Settings, watch } from "graphile-migrate";
import { runMigrations as runWorkerMigrations, Logger as WorkerLogger } from "graphile-worker";
import JSON5 from "json5";
import type pg from "pg";
import { log } from "../log.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface MigrationTarget {
  ownerUrl: string;
  visitorRole: string;
  /** Another folder of migrations than the project's (a database brought to an older migration, in tests). */
  migrationsFolder?: string;
  /** Superuser connection; graphile-migrate needs one only for reset and root actions. */
  rootUrl?: string;
  shadowUrl?: string;
}

/** Keeps graphile-migrate's errors and warnings and drops its per-migration chatter. */
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(message);
  else if (level === "warning") console.warn(message);
});

/**
 * graphile-migrate's messages for `npm run dev`: each run of current.sql and its outcome, and an error's
 * message and position without the stack of graphile-migrate's and pg's internals.
 */
export const watchLogger = new Logger(() => (level, message) => {
  const text = message
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n");
  if (level === "error") console.error(text);
  else if (level === "warning") console.warn(text);
  else if (level === "info") console.log(text);
});

/** The settings of `.gmrc`, with connection strings and placeholders filled in. */
export function migrateSettings(target: MigrationTarget): Settings {
  const file = JSON5.parse(readFileSync(path.join(PROJECT_ROOT, ".gmrc"), "utf8")) as Settings;
  return {
    ...file,
    connectionString: target.ownerUrl,
    rootConnectionString: target.rootUrl ?? "template1",
    shadowConnectionString: target.shadowUrl,
    migrationsFolder: target.migrationsFolder ?? path.join(PROJECT_ROOT, "migrations"),
    placeholders: { ...file.placeholders, ":DATABASE_VISITOR": target.visitorRole },
    logger: quietLogger,
  };
}

/**
 * Applies the committed migrations and, when asked (development and tests), the work in progress in
 * current.sql, once.
 */
export async function runMigrations(
  target: MigrationTarget,
  { includeCurrent }: { includeCurrent: boolean },
): Promise<void> {
  const settings = migrateSettings(target);
  // graphile-migrate gives up at once when another process holds its lock (several pods starting together):
  // wait for that one to finish instead, for up to two minutes.
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(settings);
      break;
    } catch (error) {
      if (!/Failed to get exclusive lock/.test((error as Error).message) || attempt >= 60) throw error;
      await sleep(2000);
    }
  }
  if (includeCurrent) await watch(settings, true);
  // graphile-migrate keeps its pool open for 200 ms after a command and exits the process if one of those
  // connections then fails; let them close before anything stops or clones the database.
  await sleep(250);
}

/** graphile-worker's schema migrations, logging their warnings and errors only. */
const workerMigrationLogger = new WorkerLogger(() => (level, message) => {
  if (level === "error") log.error(message);
  else if (level === "warning") log.warn(message);
});

/** Installs or upgrades the graphile_worker schema (as the owner, who must own it). */
export async function migrateWorkerSchema(pool: pg.Pool): Promise<void> {
  await runWorkerMigrations({ pgPool: pool, logger: workerMigrationLogger });
}
