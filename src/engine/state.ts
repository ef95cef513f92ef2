/**
 * A plan's view of the facility, and its journal. Planning writes into the facility's own arrays and search
 * structures (no copies: a one-item request on a large facility touches one location) and records the state
 * of each location before it first changes it; `release()` puts everything back. Planning is synchronous, so
 * nothing else ever sees the intermediate state.
 */
import type { Occupant, PlanItem } from "./interfaces.ts";
import { EMPTY, type Layout, MIXED, type Occupancy } from "./layout.ts";
import type { SortedRoom } from "./sorted.ts";
import type { CapacityTree } from "./tree.ts";

/** One plan's view of a facility's `Occupancy`: takes room with `place`, gives it all back with `release`. */
export class PlanState {
  readonly layout: Layout;
  readonly occupancy: Occupancy;
  readonly remainingCubic: Float64Array;
  readonly remainingWeight: Float64Array;
  readonly occupantMaterial: Int32Array;
  readonly occupantLot: Int32Array;
  /** Occupants added by this plan, by location. */
  readonly added = new Map<number, Occupant[]>();
  /** Locations of each material added by this plan. */
  readonly addedLocationsOfMaterial = new Map<number, Set<number>>();
  /** Each touched location and its state before the plan: room, weight, material, lot. */
  readonly #journal = new Map<number, [number, number, number, number]>();
  #released = false;

  constructor(occupancy: Occupancy) {
    this.layout = occupancy.layout;
    this.occupancy = occupancy;
    this.remainingCubic = occupancy.remainingCubic;
    this.remainingWeight = occupancy.remainingWeight;
    this.occupantMaterial = occupancy.occupantMaterial;
    this.occupantLot = occupancy.occupantLot;
  }

  pickTree(klass: number): CapacityTree {
    return this.occupancy.pickTree(klass);
  }

  travelTree(klass: number): CapacityTree {
    return this.occupancy.travelTree(klass);
  }

  sortedRoom(klass: number): SortedRoom {
    return this.occupancy.sortedRoom(klass);
  }

  /** Takes room at a location for an item. */
  place(location: number, item: PlanItem, cubic: number, weight: number): void {
    if (this.#released) throw new Error("this plan was released");
    const { occupancy } = this;
    if (!this.#journal.has(location)) {
      this.#journal.set(location, [
        occupancy.remainingCubic[location]!,
        occupancy.remainingWeight[location]!,
        occupancy.occupantMaterial[location]!,
        occupancy.occupantLot[location]!,
      ]);
    }
    const material = occupancy.occupantMaterial[location]!;
    const lot = occupancy.occupantLot[location]!;
    const itemLot = item.lot === EMPTY ? MIXED : item.lot;
    occupancy.adjust(
      location,
      occupancy.remainingCubic[location]! - cubic,
      occupancy.remainingWeight[location]! - weight,
      material === EMPTY || material === item.material ? item.material : MIXED,
      lot === EMPTY && material === EMPTY ? itemLot : lot === itemLot ? lot : MIXED,
    );
    let list = this.added.get(location);
    if (list === undefined) this.added.set(location, (list = []));
    list.push({ material: item.material, lot: item.lot, expiryDay: item.expiryDay });
    let locations = this.addedLocationsOfMaterial.get(item.material);
    if (locations === undefined) this.addedLocationsOfMaterial.set(item.material, (locations = new Set()));
    locations.add(location);
  }

  /** Calls `visit` once for each location holding `material`, stored before the plan or added by it. */
  forEachLocationOf(material: number, visit: (location: number) => void): void {
    const before = this.occupancy.locationsOfMaterial.get(material);
    const added = this.addedLocationsOfMaterial.get(material);
    if (before !== undefined) for (const location of before) visit(location);
    if (added !== undefined)
      for (const location of added) if (before === undefined || !before.has(location)) visit(location);
  }

  /** Undoes every change of the plan. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const [location, [cubic, weight, material, lot]] of this.#journal) {
      this.occupancy.adjust(location, cubic, weight, material, lot);
    }
  }
}
