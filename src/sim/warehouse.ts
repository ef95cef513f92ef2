/**
 * Generated warehouses for the simulator: `AISLESxBAYSxLEVELS` identical pallet positions in a rectangular
 * block. The dock is at the front corner (0, 0); a cross aisle runs along the front (y = 0) and another
 * along the back, and each aisle runs from front to back. A position's walking distance from the dock is
 * Manhattan over that grid (the engine's `Layout.travel`); levels share their bay's distance.
 */
import type { LayoutColumns } from "../engine/index.ts";

/** Feet between aisle centre lines, and from the dock to the first aisle. */
export const AISLE_PITCH_FT = 12;
/** Feet along an aisle per bay, and from the front cross aisle to the first bay. */
export const BAY_PITCH_FT = 4.5;
const FIRST_BAY_FT = 6;
/** Inner size of a pallet position, inches (48 × 40 × 60: 66.7 cubic feet), and its weight limit, pounds. */
export const POSITION_INCHES: readonly [number, number, number] = [48, 40, 60];
export const POSITION_MAX_LBS = 2_500;

export interface WarehouseSize {
  aisles: number;
  bays: number;
  levels: number;
}

/** Reads `AISLESxBAYSxLEVELS` (`20x20x4`). @throws RangeError for anything else */
export function parseWarehouseSize(text: string): WarehouseSize {
  const match = /^(\d{1,4})x(\d{1,4})x(\d{1,2})$/i.exec(text.trim());
  const [aisles, bays, levels] = (match?.slice(1) ?? []).map(Number);
  if (aisles === undefined || bays === undefined || levels === undefined || !aisles || !bays || !levels) {
    throw new RangeError(
      `a warehouse size is AISLESxBAYSxLEVELS, whole numbers above 0 (up to 9999 aisles and bays, 99 levels; got "${text}")`,
    );
  }
  if (aisles * bays * levels > 200_000) {
    throw new RangeError(`at most 200,000 positions are generated (got ${aisles * bays * levels})`);
  }
  return { aisles, bays, levels };
}

/** The feet from the front cross aisle to the back one. */
export function aisleLengthFt(size: WarehouseSize): number {
  return FIRST_BAY_FT + size.bays * BAY_PITCH_FT;
}

/**
 * The layout of a generated warehouse, its locations on an S-shaped pick path (up the first aisle, down the
 * second…), levels bottom first.
 */
export function generateLayout(size: WarehouseSize): LayoutColumns {
  const columns: { [K in keyof LayoutColumns]: unknown[] } = {
    ids: [],
    codes: [],
    zoneTypes: [],
    aisles: [],
    x: [],
    y: [],
    inner: [],
    maxCubic: [],
    maxWeight: [],
    abc: [],
    temperature: [],
    hazmat: [],
    mixing: [],
    dock: [0, 0],
  };
  const cubic = Math.round((POSITION_INCHES[0] * POSITION_INCHES[1] * POSITION_INCHES[2] * 10_000) / 1728);
  const pad = (n: number, width: number) => String(n + 1).padStart(width, "0");
  for (let a = 0; a < size.aisles; a++) {
    for (let k = 0; k < size.bays; k++) {
      const b = a % 2 === 0 ? k : size.bays - 1 - k;
      for (let l = 0; l < size.levels; l++) {
        const code = `A${pad(a, 2)}-B${pad(b, 3)}-L${pad(l, 1)}`;
        columns.ids.push(code);
        columns.codes.push(code);
        columns.zoneTypes.push("RESERVE");
        columns.aisles.push(`A${pad(a, 2)}`);
        columns.x.push(AISLE_PITCH_FT * (a + 1));
        columns.y.push(FIRST_BAY_FT + b * BAY_PITCH_FT);
        columns.inner.push(POSITION_INCHES);
        columns.maxCubic.push(cubic);
        columns.maxWeight.push(POSITION_MAX_LBS * 1_000);
        columns.abc.push(["A", "B", "C"]);
        columns.temperature.push("AMBIENT");
        columns.hazmat.push(false);
        columns.mixing.push("ANY");
      }
    }
  }
  return columns as unknown as LayoutColumns;
}
