/**
 * Adaptive slotting: where on the way out from the dock a material's stock belongs, from how often it is
 * picked for the room its stock takes (demand per cube, the inverse of the cube-per-order index).
 *
 * Materials are ranked by picks per day per cubic foot of stock, densest first; a material's slot share is
 * the storage capacity the stock ranked ahead of it fills, plus half of its own, as a share of the facility's
 * storage capacity. The engine turns a share into a travel distance with the layout's capacity curve
 * (`Layout.travelAtShare`): a share of 0.3 is the distance within which 30 % of the storage room lies. So the
 * targets follow the fill level: in a half-empty warehouse even the slowest movers are aimed at the nearer
 * half, and the empty positions are left at the back, where nobody needs to walk.
 *
 * The stock that counts is the stock a material is expected to hold while the pallets put away today are
 * picked (`expectedStockCubic`, over `SLOTTING_HORIZON_DAYS`), not the mean of the last window: a slow mover's
 * window says little about the next weeks (its stock changes by one delivery every few months), and a fast
 * mover's stock saws between the same low and high marks whatever its window's mean happened to catch.
 */

/** Days ahead that slotting plans for: about the time a pallet of a fast mover put away today is picked in. */
export const SLOTTING_HORIZON_DAYS = 30;

/** What a material's expected stock is computed from, in one cube unit. */
export interface StockFigures {
  /** Stock on hand now. */
  onHandCubic: number;
  /** The lowest and the highest stock over the demand window (the reorder point and the level a delivery restores). */
  lowCubic: number;
  highCubic: number;
  /** Cube picked per day over the window. */
  pickedCubicPerDay: number;
}

/** A figure as a finite number of at least 0 (anything else counts as 0). */
const amount = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

/**
 * The mean stock cube a material is expected to hold over the next `horizonDays` (whole days, at most 3,650):
 * from what is on hand, it runs down by a day's picks each day, and when it falls to the window's low mark an
 * order brings it back up by the window's swing (high less low): the sawtooth of a reorder-point policy, read off
 * the material's history. The window's range is taken for the material's cycle even when the window saw only
 * part of one: a slow mover that only ran down over the window is expected to be ordered again at its low mark,
 * about as much as it held more at the window's start (when the rule was chosen, expecting no order at all
 * placed far worse in the simulator's generated warehouses, where half the materials see no delivery in 90
 * days yet are ordered again). A material nobody picks keeps what it has; one being run down for good is,
 * wrongly, expected back: nothing in the history tells it apart.
 */
export function expectedStockCubic(figures: StockFigures, horizonDays = SLOTTING_HORIZON_DAYS): number {
  const days = Number.isFinite(horizonDays) ? Math.min(3650, Math.max(0, Math.floor(horizonDays))) : 0;
  const perDay = amount(figures.pickedCubicPerDay);
  const low = amount(figures.lowCubic);
  const swing = Math.max(0, amount(figures.highCubic) - low);
  let level = amount(figures.onHandCubic);
  if (days === 0) return level;
  let sum = 0;
  for (let day = 0; day < days; day++) {
    sum += level;
    level = Math.max(0, level - perDay);
    if (level <= low && perDay > 0 && swing > 0) level += swing;
  }
  return sum / days;
}

/** What slotting needs of one material: how often it is picked and how much room its stock takes. */
export interface MaterialDemand<K> {
  material: K;
  /** Pick lines per day over the demand window. */
  picksPerDay: number;
  /** Room its stock is expected to take (`expectedStockCubic`), in capacity units or any unit shared with `capacity`. */
  stockCubic: number;
}

/**
 * Each material's slot share, 0 to 1 (see the module comment). `capacity` is the facility's storage
 * capacity in the unit of `stockCubic`. Materials never picked rank last; ties go by input order.
 */
export function slotShares<K>(materials: readonly MaterialDemand<K>[], capacity: number): Map<K, number> {
  const density = (m: MaterialDemand<K>) =>
    m.stockCubic > 0 ? m.picksPerDay / m.stockCubic : m.picksPerDay > 0 ? Infinity : 0;
  const ranked = materials.map((m, i) => ({ m, i, d: density(m) })).sort((a, b) => b.d - a.d || a.i - b.i);
  const shares = new Map<K, number>();
  let ahead = 0;
  for (const { m } of ranked) {
    const own = Math.max(0, m.stockCubic);
    shares.set(m.material, capacity > 0 ? Math.min(1, (ahead + own / 2) / capacity) : 0);
    ahead += own;
  }
  return shares;
}
