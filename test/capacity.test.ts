/**
 * The capacity promise without loopholes, through GraphQL against a real server and database: the room an
 * item takes is never less than master data says (a smaller declared size is refused, a larger one is kept
 * through reservation, confirmation, the lot and later moves), and a material without master data takes the
 * room it was reserved with, at confirmation and after, so no location ever holds more than it can.
 */
import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { BIN_OPTIMIZATION_ALGORITHM: "FFD" } });

const ids: Record<string, string> = {};

/*
 * Tenant `cap`: facility DC1 with B1, B2 and B3, DC2 with C1 and C2, DC3 with D1 and D2 (keys in that order),
 * every location 20 cubic feet and 1,000 lb (48 in cubed). Materials: CUBE (1 cubic foot, 10 lb, 12 in cubed) and NOMASTER (no master data).
 */
beforeAll(async () => {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid;
    begin
      insert into app_public.tenants (code, name) values ('cap', 'Capacity') returning tenant_id into t;
      for i in 1..3 loop
        insert into app_public.facilities (tenant_id, code, name) values (t, 'DC' || i, 'DC ' || i)
          returning facility_id into f;
        insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
          values (t, f, 'RSV', 'Reserve', 'RESERVE');
        insert into app_public.locations (tenant_id, facility_id, zone_id, code, pick_sequence, inner_length_in,
                                          inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
          select t, f, z.zone_id, substr('BCD', i, 1) || n, n, 48, 48, 48, 20, 1000
            from app_public.zones z, generate_series(1, case i when 1 then 3 else 2 end) n
           where z.tenant_id = t and z.facility_id = f;
      end loop;
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                        unit_weight_lbs, abc_class)
        values (t, 'CUBE', 12, 12, 12, 1, 10, 'B');
      insert into app_public.materials (tenant_id, code) values (t, 'NOMASTER');
    end $$`);
  const { rows } = await db.admin.query(`
    select 'tenant' as k, tenant_id as id from app_public.tenants where code = 'cap'
    union all select 'facility:' || f.code, facility_id from app_public.facilities f
                join app_public.tenants t using (tenant_id) where t.code = 'cap'
    union all select 'location:' || l.code, location_id from app_public.locations l
                join app_public.tenants t using (tenant_id) where t.code = 'cap'
    union all select 'material:' || m.code, material_id from app_public.materials m
                join app_public.tenants t using (tenant_id) where t.code = 'cap'`);
  for (const row of rows) ids[row.k] = row.id;
});

interface Rec {
  recommendationId: string | null;
  locationId: string | null;
  locationCode: string | null;
  reasonCode: string;
}
interface GraphQLError {
  message: string;
  extensions?: Record<string, unknown>;
}

type Item = { material: string; quantity: number; cubicFeet?: number; weightLbs?: number };

async function reserve(items: Item[], facility = "DC1"): Promise<{ recs?: Rec[]; errors?: GraphQLError[] }> {
  const result = await api.graphql<{ createBatchPutawayRecommendations: { recommendations: Rec[] } }>(
    `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) {
       recommendations { recommendationId locationId locationCode reasonCode } } }`,
    {
      input: {
        facilityId: ids[`facility:${facility}`],
        algorithm: "FFD",
        items: items.map(({ material, ...rest }) => ({ materialId: ids[`material:${material}`], ...rest })),
      },
    },
    await api.token("cap"),
  );
  return { recs: result.data?.createBatchPutawayRecommendations?.recommendations, errors: result.errors };
}

async function confirm(recommendationId: string, location: string, reasonCode?: string) {
  return api.graphql<{ confirmPutaway: { status: string } }>(
    `mutation($input: ConfirmPutawayInput!) { confirmPutaway(input: $input) { status } }`,
    { input: { recommendationId, actualLocationId: ids[`location:${location}`], reasonCode } },
    await api.token("cap"),
  );
}

/** Cubic feet on hand and reserved at a location, as the database keeps them. */
async function occupancy(location: string): Promise<{ onHand: number; reserved: number }> {
  const { rows } = await db.admin.query(
    `select cubic_feet_on_hand::float as "onHand", cubic_feet_reserved::float as reserved
       from app_private.location_occupancy where location_id = $1`,
    [ids[`location:${location}`]],
  );
  return rows[0];
}

const agrees = async () =>
  (await db.admin.query("select app_private.rebuild_location_occupancy($1) as n", [ids.tenant])).rows[0].n === "0";

/** Locations whose stock and reservations, from the base tables, exceed their capacity. */
const overFilled = async () =>
  (
    await db.admin.query(
      `select count(*)::int as n from app_public.locations l
        where l.tenant_id = $1
          and (select coalesce(sum(app_hidden.room_cubic_feet(lot.quantity_on_hand, lot.unit_cubic_feet,
                                                                m.unit_cubic_feet)), 0)
                 from app_public.lots lot join app_public.materials m using (tenant_id, material_id)
                where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id)
            + (select coalesce(sum(p.cubic_feet), 0) from app_public.putaway_recommendations p
                where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING')
            > l.max_cubic_feet`,
      [ids.tenant],
    )
  ).rows[0].n;

const pending = async () =>
  (
    await db.admin.query(
      "select count(*)::int as n from app_public.putaway_recommendations where tenant_id = $1 and status = 'PENDING'",
      [ids.tenant],
    )
  ).rows[0].n;

describe("declared sizes and master data", () => {
  test("15 units of a 1-cubic-foot material declared as 0.001 cubic feet: refused, nothing reserved", async () => {
    for (let i = 0; i < 3; i++) {
      const { recs, errors } = await reserve([{ material: "CUBE", quantity: 15, cubicFeet: 0.001 }]);
      expect(recs).toBeUndefined();
      expect(errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
      expect(errors?.[0]?.message).toMatch(
        /items\[0\]\.cubicFeet is 0\.001 cubic feet, less than master data says 15 units of CUBE take \(15 cubic/,
      );
    }
    const weight = await reserve([{ material: "CUBE", quantity: 15, weightLbs: 1 }]);
    expect(weight.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(weight.errors?.[0]?.message).toMatch(/items\[0\]\.weightLbs is 1 lb, less than master data says/);
    expect(await pending()).toBe(0);
    expect((await occupancy("B1")).reserved).toBe(0);
    expect(await overFilled()).toBe(0);
  });

  test("a declared size above master data is kept: reserved, confirmed, stored and moved at that size", async () => {
    const { recs, errors } = await reserve([{ material: "CUBE", quantity: 10, cubicFeet: 15, weightLbs: 150 }]);
    expect(errors).toBeUndefined();
    const [rec] = recs!;
    const row = (
      await db.admin.query(
        `select cubic_feet::float, weight_lbs::float from app_public.putaway_recommendations
          where recommendation_id = $1`,
        [rec!.recommendationId],
      )
    ).rows[0];
    expect(row).toEqual({ cubic_feet: 15, weight_lbs: 150 });
    expect(await occupancy(rec!.locationCode!)).toEqual({ onHand: 0, reserved: 15 });

    expect((await confirm(rec!.recommendationId!, rec!.locationCode!)).data?.confirmPutaway.status).toBe("ACCEPTED");
    expect(await occupancy(rec!.locationCode!)).toEqual({ onHand: 15, reserved: 0 });
    const lot = (
      await db.admin.query(
        `select unit_cubic_feet::float, unit_weight_lbs::float from app_public.lots
          where location_id = $1 and material_id = $2`,
        [rec!.locationId, ids["material:CUBE"]],
      )
    ).rows[0];
    expect(lot).toEqual({ unit_cubic_feet: 1.5, unit_weight_lbs: 15 });
    expect(await agrees()).toBe(true);

    // 4 units moved elsewhere take their 1.5 cubic feet each with them.
    const target = rec!.locationCode === "B3" ? "B2" : "B3";
    await db.admin.query(
      `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                      location_id, from_location_id, quantity)
       values ($1, $2, 'MOVE', $3, 'NO-LOT', $4, $5, 4)`,
      [ids.tenant, ids["facility:DC1"], ids["material:CUBE"], ids[`location:${target}`], rec!.locationId],
    );
    expect((await occupancy(rec!.locationCode!)).onHand).toBe(9);
    expect((await occupancy(target)).onHand).toBe(6);
    expect(await agrees()).toBe(true);

    // Empty the facility again for the next test.
    await db.admin.query(
      `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                      location_id, quantity)
       select tenant_id, facility_id, 'PICK', material_id, lot_number, location_id, -quantity_on_hand
         from app_public.lots where tenant_id = $1 and quantity_on_hand > 0`,
      [ids.tenant],
    );
    expect(await agrees()).toBe(true);
  });
});

describe("materials without master data", () => {
  test("5 reservations of 15 cubic feet fill three 20-cubic-foot locations one each, confirmed or not", async () => {
    const placed: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { recs, errors } = await reserve([{ material: "NOMASTER", quantity: 1, cubicFeet: 15, weightLbs: 10 }]);
      expect(errors).toBeUndefined();
      const [rec] = recs!;
      if (rec!.locationCode === null) {
        refused.push(rec!.reasonCode);
        continue;
      }
      placed.push(rec!.locationCode);
      const confirmed = await confirm(rec!.recommendationId!, rec!.locationCode);
      expect(confirmed.errors).toBeUndefined();
      // The stock takes the 15 cubic feet its reservation held.
      expect(await occupancy(rec!.locationCode)).toEqual({ onHand: 15, reserved: 0 });
    }
    expect(placed.sort()).toEqual(["B1", "B2", "B3"]);
    expect(refused).toEqual(["NO_CAPACITY", "NO_CAPACITY"]);
    expect(await overFilled()).toBe(0);
    expect(await agrees()).toBe(true);
  });

  test("an override into a location the stored stock already fills is refused for lack of room", async () => {
    const first = await reserve([{ material: "NOMASTER", quantity: 1, cubicFeet: 15, weightLbs: 10 }], "DC2");
    const second = await reserve([{ material: "NOMASTER", quantity: 1, cubicFeet: 15, weightLbs: 10 }], "DC2");
    const [a] = first.recs!;
    const [b] = second.recs!;
    expect([a!.locationCode, b!.locationCode]).toEqual(["C1", "C2"]);
    expect((await confirm(a!.recommendationId!, "C1")).data?.confirmPutaway.status).toBe("ACCEPTED");
    const refused = await confirm(b!.recommendationId!, "C1", "CLOSER");
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CAPACITY_EXCEEDED", reason: "CAPACITY" });
    expect(refused.errors?.[0]?.message).toMatch(/C1 has no room for this stock: 5\.0000 of 20\.000 cubic feet/);
    expect(await occupancy("C1")).toEqual({ onHand: 15, reserved: 0 });
    expect(await overFilled()).toBe(0);
  });
});

describe("locks", () => {
  test("a confirmation locks its two locations in key order, as reservations do, so the two never deadlock", async () => {
    const { recs } = await reserve([{ material: "CUBE", quantity: 1 }], "DC3");
    const [rec] = recs!;
    expect(rec!.locationCode).toBe("D1");
    // A reservation elsewhere has locked D1 and is about to lock D2 (key order).
    const other = new pg.Client({ connectionString: db.adminUrl });
    await other.connect();
    const lock = (location: string) =>
      other.query("select 1 from app_private.location_occupancy where location_id = $1 for update", [
        ids[`location:${location}`],
      ]);
    try {
      await other.query("begin");
      await lock("D1");
      // The operator puts the stock in D2 instead: the confirmation waits for D1 before it takes D2.
      const confirmed = confirm(rec!.recommendationId!, "D2", "CLOSER");
      for (let waiting = 0; waiting === 0; ) {
        waiting = (
          await db.admin.query(
            `select count(*)::int as n from pg_locks l join pg_stat_activity a using (pid)
              where not l.granted and a.datname = current_database()`,
          )
        ).rows[0].n;
      }
      await expect(lock("D2")).resolves.toBeDefined();
      await other.query("commit");
      expect((await confirmed).data?.confirmPutaway.status).toBe("OVERRIDDEN");
    } finally {
      await other.end();
    }
  });
});
