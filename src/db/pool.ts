/**
 * Connection pools, and the few queries several commands and servers share. A connection that fails while
 * idle or checked out (a server restart, a network blip) is logged and replaced instead of crashing the
 * process.
 */
import pg from "pg";
import { log } from "../log.ts";

export function createPool(connectionString: string, max: number, name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: name });
  pool.on("error", (error) => log.warn("Idle database connection failed", { pool: name, error: error.message }));
  pool.on("connect", (client) => {
    client.on("error", (error) => log.warn("Database connection failed", { pool: name, error: error.message }));
  });
  return pool;
}

/** A pool or a single connection. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are untyped unless the caller names their type, as in pg itself
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Runs one select statement as `role` (`begin; set local role …; <select>; commit`, one round trip) and
 * returns its first row. The connection goes back to the pool exactly once; when the query failed it may sit
 * in an aborted transaction, so it is destroyed instead.
 */
export async function queryAsRole<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  role: string,
  select: string,
): Promise<R | undefined> {
  const client = await pool.connect();
  let failed = false;
  try {
    const results = (await client.query(
      `begin; set local role ${client.escapeIdentifier(role)}; ${select}; commit`,
    )) as unknown as pg.QueryResult<R>[];
    return results[2]!.rows[0];
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.release(failed);
  }
}

/** The id of the live (not deleted) tenant with this code; undefined when there is none. */
export async function tenantIdByCode(queryable: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await queryable.query<{ tenant_id: string }>(
    "select tenant_id from app_public.tenants where code = $1 and deleted_at is null",
    [code],
  );
  return rows[0]?.tenant_id;
}
