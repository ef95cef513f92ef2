/**
 * The generated GraphQL API over HTTP, as clients meet it: authentication, tenant isolation, and bad input
 * answered with a coded error that changes nothing.
 */
import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

let ids: Record<string, string>;

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('tenant_a'), tests.create_tenant_fixture('tenant_b')");
  const { rows } = await db.admin.query(`
    select t.code || ':' || x.kind as key, x.id::text as id
      from app_public.tenants t
      cross join lateral (
        select 'tenant' as kind, t.tenant_id as id
        union all select 'facility', facility_id from app_public.facilities f where f.tenant_id = t.tenant_id
        union all select 'location:' || code, location_id from app_public.locations l where l.tenant_id = t.tenant_id
        union all select 'material:' || code, material_id from app_public.materials m where m.tenant_id = t.tenant_id
      ) x`);
  ids = Object.fromEntries(rows.map((r) => [r.key, r.id]));
});

const count = async (sql: string, params: unknown[] = []) => Number((await db.admin.query(sql, params)).rows[0].count);

describe("authentication", () => {
  test("an anonymous query sees no tenant data", async () => {
    const result = await api.graphql(
      `{ allLocations { totalCount } allMaterials { totalCount } currentTenant { code } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      allLocations: { totalCount: 0 },
      allMaterials: { totalCount: 0 },
      currentTenant: null,
    });
  });

  test("an anonymous mutation is refused with UNAUTHENTICATED and writes nothing", async () => {
    const before = await count("select count(*) from app_public.materials");
    const result = await api.graphql(
      `mutation { createMaterial(input: { material: { code: "ANON-1" } }) { material { code } } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toMatch(/bearer token/);
    expect(await count("select count(*) from app_public.materials")).toBe(before);
  });

  test("a malformed token is refused with 401 UNAUTHENTICATED", async () => {
    const result = await api.graphql(`{ currentTenantId }`, undefined, "not-a-token");
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.data).toBeUndefined();
  });

  test("a token signed with another secret is refused", async () => {
    const forged = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "admin",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("some-other-secret-that-is-long-enough"));
    const result = await api.graphql(`{ currentTenantId }`, undefined, forged);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toBe("The token is invalid");
  });

  test("an expired token is refused and says so", async () => {
    const expired = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "operator",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(api.keys.secret!);
    const result = await api.graphql(`{ currentTenantId }`, undefined, expired);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toBe("The token has expired");
  });

  test("a token without exp is refused like any other invalid token", async () => {
    const eternal = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "operator",
    })
      .setProtectedHeader({ alg: "HS256" })
      .sign(api.keys.secret!);
    const result = await api.graphql(`{ currentTenantId }`, undefined, eternal);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toBe("The token is invalid");
    expect(result.data).toBeUndefined();
  });

  test("a token with an unknown role is refused with 403 FORBIDDEN", async () => {
    const token = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "superuser",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(api.keys.secret!);
    const result = await api.graphql(`{ currentTenantId }`, undefined, token);
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  test("a valid token sets the tenant, user and role of the request", async () => {
    const token = await api.token("tenant_a", "supervisor", "11111111-2222-4333-8444-555555555555");
    const result = await api.graphql(`{ currentTenant { code } currentUserId currentUserRole }`, undefined, token);
    expect(result.data).toEqual({
      currentTenant: { code: "tenant_a" },
      currentUserId: "11111111-2222-4333-8444-555555555555",
      currentUserRole: "supervisor",
    });
  });
});

describe("an identity provider's tokens: public key, issuer and audience", () => {
  const ISSUER = "https://idp.example.test/";
  const AUDIENCE = "bin-optimizer";
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const idp = useTestServer(db, {
    env: {
      JWT_PUBLIC_KEY: publicKey.export({ type: "spki", format: "pem" }).toString(),
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    },
  });
  /** An ES256 token of the identity provider for tenant_a, with the right issuer, audience and lifetime unless `edit` changes them. */
  const providerToken = (edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    edit(
      new SignJWT({
        tenant_id: ids["tenant_a:tenant"],
        user_id: "11111111-2222-4333-8444-555555555555",
        role: "operator",
      })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime("1h"),
    ).sign(privateKey);
  const refused = async (token: string, message = "The token is invalid") => {
    const result = await idp.graphql(`{ currentTenantId }`, undefined, token);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toBe(message);
    expect(result.data).toBeUndefined();
  };

  test("a token of the provider with the right issuer and audience is accepted", async () => {
    const result = await idp.graphql(`{ currentTenantId }`, undefined, await providerToken());
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ currentTenantId: ids["tenant_a:tenant"] });
  });

  test("a token of this deployment's secret carries the issuer and audience, and is accepted", async () => {
    const result = await idp.graphql(`{ currentTenantId }`, undefined, await idp.token("tenant_a"));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ currentTenantId: ids["tenant_a:tenant"] });
  });

  test("another issuer is refused", async () => {
    await refused(await providerToken((jwt) => jwt.setIssuer("https://other-idp.example.test/")));
  });

  test("another audience is refused", async () => {
    await refused(await providerToken((jwt) => jwt.setAudience("some-other-service")));
  });

  test("a token of the secret without issuer and audience is refused", async () => {
    const bare = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "operator",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(idp.keys.secret!);
    await refused(bare);
  });

  test("a token of the provider without exp is refused", async () => {
    const eternal = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "operator",
    })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(privateKey);
    await refused(eternal);
  });

  test("an expired token of the provider says it has expired, though a secret is configured too", async () => {
    await refused(
      await providerToken((jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60)),
      "The token has expired",
    );
  });

  test("a token signed with another key of the same algorithm is refused", async () => {
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const forged = await new SignJWT({
      tenant_id: ids["tenant_a:tenant"],
      user_id: ids["tenant_a:tenant"],
      role: "admin",
    })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("1h")
      .sign(other);
    await refused(forged);
  });
});

describe("tenant isolation through GraphQL", () => {
  test("an operator sees only their own tenant's rows", async () => {
    const token = await api.token("tenant_a");
    const result = await api.graphql<{ allLocations: { nodes: Array<{ tenantId: string }> } }>(
      `{ allLocations { nodes { tenantId code } } }`,
      undefined,
      token,
    );
    const tenants = new Set(result.data?.allLocations.nodes.map((n) => n.tenantId));
    expect(result.data?.allLocations.nodes).toHaveLength(3);
    expect([...tenants]).toEqual([ids["tenant_a:tenant"]]);
  });

  test("looking up another tenant's location by its id finds nothing", async () => {
    const token = await api.token("tenant_a", "admin");
    const result = await api.graphql(
      `query($t: UUID!, $l: UUID!) { locationById(tenantId: $t, locationId: $l) { code } }`,
      { t: ids["tenant_b:tenant"], l: ids["tenant_b:location:R-01"] },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ locationById: null });
  });

  test("updating another tenant's location by its node id finds no row and changes nothing", async () => {
    const tokenB = await api.token("tenant_b", "admin");
    const nodeId = (
      await api.graphql<{ locationById: { id: string } }>(
        `query($t: UUID!, $l: UUID!) { locationById(tenantId: $t, locationId: $l) { id } }`,
        { t: ids["tenant_b:tenant"], l: ids["tenant_b:location:R-01"] },
        tokenB,
      )
    ).data!.locationById.id;
    const tokenA = await api.token("tenant_a", "admin");
    const result = await api.graphql(
      `mutation($id: ID!) { updateLocation(input: { id: $id, locationPatch: { isBlocked: true } }) { location { code } } }`,
      { id: nodeId },
      tokenA,
    );
    // PostGraphile's update mutations answer a row they cannot see with a null record, not an error.
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ updateLocation: { location: null } });
    expect(await count("select count(*) from app_public.locations where is_blocked")).toBe(0);
  });

  test("a receipt into another tenant's location is refused", async () => {
    const token = await api.token("tenant_a");
    const result = await api.graphql(
      `mutation($input: CreateInventoryTransactionInput!) { createInventoryTransaction(input: $input) { inventoryTransaction { transactionId } } }`,
      {
        input: {
          inventoryTransaction: {
            facilityId: ids["tenant_a:facility"],
            transactionType: "RECEIPT",
            materialId: ids["tenant_a:material:SKU-1"],
            lotNumber: "X1",
            locationId: ids["tenant_b:location:R-01"],
            quantity: "1",
          },
        },
      },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_REFERENCE");
    expect(result.errors?.[0]?.message).toBe("The location does not exist in this facility.");
    expect(await count("select count(*) from app_public.inventory_transactions where lot_number = 'X1'")).toBe(0);
  });
});

describe("bad input gets a coded error and changes nothing", () => {
  const receive = async (fields: Record<string, unknown>, role: "operator" | "supervisor" = "operator") =>
    api.graphql(
      `mutation($input: CreateInventoryTransactionInput!) { createInventoryTransaction(input: $input) { inventoryTransaction { quantity } } }`,
      {
        input: {
          inventoryTransaction: {
            facilityId: ids["tenant_a:facility"],
            transactionType: "RECEIPT",
            materialId: ids["tenant_a:material:SKU-1"],
            lotNumber: "BAD",
            locationId: ids["tenant_a:location:R-02"],
            quantity: "1",
            ...fields,
          },
        },
      },
      await api.token("tenant_a", role),
    );
  const ledger = () => count("select count(*) from app_public.inventory_transactions");

  test("a value of the wrong type is refused", async () => {
    const before = await ledger();
    const result = await receive({ quantity: { amount: 1 } });
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(await ledger()).toBe(before);
  });

  test("an unknown enum value is refused", async () => {
    const result = await receive({ transactionType: "TELEPORT" });
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/TELEPORT/);
  });

  test("a negative receipt quantity is refused with the rule's own explanation", async () => {
    const before = await ledger();
    const result = await receive({ quantity: "-5" });
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toMatch(/must be positive for RECEIPT/);
    expect(await ledger()).toBe(before);
  });

  test("a quantity that is not a number (NaN) is refused", async () => {
    const before = await ledger();
    const result = await receive({ quantity: "NaN" });
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toMatch(/NaN is not a valid quantity/);
    expect(await ledger()).toBe(before);
  });

  test("a query that is not valid GraphQL is refused with GRAPHQL_PARSE_FAILED", async () => {
    const result = await api.graphql(`{ allLocations { `, undefined, await api.token("tenant_a"));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(result.errors?.[0]?.message).toMatch(/Syntax Error/);
  });

  test("an id that is not a UUID is refused", async () => {
    const result = await receive({ locationId: "R-02" });
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
  });

  test("an unknown material id is refused as an invalid reference", async () => {
    const before = await ledger();
    const result = await receive({ materialId: "01900000-0000-7000-8000-000000000000" });
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_REFERENCE");
    expect(result.errors?.[0]?.message).toBe("The material does not exist.");
    expect(await ledger()).toBe(before);
  });

  test("picking more than is on hand is refused with INSUFFICIENT_STOCK", async () => {
    const before = await ledger();
    const result = await receive({
      transactionType: "PICK",
      quantity: "-100",
      lotNumber: "L1",
      locationId: ids["tenant_a:location:R-01"],
    });
    expect(result.errors?.[0]?.extensions?.code).toBe("INSUFFICIENT_STOCK");
    expect(result.errors?.[0]?.message).toMatch(/Not enough stock of lot L1/);
    expect(await ledger()).toBe(before);
    expect(
      await count(
        "select quantity_on_hand as count from app_public.lots where lot_number = 'L1' and location_id = $1",
        [ids["tenant_a:location:R-01"]],
      ),
    ).toBe(5);
  });

  test("a valid receipt is recorded and updates the stock", async () => {
    const result = await receive({ quantity: "3", lotNumber: "GOOD" });
    expect(result.errors).toBeUndefined();
    expect(await count("select quantity_on_hand as count from app_public.lots where lot_number = 'GOOD'")).toBe(3);
  });

  test("a duplicate material code is a CONFLICT that names the problem", async () => {
    const token = await api.token("tenant_a", "supervisor");
    const result = await api.graphql(
      `mutation { createMaterial(input: { material: { code: "SKU-1" } }) { material { code } } }`,
      undefined,
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(result.errors?.[0]?.message).toBe("The tenant already has a material with this code.");
  });

  test("the same material code in another tenant is fine", async () => {
    const token = await api.token("tenant_b", "supervisor");
    const result = await api.graphql(
      `mutation { createMaterial(input: { material: { code: "SKU-NEW", unitCubicFeet: "0.5" } }) { material { code tenantId } } }`,
      undefined,
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      createMaterial: { material: { code: "SKU-NEW", tenantId: ids["tenant_b:tenant"] } },
    });
  });

  test("an operator may not create master data: FORBIDDEN", async () => {
    const token = await api.token("tenant_a", "operator");
    const result = await api.graphql(
      `mutation { createMaterial(input: { material: { code: "OP-1" } }) { material { code } } }`,
      undefined,
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await count("select count(*) from app_public.materials where code = 'OP-1'")).toBe(0);
  });

  test("a location with zero capacity is refused with the rule's explanation", async () => {
    const token = await api.token("tenant_a", "supervisor");
    const zone = (
      await db.admin.query("select zone_id from app_public.zones where tenant_id = $1 and code = 'RSV'", [
        ids["tenant_a:tenant"],
      ])
    ).rows[0].zone_id;
    const result = await api.graphql(
      `mutation($input: CreateLocationInput!) { createLocation(input: $input) { location { code } } }`,
      {
        input: {
          location: {
            facilityId: ids["tenant_a:facility"],
            zoneId: zone,
            code: "ZERO",
            innerLengthIn: "10",
            innerWidthIn: "10",
            innerHeightIn: "10",
            maxCubicFeet: "0",
            maxWeightLbs: "100",
          },
        },
      },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toBe("maxCubicFeet and maxWeightLbs must be greater than 0.");
  });

  test("a request for a field that does not exist is a validation error", async () => {
    const result = await api.graphql(
      `{ allLocations { nodes { secretColumn } } }`,
      undefined,
      await api.token("tenant_a"),
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(result.errors?.[0]?.message).toMatch(/secretColumn/);
  });

  test("the API cannot set tenantId or audit columns: they are not in the input types", async () => {
    const token = await api.token("tenant_a", "supervisor");
    const result = await api.graphql(
      `mutation($t: UUID!) { createMaterial(input: { material: { code: "X", tenantId: $t } }) { material { code } } }`,
      { t: ids["tenant_b:tenant"] },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(result.errors?.[0]?.message).toMatch(/tenantId/);
    expect(await count("select count(*) from app_public.materials where code = 'X'")).toBe(0);
  });
});
