/**
 * One source for units and vocabularies. SQL cannot import TypeScript, so each rule the two both state is
 * checked here against the database itself: every vocabulary of src/engine/vocabulary.ts equals its SQL enum
 * or check constraint (read from the catalog, in order), every enum and listing check constraint of the
 * schema is either mirrored there or known to need no TypeScript copy, and the units of src/engine/units.ts
 * are the ones the SQL writes: the columns' decimals, the room functions' rounding, and a round trip through
 * the snapshot and a reservation.
 */
import fc from "fast-check";
import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { type Claims, claimSettings } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import {
  ABC_CLASSES,
  ALGORITHMS,
  CROSS_DOCK_CANCELLATION_STATUSES,
  CUBIC_UNITS_PER_CUBIC_FOOT,
  cubicFeetOf,
  cubicUnits,
  type LayoutColumns,
  MIXING_RULES,
  MOVE_REASONS,
  MOVE_TASK_STATUSES,
  poundsOf,
  QUANTITY_DECIMALS,
  RECOMMENDATION_STATUSES,
  REFUSAL_REASONS,
  REMEDIATION_OUTCOMES,
  RESLOTTING_OBJECTIVES,
  TEMPERATURES,
  WEIGHT_UNITS_PER_POUND,
  weightUnits,
  ZONE_TYPES,
} from "../src/engine/index.ts";
import { masterRoomUnits, PutawayService } from "../src/putaway/service.ts";
import { SIMULATION_RUN_STATUSES } from "../src/sim/facility.ts";
import { useTestDatabase } from "./support/db.ts";

const db = useTestDatabase();

/** The TypeScript list of each app_public enum that TypeScript reads or writes. */
const ENUMS: Record<string, readonly string[]> = {
  putaway_algorithm: ALGORITHMS,
  zone_type: ZONE_TYPES,
  temperature_class: TEMPERATURES,
  abc_class: ABC_CLASSES,
  mixing_rule: MIXING_RULES,
  recommendation_status: RECOMMENDATION_STATUSES,
  remediation_outcome: REMEDIATION_OUTCOMES,
  reslotting_objective: RESLOTTING_OBJECTIVES,
  move_task_status: MOVE_TASK_STATUSES,
};
/** Enums TypeScript only hands to and from the database, by name in SQL text: no TypeScript list to keep. */
const ENUMS_WITHOUT_COPY = [
  "lot_status",
  "order_line_status",
  "order_status",
  "transaction_type",
  "verification_outcome",
];

/** The TypeScript list of each check constraint holding a list that TypeScript reads or writes. */
const CHECKS: Record<string, readonly string[]> = {
  chk_capacity_validation_failures_reason: REFUSAL_REASONS,
  chk_cross_dock_cancellations_status: CROSS_DOCK_CANCELLATION_STATUSES,
  chk_putaway_simulation_runs_status: SIMULATION_RUN_STATUSES,
  chk_move_tasks_reason: MOVE_REASONS,
};
/** Listing check constraints no TypeScript code names values of (SQL functions write them). */
const CHECKS_WITHOUT_COPY = [
  "chk_bin_optimization_ab_test_results_metric",
  "chk_bin_optimization_ab_test_results_test",
  "chk_bin_optimization_outliers_metric",
  "chk_capacity_validation_failures_source",
  "chk_data_quality_findings_entity_type",
  "chk_data_quality_findings_status",
];

/** The values of a check constraint of the form `column = ANY (ARRAY['A'::text, …])`, in order. */
function listOf(definition: string): string[] {
  const array = /= ANY \(ARRAY\[(.*)\]\)/.exec(definition)?.[1];
  if (array === undefined) throw new Error(`not a list: ${definition}`);
  return [...array.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

describe("vocabularies", () => {
  test.each(Object.entries(ENUMS))(
    "enum app_public.%s has the TypeScript list's labels, in order",
    async (name, list) => {
      const { rows } = await db.admin.query<{ labels: string[] }>(
        `select array_agg(e.enumlabel::text order by e.enumsortorder) as labels
         from pg_catalog.pg_enum e where e.enumtypid = $1::regtype`,
        [`app_public.${name}`],
      );
      expect(rows[0]!.labels).toEqual([...list]);
    },
  );

  test.each(Object.entries(CHECKS))("check constraint %s allows the TypeScript list, in order", async (name, list) => {
    const { rows } = await db.admin.query<{ definition: string }>(
      `select pg_catalog.pg_get_constraintdef(c.oid) as definition from pg_catalog.pg_constraint c
        where c.conname = $1 and c.connamespace = 'app_public'::regnamespace`,
      [name],
    );
    expect(rows).toHaveLength(1);
    expect(listOf(rows[0]!.definition)).toEqual([...list]);
  });

  test("every enum of the schema has a TypeScript list here, or is known to need none", async () => {
    const { rows } = await db.admin.query<{ name: string }>(
      `select t.typname::text as name from pg_catalog.pg_type t
        where t.typtype = 'e' and t.typnamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace,
                                                     'app_private'::regnamespace)
        order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([...Object.keys(ENUMS), ...ENUMS_WITHOUT_COPY].sort());
  });

  test("every check constraint holding a list has a TypeScript list here, or is known to need none", async () => {
    const { rows } = await db.admin.query<{ name: string }>(
      `select c.conname::text as name from pg_catalog.pg_constraint c
        where c.contype = 'c' and c.connamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace,
                                                     'app_private'::regnamespace)
          and pg_catalog.pg_get_constraintdef(c.oid) ~ '= ANY \\(ARRAY\\['
        order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([...Object.keys(CHECKS), ...CHECKS_WITHOUT_COPY].sort());
  });
});

/** Decimals a unit scale (10,000, 1,000) counts: the most a value may have to be a whole number of units. */
const decimalsOf = (scale: number) => Math.round(Math.log10(scale));

/** Decimals written in a numeric's text ("5.4323" has 4). */
const decimalsIn = (text: string) => /\.(\d*?)0*$/.exec(text)?.[1]?.length ?? 0;

describe("units", () => {
  test("no column of cubic feet, pounds or quantities keeps more decimals than the units count", async () => {
    const { rows } = await db.admin.query<{ column: string; scale: number }>(
      `select c.table_schema || '.' || c.table_name || '.' || c.column_name as column, c.numeric_scale as scale
         from information_schema.columns c
         join information_schema.tables t using (table_schema, table_name)
        where c.table_schema in ('app_public', 'app_hidden', 'app_private') and t.table_type = 'BASE TABLE'
          and c.data_type = 'numeric' and c.numeric_scale is not null
          and (c.column_name ~ 'cubic_feet|weight_lbs' or c.column_name ~ '(^|_)quantity($|_)')
        order by 1`,
    );
    const most = (column: string) =>
      /cubic_feet/.test(column)
        ? decimalsOf(CUBIC_UNITS_PER_CUBIC_FOOT)
        : /weight_lbs/.test(column)
          ? decimalsOf(WEIGHT_UNITS_PER_POUND)
          : QUANTITY_DECIMALS;
    // The schema has such columns of each kind (the check below is not vacuous).
    expect(rows.some((r) => r.column.endsWith(".unit_cubic_feet"))).toBe(true);
    expect(rows.some((r) => r.column.endsWith(".max_weight_lbs"))).toBe(true);
    expect(rows.some((r) => r.column.endsWith(".quantity_on_hand"))).toBe(true);
    expect(rows.filter((r) => r.scale > most(r.column)).map((r) => `${r.column}: ${r.scale} decimals`)).toEqual([]);
  });

  test("the room functions round a quantity's room to whole units, as the service's masterRoomUnits", async () => {
    const quantity = fc.integer({ min: 1, max: 5_000_000 }).map((n) => n / 10 ** QUANTITY_DECIMALS);
    const unitCubic = fc.integer({ min: 1, max: 2_000_000 }); // capacity units of one unit of a material
    const unitWeight = fc.integer({ min: 0, max: 2_000_000 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(quantity, unitCubic, unitWeight), { minLength: 1, maxLength: 40 }),
        async (cases) => {
          const { rows } = await db.admin.query<{ cubic: string; weight: string }>(
            `select app_hidden.room_cubic_feet(q, c, null)::text as cubic, app_hidden.room_weight_lbs(q, w, null)::text as weight
             from unnest($1::numeric[], $2::numeric[], $3::numeric[]) with ordinality as x(q, c, w, n) order by n`,
            [cases.map(([q]) => q), cases.map(([, c]) => cubicFeetOf(c)), cases.map(([, , w]) => poundsOf(w))],
          );
          cases.forEach(([q, c, w], i) => {
            expect(decimalsIn(rows[i]!.cubic)).toBeLessThanOrEqual(decimalsOf(CUBIC_UNITS_PER_CUBIC_FOOT));
            expect(decimalsIn(rows[i]!.weight)).toBeLessThanOrEqual(decimalsOf(WEIGHT_UNITS_PER_POUND));
            expect(cubicUnits(Number(rows[i]!.cubic)), `${q} × ${cubicFeetOf(c)} ft³`).toBe(masterRoomUnits(q, c));
            expect(weightUnits(Number(rows[i]!.weight)), `${q} × ${poundsOf(w)} lb`).toBe(masterRoomUnits(q, w));
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  describe("a round trip through the snapshot and a reservation", () => {
    const claims: Claims = { tenantId: "", userId: "00000000-0000-0000-0000-000000000000", role: "admin" };
    let facilityId = "";
    let materialId = "";

    interface SnapshotRows {
      layout: LayoutColumns & { ids: string[] };
      occupancy: Array<[string, number, number, number, number, number]>;
    }

    /** The engine's snapshot of the facility, as the tenant, on a plain pg client. */
    async function snapshot(client: pg.Client): Promise<SnapshotRows> {
      const { rows } = await client.query<{ snapshot: SnapshotRows }>(
        "select app_hidden.putaway_snapshot($1, '{}', null, null, interval '1 hour') as snapshot",
        [facilityId],
      );
      return rows[0]!.snapshot;
    }

    async function asTenant<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: db.adminUrl });
      await client.connect();
      try {
        await client.query("begin");
        await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
          JSON.stringify(claimSettings(claims)),
        ]);
        const result = await work(client);
        await client.query("commit");
        return result;
      } finally {
        await client.end();
      }
    }

    /* Tenant units from the pgTAP fixture, with capacities and a material whose sizes use every decimal. */
    beforeAll(async () => {
      claims.tenantId = (await db.admin.query("select tests.create_tenant_fixture('units') as id")).rows[0].id;
      facilityId = (await db.admin.query("select tests.id_of('facilities', 'DC1', 'units') as id")).rows[0].id;
      await db.admin.query(
        `update app_public.locations set max_cubic_feet = 9.875, max_weight_lbs = 487.25
          where tenant_id = $1 and code = 'R-02'`,
        [claims.tenantId],
      );
      materialId = (
        await db.admin.query(
          `insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in,
                                             unit_cubic_feet, unit_weight_lbs)
           values ($1, 'SKU-U', 6, 6, 5.93, 0.1235, 1.234) returning material_id`,
          [claims.tenantId],
        )
      ).rows[0].material_id;
      await db.admin.query(
        `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                        lot_number, location_id, quantity)
         values ($1, $2, 'RECEIPT', $3, 'U1', tests.id_of('locations', 'R-01', 'units'), 3.5)`,
        [claims.tenantId, facilityId, materialId],
      );
    });

    test("the snapshot hands the engine each capacity and occupancy as the same whole units TypeScript counts", async () => {
      const { rows: locations } = await db.admin.query<{
        id: string;
        max_cubic: string;
        max_weight: string;
        occupancy: string[];
      }>(
        `select l.location_id as id, l.max_cubic_feet::text as max_cubic, l.max_weight_lbs::text as max_weight,
                array[o.cubic_feet_on_hand, o.weight_lbs_on_hand, o.cubic_feet_reserved, o.weight_lbs_reserved]::text[]
                  as occupancy
           from app_public.locations l
           join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
          where l.tenant_id = $1`,
        [claims.tenantId],
      );
      const seen = await asTenant(snapshot);
      expect(seen.layout.ids).toHaveLength(locations.length);
      for (const location of locations) {
        const i = seen.layout.ids.indexOf(location.id);
        expect(seen.layout.maxCubic[i], location.max_cubic).toBe(cubicUnits(Number(location.max_cubic)));
        expect(seen.layout.maxWeight[i], location.max_weight).toBe(weightUnits(Number(location.max_weight)));
        const [, , ...units] = seen.occupancy.find(([id]) => id === location.id)!;
        const [cubicOnHand, weightOnHand, cubicReserved, weightReserved] = location.occupancy as [
          string,
          string,
          string,
          string,
        ];
        // Exact: the database keeps no more decimals than a unit, so nothing is rounded on the way.
        for (const cubic of [cubicOnHand, cubicReserved])
          expect(decimalsIn(cubic)).toBeLessThanOrEqual(decimalsOf(CUBIC_UNITS_PER_CUBIC_FOOT));
        for (const weight of [weightOnHand, weightReserved])
          expect(decimalsIn(weight)).toBeLessThanOrEqual(decimalsOf(WEIGHT_UNITS_PER_POUND));
        expect(units.slice(0, 4)).toEqual([
          cubicUnits(Number(cubicOnHand)),
          weightUnits(Number(weightOnHand)),
          cubicUnits(Number(cubicReserved)),
          weightUnits(Number(weightReserved)),
        ]);
      }
      // R-01 holds 5 of SKU-1 and 3.5 of SKU-U: 5 + 0.43225 rounded to a whole unit, 5.4323 ft³.
      const r01 = locations.find((l) => seen.layout.codes[seen.layout.ids.indexOf(l.id)] === "R-01")!;
      expect(r01.occupancy[0]).toBe("5.4323");
    });

    test("a reservation the engine planned in units is stored as those units' cubic feet and pounds, and read back as the same units", async () => {
      const service = new PutawayService(loadConfig({}).putaway, loadConfig({}).features);
      const declared = { cubicFeet: 0.2471, weightLbs: 2.469 }; // 2 units: master data says 0.247 and 2.468
      const { result, before, after } = await asTenant(async (client) => {
        const before = await snapshot(client);
        const result = await service.reserve(client, claims, {
          facilityId,
          items: [{ materialId, quantity: 2, ...declared }],
        });
        return { result, before, after: await snapshot(client) };
      });
      const placed = result.recommendations[0]!;
      expect(placed.locationId).not.toBeNull();
      const { rows } = await db.admin.query<{ cubic_feet: string; weight_lbs: string }>(
        "select cubic_feet::text, weight_lbs::text from app_public.putaway_recommendations where recommendation_id = $1",
        [placed.recommendationId],
      );
      expect(rows[0]).toEqual({ cubic_feet: "0.2471", weight_lbs: "2.469" });
      expect(Number(rows[0]!.cubic_feet)).toBe(cubicFeetOf(cubicUnits(declared.cubicFeet)));
      expect(Number(rows[0]!.weight_lbs)).toBe(poundsOf(weightUnits(declared.weightLbs)));
      const reserved = (s: SnapshotRows) => s.occupancy.find(([id]) => id === placed.locationId)!.slice(4, 6);
      const [cubicBefore, weightBefore] = reserved(before) as [number, number];
      expect(reserved(after)).toEqual([
        cubicBefore + cubicUnits(declared.cubicFeet),
        weightBefore + weightUnits(declared.weightLbs),
      ]);
    });
  });
});
