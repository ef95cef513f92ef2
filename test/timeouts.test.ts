/**
 * Requests that cannot finish: a reservation stuck behind a lock answers TIMEOUT (statement timeout) or RETRY
 * (lock timeout) and commits nothing, even once the lock is released; a client that gives up takes its
 * transaction with it; and a database that cannot be reached answers UNAVAILABLE (within the connect
 * timeout when it does not answer at all), logged once when the outage starts and once when it ends.
 */
import net from "node:net";
import pg from "pg";
import { GraphQLError } from "postgraphile/graphql";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { runAbortable } from "../src/db/pool.ts";
import { log } from "../src/log.ts";
import { isClientFault, maskError } from "../src/server/errors.ts";
import { type TestDatabaseHandle, useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const stopped = useTestServer(db, { env: { STATEMENT_TIMEOUT_MS: "400", LOCK_TIMEOUT_MS: "0" } });
const locked = useTestServer(db, { env: { STATEMENT_TIMEOUT_MS: "60000", LOCK_TIMEOUT_MS: "300" } });
const patient = useTestServer(db, { env: { STATEMENT_TIMEOUT_MS: "0", LOCK_TIMEOUT_MS: "0" } });
const crowded = useTestServer(db, { env: { DATABASE_CONNECT_TIMEOUT_MS: "300" } });

const ids: Record<string, string> = {};

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('tenant_a')");
  const { rows } = await db.admin.query(`
    select 'facility' as k, facility_id as id from app_public.facilities
    union all select 'material', material_id from app_public.materials where code = 'SKU-2'`);
  for (const row of rows) ids[row.k] = row.id;
});

const RESERVE = `mutation($input: BatchPutawayInput!) {
  createBatchPutawayRecommendations(input: $input) { recommendations { recommendationId locationCode } } }`;
const input = () => ({ facilityId: ids.facility, items: [{ materialId: ids.material, quantity: 1 }] });
const recommendations = async () =>
  Number((await db.admin.query("select count(*) from app_public.putaway_recommendations")).rows[0].count);

/** Holds an exclusive lock on the occupancy table (every reservation reads it) until `release()`. */
async function lockOccupancy(): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  await client.query("begin; lock table app_private.location_occupancy in access exclusive mode");
  return {
    async release() {
      await client.query("rollback");
      await client.end();
    },
  };
}

/**
 * Polls `sql` (one row, column `n`) until `done(n)`. Gives up (failing the test, but letting its `finally`
 * release the lock) after 20 s: a bound on waiting, not a measure of speed.
 */
async function until(sql: string, params: unknown[], done: (n: number) => boolean): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const n = Number((await db.admin.query(sql, params)).rows[0]?.n ?? 0);
    if (done(n)) return n;
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${sql}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a reservation stuck behind a lock", () => {
  test("with a statement timeout: TIMEOUT, and nothing committed after the lock is released", async () => {
    const token = await stopped.token("tenant_a");
    const free = await stopped.graphql(RESERVE, { input: input() }, token);
    expect(free.errors).toBeUndefined();
    const before = await recommendations();
    const lock = await lockOccupancy();
    try {
      const result = await stopped.graphql(RESERVE, { input: input() }, token);
      expect(result.errors?.[0]?.extensions?.code).toBe("TIMEOUT");
      expect(result.errors?.[0]?.message).toBe("The request took too long and was cancelled; nothing was changed");
      expect(result.data).toEqual({ createBatchPutawayRecommendations: null });
    } finally {
      await lock.release();
    }
    expect(await recommendations()).toBe(before);
  });

  test("with a lock timeout: RETRY, and nothing committed after the lock is released", async () => {
    const token = await locked.token("tenant_a");
    const before = await recommendations();
    const lock = await lockOccupancy();
    try {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => locked.graphql(RESERVE, { input: input() }, token)),
      );
      for (const result of results) {
        expect(result.errors?.[0]?.extensions?.code).toBe("RETRY");
        expect(result.errors?.[0]?.message).toMatch(/holds a lock this request needs; nothing was changed/);
      }
    } finally {
      await lock.release();
    }
    expect(await recommendations()).toBe(before);
    const retried = await locked.graphql(RESERVE, { input: input() }, token);
    expect(retried.errors).toBeUndefined();
    expect(await recommendations()).toBe(before + 1);
  });

  test("a client that gives up abandons its request: cancelled at once, and it never commits", async () => {
    const token = await patient.token("tenant_a");
    const before = await recommendations();
    const lock = await lockOccupancy();
    const waiting = `select pid as n from pg_catalog.pg_stat_activity
                      where datname = current_database() and application_name = 'test-api' and wait_event_type = 'Lock'`;
    let pid = 0;
    try {
      const client = new AbortController();
      const request = fetch(`${patient.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: RESERVE, variables: { input: input() } }),
        signal: client.signal,
      }).catch((error: Error) => error);
      pid = await until(waiting, [], (n) => n > 0);
      client.abort();
      expect(await request).toBeInstanceOf(Error);
      // Without a timeout, only the abandonment can end the wait: the statement is cancelled while the
      // lock is still held.
      await until(
        "select count(*) as n from pg_catalog.pg_stat_activity where pid = $1 and wait_event_type = 'Lock'",
        [pid],
        (n) => n === 0,
      );
    } finally {
      await lock.release();
    }
    await until(
      "select count(*) as n from pg_catalog.pg_stat_activity where pid = $1 and state <> 'idle'",
      [pid],
      (n) => n === 0,
    );
    expect(await recommendations()).toBe(before);
    const next = await patient.graphql(RESERVE, { input: input() }, token);
    expect(next.errors).toBeUndefined();
  });
});

/* ---------- A database that cannot be reached ---------- */

/** A TCP proxy to the test server that can refuse connections (closed port) or accept and say nothing. */
class DatabaseProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  port = 0;
  mode: "forward" | "silent" = "forward";

  constructor(url: string) {
    const parsed = new URL(url);
    this.#target = { host: parsed.hostname, port: Number(parsed.port || 5432) };
  }

  /** Listens (again, on the same port after `close()`). */
  async open(): Promise<void> {
    const server = net.createServer((socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
      socket.on("error", () => {});
      if (this.mode === "silent") return;
      const upstream = net.connect(this.#target);
      this.#sockets.add(upstream);
      upstream.on("close", () => this.#sockets.delete(upstream));
      upstream.on("error", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
      upstream.on("close", () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  /** Closes the port and every connection through it: the database is gone. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }

  /** `url` pointed at the proxy. */
  through(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(this.port);
    return parsed.toString();
  }
}

describe("a tenant check stuck behind a lock", () => {
  test("is bounded by the lock timeout: UNAVAILABLE while the lock is still held", async () => {
    // A tenant this server has not checked yet, so that the question goes to the database.
    await db.admin.query("select tests.create_tenant_fixture('tenant_lk')");
    const token = await locked.token("tenant_lk");
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    try {
      await client.query("begin; lock table app_public.tenants in access exclusive mode");
      const result = await locked.graphql(`{ currentUserId }`, undefined, token);
      expect(result.status).toBe(503);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    } finally {
      await client.query("rollback");
      await client.end();
    }
    expect((await locked.graphql(`{ currentUserId }`, undefined, token)).errors).toBeUndefined();
  });
});

describe("a pool with every connection in use", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("answers BUSY (503 before the token's tenant is checked), and logs no outage", async () => {
    const token = await crowded.token("tenant_a");
    const errors = vi.spyOn(log, "error");
    const held = await Promise.all(Array.from({ length: 10 }, () => crowded.authPool.connect()));
    try {
      const anonymous = await crowded.graphql(`{ allLocations(first: 1) { nodes { code } } }`);
      expect(anonymous.status).toBe(200);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("BUSY");
      expect(anonymous.errors?.[0]?.message).toMatch(/busy.*retry shortly/);
      const checked = await crowded.graphql(`{ currentUserId }`, undefined, token);
      expect(checked.status).toBe(503);
      expect(checked.errors?.[0]?.extensions?.code).toBe("BUSY");
    } finally {
      for (const client of held) client.release();
    }
    expect(errors.mock.calls.filter(([message]) => /database is unavailable/.test(message))).toHaveLength(0);
    expect((await crowded.graphql(`{ currentUserId }`, undefined, token)).errors).toBeUndefined();
  });
});

describe("a database that cannot be reached", () => {
  let proxy: DatabaseProxy;
  beforeAll(async () => {
    proxy = new DatabaseProxy(db.authUrl);
    await proxy.open();
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const proxied = new Proxy(db, {
    get: (target, key) => (key === "authUrl" ? proxy.through(target.authUrl) : Reflect.get(target, key)),
  }) as TestDatabaseHandle;
  const distant = useTestServer(proxied, { env: { DATABASE_CONNECT_TIMEOUT_MS: "300" } });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const LOCATIONS = "{ allLocations(first: 1) { nodes { code } } }";

  test("a closed port answers UNAVAILABLE, logged once for the outage and once when it ends", async () => {
    const token = await distant.token("tenant_a");
    expect((await distant.graphql(LOCATIONS, undefined, token)).errors).toBeUndefined();
    const errors = vi.spyOn(log, "error");
    const infos = vi.spyOn(log, "info");
    await proxy.close();
    for (let i = 0; i < 3; i++) {
      const result = await distant.graphql(LOCATIONS, undefined, token);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
      expect(result.errors?.[0]?.message).toBe(
        "The database cannot be reached at the moment; nothing was changed, retry shortly",
      );
      expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|errorId/);
    }
    const mutation = await distant.graphql(RESERVE, { input: input() }, token);
    expect(mutation.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    const outages = errors.mock.calls.filter(([message]) => /database is unavailable/.test(message));
    expect(outages).toHaveLength(1);
    expect(errors.mock.calls.filter(([message]) => /Unexpected error/.test(message))).toHaveLength(0);

    await proxy.open();
    expect((await distant.graphql(LOCATIONS, undefined, token)).errors).toBeUndefined();
    expect((await distant.graphql(LOCATIONS, undefined, token)).errors).toBeUndefined();
    const recoveries = infos.mock.calls.filter(([message]) => /database is available again/.test(message));
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]?.[1]).toMatchObject({ requestsRefused: 4 });
  });

  test("a server that accepts connections and never answers: UNAVAILABLE after the connect timeout", async () => {
    const token = await distant.token("tenant_a");
    await proxy.close();
    proxy.mode = "silent";
    await proxy.open();
    try {
      const result = await distant.graphql(LOCATIONS, undefined, token);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    } finally {
      await proxy.close();
      proxy.mode = "forward";
      await proxy.open();
    }
    expect((await distant.graphql(LOCATIONS, undefined, token)).errors).toBeUndefined();
  });
});

describe("what counts as an outage or an abandoned request", () => {
  const masked = (original: Error) => maskError(new GraphQLError(original.message, { originalError: original }));

  test("server shutdown, refused and timed-out connections are UNAVAILABLE; a full pool is BUSY; other database errors are not", () => {
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
      severity: "FATAL",
    });
    expect(masked(shutdown).extensions.code).toBe("UNAVAILABLE");
    expect(
      masked(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" })).extensions.code,
    ).toBe("UNAVAILABLE");
    expect(masked(new Error("timeout exceeded when trying to connect")).extensions.code).toBe("BUSY");
    expect(isClientFault(new Error("timeout exceeded when trying to connect"))).toBe(false);
    expect(masked(new Error("Connection terminated due to connection timeout")).extensions.code).toBe("UNAVAILABLE");
    const syntax = Object.assign(new Error('syntax error at or near "x"'), { code: "42601", severity: "ERROR" });
    expect(masked(syntax).extensions.code).toBe("INTERNAL");
    expect(isClientFault(shutdown)).toBe(false);
  });

  test("an error of a request its client abandoned is the client's doing, not the service's", () => {
    const gone = new AbortController();
    gone.abort();
    const error = Object.assign(new Error("canceling statement due to user request"), {
      code: "57014",
      severity: "ERROR",
    });
    expect(isClientFault(error)).toBe(false);
    expect(runAbortable(gone.signal, () => isClientFault(error))).toBe(true);
    expect(runAbortable(gone.signal, () => masked(error).extensions.code)).toBe("TIMEOUT");
  });
});
