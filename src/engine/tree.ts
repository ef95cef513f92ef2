/**
 * A segment tree over a fixed list of locations (the members of one compatibility class, in a fixed order),
 * holding each one's remaining cubic capacity. It answers the packing loop's questions in O(log n) per
 * visited subtree: the first member at or after a position with room for `need` (first fit) and the last one
 * before a position (best fit uses `SortedRoom`). Each query takes an
 * `accept` callback for the constraints the tree does not index (weight, dimensions, mixing); members it
 * rejects are skipped and the search goes on.
 *
 * Build once per facility with `CapacityTree.build(members, positionOf, remaining)` and keep it current with
 * `update()`; plans update it in place and put back what they changed (see PlanState).
 */
export class CapacityTree {
  /** Location index of each member, in tree order. */
  readonly members: Uint32Array;
  /** Tree position of a location (meaningful for members only; shared, read-only). */
  readonly #positionOf: Uint32Array;
  readonly #size: number;
  readonly #max: Float64Array;

  /** Use `CapacityTree.build`; this takes the finished node array. */
  constructor(members: Uint32Array, positionOf: Uint32Array, max: Float64Array) {
    let size = 1;
    while (size < Math.max(1, members.length)) size <<= 1;
    if (max.length !== 2 * size) throw new RangeError("the node array does not match the members");
    this.members = members;
    this.#positionOf = positionOf;
    this.#size = size;
    this.#max = max;
  }

  /**
   * @param members location indices, in the order queries walk them
   * @param positionOf position of each member in `members`, by location index
   * @param remaining remaining cubic capacity by location index
   */
  static build(members: Uint32Array, positionOf: Uint32Array, remaining: Float64Array): CapacityTree {
    let size = 1;
    while (size < Math.max(1, members.length)) size <<= 1;
    const max = new Float64Array(2 * size).fill(-Infinity);
    for (let i = 0; i < members.length; i++) max[size + i] = remaining[members[i]!]!;
    for (let node = size - 1; node >= 1; node--) max[node] = Math.max(max[2 * node]!, max[2 * node + 1]!);
    return new CapacityTree(members, positionOf, max);
  }

  /** True when `location` is a member of this tree. */
  has(location: number): boolean {
    const position = this.#positionOf[location];
    return position !== undefined && this.members[position] === location;
  }

  /** Sets the remaining capacity of member `location`. */
  update(location: number, remaining: number): void {
    if (!this.has(location)) throw new RangeError(`location ${location} is not in this tree`);
    let node = this.#size + this.#positionOf[location]!;
    this.#max[node] = remaining;
    for (node >>= 1; node >= 1; node >>= 1) this.#max[node] = Math.max(this.#max[2 * node]!, this.#max[2 * node + 1]!);
  }

  /**
   * The first tree position at or after `from` whose member has at least `need` remaining and is accepted;
   * -1 when there is none.
   */
  firstFrom(from: number, need: number, accept: (location: number) => boolean): number {
    return this.#first(1, 0, this.#size, Math.max(0, from), need, accept);
  }

  #first(
    node: number,
    lo: number,
    hi: number,
    from: number,
    need: number,
    accept: (location: number) => boolean,
  ): number {
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

  #last(
    node: number,
    lo: number,
    hi: number,
    before: number,
    need: number,
    accept: (location: number) => boolean,
  ): number {
    if (lo >= before || this.#max[node]! < need) return -1;
    if (hi - lo === 1) return accept(this.members[lo]!) ? lo : -1;
    const mid = (lo + hi) >> 1;
    const right = this.#last(2 * node + 1, mid, hi, before, need, accept);
    return right !== -1 ? right : this.#last(2 * node, lo, mid, before, need, accept);
  }
}
