/**
 * What the simulator receives and picks, day by day: the materials, the opening stock, each day's inbound
 * pallets and outbound pick lines, and the picking history before the first day (what ENHANCED's demand
 * figures and the ABC classes start from). Receipts and picks are fixed before any algorithm runs, so every
 * algorithm faces exactly the same days.
 *
 * A generated workload follows a simple inventory policy per material: pick lines arrive with Zipf demand
 * (the material of rank r is picked in proportion to 1/r); at the end of a day a material whose stock fell to
 * its reorder point (1.5 days of demand) is ordered up to that point plus its order quantity, in whole pallets,
 * and arrives the next morning. The order quantity sets how much stock each material holds on average:
 * - `equal`: every material holds the same cube of stock;
 * - `eoq`: stock cube in proportion to the square root of the cube demanded (the economic order quantity).
 * Either way the stock fills about `fill` of the storage room on average.
 */
import { Random } from "../seed/random.ts";

export const STOCK_PROFILES = ["equal", "eoq"] as const;
/** The mean share of the storage room a generated workload's stock fills, unless told otherwise. */
export const DEFAULT_FILL = 0.7;
/** The cube of a generated material's full inbound pallet is drawn between these, cubic feet. */
export const PALLET_CUBIC_FEET: readonly [number, number] = [20, 50];
export type StockProfile = (typeof STOCK_PROFILES)[number];

export interface SimMaterial {
  id: string;
  code: string;
  /** Capacity and weight units of one unit of the material (whole numbers, see engine/units.ts). */
  unitCubic: number;
  unitWeight: number;
  /** One unit's dimensions in inches, or null when unknown. */
  unitDims: readonly [number, number, number] | null;
  /** Index into TEMPERATURES. */
  temperature: number;
  hazmat: boolean;
  /** Units on a full inbound pallet. */
  palletQuantity: number;
  /** Expected pick lines per day (the truth a generated workload draws from; estimated from history otherwise). */
  linesPerDay: number;
}

export interface Receipt {
  material: number;
  quantity: number;
  lot: string;
  /** Days since 1970-01-01; NaN when the lot does not expire. */
  expiryDay: number;
}

export interface PickLine {
  material: number;
  quantity: number;
}

export interface Workload {
  /** Where demand and inbound come from: the facility's history, or generated from the seed. */
  source: "history" | "generated";
  profile: StockProfile | null;
  days: number;
  /** Lines per order, for the S-shape tour measure. */
  linesPerOrder: number;
  materials: SimMaterial[];
  /** Stock in place before the first day (received through the algorithm like any other). */
  opening: Receipt[];
  /** Inbound pallets of each day, in arrival order. */
  receipts: Receipt[][];
  /** Pick lines of each day, in order. */
  picks: PickLine[][];
  /** Pick lines of each material in the `historyDays` before the first day. */
  historyLines: Float64Array;
  /** Each material's lowest and highest stock cube (capacity units) over the same days, and the cube picked. */
  historyStockLowCubic: Float64Array;
  historyStockHighCubic: Float64Array;
  historyPickedCubic: Float64Array;
  historyDays: number;
  /** Full knowledge for the reference: each material's mean stock cube (capacity units) over the days. */
  meanStockCubic: Float64Array;
}

export interface GenerateOptions {
  /** Storage room of the warehouse, in capacity units. */
  capacity: number;
  positions: number;
  seed: number;
  days: number;
  profile: StockProfile;
  /** Mean share of the storage room the stock fills (default 0.7). */
  fill?: number;
  /** Days of picking history before the first day (ABC_WINDOW_DAYS). */
  historyDays: number;
}

/** Shuffles `items` in place (Fisher–Yates) with `random`. */
export function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** How a workload's days unfold, material by material (see `drawDays`). */
export interface DayPolicy {
  materials: readonly SimMaterial[];
  days: number;
  /** Units on hand of each material before the first day; drawDays changes it as the days go. */
  stock: Float64Array;
  /** Units each pick line of a material asks for. */
  unitsPerLine: readonly number[];
  /** Pallets that arrive on the first morning. */
  firstMorning: Receipt[];
  /** The material of each pick line asked for on `day`, in order. */
  linesAskedOn(day: number): number[];
  /** Pallets ordered at the end of `day` (stock as it stands then), arriving the next morning. */
  ordersAfter(day: number): Receipt[];
}

/**
 * The days of a workload: each morning the pallets ordered the day before arrive, the day's lines take what
 * stock there is (a line on a material out of stock is not picked), and each evening the policy orders.
 * Returns the receipts and pick lines of each day, each material's mean stock cube at the days' ends, its
 * lowest (after a day's picks) and highest (after a morning's deliveries) stock cube, and the pallets ordered on
 * the last evening.
 */
export function drawDays(policy: DayPolicy): Pick<Workload, "receipts" | "picks" | "meanStockCubic"> & {
  lowCubic: Float64Array;
  highCubic: Float64Array;
  lastOrders: Receipt[];
} {
  const { materials, stock, unitsPerLine } = policy;
  const receipts: Receipt[][] = [];
  const picks: PickLine[][] = [];
  const stockSum = new Float64Array(materials.length);
  const cube = (m: number) => stock[m]! * materials[m]!.unitCubic;
  const lowCubic = Float64Array.from(materials, (_, m) => cube(m));
  const highCubic = Float64Array.from(lowCubic);
  let arriving = policy.firstMorning;
  for (let day = 1; day <= policy.days; day++) {
    receipts.push(arriving);
    for (const r of arriving) stock[r.material]! += r.quantity;
    for (const r of arriving) highCubic[r.material] = Math.max(highCubic[r.material]!, cube(r.material));
    const lines: PickLine[] = [];
    for (const material of policy.linesAskedOn(day)) {
      const quantity = Math.min(stock[material]!, unitsPerLine[material]!);
      if (quantity <= 0) continue;
      stock[material]! -= quantity;
      lines.push({ material, quantity });
    }
    picks.push(lines);
    for (let m = 0; m < materials.length; m++) {
      stockSum[m]! += cube(m);
      lowCubic[m] = Math.min(lowCubic[m]!, cube(m));
    }
    arriving = policy.ordersAfter(day);
  }
  return {
    receipts,
    picks,
    meanStockCubic: stockSum.map((sum) => sum / Math.max(1, policy.days)),
    lowCubic,
    highCubic,
    lastOrders: arriving,
  };
}

/** Picks an index with probability in proportion to its weight (cumulative weights, binary search). */
function sampler(weights: readonly number[], random: Random): () => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return () => {
    const x = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A generated workload (see the module comment): same options, same workload, on any machine. */
export function generateWorkload(options: GenerateOptions): Workload {
  const random = new Random(options.seed * 7919 + 17);
  const fill = options.fill ?? DEFAULT_FILL;
  const count = Math.max(10, Math.round((options.positions * 300) / 1600));
  const linesPerDayTotal = Math.max(20, Math.round(options.positions * 0.4));
  // Zipf ranks in a random order, so that demand has nothing to do with the material's code or size.
  const ranks = Array.from({ length: count }, (_, i) => i + 1);
  shuffle(ranks, random);
  const weights = ranks.map((r) => 1 / r);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const materials: SimMaterial[] = [];
  const unitsPerLine: number[] = [];
  for (let m = 0; m < count; m++) {
    const unitFt3 = Math.exp(random.between(Math.log(0.25), Math.log(2.5)));
    const side = Math.cbrt(unitFt3 * 1728);
    const dims = [side * random.between(0.7, 1), side, side * random.between(1, 1.3)]
      .map((d) => Math.round(d * 10) / 10)
      .sort((a, b) => a - b) as [number, number, number];
    const unitCubic = Math.max(1, Math.round(unitFt3 * 10_000));
    const palletFt3 = random.between(...PALLET_CUBIC_FEET);
    const palletQuantity = Math.max(1, Math.round(palletFt3 / unitFt3));
    materials.push({
      id: `SIM-${String(m + 1).padStart(5, "0")}`,
      code: `SKU-${String(m + 1).padStart(5, "0")}`,
      unitCubic,
      unitWeight: Math.round(unitFt3 * random.between(4, 20) * 1_000),
      unitDims: dims,
      temperature: 0,
      hazmat: false,
      palletQuantity,
      linesPerDay: (linesPerDayTotal * weights[m]!) / weightSum,
    });
    unitsPerLine.push(Math.max(1, Math.round(palletQuantity * random.between(0.03, 0.15))));
  }
  // Stock policy: mean stock cube per material, then order quantity and reorder point in units.
  const demandUnits = materials.map((m, i) => m.linesPerDay * unitsPerLine[i]!);
  const demandCubic = materials.map((m, i) => demandUnits[i]! * m.unitCubic);
  const stockTotal = fill * options.capacity;
  const shape = options.profile === "equal" ? demandCubic.map(() => 1) : demandCubic.map((d) => Math.sqrt(d));
  const shapeSum = shape.reduce((a, b) => a + b, 0);
  const reorderPoint = demandUnits.map((d) => Math.ceil(1.5 * d));
  const orderQuantity = materials.map((m, i) => {
    const meanStock = (stockTotal * shape[i]!) / shapeSum / m.unitCubic;
    // Mean stock ≈ safety stock (half a day of demand) + half the order quantity.
    return Math.max(m.palletQuantity, Math.round(2 * (meanStock - 0.5 * demandUnits[i]!)));
  });

  let lotNumber = 0;
  const pallets = (material: number, quantity: number, day: number): Receipt[] => {
    const out: Receipt[] = [];
    const full = materials[material]!.palletQuantity;
    for (let left = quantity; left > 0; left -= full) {
      lotNumber++;
      out.push({ material, quantity: Math.min(full, left), lot: `D${day}-${lotNumber}`, expiryDay: Number.NaN });
    }
    return out;
  };
  const nextMaterial = sampler(weights, random);
  const stock = Float64Array.from(
    materials,
    (_, i) => reorderPoint[i]! + Math.round(random.next() * orderQuantity[i]!),
  );
  const policy = (days: number, firstMorning: Receipt[]) => ({
    materials,
    days,
    stock,
    unitsPerLine,
    firstMorning,
    linesAskedOn: () => Array.from({ length: linesPerDayTotal }, () => nextMaterial()),
    // Ordered up to the reorder point plus the order quantity, in whole pallets.
    ordersAfter: (day: number) =>
      materials.flatMap((m, i) => {
        if (stock[i]! > reorderPoint[i]!) return [];
        const want = reorderPoint[i]! + orderQuantity[i]! - stock[i]!;
        return pallets(i, Math.ceil(want / m.palletQuantity) * m.palletQuantity, day);
      }),
  });
  // The history: the same policy over the window before the first day, so that the demand figures start from
  // picks and stock levels of the same kind as the service's (it keeps the window's transactions).
  const history = drawDays(policy(options.historyDays, []));
  const historyLines = new Float64Array(count);
  const historyPickedCubic = new Float64Array(count);
  for (const day of history.picks) {
    for (const line of day) {
      historyLines[line.material]! += 1;
      historyPickedCubic[line.material]! += line.quantity * materials[line.material]!.unitCubic;
    }
  }
  // What is on hand at the end of the history is the opening stock; it arrives mixed, as a real first
  // stock-take would be put away. The history's last orders arrive on the first morning.
  const opening = materials.flatMap((_, i) => pallets(i, stock[i]!, 0));
  shuffle(opening, random);
  const { receipts, picks, meanStockCubic } = drawDays(policy(options.days, history.lastOrders));
  return {
    source: "generated",
    profile: options.profile,
    days: options.days,
    linesPerOrder: 5,
    materials,
    opening,
    receipts,
    picks,
    meanStockCubic,
    historyLines,
    historyStockLowCubic: history.lowCubic,
    historyStockHighCubic: history.highCubic,
    historyPickedCubic,
    historyDays: options.historyDays,
  };
}
