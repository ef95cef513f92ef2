/**
 * A facility as the packing loop sees it. `Layout` is the static part (what a location is: size, zone,
 * class, place), built once per facility and layout version; `Occupancy` is the changing part (how much room
 * is left, what is stored), kept current from the database; a `PlanState` plans in it and puts back what it
 * changed. The terms (location index, units, class) are in interfaces.ts's glossary; the lists of zone types,
 * temperature classes, velocity classes and mixing rules in vocabulary.ts.
 */
import type { Occupant } from "./interfaces.ts";
import { SortedRoom } from "./sorted.ts";
import { CapacityTree } from "./tree.ts";
import { ABC_CLASSES, MIXING_RULES, TEMPERATURES, type ZoneType } from "./vocabulary.ts";

export const ZONE_STORAGE = 0;
export const ZONE_CROSS_DOCK = 1;
export const ZONE_STAGING = 2;
export const ZONE_OTHER = 3;
export const MIX_ANY = 0;
export const MIX_SINGLE_MATERIAL = 1;
export const MIX_SINGLE_LOT = 2;
/** Velocity class index used for materials without one: they are treated as slow movers. */
export const ABC_UNKNOWN = 3;
/** occupantMaterial / occupantLot: nothing stored. */
export const EMPTY = -1;
/** occupantMaterial / occupantLot: more than one stored. */
export const MIXED = -2;

/** The engine's kind of each zone type: every type has one (the type checker sees to it). */
const ZONE_KIND_OF: ReadonlyMap<string, number> = new Map(
  Object.entries({
    RECEIVING: ZONE_OTHER,
    DOCK: ZONE_OTHER,
    STAGING: ZONE_STAGING,
    CROSS_DOCK: ZONE_CROSS_DOCK,
    PICK_FACE: ZONE_STORAGE,
    RESERVE: ZONE_STORAGE,
    BULK: ZONE_STORAGE,
  } satisfies Record<ZoneType, number>),
);

/** The static description of a facility's usable locations, column by column, in pick-path order. */
export interface LayoutColumns {
  ids: readonly string[];
  codes: readonly string[];
  /** Zone types (ZONE_TYPES). */
  zoneTypes: readonly string[];
  aisles: readonly (string | null)[];
  x: readonly number[];
  y: readonly number[];
  /** Inner length, width and height in inches. */
  inner: readonly (readonly number[])[];
  /** Capacity in units. */
  maxCubic: readonly number[];
  maxWeight: readonly number[];
  /** Allowed velocity classes (ABC_CLASSES). */
  abc: readonly (readonly string[])[];
  temperature: readonly string[];
  hazmat: readonly boolean[];
  mixing: readonly string[];
  /** Dock position, feet. */
  dock: readonly [number, number];
}

/** One compatibility class: its key fields and its members in two orders. */
export interface LocationClass {
  zoneKind: number;
  temperature: number;
  hazmat: boolean;
  abcMask: number;
  /** Members in pick-path order (= ascending location index). */
  byPickPath: Uint32Array;
  /** Members by travel distance from the dock, nearest first. */
  byTravel: Uint32Array;
  /** Normalized travel distance of each member of byTravel, ascending. */
  travelOfByTravel: Float64Array;
  /** The distinct sizes among the members: sorted inner dimensions, cubic and weight capacity. */
  shapes: ReadonlyArray<readonly [number, number, number, number, number]>;
}

/** Position of `value` in `values`; -1 for a value the engine does not know (null, a newer enum value). */
function positionIn(values: readonly string[], value: unknown): number {
  return typeof value === "string" ? values.indexOf(value) : -1;
}

/** The velocity classes a location allows, as a bit mask; -1 when one of them is unknown. Nulls allow nothing. */
function abcMaskOf(classes: readonly unknown[] | null | undefined): number {
  let mask = 0;
  for (const abc of classes ?? []) {
    if (abc === null) continue;
    const position = positionIn(ABC_CLASSES, abc);
    if (position < 0) return -1;
    mask |= 1 << position;
  }
  return mask;
}

export class Layout {
  readonly count: number;
  readonly ids: readonly string[];
  readonly codes: readonly string[];
  readonly indexById: ReadonlyMap<string, number>;
  readonly zoneKind: Uint8Array;
  readonly temperature: Uint8Array;
  readonly hazmat: Uint8Array;
  readonly abcMask: Uint8Array;
  readonly mixing: Uint8Array;
  /** Sorted inner dimensions, three per location, smallest first. */
  readonly inner: Float64Array;
  readonly maxCubic: Float64Array;
  readonly maxWeight: Float64Array;
  /** Walking distance from the dock (Manhattan, feet), and the same divided by the largest. */
  readonly travel: Float64Array;
  readonly travelNorm: Float64Array;
  /** Aisle number of each location (-1 when it has none), and the aisle names. */
  readonly aisle: Int32Array;
  readonly aisleNames: readonly string[];
  /** Locations of each aisle, in pick-path order. */
  readonly aisleMembers: readonly Uint32Array[];
  readonly classes: readonly LocationClass[];
  /** Class of each location, and its position in the class's two orders. */
  readonly classOf: Uint16Array;
  readonly pickPosition: Uint32Array;
  readonly travelPosition: Uint32Array;
  /** Rank of each location by travel from the dock (then pick path), over the whole layout: ties go nearer. */
  readonly travelRank: Uint32Array;
  /** Storage locations' normalized travel, nearest first, and the share of storage room within each. */
  readonly #curveTravel: Float64Array;
  /** Storage room, in capacity units, of all storage locations. */
  readonly storageCapacity: number;
  readonly #curveShare: Float64Array;

  constructor(columns: LayoutColumns) {
    const n = columns.ids.length;
    for (const [name, column] of Object.entries(columns)) {
      if (name !== "dock" && (column as unknown[]).length !== n) {
        throw new RangeError(`layout column ${name} has ${(column as unknown[]).length} entries, expected ${n}`);
      }
    }
    this.count = n;
    this.ids = columns.ids;
    this.codes = columns.codes;
    this.indexById = new Map(columns.ids.map((id, i) => [id, i]));
    this.zoneKind = new Uint8Array(n);
    this.temperature = new Uint8Array(n);
    this.hazmat = new Uint8Array(n);
    this.abcMask = new Uint8Array(n);
    this.mixing = new Uint8Array(n);
    this.inner = new Float64Array(3 * n);
    this.maxCubic = new Float64Array(n);
    this.maxWeight = new Float64Array(n);
    this.travel = new Float64Array(n);
    this.travelNorm = new Float64Array(n);
    this.aisle = new Int32Array(n);
    const aisleNumbers = new Map<string, number>();
    const [dockX, dockY] = columns.dock;
    let maxTravel = 0;
    for (let i = 0; i < n; i++) {
      const zoneKind = ZONE_KIND_OF.get(columns.zoneTypes[i]!);
      const temperature = positionIn(TEMPERATURES, columns.temperature[i]);
      const mixing = positionIn(MIXING_RULES, columns.mixing[i]);
      const abcMask = abcMaskOf(columns.abc[i]);
      // A rule the engine cannot read (a value newer than vocabulary.ts, or a null) is never taken for a yes:
      // the location is treated as a zone that holds no stock, so no putaway chooses it.
      const known = zoneKind !== undefined && temperature >= 0 && mixing >= 0 && abcMask >= 0;
      const kind = known ? zoneKind : ZONE_OTHER;
      this.zoneKind[i] = kind;
      this.temperature[i] = known ? temperature : 0;
      this.hazmat[i] = columns.hazmat[i] ? 1 : 0;
      this.mixing[i] = known ? mixing : 0;
      this.abcMask[i] = known ? abcMask : 0;
      const dims = [...columns.inner[i]!].sort((a, b) => a - b);
      this.inner[3 * i] = dims[0]!;
      this.inner[3 * i + 1] = dims[1]!;
      this.inner[3 * i + 2] = dims[2]!;
      this.maxCubic[i] = columns.maxCubic[i]!;
      this.maxWeight[i] = columns.maxWeight[i]!;
      this.travel[i] = Math.abs(columns.x[i]! - dockX) + Math.abs(columns.y[i]! - dockY);
      if (kind === ZONE_STORAGE) maxTravel = Math.max(maxTravel, this.travel[i]!);
      const aisleName = columns.aisles[i];
      if (aisleName === null || aisleName === undefined) {
        this.aisle[i] = -1;
      } else {
        let number = aisleNumbers.get(aisleName);
        if (number === undefined) aisleNumbers.set(aisleName, (number = aisleNumbers.size));
        this.aisle[i] = number;
      }
    }
    for (let i = 0; i < n; i++) this.travelNorm[i] = maxTravel > 0 ? Math.min(1, this.travel[i]! / maxTravel) : 0;
    this.aisleNames = [...aisleNumbers.keys()];
    const aisleLists: number[][] = this.aisleNames.map(() => []);
    for (let i = 0; i < n; i++) if (this.aisle[i]! >= 0) aisleLists[this.aisle[i]!]!.push(i);
    this.aisleMembers = aisleLists.map((list) => Uint32Array.from(list));
    [this.#curveTravel, this.#curveShare, this.storageCapacity] = this.#capacityCurve();
    this.travelRank = new Uint32Array(n);
    Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => this.travel[a]! - this.travel[b]! || a - b)
      .forEach((location, rank) => {
        this.travelRank[location] = rank;
      });
    this.classes = this.#buildClasses();
    this.classOf = new Uint16Array(n);
    this.pickPosition = new Uint32Array(n);
    this.travelPosition = new Uint32Array(n);
    this.classes.forEach((c, index) => {
      c.byPickPath.forEach((location, position) => {
        this.classOf[location] = index;
        this.pickPosition[location] = position;
      });
      c.byTravel.forEach((location, position) => {
        this.travelPosition[location] = position;
      });
    });
  }

  /**
   * The storage locations' normalized travel, nearest first, with the share of storage room up to and
   * including each; and the whole storage room.
   */
  #capacityCurve(): [Float64Array, Float64Array, number] {
    const storage: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.zoneKind[i] === ZONE_STORAGE) storage.push(i);
    storage.sort((a, b) => this.travel[a]! - this.travel[b]! || a - b);
    const total = storage.reduce((sum, i) => sum + this.maxCubic[i]!, 0);
    const travel = new Float64Array(storage.length);
    const share = new Float64Array(storage.length);
    let room = 0;
    storage.forEach((location, k) => {
      room += this.maxCubic[location]!;
      travel[k] = this.travelNorm[location]!;
      share[k] = total > 0 ? room / total : 1;
    });
    return [travel, share, total];
  }

  /** The normalized travel distance within which `share` (0 to 1) of the storage room lies. */
  travelAtShare(share: number): number {
    const shares = this.#curveShare;
    if (shares.length === 0) return 0;
    let lo = 0;
    let hi = shares.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shares[mid]! < share) lo = mid + 1;
      else hi = mid;
    }
    return this.#curveTravel[lo]!;
  }

  #buildClasses(): LocationClass[] {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.count; i++) {
      const key = ((this.zoneKind[i]! * 4 + this.temperature[i]!) * 2 + this.hazmat[i]!) * 8 + this.abcMask[i]!;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = []));
      group.push(i);
    }
    return [...groups.values()].map((members) => {
      const first = members[0]!;
      const byTravel = [...members].sort((a, b) => this.travel[a]! - this.travel[b]! || a - b);
      const shapes = new Map<string, readonly [number, number, number, number, number]>();
      for (const i of members) {
        const shape = [
          this.inner[3 * i]!,
          this.inner[3 * i + 1]!,
          this.inner[3 * i + 2]!,
          this.maxCubic[i]!,
          this.maxWeight[i]!,
        ] as const;
        shapes.set(shape.join(","), shape);
      }
      return {
        shapes: [...shapes.values()],
        zoneKind: this.zoneKind[first]!,
        temperature: this.temperature[first]!,
        hazmat: this.hazmat[first] === 1,
        abcMask: this.abcMask[first]!,
        byPickPath: Uint32Array.from(members),
        byTravel: Uint32Array.from(byTravel),
        travelOfByTravel: Float64Array.from(byTravel, (i) => this.travelNorm[i]!),
      };
    });
  }
}

/** The room the search structures index for a location (see `Occupancy.availableRoom`). */
export function availableRoom(layout: Layout, location: number, remaining: number, occupant: number): number {
  return layout.mixing[location] !== MIX_ANY && occupant !== EMPTY ? -Infinity : remaining;
}

/**
 * The changing state of a layout: room left and what is stored. Material and lot keys are small integers
 * handed out by `keyOfMaterial` / `keyOfLot`, so that comparisons in the hot loop are integer compares.
 */
export class Occupancy {
  readonly layout: Layout;
  /**
   * Room as the search structures see it: the remaining capacity, except -Infinity for a single-material
   * or single-lot location that already holds stock. Only its own material may join such a location; the
   * engine finds those through `locationsOfMaterial` instead of wading through every occupied pick face.
   */
  readonly availableRoom: Float64Array;
  /** Search structures over the current state, by class, built on first use and kept current by `set`. */
  readonly #pickTrees: (CapacityTree | undefined)[];
  readonly #travelTrees: (CapacityTree | undefined)[];
  readonly #sortedRooms: (SortedRoom | undefined)[];
  readonly remainingCubic: Float64Array;
  readonly remainingWeight: Float64Array;
  readonly occupantMaterial: Int32Array;
  readonly occupantLot: Int32Array;
  readonly occupants: (Occupant[] | undefined)[];
  /** Version of each location's row, to apply only newer data. */
  readonly versions: Float64Array;
  /** Locations holding each material (material key → location indices). */
  readonly locationsOfMaterial = new Map<number, Set<number>>();
  readonly #materialKeys = new Map<string, number>();
  readonly #lotKeys = new Map<string, number>();

  constructor(layout: Layout) {
    this.layout = layout;
    this.remainingCubic = Float64Array.from(layout.maxCubic);
    this.availableRoom = Float64Array.from(layout.maxCubic);
    this.remainingWeight = Float64Array.from(layout.maxWeight);
    this.occupantMaterial = new Int32Array(layout.count).fill(EMPTY);
    this.occupantLot = new Int32Array(layout.count).fill(EMPTY);
    this.occupants = new Array(layout.count);
    this.versions = new Float64Array(layout.count);
    this.#pickTrees = new Array(layout.classes.length);
    this.#travelTrees = new Array(layout.classes.length);
    this.#sortedRooms = new Array(layout.classes.length);
  }

  /** The class's locations in pick-path order, by remaining cubic capacity (shared: plans change it in place and put it back). */
  pickTree(klass: number): CapacityTree {
    return (this.#pickTrees[klass] ??= CapacityTree.build(
      this.layout.classes[klass]!.byPickPath,
      this.layout.pickPosition,
      this.availableRoom,
    ));
  }

  /** The class's locations by travel distance, by remaining cubic capacity (shared: plans change it in place and put it back). */
  travelTree(klass: number): CapacityTree {
    return (this.#travelTrees[klass] ??= CapacityTree.build(
      this.layout.classes[klass]!.byTravel,
      this.layout.travelPosition,
      this.availableRoom,
    ));
  }

  /**
   * The class's locations sorted by remaining cubic capacity, ties nearest the dock first (shared: plans
   * change it in place and put it back).
   */
  sortedRoom(klass: number): SortedRoom {
    return (this.#sortedRooms[klass] ??= SortedRoom.build(
      this.layout.classes[klass]!.byPickPath,
      this.availableRoom,
      this.layout.travelRank,
    ));
  }

  /** The key of a material id, made on first use. */
  keyOfMaterial(id: string): number {
    let key = this.#materialKeys.get(id);
    if (key === undefined) this.#materialKeys.set(id, (key = this.#materialKeys.size));
    return key;
  }

  /** The key of a material's lot number; EMPTY for no lot number. */
  keyOfLot(material: number, lotNumber: string | null): number {
    if (lotNumber === null || lotNumber === "") return EMPTY;
    const name = `${material}\u0000${lotNumber}`;
    let key = this.#lotKeys.get(name);
    if (key === undefined) this.#lotKeys.set(name, (key = this.#lotKeys.size));
    return key;
  }

  /**
   * Sets a location's state from a database row, unless the row is older than what is held.
   * @returns false when the row was older and ignored
   */
  set(location: number, version: number, usedCubic: number, usedWeight: number, occupants: Occupant[]): boolean {
    if (version < this.versions[location]!) return false;
    this.versions[location] = version;
    for (const previous of this.occupants[location] ?? [])
      this.locationsOfMaterial.get(previous.material)?.delete(location);
    this.occupants[location] = occupants.length === 0 ? undefined : occupants;
    let material = EMPTY;
    let lot = EMPTY;
    for (const occupant of occupants) {
      let set = this.locationsOfMaterial.get(occupant.material);
      if (set === undefined) this.locationsOfMaterial.set(occupant.material, (set = new Set()));
      set.add(location);
      material = material === EMPTY ? occupant.material : material === occupant.material ? material : MIXED;
      // Stock without a lot number never matches a lot: a single-lot location holding it takes nothing more.
      const occupantLot = occupant.lot === EMPTY ? MIXED : occupant.lot;
      lot = lot === EMPTY ? occupantLot : lot === occupantLot ? lot : MIXED;
    }
    this.adjust(
      location,
      this.layout.maxCubic[location]! - usedCubic,
      this.layout.maxWeight[location]! - usedWeight,
      material,
      lot,
    );
    return true;
  }

  /**
   * Sets a location's room and occupant keys and keeps the search structures current. Plans use it to take
   * room (and to give it back when they are released); `set` uses it for database rows.
   */
  adjust(location: number, cubic: number, weight: number, material: number, lot: number): void {
    this.remainingCubic[location] = cubic;
    this.remainingWeight[location] = weight;
    this.occupantMaterial[location] = material;
    this.occupantLot[location] = lot;
    const before = this.availableRoom[location]!;
    const after = availableRoom(this.layout, location, cubic, material);
    if (after === before) return;
    this.availableRoom[location] = after;
    const klass = this.layout.classOf[location]!;
    this.#pickTrees[klass]?.update(location, after);
    this.#travelTrees[klass]?.update(location, after);
    this.#sortedRooms[klass]?.update(location, before, after);
  }
}
