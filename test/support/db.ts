/**
 * Per-file databases: `useTestDatabase()` in a test file gives it a fresh copy of the template, dropped
 * after the file's tests.
 */
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { cloneTemplate, TEST_ROLES, type TestDatabase } from "./cluster.ts";

export { TEST_ROLES };

export interface TestDatabaseHandle extends TestDatabase {
  /** A pool of superuser connections to the copy (bypasses row-level security: for setup and checks). */
  admin: pg.Pool;
}

/** Creates the copy in beforeAll and drops it in afterAll; read the handle inside tests or hooks. */
export function useTestDatabase(): TestDatabaseHandle {
  const handle = {} as TestDatabaseHandle;
  beforeAll(async () => {
    const db = await cloneTemplate(inject("rootUrl"), inject("templateDatabase"), inject("databasePrefix"));
    Object.assign(handle, db, { admin: new pg.Pool({ connectionString: db.adminUrl, max: 4 }) });
  });
  afterAll(async () => {
    await handle.admin?.end();
    await handle.drop?.();
  });
  return handle;
}
