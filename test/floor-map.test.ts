/**
 * facilityFloorMap, the console's picture of a facility, through GraphQL: parallel arrays ordered by code,
 * fill counting stock on hand and open reservations, what each position holds and its fastest velocity class,
 * availability, and the tenant's own facilities only.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

interface FloorMap {
  dockXFt: number;
  dockYFt: number;
  locationIds: string[];
  codes: string[];
  zoneCodes: string[];
  xFt: number[];
  yFt: number[];
  cubicFill: number[];
  weightFill: number[];
  velocityClasses: Array<string | null>;
  allowedClasses: string[];
  available: boolean[];
  contents: string[];
}

const QUERY = `query ($f: UUID!) { facilityFloorMap(facilityId: $f) { dockXFt dockYFt locationIds codes zoneCodes xFt yFt
  cubicFill weightFill velocityClasses allowedClasses available contents } }`;

const ids: Record<string, string> = {};

/*
 * Tenant `fm`, facility DC1 (dock at 5, 7 ft), zone RSV, locations inserted out of code order: B-01 (blocked),
 * A-02 (classes A and B only), A-01; 10 cubic feet and 1,000 lb each. Materials of 1 cubic foot and 10 lb a
 * unit: FAST (class A), SLOW (class C). Stock: A-01 holds 3 SLOW of LOT-2, 2 FAST of LOT-1, and a SLOW lot
 * picked empty; A-02 and B-01 hold nothing. Facility EMPTY has no positions; tenant `other` has its own.
 */
beforeAll(async () => {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid; z uuid;
    begin
      insert into app_public.tenants (code, name) values ('fm', 'Floor map') returning tenant_id into t;
      insert into app_public.facilities (tenant_id, code, name, dock_x_ft, dock_y_ft)
        values (t, 'DC1', 'DC', 5, 7) returning facility_id into f;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'EMPTY', 'No positions');
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
        values (t, f, 'RSV', 'Reserve', 'RESERVE') returning zone_id into z;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, y_ft, pick_sequence,
                                        inner_length_in, inner_width_in, inner_height_in, max_cubic_feet,
                                        max_weight_lbs, allowed_abc_classes, is_blocked, blocked_reason)
        values (t, f, z, 'B-01', 'B', 30, 12, 3, 30, 30, 30, 10, 1000, '{A,B,C}', true, 'Damaged beam'),
               (t, f, z, 'A-02', 'A', 20, 4, 2, 30, 30, 30, 10, 1000, '{A,B}', false, null),
               (t, f, z, 'A-01', 'A', 10, 4, 1, 30, 30, 30, 10, 1000, '{A,B,C}', false, null);
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in,
                                        unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'FAST', 12, 12, 12, 1, 10, 'A'), (t, 'SLOW', 12, 12, 12, 1, 10, 'C');
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                     lot_number, location_id, quantity)
        select t, f, s.kind::app_public.transaction_type, m.material_id, s.lot, l.location_id, s.quantity
          from (values ('SLOW', 'LOT-2', 'RECEIPT', 3), ('FAST', 'LOT-1', 'RECEIPT', 2),
                       ('SLOW', 'LOT-0', 'RECEIPT', 1), ('SLOW', 'LOT-0', 'PICK', -1))
               s(material, lot, kind, quantity)
          join app_public.materials m on m.tenant_id = t and m.code = s.material
          join app_public.locations l on l.tenant_id = t and l.code = 'A-01';
      perform tests.create_tenant_fixture('other');
    end $$`);
  const { rows } = await db.admin.query<{ key: string; id: string }>(`
    select 'DC1' as key, facility_id as id from app_public.facilities f
      join app_public.tenants t using (tenant_id) where t.code = 'fm' and f.code = 'DC1'
    union all select 'EMPTY', facility_id from app_public.facilities f
      join app_public.tenants t using (tenant_id) where t.code = 'fm' and f.code = 'EMPTY'
    union all select 'OTHER', facility_id from app_public.facilities f
      join app_public.tenants t using (tenant_id) where t.code = 'other' limit 3`);
  for (const row of rows) ids[row.key] = row.id;
});

async function floorMap(facilityId: string, role: "operator" | "supervisor" = "supervisor", tenant = "fm") {
  return api.graphql<{ facilityFloorMap: FloorMap | null }>(QUERY, { f: facilityId }, await api.token(tenant, role));
}

describe("facilityFloorMap", () => {
  test("every position once, ordered by code, with its coordinates, zone, classes and availability", async () => {
    const { data, errors } = await floorMap(ids.DC1!);
    expect(errors).toBeUndefined();
    const map = data!.facilityFloorMap!;
    expect([map.dockXFt, map.dockYFt]).toEqual([5, 7]);
    expect(map.codes).toEqual(["A-01", "A-02", "B-01"]);
    expect(map.zoneCodes).toEqual(["RSV", "RSV", "RSV"]);
    expect(map.xFt).toEqual([10, 20, 30]);
    expect(map.yFt).toEqual([4, 4, 12]);
    expect(map.allowedClasses).toEqual(["ABC", "AB", "ABC"]);
    expect(map.available).toEqual([true, true, false]);
    const { rows } = await db.admin.query<{ location_id: string }>(
      "select location_id from app_public.locations where facility_id = $1 order by x_ft",
      [ids.DC1],
    );
    expect(map.locationIds).toEqual(rows.map((row) => row.location_id));
  });

  test("fill, contents and velocity class follow the stock; emptied lots are left out", async () => {
    const map = (await floorMap(ids.DC1!, "operator")).data!.facilityFloorMap!;
    expect(map.cubicFill).toEqual([0.5, 0, 0]); // 5 of 10 cubic feet
    expect(map.weightFill).toEqual([0.05, 0, 0]); // 50 of 1,000 lb
    expect(map.contents).toEqual(["FAST × 2 (LOT-1)\nSLOW × 3 (LOT-2)", "", ""]);
    expect(map.velocityClasses).toEqual(["A", null, null]);
  });

  test("open reservations count in the fill until they are rejected", async () => {
    const { rows } = await db.admin.query<{ material_id: string }>(
      "select material_id from app_public.materials m join app_public.tenants t using (tenant_id) where t.code = 'fm' and m.code = 'SLOW'",
    );
    const token = await api.token("fm", "operator");
    const reserved = await api.graphql<{
      createBatchPutawayRecommendations: { recommendations: Array<{ recommendationId: string; locationCode: string }> };
    }>(
      `mutation ($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) {
        recommendations { recommendationId locationCode } } }`,
      { input: { facilityId: ids.DC1, algorithm: "BFD", items: [{ materialId: rows[0]!.material_id, quantity: 4 }] } },
      token,
    );
    expect(reserved.errors).toBeUndefined();
    const recommendation = reserved.data!.createBatchPutawayRecommendations.recommendations[0]!;
    const before = (await floorMap(ids.DC1!)).data!.facilityFloorMap!;
    const index = before.codes.indexOf(recommendation.locationCode);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(before.cubicFill[index]).toBeCloseTo(recommendation.locationCode === "A-01" ? 0.9 : 0.4, 6);

    const rejected = await api.graphql(
      `mutation ($id: UUID!) { confirmPutaway(input: { recommendationId: $id, actualLocationId: null, reasonCode: "DAMAGED" }) {
        status } }`,
      { id: recommendation.recommendationId },
      token,
    );
    expect(rejected.errors).toBeUndefined();
    const after = (await floorMap(ids.DC1!)).data!.facilityFloorMap!;
    expect(after.cubicFill).toEqual([0.5, 0, 0]);
  });

  test("a facility without positions answers empty arrays", async () => {
    const map = (await floorMap(ids.EMPTY!)).data!.facilityFloorMap!;
    expect(map.codes).toEqual([]);
    expect(map.cubicFill).toEqual([]);
    expect(map.contents).toEqual([]);
  });

  test("another tenant's facility is not found, and neither is an anonymous caller's", async () => {
    const foreign = await floorMap(ids.OTHER!);
    expect(foreign.data?.facilityFloorMap ?? null).toBeNull();
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const anonymous = await api.graphql<{ facilityFloorMap: FloorMap | null }>(QUERY, { f: ids.DC1 });
    expect(anonymous.data?.facilityFloorMap ?? null).toBeNull();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
