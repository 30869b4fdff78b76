/**
 * A set of integers kept as sorted, disjoint, non-adjacent inclusive ranges: what a consumer
 * group consumed of a partition (offsets), or of a producer (sequence numbers). Memory grows
 * with the number of holes, not of members: a stream read in order is one range.
 */
export class IntervalSet {
  private ranges: Array<[number, number]> = [];
  private count = 0;

  /** Adds [from, to]; returns how many of those integers were already in the set. */
  add(from: number, to: number): number {
    let start = from;
    let end = to;
    let overlap = 0;
    let insertAt = 0;
    const kept: Array<[number, number]> = [];
    for (const range of this.ranges) {
      const [a, b] = range;
      if (b < from - 1) {
        kept.push(range);
        insertAt = kept.length;
      } else if (a > to + 1) {
        kept.push(range);
      } else {
        overlap += Math.max(0, Math.min(b, to) - Math.max(a, from) + 1);
        start = Math.min(start, a);
        end = Math.max(end, b);
      }
    }
    kept.splice(insertAt, 0, [start, end]);
    this.ranges = kept;
    this.count += to - from + 1 - overlap;
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
  const sorted = Float64Array.from(values).sort();
  const ranges: Array<[number, number]> = [];
  let repeats = 0;
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i] as number;
    const last = ranges[ranges.length - 1];
    if (last && value === last[1]) repeats++;
    else if (last && value === last[1] + 1) last[1] = value;
    else ranges.push([value, value]);
  }
  return { ranges, repeats };
}
