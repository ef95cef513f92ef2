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
 */

/** What slotting needs of one material: how often it is picked and how much room its stock takes. */
export interface MaterialDemand<K> {
  material: K;
  /** Pick lines per day over the demand window. */
  picksPerDay: number;
  /** Mean room its stock took over the window, in capacity units (or any unit shared with `capacity`). */
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
