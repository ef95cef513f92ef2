/**
 * The runbook's destructive rollback of migration 000004, on a database with data that stands at 000004 (the
 * script refuses to run past it): it removes the data-quality and statistics layer and its record, keeps
 * everything else, refuses to run twice, and `migrate` brings the layer back.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { migrateWorkerSchema, PROJECT_ROOT, runMigrations } from "../src/db/migrate.ts";
import { createPool } from "../src/db/pool.ts";
import { setupDatabase } from "../src/db/setup.ts";
import { dropDatabases, withLogin } from "./support/cluster.ts";
import { adminPool, TEST_ROLES } from "./support/db.ts";

const MIGRATIONS = path.join(PROJECT_ROOT, "migrations");
/** A migrations folder holding the committed migrations up to 000004, for a database that stands there. */
const upTo000004 = mkdtempSync(path.join(os.tmpdir(), "buo-migrations-"));
cpSync(path.join(MIGRATIONS, "committed"), path.join(upTo000004, "committed"), {
  recursive: true,
  filter: (source) => !source.endsWith(".sql") || /\/00000[1-4]-[^/]*\.sql$/.test(source),
});

const db = {} as { name: string; ownerUrl: string; admin: pg.Pool };

/** Applies the committed migrations up to 000004 to the database, as `npm run migrate` did when 000004 was new. */
async function migrateTo000004(): Promise<void> {
  await runMigrations(
    { ownerUrl: db.ownerUrl, visitorRole: TEST_ROLES.visitor, migrationsFolder: upTo000004 },
    { includeCurrent: false },
  );
}
const ROLLBACK = readFileSync(
  path.join(PROJECT_ROOT, "migrations", "rollback", "0001-data-quality-and-statistics.sql"),
  "utf8",
);

/** Runs the script as the database owner, as the runbook does, on a connection of its own. */
async function rollback(): Promise<void> {
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  try {
    await owner.query(ROLLBACK);
  } finally {
    await owner.end();
  }
}

const value = async (sql: string) => (await db.admin.query(sql)).rows[0].value;
const latestMigration = () =>
  value("select filename as value from graphile_migrate.migrations order by filename desc limit 1");
/** Relations and functions that migration 000004 creates. */
const layer = () =>
  value(`select json_build_object(
           'tables', (select count(*) from pg_class where relnamespace = 'app_public'::regnamespace
                       and relname in ('material_dimension_verifications', 'cross_dock_cancellations', 'data_quality_findings',
                                       'bin_optimization_remediation_log', 'bin_optimization_statistical_metrics',
                                       'bin_optimization_outliers', 'bin_optimization_statistics')),
           'statFunctions', (select count(*) from pg_proc where proname like 'stat\\_%'
                              and pronamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace)),
           'compute', to_regprocedure('app_private.compute_recommendation_statistics(uuid, interval)') is not null) as value`);

beforeAll(async () => {
  expect(readdirSync(path.join(upTo000004, "committed")).sort().at(-1)).toMatch(/^000004-/);
  const rootUrl = inject("rootUrl");
  db.name = `${inject("databasePrefix")}rollback`;
  db.ownerUrl = withLogin(rootUrl, TEST_ROLES.owner, db.name);
  await setupDatabase(rootUrl, {
    ownerUrl: db.ownerUrl,
    authUrl: withLogin(rootUrl, TEST_ROLES.authenticator, db.name),
    visitorRole: TEST_ROLES.visitor,
    rolesExist: true,
  });
  await migrateTo000004();
  const owner = createPool(db.ownerUrl, 1, "test-rollback");
  await migrateWorkerSchema(owner).finally(() => owner.end());
  db.admin = adminPool(withLogin(rootUrl, undefined, db.name), 2);
  const helpers = readFileSync(path.join(PROJECT_ROOT, "test", "support", "pgtap-helpers.sql"), "utf8");
  await db.admin.query(helpers.replaceAll(":DATABASE_VISITOR", TEST_ROLES.visitor));
  await db.admin.query("select tests.create_tenant_fixture('rb')");
});

afterAll(async () => {
  await db.admin?.end();
  await dropDatabases(inject("rootUrl"), { name: db.name });
  rmSync(upTo000004, { recursive: true, force: true });
});

describe("migrations/rollback/0001-data-quality-and-statistics.sql", () => {
  test("drops the layer with its data and keeps putaway, occupancy and the model", async () => {
    expect(await latestMigration()).toBe("000004.sql");
    expect(await layer()).toEqual({ tables: 7, statFunctions: 28, compute: true });
    const before = await value(`select json_build_object(
      'recommendations', (select count(*) from app_public.putaway_recommendations),
      'models', (select count(*) from app_public.ml_model_weights),
      'occupancy', (select count(*) from app_private.location_occupancy)) as value`);

    await rollback();

    expect(await latestMigration()).toBe("000003.sql");
    expect(await layer()).toEqual({ tables: 0, statFunctions: 0, compute: false });
    expect(
      await value(`select json_build_object(
      'recommendations', (select count(*) from app_public.putaway_recommendations),
      'models', (select count(*) from app_public.ml_model_weights),
      'occupancy', (select count(*) from app_private.location_occupancy)) as value`),
    ).toEqual(before);
    const health = await value("select app_hidden.optimization_health() as value");
    expect(health).toHaveProperty("facilities", 1);
    expect(health).not.toHaveProperty("lastRemediationAt");
    expect(
      await value(
        "select count(*)::int as value from app_public.putaway_recommendations where tenant_id = tests.tenant_id('rb')",
      ),
    ).toBe(1);
  });

  test("refuses to run when 000004 is not the latest migration, and changes nothing", async () => {
    await expect(rollback()).rejects.toThrow("The latest applied migration is 000003.sql, not 000004");
    expect(await latestMigration()).toBe("000003.sql");
  });

  test("a later migrate brings the layer back, empty", async () => {
    await migrateTo000004();
    expect(await latestMigration()).toBe("000004.sql");
    expect(await layer()).toEqual({ tables: 7, statFunctions: 28, compute: true });
    expect(await value("select count(*)::int as value from app_public.bin_optimization_outliers")).toBe(0);
    expect(await value("select app_hidden.optimization_health() as value")).toHaveProperty("lastRemediationAt");
  });
});
