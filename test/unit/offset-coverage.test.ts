import { describe, expect, it } from 'vitest';
import { OffsetCoverage } from '../../src/metrics/offset-coverage.js';

const run = (partition: number, fromOffset: number, toOffset: number) => ({ partition, fromOffset, toOffset, firstAtUs: 0 });

describe('OffsetCoverage', () => {
  it('keeps one range for a partition read in order, in several runs', () => {
    const coverage = new OffsetCoverage();
    expect(coverage.add(run(0, 0, 99))).toBe(0);
    expect(coverage.add(run(0, 100, 149))).toBe(0);
    expect(coverage.rangesOf(0)).toEqual([[0, 149]]);
    expect(coverage.duplicates).toBe(0);
  });

  it('counts exactly the offsets consumed again, partition by partition', () => {
    const coverage = new OffsetCoverage();
    coverage.add(run(0, 0, 99));
    coverage.add(run(1, 0, 9));
    expect(coverage.add(run(0, 90, 120))).toBe(10);
    expect(coverage.add(run(1, 5, 5))).toBe(1);
    expect(coverage.duplicates).toBe(11);
    expect(coverage.rangesOf(0)).toEqual([[0, 120]]);
  });

  it('handles runs arriving out of order, and fills holes', () => {
    const coverage = new OffsetCoverage();
    coverage.add(run(2, 50, 59));
    coverage.add(run(2, 0, 9));
    expect(coverage.rangesOf(2)).toEqual([
      [0, 9],
      [50, 59],
    ]);
    expect(coverage.add(run(2, 5, 55))).toBe(5 + 6);
    expect(coverage.rangesOf(2)).toEqual([[0, 59]]);
    expect(coverage.add(run(2, 70, 80))).toBe(0);
    expect(coverage.add(run(2, 60, 69))).toBe(0);
    expect(coverage.rangesOf(2)).toEqual([[0, 80]]);
  });
});
