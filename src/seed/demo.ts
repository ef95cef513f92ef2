/**
 * The demo warehouse: a deterministic tenant, facility, layout, catalogue, stock and open orders, generated
 * from a seeded random generator and written in one transaction. `npm run seed:demo` loads the default
 * (tenant `demo`, facility `DC1`, 2,000 storage locations); benchmarks load larger layouts under other
 * tenant codes.
 *
 * The layout follows a common distribution-centre plan: the dock at the origin, aisles running away from
 * it, pick faces on the ground level of the front aisles, reserve above them, bulk at the back, one chilled
 * aisle and one hazmat aisle at the far end, and transit locations (receiving, staging, cross-dock) at the
 * dock.
 */
import type pg from "pg";
import {
  type AbcClass,
  cubicUnits,
  type LayoutColumns,
  type MixingRule,
  type TemperatureClass,
  weightUnits,
  type ZoneType,
} from "../engine/index.ts";
import { Random } from "./random.ts";

export interface DemoOptions {
  tenantCode: string;
  tenantName: string;
  facilityCode: string;
  aisles: number;
  baysPerAisle: number;
  levels: number;
  materials: number;
  orders: number;
  seed: number;
}

export const DEMO_DEFAULTS: DemoOptions = {
  tenantCode: "demo",
  tenantName: "Demo Distribution Co.",
  facilityCode: "DC1",
  aisles: 20,
  baysPerAisle: 25,
  levels: 4,
  materials: 500,
  orders: 25,
  seed: 20260101,
};

export interface DemoSummary {
  tenantId: string;
  facilityId: string;
  locations: number;
  materials: number;
  lots: number;
  orders: number;
}

type ZoneCode = "RCV" | "STG" | "XD" | "PF" | "RSV" | "BLK" | "COLD" | "HAZ";

interface ZoneSpec {
  code: ZoneCode;
  name: string;
  type: ZoneType;
  temperature: Exclude<TemperatureClass, "FROZEN">;
  /** Inner length, width, height in inches. */
  inner: [number, number, number];
  maxWeightLbs: number;
  abc: string;
  hazmat: boolean;
  mixing: MixingRule;
}

const ZONES: readonly ZoneSpec[] = [
  {
    code: "RCV",
    name: "Receiving dock",
    type: "RECEIVING",
    temperature: "AMBIENT",
    inner: [96, 96, 72],
    maxWeightLbs: 5000,
    abc: "{A,B,C}",
    hazmat: true,
    mixing: "ANY",
  },
  {
    code: "STG",
    name: "Staging lanes",
    type: "STAGING",
    temperature: "AMBIENT",
    inner: [96, 96, 72],
    maxWeightLbs: 5000,
    abc: "{A,B,C}",
    hazmat: false,
    mixing: "ANY",
  },
  {
    code: "XD",
    name: "Cross-dock lanes",
    type: "CROSS_DOCK",
    temperature: "AMBIENT",
    inner: [96, 96, 72],
    maxWeightLbs: 5000,
    abc: "{A,B,C}",
    hazmat: false,
    mixing: "ANY",
  },
  {
    code: "PF",
    name: "Pick faces",
    type: "PICK_FACE",
    temperature: "AMBIENT",
    inner: [48, 40, 48],
    maxWeightLbs: 1500,
    abc: "{A,B}",
    hazmat: false,
    mixing: "SINGLE_MATERIAL",
  },
  {
    code: "RSV",
    name: "Reserve racking",
    type: "RESERVE",
    temperature: "AMBIENT",
    inner: [48, 40, 60],
    maxWeightLbs: 2000,
    abc: "{A,B,C}",
    hazmat: false,
    mixing: "ANY",
  },
  {
    code: "BLK",
    name: "Bulk storage",
    type: "BULK",
    temperature: "AMBIENT",
    inner: [96, 48, 72],
    maxWeightLbs: 4000,
    abc: "{B,C}",
    hazmat: false,
    mixing: "SINGLE_LOT",
  },
  {
    code: "COLD",
    name: "Chilled aisle",
    type: "RESERVE",
    temperature: "CHILLED",
    inner: [48, 40, 48],
    maxWeightLbs: 1500,
    abc: "{A,B,C}",
    hazmat: false,
    mixing: "ANY",
  },
  {
    code: "HAZ",
    name: "Hazmat cage",
    type: "RESERVE",
    temperature: "AMBIENT",
    inner: [48, 40, 48],
    maxWeightLbs: 1500,
    abc: "{A,B,C}",
    hazmat: true,
    mixing: "SINGLE_MATERIAL",
  },
];

const TRANSIT_LOCATIONS: Record<"RCV" | "STG" | "XD", number> = { RCV: 4, STG: 10, XD: 6 };

export interface LocationRow {
  zone: ZoneSpec;
  code: string;
  aisle: string | null;
  bay: number | null;
  level: number | null;
  x: number;
  y: number;
  sequence: number;
  blocked: boolean;
}

export interface MaterialRow {
  code: string;
  description: string;
  dims: [number, number, number];
  cubicFeet: number;
  weightLbs: number;
  abc: AbcClass | null;
  temperature: Exclude<TemperatureClass, "FROZEN">;
  hazmat: string | null;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const cubicFeet = ([l, w, h]: readonly number[]) => (l! * w! * h!) / 1728;

/** Which zone an aisle/level belongs to, by its place in the building. */
function zoneFor(aisle: number, level: number, options: DemoOptions): ZoneCode {
  if (aisle === options.aisles) return "HAZ";
  if (aisle === options.aisles - 1) return "COLD";
  if (aisle > Math.floor(options.aisles * 0.7)) return "BLK";
  return level === 1 ? "PF" : "RSV";
}

function buildLocations(options: DemoOptions, random: Random): LocationRow[] {
  const zones = new Map(ZONES.map((z) => [z.code, z]));
  const rows: LocationRow[] = [];
  let sequence = 0;
  for (const code of ["RCV", "STG", "XD"] as const) {
    for (let i = 1; i <= TRANSIT_LOCATIONS[code]; i++) {
      rows.push({
        zone: zones.get(code)!,
        code: `${code}-${String(i).padStart(2, "0")}`,
        aisle: null,
        bay: null,
        level: null,
        x: code === "RCV" ? 5 : code === "STG" ? 12 : 18,
        y: i * 10,
        sequence: ++sequence,
        blocked: false,
      });
    }
  }
  for (let aisle = 1; aisle <= options.aisles; aisle++) {
    const aisleCode = `A${String(aisle).padStart(2, "0")}`;
    // A serpentine pick path: odd aisles are walked away from the dock, even aisles back towards it.
    for (let step = 1; step <= options.baysPerAisle; step++) {
      const bay = aisle % 2 === 1 ? step : options.baysPerAisle + 1 - step;
      for (let level = 1; level <= options.levels; level++) {
        rows.push({
          zone: zones.get(zoneFor(aisle, level, options))!,
          code: `${aisleCode}-${String(bay).padStart(2, "0")}-${level}`,
          aisle: aisleCode,
          bay,
          level,
          x: 30 + (aisle - 1) * 12,
          y: 10 + (bay - 1) * 4.5,
          sequence: ++sequence,
          blocked: random.chance(0.01),
        });
      }
    }
  }
  return rows;
}

function buildMaterials(options: DemoOptions, random: Random): MaterialRow[] {
  const rows: MaterialRow[] = [];
  const nouns = ["Carton", "Case", "Tote", "Drum", "Bag", "Box", "Pail", "Bundle", "Crate", "Pack"];
  for (let i = 1; i <= options.materials; i++) {
    const size = random.next();
    const [min, max] = size < 0.6 ? [2, 10] : size < 0.9 ? [8, 20] : [18, 40];
    const dims: [number, number, number] = [
      round(random.between(min, max), 1),
      round(random.between(min, max), 1),
      round(random.between(min, max), 1),
    ];
    const volume = cubicFeet(dims);
    const density = random.between(4, 30);
    const hazmat = random.chance(0.03) ? random.pick(["3", "8", "2.1", "9"]) : null;
    const chilled = hazmat === null && random.chance(0.06);
    const velocity = random.next();
    rows.push({
      code: `SKU-${String(i).padStart(5, "0")}`,
      description: `${random.pick(nouns)} ${i}`,
      dims,
      cubicFeet: Math.max(round(volume, 4), 0.0001),
      weightLbs: Math.max(round(volume * density, 3), 0.1),
      abc: random.chance(0.01) ? null : velocity < 0.2 ? "A" : velocity < 0.5 ? "B" : "C",
      temperature: chilled ? "CHILLED" : "AMBIENT",
      hazmat,
    });
  }
  return rows;
}

function fits(material: MaterialRow, zone: ZoneSpec): boolean {
  const unit = [...material.dims].sort((a, b) => a - b);
  const inner = [...zone.inner].sort((a, b) => a - b);
  return (
    unit.every((d, i) => d <= inner[i]!) &&
    material.temperature === zone.temperature &&
    (material.hazmat === null || zone.hazmat) &&
    (material.abc === null || zone.abc.includes(material.abc))
  );
}

/** The whole demo warehouse as data: what `seedDemo` writes and what the benchmarks load directly. */
export interface DemoData {
  options: DemoOptions;
  locations: LocationRow[];
  materials: MaterialRow[];
  /** Opening stock: one lot in some storage locations (indices into locations and materials). */
  stock: Array<{ location: number; material: number; lot: string; quantity: number; expiryDays: number | null }>;
  orders: Array<{ number: string; dueHours: number; lines: Array<{ material: number; quantity: number }> }>;
}

/** Generates the demo warehouse for `options`, the same on every run. */
export function generateDemo(overrides: Partial<DemoOptions> = {}): DemoData {
  const options: DemoOptions = { ...DEMO_DEFAULTS, ...overrides };
  const random = new Random(options.seed);
  const locations = buildLocations(options, random);
  const materials = buildMaterials(options, random);

  // Opening stock: about 45 % of the storage locations hold one lot, filled to 20-85 % of their volume and
  // never beyond their weight limit.
  const stock: DemoData["stock"] = [];
  const candidatesByZone = new Map(
    ZONES.map((zone) => [zone.code, materials.map((m, i) => [m, i] as const).filter(([m]) => fits(m, zone))]),
  );
  locations.forEach((location, index) => {
    if (location.aisle === null || location.blocked || !random.chance(0.45)) return;
    const candidates = candidatesByZone.get(location.zone.code)!;
    if (candidates.length === 0) return;
    const [material, materialIndex] = random.pick(candidates);
    const maxCubic = cubicFeet(location.zone.inner);
    const byVolume = Math.floor((maxCubic * random.between(0.2, 0.85)) / material.cubicFeet);
    const byWeight = Math.floor((location.zone.maxWeightLbs * 0.9) / material.weightLbs);
    const quantity = Math.min(byVolume, byWeight);
    if (quantity < 1) return;
    stock.push({
      location: index,
      material: materialIndex,
      lot: `LOT-${material.code.slice(4)}-${String(random.int(1, 999)).padStart(3, "0")}`,
      quantity,
      expiryDays:
        material.temperature === "CHILLED" ? random.int(5, 40) : random.chance(0.5) ? random.int(60, 720) : null,
    });
  });

  // Open outbound orders, due over the next three days; materials come from a few product families so
  // that some are regularly ordered together.
  const storable = materials.map((m, i) => [m, i] as const).filter(([m]) => m.abc !== null);
  const families = Array.from({ length: 12 }, () => Array.from({ length: 6 }, () => random.pick(storable)[1]));
  const orders: DemoData["orders"] = [];
  for (let o = 1; o <= options.orders; o++) {
    const family = random.pick(families);
    const used = new Set<number>();
    const lines: DemoData["orders"][number]["lines"] = [];
    const dueHours = random.int(2, 72);
    const lineCount = random.int(1, 6);
    for (let l = 1; l <= lineCount; l++) {
      const material = random.chance(0.8) ? random.pick(family) : random.pick(storable)[1];
      if (used.has(material)) continue;
      used.add(material);
      lines.push({ material, quantity: random.int(1, 24) });
    }
    orders.push({ number: `SO-${String(o).padStart(6, "0")}`, dueHours, lines });
  }
  return { options, locations, materials, stock, orders };
}

/** Loads the demo warehouse unless its tenant exists. Returns undefined when it was already there. */
export async function seedDemo(
  client: pg.ClientBase,
  overrides: Partial<DemoOptions> = {},
): Promise<DemoSummary | undefined> {
  const data = generateDemo(overrides);
  await client.query("begin");
  try {
    // Serialize concurrent seeders of the same tenant code.
    await client.query("select pg_advisory_xact_lock(hashtext('seed-demo:' || $1))", [data.options.tenantCode]);
    const existing = await client.query("select 1 from app_public.tenants where code = $1", [data.options.tenantCode]);
    if (existing.rowCount !== 0) {
      await client.query("rollback");
      return undefined;
    }
    const summary = await insertDemo(client, data);
    await client.query("commit");
    return summary;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

async function insertDemo(client: pg.ClientBase, data: DemoData): Promise<DemoSummary> {
  const { options, locations, materials, stock, orders } = data;
  const {
    rows: [{ tenant_id: tenantId }],
  } = await client.query("insert into app_public.tenants (code, name) values ($1, $2) returning tenant_id", [
    options.tenantCode,
    options.tenantName,
  ]);
  const {
    rows: [{ facility_id: facilityId }],
  } = await client.query(
    `insert into app_public.facilities (tenant_id, code, name, dock_x_ft, dock_y_ft)
     values ($1, $2, $3, 0, 0) returning facility_id`,
    [tenantId, options.facilityCode, `Distribution centre ${options.facilityCode}`],
  );

  const zoneIds = new Map<string, string>();
  for (const zone of ZONES) {
    const { rows } = await client.query(
      `insert into app_public.zones (tenant_id, facility_id, code, name, zone_type, temperature_class)
       values ($1, $2, $3, $4, $5, $6) returning zone_id`,
      [tenantId, facilityId, zone.code, zone.name, zone.type, zone.temperature],
    );
    zoneIds.set(zone.code, rows[0].zone_id);
  }

  const { rows: locationIds } = await client.query(
    `insert into app_public.locations (
       tenant_id, facility_id, zone_id, code, aisle, bay, level, position, x_ft, y_ft, pick_sequence,
       inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, allowed_abc_classes,
       temperature_class, hazmat_allowed, mixing_rule, is_blocked, blocked_reason)
     select $1, $2, l.zone_id, l.code, l.aisle, l.bay, l.level, 1, l.x, l.y, l.seq,
            l.len, l.wid, l.hgt, round(l.len * l.wid * l.hgt / 1728.0, 3), l.max_weight, l.abc::app_public.abc_class[],
            l.temperature::app_public.temperature_class, l.hazmat, l.mixing::app_public.mixing_rule,
            l.blocked, case when l.blocked then 'Damaged upright, awaiting repair' end
     from unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[], $8::numeric[], $9::numeric[],
                 $10::int[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::text[],
                 $16::text[], $17::boolean[], $18::text[], $19::boolean[])
       as l(zone_id, code, aisle, bay, level, x, y, seq, len, wid, hgt, max_weight, abc, temperature, hazmat,
            mixing, blocked)
     returning location_id, code`,
    [
      tenantId,
      facilityId,
      locations.map((l) => zoneIds.get(l.zone.code)),
      locations.map((l) => l.code),
      locations.map((l) => l.aisle),
      locations.map((l) => l.bay),
      locations.map((l) => l.level),
      locations.map((l) => l.x),
      locations.map((l) => l.y),
      locations.map((l) => l.sequence),
      locations.map((l) => l.zone.inner[0]),
      locations.map((l) => l.zone.inner[1]),
      locations.map((l) => l.zone.inner[2]),
      locations.map((l) => l.zone.maxWeightLbs),
      locations.map((l) => l.zone.abc),
      locations.map((l) => l.zone.temperature),
      locations.map((l) => l.zone.hazmat),
      locations.map((l) => l.zone.mixing),
      locations.map((l) => l.blocked),
    ],
  );
  const locationIdByCode = new Map<string, string>(locationIds.map((r) => [r.code, r.location_id]));

  const { rows: materialIds } = await client.query(
    `insert into app_public.materials (
       tenant_id, code, description, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
       unit_weight_lbs, abc_class, temperature_requirement, hazmat_class)
     select $1, m.code, m.description, m.len, m.wid, m.hgt, m.cubic, m.weight, m.abc::app_public.abc_class,
            m.temperature::app_public.temperature_class, m.hazmat
     from unnest($2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[],
                 $8::numeric[], $9::text[], $10::text[], $11::text[])
       as m(code, description, len, wid, hgt, cubic, weight, abc, temperature, hazmat)
     returning material_id, code`,
    [
      tenantId,
      materials.map((m) => m.code),
      materials.map((m) => m.description),
      materials.map((m) => m.dims[0]),
      materials.map((m) => m.dims[1]),
      materials.map((m) => m.dims[2]),
      materials.map((m) => m.cubicFeet),
      materials.map((m) => m.weightLbs),
      materials.map((m) => m.abc),
      materials.map((m) => m.temperature),
      materials.map((m) => m.hazmat),
    ],
  );
  const materialIdByCode = new Map<string, string>(materialIds.map((r) => [r.code, r.material_id]));
  const materialId = (index: number) => materialIdByCode.get(materials[index]!.code)!;

  const today = Date.now();
  await client.query(
    `insert into app_public.inventory_transactions (
       tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, expiry_date,
       reference, occurred_at)
     select $1, $2, r.transaction_type::app_public.transaction_type, r.material_id, r.lot_number, r.location_id,
            r.quantity, r.expiry_date, 'DEMO-OPENING-STOCK', now() - interval '1 day'
     from unnest($3::uuid[], $4::uuid[], $5::text[], $6::numeric[], $7::date[], $8::text[])
       as r(location_id, material_id, lot_number, quantity, expiry_date, transaction_type)`,
    [
      tenantId,
      facilityId,
      stock.map((s) => locationIdByCode.get(locations[s.location]!.code)),
      stock.map((s) => materialId(s.material)),
      stock.map((s) => s.lot),
      stock.map((s) => s.quantity),
      stock.map((s) =>
        s.expiryDays === null ? null : new Date(today + s.expiryDays * 86_400_000).toISOString().slice(0, 10),
      ),
      // A material without a velocity class in a location that takes only A and B (the audit's findings on
      // purpose) breaks the location's rules, so a receipt would be refused: a count found it there.
      stock.map((s) =>
        materials[s.material]!.abc === null && !locations[s.location]!.zone.abc.includes("C")
          ? "ADJUSTMENT"
          : "RECEIPT",
      ),
    ],
  );

  const { rows: orderIds } = await client.query(
    `insert into app_public.outbound_orders (tenant_id, facility_id, order_number, customer_name, due_at)
     select $1, $2, o.order_number, 'Customer ' || o.ord, now() + make_interval(hours => o.due_hours)
     from unnest($3::text[], $4::int[]) with ordinality as o(order_number, due_hours, ord)
     order by o.ord
     returning outbound_order_id, order_number`,
    [tenantId, facilityId, orders.map((o) => o.number), orders.map((o) => o.dueHours)],
  );
  const orderIdByNumber = new Map<string, string>(orderIds.map((r) => [r.order_number, r.outbound_order_id]));
  const lines = orders.flatMap((o) => o.lines.map((line, i) => ({ order: o, line, number: i + 1 })));
  await client.query(
    `insert into app_public.outbound_order_lines (tenant_id, outbound_order_id, line_number, material_id, quantity, due_at)
     select $1, l.order_id, l.line_number, l.material_id, l.quantity, now() + make_interval(hours => l.due_hours)
     from unnest($2::uuid[], $3::int[], $4::uuid[], $5::numeric[], $6::int[])
       as l(order_id, line_number, material_id, quantity, due_hours)`,
    [
      tenantId,
      lines.map((l) => orderIdByNumber.get(l.order.number)),
      lines.map((l) => l.number),
      lines.map((l) => materialId(l.line.material)),
      lines.map((l) => l.line.quantity),
      lines.map((l) => l.order.dueHours),
    ],
  );

  return {
    tenantId,
    facilityId,
    locations: locations.length,
    materials: materials.length,
    lots: stock.length,
    orders: orders.length,
  };
}

/**
 * The demo warehouse as the engine sees it (usable locations only, in pick-path order), with its opening
 * stock: for benchmarks of the engine without a database.
 */
export function demoOccupancy(data: DemoData): {
  columns: LayoutColumns;
  used: Array<{ location: number; cubic: number; weight: number; material: number }>;
} {
  const usable = data.locations.map((l, i) => [l, i] as const).filter(([l]) => !l.blocked);
  const position = new Map(usable.map(([, i], p) => [i, p]));
  const columns: LayoutColumns = {
    ids: usable.map(([l]) => l.code),
    codes: usable.map(([l]) => l.code),
    zoneTypes: usable.map(([l]) => l.zone.type),
    aisles: usable.map(([l]) => l.aisle),
    x: usable.map(([l]) => l.x),
    y: usable.map(([l]) => l.y),
    inner: usable.map(([l]) => l.zone.inner),
    maxCubic: usable.map(([l]) => cubicUnits(Number(cubicFeet(l.zone.inner).toFixed(3)))),
    maxWeight: usable.map(([l]) => weightUnits(l.zone.maxWeightLbs)),
    abc: usable.map(([l]) => l.zone.abc.replace(/[{}]/g, "").split(",")),
    temperature: usable.map(([l]) => l.zone.temperature),
    hazmat: usable.map(([l]) => l.zone.hazmat),
    mixing: usable.map(([l]) => l.zone.mixing),
    dock: [0, 0],
  };
  const used = data.stock.flatMap((s) => {
    const at = position.get(s.location);
    if (at === undefined) return [];
    const material = data.materials[s.material]!;
    return [
      {
        location: at,
        cubic: cubicUnits(s.quantity * material.cubicFeet),
        weight: weightUnits(s.quantity * material.weightLbs),
        material: s.material,
      },
    ];
  });
  return { columns, used };
}

/** What a first putaway request needs: a facility and two materials that have somewhere to go, by UUID. */
export interface PutawayExample {
  tenantId: string;
  facilityId: string;
  facilityCode: string;
  materials: Array<{ materialId: string; code: string }>;
}

/**
 * A facility of the tenant (`facilityCode`, or its first by code) and its two smallest materials that any storage
 * location of the demo layout may hold (ambient, no hazmat class, a velocity class, full master data) and that no
 * outbound order asks for (so they go to storage, not to cross-dock): a request for them gets locations. Undefined
 * when the tenant, the facility or two such materials are missing.
 */
export async function putawayExample(
  queryable: Pick<pg.ClientBase, "query">,
  tenantCode: string,
  facilityCode?: string,
): Promise<PutawayExample | undefined> {
  const { rows } = await queryable.query<{
    tenant_id: string;
    facility_id: string;
    facility_code: string;
    materials: Array<{ materialId: string; code: string }>;
  }>(
    `select t.tenant_id, f.facility_id, f.code as facility_code,
            coalesce((select json_agg(json_build_object('materialId', m.material_id, 'code', m.code)
                                      order by m.unit_cubic_feet, m.code)
                        from (select m.* from app_public.materials m
                               where m.tenant_id = t.tenant_id and m.deleted_at is null and m.abc_class is not null
                                 and m.hazmat_class is null and m.temperature_requirement = 'AMBIENT'
                                 and m.unit_cubic_feet > 0 and m.unit_weight_lbs > 0
                                 and m.unit_length_in > 0 and m.unit_width_in > 0 and m.unit_height_in > 0
                                 and not exists (select from app_public.outbound_order_lines l
                                                  where l.tenant_id = m.tenant_id and l.material_id = m.material_id)
                               order by m.unit_cubic_feet, m.code
                               limit 2) m), '[]') as materials
       from app_public.tenants t
       join app_public.facilities f on f.tenant_id = t.tenant_id and f.deleted_at is null
      where t.code = $1 and t.deleted_at is null and ($2::text is null or f.code = $2)
      order by f.code
      limit 1`,
    [tenantCode, facilityCode ?? null],
  );
  const row = rows[0];
  if (row === undefined || row.materials.length < 2) return undefined;
  return {
    tenantId: row.tenant_id,
    facilityId: row.facility_id,
    facilityCode: row.facility_code,
    materials: row.materials,
  };
}
