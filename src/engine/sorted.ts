/**
 * The locations of one class sorted by remaining capacity, for best fit: "the location with the least room
 * that is still at least `need`" is a successor query. Entries are ordered by room, then by location index,
 * so ties go to the earlier location on the pick path. They live in sorted blocks of a few hundred (a
 * square-root decomposition): a query is two binary searches, an update moves one entry between blocks.
 *
 * Each block keeps its rooms and its locations in two parallel arrays rather than one packed number, so that
 * any room a double holds exactly is ordered exactly: a location's capacity is up to 999,999,999.999 cubic
 * feet (numeric(12,3)), 10^13 capacity units, more than a packed key (room × 2^20 + location) could carry.
 *
 * A room of -Infinity means "not indexed": such locations are left out. Rooms are whole capacity units (see
 * layout.ts); anything else would break the order between equal rooms, so it is refused.
 */
const BLOCK = 256;

/** Rooms ordered exactly: whole numbers a double holds exactly (below 2^53). */
export const MAX_ROOM = Number.MAX_SAFE_INTEGER;

interface Block {
  /** Rooms, ascending (ties by location). */
  rooms: number[];
  /** The location of each room. */
  locations: number[];
}

function checkRoom(room: number): void {
  if (!Number.isSafeInteger(room)) throw new RangeError(`room ${room} is not a whole number of units below 2^53`);
}

/** First index in `block` whose entry is ≥ (room, location). */
function lowerBound(block: Block, room: number, location: number): number {
  const rooms = block.rooms;
  const locations = block.locations;
  let lo = 0;
  let hi = rooms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rooms[mid]!;
    if (r < room || (r === room && locations[mid]! < location)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedRoom {
  #blocks: Block[];

  /** Use `SortedRoom.build`; this takes finished blocks. */
  constructor(blocks: Block[]) {
    this.#blocks = blocks;
  }

  /**
   * @param members location indices of the class
   * @param room remaining capacity by location index
   */
  static build(members: ArrayLike<number>, room: Float64Array): SortedRoom {
    const indexed: number[] = [];
    for (let i = 0; i < members.length; i++) {
      const location = members[i]!;
      if (room[location] === -Infinity) continue;
      checkRoom(room[location]!);
      indexed.push(location);
    }
    indexed.sort((a, b) => room[a]! - room[b]! || a - b);
    const blocks: Block[] = [];
    for (let i = 0; i < indexed.length; i += BLOCK) {
      const locations = indexed.slice(i, i + BLOCK);
      blocks.push({ rooms: locations.map((location) => room[location]!), locations });
    }
    return new SortedRoom(blocks);
  }

  /** Index of the first block whose last entry is ≥ (room, location) (blocks.length when none). */
  #blockFor(room: number, location: number): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid]!;
      const last = block.rooms.length - 1;
      const r = block.rooms[last]!;
      if (r < room || (r === room && block.locations[last]! < location)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The accepted location with the least room that is at least `need` (ties: the smaller location index);
   * -1 when there is none.
   */
  bestFit(need: number, accept: (location: number) => boolean): number {
    const blocks = this.#blocks;
    const first = this.#blockFor(need, 0);
    for (let b = first; b < blocks.length; b++) {
      const locations = blocks[b]!.locations;
      for (let i = b === first ? lowerBound(blocks[b]!, need, 0) : 0; i < locations.length; i++) {
        const location = locations[i]!;
        if (accept(location)) return location;
      }
    }
    return -1;
  }

  /** Moves `location` from room `before` to room `after` (-Infinity: not indexed). */
  update(location: number, before: number, after: number): void {
    if (before === after) return;
    if (before !== -Infinity) this.#remove(before, location);
    if (after !== -Infinity) {
      checkRoom(after);
      this.#insert(after, location);
    }
  }

  #remove(room: number, location: number): void {
    const index = this.#blockFor(room, location);
    const block = this.#blocks[index];
    const at = block === undefined ? -1 : lowerBound(block, room, location);
    if (block === undefined || block.rooms[at] !== room || block.locations[at] !== location)
      throw new RangeError("entry not found: the room given as before is out of date");
    if (block.rooms.length === 1) this.#blocks.splice(index, 1);
    else {
      block.rooms.splice(at, 1);
      block.locations.splice(at, 1);
    }
  }

  #insert(room: number, location: number): void {
    if (this.#blocks.length === 0) {
      this.#blocks.push({ rooms: [room], locations: [location] });
      return;
    }
    const index = Math.min(this.#blockFor(room, location), this.#blocks.length - 1);
    const block = this.#blocks[index]!;
    const at = lowerBound(block, room, location);
    block.rooms.splice(at, 0, room);
    block.locations.splice(at, 0, location);
    if (block.rooms.length > 2 * BLOCK)
      this.#blocks.splice(index + 1, 0, { rooms: block.rooms.splice(BLOCK), locations: block.locations.splice(BLOCK) });
  }
}
