/**
 * MAX_BATCH_SIZE limits the putaway items of a whole request, not of each field: aliases, fragments and
 * variables are counted before any field runs, and a request over the limit is refused whole with
 * INVALID_INPUT, writing nothing.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
// The alias limit (GRAPHQL_MAX_ALIASES, 50 by default) would refuse 300 aliases first: raised here, so that the
// item count is what refuses them.
const api = useTestServer(db, {
  env: { MAX_BATCH_SIZE: "20", CROSS_DOCK_ENABLED: "false", GRAPHQL_MAX_ALIASES: "1000" },
});

let facilityId = "";
let materialId = "";

/* Tenant lim from the pgTAP fixture, with a bulk location of 10,000 cubic feet so that room never runs out. */
beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('lim')");
  await db.admin.query(
    `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                       inner_height_in, max_cubic_feet, max_weight_lbs)
     select tenant_id, facility_id, zone_id, 'BULK', 300, 300, 300, 10000, 1000000 from app_public.zones
      where tenant_id = tests.tenant_id('lim') and code = 'RSV'`,
  );
  const { rows } = await db.admin.query(
    "select tests.id_of('facilities', 'DC1', 'lim') as facility, tests.id_of('materials', 'SKU-2', 'lim') as material",
  );
  facilityId = rows[0].facility;
  materialId = rows[0].material;
});

const input = (items: number) => ({
  facilityId,
  items: Array.from({ length: items }, () => ({ materialId, quantity: 1 })),
});
const aliases = (field: string, count: number) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field}(input: $input) { batchId }`).join("\n");
const recommendations = async () =>
  (
    await db.admin.query(
      "select count(*)::int as n from app_public.putaway_recommendations where tenant_id = tests.tenant_id('lim')",
    )
  ).rows[0].n as number;

describe("the putaway items of one request", () => {
  test("300 aliases of createBatchPutawayRecommendations are refused whole and write nothing", async () => {
    const before = await recommendations();
    const result = await api.graphql(
      `mutation($input: BatchPutawayInput!) { ${aliases("createBatchPutawayRecommendations", 300)} }`,
      { input: input(20) },
      await api.token("lim"),
    );
    expect(result.data ?? null).toBeNull();
    // Refused as a whole before anything runs: 400, as README's table says.
    expect(result.status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "INVALID_INPUT",
      maxBatchSize: 20,
      requestedItems: 6000,
    });
    expect(result.errors?.[0]?.message).toMatch(
      /at most 20 items of putaway, across all its fields and aliases; this one asks for 6000/,
    );
    expect(await recommendations()).toBe(before);
  });

  test("the first field within the limit and the second beyond it: neither runs", async () => {
    const before = await recommendations();
    const result = await api.graphql(
      `mutation($small: BatchPutawayInput!, $large: BatchPutawayInput!) {
         first: createBatchPutawayRecommendations(input: $small) { batchId }
         second: createBatchPutawayRecommendations(input: $large) { batchId } }`,
      { small: input(5), large: input(16) },
      await api.token("lim"),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(await recommendations()).toBe(before);
  });

  test("previews count too, through fragments; @skip leaves a field out", async () => {
    const token = await api.token("lim");
    const query = (skip: boolean) =>
      api.graphql(
        `query($input: BatchPutawayInput!, $skip: Boolean!) { ...Twice }
         fragment Twice on Query {
           ...Once
           other: getBatchPutawayRecommendations(input: $input) @skip(if: $skip) { batchId }
         }
         fragment Once on Query { getBatchPutawayRecommendations(input: $input) { batchId } }`,
        { input: input(15), skip },
        token,
      );
    const over = await query(false);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", requestedItems: 30 });
    const within = await query(true);
    expect(within.errors).toBeUndefined();
  });

  test("fields that together stay within the limit all run", async () => {
    const before = await recommendations();
    const result = await api.graphql<Record<string, { batchId: string }>>(
      `mutation($input: BatchPutawayInput!) { ${aliases("createBatchPutawayRecommendations", 2)} }`,
      { input: input(10) },
      await api.token("lim"),
    );
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data!)).toEqual(["a0", "a1"]);
    expect(await recommendations()).toBe(before + 20);
  });
});
