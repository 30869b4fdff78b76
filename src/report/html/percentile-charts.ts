/**
 * Latency distributions as percentile plots, HdrHistogram style: x is the percentile on a log
 * scale of 1 / (1 − p) (0 %, 90 %, 99 %, 99.9 %… are evenly spaced), y the latency in ms.
 * Curves come from the reports' exact `hdr` histograms. Pure.
 */
import { decodeHistogram, percentileCurve } from '../../metrics/histogram.js';
import type { LatencyStats } from '../report-types.js';
import { alignColumns, type ChartSeries, type LineChartSpec } from './chart-spec.js';

/** Points per halving of the distance to 100 % (smooth curves, ~100 points over 6 nines). */
const TICKS_PER_HALF_DISTANCE = 5;

/** x position of percentile `p` (0–100): log10(1 / (1 − p/100)); 0 % → 0, 90 % → 1, 99 % → 2. */
export function percentileToX(percentile: number): number {
  return Math.log10(100 / (100 - percentile));
}

/**
 * The percentile curve of one latency as (x, ms) points. Percentiles beyond what `count` samples
 * can resolve (past 1 − 1/count) are left out, and the maximum is placed at x = log10(count), the
 * percentile of the last sample. Empty for a latency without samples or an unreadable histogram.
 */
export function percentilePoints(stats: Pick<LatencyStats, 'count' | 'hdr'>): Array<[number, number]> {
  if (stats.count === 0 || stats.hdr === '') return [];
  let curve: ReturnType<typeof percentileCurve>;
  try {
    curve = percentileCurve(decodeHistogram(stats.hdr), TICKS_PER_HALF_DISTANCE);
  } catch {
    return [];
  }
  const lastX = Math.log10(stats.count);
  const points: Array<[number, number]> = [];
  for (const { percentile, valueMs } of curve) {
    if (percentile >= 100) continue;
    const x = percentileToX(percentile);
    if (x < lastX) points.push([x, valueMs]);
  }
  const maxMs = curve.at(-1)?.valueMs;
  if (maxMs !== undefined) points.push([lastX, maxMs]);
  return points;
}

export interface PercentileCurveInput extends ChartSeries {
  stats: Pick<LatencyStats, 'count' | 'hdr'>;
}

/** A percentile chart with one curve per input (latencies of one run, or one latency of several runs). */
export function percentileChart(id: string, title: string, curves: readonly PercentileCurveInput[]): LineChartSpec {
  const withPoints = curves.map((curve) => ({ curve, points: percentilePoints(curve.stats) })).filter(({ points }) => points.length > 0);
  return {
    id,
    title,
    xAxis: 'percentile',
    xLabel: 'percentile',
    yLabel: 'ms',
    yUnit: 'ms',
    data: alignColumns(withPoints.map(({ points }) => points)),
    series: withPoints.map(({ curve }) => ({ label: curve.label, color: curve.color, ...(curve.dash ? { dash: curve.dash } : {}) })),
    bands: [],
  };
}
