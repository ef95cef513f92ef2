/**
 * Readiness tells a busy instance from a lost database: the service runs behind a TCP relay to its test
 * database, so that the test can hold every connection of the request pool (readiness and the metrics scrape
 * still answer, through their own pool) and then cut the database off (readiness answers 503, and a token
 * whose tenant cannot be checked is refused as UNAVAILABLE rather than let through), and bring it back.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadTokenKeys, signToken } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import { createPool } from "../src/db/pool.ts";
import { PutawayService } from "../src/putaway/service.ts";
import { type App, createApp, GRAPHQL_PATH, METRICS_PATH, READINESS_PATH } from "../src/server/app.ts";
import { TEST_ROLES, useTestDatabase } from "./support/db.ts";

const db = useTestDatabase();

/** A TCP relay to `target` that can be cut (every connection closed, nothing accepted) and restored. */
class Relay {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  port = 0;
  constructor(target: { host: string; port: number }) {
    this.#target = target;
  }
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.#target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  }
}

const POOL_SIZE = 3;
let relay: Relay;
let authPool: pg.Pool;
let app: App;
let apiUrl: string;
let metricsUrl: string;
let token: (tenantCode: string) => Promise<string>;

beforeAll(async () => {
  const target = new URL(db.authUrl);
  relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
  await relay.open();
  target.host = `127.0.0.1:${relay.port}`;
  authPool = createPool(target.toString(), POOL_SIZE, "test-relayed-api");
  const config = loadConfig({ JWT_SECRET: randomBytes(32).toString("hex") });
  const keys = await loadTokenKeys(config);
  app = await createApp({
    authPool,
    keys,
    visitorRole: TEST_ROLES.visitor,
    production: false,
    limits: config.limits,
    putaway: new PutawayService(config.putaway, config.features),
  });
  ({ apiUrl, metricsUrl } = await app.listen(0, 0, "127.0.0.1"));
  await db.admin.query("select tests.create_tenant_fixture('ready_a'), tests.create_tenant_fixture('ready_b')");
  token = async (code) => {
    const { rows } = await db.admin.query("select tests.tenant_id($1)::text as id", [code]);
    return signToken({ tenantId: rows[0].id, userId: "00000000-0000-4000-8000-000000000001", role: "operator" }, keys);
  };
});

afterAll(async () => {
  await app?.close(0);
  await authPool?.end();
  await relay?.cut();
});

const readiness = async () => {
  const response = await fetch(`${apiUrl}${READINESS_PATH}`);
  return {
    status: response.status,
    // biome-ignore lint/suspicious/noExplicitAny: the checks are read field by field
    body: (await response.json()) as { status: string; checks: Record<string, any> },
  };
};

describe("readiness", () => {
  test("a request pool busy to its last connection is not an unreachable database", async () => {
    const held = await Promise.all(Array.from({ length: POOL_SIZE }, () => authPool.connect()));
    // A request now waits for a connection; readiness does not.
    const waiting = authPool.query("select 1");
    try {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body.checks.databaseConnection).toMatchObject({
        status: "HEALTHY",
        activeConnections: POOL_SIZE,
        idleConnections: 0,
        waitingRequests: 1,
      });
      // The metrics scrape reads through the same small pool, and answers too.
      const metrics = await fetch(`${metricsUrl}${METRICS_PATH}`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^bin_optimization_health_status\{check_name="databaseConnection"\} 1$/m);
    } finally {
      for (const client of held) client.release();
    }
    await waiting;
  });

  test("a lost database: readiness answers 503, unchecked tenants are refused as UNAVAILABLE; both recover", async () => {
    expect((await readiness()).status).toBe(200);
    const uncheckedTenant = await token("ready_b");
    await relay.cut();
    try {
      const down = await readiness();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe("UNHEALTHY");
      expect(down.body.checks.databaseConnection.message).toBe("Database unreachable");

      const response = await fetch(`${apiUrl}${GRAPHQL_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${uncheckedTenant}` },
        body: JSON.stringify({ query: "{ currentTenant { code } }" }),
      });
      expect(response.status).toBe(503);
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe("UNAVAILABLE");
      expect(body.errors[0]?.message).toMatch(/cannot be checked right now; retry/);
    } finally {
      await relay.open();
    }
    expect((await readiness()).status).toBe(200);
    const response = await fetch(`${apiUrl}${GRAPHQL_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${uncheckedTenant}` },
      body: JSON.stringify({ query: "{ currentTenant { code } }" }),
    });
    expect(await response.json()).toEqual({ data: { currentTenant: { code: "ready_b" } } });
  });
});
