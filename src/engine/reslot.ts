/**
 * Re-slotting and consolidation plans: an ordered list of stock moves inside one facility, each a whole lot
 * from one location to another, chosen for one of three objectives:
 *
 * - CONSOLIDATE frees positions. Storage locations are emptied one at a time, those with the fewest lots and
 *   the least stock first: each of its lots goes, largest first, to the fullest other occupied location of
 *   the same class with room for it (best fit). A location is emptied whole or not at all, and one that took
 *   stock in the plan is never emptied later. The count is compared with a lower bound on the positions the
 *   stock needs (positionsLowerBound: per class, and per material or lot where the class's mixing rule keeps
 *   them apart).
 * - TRAVEL moves fast movers closer. Travel per pick line is the simulator's: out and back from the dock to
 *   the location a pick takes the material from (earliest expiry first, then nearest), weighted by the
 *   material's pick lines per day. Each step takes the move, or the pair of moves that first makes room near
 *   the dock by sending a slower material's lot away, with the largest cut in daily travel per move.
 * - BALANCED spends half the moves on consolidation and the rest on travel, which may then fill positions
 *   consolidation freed with fast movers.
 *
 * Every move respects the hard constraints of putaway (constraints.ts: class, room counting stock and open
 * reservations, weight, dimensions, mixing), in order: after moves 1..k, for any k, no location is over
 * capacity and each move reads a lot where the earlier moves left it. CONSOLIDATE never empties a location with
 * open putaway or move reservations (its room stays promised); any location with room may take stock.
 *
 * Pure: the caller hands over an Occupancy of its own (the plan writes into it) and the facility's lots.
 */
import { lowerBoundL2 } from "./bounds.ts";
import { lowerBound as firstAtLeast } from "./choose.ts";
import { acceptor, compatibleClasses } from "./constraints.ts";
import type { PlanItem } from "./interfaces.ts";
import { EMPTY, MIX_ANY, MIX_SINGLE_LOT, MIX_SINGLE_MATERIAL, MIXED, type Occupancy, ZONE_STORAGE } from "./layout.ts";
import { PlanState } from "./state.ts";
import { type MoveReason, RESLOTTING_OBJECTIVES, type ReslottingObjective } from "./vocabulary.ts";

/** Why a move is in a plan (people add MANUAL ones). */
export type PlanMoveReason = Exclude<MoveReason, "MANUAL">;

/** Minutes to take a pallet down and put it away again, per move, and walking (or driving) speed in feet per minute. */
export const MOVE_HANDLING_MINUTES = 2;
export const TRAVEL_FEET_PER_MINUTE = 264;

/** One lot at one location: `item` carries its material, lot, quantity and room (capacity units). */
export interface StockLot {
  location: number;
  item: PlanItem;
}

export interface ReslottingInput {
  /** The facility's state, stock and open reservations counted; the plan changes it. */
  occupancy: Occupancy;
  lots: readonly StockLot[];
  /** Pick lines per day of each material key (absent: none). */
  picksPerDay: ReadonlyMap<number, number>;
  /** Locations with open putaway (or move) reservations, and what those hold (for mixing rules). */
  reserved: ReadonlyMap<number, ReadonlyArray<{ material: number; lot: number }>>;
}

export interface ReslottingOptions {
  objective: ReslottingObjective;
  /** At most this many moves (Infinity: no limit). */
  maxMoves: number;
}

export interface Move {
  /** Index into the input's lots. */
  lot: number;
  from: number;
  to: number;
  reason: PlanMoveReason;
}

export interface ReslottingPlan {
  moves: Move[];
  /** Storage locations holding stock before the plan. */
  positionsOccupied: number;
  /** Storage locations the plan empties. */
  positionsFreed: number;
  /** A lower bound on the storage locations the stock needs (moving whole lots within each class). */
  positionsLowerBound: number;
  /** Feet per pick line, out and back, before and after the moves. */
  travelPerPickBefore: number;
  travelPerPickAfter: number;
  estimatedLaborMinutes: number;
}

/** The planning state: where each lot is, what each location holds, and the occupancy's room. */
class Slots {
  readonly occupancy: Occupancy;
  readonly state: PlanState;
  readonly lots: readonly StockLot[];
  readonly where: Int32Array;
  readonly lotsAt: (number[] | undefined)[];
  readonly reserved: ReslottingInput["reserved"];
  /** Locations that must take nothing more (emptied by the plan, or being emptied). */
  readonly closed: Uint8Array;
  /** Locations that took stock in the plan: never emptied afterwards. */
  readonly received: Uint8Array;
  readonly moves: Move[] = [];
  /** Locations the plan moved each material to (some may have sent it on since). */
  readonly planned = new Map<number, Set<number>>();

  constructor(input: ReslottingInput) {
    this.occupancy = input.occupancy;
    this.state = new PlanState(input.occupancy);
    this.lots = input.lots;
    this.reserved = input.reserved;
    const n = input.occupancy.layout.count;
    this.where = Int32Array.from(input.lots, (lot) => lot.location);
    this.lotsAt = new Array(n);
    input.lots.forEach((lot, i) => {
      (this.lotsAt[lot.location] ??= []).push(i);
    });
    this.closed = new Uint8Array(n);
    this.received = new Uint8Array(n);
  }

  /** Material and lot keys of what a location holds (lots and reservations), as the Occupancy keeps them. */
  #occupant(location: number): [number, number] {
    let material = EMPTY;
    let lot = EMPTY;
    const add = (m: number, l: number) => {
      material = material === EMPTY ? m : material === m ? material : MIXED;
      const held = l === EMPTY ? MIXED : l;
      lot = lot === EMPTY ? held : lot === held ? lot : MIXED;
    };
    for (const i of this.lotsAt[location] ?? []) add(this.lots[i]!.item.material, this.lots[i]!.item.lot);
    for (const r of this.reserved.get(location) ?? []) add(r.material, r.lot);
    return [material, lot];
  }

  /** Moves lot `i` to `to` and records it. */
  move(i: number, to: number, reason: PlanMoveReason): void {
    const from = this.where[i]!;
    const { item } = this.lots[i]!;
    const { occupancy } = this;
    const atFrom = this.lotsAt[from]!;
    atFrom.splice(atFrom.indexOf(i), 1);
    if (atFrom.length === 0) this.lotsAt[from] = undefined;
    (this.lotsAt[to] ??= []).push(i);
    this.where[i] = to;
    this.#set(from, occupancy.remainingCubic[from]! + item.cubic, occupancy.remainingWeight[from]! + item.weight);
    this.#set(to, occupancy.remainingCubic[to]! - item.cubic, occupancy.remainingWeight[to]! - item.weight);
    this.received[to] = 1;
    let planned = this.planned.get(item.material);
    if (planned === undefined) this.planned.set(item.material, (planned = new Set()));
    planned.add(to);
    this.moves.push({ lot: i, from, to, reason });
  }

  #set(location: number, cubic: number, weight: number): void {
    const [material, lot] = this.#occupant(location);
    this.occupancy.adjust(location, cubic, weight, material, lot);
  }

  /** Undoes the last `count` moves (a step that could not be finished). */
  undo(count: number): void {
    for (let k = 0; k < count; k++) {
      const last = this.moves.pop()!;
      const { from, to, lot } = last;
      this.move(lot, from, last.reason);
      this.moves.pop();
      // `to` took stock only in the undone move, unless it holds other stock the plan moved there.
      this.received[to] = (this.lotsAt[to] ?? []).some((j) => this.lots[j]!.location !== to) ? 1 : 0;
      this.received[from] = (this.lotsAt[from] ?? []).some((j) => this.lots[j]!.location !== from) ? 1 : 0;
    }
  }

  /** Storage classes that accept lot `i`'s item. */
  classesOf(i: number): number[] {
    return compatibleClasses(this.occupancy.layout, this.lots[i]!.item, ZONE_STORAGE);
  }

  /** Whether `location` takes lot `i` now (room, weight, dimensions, mixing; not closed, not its own). */
  acceptFor(i: number): (location: number) => boolean {
    const { item } = this.lots[i]!;
    const rest = acceptor(this.state, item, item.weight);
    const here = this.where[i]!;
    return (location) => location !== here && this.closed[location] === 0 && rest(location);
  }

  /** Single-material or single-lot locations of `classes` that hold lot i's material and take it. */
  ownMaterial(i: number, classes: readonly number[], accept: (location: number) => boolean): number[] {
    const { item } = this.lots[i]!;
    const { layout, remainingCubic } = this.occupancy;
    const found: number[] = [];
    for (const location of this.occupancy.locationsOfMaterial.get(item.material) ?? []) {
      if (
        layout.mixing[location] !== MIX_ANY &&
        remainingCubic[location]! >= item.cubic &&
        classes.includes(layout.classOf[location]!) &&
        accept(location)
      )
        found.push(location);
    }
    for (const location of this.planned.get(item.material) ?? []) {
      if (
        layout.mixing[location] !== MIX_ANY &&
        remainingCubic[location]! >= item.cubic &&
        classes.includes(layout.classOf[location]!) &&
        accept(location) &&
        !found.includes(location)
      )
        found.push(location);
    }
    return found;
  }

  isStorage(location: number): boolean {
    return this.occupancy.layout.zoneKind[location] === ZONE_STORAGE;
  }
}

/** The location a pick of `material` takes stock from: earliest expiry, then nearest; -1 without stock. */
function pickLocation(slots: Slots, lotsOfMaterial: readonly number[]): number {
  const travel = slots.occupancy.layout.travel;
  let best = -1;
  let bestExpiry = Infinity;
  for (const i of lotsOfMaterial) {
    const location = slots.where[i]!;
    if (!slots.isStorage(location)) continue;
    const expiry = Number.isNaN(slots.lots[i]!.item.expiryDay) ? Infinity : slots.lots[i]!.item.expiryDay;
    if (
      best < 0 ||
      expiry < bestExpiry ||
      (expiry === bestExpiry &&
        (travel[location]! < travel[best]! || (travel[location] === travel[best] && location < best)))
    ) {
      best = location;
      bestExpiry = expiry;
    }
  }
  return best;
}

/** The lot a pick of the material takes first (the one at its pick location with the earliest expiry). */
function pickLot(slots: Slots, lotsOfMaterial: readonly number[]): number {
  const location = pickLocation(slots, lotsOfMaterial);
  let best = -1;
  for (const i of lotsOfMaterial) {
    if (slots.where[i] !== location) continue;
    const expiry = slots.lots[i]!.item.expiryDay;
    const bestExpiry = best < 0 ? Infinity : slots.lots[best]!.item.expiryDay;
    if (best < 0 || (Number.isNaN(expiry) ? Infinity : expiry) < (Number.isNaN(bestExpiry) ? Infinity : bestExpiry))
      best = i;
  }
  return best;
}

/** Daily pick lines and travel: total feet per day, and lines per day. */
function dailyTravel(slots: Slots, byMaterial: ReadonlyMap<number, number[]>, picks: ReadonlyMap<number, number>) {
  const travel = slots.occupancy.layout.travel;
  let feet = 0;
  let lines = 0;
  for (const [material, perDay] of picks) {
    if (!(perDay > 0)) continue;
    const location = pickLocation(slots, byMaterial.get(material) ?? []);
    if (location < 0) continue;
    feet += perDay * 2 * travel[location]!;
    lines += perDay;
  }
  return { feet, lines };
}

function storagePositions(slots: Slots): number {
  let count = 0;
  for (let location = 0; location < slots.lotsAt.length; location++) {
    if (slots.lotsAt[location] !== undefined && slots.isStorage(location)) count++;
  }
  return count;
}

/**
 * Lower bound on the storage positions the stock needs, moving whole lots within each class: per class, L2
 * over its lots where its locations are all one size (else the fewest of its largest locations that hold the
 * stock). Where every location of a class holds one material at a time (or one lot), each material's (lot's)
 * stock is bounded on its own: two of them never share a position.
 */
export function positionsLowerBound(occupancy: Occupancy, lots: readonly StockLot[]): number {
  const { layout } = occupancy;
  // Per class: what its locations allow at once (the loosest rule among them).
  const loosest = new Map<number, number>();
  for (let location = 0; location < layout.count; location++) {
    const klass = layout.classOf[location]!;
    loosest.set(klass, Math.min(loosest.get(klass) ?? MIX_SINGLE_LOT, layout.mixing[location]!));
  }
  const groups = new Map<string, { klass: number; sizes: number[] }>();
  lots.forEach(({ location, item }, i) => {
    if (layout.zoneKind[location] !== ZONE_STORAGE) return;
    const klass = layout.classOf[location]!;
    const rule = loosest.get(klass)!;
    // Stock without a lot number never shares a single-lot location: a group of its own.
    const key =
      rule === MIX_ANY
        ? `${klass}`
        : rule === MIX_SINGLE_MATERIAL
          ? `${klass}:${item.material}`
          : `${klass}:${item.material}:${item.lot === EMPTY ? `#${i}` : item.lot}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { klass, sizes: [] }));
    group.sizes.push(item.cubic);
  });
  // Each class's capacities, largest first, computed once.
  const capacitiesOf = new Map<number, Float64Array>();
  let bound = 0;
  for (const { klass, sizes } of groups.values()) {
    let capacities = capacitiesOf.get(klass);
    if (capacities === undefined) {
      const members = layout.classes[klass]!.byPickPath;
      capacities = Float64Array.from(members, (location) => layout.maxCubic[location]!)
        .sort()
        .reverse();
      capacitiesOf.set(klass, capacities);
    }
    let count: number;
    if (capacities[0] === capacities.at(-1)) {
      count = lowerBoundL2(
        capacities[0]!,
        sizes.map((size) => Math.min(Math.max(0, size), capacities[0]!)),
      );
    } else {
      let need = sizes.reduce((sum, size) => sum + Math.max(0, size), 0);
      count = 0;
      while (need > 0 && count < capacities.length) need -= capacities[count++]!;
    }
    // Stock that takes no room still takes a position.
    bound += Math.max(1, count);
  }
  return bound;
}

/** Empties storage locations into others of their class, fewest lots and least stock first. */
function consolidate(slots: Slots, budget: number): void {
  const { layout, remainingCubic } = slots.occupancy;
  const candidates: number[] = [];
  for (let location = 0; location < slots.lotsAt.length; location++) {
    if (slots.lotsAt[location] !== undefined && slots.isStorage(location) && !slots.reserved.has(location))
      candidates.push(location);
  }
  const used = (location: number) => layout.maxCubic[location]! - remainingCubic[location]!;
  const lotCount = (location: number) => slots.lotsAt[location]?.length ?? 0;
  candidates.sort((a, b) => lotCount(a) - lotCount(b) || used(a) - used(b) || a - b);
  const start = slots.moves.length;
  for (const location of candidates) {
    const held = slots.lotsAt[location];
    if (held === undefined || slots.received[location] === 1) continue;
    if (slots.moves.length - start + held.length > budget) continue;
    slots.closed[location] = 1;
    const klass = layout.classOf[location]!;
    const order = [...held].sort((a, b) => slots.lots[b]!.item.cubic - slots.lots[a]!.item.cubic || a - b);
    let done = 0;
    for (const i of order) {
      // Within the location's own class, and only for stock that class accepts.
      if (!slots.classesOf(i).includes(klass)) break;
      const accept = slots.acceptFor(i);
      // Occupied locations only: moving stock into an empty position frees nothing.
      const occupied = (l: number) => remainingCubic[l]! < layout.maxCubic[l]! && accept(l);
      const cubic = slots.lots[i]!.item.cubic;
      let to = slots.occupancy.sortedRoom(klass).bestFit(cubic, occupied);
      for (const own of slots.ownMaterial(i, [klass], occupied)) {
        if (to < 0 || remainingCubic[own]! < remainingCubic[to]!) to = own;
      }
      if (to < 0) break;
      slots.move(i, to, "CONSOLIDATE");
      done++;
    }
    if (done < order.length) {
      slots.undo(done);
      slots.closed[location] = 0;
    }
    // An emptied location stays closed: it is what the plan frees.
  }
}

/** Fast movers whose best move each step weighs. */
const CANDIDATES = 64;

/**
 * Moves fast movers' pick lots nearer the dock, the largest cut in daily travel per move first: into the
 * nearest location with room, or (two moves) into a nearer location made free by sending its one lot of a
 * slower material to the nearest location with room beyond where the fast mover was.
 */
function shortenTravel(
  slots: Slots,
  budget: number,
  byMaterial: ReadonlyMap<number, number[]>,
  picks: ReadonlyMap<number, number>,
): void {
  const { layout } = slots.occupancy;
  const travel = layout.travel;
  const perDay = (material: number) => picks.get(material) ?? 0;
  const materials = [...picks.keys()].filter((m) => perDay(m) > 0 && byMaterial.has(m));
  // Each material's pick lot, kept current for the materials a step moves.
  const pickLots = new Map(materials.map((m) => [m, pickLot(slots, byMaterial.get(m)!)]));
  const start = slots.moves.length;
  const tried = new Set<number>();
  while (slots.moves.length - start < budget) {
    // The materials whose pick lots walk the most per day, not yet tried at their current place.
    let best: { lot: number; gain: number; moves: Array<[number, number]> } | null = null;
    const walk = (m: number) => perDay(m) * travel[slots.where[pickLots.get(m)!]!]!;
    const ranked: number[] = [];
    for (const m of materials) {
      const lot = pickLots.get(m)!;
      if (lot < 0 || tried.has(lot) || !(travel[slots.where[lot]!]! > 0)) continue;
      if (ranked.length === CANDIDATES && walk(m) <= walk(ranked[CANDIDATES - 1]!)) continue;
      let k = Math.min(ranked.length, CANDIDATES - 1);
      ranked[k] = m;
      while (k > 0 && walk(ranked[k - 1]!) < walk(m)) {
        ranked[k] = ranked[k - 1]!;
        ranked[--k] = m;
      }
    }
    for (const m of ranked) {
      const lot = pickLots.get(m)!;
      const option = bestTravelMove(slots, lot, byMaterial, perDay, budget - (slots.moves.length - start));
      if (option !== null && (best === null || option.gain > best.gain)) best = { lot, ...option };
    }
    if (best === null) break;
    tried.add(best.lot);
    if (!(best.gain > 0)) continue;
    for (const [lot, to] of best.moves) {
      slots.move(lot, to, lot === best.lot ? "TRAVEL" : "MAKE_ROOM");
      const material = slots.lots[lot]!.item.material;
      if (pickLots.has(material)) pickLots.set(material, pickLot(slots, byMaterial.get(material)!));
    }
  }
}

/** The best way to bring lot `i` nearer: its daily travel cut per move, and the moves; null for none. */
function bestTravelMove(
  slots: Slots,
  i: number,
  byMaterial: ReadonlyMap<number, number[]>,
  perDay: (material: number) => number,
  movesLeft: number,
): { gain: number; moves: Array<[number, number]> } | null {
  const { layout } = slots.occupancy;
  const travel = layout.travel;
  const { item } = slots.lots[i]!;
  const from = slots.where[i]!;
  const classes = slots.classesOf(i);
  const accept = slots.acceptFor(i);
  const fast = perDay(item.material);
  // Cut in the material's daily travel when lot i moves to `to` (its pick location may then be another lot's).
  const cut = (material: number, lot: number, to: number) => {
    const lots = byMaterial.get(material)!;
    const before = pickLocation(slots, lots);
    const saved = slots.where[lot]!;
    slots.where[lot] = to;
    const after = pickLocation(slots, lots);
    slots.where[lot] = saved;
    return perDay(material) * 2 * (travel[before]! - travel[after]!);
  };
  let best: { gain: number; moves: Array<[number, number]> } | null = null;
  // One move: the nearest location with room, over every class that takes the lot.
  let nearest = -1;
  for (const klass of classes) {
    const tree = slots.occupancy.travelTree(klass);
    const position = tree.firstFrom(0, item.cubic, accept);
    if (position >= 0) {
      const location = tree.members[position]!;
      if (nearest < 0 || travel[location]! < travel[nearest]!) nearest = location;
    }
  }
  if (nearest >= 0 && travel[nearest]! < travel[from]!)
    best = { gain: cut(item.material, i, nearest), moves: [[i, nearest]] };
  if (movesLeft < 2) return best;
  // Two moves: a nearer location holding one lot of a slower material, sent to where there is room farther out.
  const limit = nearest >= 0 ? travel[nearest]! : travel[from]!;
  for (const klass of classes) {
    const members = layout.classes[klass]!.byTravel;
    for (let k = 0; k < members.length && travel[members[k]!]! < limit; k++) {
      const target = members[k]!;
      const held = slots.lotsAt[target];
      if (held === undefined || held.length !== 1 || slots.closed[target] === 1 || slots.reserved.has(target)) continue;
      const other = held[0]!;
      const otherItem = slots.lots[other]!.item;
      if (perDay(otherItem.material) >= fast || otherItem.material === item.material) continue;
      if (layout.maxCubic[target]! < item.cubic) continue;
      // Where the slower lot goes: the nearest location with room at or beyond the fast lot's old place.
      const otherAccept = slots.acceptFor(other);
      let away = -1;
      for (const otherClass of slots.classesOf(other)) {
        const tree = slots.occupancy.travelTree(otherClass);
        const from2 = firstAtLeast(layout.classes[otherClass]!.travelOfByTravel, layout.travelNorm[from]!);
        const position = tree.firstFrom(from2, otherItem.cubic, (l) => l !== target && otherAccept(l));
        if (position >= 0) {
          const location = tree.members[position]!;
          if (away < 0 || travel[location]! < travel[away]!) away = location;
        }
      }
      if (away < 0) continue;
      // Check the fast lot fits once the slower one has left (room, weight, mixing), by trying it.
      slots.move(other, away, "MAKE_ROOM");
      const fits = accept(target) && slots.occupancy.remainingCubic[target]! >= item.cubic;
      const gain = fits ? cut(item.material, i, target) : 0;
      slots.undo(1);
      if (!fits) continue;
      const loss = -cut(otherItem.material, other, away);
      const perMove = (gain - loss) / 2;
      if (perMove > (best?.gain ?? 0))
        best = {
          gain: perMove,
          moves: [
            [other, away],
            [i, target],
          ],
        };
      break; // the nearest such location of the class is the one worth most
    }
  }
  return best;
}

/** Plans moves for `options.objective`; writes into `input.occupancy`. */
export function planReslotting(input: ReslottingInput, options: ReslottingOptions): ReslottingPlan {
  if (!RESLOTTING_OBJECTIVES.includes(options.objective))
    throw new RangeError(`objective must be one of ${RESLOTTING_OBJECTIVES.join(", ")}`);
  if (!(options.maxMoves >= 0)) throw new RangeError("maxMoves must be 0 or more");
  const slots = new Slots(input);
  const byMaterial = new Map<number, number[]>();
  input.lots.forEach((lot, i) => {
    let list = byMaterial.get(lot.item.material);
    if (list === undefined) byMaterial.set(lot.item.material, (list = []));
    list.push(i);
  });
  const positionsOccupied = storagePositions(slots);
  const before = dailyTravel(slots, byMaterial, input.picksPerDay);
  const { objective, maxMoves } = options;
  if (objective === "CONSOLIDATE") consolidate(slots, maxMoves);
  else if (objective === "TRAVEL") shortenTravel(slots, maxMoves, byMaterial, input.picksPerDay);
  else {
    consolidate(slots, Number.isFinite(maxMoves) ? Math.floor(maxMoves / 2) : maxMoves);
    // The positions consolidation freed are open to fast movers again: near the dock, they are worth more so.
    slots.closed.fill(0);
    shortenTravel(slots, maxMoves - slots.moves.length, byMaterial, input.picksPerDay);
  }
  const after = dailyTravel(slots, byMaterial, input.picksPerDay);
  const { layout } = input.occupancy;
  const minutes = slots.moves.reduce(
    (sum, m) => sum + MOVE_HANDLING_MINUTES + (layout.travel[m.from]! + layout.travel[m.to]!) / TRAVEL_FEET_PER_MINUTE,
    0,
  );
  return {
    moves: slots.moves,
    positionsOccupied,
    positionsFreed: positionsOccupied - storagePositions(slots),
    positionsLowerBound: positionsLowerBound(input.occupancy, input.lots),
    travelPerPickBefore: before.lines > 0 ? before.feet / before.lines : 0,
    travelPerPickAfter: after.lines > 0 ? after.feet / after.lines : 0,
    estimatedLaborMinutes: minutes,
  };
}
