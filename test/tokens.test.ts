/**
 * Bearer tokens against the running service: a validly signed token of an archived or unknown tenant is
 * refused for queries and mutations; the tenant check's cache, its bound, and its refusal when the database
 * does not answer.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { AuthError } from "../src/auth/jwt.ts";
import { TenantCheck } from "../src/auth/tenants.ts";
import { createPool } from "../src/db/pool.ts";
import { TEST_ROLES } from "./support/cluster.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

const tenantId = async (code: string) =>
  (await db.admin.query<{ id: string }>("select tests.tenant_id($1)::text as id", [code])).rows[0]!.id;
const archive = (code: string) =>
  db.admin.query("update app_public.tenants set deleted_at = now() where code = $1", [code]);
const restore = (code: string) =>
  db.admin.query("update app_public.tenants set deleted_at = null where code = $1", [code]);
const materials = async (code: string) =>
  Number((await db.admin.query("select count(*) from app_public.materials where code = $1", [code])).rows[0].count);

/** A token signed with the server's secret, with the claims and times given (seconds since the epoch). */
async function rawToken(times: { iat?: number; exp: number }, tenant: string): Promise<string> {
  const jwt = new SignJWT({ tenant_id: tenant, user_id: randomUUID(), role: "supervisor" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime(times.exp);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  return jwt.sign(api.keys.secret!);
}

const now = () => Math.floor(Date.now() / 1000);
const READ = "{ currentTenant { code } }";
const CREATE = (code: string) =>
  `mutation { createMaterial(input: { material: { code: "${code}" } }) { material { code } } }`;

beforeAll(async () => {
  await db.admin.query(
    "select tests.create_tenant_fixture('live'), tests.create_tenant_fixture('archived'), tests.create_tenant_fixture('cached')",
  );
});

describe("tenants of tokens", () => {
  test("a live tenant's token reads and writes", async () => {
    const token = await api.token("live", "supervisor");
    expect((await api.graphql(READ, undefined, token)).data).toEqual({ currentTenant: { code: "live" } });
    expect((await api.graphql(CREATE("LIVE-1"), undefined, token)).errors).toBeUndefined();
    expect(await materials("LIVE-1")).toBe(1);
  });

  test("a token of an archived tenant is refused with 401 UNAUTHENTICATED, for queries and mutations", async () => {
    const token = await api.token("archived", "supervisor");
    await archive("archived");
    for (const query of [READ, CREATE("ARCHIVED-1")]) {
      const result = await api.graphql(query, undefined, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(result.errors?.[0]?.message).toBe("The token's tenant does not exist or has been archived");
      expect(result.data).toBeUndefined();
    }
    expect(await materials("ARCHIVED-1")).toBe(0);
  });

  test("a validly signed token of a tenant that does not exist is refused the same way", async () => {
    const token = await rawToken({ iat: now(), exp: now() + 600 }, randomUUID());
    for (const query of [READ, CREATE("NOBODY-1")]) {
      const result = await api.graphql(query, undefined, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    expect(await materials("NOBODY-1")).toBe(0);
  });

  test("the check keeps an answer for its time only: archiving and restoring take effect after it", async () => {
    let clock = 0;
    const check = new TenantCheck(api.authPool, TEST_ROLES.visitor, { ttlMs: 5000, now: () => clock });
    const id = await tenantId("cached");
    expect(await check.isLive(id)).toBe(true);
    await archive("cached");
    clock = 4999;
    expect(await check.isLive(id), "still the remembered answer").toBe(true);
    clock = 5001;
    expect(await check.isLive(id), "asked again after the cache time").toBe(false);
    await expect(check.assertLive(id)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await restore("cached");
    clock = 10_002;
    expect(await check.isLive(id)).toBe(true);
  });

  test("the cache holds a bounded number of tenants", async () => {
    const check = new TenantCheck(api.authPool, TEST_ROLES.visitor, { maxEntries: 2 });
    for (const code of ["live", "archived", "cached"]) await check.isLive(await tenantId(code));
    await check.isLive(randomUUID());
    expect(check.size).toBe(2);
  });

  test("when the database cannot be asked, the token is refused as UNAVAILABLE, never let through", async () => {
    const unreachable = createPool("postgres://nobody@127.0.0.1:1/none", 1, "unreachable");
    try {
      const check = new TenantCheck(unreachable, TEST_ROLES.visitor);
      const refusal = await check.assertLive(await tenantId("live")).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AuthError);
      expect(refusal).toMatchObject({ code: "UNAVAILABLE", status: 503 });
    } finally {
      await unreachable.end();
    }
  });
});
