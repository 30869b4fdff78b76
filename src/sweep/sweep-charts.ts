/**
 * Chart data of the sweep page: throughput and latency percentiles against the swept value
 * (x = the first axis's values; with more axes, one line per combination of the others), and a
 * shaded band at each x where a flagged variant (saturated, not valid, not completed) sits, so
 * no flagged point is plotted silently. Pure.
 */
import { colorAt, type ChartBand, type ChartSeries, type LineChartSpec } from '../report/html/chart-spec.js';
import { formatValue } from './sweep-axis.js';
import type { MergedLatency, SweepBundle, SweepVariantReport } from './sweep-types.js';

const PERCENTILES: ReadonlyArray<{ key: 'p50' | 'p99' | 'p999'; label: string; dash?: number[] }> = [
  { key: 'p50', label: 'p50' },
  { key: 'p99', label: 'p99', dash: [6, 4] },
  { key: 'p999', label: 'p99.9', dash: [2, 3] },
];

/** The lines of a chart: variants grouped by their values on every axis but the first. */
interface Line {
  label: string;
  /** By the first axis's value index. */
  variants: Map<number, SweepVariantReport>;
}

function linesOf(bundle: SweepBundle): Line[] {
  const lines = new Map<string, Line>();
  for (const variant of bundle.variants) {
    const key = variant.coordinates.slice(1).join(',');
    const label = variant.values
      .slice(1)
      .map((value, index) => `${bundle.axes[index + 1]?.name}=${formatValue(value)}`)
      .join(' ');
    const line = lines.get(key) ?? { label, variants: new Map() };
    line.variants.set(variant.coordinates[0] ?? 0, variant);
    lines.set(key, line);
  }
  return [...lines.values()];
}

function baseSpec(bundle: SweepBundle, spec: { id: string; title: string; yLabel: string; yUnit: string }): Omit<LineChartSpec, 'data' | 'series'> {
  const axis = bundle.axes[0];
  return {
    ...spec,
    xAxis: 'category',
    xLabel: axis?.path ?? '',
    xTicks: (axis?.values ?? []).map(formatValue),
    bands: flaggedBands(bundle),
  };
}

function xColumn(bundle: SweepBundle): number[] {
  return (bundle.axes[0]?.values ?? []).map((_, index) => index);
}

/** Mean acknowledged messages per second against the swept value. */
export function sweepThroughputChart(bundle: SweepBundle): LineChartSpec {
  const lines = linesOf(bundle);
  const xs = xColumn(bundle);
  const series: ChartSeries[] = lines.map((line, index) => ({ label: line.label || 'acked/s', color: colorAt(index) }));
  return {
    ...baseSpec(bundle, { id: 'sweep-throughput', title: 'Throughput (acknowledged messages per second, repeats pooled)', yLabel: 'messages / s', yUnit: 'msg/s' }),
    data: [xs, ...lines.map((line) => xs.map((x) => line.variants.get(x)?.figures.throughputPerSec ?? null))],
    series,
  };
}

/** p50, p99 and p99.9 of one latency (merged histograms) against the swept value. */
export function sweepLatencyChart(bundle: SweepBundle, group: 'produce' | 'e2e'): LineChartSpec {
  const lines = linesOf(bundle);
  const xs = xColumn(bundle);
  const series: ChartSeries[] = [];
  const columns: Array<Array<number | null>> = [];
  lines.forEach((line, lineIndex) => {
    PERCENTILES.forEach((percentile, percentileIndex) => {
      const oneLine = lines.length === 1;
      series.push({
        label: oneLine ? percentile.label : `${line.label} ${percentile.label}`,
        // One axis: a colour per percentile; more: a colour per line, a dash per percentile.
        color: colorAt(oneLine ? percentileIndex : lineIndex),
        ...(oneLine || percentile.dash === undefined ? {} : { dash: percentile.dash }),
      });
      columns.push(xs.map((x) => pick(line.variants.get(x)?.figures.latency[group], percentile.key)));
    });
  });
  const title = group === 'produce' ? 'Produce latency (send → ack), merged histograms' : 'End-to-end latency (intended send → consumed), merged histograms';
  return { ...baseSpec(bundle, { id: `sweep-${group}`, title, yLabel: 'ms', yUnit: 'ms' }), data: [xs, ...columns], series };
}

function pick(latency: MergedLatency | undefined, key: 'p50' | 'p99' | 'p999'): number | null {
  return latency === undefined ? null : latency[key];
}

/** A band around each x with a flagged variant, naming the line(s) flagged there when there are several lines. */
export function flaggedBands(bundle: SweepBundle): ChartBand[] {
  const flaggedAt = new Map<number, string[]>();
  for (const variant of bundle.variants) {
    if (variant.flags.length === 0) continue;
    const x = variant.coordinates[0] ?? 0;
    const line = variant.values
      .slice(1)
      .map((value, index) => `${bundle.axes[index + 1]?.name}=${formatValue(value)}`)
      .join(' ');
    flaggedAt.set(x, [...(flaggedAt.get(x) ?? []), line]);
  }
  return [...flaggedAt.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, lines]) => ({ from: x - 0.3, to: x + 0.3, kind: 'fault' as const, label: lines.every((line) => line === '') ? '⚠ flagged' : `⚠ ${lines.join(', ')}` }));
}

/** Every chart of the page, in order. */
export function sweepCharts(bundle: SweepBundle): LineChartSpec[] {
  return [sweepThroughputChart(bundle), sweepLatencyChart(bundle, 'produce'), sweepLatencyChart(bundle, 'e2e')];
}
