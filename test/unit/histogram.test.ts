import { describe, expect, it } from 'vitest';
import {
  MAX_RECORDABLE_US,
  createLatencyHistogram,
  curvePercentiles,
  decodeHistogram,
  encodeHistogram,
  mergeInto,
  percentileCurve,
  recordUs,
  resetHistogram,
  summarizeUs,
} from '../../src/metrics/histogram.js';
import { createRandom } from '../../src/workload/random.js';

const ONE_HOUR_US = 3_600_000_000;
const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999, 100];

describe('recordUs', () => {
  it('rounds to whole microseconds', () => {
    const h = createLatencyHistogram();
    expect(recordUs(h, 1.9)).toBe(true);
    expect(h.totalCount).toBe(1);
    expect(h.getValueAtPercentile(100)).toBe(2);
    expect(summarizeUs(h).max).toBe(0.002);
  });

  it('records negatives as 0 and reports the clamp', () => {
    const h = createLatencyHistogram();
    expect(recordUs(h, -5)).toBe(false);
    expect(h.totalCount).toBe(1);
    expect(h.getValueAtPercentile(100)).toBe(0);
  });

  it('records one hour, and clamps larger values and Infinity to the maximum without throwing', () => {
    const h = createLatencyHistogram();
    expect(recordUs(h, ONE_HOUR_US)).toBe(true);
    expect(summarizeUs(h).max).toBeCloseTo(3_600_000, -4); // within 0.1 %
    expect(recordUs(h, 1e300)).toBe(false);
    expect(recordUs(h, Number.POSITIVE_INFINITY)).toBe(false);
    expect(h.totalCount).toBe(3);
    expect(h.getValueAtPercentile(100)).toBeGreaterThanOrEqual(MAX_RECORDABLE_US);
    expect(h.getValueAtPercentile(100)).toBeLessThanOrEqual(MAX_RECORDABLE_US * 1.001);
  });

  it('drops NaN', () => {
    const h = createLatencyHistogram();
    expect(recordUs(h, Number.NaN)).toBe(false);
    expect(h.totalCount).toBe(0);
  });
});

describe('summarizeUs', () => {
  it('gives percentiles in ms of a uniform distribution, to the histogram precision', () => {
    const h = createLatencyHistogram();
    for (let us = 1; us <= 10_000; us++) recordUs(h, us);
    const summary = summarizeUs(h);
    expect(summary.count).toBe(10_000);
    const within = (actualMs: number, expectedMs: number): void => {
      expect(Math.abs(actualMs - expectedMs) / expectedMs).toBeLessThanOrEqual(0.001);
    };
    within(summary.p50, 5.0);
    within(summary.p90, 9.0);
    within(summary.p99, 9.9);
    within(summary.p999, 9.99);
    within(summary.max, 10.0);
    within(summary.mean, 5.0005);
  });

  it('is exact below 2048 µs', () => {
    const h = createLatencyHistogram();
    for (let us = 1; us <= 1000; us++) recordUs(h, us);
    expect(summarizeUs(h)).toMatchObject({ count: 1000, p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999, max: 1 });
  });

  it('gives zeros for an empty histogram', () => {
    expect(summarizeUs(createLatencyHistogram())).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });
});

describe('encode / decode / merge', () => {
  it('keeps count, max and percentiles through a round trip', () => {
    const h = createLatencyHistogram();
    const random = createRandom(11);
    for (let i = 0; i < 50_000; i++) recordUs(h, random.next() * 200_000);
    recordUs(h, ONE_HOUR_US);
    const decoded = decodeHistogram(encodeHistogram(h));
    expect(decoded.totalCount).toBe(h.totalCount);
    expect(summarizeUs(decoded)).toEqual(summarizeUs(h));
    for (const p of PERCENTILES) expect(decoded.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
  });

  it('merges exactly: two encoded halves add up to one histogram of everything', () => {
    const all = createLatencyHistogram();
    const first = createLatencyHistogram();
    const second = createLatencyHistogram();
    const random = createRandom(5);
    for (let i = 0; i < 100_000; i++) {
      // A long-tailed mix: mostly ~ms values, some up to seconds, in different ranges per half.
      const value = i % 100 === 0 ? random.next() * 5_000_000 : random.next() * (i % 2 === 0 ? 3_000 : 40_000);
      recordUs(all, value);
      recordUs(i % 2 === 0 ? first : second, value);
    }
    const merged = createLatencyHistogram();
    mergeInto(merged, encodeHistogram(first));
    mergeInto(merged, decodeHistogram(encodeHistogram(second)));
    expect(merged.totalCount).toBe(all.totalCount);
    for (const p of PERCENTILES) expect(merged.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    for (let p = 0; p <= 100; p += 0.5) expect(merged.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    expect(summarizeUs(merged)).toEqual(summarizeUs(all));
  });

  it('a decoded histogram still grows to take larger values', () => {
    const h = createLatencyHistogram();
    recordUs(h, 10);
    const decoded = decodeHistogram(encodeHistogram(h));
    expect(recordUs(decoded, ONE_HOUR_US)).toBe(true);
    expect(decoded.totalCount).toBe(2);
  });

  it('reset empties a histogram', () => {
    const h = createLatencyHistogram();
    recordUs(h, 123);
    resetHistogram(h);
    expect(h.totalCount).toBe(0);
    expect(summarizeUs(h).max).toBe(0);
  });
});

describe('percentileCurve', () => {
  it('steps HdrHistogram style up to 99.9999 and 100', () => {
    const percentiles = curvePercentiles();
    expect(percentiles.slice(0, 5)).toEqual([0, 50, 75, 87.5, 93.75]);
    expect(percentiles.slice(-2)).toEqual([99.9999, 100]);
    for (let i = 1; i < percentiles.length; i++) expect(percentiles[i]).toBeGreaterThan(percentiles[i - 1] as number);
    expect(curvePercentiles(5).length).toBeGreaterThan(percentiles.length * 4);
  });

  it('gives values in ms, non-decreasing, ending at the max', () => {
    const h = createLatencyHistogram();
    for (let us = 1; us <= 10_000; us++) recordUs(h, us);
    const curve = percentileCurve(h);
    expect(curve[0]).toEqual({ percentile: 0, valueMs: 0.001 });
    expect(curve.at(-1)).toEqual({ percentile: 100, valueMs: summarizeUs(h).max });
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.valueMs).toBeGreaterThanOrEqual(curve[i - 1]!.valueMs);
    expect(percentileCurve(createLatencyHistogram())).toEqual([]);
  });
});
