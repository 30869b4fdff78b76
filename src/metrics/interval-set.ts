/**
 * A set of integers kept as sorted, disjoint, non-adjacent inclusive ranges: what a consumer
 * group consumed of a partition (offsets), or of a producer (sequence numbers). Memory grows
 * with the number of holes, not of members: a stream read in order is one range.
 */
export class IntervalSet {
  private ranges: Array<[number, number]> = [];
  private count = 0;

  /**
   * Adds [from, to]; returns how many of those integers were already in the set. Finds its place
   * by binary search: O(log n) plus moving the ranges after it.
   */
  add(from: number, to: number): number {
    const ranges = this.ranges;
    // The first range that ends at or after from − 1 (it may touch or overlap [from, to]).
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((ranges[middle] as [number, number])[1] < from - 1) low = middle + 1;
      else high = middle;
    }
    let start = from;
    let end = to;
    let overlap = 0;
    let last = low;
    for (; last < ranges.length; last++) {
      const [a, b] = ranges[last] as [number, number];
      if (a > to + 1) break;
      overlap += Math.max(0, Math.min(b, to) - Math.max(a, from) + 1);
      if (a < start) start = a;
      if (b > end) end = b;
    }
    ranges.splice(low, last - low, [start, end]);
    this.count += to - from + 1 - overlap;
    return overlap;
  }

  /**
   * Adds every range of `ranges` (in any order; they may overlap each other); returns how many
   * integers added were already there, counting each addition as {@link add} does one after the
   * other (the total does not depend on the order). One pass over the set and the ranges: for a
   * snapshot's many ranges at once (a consumer's sequence numbers), where adding each would move
   * the set's ranges once per range.
   */
  addAll(ranges: ReadonlyArray<readonly [number, number]>): number {
    if (ranges.length === 0) return 0;
    if (ranges.length === 1) {
      const [from, to] = ranges[0] as readonly [number, number];
      return this.add(from, to);
    }
    let sorted = true;
    for (let i = 1; i < ranges.length && sorted; i++) sorted = (ranges[i - 1] as readonly [number, number])[0] <= (ranges[i] as readonly [number, number])[0];
    const adds = sorted ? ranges : [...ranges].sort((x, y) => x[0] - y[0]);
    const old = this.ranges;
    const out: Array<[number, number]> = [];
    let j = 0;
    let overlap = 0;
    let added = 0;
    for (const [from, to] of adds) {
      added += to - from + 1;
      // Ranges of the set wholly before this one (not touching it) stay as they are.
      while (j < old.length && (old[j] as [number, number])[1] < from - 1) out.push(old[j++] as [number, number]);
      let start = from;
      let end = to;
      // The range built last (earlier additions, and the set's ranges they touched) when this one touches it.
      const previous = out[out.length - 1];
      if (previous !== undefined && previous[1] >= from - 1) {
        overlap += Math.max(0, Math.min(previous[1], to) - Math.max(previous[0], from) + 1);
        if (previous[0] < start) start = previous[0];
        if (previous[1] > end) end = previous[1];
        out.pop();
      }
      // The set's ranges it touches: they are disjoint from the range built last, so nothing is counted twice.
      while (j < old.length && (old[j] as [number, number])[0] <= end + 1) {
        const [a, b] = old[j++] as [number, number];
        overlap += Math.max(0, Math.min(b, to) - Math.max(a, from) + 1);
        if (a < start) start = a;
        if (b > end) end = b;
      }
      out.push([start, end]);
    }
    while (j < old.length) out.push(old[j++] as [number, number]);
    this.ranges = out;
    this.count += added - overlap;
    return overlap;
  }

  /** How many integers the set holds. */
  get size(): number {
    return this.count;
  }

  /** How many integers are in both sets. */
  intersectionSize(other: IntervalSet): number {
    let total = 0;
    let j = 0;
    const theirs = other.ranges;
    for (const [a, b] of this.ranges) {
      while (j < theirs.length && (theirs[j]?.[1] ?? 0) < a) j++;
      for (let k = j; k < theirs.length; k++) {
        const [c, d] = theirs[k] as [number, number];
        if (c > b) break;
        total += Math.min(b, d) - Math.max(a, c) + 1;
      }
    }
    return total;
  }

  /** True when `value` is in the set (binary search). */
  has(value: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [a, b] = this.ranges[middle] as [number, number];
      if (value < a) high = middle - 1;
      else if (value > b) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** A new set: the integers of this set that are not in `other`. */
  difference(other: IntervalSet): IntervalSet {
    // Pieces come out sorted, disjoint and non-adjacent (each is bounded by a gap of this set or a member of `other`).
    const result = new IntervalSet();
    const push = (from: number, to: number): void => {
      result.ranges.push([from, to]);
      result.count += to - from + 1;
    };
    let j = 0;
    const theirs = other.ranges;
    for (const [a, b] of this.ranges) {
      while (j < theirs.length && (theirs[j]?.[1] ?? 0) < a) j++;
      let from = a;
      for (let k = j; k < theirs.length && from <= b; k++) {
        const [c, d] = theirs[k] as [number, number];
        if (c > b) break;
        if (c > from) push(from, c - 1);
        from = Math.max(from, d + 1);
      }
      if (from <= b) push(from, b);
    }
    return result;
  }

  /** The integers of [from, to] that are not in the set, as ranges (what was not consumed of an offset span). */
  gapsWithin(from: number, to: number): Array<[number, number]> {
    if (to < from) return [];
    const span = new IntervalSet();
    span.add(from, to);
    return span.difference(this).ranges.map(([a, b]) => [a, b]);
  }

  toRanges(): ReadonlyArray<readonly [number, number]> {
    return this.ranges;
  }
}

/**
 * Sorts integers (e.g. the sequence numbers seen in one interval) into ranges of consecutive
 * values; `repeats` counts values given more than once.
 */
export function toRanges(values: number[]): { ranges: Array<[number, number]>; repeats: number } {
  const ranges: Array<[number, number]> = [];
  if (values.length === 0) return { ranges, repeats: 0 };
  const sorted = Float64Array.from(values).sort();
  let repeats = 0;
  let from = sorted[0] as number;
  let to = from;
  for (let i = 1; i < sorted.length; i++) {
    const value = sorted[i] as number;
    if (value === to) repeats++;
    else if (value === to + 1) to = value;
    else {
      ranges.push([from, to]);
      from = to = value;
    }
  }
  ranges.push([from, to]);
  return { ranges, repeats };
}
