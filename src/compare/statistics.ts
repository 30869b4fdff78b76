/**
 * The statistics `compare` uses to tell a difference between two runs from run-to-run noise.
 * Pure and deterministic (the bootstrap draws from a seeded generator).
 *
 * - Mann-Whitney U (two-sided, normal approximation with tie and continuity corrections):
 *   do one run's per-second samples tend to be larger than the other's? It assumes nothing about
 *   their distribution, which suits latency percentiles and rates with outliers.
 * - A bootstrap confidence interval of the difference of medians: how large the shift is.
 * - A conditional test of two Poisson rates, for rare events (errors, failures) over an exposure.
 */
import { createRandom } from '../workload/random.js';

export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** Standard score of U; 0 when every value is tied. */
  z: number;
  /** Two-sided p-value; 1 when every value is tied. */
  pValue: number;
}

/** Mann-Whitney U test of `a` against `b` (each needs at least one value). */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs at least one value in each sample');
  const pooled = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))].sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]?.value === pooled[start]?.value) end++;
    const tied = end - start + 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (pooled[i]?.first === true) rankSumA += averageRank;
    tieTerm += tied ** 3 - tied;
    start = end + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1) || 1));
  if (variance <= 0) return { u, z: 0, pValue: 1 };
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile bootstrap interval of `median(b) − median(a)`: each sample resampled with
 * replacement `resamples` times from a generator seeded with `seed`, so the same input always
 * gives the same interval.
 */
export function bootstrapMedianDifference(a: readonly number[], b: readonly number[], confidence = 0.95, resamples = 2000, seed = 1): Interval {
  if (a.length === 0 || b.length === 0) throw new RangeError('bootstrapMedianDifference needs at least one value in each sample');
  const random = createRandom(seed);
  const bufferA = new Float64Array(a.length);
  const bufferB = new Float64Array(b.length);
  const resampledMedian = (values: readonly number[], buffer: Float64Array): number => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = values[random.int(values.length)] as number;
    buffer.sort();
    const middle = buffer.length >> 1;
    return buffer.length % 2 === 1 ? (buffer[middle] as number) : ((buffer[middle - 1] as number) + (buffer[middle] as number)) / 2;
  };
  const differences = Float64Array.from({ length: resamples }, () => resampledMedian(b, bufferB) - resampledMedian(a, bufferA)).sort();
  const tail = (1 - confidence) / 2;
  const at = (quantile: number): number => differences[Math.min(differences.length - 1, Math.max(0, Math.floor(quantile * differences.length)))] as number;
  return { low: at(tail), high: at(1 - tail) };
}

/**
 * Two-sided p-value that two event counts come from the same rate per unit of exposure
 * (e.g. failures per message sent): given `countA + countB` events, `countB` is binomial with
 * p = exposureB / (exposureA + exposureB) under equal rates. Exact up to 1,000 events, normal
 * approximation above. 1 when there is no event at all.
 */
export function poissonRatesPValue(countA: number, exposureA: number, countB: number, exposureB: number): number {
  const n = countA + countB;
  if (n === 0 || exposureA <= 0 || exposureB <= 0) return 1;
  const p = exposureB / (exposureA + exposureB);
  if (n > 1000) {
    const mean = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    if (sd === 0) return 1;
    const z = Math.max(0, Math.abs(countB - mean) - 0.5) / sd;
    return Math.min(1, 2 * normalUpperTail(z));
  }
  const logPmf = (k: number): number => logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const observed = logPmf(countB);
  let total = 0;
  for (let k = 0; k <= n; k++) {
    const value = logPmf(k);
    // Every outcome at most as likely as the one observed (small relative slack for rounding).
    if (value <= observed + 1e-7) total += Math.exp(value);
  }
  return Math.min(1, total);
}

/** P(Z > z) for a standard normal Z (Abramowitz & Stegun 7.1.26 erfc, error below 1.5e-7). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return (polynomial * Math.exp(-x * x)) / 2;
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let sum = coefficients[0] as number;
  for (let i = 1; i < coefficients.length; i++) sum += (coefficients[i] as number) / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}
