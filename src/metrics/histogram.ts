/**
 * Latency histograms: HdrHistograms of integer microseconds that can be recorded cheaply in a
 * worker, shipped across threads and processes as compressed base64, and merged exactly.
 *
 * Choices (see also /work/shared/notes/clients.md, hdr-histogram-js):
 * - The plain JS build, not WASM: JS and WASM histograms cannot be added together, and the WASM
 *   build needs initialisation and `destroy()` per thread.
 * - `bitBucketSize: 64` (a Float64Array of counts). The bit size is the width of each bucket's
 *   *count*, not of the values: the value range comes from `highestTrackableValue` and
 *   `autoResize`. 32-bit counts are an Int32Array whose overflow past 2^31 − 1 wraps silently
 *   (hdr-histogram-js's overflow check cannot see it), and a run-long histogram merged from a
 *   few workers at 1 M msg/s reaches 2^31 values in one bucket in well under an hour. Float64
 *   counts are exact up to 2^53, for twice the memory (about 90 KB for a range of 1 s, 190 KB
 *   for 1 hour) and the same recording speed.
 * - Values: integer µs, 3 significant digits (0.1 % precision; exact below 2048 µs), range
 *   grown on demand (`autoResize`) from 1 s up to {@link MAX_RECORDABLE_US}.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { EncodedHistogram } from './snapshot-types.js';

/** An HdrHistogram of integer microsecond values, made by {@link createLatencyHistogram}. */
export type LatencyHistogram = Histogram;

/** Width of each bucket's count, in bits (64 = Float64Array, exact counts up to 2^53). */
export const HISTOGRAM_BIT_BUCKET_SIZE = 64;

/** Decimal digits of value precision kept by every latency histogram (3 = 0.1 %). */
export const HISTOGRAM_SIGNIFICANT_DIGITS = 3;

/** Range a new histogram covers before it first grows, in µs (1 s). */
const INITIAL_HIGHEST_US = 1_000_000;

/**
 * Largest value a histogram records, in µs (24 hours). Larger values (and +Infinity) are
 * recorded as this value, so they still count and show up as the maximum; a latency this long
 * means a clock or bookkeeping bug, not a slow broker.
 */
export const MAX_RECORDABLE_US = 86_400_000_000;

/** Latency percentiles of one histogram, every value in milliseconds (fractional). */
export interface LatencySummary {
  /** Number of values recorded. */
  count: number;
  /** Median, ms. */
  p50: number;
  /** 90th percentile, ms. */
  p90: number;
  /** 99th percentile, ms. */
  p99: number;
  /** 99.9th percentile, ms. */
  p999: number;
  /** Largest value recorded (to the histogram's precision, top of its bucket), ms. */
  max: number;
  /** Mean of the recorded values (each taken at the middle of its bucket), ms. */
  mean: number;
}

/** One point of a percentile distribution plot. */
export interface PercentilePoint {
  /** Percentile, 0–100. */
  percentile: number;
  /** Value at that percentile, ms. */
  valueMs: number;
}

/** Creates an empty latency histogram (integer µs, 3 significant digits, 64-bit counts, growing range). */
export function createLatencyHistogram(): LatencyHistogram {
  return build({
    bitBucketSize: HISTOGRAM_BIT_BUCKET_SIZE,
    numberOfSignificantValueDigits: HISTOGRAM_SIGNIFICANT_DIGITS,
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_US,
    autoResize: true,
    useWebAssembly: false,
  });
}

/**
 * Records one latency. Never throws and never allocates (except when the range first grows).
 *
 * @param h histogram from {@link createLatencyHistogram} or {@link decodeHistogram}
 * @param valueUs latency in µs; rounded to the nearest integer, negatives recorded as 0,
 *   values above {@link MAX_RECORDABLE_US} recorded as that maximum, NaN not recorded
 * @returns true when recorded as given (after rounding); false when clamped or dropped, so a
 *   caller can count anomalies
 */
export function recordUs(h: LatencyHistogram, valueUs: number): boolean {
  const rounded = Math.round(valueUs);
  if (rounded >= 0 && rounded <= MAX_RECORDABLE_US) {
    h.recordValue(rounded);
    return true;
  }
  if (rounded < 0) h.recordValue(0);
  else if (rounded > MAX_RECORDABLE_US) h.recordValue(MAX_RECORDABLE_US);
  // NaN falls through every comparison: nothing recorded.
  return false;
}

/** Encodes a histogram as compressed base64 (HdrHistogram V2, readable by the Java/C/Rust tools). */
export function encodeHistogram(h: LatencyHistogram): EncodedHistogram {
  return encodeIntoCompressedBase64(h);
}

/** Decodes a histogram from {@link encodeHistogram}; the result grows its range like a new one. */
export function decodeHistogram(encoded: EncodedHistogram): LatencyHistogram {
  const h = decodeFromCompressedBase64(encoded, HISTOGRAM_BIT_BUCKET_SIZE, false);
  h.autoResize = true;
  return h;
}

/**
 * Adds every value of `source` to `target` (exact: bucket counts are summed).
 *
 * @param target histogram that receives the values (mutated)
 * @param source an encoded histogram (decoded first) or a histogram (left unchanged)
 */
export function mergeInto(target: LatencyHistogram, source: EncodedHistogram | LatencyHistogram): void {
  target.add(typeof source === 'string' ? decodeHistogram(source) : source);
}

/** Empties a histogram, keeping its allocated range (cheaper than a new one each interval). */
export function resetHistogram(h: LatencyHistogram): void {
  h.reset();
}

/** Value at a percentile, in ms (0 for an empty histogram). */
function valueMsAt(h: LatencyHistogram, percentile: number): number {
  return h.getValueAtPercentile(percentile) / 1000;
}

/**
 * Summarises a histogram of µs in milliseconds. Percentiles come from `getValueAtPercentile`
 * (the top of the bucket holding that rank, exact to the histogram's precision), not from the
 * library's rounded `summary`. An empty histogram gives count 0 and every value 0.
 */
export function summarizeUs(h: LatencyHistogram): LatencySummary {
  return {
    count: h.totalCount,
    p50: valueMsAt(h, 50),
    p90: valueMsAt(h, 90),
    p99: valueMsAt(h, 99),
    p999: valueMsAt(h, 99.9),
    max: valueMsAt(h, 100),
    mean: h.totalCount === 0 ? 0 : h.mean / 1000,
  };
}

/** Highest percentile below 100 that a curve reports. */
const CURVE_TOP_PERCENTILE = 99.9999;

/**
 * Percentiles at which a distribution plot is drawn, HdrHistogram style: each half of the
 * remaining distance to 100 gets `ticksPerHalfDistance` points (1 tick: 0, 50, 75, 87.5, …),
 * then 99.9999 and 100.
 *
 * @param ticksPerHalfDistance points per halving of the distance to 100 (a positive integer)
 */
export function curvePercentiles(ticksPerHalfDistance = 1): number[] {
  if (!Number.isInteger(ticksPerHalfDistance) || ticksPerHalfDistance < 1) {
    throw new RangeError(`ticksPerHalfDistance must be a positive integer, got ${ticksPerHalfDistance}`);
  }
  const percentiles: number[] = [];
  // Same stepping as HdrHistogram's PercentileIterator.
  for (let level = 0; level < CURVE_TOP_PERCENTILE; ) {
    percentiles.push(level);
    const halvings = Math.floor(Math.log2(100 / (100 - level)));
    level += 100 / (ticksPerHalfDistance * 2 ** (halvings + 1));
  }
  percentiles.push(CURVE_TOP_PERCENTILE, 100);
  return percentiles;
}

/**
 * Points of a percentile distribution plot (values in ms), at {@link curvePercentiles}.
 * An empty histogram gives no points.
 */
export function percentileCurve(h: LatencyHistogram, ticksPerHalfDistance = 1): PercentilePoint[] {
  if (h.totalCount === 0) return [];
  return curvePercentiles(ticksPerHalfDistance).map((percentile) => ({ percentile, valueMs: valueMsAt(h, percentile) }));
}
