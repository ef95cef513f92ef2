/**
 * Per-file databases: `useTestDatabase()` in a test file gives it a fresh copy of the template, dropped
 * after the file's tests. When the run's database set-up failed, every test of the file fails with the reason.
 */
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { cloneTemplate, type TestDatabase, type TestRoles } from "./cluster.ts";

/** This run's roles (made by test/global-setup.ts); `TEST_ROLES.visitor` is what API requests run as. */
export const TEST_ROLES: TestRoles = {
  get owner() {
    return inject("roles").owner;
  },
  get authenticator() {
    return inject("roles").authenticator;
  },
  get visitor() {
    return inject("roles").visitor;
  },
};

export interface TestDatabaseHandle extends TestDatabase {
  /** A pool of superuser connections to the copy (bypasses row-level security: for setup and checks). */
  admin: pg.Pool;
}

/** A fresh copy of this run's template; throws the set-up's failure when there is no template. */
export async function cloneRunTemplate(): Promise<TestDatabase> {
  const setupError = inject("databaseSetupError");
  if (setupError !== undefined) throw new Error(`The test database could not be set up: ${setupError}`);
  return cloneTemplate(inject("rootUrl"), inject("templateDatabase"), inject("databasePrefix"), inject("roles"));
}

/**
 * A superuser pool on a test database. `end()` resolves before its connections have closed, and the drop that
 * follows (`WITH (FORCE)`) may terminate one that is still closing: that error is expected, not a failure.
 */
export function adminPool(url: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

/** Creates the copy in beforeAll and drops it in afterAll; read the handle inside tests or hooks. */
export function useTestDatabase(): TestDatabaseHandle {
  const handle = {} as TestDatabaseHandle;
  beforeAll(async () => {
    const db = await cloneRunTemplate();
    Object.assign(handle, db, { admin: adminPool(db.adminUrl) });
  });
  afterAll(async () => {
    await handle.admin?.end();
    await handle.drop?.();
  });
  return handle;
}
