import { describe, expect, it } from 'vitest';
import { IntervalSet, toRanges } from '../../src/metrics/interval-set.js';

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
