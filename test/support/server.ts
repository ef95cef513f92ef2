/**
 * The real service, in-process, on a test database: the API and metrics servers on free ports, a token
 * maker with this server's secret, and a small GraphQL client.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { type AppRole, signToken, type TokenKeys } from "../../src/auth/jwt.ts";
import { loadConfig } from "../../src/config.ts";
import { createPool } from "../../src/db/pool.ts";
import { PutawayService } from "../../src/putaway/service.ts";
import { createApp } from "../../src/server/app.ts";
import { TEST_ROLES, type TestDatabaseHandle } from "./db.ts";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export interface TestServer {
  url: string;
  putaway: PutawayService;
  metricsUrl: string;
  keys: TokenKeys;
  authPool: pg.Pool;
  /** A bearer token for a tenant (by code) and role. */
  token(tenantCode: string, role?: AppRole, userId?: string): Promise<string>;
  /** POSTs a GraphQL operation, with a token when given. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
}

/** Starts the service against `db` for the file's tests; read the handle inside tests or hooks. */
export function useTestServer(db: TestDatabaseHandle, { production = false, env = {} as Record<string, string> } = {}): TestServer {
  const server = {} as TestServer;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const keys: TokenKeys = { secret: new TextEncoder().encode(randomBytes(32).toString("hex")) };
    const authPool = createPool(db.authUrl, 10, "test-api");
    const config = loadConfig({ ...env });
    const putaway = new PutawayService(config.putaway, config.features);
    const app = await createApp({ authPool, keys, visitorRole: TEST_ROLES.visitor, production, putaway });
    const { apiUrl, metricsUrl } = await app.listen(0, 0, "127.0.0.1");
    close = async () => {
      await app.close();
      await authPool.end();
    };
    Object.assign(server, {
      url: apiUrl,
      putaway,
      metricsUrl,
      keys,
      authPool,
      async token(tenantCode: string, role: AppRole = "operator", userId = "00000000-0000-4000-8000-000000000001") {
        const { rows } = await db.admin.query("select tenant_id from app_public.tenants where code = $1", [tenantCode]);
        if (rows.length === 0) throw new Error(`no tenant ${tenantCode}`);
        return signToken({ tenantId: rows[0].tenant_id, userId, role }, keys);
      },
      async graphql(query: string, variables?: Record<string, unknown>, token?: string) {
        const response = await fetch(`${apiUrl}/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json, application/json",
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify({ query, variables }),
        });
        return { status: response.status, ...((await response.json()) as object) };
      },
    });
  });
  afterAll(async () => {
    await close?.();
  });
  return server;
}
