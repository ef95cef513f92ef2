/**
 * A facility of the database as the simulator's input: its usable locations (the layout the engine plans
 * with, from `app_hidden.putaway_layout_json`) and a workload drawn from the tenant's own history, or a
 * generated one when that history is too thin to say anything (fewer than MIN_HISTORY_PICK_LINES pick lines
 * in the window, or no material with stock or picks), its stock sized to the room its pallets can take there
 * (`generatedRoom`). `npm run -s simulate -- --facility CODE` and the
 * `simulate_putaway` task both load facilities here.
 *
 * A workload from history (one statement, so one consistent snapshot of the facility):
 * - materials: those with stock in the facility or picked there in the window; a unit's room is the larger of
 *   master data and what the stock declares (app_hidden.room_cubic_feet's rule), or the unit's dimensions
 *   when neither says; a material whose room nothing tells is left out, with its stock and picks;
 * - demand: each material's pick lines per day over the last `historyDays` days (PICK transactions) and its
 *   mean units per line;
 * - inbound: the median quantity of its RECEIPT and PUTAWAY transactions in the window is its pallet (else its
 *   largest lot on hand, else three days of its demand); the median days from receipt to expiry its shelf life;
 * - opening stock: every lot on hand today becomes one receipt before the first day, put away afresh by each
 *   algorithm: the simulation compares the algorithms' own floors, not today's, which none of them made;
 * - the days: pick lines drawn per material and day (Poisson with the historical rate, the historical mean
 *   units each, shuffled into one stream of orders), and whole pallets ordered when a material's stock falls
 *   to 1.5 days of its demand, arriving the next morning.
 * Quantities are whole units (a fractional lot or line rounds up), since the simulator counts units.
 */
import type pg from "pg";
import { Layout, type LayoutColumns, TEMPERATURES } from "../engine/index.ts";
import { MIX_ANY, ZONE_STORAGE } from "../engine/layout.ts";
import { epochDay } from "../putaway/snapshot.ts";
import { Random } from "../seed/random.ts";
import {
  drawDays,
  generateWorkload,
  PALLET_CUBIC_FEET,
  type Receipt,
  type SimMaterial,
  type StockProfile,
  shuffle,
  type Workload,
} from "./workload.ts";

/** A facility that exists but cannot be simulated, and why (one line for the person who asked). */
export class CannotSimulateError extends Error {
  override name = "CannotSimulateError";
}

/** Fewer pick lines than this in the window, and the workload is generated instead (source "generated"). */
export const MIN_HISTORY_PICK_LINES = 100;

/** Days of demand a material's stock may fall to before a pallet is ordered. */
const REORDER_DAYS = 1.5;

/** Lines per order when the picks carry no order reference. */
const DEFAULT_LINES_PER_ORDER = 5;

/**
 * Life of a simulation run (check constraint chk_putaway_simulation_runs_status; test/vocabulary.test.ts keeps
 * the two equal). QUEUED until the worker takes it, RUNNING, then SUCCEEDED with results or FAILED with an error.
 */
export const SIMULATION_RUN_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"] as const;
export type SimulationRunStatus = (typeof SIMULATION_RUN_STATUSES)[number];

export interface LoadFacilityOptions {
  days: number;
  seed: number;
  /** Days of picking history read (ABC_WINDOW_DAYS). */
  historyDays: number;
  /** Stock profile of a generated workload (default "equal"); a workload from history has none. */
  profile?: StockProfile;
  /** Mean share of the storage room a generated workload's stock fills (generateWorkload's default). */
  fill?: number;
}

export interface LoadedFacility {
  columns: LayoutColumns;
  workload: Workload;
  facility: { id: string; code: string; name: string };
}

interface MaterialJson {
  id: string;
  code: string;
  dims: [string | number | null, string | number | null, string | number | null];
  unitCubicFeet: string | number | null;
  unitWeightLbs: string | number | null;
  temperature: string;
  hazmat: boolean;
  /** Pick lines and units picked in the window. */
  lines: number;
  units: string | number;
  /**
   * Lowest and highest stock over the window (app_private.slotting_demand), in units (its cubic feet over the
   * material's master unit cube); null without a figure.
   */
  lowUnits: string | number | null;
  highUnits: string | number | null;
  /** Median inbound quantity and days from receipt to expiry in the window; null without such receipts. */
  pallet: number | null;
  shelfLifeDays: number | null;
}

interface LotJson {
  material: string;
  lot: string;
  quantity: string | number;
  expiry: string | null;
}

interface FacilityRow {
  facility: { id: string; code: string; name: string } | null;
  layout: LayoutColumns | null;
  materials: MaterialJson[] | null;
  lots: LotJson[] | null;
  /** Pick lines that name an order (reference) and the distinct orders they name. */
  referencedLines: number;
  orders: number;
  today: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * Runs as the owner (row-level security does not apply): every table is filtered by the tenant explicitly.
 * $1 tenant, $2 facility id (or null), $3 facility code, $4 window in days.
 */
const FACILITY_SQL = `
with f as (
  select f.facility_id, f.code, f.name from app_public.facilities f
   where f.tenant_id = $1 and f.deleted_at is null and (f.facility_id = $2::uuid or f.code = $3)
   order by (f.facility_id = $2::uuid) is true desc
   limit 1
),
stock as (
  select l.material_id, l.lot_number, l.quantity_on_hand, l.expiry_date, l.unit_cubic_feet, l.unit_weight_lbs, l.lot_id
    from app_public.lots l join f on f.facility_id = l.facility_id
   where l.tenant_id = $1 and l.deleted_at is null and l.quantity_on_hand > 0
),
moves as (
  select t.material_id, t.transaction_type, t.quantity, t.reference, t.expiry_date - t.occurred_at::date as shelf_life
    from app_public.inventory_transactions t join f on f.facility_id = t.facility_id
   where t.tenant_id = $1 and t.occurred_at > now() - make_interval(days => $4)
     and t.transaction_type in ('PICK', 'RECEIPT', 'PUTAWAY')
),
by_material as (
  select material_id,
         count(*) filter (where transaction_type = 'PICK') as lines,
         coalesce(sum(-quantity) filter (where transaction_type = 'PICK'), 0) as units,
         percentile_cont(0.5) within group (order by quantity) filter (where transaction_type <> 'PICK') as pallet,
         percentile_cont(0.5) within group (order by shelf_life)
           filter (where transaction_type <> 'PICK' and shelf_life is not null) as shelf_life_days
    from moves group by material_id
),
wanted as (
  select material_id from by_material where lines > 0
  union
  select material_id from stock
),
demand as (
  select d.material_id, d.low_cubic_feet, d.high_cubic_feet
    from app_private.slotting_demand($1, make_interval(days => $4)) d join f on f.facility_id = d.facility_id
),
declared as (
  select material_id, max(unit_cubic_feet) as unit_cubic_feet, max(unit_weight_lbs) as unit_weight_lbs
    from stock group by material_id
)
select
  (select json_build_object('id', facility_id, 'code', code, 'name', name) from f) as facility,
  (select app_hidden.putaway_layout_json($1, facility_id) from f) as layout,
  (select json_agg(json_build_object(
            'id', m.material_id, 'code', m.code,
            'dims', json_build_array(m.unit_length_in, m.unit_width_in, m.unit_height_in),
            'unitCubicFeet', greatest(m.unit_cubic_feet, s.unit_cubic_feet),
            'unitWeightLbs', greatest(m.unit_weight_lbs, s.unit_weight_lbs),
            'temperature', m.temperature_requirement, 'hazmat', m.hazmat_class is not null,
            'lines', coalesce(b.lines, 0), 'units', coalesce(b.units, 0),
            'pallet', b.pallet, 'shelfLifeDays', b.shelf_life_days,
            'lowUnits', d.low_cubic_feet / nullif(m.unit_cubic_feet, 0),
            'highUnits', d.high_cubic_feet / nullif(m.unit_cubic_feet, 0)) order by m.code, m.material_id)
     from wanted w
     join app_public.materials m on m.tenant_id = $1 and m.material_id = w.material_id
     left join by_material b on b.material_id = w.material_id
     left join demand d on d.material_id = w.material_id
     left join declared s on s.material_id = w.material_id) as materials,
  (select json_agg(json_build_object('material', material_id, 'lot', lot_number, 'quantity', quantity_on_hand,
                                     'expiry', expiry_date) order by material_id, lot_number, lot_id)
     from stock) as lots,
  (select count(reference)::integer from moves where transaction_type = 'PICK') as "referencedLines",
  (select count(distinct reference)::integer from moves where transaction_type = 'PICK') as orders,
  current_date::text as today`;

/** A number of a numeric column (pg returns numerics as text), null when absent or not positive. */
function positive(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** A Poisson draw with mean `mean` (Knuth's method; a normal approximation for large means). */
function poisson(mean: number, random: Random): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}

/**
 * The simulator's material for a row, or null when nothing tells the room of one unit. `otherPallet` is its
 * pallet quantity when no inbound transaction of the window tells it.
 */
function simMaterial(row: MaterialJson, historyDays: number, otherPallet: number): SimMaterial | null {
  const dims = row.dims.map(positive);
  const known = dims.every((d) => d !== null) ? (dims as number[]).sort((a, b) => a - b) : null;
  const cubicFeet = positive(row.unitCubicFeet) ?? (known === null ? null : (known[0]! * known[1]! * known[2]!) / 1728);
  if (cubicFeet === null) return null;
  const temperature = TEMPERATURES.indexOf(row.temperature as (typeof TEMPERATURES)[number]);
  const pallet = positive(row.pallet) ?? otherPallet;
  return {
    id: row.id,
    code: row.code,
    unitCubic: Math.max(1, Math.round(cubicFeet * 10_000)),
    unitWeight: Math.round((positive(row.unitWeightLbs) ?? 0) * 1_000),
    unitDims: known === null ? null : [known[0]!, known[1]!, known[2]!],
    temperature: Math.max(temperature, 0),
    hazmat: row.hazmat,
    palletQuantity: Math.max(1, Math.round(pallet)),
    linesPerDay: row.lines / historyDays,
  };
}

/**
 * Loads a facility of `tenantId` (by code, or by id) as the simulator's layout and workload: see the module
 * comment. `client` must bypass row-level security (the owner's connection); the tenant is filtered here.
 * @throws Error "Unknown facility …" when the tenant has no such facility (or only an archived one), and a
 *   CannotSimulateError when it has no usable storage location, or neither history nor ambient storage room
 */
export async function loadFacility(
  client: pg.ClientBase,
  tenantId: string,
  facility: string,
  options: LoadFacilityOptions,
): Promise<LoadedFacility> {
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError("days must be a whole number above 0");
  if (!Number.isInteger(options.historyDays) || options.historyDays < 1) {
    throw new RangeError("historyDays must be a whole number above 0");
  }
  const { rows } = await client.query<FacilityRow>(FACILITY_SQL, [
    tenantId,
    UUID.test(facility) ? facility : null,
    facility,
    options.historyDays,
  ]);
  const row = rows[0];
  if (row?.facility == null || row.layout === null) {
    throw new Error(`Unknown facility "${facility}" in tenant ${tenantId}`);
  }
  const columns = row.layout;
  const layout = new Layout(columns);
  let positions = 0;
  for (let i = 0; i < layout.count; i++) if (layout.zoneKind[i] === ZONE_STORAGE) positions++;
  if (positions === 0) {
    throw new CannotSimulateError(
      `Facility ${row.facility.code} has no usable storage location (active, unblocked) to simulate`,
    );
  }
  const history = fromHistory(row, options);
  const room = generatedRoom(layout);
  if (history === null && room.capacity === 0) {
    throw new CannotSimulateError(
      `Facility ${row.facility.code} has too little picking history (fewer than ${MIN_HISTORY_PICK_LINES} pick lines) ` +
        "and no ambient storage location for generated demand",
    );
  }
  const workload =
    history ??
    generateWorkload({
      capacity: room.capacity,
      positions: room.positions,
      seed: options.seed,
      days: options.days,
      profile: options.profile ?? "equal",
      historyDays: options.historyDays,
      ...(options.fill === undefined ? {} : { fill: options.fill }),
    });
  return { columns, workload, facility: row.facility };
}

/**
 * The room a generated workload's stock can take on a real layout, which its `fill` is a share of: the storage
 * locations that hold ambient stock (generated materials are ambient and not hazardous), a location that takes
 * one material or one lot at a time counting as at most one pallet of mean size.
 */
function generatedRoom(layout: Layout): { capacity: number; positions: number } {
  const pallet = ((PALLET_CUBIC_FEET[0] + PALLET_CUBIC_FEET[1]) / 2) * 10_000;
  const ambient = TEMPERATURES.indexOf("AMBIENT");
  let capacity = 0;
  let positions = 0;
  for (let i = 0; i < layout.count; i++) {
    if (layout.zoneKind[i] !== ZONE_STORAGE || layout.temperature[i] !== ambient) continue;
    positions++;
    capacity += layout.mixing[i] === MIX_ANY ? layout.maxCubic[i]! : Math.min(layout.maxCubic[i]!, pallet);
  }
  return { capacity, positions };
}

/** The workload of the facility's own history, or null when it is too thin (see MIN_HISTORY_PICK_LINES). */
function fromHistory(row: FacilityRow, options: LoadFacilityOptions): Workload | null {
  const { days, historyDays } = options;
  const largestLot = new Map<string, number>();
  for (const lot of row.lots ?? []) {
    largestLot.set(lot.material, Math.max(largestLot.get(lot.material) ?? 0, Number(lot.quantity)));
  }
  const materials: SimMaterial[] = [];
  const index = new Map<string, number>();
  const unitsPerLine: number[] = [];
  const shelfLife: number[] = [];
  const historyLines: number[] = [];
  const historyLow: number[] = [];
  const historyHigh: number[] = [];
  const historyPicked: number[] = [];
  for (const json of row.materials ?? []) {
    const perLine = json.lines > 0 ? Math.max(1, Math.round(Number(json.units) / json.lines)) : 0;
    const pallet = largestLot.get(json.id) ?? Math.max(1, Math.ceil((3 * json.lines * perLine) / historyDays));
    const material = simMaterial(json, historyDays, pallet);
    if (material === null) continue;
    index.set(json.id, materials.length);
    materials.push(material);
    historyLines.push(json.lines);
    // In the simulator's unit cube (the larger of master data and the stock's), as its stock is counted.
    const cube = (units: string | number | null) => (units === null ? Number.NaN : Number(units) * material.unitCubic);
    historyLow.push(cube(json.lowUnits));
    historyHigh.push(cube(json.highUnits));
    historyPicked.push(Number(json.units) * material.unitCubic);
    unitsPerLine.push(perLine);
    shelfLife.push(json.shelfLifeDays === null ? Number.NaN : Math.max(1, Math.round(json.shelfLifeDays)));
  }
  const totalLines = historyLines.reduce((a, b) => a + b, 0);
  if (materials.length === 0 || totalLines < MIN_HISTORY_PICK_LINES) return null;

  const random = new Random(options.seed * 7919 + 29);
  const count = materials.length;
  const stock = new Float64Array(count);
  const opening: Receipt[] = [];
  for (const lot of row.lots ?? []) {
    const m = index.get(lot.material);
    if (m === undefined) continue;
    const quantity = Math.ceil(Number(lot.quantity) - 1e-9);
    if (quantity < 1) continue;
    stock[m]! += quantity;
    opening.push({ material: m, quantity, lot: lot.lot, expiryDay: epochDay(lot.expiry) });
  }
  // Without window figures (no unit cube declared on the material), its stock stays as it is now.
  for (let m = 0; m < count; m++) {
    if (Number.isNaN(historyLow[m]) || Number.isNaN(historyHigh[m])) {
      historyLow[m] = historyHigh[m] = stock[m]! * materials[m]!.unitCubic;
    }
  }
  // As in a generated workload, the opening pallets arrive mixed.
  shuffle(opening, random);

  const today = epochDay(row.today);
  const demandUnits = materials.map((m, i) => m.linesPerDay * unitsPerLine[i]!);
  const reorderPoint = demandUnits.map((d) => Math.ceil(REORDER_DAYS * d));
  let lotNumber = 0;
  /** Whole pallets of a material, enough to lift its stock above its reorder point, arriving on `day`. */
  const order = (material: number, day: number): Receipt[] => {
    const full = materials[material]!.palletQuantity;
    const out: Receipt[] = [];
    do {
      lotNumber++;
      out.push({
        material,
        quantity: full,
        lot: `SIM-D${day}-${lotNumber}`,
        expiryDay: today + day + shelfLife[material]!,
      });
    } while (stock[material]! + out.length * full <= reorderPoint[material]!);
    return out;
  };
  const reorders = (day: number): Receipt[] => {
    const out: Receipt[] = [];
    for (let m = 0; m < count; m++)
      if (demandUnits[m]! > 0 && stock[m]! <= reorderPoint[m]!) out.push(...order(m, day));
    return out;
  };

  const { receipts, picks, meanStockCubic } = drawDays({
    materials,
    days,
    stock,
    unitsPerLine,
    // Materials already at their reorder point are ordered before the first day and arrive on its morning.
    firstMorning: reorders(1),
    linesAskedOn: () => {
      const asked: number[] = [];
      for (let m = 0; m < count; m++) {
        for (let n = poisson(materials[m]!.linesPerDay, random); n > 0; n--) asked.push(m);
      }
      shuffle(asked, random);
      return asked;
    },
    ordersAfter: (day) => reorders(day + 1),
  });
  const linesPerOrder =
    row.orders > 0 ? Math.max(1, Math.min(50, Math.round(row.referencedLines / row.orders))) : DEFAULT_LINES_PER_ORDER;
  return {
    source: "history",
    profile: null,
    days,
    linesPerOrder,
    materials,
    opening,
    receipts,
    picks,
    meanStockCubic,
    historyLines: Float64Array.from(historyLines),
    historyStockLowCubic: Float64Array.from(historyLow),
    historyStockHighCubic: Float64Array.from(historyHigh),
    historyPickedCubic: Float64Array.from(historyPicked),
    historyDays,
  };
}
