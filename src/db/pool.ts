/**
 * Connection pools. A connection that fails while idle or checked out (a server restart, a network blip)
 * is logged and replaced instead of crashing the process.
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
