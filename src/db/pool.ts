/**
 * Connection pools, and the few queries several commands and servers share. A connection that fails while
 * idle or checked out (a server restart, a network blip) is logged and replaced instead of crashing the
 * process. Each pool waits at most its connect timeout for a connection, keeps track of whether its
 * database answers (an outage is logged when it starts and when it ends, not once per request), and stops
 * the statements of work that was abandoned (`runAbortable`): the running statement is cancelled and the
 * connection is closed before it can send anything else, so an abandoned transaction never commits.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { log } from "../log.ts";

export interface PoolOptions {
  /** How long `connect()` waits for a connection (a free one, or a new one), in milliseconds. */
  connectTimeoutMs?: number;
}

export function createPool(connectionString: string, max: number, name: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: name,
    ...(options.connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: options.connectTimeoutMs }),
  });
  pool.on("error", (error) => log.warn("Idle database connection failed", { pool: name, error: error.message }));
  const open = new Set<pg.PoolClient>();
  openConnections.set(pool, open);
  pool.on("connect", (client) => {
    open.add(client);
    client.once("end", () => open.delete(client));
    client.on("error", (error) => log.warn("Database connection failed", { pool: name, error: error.message }));
    availabilityOf(pool).available();
    stopWhenAbandoned(client, pool, name);
  });
  availabilityNames.set(pool, name);
  return pool;
}

const openConnections = new WeakMap<pg.Pool, Set<pg.PoolClient>>();

/**
 * Ends a pool of `createPool` and waits until its connections have closed: `pool.end()` alone resolves as
 * soon as it has asked them to close, and a database stopped or dropped right after would terminate one
 * still closing (logged as a failed connection). Waits at most `timeoutMs` for the last ones.
 */
export async function closePool(pool: pg.Pool, timeoutMs = 5_000): Promise<void> {
  await pool.end();
  const closing = [...(openConnections.get(pool) ?? [])].map(
    (client) => new Promise<void>((resolve) => client.once("end", () => resolve())),
  );
  if (closing.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closing),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/* ---------- Availability: one log line when an outage starts, one when it ends ---------- */

/** Whether a pool's database answers, as the requests that use it find out. */
export class DatabaseAvailability {
  readonly name: string;
  #downSince: number | undefined;
  #refused = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** True between a connection failure and the next successful connection. */
  get down(): boolean {
    return this.#downSince !== undefined;
  }

  /** A request could not reach the database: logged only when this starts an outage. */
  unavailable(error: Error): void {
    this.#refused++;
    if (this.#downSince !== undefined) return;
    this.#downSince = Date.now();
    this.#refused = 1;
    log.error("The database is unavailable; requests are answered UNAVAILABLE until it is back", {
      pool: this.name,
      error: error.message,
    });
  }

  /** A connection succeeded: ends an outage, if there was one. */
  available(): void {
    if (this.#downSince === undefined) return;
    log.info("The database is available again", {
      pool: this.name,
      outageSeconds: Math.round((Date.now() - this.#downSince) / 100) / 10,
      requestsRefused: this.#refused,
    });
    this.#downSince = undefined;
    this.#refused = 0;
  }
}

const availabilities = new WeakMap<pg.Pool, DatabaseAvailability>();
const availabilityNames = new WeakMap<pg.Pool, string>();

/** The availability of a pool's database (one per pool). */
export function availabilityOf(pool: pg.Pool): DatabaseAvailability {
  let availability = availabilities.get(pool);
  if (availability === undefined) {
    availability = new DatabaseAvailability(availabilityNames.get(pool) ?? "database");
    availabilities.set(pool, availability);
  }
  return availability;
}

/* ---------- Abandoned work: no statement, and so no commit, after the abort ---------- */

const abortScope = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` so that the statements it sends through a pool of `createPool` stop when `signal` aborts:
 * the one running is cancelled, and the next one (a COMMIT included) closes the connection instead of
 * being sent. The server aborts when a client goes away before its answer.
 */
export function runAbortable<T>(signal: AbortSignal, work: () => T): T {
  return abortScope.run(signal, work);
}

/** True when the current work (see runAbortable) was abandoned. */
export function isAbandoned(): boolean {
  return abortScope.getStore()?.aborted === true;
}

/** What a statement of abandoned work fails with. */
export class AbandonedError extends Error {
  override name = "AbandonedError";
  constructor() {
    super("The request was abandoned by its client; its statements were stopped");
  }
}

type QueryFunction = (...args: unknown[]) => unknown;

function stopWhenAbandoned(client: pg.PoolClient, pool: pg.Pool, name: string): void {
  const query = client.query.bind(client) as QueryFunction;
  const guarded: QueryFunction = (...args) => {
    const signal = abortScope.getStore();
    if (signal === undefined) return query(...args);
    if (signal.aborted) {
      // Never send another statement (COMMIT or ROLLBACK) on this connection: closing it rolls back.
      client.end().catch(() => {});
      const error = new AbandonedError();
      const callback = args.at(-1);
      if (typeof callback === "function") {
        process.nextTick(() => (callback as (error: Error) => void)(error));
        return undefined;
      }
      return Promise.reject(error);
    }
    const result = query(...args);
    if (result instanceof Promise) {
      const onAbort = () => void cancelBackend(pool, client, name);
      signal.addEventListener("abort", onAbort, { once: true });
      const done = () => signal.removeEventListener("abort", onAbort);
      result.then(done, done);
    }
    return result;
  };
  (client as { query: unknown }).query = guarded;
}

/** Cancels the statement a connection is running, from a connection of its own (the pool may be full). */
async function cancelBackend(pool: pg.Pool, client: pg.PoolClient, name: string): Promise<void> {
  const pid = (client as { processID?: number }).processID;
  if (pid === undefined) return;
  const canceller = new pg.Client({ ...pool.options, application_name: `${name}-cancel` });
  canceller.on("error", () => {});
  try {
    await canceller.connect();
    await canceller.query("select pg_catalog.pg_cancel_backend($1)", [pid]);
  } catch (error) {
    log.debug("Could not cancel the statement of an abandoned request", {
      pool: name,
      error: (error as Error).message,
    });
  } finally {
    await canceller.end().catch(() => {});
  }
}

/**
 * True when an error says that every connection of the pool was busy for the whole connect timeout (pg-pool's
 * own message for a request that waited in its queue): the service is overloaded, not the database gone.
 */
export function isPoolBusy(error: unknown): boolean {
  return error instanceof Error && error.message === "timeout exceeded when trying to connect";
}

/** A pool or a single connection. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are untyped unless the caller names their type, as in pg itself
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Runs one select statement as `role` (`begin; set local role …; <select>; commit`, one round trip) and
 * returns its first row. `settings` are set for the transaction too (`statement_timeout`, `lock_timeout`).
 * The connection goes back to the pool exactly once; when the query failed it may sit in an aborted
 * transaction, so it is destroyed instead.
 */
export async function queryAsRole<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  role: string,
  select: string,
  settings: Record<string, string> = {},
): Promise<R | undefined> {
  const client = await pool.connect();
  let failed = false;
  try {
    const set = Object.entries(settings)
      .map(([name, value]) => `set local ${client.escapeIdentifier(name)} = ${client.escapeLiteral(value)}; `)
      .join("");
    const results = (await client.query(
      `begin; set local role ${client.escapeIdentifier(role)}; ${set}${select}; commit`,
    )) as unknown as pg.QueryResult<R>[];
    return results[results.length - 2]!.rows[0];
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

/**
 * The live facilities with a code, of one tenant or of any (the commands take a facility by code; codes are
 * unique per tenant only, so more than one row means the tenant must be named).
 */
export async function facilitiesByCode(
  queryable: Queryable,
  code: string,
  tenantId?: string,
): Promise<Array<{ tenant_id: string; facility_id: string }>> {
  const { rows } = await queryable.query<{ tenant_id: string; facility_id: string }>(
    `select tenant_id, facility_id from app_public.facilities
      where code = $1 and ($2::uuid is null or tenant_id = $2) and deleted_at is null`,
    [code, tenantId ?? null],
  );
  return rows;
}
