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
