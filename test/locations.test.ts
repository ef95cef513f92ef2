/**
 * What a location may be changed into, through GraphQL: each refusal is a stable code with a readable message
 * and writes nothing; a location the schema allows, however large, never fails a putaway.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { CROSS_DOCK_ENABLED: "false" } });

const ids: Record<string, string> = {};

/*
 * Tenant `loc` from the pgTAP fixture: R-01 holds 5 cubic feet and 50 lb of SKU-1, R-02 has a reservation, S-01
 * (staging) is empty; S-02, an empty staging location, is added here.
 */
beforeAll(async () => {
  ids.tenant = (await db.admin.query("select tests.create_tenant_fixture('loc') as id")).rows[0].id;
  // An empty location to delete.
  await db.admin.query(
    `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                       inner_height_in, max_cubic_feet, max_weight_lbs)
     select tenant_id, facility_id, zone_id, 'S-02', inner_length_in, inner_width_in, inner_height_in, 10, 100
       from app_public.locations where tenant_id = $1 and code = 'S-01'`,
    [ids.tenant],
  );
  // A unit 40 inches long: no reserve location (24 × 24 × 30 in) takes it.
  await db.admin.query(
    `insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                       unit_weight_lbs, abc_class)
     values ($1, 'LONG', 40, 6, 6, 0.8, 5, 'A')`,
    [ids.tenant],
  );
  for (const [table, code] of [
    ["facilities", "DC1"],
    ["locations", "R-01"],
    ["locations", "R-02"],
    ["locations", "S-01"],
    ["locations", "S-02"],
    ["materials", "SKU-1"],
    ["materials", "SKU-2"],
    ["materials", "LONG"],
  ]) {
    ids[code!] = (await db.admin.query("select tests.id_of($1, $2, 'loc') as id", [table, code])).rows[0].id;
  }
});

async function nodeIdOf(code: string, token: string): Promise<string> {
  const result = await api.graphql<{ locationById: { id: string } }>(
    `query($t: UUID!, $l: UUID!) { locationById(tenantId: $t, locationId: $l) { id } }`,
    { t: ids.tenant, l: ids[code] },
    token,
  );
  return result.data!.locationById.id;
}

async function patchLocation(code: string, patch: Record<string, unknown>) {
  const token = await api.token("loc", "supervisor");
  return api.graphql(
    `mutation($id: ID!, $patch: LocationPatch!) { updateLocation(input: { id: $id, locationPatch: $patch }) { location { code } } }`,
    { id: await nodeIdOf(code, token), patch },
    token,
  );
}

const locationRow = async (code: string) =>
  (
    await db.admin.query(
      "select max_cubic_feet, max_weight_lbs, allowed_abc_classes::text[], deleted_at from app_public.locations where location_id = $1",
      [ids[code]],
    )
  ).rows[0];

describe("refusals, each with a code, nothing written", () => {
  test("a null among the allowed velocity classes: CONSTRAINT_VIOLATION", async () => {
    const result = await patchLocation("S-01", { allowedAbcClasses: ["A", null] });
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toBe(
      "allowedAbcClasses must be a list of velocity classes (A, B, C) without nulls.",
    );
    expect((await locationRow("S-01")).allowed_abc_classes).toEqual(["A", "B", "C"]);
  });

  test("capacity below the stock on hand or the reservations: CAPACITY_EXCEEDED", async () => {
    const stock = await patchLocation("R-01", { maxCubicFeet: "4" });
    expect(stock.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    expect(stock.errors?.[0]?.message).toMatch(/^Location R-01 holds 5\.0000 cubic feet and 50\.000 lb/);
    const reserved = await patchLocation("R-02", { maxWeightLbs: "10" });
    expect(reserved.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    expect(await locationRow("R-01")).toMatchObject({ max_cubic_feet: "10.000" });
    expect(await locationRow("R-02")).toMatchObject({ max_weight_lbs: "500.00" });
  });

  test("deleting a location that holds stock or reservations: LOCATION_NOT_EMPTY", async () => {
    for (const code of ["R-01", "R-02"]) {
      const result = await patchLocation(code, { deletedAt: new Date().toISOString() });
      expect(result.errors?.[0]?.extensions?.code, code).toBe("LOCATION_NOT_EMPTY");
      expect((await locationRow(code)).deleted_at, code).toBeNull();
    }
  });

  async function receive(locationCode: string, lotNumber: string, material = "SKU-2", transactionType = "RECEIPT") {
    return api.graphql(
      `mutation($input: CreateInventoryTransactionInput!) { createInventoryTransaction(input: $input) { inventoryTransaction { transactionId } } }`,
      {
        input: {
          inventoryTransaction: {
            facilityId: ids.DC1,
            transactionType,
            materialId: ids[material],
            lotNumber,
            locationId: ids[locationCode],
            quantity: "1",
          },
        },
      },
      await api.token("loc"),
    );
  }
  const receipts = async () =>
    (
      await db.admin.query(
        "select count(*)::int as n from app_public.inventory_transactions where tenant_id = $1 and material_id = $2",
        [ids.tenant, ids["SKU-2"]],
      )
    ).rows[0].n;

  test("a receipt with a 9,000-character lot number: CONSTRAINT_VIOLATION, not INTERNAL", async () => {
    const result = await receive("S-01", "L".repeat(9000));
    expect(result.errors?.[0]?.extensions?.code).toBe("CONSTRAINT_VIOLATION");
    expect(result.errors?.[0]?.message).toBe("lotNumber must be at most 100 characters.");
    expect(await receipts()).toBe(0);
  });

  test("a receipt into a location whose rules refuse the stock: INCOMPATIBLE_LOCATION; a count records it", async () => {
    const result = await receive("R-02", "L1", "LONG");
    expect(result.errors?.[0]?.extensions?.code).toBe("INCOMPATIBLE_LOCATION");
    expect(result.errors?.[0]?.message).toBe("Location R-02 does not accept this stock: DIMENSIONS");
    const count = await receive("R-02", "L1", "LONG", "ADJUSTMENT");
    expect(count.errors).toBeUndefined();
  });

  test("a receipt into a deleted location: NOT_FOUND", async () => {
    expect((await patchLocation("S-02", { deletedAt: new Date().toISOString() })).errors).toBeUndefined();
    const result = await receive("S-02", "L1");
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(result.errors?.[0]?.message).toBe("Location S-02 is deleted: it cannot take stock");
    expect(await receipts()).toBe(0);
  });

  test("confirming a putaway into a deleted location: NOT_FOUND, and the recommendation stays PENDING", async () => {
    const pending = async () =>
      (
        await db.admin.query(
          "select recommendation_id, status from app_public.putaway_recommendations where tenant_id = $1 and location_id = $2",
          [ids.tenant, ids["R-02"]],
        )
      ).rows[0];
    const { recommendation_id: recommendationId } = await pending();
    const result = await api.graphql(
      `mutation($input: ConfirmPutawayInput!) { confirmPutaway(input: $input) { status } }`,
      { input: { recommendationId, actualLocationId: ids["S-02"], reasonCode: "CLOSER" } },
      await api.token("loc"),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await pending()).status).toBe("PENDING");
    expect(await receipts()).toBe(0);
  });
});

describe("capacities as large as the schema allows", () => {
  test("a location of 999,999,999.999 cubic feet takes a putaway with every algorithm", async () => {
    expect(
      (await patchLocation("R-02", { maxCubicFeet: "999999999.999", maxWeightLbs: "9999999999.99" })).errors,
    ).toBeUndefined();
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"]) {
      const result = await api.graphql<{
        getBatchPutawayRecommendations: { recommendations: { locationCode: string | null }[] };
      }>(
        `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { recommendations { locationCode } } }`,
        {
          input: {
            facilityId: ids.DC1,
            algorithm,
            items: [
              { materialId: ids["SKU-2"], quantity: 1, cubicFeet: 9_000_000, weightLbs: 2 },
              { materialId: ids["SKU-2"], quantity: 1 },
            ],
          },
        },
        await api.token("loc"),
      );
      expect(result.errors, algorithm).toBeUndefined();
      expect(result.data?.getBatchPutawayRecommendations.recommendations[0]?.locationCode, algorithm).toBe("R-02");
    }
  });
});
