/**
 * The database owns compatibility (app_hidden.location_accepts): a confirmation that would put stock where the
 * location's rules say no (temperature, hazmat, velocity class, dimensions, mixing) is refused with
 * INCOMPATIBLE_LOCATION and recorded, the daily audit reports stock already stored against the rules, and every
 * placement the engine makes, on random layouts, passes the SQL rule.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { ALGORITHMS, cubicFeetOf, cubicUnits } from "../src/engine/index.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";
import { runTask } from "./support/tasks.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { CROSS_DOCK_ENABLED: "false", MAX_BATCH_SIZE: "50" } });

const ids: Record<string, string> = {};

/*
 * Tenant `cmp`, facility DC1, every location 48 in cubed and 60 cubic feet unless said otherwise:
 *   A1 ambient, any mix;  A2 ambient, single lot (holds lot L1 of BOX);  A3 ambient, single material (holds BOX);
 *   A4 ambient, velocity class A only;  A5 ambient, 6 in deep (8 cubic feet);  F1 frozen;  H1 ambient, hazmat.
 * Materials (12 in cubed, 1 cubic foot, 10 lb, class B): BOX, OTHER, FROZEN (frozen), HAZ (hazard class 3).
 */
beforeAll(async () => {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid; z uuid; box uuid;
    begin
      insert into app_public.tenants (code, name) values ('cmp', 'Compatibility') returning tenant_id into t;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'DC1', 'DC') returning facility_id into f;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
        values (t, f, 'RSV', 'Reserve', 'RESERVE') returning zone_id into z;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, pick_sequence, inner_length_in,
                                        inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs,
                                        temperature_class, hazmat_allowed, allowed_abc_classes, mixing_rule)
        values (t, f, z, 'A1', 1, 48, 48, 48, 60, 5000, 'AMBIENT', false, '{A,B,C}', 'ANY'),
               (t, f, z, 'A2', 2, 48, 48, 48, 60, 5000, 'AMBIENT', false, '{A,B,C}', 'SINGLE_LOT'),
               (t, f, z, 'A3', 3, 48, 48, 48, 60, 5000, 'AMBIENT', false, '{A,B,C}', 'SINGLE_MATERIAL'),
               (t, f, z, 'A4', 4, 48, 48, 48, 60, 5000, 'AMBIENT', false, '{A}', 'ANY'),
               (t, f, z, 'A5', 5, 6, 48, 48, 8, 5000, 'AMBIENT', false, '{A,B,C}', 'ANY'),
               (t, f, z, 'F1', 6, 48, 48, 48, 60, 5000, 'FROZEN', false, '{A,B,C}', 'ANY'),
               (t, f, z, 'H1', 7, 48, 48, 48, 60, 5000, 'AMBIENT', true, '{A,B,C}', 'ANY');
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                        unit_weight_lbs, abc_class, temperature_requirement, hazmat_class)
        values (t, 'BOX', 12, 12, 12, 1, 10, 'B', 'AMBIENT', null),
               (t, 'OTHER', 12, 12, 12, 1, 10, 'B', 'AMBIENT', null),
               (t, 'FROZEN', 12, 12, 12, 1, 10, 'B', 'FROZEN', null),
               (t, 'HAZ', 12, 12, 12, 1, 10, 'B', 'AMBIENT', '3');
      select material_id into box from app_public.materials where tenant_id = t and code = 'BOX';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number,
                                                     location_id, quantity)
        select t, f, 'RECEIPT', box, 'L1', location_id, 2 from app_public.locations
         where tenant_id = t and code in ('A2', 'A3');
    end $$`);
  const { rows } = await db.admin.query(`
    select 'tenant' as k, tenant_id as id from app_public.tenants where code = 'cmp'
    union all select 'facility', facility_id from app_public.facilities f
                join app_public.tenants t using (tenant_id) where t.code = 'cmp'
    union all select 'location:' || l.code, location_id from app_public.locations l
                join app_public.tenants t using (tenant_id) where t.code = 'cmp'
    union all select 'material:' || m.code, material_id from app_public.materials m
                join app_public.tenants t using (tenant_id) where t.code = 'cmp'`);
  for (const row of rows) ids[row.k] = row.id;
});

interface Rec {
  recommendationId: string | null;
  locationId: string | null;
  locationCode: string | null;
  reasonCode: string;
}

async function reserve(material: string, lotNumber: string, facilityId = ids.facility): Promise<Rec> {
  const result = await api.graphql<{ createBatchPutawayRecommendations: { recommendations: Rec[] } }>(
    `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) {
       recommendations { recommendationId locationId locationCode reasonCode } } }`,
    {
      input: {
        facilityId,
        algorithm: "FFD",
        items: [{ materialId: ids[`material:${material}`], quantity: 1, lotNumber }],
      },
    },
    await api.token("cmp"),
  );
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const rec = result.data!.createBatchPutawayRecommendations.recommendations[0]!;
  expect(rec.locationId, `${material} ${lotNumber}: ${rec.reasonCode}`).not.toBeNull();
  return rec;
}

async function confirm(recommendationId: string, location: string) {
  return api.graphql<{ confirmPutaway: { status: string } }>(
    `mutation($input: ConfirmPutawayInput!) { confirmPutaway(input: $input) { status actualLocationCode } }`,
    { input: { recommendationId, actualLocationId: ids[`location:${location}`], reasonCode: "OPERATOR" } },
    await api.token("cmp"),
  );
}

const stockAt = async (location: string) =>
  (
    await db.admin.query(
      "select coalesce(sum(quantity_on_hand), 0)::float as n from app_public.lots where location_id = $1",
      [ids[`location:${location}`]],
    )
  ).rows[0].n;

describe("confirmPutaway refuses stock the location's rules forbid", () => {
  const cases: Array<[string, string, string, string, RegExp]> = [
    [
      "frozen stock into an ambient location",
      "FROZEN",
      "A1",
      "TEMPERATURE",
      /A1 is AMBIENT; material FROZEN must be stored FROZEN/,
    ],
    ["hazardous stock where hazmat is not allowed", "HAZ", "A1", "HAZMAT", /A1 does not allow hazardous materials/],
    ["a second lot into a single-lot location", "BOX", "A2", "MIXING", /A2 holds one lot at a time/],
    ["another material into a single-material location", "OTHER", "A3", "MIXING", /A3 holds one material at a time/],
    [
      "a class B material where only class A may go",
      "BOX",
      "A4",
      "ABC_CLASS",
      /A4 holds velocity classes A; material BOX is class B/,
    ],
    [
      "a unit that fits in no orientation",
      "BOX",
      "A5",
      "DIMENSIONS",
      /BOX \(12\.00 × 12\.00 × 12\.00 in\) fits location A5/,
    ],
  ];

  test.each(cases)(
    "%s: INCOMPATIBLE_LOCATION, recorded, nothing else changed",
    async (_name, material, target, reason, message) => {
      const rec = await reserve(material, "L2");
      expect(rec.locationCode).not.toBe(target);
      const stockBefore = await stockAt(target);
      const result = await confirm(rec.recommendationId!, target);
      expect(result.data?.confirmPutaway ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "INCOMPATIBLE_LOCATION",
        reason,
        recommendationId: rec.recommendationId,
        locationId: ids[`location:${target}`],
      });
      expect(result.errors?.[0]?.message).toMatch(message);
      const { rows } = await db.admin.query(
        `select f.source, f.reason, f.location_id, r.status::text as status
         from app_public.capacity_validation_failures f
         join app_public.putaway_recommendations r using (tenant_id, recommendation_id)
        where f.recommendation_id = $1`,
        [rec.recommendationId],
      );
      expect(rows).toEqual([
        { source: "CONFIRM_PUTAWAY", reason, location_id: ids[`location:${target}`], status: "PENDING" },
      ]);
      expect(await stockAt(target)).toBe(stockBefore);
    },
  );

  test("the same lot into a single-lot location, and a compatible override elsewhere, are accepted", async () => {
    const same = await reserve("BOX", "L1");
    if (same.locationCode !== "A2") {
      const result = await confirm(same.recommendationId!, "A2");
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      expect(result.data!.confirmPutaway.status).toBe("OVERRIDDEN");
    }
    const frozen = await reserve("FROZEN", "L9");
    expect(frozen.locationCode).toBe("F1");
    const hazardous = await reserve("HAZ", "L9");
    const result = await confirm(hazardous.recommendationId!, "H1");
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  });

  test("the data-quality view counts capacity refusals only", async () => {
    await db.admin.query("select app_private.refresh_data_quality()");
    const { rows } = await db.admin.query(
      `select q.capacity_failures,
              (select count(*)::int from app_public.capacity_validation_failures c
                where c.tenant_id = q.tenant_id) as refusals
         from app_public.bin_optimization_data_quality q where q.tenant_id = $1`,
      [ids.tenant],
    );
    expect(rows[0].refusals).toBeGreaterThanOrEqual(6);
    expect(rows[0].capacity_failures).toBe(0);
  });
});

describe("the daily audit", () => {
  test("reports stock stored against the location's rules as INCOMPATIBLE_STOCK, until it is moved out", async () => {
    const receive = (quantity: number, type = "RECEIPT") =>
      db.admin.query(
        `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                        lot_number, location_id, quantity)
         values ($1, $2, $3, $4, 'AUD', $5, $6)`,
        [ids.tenant, ids.facility, type, ids["material:FROZEN"], ids["location:A1"], quantity],
      );
    // A receipt there is refused; a count that finds the stock there records it as it is.
    await receive(3, "ADJUSTMENT");
    const findings = () =>
      db.admin.query(
        `select f.entity_type, f.entity_code, f.status, f.message from app_public.data_quality_findings f
           join app_public.lots l on l.tenant_id = f.tenant_id and l.lot_id = f.entity_id
          where f.tenant_id = $1 and f.code = 'INCOMPATIBLE_STOCK' and l.lot_number = 'AUD'`,
        [ids.tenant],
      );
    const first = runTask(db, "data_quality_audit", "--tenant", "cmp");
    expect(first.status, first.stderr).toBe(1);
    expect((await findings()).rows).toEqual([
      {
        entity_type: "LOT",
        entity_code: "A1 / FROZEN / AUD",
        status: "OPEN",
        message: "Lot AUD of FROZEN in A1 breaks the location's rules: TEMPERATURE",
      },
    ]);
    // Stock that fits its location's rules is not reported.
    const lots = await db.admin.query(
      `select count(*)::int as n from app_public.data_quality_findings
        where tenant_id = $1 and code = 'INCOMPATIBLE_STOCK'`,
      [ids.tenant],
    );
    expect(lots.rows[0].n).toBe(1);
    await receive(-3, "PICK");
    runTask(db, "data_quality_audit", "--tenant", "cmp");
    expect((await findings()).rows.map((r) => r.status)).toEqual(["RESOLVED"]);
  });
});

describe("the engine and the SQL rule agree", () => {
  const TEMPERATURE = fc.constantFrom("AMBIENT", "CHILLED", "FROZEN");
  const scenario = fc.record({
    locations: fc.array(
      fc.record({
        zone: fc.constantFrom("RESERVE", "BULK", "PICK_FACE"),
        temperature: TEMPERATURE,
        hazmat: fc.boolean(),
        abc: fc.subarray(["A", "B", "C"], { minLength: 1 }),
        mixing: fc.constantFrom("ANY", "SINGLE_MATERIAL", "SINGLE_LOT"),
        inner: fc.tuple(
          fc.integer({ min: 6, max: 40 }),
          fc.integer({ min: 6, max: 40 }),
          fc.integer({ min: 6, max: 40 }),
        ),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    materials: fc.array(
      fc.record({
        temperature: TEMPERATURE,
        hazmat: fc.boolean(),
        abc: fc.constantFrom("A", "B", "C", null),
        dims: fc.option(
          fc.tuple(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 30 })),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    stock: fc.array(
      fc.record({
        location: fc.nat(),
        material: fc.nat(),
        lot: fc.constantFrom("L1", "L2"),
        quantity: fc.integer({ min: 1, max: 2 }),
      }),
      { maxLength: 6 },
    ),
    items: fc.array(
      fc.record({
        material: fc.nat(),
        lot: fc.constantFrom("L1", "L2", "L3", null),
        quantity: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    algorithm: fc.constantFrom(...ALGORITHMS),
    allowSplit: fc.boolean(),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  let run = 0;
  /** A new facility of tenant `cmp` laid out as the scenario says, with its materials and stock. */
  async function build(s: Scenario): Promise<{ facilityId: string; materialIds: string[] }> {
    run += 1;
    const { rows } = await db.admin.query(
      `with f as (
         insert into app_public.facilities (tenant_id, code, name) values ($1, $2, $2) returning tenant_id, facility_id
       ), z as (
         insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
         select f.tenant_id, f.facility_id, t::text, t::text, t from f,
                unnest(array['RESERVE', 'BULK', 'PICK_FACE']::app_public.zone_type[]) t
         returning zone_id, zone_type, facility_id
       ) select (select facility_id from f) as facility_id, json_object_agg(z.zone_type, z.zone_id) as zones from z`,
      [ids.tenant, `P${run}`],
    );
    const facilityId = rows[0].facility_id as string;
    const zones = rows[0].zones as Record<string, string>;
    const locations = s.locations.map((l, i) => {
      const volume = (l.inner[0] * l.inner[1] * l.inner[2]) / 1728;
      return [
        zones[l.zone],
        `L${i}`,
        i,
        ...l.inner,
        Math.min(20, Math.floor(volume * 1000) / 1000),
        l.temperature,
        l.hazmat,
        `{${l.abc.join(",")}}`,
        l.mixing,
      ];
    });
    const locationIds = (
      await db.admin.query(
        `insert into app_public.locations (tenant_id, facility_id, zone_id, code, pick_sequence, inner_length_in,
                                           inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs,
                                           temperature_class, hazmat_allowed, allowed_abc_classes, mixing_rule)
         select $1, $2, (r->>0)::uuid, r->>1, (r->>2)::int, (r->>3)::numeric, (r->>4)::numeric, (r->>5)::numeric,
                (r->>6)::numeric, 1000, (r->>7)::app_public.temperature_class, (r->>8)::boolean,
                (r->>9)::app_public.abc_class[], (r->>10)::app_public.mixing_rule
           from json_array_elements($3::json) with ordinality as x(r, n) order by n
         returning location_id`,
        [ids.tenant, facilityId, JSON.stringify(locations)],
      )
    ).rows.map((r) => r.location_id as string);
    const materials = s.materials.map((m, i) => [
      `P${run}-M${i}`,
      m.dims?.[0] ?? null,
      m.dims?.[1] ?? null,
      m.dims?.[2] ?? null,
      m.dims === null
        ? 0.5
        : Math.max(cubicFeetOf(1), cubicFeetOf(cubicUnits((m.dims[0] * m.dims[1] * m.dims[2]) / 1728))),
      m.abc,
      m.temperature,
      m.hazmat ? "3" : null,
    ]);
    const materialIds = (
      await db.admin.query(
        `insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in,
                                           unit_cubic_feet, unit_weight_lbs, abc_class, temperature_requirement,
                                           hazmat_class)
         select $1, r->>0, (r->>1)::numeric, (r->>2)::numeric, (r->>3)::numeric, (r->>4)::numeric, 1,
                (r->>5)::app_public.abc_class, (r->>6)::app_public.temperature_class, r->>7
           from json_array_elements($2::json) with ordinality as x(r, n) order by n
         returning material_id`,
        [ids.tenant, JSON.stringify(materials)],
      )
    ).rows.map((r) => r.material_id as string);
    // Stock already there, whatever the rules (counted in as adjustments: receipts check them); what does not
    // fit is skipped.
    for (const stock of s.stock) {
      await db.admin
        .query(
          `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                          lot_number, location_id, quantity)
           values ($1, $2, 'ADJUSTMENT', $3, $4, $5, $6)`,
          [
            ids.tenant,
            facilityId,
            materialIds[stock.material % materialIds.length],
            stock.lot,
            locationIds[stock.location % locationIds.length],
            stock.quantity,
          ],
        )
        .catch((error: { code?: string }) => {
          if (error.code !== "CAPAC") throw error;
        });
    }
    return { facilityId, materialIds };
  }

  test("every placement the engine reserves passes app_hidden.location_accepts", async () => {
    const token = await api.token("cmp");
    let placements = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { facilityId, materialIds } = await build(s);
        const result = await api.graphql<{ createBatchPutawayRecommendations: { batchId: string } }>(
          `mutation($input: BatchPutawayInput!) { createBatchPutawayRecommendations(input: $input) { batchId } }`,
          {
            input: {
              facilityId,
              algorithm: s.algorithm,
              allowSplit: s.allowSplit,
              items: s.items.map((item) => ({
                materialId: materialIds[item.material % materialIds.length],
                quantity: item.quantity,
                lotNumber: item.lot,
              })),
            },
          },
          token,
        );
        expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
        const { rows } = await db.admin.query(
          `select l.code as location, m.code as material, r.lot_number,
                  app_hidden.location_accepts(r.tenant_id, r.location_id, r.material_id, r.lot_number, true,
                                              r.recommendation_id) as refusal
             from app_public.putaway_recommendations r
             join app_public.locations l using (tenant_id, location_id)
             join app_public.materials m using (tenant_id, material_id)
            where r.tenant_id = $1 and r.batch_id = $2`,
          [ids.tenant, result.data!.createBatchPutawayRecommendations.batchId],
        );
        placements += rows.length;
        expect(rows.filter((r) => r.refusal !== null)).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // The property was exercised: the engine did place stock.
    expect(placements).toBeGreaterThan(0);
  });
});
