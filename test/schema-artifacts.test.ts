/**
 * The reviewable artefacts stay current: `data/schema.sql`, the database schema of the committed migrations
 * as pg_dump prints it (graphile-migrate rewrites it on every commit), and `data/schema.graphql`, the API the
 * service serves (committed migrations and current.sql). `npm test -- -u` rewrites both.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { makeSchema } from "postgraphile";
import { lexicographicSortSchema, printSchema } from "postgraphile/graphql";
import { describe, expect, inject, test } from "vitest";
import { dumpSchema, findPgDump, SCHEMA_DUMP, serverMajor } from "../scripts/dump-schema.ts";
import { loadConfig } from "../src/config.ts";
import { PROJECT_ROOT, runMigrations } from "../src/db/migrate.ts";
import { setupDatabase } from "../src/db/setup.ts";
import { PutawayService } from "../src/putaway/service.ts";
import { apiPreset } from "../src/server/preset.ts";
import { dropDatabases, withLogin } from "./support/cluster.ts";
import { TEST_ROLES, useTestDatabase } from "./support/db.ts";

const SCHEMA_GRAPHQL = path.join(PROJECT_ROOT, "data", "schema.graphql");
const db = useTestDatabase();

describe("data/schema.graphql", () => {
  test("is the API's schema, sorted (npm test -- -u rewrites it)", async () => {
    const config = loadConfig({});
    const pool = new pg.Pool({ connectionString: db.authUrl, max: 2 });
    try {
      const preset = apiPreset({
        pool,
        keys: { secret: new TextEncoder().encode("x".repeat(32)) },
        visitorRole: TEST_ROLES.visitor,
        production: false,
        limits: config.limits,
        putaway: new PutawayService(config.putaway, config.features),
      });
      const { schema } = await makeSchema(preset);
      await expect(`${printSchema(lexicographicSortSchema(schema))}\n`).toMatchFileSnapshot(SCHEMA_GRAPHQL);
    } finally {
      await pool.end();
    }
  });
});

describe("data/schema.sql", async () => {
  // The dump is PostgreSQL-version specific: it is compared on the major version it was written from.
  const committed = readFileSync(SCHEMA_DUMP, "utf8");
  const writtenOn = Number(/\(PostgreSQL (\d+)\)/.exec(committed)?.[1]);
  const rootUrl = inject("rootUrl");
  const major = rootUrl === "" ? undefined : await serverMajor(rootUrl);
  const pgDump = major === undefined ? undefined : findPgDump(major);
  const skip =
    major === undefined
      ? "no test database"
      : major !== writtenOn
        ? `the test server is PostgreSQL ${major}, the dump was written from ${writtenOn}`
        : pgDump === undefined
          ? `no pg_dump for PostgreSQL ${major}`
          : undefined;

  test.skipIf(skip !== undefined)(
    `is the committed migrations' schema${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const name = `${inject("databasePrefix")}schema_dump`;
      const ownerUrl = withLogin(rootUrl, TEST_ROLES.owner, name);
      await setupDatabase(rootUrl, {
        ownerUrl,
        authUrl: withLogin(rootUrl, TEST_ROLES.authenticator, name),
        visitorRole: TEST_ROLES.visitor,
      });
      try {
        await runMigrations({ ownerUrl, visitorRole: TEST_ROLES.visitor }, { includeCurrent: false });
        const dump = dumpSchema(pgDump!, withLogin(rootUrl, undefined, name), major!, {
          [TEST_ROLES.owner]: ":DATABASE_OWNER",
          [TEST_ROLES.visitor]: ":DATABASE_VISITOR",
        });
        await expect(dump).toMatchFileSnapshot(SCHEMA_DUMP);
      } finally {
        await dropDatabases(rootUrl, { name });
      }
    },
  );
});
