/**
 * A segment tree over a fixed list of locations (the members of one compatibility class, in a fixed order),
 * holding each one's remaining cubic capacity. It answers the packing loop's questions in O(log n) per
 * visited subtree: the first member at or after a position with room for `need` (first fit), the last one
 * before a position, and the member with the least room that still fits (best fit). Each query takes an
 * `accept` callback for the constraints the tree does not index (weight, dimensions, mixing); members it
 * rejects are skipped and the search goes on.
 *
 * Build once per plan with `new CapacityTree(members, remaining)`; keep it current with `update()`.
 */
export class CapacityTree {
  /** Location index of each member, in tree order. */
  readonly members: Uint32Array;
  readonly #size: number;
  readonly #max: Float64Array;
  readonly #min: Float64Array;
  /** Tree position of each member, by location index (only for members). */
  readonly #position: Map<number, number>;

  /**
   * @param members location indices, in the order queries walk them
   * @param remaining remaining cubic capacity by location index
   */
  constructor(members: Uint32Array, remaining: Float64Array) {
    this.members = members;
    let size = 1;
    while (size < Math.max(1, members.length)) size <<= 1;
    this.#size = size;
    this.#max = new Float64Array(2 * size).fill(-Infinity);
    this.#min = new Float64Array(2 * size).fill(Infinity);
    this.#position = new Map();
    for (let i = 0; i < members.length; i++) {
      const location = members[i]!;
      this.#max[size + i] = remaining[location]!;
      this.#min[size + i] = remaining[location]!;
      this.#position.set(location, i);
    }
    for (let node = size - 1; node >= 1; node--) {
      this.#max[node] = Math.max(this.#max[2 * node]!, this.#max[2 * node + 1]!);
      this.#min[node] = Math.min(this.#min[2 * node]!, this.#min[2 * node + 1]!);
    }
  }

  get length(): number {
    return this.members.length;
  }

  /** True when `location` is a member of this tree. */
  has(location: number): boolean {
    return this.#position.has(location);
  }

  /** Sets the remaining capacity of member `location`. */
  update(location: number, remaining: number): void {
    const position = this.#position.get(location);
    if (position === undefined) throw new RangeError(`location ${location} is not in this tree`);
    let node = this.#size + position;
    this.#max[node] = remaining;
    this.#min[node] = remaining;
    for (node >>= 1; node >= 1; node >>= 1) {
      this.#max[node] = Math.max(this.#max[2 * node]!, this.#max[2 * node + 1]!);
      this.#min[node] = Math.min(this.#min[2 * node]!, this.#min[2 * node + 1]!);
    }
  }

  /** Largest remaining capacity of any member. */
  maxRemaining(): number {
    return this.#max[1]!;
  }

  /**
   * The first tree position at or after `from` whose member has at least `need` remaining and is accepted;
   * -1 when there is none.
   */
  firstFrom(from: number, need: number, accept: (location: number) => boolean): number {
    return this.#first(1, 0, this.#size, Math.max(0, from), need, accept);
  }

  #first(node: number, lo: number, hi: number, from: number, need: number, accept: (location: number) => boolean): number {
    if (hi <= from || this.#max[node]! < need) return -1;
    if (hi - lo === 1) return lo < this.members.length && accept(this.members[lo]!) ? lo : -1;
    const mid = (lo + hi) >> 1;
    const left = this.#first(2 * node, lo, mid, from, need, accept);
    return left !== -1 ? left : this.#first(2 * node + 1, mid, hi, from, need, accept);
  }

  /**
   * The last tree position before `before` whose member has at least `need` remaining and is accepted;
   * -1 when there is none.
   */
  lastBefore(before: number, need: number, accept: (location: number) => boolean): number {
    return this.#last(1, 0, this.#size, Math.min(before, this.members.length), need, accept);
  }

  #last(node: number, lo: number, hi: number, before: number, need: number, accept: (location: number) => boolean): number {
    if (lo >= before || this.#max[node]! < need) return -1;
    if (hi - lo === 1) return accept(this.members[lo]!) ? lo : -1;
    const mid = (lo + hi) >> 1;
    const right = this.#last(2 * node + 1, mid, hi, before, need, accept);
    return right !== -1 ? right : this.#last(2 * node, lo, mid, before, need, accept);
  }

  /**
   * The accepted member with the least remaining capacity that is still at least `need` (ties: the earliest
   * position); -1 when there is none. Branch and bound: a subtree is skipped when its smallest value cannot
   * beat the best found so far.
   */
  bestFit(need: number, accept: (location: number) => boolean): number {
    const found = { position: -1, value: Infinity };
    this.#best(1, 0, this.#size, need, accept, found);
    return found.position;
  }

  #best(
    node: number,
    lo: number,
    hi: number,
    need: number,
    accept: (location: number) => boolean,
    found: { position: number; value: number },
  ): void {
    if (this.#max[node]! < need || Math.max(need, this.#min[node]!) >= found.value) return;
    if (hi - lo === 1) {
      if (lo < this.members.length && accept(this.members[lo]!)) {
        found.position = lo;
        found.value = this.#max[node]!;
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    this.#best(2 * node, lo, mid, need, accept, found);
    this.#best(2 * node + 1, mid, hi, need, accept, found);
  }
}
