/**
 * The units of room, the one TypeScript statement of them. The database keeps cubic feet with 4 decimals,
 * pounds with 3 and quantities with 3 (its numeric columns' scales); the engine counts room in whole units of
 * the smallest step, so that sums are exact and the engine and PostgreSQL agree to the unit: a capacity unit
 * is 1/10,000 cubic foot, a weight unit 1/1,000 pound. The SQL functions that hand units to the engine and
 * take them back (app_hidden.putaway_snapshot, putaway_layout_json, reserve_putaway) write the same scales;
 * test/vocabulary.test.ts checks them and the column scales against these constants.
 */

/** Capacity units in one cubic foot: cubic feet have 4 decimals. */
export const CUBIC_UNITS_PER_CUBIC_FOOT = 10_000;
/** Weight units in one pound: pounds have 3 decimals. */
export const WEIGHT_UNITS_PER_POUND = 1_000;
/** Decimals of a quantity (units of a material); a quantity is a whole number of thousandths. */
export const QUANTITY_DECIMALS = 3;
/** Thousandths in one unit of quantity. */
export const QUANTITY_SCALE = 1_000;

/** Capacity units of a volume in cubic feet, to the nearest unit. */
export function cubicUnits(cubicFeet: number): number {
  return Math.round(cubicFeet * CUBIC_UNITS_PER_CUBIC_FOOT);
}

/** Weight units of a weight in pounds, to the nearest unit. */
export function weightUnits(pounds: number): number {
  return Math.round(pounds * WEIGHT_UNITS_PER_POUND);
}

/** Cubic feet of a number of capacity units. */
export function cubicFeetOf(units: number): number {
  return units / CUBIC_UNITS_PER_CUBIC_FOOT;
}

/** Pounds of a number of weight units. */
export function poundsOf(units: number): number {
  return units / WEIGHT_UNITS_PER_POUND;
}

/** A quantity rounded to the thousandths the database keeps (what is left of a split item, say). */
export function roundQuantity(quantity: number): number {
  return Math.round(quantity * QUANTITY_SCALE) / QUANTITY_SCALE;
}
