/**
 * Bearer tokens against the running service: a validly signed token of an archived or unknown tenant is
 * refused for queries and mutations; the tenant check's cache, its bound, and its refusal when the database
 * does not answer; lifetimes beyond JWT_MAX_AGE are refused however the token states them; the token command
 * never mints one the server would refuse.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { decodeJwt, SignJWT } from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { AuthError, signToken } from "../src/auth/jwt.ts";
import { TenantCheck } from "../src/auth/tenants.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { createPool } from "../src/db/pool.ts";
import { TEST_ROLES, useTestDatabase } from "./support/db.ts";
import { cleanEnvironment } from "./support/process.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { JWT_MAX_AGE: "2h" } });

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

describe("JWT_MAX_AGE (2 hours here)", () => {
  const refused = async (token: string) => {
    const result = await api.graphql(READ, undefined, token);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    return result.errors![0]!.message;
  };

  test("a token living exactly the maximum is accepted", async () => {
    const token = await rawToken({ iat: now(), exp: now() + 7200 }, await tenantId("live"));
    expect((await api.graphql(READ, undefined, token)).data).toEqual({ currentTenant: { code: "live" } });
  });

  test("exp − iat beyond the maximum is refused, saying so", async () => {
    const token = await rawToken({ iat: now(), exp: now() + 7201 }, await tenantId("live"));
    expect(await refused(token)).toMatch(/lifetime \(exp − iat: .*\) exceeds the 2 hours JWT_MAX_AGE allows/);
  });

  test("a token expiring in the year 9999 is refused", async () => {
    const exp = Date.UTC(9999, 0, 1) / 1000;
    expect(await refused(await rawToken({ iat: now(), exp }, await tenantId("live")))).toMatch(/JWT_MAX_AGE/);
    expect(await refused(await rawToken({ exp }, await tenantId("live")))).toMatch(/expires .* from now/);
  });

  test("without iat, exp farther than the maximum from now is refused", async () => {
    const token = await rawToken({ exp: now() + 3 * 3600 }, await tenantId("live"));
    expect(await refused(token)).toMatch(/expires (about )?3 hours from now, more than the 2 hours JWT_MAX_AGE allows/);
    const short = await rawToken({ exp: now() + 3600 }, await tenantId("live"));
    expect((await api.graphql(READ, undefined, short)).status).toBe(200);
  });

  test("an iat in the future cannot make a long-lived token look short", async () => {
    const iat = now() + 30 * 86_400;
    expect(await refused(await rawToken({ iat, exp: iat + 3600 }, await tenantId("live")))).toMatch(/in the future/);
  });

  test("signToken refuses to sign beyond the maximum", async () => {
    const claims = { tenantId: await tenantId("live"), userId: randomUUID(), role: "operator" as const };
    await expect(signToken(claims, api.keys, "3h")).rejects.toThrow(/at most 2 hours \(JWT_MAX_AGE\); 3 hours asked/);
    const payload = decodeJwt(await signToken(claims, api.keys));
    expect(payload.exp! - payload.iat!, "the default lifetime, shortened to the maximum").toBe(7200);
  });
});

describe("npm run token and JWT_MAX_AGE", () => {
  const token = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(PROJECT_ROOT, "src", "cli", "token.ts"), "--tenant", "live", ...args], {
      cwd: PROJECT_ROOT,
      env: {
        ...cleanEnvironment(),
        NODE_ENV: "test",
        DATABASE_URL: db.ownerUrl,
        DATABASE_VISITOR: TEST_ROLES.visitor,
        JWT_SECRET: randomBytes(32).toString("hex"),
        JWT_MAX_AGE: "1h",
        LOG_LEVEL: "warn",
      },
      encoding: "utf8",
    });

  test("refuses --expires-in beyond JWT_MAX_AGE and prints nothing", () => {
    const result = token("--expires-in", "48h");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--expires-in: A token may live at most 1 hour \(JWT_MAX_AGE\); 2 days asked/);
    expect(result.stdout).toBe("");
  });

  test("by default mints 12 hours or JWT_MAX_AGE, whichever is shorter", () => {
    const result = token();
    expect(result.status, result.stderr).toBe(0);
    const payload = decodeJwt(result.stdout.trim());
    expect(payload.exp! - payload.iat!).toBe(3600);
    const shorter = decodeJwt(token("--expires-in", "30m").stdout.trim());
    expect(shorter.exp! - shorter.iat!).toBe(1800);
  });
});

describe("configuration", () => {
  test("JWT_MAX_AGE takes seconds or a unit, 24 hours by default, and refuses anything else", () => {
    expect(loadConfig({}).jwtMaxAgeSeconds).toBe(86_400);
    expect(loadConfig({ JWT_MAX_AGE: "3600" }).jwtMaxAgeSeconds).toBe(3600);
    expect(loadConfig({ JWT_MAX_AGE: "90m" }).jwtMaxAgeSeconds).toBe(5400);
    expect(loadConfig({ JWT_MAX_AGE: "7d" }).jwtMaxAgeSeconds).toBe(604_800);
    for (const bad of ["forever", "30s", "-1h", "1.5h", "400d"]) {
      expect(() => loadConfig({ JWT_MAX_AGE: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ JWT_MAX_AGE: "forever" })).toThrow(/JWT_MAX_AGE must be a duration/);
  });
});
