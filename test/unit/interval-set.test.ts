import { describe, expect, it } from 'vitest';
import { IntervalSet, toRanges } from '../../src/metrics/interval-set.js';
import { createRandom } from '../../src/workload/random.js';

function setOf(...ranges: Array<[number, number]>): IntervalSet {
  const set = new IntervalSet();
  for (const [from, to] of ranges) set.add(from, to);
  return set;
}

describe('IntervalSet', () => {
  it('counts its members and the overlap of each addition', () => {
    const set = new IntervalSet();
    expect(set.add(0, 9)).toBe(0);
    expect(set.add(20, 29)).toBe(0);
    expect(set.size).toBe(20);
    expect(set.add(5, 24)).toBe(5 + 5);
    expect(set.size).toBe(30);
    expect(set.toRanges()).toEqual([[0, 29]]);
  });

  it('intersects with another set exactly', () => {
    const a = setOf([0, 99], [200, 299]);
    const b = setOf([50, 249], [290, 400]);
    expect(a.intersectionSize(b)).toBe(50 + 50 + 10);
    expect(b.intersectionSize(a)).toBe(110);
    expect(a.intersectionSize(new IntervalSet())).toBe(0);
  });
});

describe('toRanges', () => {
  it('sorts values into ranges of consecutive ones and counts repeats', () => {
    expect(toRanges([5, 3, 4, 10, 4, 11, 1])).toEqual({ ranges: [[1, 1], [3, 5], [10, 11]], repeats: 1 });
    expect(toRanges([])).toEqual({ ranges: [], repeats: 0 });
  });
});

describe('IntervalSet membership, difference and gaps', () => {
  it('tells whether a value is in the set', () => {
    const set = setOf([0, 4], [10, 10], [20, 29]);
    expect([0, 4, 5, 9, 10, 11, 20, 29, 30, -1].map((v) => set.has(v))).toEqual([true, true, false, false, true, false, true, true, false, false]);
    expect(new IntervalSet().has(0)).toBe(false);
  });

  it('subtracts another set exactly, leaving both unchanged', () => {
    const acked = setOf([0, 99], [200, 299]);
    const consumed = setOf([0, 9], [20, 29], [90, 210], [299, 400]);
    const missing = acked.difference(consumed);
    expect(missing.toRanges()).toEqual([[10, 19], [30, 89], [211, 298]]);
    expect(missing.size).toBe(10 + 60 + 88);
    expect(missing.size).toBe(acked.size - acked.intersectionSize(consumed));
    expect(acked.size).toBe(200);
    expect(acked.difference(new IntervalSet()).toRanges()).toEqual([[0, 99], [200, 299]]);
    expect(acked.difference(setOf([-5, 500])).size).toBe(0);
  });

  it('gives the gaps of a span: the offsets of a partition a group did not consume', () => {
    const consumed = setOf([0, 49], [60, 79]);
    expect(consumed.gapsWithin(0, 99)).toEqual([[50, 59], [80, 99]]);
    expect(consumed.gapsWithin(0, 49)).toEqual([]);
    expect(consumed.gapsWithin(40, 65)).toEqual([[50, 59]]);
    expect(new IntervalSet().gapsWithin(5, 7)).toEqual([[5, 7]]);
    expect(consumed.gapsWithin(10, 9)).toEqual([]);
  });
});

/** The set as a plain Set of integers: what IntervalSet must agree with. */
class NaiveSet {
  readonly members = new Set<number>();
  add(from: number, to: number): number {
    let overlap = 0;
    for (let v = from; v <= to; v++) {
      if (this.members.has(v)) overlap++;
      else this.members.add(v);
    }
    return overlap;
  }
  ranges(): Array<[number, number]> {
    return toRanges([...this.members]).ranges;
  }
}

describe('IntervalSet additions agree with a plain set', () => {
  it('one at a time, anywhere: before, between, over and after its ranges', () => {
    const random = createRandom(7);
    for (let round = 0; round < 100; round++) {
      const set = new IntervalSet();
      const naive = new NaiveSet();
      for (let i = 0; i < 30; i++) {
        const from = random.int(200);
        const to = from + random.int(random.next() < 0.8 ? 3 : 40);
        expect(set.add(from, to)).toBe(naive.add(from, to));
      }
      expect(set.toRanges()).toEqual(naive.ranges());
      expect(set.size).toBe(naive.members.size);
    }
  });

  it('many at once (addAll): the same ranges, size and total overlap, sorted or not, overlapping each other or not', () => {
    const random = createRandom(11);
    for (let round = 0; round < 300; round++) {
      const set = new IntervalSet();
      const naive = new NaiveSet();
      for (let i = 0; i < random.int(10); i++) {
        const from = random.int(300);
        const to = from + random.int(20);
        set.add(from, to);
        naive.add(from, to);
      }
      const batch: Array<[number, number]> = [];
      for (let i = 0; i < random.int(25); i++) {
        const from = random.int(320) - 10;
        batch.push([from, from + random.int(random.next() < 0.7 ? 2 : 30)]);
      }
      if (round % 2 === 0) batch.sort((a, b) => a[0] - b[0]);
      let expected = 0;
      for (const [from, to] of batch) expected += naive.add(from, to);
      expect(set.addAll(batch)).toBe(expected);
      expect(set.toRanges()).toEqual(naive.ranges());
      expect(set.size).toBe(naive.members.size);
    }
  });

  it('addAll leaves the ranges it was given, and ranges handed out before, unchanged', () => {
    const set = setOf([0, 4], [10, 14]);
    const before = set.toRanges().map(([a, b]) => [a, b]);
    const handedOut = set.toRanges();
    const batch: Array<[number, number]> = [
      [5, 9],
      [20, 21],
    ];
    expect(set.addAll(batch)).toBe(0);
    expect(batch).toEqual([
      [5, 9],
      [20, 21],
    ]);
    expect(handedOut).toEqual(before);
    expect(set.toRanges()).toEqual([
      [0, 14],
      [20, 21],
    ]);
  });

  it('adds a second of a backlog read across partitions, many thousand ranges, in one pass', () => {
    // Sequences keyed at random over 6 partitions, read one partition at a time: the group's set has a hole per record.
    const set = new IntervalSet();
    const ranges: Array<[number, number]> = [];
    for (let v = 0; v < 100_000; v += 2) ranges.push([v, v]);
    expect(set.addAll(ranges)).toBe(0);
    expect(set.toRanges().length).toBe(50_000);
    const odd: Array<[number, number]> = [];
    for (let v = 1; v < 100_000; v += 2) odd.push([v, v]);
    expect(set.addAll(odd)).toBe(0);
    expect(set.toRanges()).toEqual([[0, 99_999]]);
    expect(set.addAll([[0, 9]])).toBe(10);
  });
});
