/**
 * Adaptive slotting end to end: app_private.slotting_demand answers each material's picks per day and stock
 * figures over the window (exact mean, on hand, low and high marks, cube picked per day); the reclassify_abc task
 * turns them into the stock expected over the coming weeks and slot shares with the engine's rules and writes
 * them per facility;
 * an ENHANCED recommendation then aims a fast mover per cube nearer the dock than a slow one even when both are
 * class A, a material without a share falls back to its ABC class, and without shares both land together.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { expectedStockCubic, slotShares } from "../src/engine/slotting.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";
import { runTask } from "./support/tasks.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { BIN_OPTIMIZATION_ALGORITHM: "ENHANCED", CROSS_DOCK_ENABLED: "false" } });

const ids: Record<string, string> = {};

/*
 * Tenant `slot`, facility DC1 with its dock at (0, 0) and one reserve zone: E1..E20, empty, 10 cubic feet each,
 * 10 feet apart on the way out (x = 10..200); S1..S7 far away (x = 301..307), which hold the stock and are
 * blocked (so they are neither candidates nor storage room, and consolidation pulls nobody there). Materials of
 * 1 cubic foot: FAST (32 units received 100 days ago into S7, then 30 picks of one unit, every 2.5 days from 75
 * days ago to 2.5 days ago), SLOW (60 units received 100 days ago into S1..S6, one pick 10 days ago), NEW
 * (nothing). Facility DC2 holds SLOW's stock too but has no picks. Over a 90-day window:
 * - FAST: 30/90 picks a day; 32 units at the start, each pick takes one for the rest of the window, so the mean
 *   stock is 32 - Σ 2.5 i / 90 = 32 - 12.9167 = 19.0833 cubic feet (2 on hand + Σ (90 - 2.5 i) / 90);
 * - SLOW: 1/90 picks a day, mean stock 60 - 10/90 = 59.8889 cubic feet.
 */
async function createFixture(): Promise<void> {
  await db.admin.query(`
    do $$
    declare
      t uuid; f uuid; f2 uuid; rsv uuid; rsv2 uuid; stg uuid; g1 uuid; s3 uuid; fast uuid; slow uuid; mix uuid;
    begin
      insert into app_public.tenants (code, name) values ('slot', 'Slotting') returning tenant_id into t;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'DC1', 'DC') returning facility_id into f;
      insert into app_public.facilities (tenant_id, code, name) values (t, 'DC2', 'Other DC') returning facility_id into f2;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'RSV', 'Reserve', 'RESERVE') returning zone_id into rsv;
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f2, 'RSV', 'Reserve', 'RESERVE') returning zone_id into rsv2;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        select t, f, rsv, 'E' || i, 'A1', 10 * i, i, 30, 30, 30, 10, 1000 from generate_series(1, 20) i;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        select t, f, rsv, 'S' || i, 'A9', 300 + i, 300 + i, 30, 30, 30, 32, 1000 from generate_series(1, 7) i;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, aisle, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        values (t, f2, rsv2, 'D1', 'A1', 10, 1, 30, 30, 30, 100, 1000);
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'FAST', 12, 12, 12, 1, 10, 'A') returning material_id into fast;
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'SLOW', 12, 12, 12, 1, 10, 'A') returning material_id into slow;
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'NEW', 12, 12, 12, 1, 10, 'A');
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, 'RECEIPT', fast, 'F1', location_id, 32, now() - interval '100 days'
          from app_public.locations where tenant_id = t and facility_id = f and code = 'S7';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, 'PICK', fast, 'F1', l.location_id, -1, now() - make_interval(secs => 2.5 * 86400 * i)
          from app_public.locations l, generate_series(1, 30) i where l.tenant_id = t and l.facility_id = f and l.code = 'S7';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, 'RECEIPT', slow, 'S1', location_id, 10, now() - interval '100 days'
          from app_public.locations where tenant_id = t and facility_id = f and code in ('S1', 'S2', 'S3', 'S4', 'S5', 'S6');
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f, 'PICK', slow, 'S1', location_id, -1, now() - interval '10 days'
          from app_public.locations where tenant_id = t and facility_id = f and code = 'S1';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
        select t, f2, 'RECEIPT', slow, 'S1', location_id, 50, now() - interval '100 days'
          from app_public.locations where tenant_id = t and facility_id = f2;
      -- MIX: 10 in, 6 moved out to staging, 5 in, 3 picked: storage stock 0 → 10 → 4 → 9 → 6.
      insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'STG', 'Staging', 'STAGING') returning zone_id into stg;
      insert into app_public.locations (tenant_id, facility_id, zone_id, code, x_ft, pick_sequence, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
        values (t, f, stg, 'G1', 400, 400, 30, 30, 30, 100, 1000) returning location_id into g1;
      insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs, abc_class)
        values (t, 'MIX', 12, 12, 12, 1, 10, 'C') returning material_id into mix;
      select location_id into s3 from app_public.locations where tenant_id = t and facility_id = f and code = 'S3';
      insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, from_location_id, quantity, occurred_at)
        values (t, f, 'RECEIPT', mix, 'M1', s3, null, 10, now() - interval '60 days'),
               (t, f, 'MOVE', mix, 'M1', g1, s3, 6, now() - interval '50 days'),
               (t, f, 'RECEIPT', mix, 'M1', s3, null, 5, now() - interval '20 days'),
               (t, f, 'PICK', mix, 'M1', s3, null, -3, now() - interval '10 days');
      update app_public.locations set is_blocked = true, blocked_reason = 'count'
       where tenant_id = t and facility_id = f and code like 'S%';
    end $$`);
  const { rows } = await db.admin.query(`
    select 'facility:' || f.code as k, f.facility_id as id from app_public.facilities f join app_public.tenants t using (tenant_id) where t.code = 'slot'
    union all select 'material:' || m.code, material_id from app_public.materials m join app_public.tenants t using (tenant_id) where t.code = 'slot'`);
  for (const row of rows) ids[row.k] = row.id;
}

beforeAll(createFixture);

interface DemandRow {
  facility: string;
  material: string;
  picks_per_day: string;
  stock_cubic_feet: string;
  on_hand_cubic_feet: string;
  low_cubic_feet: string;
  high_cubic_feet: string;
  picked_cubic_feet_per_day: string;
}

const demandRows = async () =>
  (
    await db.admin.query<DemandRow>(`
      select f.code as facility, d.code as material, d.picks_per_day, d.stock_cubic_feet, d.on_hand_cubic_feet,
             d.low_cubic_feet, d.high_cubic_feet, d.picked_cubic_feet_per_day
        from app_private.slotting_demand((select tenant_id from app_public.tenants where code = 'slot')) d
        join app_public.facilities f using (facility_id)
       order by f.code, d.code`)
  ).rows;

interface SlottingRow {
  facility: string;
  material: string;
  picks_per_day: string;
  stock_cubic_feet: string;
  slot_share: string;
  window_days: number;
}

const slottingRows = async () =>
  (
    await db.admin.query<SlottingRow>(`
      select f.code as facility, m.code as material, s.picks_per_day, s.stock_cubic_feet, s.slot_share, s.window_days
        from app_private.material_slotting s
        join app_public.facilities f using (tenant_id, facility_id)
        join app_public.materials m using (tenant_id, material_id)
        join app_public.tenants t on t.tenant_id = s.tenant_id
       where t.code = 'slot'
       order by f.code, m.code`)
  ).rows;

/** Runs reclassify_abc for tenant `slot`; cut-offs 99/0.5/0.5 keep FAST and SLOW both in class A. */
function reclassify(payload: Record<string, unknown> = {}) {
  const result = runTask(
    db,
    { task: "reclassify_abc", logLevel: "info" },
    "--tenant",
    "slot",
    "--payload",
    JSON.stringify({ cutoffs: [99, 0.5, 0.5], ...payload }),
  );
  expect(result.status, result.stderr).toBe(0);
  return result;
}

/** The location an ENHANCED preview recommends for one unit of `material`, and its x (feet from the dock). */
async function aim(material: string): Promise<{ code: string; x: number }> {
  const result = await api.graphql<{
    getBatchPutawayRecommendations: { recommendations: Array<{ locationCode: string | null; reasonCode: string }> };
  }>(
    `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) {
       recommendations { locationCode reasonCode } } }`,
    {
      input: {
        facilityId: ids["facility:DC1"],
        algorithm: "ENHANCED",
        items: [{ materialId: ids[`material:${material}`], quantity: 1 }],
      },
    },
    await api.token("slot"),
  );
  expect(result.errors).toBeUndefined();
  const [rec] = result.data!.getBatchPutawayRecommendations.recommendations;
  expect(rec?.locationCode, `${material}: ${rec?.reasonCode}`).toMatch(/^E\d+$/);
  return { code: rec!.locationCode!, x: 10 * Number(rec!.locationCode!.slice(1)) };
}

describe("adaptive slotting", () => {
  test("slotting_demand answers picks per day, mean, on hand, low and high stock and cube picked per day", async () => {
    const figures = (await demandRows()).map((r) => ({
      at: `${r.facility}/${r.material}`,
      picks: Number(r.picks_per_day),
      mean: Number(r.stock_cubic_feet),
      onHand: Number(r.on_hand_cubic_feet),
      low: Number(r.low_cubic_feet),
      high: Number(r.high_cubic_feet),
      picked: Number(r.picked_cubic_feet_per_day),
    }));
    expect(figures.map((f) => f.at)).toEqual(["DC1/FAST", "DC1/MIX", "DC1/SLOW", "DC2/SLOW"]);
    const [fast, mix, slow, other] = figures;
    expect(fast).toMatchObject({ onHand: 2, low: 2, high: 32 });
    expect(fast!.mean).toBeCloseTo(19.0833, 3);
    expect(fast!.picks).toBeCloseTo(30 / 90, 6);
    expect(fast!.picked).toBeCloseTo(30 / 90, 6);
    expect(slow).toMatchObject({ onHand: 59, low: 59, high: 60 });
    expect(slow!.picked).toBeCloseTo(1 / 90, 6);
    // The move to staging takes stock out of storage; the marks follow the stock through time.
    expect(mix).toMatchObject({ onHand: 6, low: 0, high: 10 });
    expect(mix!.mean).toBeCloseTo(370 / 90, 3);
    expect(mix!.picked).toBeCloseTo(3 / 90, 6);
    // Nothing moved at DC2 in the window: its marks are what is on hand.
    expect(other).toMatchObject({ picks: 0, mean: 50, onHand: 50, low: 50, high: 50, picked: 0 });
  });

  test("later-dated movements count as now; the cube picked is what storage lost, lines count everywhere", async () => {
    // 10 received 100 days ago (before the window), 4 picked 10 days ago, then 20 picked and 50 received, dated
    // 5 and 10 days ahead: 36 on hand. Counted as now, the stock was 10, then 6, then 36.
    await db.admin.query(`
      do $$
      declare t uuid; f uuid; z uuid; l uuid; m uuid; sz uuid; g uuid;
      begin
        insert into app_public.tenants (code, name) values ('slotfut', 'Later-dated') returning tenant_id into t;
        insert into app_public.facilities (tenant_id, code, name) values (t, 'F1', 'DC') returning facility_id into f;
        insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'R', 'Reserve', 'RESERVE') returning zone_id into z;
        insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
          values (t, f, z, 'L1', 60, 60, 60, 100, 5000) returning location_id into l;
        insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs)
          values (t, 'M', 12, 12, 12, 1, 10) returning material_id into m;
        insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
          values (t, f, 'RECEIPT', m, 'A', l, 10, now() - interval '100 days'),
                 (t, f, 'PICK', m, 'A', l, -4, now() - interval '10 days'),
                 (t, f, 'RECEIPT', m, 'A', l, 50, now() + interval '10 days'),
                 (t, f, 'PICK', m, 'A', l, -20, now() + interval '5 days');
        -- And 5 received into staging and picked there: a line, but no storage stock moved.
        insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values (t, f, 'S', 'Staging', 'STAGING') returning zone_id into sz;
        insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs)
          values (t, f, sz, 'G1', 60, 60, 60, 100, 5000) returning location_id into g;
        insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, occurred_at)
          values (t, f, 'RECEIPT', m, 'B', g, 5, now() - interval '20 days'),
                 (t, f, 'PICK', m, 'B', g, -5, now() - interval '15 days');
      end $$`);
    const { rows } = await db.admin.query(
      `select on_hand_cubic_feet::float8 as "onHand", low_cubic_feet::float8 as low, high_cubic_feet::float8 as high,
              picks_per_day::float8 * 90 as lines, picked_cubic_feet_per_day::float8 * 90 as picked
         from app_private.slotting_demand((select tenant_id from app_public.tenants where code = 'slotfut'))`,
    );
    // Three lines in the window, but only the 24 units picked from storage ran its stock down.
    expect(rows).toEqual([{ onHand: 36, low: 6, high: 36, lines: 3, picked: expect.closeTo(24, 6) }]);
  });

  test("reclassify_abc writes each material's picks per day, exact mean stock cube and slot share", () => {
    const result = reclassify();
    expect(result.stderr).toMatch(
      /ABC reclassification of tenant slot: \d+ material\(s\) changed class; slot shares of 3 material\(s\) in 1 facility\(ies\)/,
    );
  });

  test("the figures: expected stock and shares as the engine computes them, fast mover per cube first", async () => {
    const rows = await slottingRows();
    // DC2 has stock but no picks: no shares there. NEW has neither picks nor stock: no row.
    expect(rows.map((r) => [r.facility, r.material, r.window_days])).toEqual([
      ["DC1", "FAST", 90],
      ["DC1", "MIX", 90],
      ["DC1", "SLOW", 90],
    ]);
    const [fast, mix, slow] = rows as [SlottingRow, SlottingRow, SlottingRow];
    expect(Number(fast.picks_per_day)).toBeCloseTo(30 / 90, 4);
    expect(Number(slow.picks_per_day)).toBeCloseTo(1 / 90, 4);
    const demand = new Map((await demandRows()).map((r) => [`${r.facility}/${r.material}`, r]));
    const expected = (key: string) => {
      const r = demand.get(key)!;
      return expectedStockCubic({
        onHandCubic: Number(r.on_hand_cubic_feet),
        lowCubic: Number(r.low_cubic_feet),
        highCubic: Number(r.high_cubic_feet),
        pickedCubicPerDay: Number(r.picked_cubic_feet_per_day),
      });
    };
    expect(Number(fast.stock_cubic_feet)).toBeCloseTo(expected("DC1/FAST"), 3);
    expect(Number(slow.stock_cubic_feet)).toBeCloseTo(expected("DC1/SLOW"), 3);
    expect(Number(mix.stock_cubic_feet)).toBeCloseTo(expected("DC1/MIX"), 3);
    expect(Number(fast.stock_cubic_feet)).toBeCloseTo(785 / 30, 3);
    expect(Number(mix.stock_cubic_feet)).toBeCloseTo(5.5167, 3);
    expect(Number(slow.stock_cubic_feet)).toBeCloseTo(59.8056, 3);
    // Storage room: E1..E20 (the blocked S locations do not count), 200 cubic feet.
    const shares = slotShares(
      rows.map((r) => ({
        material: r.material,
        picksPerDay: Number(r.picks_per_day),
        stockCubic: Number(r.stock_cubic_feet),
      })),
      200,
    );
    expect(Number(fast.slot_share)).toBeCloseTo(shares.get("FAST")!, 5);
    expect(Number(slow.slot_share)).toBeCloseTo(shares.get("SLOW")!, 5);
    expect(Number(mix.slot_share)).toBeCloseTo(shares.get("MIX")!, 5);
    // Picks per cubic foot: FAST, then MIX, then SLOW.
    expect(Number(fast.slot_share)).toBeCloseTo(785 / 30 / 2 / 200, 4);
    expect(Number(mix.slot_share)).toBeCloseTo((785 / 30 + 5.5167 / 2) / 200, 4);
    expect(Number(slow.slot_share)).toBeCloseTo((785 / 30 + 5.5167 + 59.8056 / 2) / 200, 4);
    const classes = await db.admin.query(
      "select code, abc_class from app_public.materials where tenant_id = (select tenant_id from app_public.tenants where code = 'slot') order by code",
    );
    expect(classes.rows).toEqual([
      { code: "FAST", abc_class: "A" },
      { code: "MIX", abc_class: "A" },
      { code: "NEW", abc_class: "C" },
      { code: "SLOW", abc_class: "A" },
    ]);
  });

  test("ENHANCED aims the fast mover nearer the dock than the slow one, both class A", async () => {
    const fast = await aim("FAST");
    const slow = await aim("SLOW");
    // FAST's share (0.065) of 200 cubic feet lies within E1..E2, SLOW's (0.308) within E1..E7.
    expect(fast.code).toBe("E2");
    expect(slow.code).toBe("E7");
    expect(fast.x).toBeLessThan(slow.x);
  });

  test("a material without a share gets a recommendation by its ABC class", async () => {
    // NEW is class C now: the C target, 0.9 of the way out (E18), not a share's.
    const fresh = await aim("NEW");
    expect(fresh.x).toBeGreaterThanOrEqual(160);
  });

  test("rerunning replaces the rows; a window without picks removes them, and ABC alone does not separate the two", async () => {
    reclassify();
    expect((await slottingRows()).map((r) => r.material)).toEqual(["FAST", "MIX", "SLOW"]);
    reclassify({ windowDays: 1 });
    expect(await slottingRows()).toEqual([]);
    const fast = await aim("FAST");
    const slow = await aim("SLOW");
    expect(fast.code).toBe(slow.code);
  });
});
