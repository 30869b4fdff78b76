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
