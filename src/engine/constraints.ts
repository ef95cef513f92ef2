/**
 * The hard constraints, which no algorithm ever breaks: the classes of locations that accept an item
 * (zone kind, temperature class, hazmat permission, allowed velocity classes), the checks the search
 * structures do not index (weight, the unit's dimensions, mixing rules), and why an item that found no
 * location has none. Room in cubic units is the search structures' own test (tree.ts, sorted.ts).
 */
import type { PlanItem, UnplacedReason } from "./interfaces.ts";
import { ABC_UNKNOWN, EMPTY, type Layout, MIX_ANY, MIX_SINGLE_MATERIAL } from "./layout.ts";
import type { PlanState } from "./state.ts";

/** Classes whose locations accept `item` in zones of kind `zoneKind`. */
export function compatibleClasses(layout: Layout, item: PlanItem, zoneKind: number): number[] {
  const abcBit = 1 << (item.abc === ABC_UNKNOWN ? 2 : item.abc);
  const result: number[] = [];
  layout.classes.forEach((c, index) => {
    if (
      c.zoneKind === zoneKind &&
      c.temperature === item.temperature &&
      (!item.hazmat || c.hazmat) &&
      (c.abcMask & abcBit) !== 0
    ) {
      result.push(index);
    }
  });
  return result;
}

/**
 * The test of the constraints the capacity trees do not index (weight, dimensions, mixing) for `item` needing
 * `weightNeed` weight units, as a function of the location, for the search structures to call.
 */
export function acceptor(state: PlanState, item: PlanItem, weightNeed: number): (location: number) => boolean {
  const { layout, remainingWeight, occupantMaterial, occupantLot } = state;
  const inner = layout.inner;
  const mixing = layout.mixing;
  const dims = item.unitDims;
  const d0 = dims?.[0] ?? 0;
  const d1 = dims?.[1] ?? 0;
  const d2 = dims?.[2] ?? 0;
  const material = item.material;
  const lot = item.lot;
  return (location) => {
    if (remainingWeight[location]! < weightNeed) return false;
    if (d0 > inner[3 * location]! || d1 > inner[3 * location + 1]! || d2 > inner[3 * location + 2]!) return false;
    const rule = mixing[location]!;
    if (rule === MIX_ANY) return true;
    const held = occupantMaterial[location]!;
    if (held === EMPTY) return true;
    if (rule === MIX_SINGLE_MATERIAL) return held === material;
    return held === material && lot !== EMPTY && occupantLot[location] === lot;
  };
}

/** Why an item could not be placed anywhere: never fits, too big for any location, or no room now. */
export function unplacedReason(
  state: PlanState,
  item: PlanItem,
  classes: number[],
  cubic: number,
  weight: number,
): UnplacedReason {
  const dims = item.unitDims;
  let compatible = false;
  for (const klass of classes) {
    for (const [d0, d1, d2, maxCubic, maxWeight] of state.layout.classes[klass]!.shapes) {
      if (dims !== null && (dims[0] > d0 || dims[1] > d1 || dims[2] > d2)) continue;
      compatible = true;
      if (maxCubic >= cubic && maxWeight >= weight) return "NO_CAPACITY";
    }
  }
  return compatible ? "EXCEEDS_LOCATION_CAPACITY" : "NO_COMPATIBLE_LOCATION";
}
