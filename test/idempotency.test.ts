/**
 * Idempotency keys on the putaway mutations, through GraphQL against a real server and database: the same key
 * returns the first answer and writes nothing new (also when the first answer was a refusal), another request
 * with the key is refused with IDEMPOTENCY_KEY_REUSED, concurrent requests with one key write once, and keys
 * belong to their tenant.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { BIN_OPTIMIZATION_ALGORITHM: "FFD", CROSS_DOCK_ENABLED: "false" } });

const ids: Record<string, string> = {};

/*
 * Tenants idm and idm2 from the pgTAP fixture (R-01 with 5 of 10 cubic feet held, R-02, S-01; SKU-1 is 1 cubic
 * foot), and R-03 of 100 cubic feet in idm.
 */
beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('idm'), tests.create_tenant_fixture('idm2')");
  await db.admin.query(
    `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                       inner_height_in, max_cubic_feet, max_weight_lbs)
     select tenant_id, facility_id, zone_id, 'R-03', 60, 60, 60, 100, 5000 from app_public.zones
      where tenant_id = tests.tenant_id('idm') and code = 'RSV'`,
  );
  for (const tenant of ["idm", "idm2"]) {
    const { rows } = await db.admin.query(
      `select tests.id_of('facilities', 'DC1', $1) as facility, tests.id_of('materials', 'SKU-1', $1) as material,
              tests.id_of('locations', 'R-01', $1) as r1, tests.id_of('locations', 'R-02', $1) as r2`,
      [tenant],
    );
    for (const [key, value] of Object.entries(rows[0])) ids[`${tenant}:${key}`] = value as string;
  }
});

const CREATE = `mutation($input: BatchPutawayInput!, $key: String) {
  createBatchPutawayRecommendations(input: $input, idempotencyKey: $key) {
    batchId recommendations { recommendationId locationId locationCode quantity expiresAt reasonCode }
    processingSummary { totalItems recommendationsGenerated processingTimeMs cacheHitRate } } }`;
const CONFIRM = `mutation($input: ConfirmPutawayInput!, $key: String) {
  confirmPutaway(input: $input, idempotencyKey: $key) {
    recommendationId status actualLocationCode inventoryTransactionId message } }`;

interface Batch {
  batchId: string;
  recommendations: Array<{ recommendationId: string | null; locationId: string | null; locationCode: string | null }>;
}

async function reserve(key: string | null, quantity = 1, tenant = "idm", extra: Record<string, unknown> = {}) {
  return api.graphql<{ createBatchPutawayRecommendations: Batch }>(
    CREATE,
    {
      input: {
        facilityId: ids[`${tenant}:facility`],
        items: [{ materialId: ids[`${tenant}:material`], quantity, lotNumber: "IDM", ...extra }],
      },
      key,
    },
    await api.token(tenant),
  );
}

async function confirm(recommendationId: string, location: string | null, key: string | null, reasonCode?: string) {
  return api.graphql<{ confirmPutaway: Record<string, unknown> }>(
    CONFIRM,
    { input: { recommendationId, actualLocationId: location, reasonCode }, key },
    await api.token("idm"),
  );
}

const count = async (sql: string, params: unknown[] = []) => (await db.admin.query(sql, params)).rows[0].n as number;
const recommendations = () =>
  count("select count(*)::int as n from app_public.putaway_recommendations where tenant_id = tests.tenant_id('idm')");
const occupancy = async () =>
  (
    await db.admin.query(
      `select json_agg(json_build_array(location_id, cubic_feet_on_hand, cubic_feet_reserved) order by location_id) as o
         from app_private.location_occupancy where tenant_id = tests.tenant_id('idm')`,
    )
  ).rows[0].o;

describe("createBatchPutawayRecommendations with an idempotency key", () => {
  test("the same key again returns the first answer and writes nothing", async () => {
    const first = await reserve("batch-1");
    expect(first.errors).toBeUndefined();
    const before = { recommendations: await recommendations(), occupancy: await occupancy() };
    const again = await reserve("batch-1");
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await recommendations()).toBe(before.recommendations);
    expect(await occupancy()).toEqual(before.occupancy);
    // A field sent as null is the same request as one left out.
    const explicit = await reserve("batch-1", 1, "idm", { expiryDate: null, cubicFeet: null });
    expect(explicit.data).toEqual(first.data);
    expect(await recommendations()).toBe(before.recommendations);
    // Without a key, the same request is a new batch.
    const fresh = await reserve(null);
    expect(fresh.data!.createBatchPutawayRecommendations.batchId).not.toBe(
      first.data!.createBatchPutawayRecommendations.batchId,
    );
  });

  test("the key with another request is refused with IDEMPOTENCY_KEY_REUSED, and nothing is written", async () => {
    await reserve("batch-2");
    const before = await recommendations();
    const other = await reserve("batch-2", 2);
    expect(other.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(other.errors?.[0]?.message).toMatch(/batch-2 was already used for another request/);
    expect(await recommendations()).toBe(before);
  });

  test("8 concurrent requests with one key: one batch is written and every answer is the same", async () => {
    const before = await recommendations();
    const results = await Promise.all(Array.from({ length: 8 }, () => reserve("batch-concurrent")));
    for (const result of results) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const batchIds = new Set(results.map((r) => r.data!.createBatchPutawayRecommendations.batchId));
    expect(batchIds.size).toBe(1);
    expect(await recommendations()).toBe(before + 1);
    expect(
      await count("select count(*)::int as n from app_public.putaway_recommendations where batch_id = $1", [
        [...batchIds][0],
      ]),
    ).toBe(1);
  });

  test("keys belong to their tenant", async () => {
    const own = await reserve("batch-tenant");
    const other = await reserve("batch-tenant", 1, "idm2");
    expect(other.errors).toBeUndefined();
    expect(other.data!.createBatchPutawayRecommendations.batchId).not.toBe(
      own.data!.createBatchPutawayRecommendations.batchId,
    );
  });

  test("a key of 255 characters outside the BMP (510 UTF-16 units) is accepted: characters are counted", async () => {
    const result = await reserve("📦".repeat(255));
    expect(result.errors).toBeUndefined();
  });

  test.each([
    ["a blank key", " "],
    ["a key of 256 characters", "k".repeat(256)],
    ["a key of 256 characters outside the BMP", "📦".repeat(256)],
  ])("%s is refused with INVALID_INPUT", async (_name, key) => {
    const before = await recommendations();
    const result = await reserve(key);
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/idempotencyKey must be 1 to 255 characters/);
    expect(await recommendations()).toBe(before);
  });
});

describe("confirmPutaway with an idempotency key", () => {
  async function recommendation(): Promise<{ id: string; location: string }> {
    const result = await reserve(null);
    const rec = result.data!.createBatchPutawayRecommendations.recommendations[0]!;
    return { id: rec.recommendationId!, location: rec.locationId! };
  }
  const putaways = () =>
    count(
      `select count(*)::int as n from app_public.inventory_transactions
        where tenant_id = tests.tenant_id('idm') and transaction_type = 'PUTAWAY'`,
    );

  test("a replay answers the first decision again and records no second putaway", async () => {
    const rec = await recommendation();
    const first = await confirm(rec.id, rec.location, "confirm-1");
    expect(first.data!.confirmPutaway.status).toBe("ACCEPTED");
    const before = await putaways();
    const again = await confirm(rec.id, rec.location, "confirm-1");
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await putaways()).toBe(before);
    // Without the key, the decision was already made.
    expect((await confirm(rec.id, rec.location, null)).errors?.[0]?.extensions?.code).toBe("ALREADY_DECIDED");
  });

  test("a refusal replayed is refused again and recorded once", async () => {
    // Fill R-02 so that nothing more fits there.
    await db.admin.query(
      `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                      location_id, quantity)
       select tenant_id, facility_id, 'RECEIPT', $1, 'FULL', $2,
              max_cubic_feet - (select cubic_feet_on_hand + cubic_feet_reserved
                                  from app_private.location_occupancy o where o.location_id = l.location_id)
         from app_public.locations l where l.location_id = $2`,
      [ids["idm:material"], ids["idm:r2"]],
    );
    const rec = await recommendation();
    expect(rec.location).not.toBe(ids["idm:r2"]);
    const failures = () =>
      count("select count(*)::int as n from app_public.capacity_validation_failures where recommendation_id = $1", [
        rec.id,
      ]);
    const first = await confirm(rec.id, ids["idm:r2"]!, "confirm-full", "CLOSER");
    expect(first.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    const again = await confirm(rec.id, ids["idm:r2"]!, "confirm-full", "CLOSER");
    expect(again.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    expect(again.errors?.[0]?.message).toBe(first.errors?.[0]?.message);
    expect(await failures()).toBe(1);
  });

  test("a key used for a batch is refused for a confirmation", async () => {
    await reserve("shared-key");
    const rec = await recommendation();
    const result = await confirm(rec.id, rec.location, "shared-key");
    expect(result.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(
      await count(
        `select count(*)::int as n from app_public.putaway_recommendations
          where recommendation_id = $1 and status = 'PENDING'`,
        [rec.id],
      ),
    ).toBe(1);
  });
});
