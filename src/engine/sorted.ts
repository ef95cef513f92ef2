/**
 * The locations of one class sorted by remaining capacity, for best fit: "the location with the least room
 * that is still at least `need`" is a successor query. Keys pack the room and the location index into one
 * number (room × 2^20 + location, exact for integer rooms below 2^33), so ties go to the earlier location
 * on the pick path. The keys live in sorted blocks of a few hundred (a square-root decomposition): a query
 * is two binary searches, an update moves one key between blocks.
 *
 * A room of -Infinity means "not indexed": such locations are left out. Rooms are whole capacity units (see
 * layout.ts); anything else would corrupt the keys, so it is refused.
 */
const SHIFT = 2 ** 20;
const BLOCK = 256;

/** Largest location index a key can carry. */
export const MAX_LOCATIONS = SHIFT;
/** Rooms a key carries exactly: whole numbers below 2^33 (2^33 × 2^20 = 2^53). */
export const MAX_ROOM = 2 ** 33;

function keyOf(room: number, location: number): number {
  if (!Number.isInteger(room) || room >= MAX_ROOM)
    throw new RangeError(`room ${room} is not a whole number of units below 2^33`);
  return room * SHIFT + location;
}

function locationOf(key: number): number {
  return key - Math.floor(key / SHIFT) * SHIFT;
}

/** First index in `block` whose key is ≥ `key`. */
function lowerBound(block: readonly number[], key: number): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (block[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedRoom {
  #blocks: number[][];

  /** Use `SortedRoom.build`; this takes finished blocks. */
  constructor(blocks: number[][]) {
    this.#blocks = blocks;
  }

  /**
   * @param members location indices of the class
   * @param room remaining capacity by location index
   */
  static build(members: ArrayLike<number>, room: Float64Array): SortedRoom {
    const keys: number[] = [];
    for (let i = 0; i < members.length; i++) {
      const location = members[i]!;
      if (location >= MAX_LOCATIONS) throw new RangeError(`a layout may have at most ${MAX_LOCATIONS} locations`);
      if (room[location] !== -Infinity) keys.push(keyOf(room[location]!, location));
    }
    keys.sort((a, b) => a - b);
    const blocks: number[][] = [];
    for (let i = 0; i < keys.length; i += BLOCK) blocks.push(keys.slice(i, i + BLOCK));
    return new SortedRoom(blocks);
  }

  /** Index of the first block whose last key is ≥ key (blocks.length when none). */
  #blockFor(key: number): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid]!;
      if (block[block.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The accepted location with the least room that is at least `need` (ties: the smaller location index);
   * -1 when there is none.
   */
  bestFit(need: number, accept: (location: number) => boolean): number {
    const start = keyOf(need, 0);
    const blocks = this.#blocks;
    const first = this.#blockFor(start);
    for (let b = first; b < blocks.length; b++) {
      const block = blocks[b]!;
      for (let i = b === first ? lowerBound(block, start) : 0; i < block.length; i++) {
        const location = locationOf(block[i]!);
        if (accept(location)) return location;
      }
    }
    return -1;
  }

  /** Moves `location` from room `before` to room `after` (-Infinity: not indexed). */
  update(location: number, before: number, after: number): void {
    if (before === after) return;
    if (before !== -Infinity) this.#remove(keyOf(before, location));
    if (after !== -Infinity) this.#insert(keyOf(after, location));
  }

  #remove(key: number): void {
    const index = this.#blockFor(key);
    const block = this.#blocks[index];
    const at = block === undefined ? -1 : lowerBound(block, key);
    if (block === undefined || block[at] !== key)
      throw new RangeError("key not found: the room given as before is out of date");
    if (block.length === 1) this.#blocks.splice(index, 1);
    else block.splice(at, 1);
  }

  #insert(key: number): void {
    if (this.#blocks.length === 0) {
      this.#blocks.push([key]);
      return;
    }
    const index = Math.min(this.#blockFor(key), this.#blocks.length - 1);
    const block = this.#blocks[index]!;
    block.splice(lowerBound(block, key), 0, key);
    if (block.length > 2 * BLOCK) this.#blocks.splice(index + 1, 0, block.splice(BLOCK));
  }
}
