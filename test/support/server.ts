/**
 * The real service, in-process, on a test database: the API and metrics servers on free ports, a token
 * maker with this server's secret, and a small GraphQL client. `env` is read as the service reads the
 * environment (JWT_PUBLIC_KEY, JWT_ISSUER, feature flags, …); the secret is a fresh random one unless `env` sets JWT_SECRET.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { type AppRole, loadTokenKeys, signToken, type TokenKeys } from "../../src/auth/jwt.ts";
import { loadConfig } from "../../src/config.ts";
import { createPool, tenantIdByCode } from "../../src/db/pool.ts";
import { PutawayService } from "../../src/putaway/service.ts";
import { createApp, GRAPHQL_PATH } from "../../src/server/app.ts";
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
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
}

/** Starts the service against `db` for the file's tests; read the handle inside tests or hooks. */
export function useTestServer(
  db: TestDatabaseHandle,
  { production = false, env = {} as Record<string, string> } = {},
): TestServer {
  const server = {} as TestServer;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const config = loadConfig({ JWT_SECRET: randomBytes(32).toString("hex"), ...env });
    const keys = await loadTokenKeys(config);
    const authPool = createPool(db.authUrl, 10, "test-api", { connectTimeoutMs: config.limits.connectTimeoutMs });
    const putaway = new PutawayService(config.putaway, config.features);
    const app = await createApp({
      authPool,
      keys,
      visitorRole: TEST_ROLES.visitor,
      production,
      putaway,
      limits: config.limits,
    });
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
        const tenantId = await tenantIdByCode(db.admin, tenantCode);
        if (tenantId === undefined) throw new Error(`no tenant ${tenantCode}`);
        return signToken({ tenantId, userId, role }, keys);
      },
      async graphql(query: string, variables?: Record<string, unknown>, token?: string) {
        const response = await fetch(`${apiUrl}${GRAPHQL_PATH}`, {
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
