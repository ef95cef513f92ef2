/**
 * The putaway engine through GraphQL, against a real server and database: previews write nothing,
 * reservations hold capacity and never over-commit a location (even with 32 concurrent requests at one
 * nearly full zone), confirmations in all three outcomes, refusals for lack of room, and bad input.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, {
  env: { BIN_OPTIMIZATION_ALGORITHM: "HYBRID", RESERVATION_TTL_MINUTES: "20", MAX_BATCH_SIZE: "60" },
});
const noCrossDock = useTestServer(db, { env: { CROSS_DOCK_ENABLED: "false" } });

const ids: Record<string, string> = {};

/*
 * Tenant `wh`: facility DC1 with zones RSV (reserve, ambient, velocity classes A and B; locations R1..R4, 10
 * cubic feet each, R4 holds 9 of them), FULL (a nearly full zone for slow movers: 8 locations with 2 cubic feet
 * free each), COLD (chilled, C1), XD
 * (cross-dock, X1) and STG (staging, S1). Materials: BOX (1 cubic foot, 10 lb), CHILL (chilled), DEMAND
 * (has an open order due in 2 hours), SLOW (a C item), NODIMS (no master data). Tenant `other` has its own facility.
 */
async function createFixture(): Promise<void> {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid; rsv uuid; full_zone uuid; cold uuid; xd uuid; stg uuid; box uuid; o uuid; demand uuid;
    begin
      insert into app_public.tenants (code, name) values ('wh', 'Warehouse') returning tenant_id into t;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'DC1', 'DC') returning facility_id into f;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'RSV', 'Reserve', 'RESERVE') returning zone_id into rsv;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'FULL', 'Nearly full', 'BULK') returning zone_id into full_zone;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type, temperature_class) values (t, f, 'COLD', 'Cold', 'RESERVE', 'CHILLED') returning zone_id into cold;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'XD', 'Cross-dock', 'CROSS_DOCK') returning zone_id into xd;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'STG', 'Staging', 'STAGING') returning zone_id into stg;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, allowed_abc_classes)
        select t, f, rsv, 'R' || i, 'A1', 10 * i, i, 30, 30, 30, 10, 1000, '{A,B}' from generate_series(1, 4) i;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, allowed_abc_classes)
        select t, f, full_zone, 'F' || i, 'A2', 100 + i, 100 + i, 30, 30, 30, 10, 1000, '{C}' from generate_series(1, 8) i;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, temperature_class)
        values (t, f, cold, 'C1', 30, 30, 30, 10, 1000, 'CHILLED');
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        values (t, f, xd, 'X1', 60, 60, 60, 5, 5000), (t, f, stg, 'S1', 60, 60, 60, 50, 5000);
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'BOX', 12, 12, 12, 1, 10, 'B') returning material_id into box;
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'SLOW', 12, 12, 12, 1, 10, 'C');
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class, temperature_requirement)
        values (t, 'CHILL', 10, 10, 10, 0.5, 5, 'A', 'CHILLED');
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'DEMAND', 10, 10, 10, 0.5, 5, 'A') returning material_id into demand;
      insert into app_public.materials (tenant_id, code) values (t, 'NODIMS');
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
        select t, f, 'RECEIPT', box, 'OLD', location_id, 9 from app_public.locations where tenant_id = t and code = 'R4';
      -- BOX (a B item) breaks FULL's rule (C only): a receipt would be refused, a count records it.
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
        select t, f, 'ADJUSTMENT', box, 'FILL', location_id, 8 from app_public.locations where tenant_id = t and zone_id = full_zone;
      insert into app_public.outbound_orders (tenant_id, facility_id, order_number, due_at) values (t, f, 'SO-1', now() + interval '2 hours') returning outbound_order_id into o;
      insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
        values (t, o, 1, demand, 4, now() + interval '2 hours');
      perform tests.create_tenant_fixture('other');
    end $$`);
  const { rows } = await db.admin.query(`
    select 'tenant' as k, tenant_id as id from app_public.tenants where code = 'wh'
    union all select 'facility', facility_id from app_public.facilities f join app_public.tenants t using (tenant_id) where t.code = 'wh'
    union all select 'other-facility', facility_id from app_public.facilities f join app_public.tenants t using (tenant_id) where t.code = 'other'
    union all select 'other-material', material_id from app_public.materials m join app_public.tenants t using (tenant_id) where t.code = 'other' and m.code = 'SKU-1'
    union all select 'location:' || l.code, location_id from app_public.locations l join app_public.tenants t using (tenant_id) where t.code = 'wh'
    union all select 'material:' || m.code, material_id from app_public.materials m join app_public.tenants t using (tenant_id) where t.code = 'wh'`);
  for (const row of rows) ids[row.k] = row.id;
}

beforeAll(createFixture);

interface Rec {
  recommendationId: string | null;
  itemIndex: number;
  materialId: string;
  quantity: number;
  lotNumber: string | null;
  locationId: string | null;
  locationCode: string | null;
  algorithm: string;
  confidenceScore: number | null;
  reasonCode: string;
  estimatedUtilization: number | null;
  crossDockCandidate: boolean;
  skuAffinityScore: number | null;
  expiresAt: string | null;
}
interface Payload {
  batchId: string | null;
  recommendations: Rec[];
  processingSummary: {
    totalItems: number;
    recommendationsGenerated: number;
    processingTimeMs: number;
    cacheHitRate: number;
  };
}

const FIELDS = `batchId recommendations { recommendationId itemIndex materialId quantity lotNumber locationId locationCode algorithm
  confidenceScore reasonCode estimatedUtilization crossDockCandidate skuAffinityScore expiresAt }
  processingSummary { totalItems recommendationsGenerated processingTimeMs cacheHitRate }`;

type Item = {
  material: string;
  quantity: number;
  lotNumber?: string;
  cubicFeet?: number;
  weightLbs?: number;
  expiryDate?: string;
};

function batchInput(items: Item[], extra: Record<string, unknown> = {}) {
  return {
    facilityId: ids.facility,
    items: items.map(({ material, ...rest }) => ({ materialId: ids[`material:${material}`] ?? material, ...rest })),
    ...extra,
  };
}

async function preview(items: Item[], extra: Record<string, unknown> = {}, server = api) {
  const token = await server.token("wh");
  return server.graphql<{ getBatchPutawayRecommendations: Payload }>(
    `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { ${FIELDS} } }`,
    { input: batchInput(items, extra) },
    token,
  );
}

async function reserve(items: Item[], extra: Record<string, unknown> = {}, token?: string) {
  return api.graphql<{ createBatchPutawayRecommendations: Payload }>(
    `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) { ${FIELDS} } }`,
    { input: batchInput(items, extra) },
    token ?? (await api.token("wh")),
  );
}

async function confirm(recommendationId: string, actualLocationId: string | null, reasonCode?: string) {
  return api.graphql<{
    confirmPutaway: {
      status: string;
      actualLocationCode: string | null;
      inventoryTransactionId: string | null;
      message: string;
    };
  }>(
    `mutation($input: ConfirmPutawayInput!) { confirmPutaway(input: $input) { recommendationId status actualLocationCode inventoryTransactionId message } }`,
    { input: { recommendationId, actualLocationId, reasonCode } },
    await api.token("wh"),
  );
}

const scalar = async (sql: string, params: unknown[] = []) => (await db.admin.query(sql, params)).rows[0]?.value;
const pendingCount = () =>
  scalar(
    "select count(*)::int as value from app_public.putaway_recommendations where status = 'PENDING' and tenant_id = $1",
    [ids.tenant],
  );

/** Locations whose stock plus PENDING reservations exceed capacity, computed from the base tables. */
const overCommitted = () =>
  scalar(`
    select count(*)::int as value from app_public.locations l
     where (select coalesce(sum(lot.quantity_on_hand * m.unit_cubic_feet), 0) from app_public.lots lot
              join app_public.materials m using (tenant_id, material_id)
             where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id)
         + (select coalesce(sum(p.cubic_feet), 0) from app_public.putaway_recommendations p
             where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING') > l.max_cubic_feet`);

describe("getBatchPutawayRecommendations (preview)", () => {
  test("the smoke query: every field of the documented shape, and nothing written", async () => {
    const before = await pendingCount();
    const result = await preview([{ material: "BOX", quantity: 2, lotNumber: "L1" }]);
    expect(result.errors).toBeUndefined();
    const payload = result.data!.getBatchPutawayRecommendations;
    expect(payload.recommendations).toHaveLength(1);
    const [rec] = payload.recommendations;
    expect(rec).toMatchObject({
      recommendationId: null,
      itemIndex: 0,
      quantity: 2,
      lotNumber: "L1",
      locationCode: expect.stringMatching(/^R[1-4]$/),
      algorithm: "HYBRID",
      reasonCode: expect.stringMatching(/^HYBRID_/),
      crossDockCandidate: false,
      skuAffinityScore: null,
      expiresAt: null,
    });
    expect(rec!.confidenceScore).toBeGreaterThan(0);
    expect(rec!.confidenceScore).toBeLessThanOrEqual(1);
    expect(payload.processingSummary).toMatchObject({ totalItems: 1, recommendationsGenerated: 1 });
    expect(payload.processingSummary.processingTimeMs).toBeGreaterThan(0);
    // Nothing changed since: the same question is answered from the cached facility alone.
    const again = await preview([{ material: "BOX", quantity: 2, lotNumber: "L1" }]);
    expect(again.data!.getBatchPutawayRecommendations.processingSummary.cacheHitRate).toBe(1);
    expect(await pendingCount()).toBe(before);
  });

  test("sizes come from master data × quantity when omitted; larger given totals are used as they are", async () => {
    const master = await preview([{ material: "BOX", quantity: 6 }], { algorithm: "BFD" });
    // BFD: R4 holds 9 of 10 cubic feet, so 6 go to an empty 10-cubic-foot location: 60 % full after.
    expect(master.data!.getBatchPutawayRecommendations.recommendations[0]).toMatchObject({ estimatedUtilization: 0.6 });
    const given = await preview([{ material: "BOX", quantity: 6, cubicFeet: 9, weightLbs: 100 }], { algorithm: "BFD" });
    expect(given.data!.getBatchPutawayRecommendations.recommendations[0]).toMatchObject({ estimatedUtilization: 0.9 });
    const smaller = await preview([{ material: "BOX", quantity: 6, cubicFeet: 1, weightLbs: 2 }], { algorithm: "BFD" });
    expect(smaller.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(smaller.errors?.[0]?.message).toMatch(/items\[0\]\.cubicFeet is 1 cubic feet, less than master data/);
  });

  test("each algorithm answers, and a later item of the batch sees the room the earlier ones took", async () => {
    for (const algorithm of ["FFD", "BFD", "HYBRID", "ENHANCED"]) {
      const result = await preview(
        [
          { material: "BOX", quantity: 8 },
          { material: "BOX", quantity: 8 },
        ],
        { algorithm },
      );
      const recs = result.data!.getBatchPutawayRecommendations.recommendations;
      expect(recs.map((r) => r.algorithm)).toEqual([algorithm, algorithm]);
      expect(recs[0]!.locationId).not.toBeNull();
      expect(recs[1]!.locationId).not.toBeNull();
      expect(
        recs[0]!.locationId,
        `${algorithm}: two 8-cubic-foot items cannot share a 10-cubic-foot location`,
      ).not.toBe(recs[1]!.locationId);
    }
  });

  test("items that fit nowhere get no location and a reason", async () => {
    const result = await preview([
      { material: "BOX", quantity: 500 },
      { material: "NODIMS", quantity: 1 },
      { material: "BOX", quantity: 1, cubicFeet: 1.5 },
    ]);
    const recs = result.data!.getBatchPutawayRecommendations.recommendations;
    expect(recs.map((r) => [r.itemIndex, r.locationCode, r.reasonCode])).toEqual([
      [0, null, "EXCEEDS_LOCATION_CAPACITY"],
      [1, null, "MISSING_MASTER_DATA"],
      [2, expect.any(String), expect.stringMatching(/^HYBRID_/)],
    ]);
    expect(result.data!.getBatchPutawayRecommendations.processingSummary).toMatchObject({
      totalItems: 3,
      recommendationsGenerated: 1,
    });
  });

  test("with allowSplit an item larger than any location is spread over several", async () => {
    const result = await preview([{ material: "BOX", quantity: 25 }], { allowSplit: true, algorithm: "FFD" });
    const recs = result.data!.getBatchPutawayRecommendations.recommendations;
    expect(recs.every((r) => r.itemIndex === 0 && r.locationId !== null && r.reasonCode === "FIRST_FIT_SPLIT")).toBe(
      true,
    );
    expect(recs.reduce((sum, r) => sum + r.quantity, 0)).toBe(25);
  });

  test("a chilled material goes to the chilled location only", async () => {
    const result = await preview([{ material: "CHILL", quantity: 2 }]);
    expect(result.data!.getBatchPutawayRecommendations.recommendations[0]!.locationCode).toBe("C1");
  });

  test("open outbound demand makes a cross-dock candidate, sent to cross-dock, then staging", async () => {
    const result = await preview([
      { material: "DEMAND", quantity: 4 },
      { material: "DEMAND", quantity: 8 },
    ]);
    const recs = result.data!.getBatchPutawayRecommendations.recommendations;
    // Largest first: the 4-cubic-foot item takes the cross-dock location (5 cubic feet), the other goes to staging.
    expect(recs.map((r) => [r.locationCode, r.crossDockCandidate, r.reasonCode])).toEqual([
      ["S1", true, "CROSS_DOCK_STAGING"],
      ["X1", true, "CROSS_DOCK"],
    ]);
    const off = await preview([{ material: "DEMAND", quantity: 4 }], {}, noCrossDock);
    expect(off.data!.getBatchPutawayRecommendations.recommendations[0]).toMatchObject({
      crossDockCandidate: false,
      locationCode: expect.stringMatching(/^R/),
    });
  });

  test("a location filled or blocked since the last request is not recommended: the cache is exact", async () => {
    const move = (type: string, quantity: number) =>
      db.admin.query(
        `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity)
         values ($1, $2, $3, $4, 'CACHE', $5, $6)`,
        [ids.tenant, ids.facility, type, ids["material:BOX"], ids["location:R1"], quantity],
      );
    const block = (blocked: boolean) =>
      db.admin.query("update app_public.locations set is_blocked = $2 where location_id = $1", [
        ids["location:R2"],
        blocked,
      ]);
    const first = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
    expect(first.data!.getBatchPutawayRecommendations.recommendations[0]!.locationCode).toBe("R1");
    try {
      await move("RECEIPT", 10);
      const second = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
      expect(second.data!.getBatchPutawayRecommendations.recommendations[0]!.locationCode).toBe("R2");
      await block(true);
      const third = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
      expect(third.data!.getBatchPutawayRecommendations.recommendations[0]!.locationCode).toBe("R3");
      expect(third.data!.getBatchPutawayRecommendations.processingSummary.cacheHitRate).toBe(0);
      // Unchanged rows come from the cache. Rows changed since the oldest transaction then running anywhere on
      // the server are read again (transaction ids are server-wide), so a busy server may re-read a few.
      const fourth = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
      expect(fourth.data!.getBatchPutawayRecommendations.processingSummary.cacheHitRate).toBeGreaterThan(0.8);
    } finally {
      await move("PICK", -10);
      await block(false);
    }
  });
});

describe("createBatchPutawayRecommendations (reservations)", () => {
  test("saves PENDING recommendations that hold their capacity until they expire", async () => {
    const result = await reserve([{ material: "BOX", quantity: 3, lotNumber: "RES" }], { algorithm: "FFD" });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.createBatchPutawayRecommendations;
    const [rec] = payload.recommendations;
    expect(payload.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rec!.recommendationId).toMatch(/^[0-9a-f-]{36}$/);
    const minutes = (Date.parse(rec!.expiresAt!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(19);
    expect(minutes).toBeLessThanOrEqual(20);
    const row = (
      await db.admin.query("select * from app_public.putaway_recommendations where recommendation_id = $1", [
        rec!.recommendationId,
      ])
    ).rows[0];
    expect(row).toMatchObject({
      status: "PENDING",
      location_id: rec!.locationId,
      quantity: "3.000",
      lot_number: "RES",
      algorithm: "FFD",
      cubic_feet: "3.0000",
      weight_lbs: "30.000",
    });
    expect(Number(row.confidence_score)).toBeCloseTo(rec!.confidenceScore!, 3);
    // The next preview sees the reservation.
    const next = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
    expect(next.data!.getBatchPutawayRecommendations.recommendations[0]!.locationId).not.toBe(rec!.locationId);
    // Expiry releases it.
    await db.admin.query(
      "update app_public.putaway_recommendations set status = 'EXPIRED' where recommendation_id = $1",
      [rec!.recommendationId],
    );
    const after = await preview([{ material: "BOX", quantity: 10 }], { algorithm: "FFD" });
    expect(after.data!.getBatchPutawayRecommendations.recommendations[0]!.locationId).toBe(rec!.locationId);
  });

  test("32 concurrent requests at a nearly full zone never over-commit a location", async () => {
    // Slow movers may only go to the FULL zone: 8 locations with 2 cubic feet free each, 16 in all.
    const tokens = await Promise.all(Array.from({ length: 32 }, () => api.token("wh")));
    const results = await Promise.all(
      tokens.map((token, i) =>
        reserve(
          [
            { material: "SLOW", quantity: 1, lotNumber: `C${i}` },
            { material: "SLOW", quantity: 1, lotNumber: `D${i}` },
          ],
          { algorithm: i % 2 ? "BFD" : "ENHANCED" },
          token,
        ),
      ),
    );
    for (const result of results) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const placed = results
      .flatMap((r) => r.data!.createBatchPutawayRecommendations.recommendations)
      .filter((r) => r.locationId !== null);
    const refused = results
      .flatMap((r) => r.data!.createBatchPutawayRecommendations.recommendations)
      .filter((r) => r.locationId === null);
    expect(placed).toHaveLength(16);
    expect(refused).toHaveLength(48);
    expect(new Set(refused.map((r) => r.reasonCode))).toEqual(new Set(["NO_CAPACITY"]));
    expect(await overCommitted()).toBe(0);
    expect(
      await scalar("select app_private.rebuild_location_occupancy() as value"),
      "occupancy agrees with the base tables",
    ).toBe("0");
  });
});

describe("confirmPutaway", () => {
  async function oneRecommendation(quantity = 1): Promise<Rec> {
    const result = await reserve([{ material: "BOX", quantity, lotNumber: "CNF" }], { algorithm: "FFD" });
    expect(result.errors).toBeUndefined();
    return result.data!.createBatchPutawayRecommendations.recommendations[0]!;
  }
  const onHand = (location: string) =>
    scalar(
      "select coalesce(sum(quantity_on_hand), 0)::float as value from app_public.lots where location_id = $1 and lot_number = 'CNF'",
      [location],
    );

  test("at the recommended location: ACCEPTED, stock recorded, reservation released", async () => {
    const rec = await oneRecommendation(2);
    const result = await confirm(rec.recommendationId!, rec.locationId!);
    expect(result.errors).toBeUndefined();
    expect(result.data!.confirmPutaway).toMatchObject({
      status: "ACCEPTED",
      actualLocationCode: rec.locationCode,
      inventoryTransactionId: expect.any(String),
    });
    expect(await onHand(rec.locationId!)).toBe(2);
    const row = (
      await db.admin.query(
        "select status, decided_at, inventory_transaction_id from app_public.putaway_recommendations where recommendation_id = $1",
        [rec.recommendationId],
      )
    ).rows[0];
    expect(row.status).toBe("ACCEPTED");
    expect(row.decided_at).not.toBeNull();
    const tx = (
      await db.admin.query(
        "select transaction_type, quantity from app_public.inventory_transactions where transaction_id = $1",
        [row.inventory_transaction_id],
      )
    ).rows[0];
    expect(tx).toEqual({ transaction_type: "PUTAWAY", quantity: "2.000" });
    expect(await scalar("select app_private.rebuild_location_occupancy() as value")).toBe("0");

    const again = await confirm(rec.recommendationId!, rec.locationId!);
    expect(again.errors?.[0]?.extensions?.code).toBe("ALREADY_DECIDED");
  });

  test("elsewhere: OVERRIDDEN with the operator's reason, which is required", async () => {
    const rec = await oneRecommendation();
    const target = rec.locationId === ids["location:R3"] ? ids["location:R2"]! : ids["location:R3"]!;
    const noReason = await confirm(rec.recommendationId!, target);
    expect(noReason.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(noReason.errors?.[0]?.message).toMatch(/needs a reasonCode/);
    const result = await confirm(rec.recommendationId!, target, "CLOSER_TO_DOCK");
    expect(result.data!.confirmPutaway.status).toBe("OVERRIDDEN");
    expect(await onHand(target)).toBeGreaterThanOrEqual(1);
    const row = (
      await db.admin.query(
        "select status, actual_location_id, decision_reason_code from app_public.putaway_recommendations where recommendation_id = $1",
        [rec.recommendationId],
      )
    ).rows[0];
    expect(row).toEqual({ status: "OVERRIDDEN", actual_location_id: target, decision_reason_code: "CLOSER_TO_DOCK" });
  });

  test("refused by the operator: REJECTED, no stock moved, reservation released", async () => {
    const rec = await oneRecommendation();
    const ledger = await scalar("select count(*)::int as value from app_public.inventory_transactions");
    expect((await confirm(rec.recommendationId!, null)).errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    const result = await confirm(rec.recommendationId!, null, "DAMAGED");
    expect(result.data!.confirmPutaway.status).toBe("REJECTED");
    expect(await scalar("select count(*)::int as value from app_public.inventory_transactions")).toBe(ledger);
    expect(await scalar("select app_private.rebuild_location_occupancy() as value")).toBe("0");
  });

  test("into a location without room: CAPACITY_EXCEEDED, recorded, and the recommendation stays PENDING", async () => {
    const rec = await oneRecommendation(5);
    const full = ids["location:R4"]!; // 9 of 10 cubic feet on hand
    const result = await confirm(rec.recommendationId!, full, "OPERATOR_CHOICE");
    expect(result.errors?.[0]?.extensions?.code).toBe("CAPACITY_EXCEEDED");
    expect(result.errors?.[0]?.message).toMatch(/R4 has no room for this stock/);
    const failure = (
      await db.admin.query(
        "select source, requested_cubic_feet, available_cubic_feet from app_public.capacity_validation_failures where recommendation_id = $1",
        [rec.recommendationId],
      )
    ).rows;
    expect(failure).toEqual([
      { source: "CONFIRM_PUTAWAY", requested_cubic_feet: "5.0000", available_cubic_feet: "1.0000" },
    ]);
    expect(
      await scalar(
        "select status::text as value from app_public.putaway_recommendations where recommendation_id = $1",
        [rec.recommendationId],
      ),
    ).toBe("PENDING");
    expect(await onHand(full)).toBe(0);
  });

  test("an unknown or foreign recommendation is NOT_FOUND", async () => {
    const result = await confirm("01900000-0000-7000-8000-000000000000", null, "X");
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const foreign = (
      await db.admin.query(
        "select recommendation_id from app_public.putaway_recommendations where tenant_id = tests.tenant_id('other') limit 1",
      )
    ).rows[0].recommendation_id;
    expect((await confirm(foreign, null, "X")).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("bad input changes nothing", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["an empty batch", { items: [] }, "INVALID_INPUT", /at least one item/],
    ["a zero quantity", { items: [{ materialId: "BOX", quantity: 0 }] }, "INVALID_INPUT", /items\[0\]\.quantity/],
    ["a negative quantity", { items: [{ materialId: "BOX", quantity: -3 }] }, "INVALID_INPUT", /greater than 0/],
    [
      "a quantity with 4 decimals",
      { items: [{ materialId: "BOX", quantity: 1.0004 }] },
      "INVALID_INPUT",
      /more than 3 decimals/,
    ],
    ["a negative size", { items: [{ materialId: "BOX", quantity: 1, cubicFeet: -1 }] }, "INVALID_INPUT", /cubicFeet/],
    ["a NaN size", { items: [{ materialId: "BOX", quantity: 1, cubicFeet: "NaN" }] }, "INVALID_INPUT", /Float/],
    [
      "an unknown material",
      { items: [{ materialId: "01900000-0000-7000-8000-000000000001", quantity: 1 }] },
      "INVALID_REFERENCE",
      /Unknown material/,
    ],
    [
      "another tenant's material",
      { items: [{ materialId: "other-material", quantity: 1 }] },
      "INVALID_REFERENCE",
      /Unknown material/,
    ],
    ["an unknown facility", { facilityId: "01900000-0000-7000-8000-000000000002" }, "NOT_FOUND", /no facility/],
    ["another tenant's facility", { facilityId: "other-facility" }, "NOT_FOUND", /no facility/],
    ["an unknown algorithm", { algorithm: "RANDOM" }, "INVALID_INPUT", /RANDOM/],
    [
      "too many items",
      { items: Array.from({ length: 61 }, () => ({ materialId: "BOX", quantity: 1 })) },
      "INVALID_INPUT",
      /at most 60 items/,
    ],
  ];

  test.each(cases)("%s", async (_name, patch, code, message) => {
    const input: Record<string, unknown> = {
      facilityId: ids.facility,
      items: [{ materialId: ids["material:BOX"], quantity: 1 }],
      ...patch,
    };
    const resolve = (value: unknown) =>
      (typeof value === "string" && (ids[`material:${value}`] ?? ids[value])) || value;
    input.facilityId = resolve(input.facilityId);
    input.items = (input.items as Array<Record<string, unknown>>).map((item) => ({
      ...item,
      materialId: resolve(item.materialId),
    }));
    const before = await pendingCount();
    const token = await api.token("wh");
    for (const field of ["createBatchPutawayRecommendations", "getBatchPutawayRecommendations"]) {
      const operation = field.startsWith("create") ? "mutation" : "query";
      const result = await api.graphql(
        `${operation}($input: BatchPutawayInput!) { ${field}(input: $input) { batchId } }`,
        { input },
        token,
      );
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(code);
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    expect(await pendingCount()).toBe(before);
  });

  test("a quantity with 3 decimals is accepted, binary rounding notwithstanding", async () => {
    const result = await api.graphql<{
      getBatchPutawayRecommendations: { recommendations: Array<{ quantity: number }> };
    }>(
      `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { recommendations { quantity } } }`,
      { input: { facilityId: ids.facility, items: [{ materialId: ids["material:BOX"], quantity: 1.005 }] } },
      await api.token("wh"),
    );
    expect(result.errors).toBeUndefined();
    expect(
      result.data!.getBatchPutawayRecommendations.recommendations.reduce((sum, r) => sum + r.quantity, 0),
    ).toBeCloseTo(1.005, 9);
  });

  test("without a token: UNAUTHENTICATED", async () => {
    const result = await api.graphql(
      `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) { batchId } }`,
      {
        input: { facilityId: ids.facility, items: [{ materialId: ids["material:BOX"], quantity: 1 }] },
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
