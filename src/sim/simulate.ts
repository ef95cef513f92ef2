/**
 * The putaway simulator's core: replays a workload (workload.ts) against a layout once per algorithm and
 * baseline, with the engine's own `planBatch` and hard constraints, and measures what each does to pick
 * travel and space. Pure and deterministic: same layout, workload and seed, same figures on any machine.
 *
 * Each day: the day's pallets are received in batches (every recommendation accepted, items split when
 * they fit nowhere whole, as a receiving screen allows), then its pick lines are picked, each from the
 * material's stock nearest the dock first (earliest expiry first where lots expire). The ABC classes and
 * ENHANCED's demand figures are recomputed each morning from the picks of the last `historyDays` days, as
 * the daily `reclassify_abc` task does in the service.
 *
 * Measures, per algorithm:
 * - travel per pick line: out and back from the dock to the farthest location the line takes stock from
 *   (walking distance over the aisles, `Layout.travel`), mean and 95th percentile;
 * - tour per order: an S-shape tour through the aisles of an order's lines (every `linesPerOrder` lines);
 * - utilization: used cube of the occupied positions over their capacity, as each day's receiving leaves
 *   them (mean over days), and the positions occupied;
 * - unplaced items, split items, positions holding several lots of one material, and violations: any
 *   position past its cube or weight capacity, or holding stock its rules refuse, checked after every batch
 *   by this module, not by the engine (must be 0).
 */
import type { Chooser } from "../engine/choose.ts";
import {
  ABC_UNKNOWN,
  type Algorithm,
  Layout,
  type LayoutColumns,
  Occupancy,
  type Plan,
  type PlanItem,
  planBatch,
} from "../engine/index.ts";
import { MIX_ANY, MIX_SINGLE_MATERIAL, ZONE_STORAGE } from "../engine/layout.ts";
import { planWithChooser } from "../engine/plan.ts";
import { expectedStockCubic, slotShares } from "../engine/slotting.ts";
import { Random } from "../seed/random.ts";
import { closestOpenChooser, nearestToTarget, randomChooser } from "./baselines.ts";
import type { Receipt, Workload } from "./workload.ts";

/** What the simulator compares: the four algorithms, then the baselines and the reference. */
export const SIMULATED = ["FFD", "BFD", "HYBRID", "ENHANCED", "RANDOM", "CLOSEST_OPEN", "REFERENCE"] as const;
export type Simulated = (typeof SIMULATED)[number];
const BASELINES: readonly Simulated[] = ["RANDOM", "CLOSEST_OPEN", "REFERENCE"];

export interface SimulationSettings {
  seed: number;
  /** The algorithms to compare (the baselines always run). */
  algorithms: readonly Algorithm[];
  /** RANDOM is the mean of this many seeds (default 3). */
  randomRuns?: number;
  /** Items per receiving request (default 20). */
  batchSize?: number;
  /** ABC cut-offs, percentages of picks for A and B (default 80 and 15, as ABC_CUTOFFS). */
  abcCutoffs?: readonly [number, number, number];
}

export interface AlgorithmResult {
  algorithm: Simulated;
  travelPerPickFt: number;
  travelP95Ft: number;
  tourPerOrderFt: number;
  utilization: number;
  positionsUsed: number;
  unplaced: number;
  splits: number;
  mixedLots: number;
  violations: number;
  pickLines: number;
  shortLines: number;
  /** Cut in travel per pick line over RANDOM, as a share of the reference's cut (REFERENCE is 1, RANDOM 0). */
  shareOfReferenceCut: number;
  /** Change in travel per pick line against RANDOM (-0.4: 40 % less walking). */
  travelVsRandom: number;
}

/** One storage position at the end of a run: where it is, how full, and the velocity class of most of its stock. */
export interface FloorCell {
  x: number;
  y: number;
  fill: number;
  velocity: "A" | "B" | "C" | null;
}

export interface SimulationResult {
  positions: number;
  capacityCubicFeet: number;
  workload: {
    source: Workload["source"];
    profile: Workload["profile"];
    days: number;
    materials: number;
    receipts: number;
    pickLines: number;
    historyDays: number;
  };
  seed: number;
  results: AlgorithmResult[];
  /** The floor at the end of the ENHANCED run (or the first algorithm's), levels merged per bay. */
  floor: { algorithm: Simulated; cells: FloorCell[] };
}

interface StockRecord {
  material: number;
  lotKey: number;
  quantity: number;
  expiryDay: number;
}

interface RunMetrics {
  travel: number[];
  tours: number[];
  utilization: number;
  positionsUsed: number;
  unplaced: number;
  splits: number;
  mixedLots: number;
  violations: number;
  shortLines: number;
  floor: FloorCell[];
}

const ABC_NAMES = ["A", "B", "C"] as const;

/** ABC classes from pick counts, by the rule of app_private.reclassify_abc (A under a share of picks, then B). */
export function abcClasses(lines: ArrayLike<number>, cutoffs: readonly [number, number, number]): Uint8Array {
  const order = Array.from({ length: lines.length }, (_, i) => i).sort((a, b) => lines[b]! - lines[a]! || a - b);
  let total = 0;
  for (let i = 0; i < lines.length; i++) total += lines[i]!;
  const classes = new Uint8Array(lines.length).fill(2);
  if (total === 0) return classes.fill(ABC_UNKNOWN);
  let before = 0;
  for (const m of order) {
    const picks = lines[m]!;
    if (picks > 0 && before < (cutoffs[0] / 100) * total) classes[m] = 0;
    else if (picks > 0 && before < ((cutoffs[0] + cutoffs[1]) / 100) * total) classes[m] = 1;
    before += picks;
  }
  return classes;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Replays the workload with one algorithm or baseline. */
function runOne(
  columns: LayoutColumns,
  layout: Layout,
  workload: Workload,
  kind: Simulated,
  settings: Required<Omit<SimulationSettings, "algorithms">>,
  randomSeed: number,
): RunMetrics {
  const { materials } = workload;
  const occupancy = new Occupancy(layout);
  const materialKeys = materials.map((m) => occupancy.keyOfMaterial(m.id));
  const materialOfKey = new Map(materialKeys.map((key, m) => [key, m]));
  const stockAt: (StockRecord[] | undefined)[] = new Array(layout.count);
  const holding = materials.map(() => new Set<number>());
  let version = 0;

  const refresh = (location: number) => {
    const records = stockAt[location] ?? [];
    let cubic = 0;
    let weight = 0;
    for (const r of records) {
      cubic += r.quantity * materials[r.material]!.unitCubic;
      weight += r.quantity * materials[r.material]!.unitWeight;
    }
    occupancy.set(
      location,
      ++version,
      cubic,
      weight,
      records.map((r) => ({ material: materialKeys[r.material]!, lot: r.lotKey, expiryDay: r.expiryDay })),
    );
  };

  // Demand as the service sees it: pick lines and cube picked over the window, the window's lowest and highest
  // stock, and the stock on hand. Each day enters the window as the day that left it goes out (the history's
  // days count by their totals and marks until they have all left).
  const window = workload.historyDays;
  const windowLines = Float64Array.from(workload.historyLines);
  const windowPicked = Float64Array.from(workload.historyPickedCubic);
  const days: {
    lines: Float64Array;
    picked: Float64Array;
    low: Float64Array;
    high: Float64Array;
  }[] = [];
  /** Stock cube on hand in storage, per material (the opening stock is received like any other). */
  const onHand = new Float64Array(materials.length);
  /** The window's lowest or highest stock of material `m`. */
  const mark = (m: number, which: "low" | "high"): number => {
    const history = which === "low" ? workload.historyStockLowCubic : workload.historyStockHighCubic;
    let value = days.length < window ? history[m]! : which === "low" ? Infinity : -Infinity;
    for (let d = Math.max(0, days.length - window); d < days.length; d++) {
      const v = days[d]![which][m]!;
      value = which === "low" ? Math.min(value, v) : Math.max(value, v);
    }
    return value;
  };
  let abc = abcClasses(windowLines, settings.abcCutoffs);
  let shares = new Map<number, number>();
  const capacity = layout.storageCapacity;
  const recompute = (stock: Float64Array) => {
    abc = abcClasses(windowLines, settings.abcCutoffs);
    if (kind === "ENHANCED") {
      shares = slotShares(
        materials.map((_, m) => ({
          material: m,
          picksPerDay: windowLines[m]! / window,
          stockCubic: expectedStockCubic({
            onHandCubic: stock[m]!,
            lowCubic: mark(m, "low"),
            highCubic: mark(m, "high"),
            pickedCubicPerDay: windowPicked[m]! / window,
          }),
        })),
        capacity,
      );
    }
  };
  // The first morning's figures count the opening stock as on hand: it is there before anything is put away.
  const opening = new Float64Array(materials.length);
  for (const r of workload.opening) opening[r.material]! += r.quantity * materials[r.material]!.unitCubic;
  recompute(opening);
  const trueShares = slotShares(
    materials.map((m, i) => ({ material: i, picksPerDay: m.linesPerDay, stockCubic: workload.meanStockCubic[i]! })),
    capacity,
  );

  const random = new Random(randomSeed);
  const chooser: Chooser | undefined =
    kind === "RANDOM"
      ? randomChooser(random)
      : kind === "CLOSEST_OPEN"
        ? closestOpenChooser
        : kind === "REFERENCE"
          ? nearestToTarget((item) => layout.travelAtShare(trueShares.get(materialOfKey.get(item.material)!) ?? 1))
          : undefined;

  const metrics: RunMetrics = {
    travel: [],
    tours: [],
    utilization: 0,
    positionsUsed: 0,
    unplaced: 0,
    splits: 0,
    mixedLots: 0,
    violations: 0,
    shortLines: 0,
    floor: [],
  };

  const violates = (location: number): boolean => {
    const records = stockAt[location] ?? [];
    if (records.length === 0) return false;
    let cubic = 0;
    let weight = 0;
    for (const r of records) {
      const m = materials[r.material]!;
      cubic += r.quantity * m.unitCubic;
      weight += r.quantity * m.unitWeight;
      if (layout.zoneKind[location] !== ZONE_STORAGE) return true;
      if (m.temperature !== layout.temperature[location]) return true;
      if (m.hazmat && layout.hazmat[location] !== 1) return true;
      const dims = m.unitDims;
      if (
        dims !== null &&
        (dims[0] > layout.inner[3 * location]! ||
          dims[1] > layout.inner[3 * location + 1]! ||
          dims[2] > layout.inner[3 * location + 2]!)
      ) {
        return true;
      }
    }
    if (cubic > layout.maxCubic[location]! || weight > layout.maxWeight[location]!) return true;
    const rule = layout.mixing[location]!;
    if (rule === MIX_ANY) return false;
    if (records.some((r) => r.material !== records[0]!.material)) return true;
    return rule !== MIX_SINGLE_MATERIAL && records.some((r) => r.lotKey !== records[0]!.lotKey || r.lotKey < 0);
  };

  const receive = (receipts: readonly Receipt[]) => {
    for (let start = 0; start < receipts.length; start += settings.batchSize) {
      const batch = receipts.slice(start, start + settings.batchSize);
      const items: PlanItem[] = batch.map((r) => {
        const m = materials[r.material]!;
        const key = materialKeys[r.material]!;
        return {
          material: key,
          lot: occupancy.keyOfLot(key, r.lot),
          quantity: r.quantity,
          cubic: r.quantity * m.unitCubic,
          weight: r.quantity * m.unitWeight,
          unitDims: m.unitDims,
          abc: abc[r.material]!,
          temperature: m.temperature,
          hazmat: m.hazmat,
          expiryDay: r.expiryDay,
          crossDock: false,
          slotShare: kind === "ENHANCED" ? (shares.get(r.material) ?? Number.NaN) : Number.NaN,
        };
      });
      // HYBRID's improvement on its iteration budget alone, so that the figures do not depend on the machine.
      const options = {
        allowSplit: true,
        flags: { skuAffinity: false, congestionAvoidance: false },
        improvement: { budgetMs: Number.POSITIVE_INFINITY },
      };
      const plan: Plan =
        chooser === undefined
          ? planBatch(occupancy, items, { ...options, algorithm: kind as Algorithm })
          : planWithChooser(occupancy, items, { ...options, algorithm: "FFD" }, chooser, kind);
      metrics.unplaced += plan.unplaced.length;
      const pieces = new Map<number, number>();
      const touched = new Set<number>();
      for (const p of plan.placements) {
        pieces.set(p.item, (pieces.get(p.item) ?? 0) + 1);
        const r = batch[p.item]!;
        const item = items[p.item]!;
        let records = stockAt[p.location];
        if (records === undefined) stockAt[p.location] = records = [];
        const same = records.find((s) => s.material === r.material && s.lotKey === item.lot);
        if (same !== undefined) same.quantity += p.quantity;
        else records.push({ material: r.material, lotKey: item.lot, quantity: p.quantity, expiryDay: r.expiryDay });
        holding[r.material]!.add(p.location);
        touched.add(p.location);
        onHand[r.material]! += p.quantity * materials[r.material]!.unitCubic;
      }
      for (const count of pieces.values()) if (count > 1) metrics.splits++;
      for (const location of touched) {
        refresh(location);
        if (violates(location)) metrics.violations++;
      }
    }
  };

  const xs = columns.x;
  const ys = columns.y;
  const [dockX, dockY] = columns.dock;
  let backY = dockY;
  for (let i = 0; i < layout.count; i++) if (layout.zoneKind[i] === ZONE_STORAGE) backY = Math.max(backY, ys[i]!);
  /** S-shape: along the front, through every aisle with a pick (the last one out and back when their number is odd). */
  const tour = (visited: number[]): number => {
    if (visited.length === 0) return 0;
    const aisles = new Map<number, { x: number; far: number }>();
    for (const location of visited) {
      const key = layout.aisle[location]! >= 0 ? layout.aisle[location]! : -1 - location;
      const a = aisles.get(key);
      const far = Math.abs(ys[location]! - dockY);
      if (a === undefined) aisles.set(key, { x: xs[location]!, far });
      else a.far = Math.max(a.far, far);
    }
    const list = [...aisles.values()].sort((a, b) => Math.abs(a.x - dockX) - Math.abs(b.x - dockX));
    const across = 2 * Math.abs(list.at(-1)!.x - dockX);
    const through = Math.abs(backY - dockY);
    return list.length % 2 === 0
      ? across + list.length * through
      : across + (list.length - 1) * through + 2 * list.at(-1)!.far;
  };

  /** Picks one line, nearest stock first; returns the units it found. */
  const pick = (material: number, quantity: number, visited: number[]): number => {
    let left = quantity;
    let farthest = -1;
    while (left > 0) {
      let best: StockRecord | undefined;
      let bestLocation = -1;
      for (const location of holding[material]!) {
        for (const r of stockAt[location]!) {
          if (r.material !== material) continue;
          const expiry = Number.isNaN(r.expiryDay) ? Infinity : r.expiryDay;
          const bestExpiry = best === undefined || Number.isNaN(best.expiryDay) ? Infinity : best.expiryDay;
          if (
            best === undefined ||
            expiry < bestExpiry ||
            (expiry === bestExpiry &&
              (layout.travel[location]! < layout.travel[bestLocation]! ||
                (layout.travel[location] === layout.travel[bestLocation] && location < bestLocation)))
          ) {
            best = r;
            bestLocation = location;
          }
        }
      }
      if (best === undefined) break;
      const take = Math.min(left, best.quantity);
      best.quantity -= take;
      left -= take;
      onHand[material]! -= take * materials[material]!.unitCubic;
      if (farthest < 0 || layout.travel[bestLocation]! > layout.travel[farthest]!) farthest = bestLocation;
      if (best.quantity === 0) {
        const records = stockAt[bestLocation]!.filter((r) => r !== best);
        stockAt[bestLocation] = records.length === 0 ? undefined : records;
        if (!records.some((r) => r.material === material)) holding[material]!.delete(bestLocation);
      }
      refresh(bestLocation);
      visited.push(bestLocation);
    }
    if (farthest >= 0) metrics.travel.push(2 * layout.travel[farthest]!);
    return quantity - left;
  };

  const sampleSpace = () => {
    let used = 0;
    let room = 0;
    let positions = 0;
    let mixed = 0;
    for (let i = 0; i < layout.count; i++) {
      const records = stockAt[i];
      if (records === undefined) continue;
      positions++;
      room += layout.maxCubic[i]!;
      used += layout.maxCubic[i]! - occupancy.remainingCubic[i]!;
      const seen = new Set<number>();
      for (const r of records) {
        if (seen.has(r.material)) {
          mixed++;
          break;
        }
        seen.add(r.material);
      }
    }
    return { utilization: room > 0 ? used / room : 0, positions, mixed };
  };

  receive(workload.opening);
  for (let day = 0; day < workload.days; day++) {
    receive(workload.receipts[day]!);
    const high = Float64Array.from(onHand);
    const space = sampleSpace();
    metrics.utilization += space.utilization / workload.days;
    metrics.positionsUsed += space.positions / workload.days;
    metrics.mixedLots += space.mixed / workload.days;
    const lines = new Float64Array(materials.length);
    const picked = new Float64Array(materials.length);
    const lineList = workload.picks[day]!;
    for (let start = 0; start < lineList.length; start += workload.linesPerOrder) {
      const visited: number[] = [];
      for (const line of lineList.slice(start, start + workload.linesPerOrder)) {
        // Counted as the service counts PICK transactions: what was taken, when something was.
        const taken = pick(line.material, line.quantity, visited);
        if (taken < line.quantity) metrics.shortLines++;
        if (taken > 0) {
          lines[line.material]! += 1;
          picked[line.material]! += taken * materials[line.material]!.unitCubic;
        }
      }
      if (visited.length > 0) metrics.tours.push(tour(visited));
    }
    // The next morning's demand figures: this day in, the day that left the window out.
    days.push({ lines, picked, low: Float64Array.from(onHand), high });
    const gone = days[days.length - 1 - window];
    for (let m = 0; m < materials.length; m++) {
      windowLines[m] = Math.max(
        0,
        windowLines[m]! + lines[m]! - (gone?.lines[m] ?? workload.historyLines[m]! / window),
      );
      windowPicked[m] = Math.max(
        0,
        windowPicked[m]! + picked[m]! - (gone?.picked[m] ?? workload.historyPickedCubic[m]! / window),
      );
    }
    recompute(onHand);
  }

  // The floor at the end, levels merged per bay.
  const cells = new Map<string, { x: number; y: number; used: number; room: number; byClass: number[] }>();
  for (let i = 0; i < layout.count; i++) {
    if (layout.zoneKind[i] !== ZONE_STORAGE) continue;
    const key = `${xs[i]},${ys[i]}`;
    let cell = cells.get(key);
    if (cell === undefined) cells.set(key, (cell = { x: xs[i]!, y: ys[i]!, used: 0, room: 0, byClass: [0, 0, 0] }));
    cell.room += layout.maxCubic[i]!;
    cell.used += layout.maxCubic[i]! - occupancy.remainingCubic[i]!;
    for (const r of stockAt[i] ?? []) {
      const k = abc[r.material]!;
      cell.byClass[k === ABC_UNKNOWN ? 2 : k]! += r.quantity * materials[r.material]!.unitCubic;
    }
  }
  metrics.floor = [...cells.values()].map((c) => {
    const top = c.byClass.indexOf(Math.max(...c.byClass));
    return {
      x: c.x,
      y: c.y,
      fill: c.room > 0 ? Math.round((c.used / c.room) * 1000) / 1000 : 0,
      velocity: c.used > 0 ? ABC_NAMES[top]! : null,
    };
  });
  return metrics;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs every algorithm asked for and the baselines over the workload; results in SIMULATED order. */
export function simulate(columns: LayoutColumns, workload: Workload, settings: SimulationSettings): SimulationResult {
  const layout = new Layout(columns);
  const full = {
    seed: settings.seed,
    randomRuns: settings.randomRuns ?? 3,
    batchSize: settings.batchSize ?? 20,
    abcCutoffs: settings.abcCutoffs ?? ([80, 15, 5] as const),
  };
  const kinds = SIMULATED.filter((k) => BASELINES.includes(k) || settings.algorithms.includes(k as Algorithm));
  const runs = new Map<Simulated, RunMetrics[]>();
  for (const kind of kinds) {
    const seeds = kind === "RANDOM" ? full.randomRuns : 1;
    runs.set(
      kind,
      Array.from({ length: seeds }, (_, i) => runOne(columns, layout, workload, kind, full, settings.seed * 1000 + i)),
    );
  }
  const summary = (kind: Simulated) => {
    const list = runs.get(kind)!;
    const travel = list.map((r) => mean(r.travel));
    return {
      travel: mean(travel),
      p95: mean(
        list.map((r) =>
          percentile(
            [...r.travel].sort((a, b) => a - b),
            0.95,
          ),
        ),
      ),
      tour: mean(list.map((r) => mean(r.tours))),
      utilization: mean(list.map((r) => r.utilization)),
      positions: mean(list.map((r) => r.positionsUsed)),
      unplaced: mean(list.map((r) => r.unplaced)),
      splits: mean(list.map((r) => r.splits)),
      mixed: mean(list.map((r) => r.mixedLots)),
      violations: list.reduce((sum, r) => sum + r.violations, 0),
      lines: mean(list.map((r) => r.travel.length)),
      short: mean(list.map((r) => r.shortLines)),
    };
  };
  const random = summary("RANDOM").travel;
  const reference = summary("REFERENCE").travel;
  const results: AlgorithmResult[] = kinds.map((kind) => {
    const s = summary(kind);
    return {
      algorithm: kind,
      travelPerPickFt: round(s.travel, 1),
      travelP95Ft: round(s.p95, 1),
      tourPerOrderFt: round(s.tour, 1),
      utilization: round(s.utilization, 4),
      positionsUsed: Math.round(s.positions),
      unplaced: Math.round(s.unplaced),
      splits: Math.round(s.splits),
      mixedLots: Math.round(s.mixed),
      violations: s.violations,
      pickLines: Math.round(s.lines),
      shortLines: Math.round(s.short),
      shareOfReferenceCut: random - reference > 0 ? round((random - s.travel) / (random - reference), 4) : 0,
      travelVsRandom: random > 0 ? round(s.travel / random - 1, 4) : 0,
    };
  });
  const floorOf: Simulated = settings.algorithms.includes("ENHANCED") ? "ENHANCED" : (kinds[0] ?? "RANDOM");
  return {
    positions: layout.classes.reduce((n, c) => n + (c.zoneKind === ZONE_STORAGE ? c.byPickPath.length : 0), 0),
    capacityCubicFeet: round(layout.storageCapacity / 10_000, 1),
    workload: {
      source: workload.source,
      profile: workload.profile,
      days: workload.days,
      materials: workload.materials.length,
      receipts: workload.opening.length + workload.receipts.reduce((n, day) => n + day.length, 0),
      pickLines: workload.picks.reduce((n, day) => n + day.length, 0),
      historyDays: workload.historyDays,
    },
    seed: settings.seed,
    results,
    floor: { algorithm: floorOf, cells: runs.get(floorOf)![0]!.floor },
  };
}
