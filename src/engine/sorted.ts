/**
 * The locations of one class sorted by remaining capacity, for best fit: "the location with the least room
 * that is still at least `need`" is a successor query. Entries are ordered by room, then by a tie rank of
 * each location (the layout passes its rank by travel from the dock, so ties go to the nearer location; by
 * default the location index). They live in sorted blocks of a few hundred (a
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

/** First index in `block` whose entry is ≥ (room, rank). */
function lowerBound(block: Block, room: number, rank: number, ranks: ArrayLike<number> | undefined): number {
  const rooms = block.rooms;
  const locations = block.locations;
  let lo = 0;
  let hi = rooms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rooms[mid]!;
    if (r < room || (r === room && (ranks === undefined ? locations[mid]! : ranks[locations[mid]!]!) < rank))
      lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedRoom {
  #blocks: Block[];
  /** Tie rank by location index, distinct per location; undefined: the location index. */
  readonly #ranks: ArrayLike<number> | undefined;

  /** Use `SortedRoom.build`; this takes finished blocks. */
  constructor(blocks: Block[], ranks?: ArrayLike<number>) {
    this.#blocks = blocks;
    this.#ranks = ranks;
  }

  /**
   * @param members location indices of the class
   * @param room remaining capacity by location index
   * @param ranks tie rank by location index, distinct per location (default: the location index)
   */
  static build(members: ArrayLike<number>, room: Float64Array, ranks?: ArrayLike<number>): SortedRoom {
    const indexed: number[] = [];
    for (let i = 0; i < members.length; i++) {
      const location = members[i]!;
      if (room[location] === -Infinity) continue;
      checkRoom(room[location]!);
      indexed.push(location);
    }
    const rank = (location: number) => (ranks === undefined ? location : ranks[location]!);
    indexed.sort((a, b) => room[a]! - room[b]! || rank(a) - rank(b));
    const blocks: Block[] = [];
    for (let i = 0; i < indexed.length; i += BLOCK) {
      const locations = indexed.slice(i, i + BLOCK);
      blocks.push({ rooms: locations.map((location) => room[location]!), locations });
    }
    return new SortedRoom(blocks, ranks);
  }

  #rank(location: number): number {
    return this.#ranks === undefined ? location : this.#ranks[location]!;
  }

  /** Index of the first block whose last entry is ≥ (room, rank) (blocks.length when none). */
  #blockFor(room: number, rank: number): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid]!;
      const last = block.rooms.length - 1;
      const r = block.rooms[last]!;
      if (r < room || (r === room && this.#rank(block.locations[last]!) < rank)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The accepted location with the least room that is at least `need` (ties: the smaller rank); -1 when
   * there is none.
   */
  bestFit(need: number, accept: (location: number) => boolean): number {
    const blocks = this.#blocks;
    const first = this.#blockFor(need, -1);
    for (let b = first; b < blocks.length; b++) {
      const locations = blocks[b]!.locations;
      for (let i = b === first ? lowerBound(blocks[b]!, need, -1, this.#ranks) : 0; i < locations.length; i++) {
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
    const rank = this.#rank(location);
    const index = this.#blockFor(room, rank);
    const block = this.#blocks[index];
    const at = block === undefined ? -1 : lowerBound(block, room, rank, this.#ranks);
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
    const rank = this.#rank(location);
    const index = Math.min(this.#blockFor(room, rank), this.#blocks.length - 1);
    const block = this.#blocks[index]!;
    const at = lowerBound(block, room, rank, this.#ranks);
    block.rooms.splice(at, 0, room);
    block.locations.splice(at, 0, location);
    if (block.rooms.length > 2 * BLOCK)
      this.#blocks.splice(index + 1, 0, { rooms: block.rooms.splice(BLOCK), locations: block.locations.splice(BLOCK) });
  }
}
