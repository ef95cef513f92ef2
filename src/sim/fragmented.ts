/**
 * A generated warehouse whose stock has drifted: the simulator's rectangular block of pallet positions
 * (warehouse.ts), a share of them holding one or two partial pallets each (picking has run them down to
 * 10-100 % of a position), of materials put wherever there was room, whatever their demand. Demand is skewed
 * as in most warehouses: a material's pick lines per day fall off with its popularity rank (Zipf, s = 1).
 * The input of the re-slotting planner's measurements (`npm run -s reslot -- --generate`) and its benchmark.
 */
import { ABC_UNKNOWN, Layout, Occupancy, type PlanItem, TEMPERATURES, weightUnits } from "../engine/index.ts";
import type { StockLot } from "../engine/reslot.ts";
import { Random } from "../seed/random.ts";
import { generateLayout, type WarehouseSize } from "./warehouse.ts";

/** Cartons of a full position, 25 lb each. */
const CARTONS_PER_POSITION = 40;

export interface FragmentedFacility {
  occupancy: Occupancy;
  lots: StockLot[];
  picksPerDay: Map<number, number>;
}

export interface FragmentedOptions {
  size: WarehouseSize;
  seed: number;
  /** Share of positions holding stock (default 0.85). */
  occupied?: number;
  /** Pick lines per day over all materials (default: one per 10 positions). */
  linesPerDay?: number;
}

/** Builds the facility: every position one class, stock scattered as described above. */
export function generateFragmented(options: FragmentedOptions): FragmentedFacility {
  const random = new Random(options.seed);
  const layout = new Layout(generateLayout(options.size));
  const occupancy = new Occupancy(layout);
  const positions = layout.count;
  const materials = Math.max(1, Math.round(positions / 4));
  const cartonCubic = Math.floor(layout.maxCubic[0]! / CARTONS_PER_POSITION);
  const harmonic = Array.from({ length: materials }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
  const lines = options.linesPerDay ?? positions / 10;
  const picksPerDay = new Map<number, number>();
  // Popularity ranks are shuffled over material keys, so that keys say nothing about demand.
  const ranks = Array.from({ length: materials }, (_, k) => k);
  for (let k = ranks.length - 1; k > 0; k--) {
    const j = random.int(0, k);
    [ranks[k], ranks[j]] = [ranks[j]!, ranks[k]!];
  }
  for (let material = 0; material < materials; material++) {
    picksPerDay.set(material, (lines * (1 / (ranks[material]! + 1))) / harmonic);
  }
  const lots: StockLot[] = [];
  const share = options.occupied ?? 0.85;
  for (let location = 0; location < positions; location++) {
    if (!random.chance(share)) continue;
    const pallets = random.chance(0.25) ? 2 : 1;
    let room = CARTONS_PER_POSITION;
    const occupants = [];
    let used = 0;
    let weight = 0;
    for (let p = 0; p < pallets && room >= 4; p++) {
      const cartons = Math.min(room, random.int(4, CARTONS_PER_POSITION / pallets));
      room -= cartons;
      const material = random.int(0, materials - 1);
      const item: PlanItem = {
        material,
        lot: occupancy.keyOfLot(material, `L${location}-${p}`),
        quantity: cartons,
        cubic: cartons * cartonCubic,
        weight: cartons * weightUnits(25),
        unitDims: null,
        abc: ABC_UNKNOWN,
        temperature: TEMPERATURES.indexOf("AMBIENT"),
        hazmat: false,
        expiryDay: Number.NaN,
        crossDock: false,
      };
      lots.push({ location, item });
      occupants.push({ material, lot: item.lot, expiryDay: Number.NaN });
      used += item.cubic;
      weight += item.weight;
    }
    occupancy.set(location, 1, used, weight, occupants);
  }
  return { occupancy, lots, picksPerDay };
}
