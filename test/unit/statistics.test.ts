import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference, logGamma, mannWhitneyU, median, normalUpperTail, poissonRatesPValue } from '../../src/compare/statistics.js';
import { createRandom } from '../../src/workload/random.js';

/** Reference values below were computed independently (Python's math.erfc / math.lgamma / math.comb). */
describe('mannWhitneyU', () => {
  it('matches the normal approximation with continuity correction on separated samples', () => {
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(result.u).toBe(0);
    expect(result.z).toBeCloseTo(-2.5067, 3);
    expect(result.pValue).toBeCloseTo(0.012186, 5);
  });

  it('corrects for ties', () => {
    const result = mannWhitneyU([1, 2, 2, 3], [2, 3, 3, 4, 5]);
    expect(result.u).toBe(3);
    expect(result.pValue).toBeCloseTo(0.099342, 5);
  });

  it('is symmetric: swapping the samples flips z and keeps p', () => {
    const a = [5, 7, 9, 9, 12, 3];
    const b = [8, 10, 11, 14, 15, 9, 13];
    const forward = mannWhitneyU(a, b);
    const backward = mannWhitneyU(b, a);
    expect(backward.z).toBeCloseTo(-forward.z, 10);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 10);
    expect(forward.u + backward.u).toBe(a.length * b.length);
  });

  it('gives p = 1 when every value is tied, and rejects empty samples', () => {
    expect(mannWhitneyU([4, 4, 4], [4, 4]).pValue).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });

  it('finds a small shift in 60 noisy seconds but not noise alone', () => {
    const random = createRandom(3);
    const noisy = (center: number): number[] => Array.from({ length: 60 }, () => center + (random.next() - 0.5) * 20);
    expect(mannWhitneyU(noisy(100), noisy(110)).pValue).toBeLessThan(0.001);
    expect(mannWhitneyU(noisy(100), noisy(100)).pValue).toBeGreaterThan(0.05);
  });
});

describe('bootstrapMedianDifference', () => {
  it('brackets the true shift, and the same input gives the same interval', () => {
    const random = createRandom(11);
    const a = Array.from({ length: 40 }, () => 50 + random.next() * 10);
    const b = a.map((value) => value + 8);
    const interval = bootstrapMedianDifference(a, b);
    expect(interval.low).toBeLessThanOrEqual(8 + 1e-9);
    expect(interval.high).toBeGreaterThanOrEqual(8 - 1e-9);
    expect(interval.low).toBeGreaterThan(0);
    expect(bootstrapMedianDifference(a, b)).toEqual(interval);
  });

  it('contains 0 for two samples of the same distribution', () => {
    const random = createRandom(5);
    const draw = (): number[] => Array.from({ length: 30 }, () => random.next() * 100);
    const interval = bootstrapMedianDifference(draw(), draw());
    expect(interval.low).toBeLessThan(0);
    expect(interval.high).toBeGreaterThan(0);
  });
});

describe('poissonRatesPValue', () => {
  it('is the exact two-sided binomial p-value for small counts', () => {
    expect(poissonRatesPValue(0, 1000, 10, 1000)).toBeCloseTo(0.001953125, 9);
    expect(poissonRatesPValue(3, 1000, 9, 1000)).toBeCloseTo(0.145996, 5);
  });

  it('scales with exposure: the same counts over twice the messages are the same rate', () => {
    expect(poissonRatesPValue(100, 1000, 200, 2000)).toBeGreaterThan(0.9);
    expect(poissonRatesPValue(1000, 10_000, 1300, 10_000)).toBeLessThan(1e-6);
  });

  it('is 1 without any event', () => {
    expect(poissonRatesPValue(0, 5000, 0, 5000)).toBe(1);
  });
});

describe('helpers', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('normal tail and log-gamma', () => {
    expect(normalUpperTail(1.96)).toBeCloseTo(0.0249979, 6);
    expect(normalUpperTail(-1.96)).toBeCloseTo(1 - 0.0249979, 6);
    expect(logGamma(10.5)).toBeCloseTo(13.940625, 6);
    expect(logGamma(0.3)).toBeCloseTo(1.095798, 6);
    expect(logGamma(11)).toBeCloseTo(Math.log(3_628_800), 9);
  });
});
