/**
 * Chart data from a report's per-second timeline: throughput and latency over time, with the
 * warm-up, the drain, rebalances and injected faults as shaded bands. Pure.
 */
import type { KbenchReport, TimelineEntry } from '../report-types.js';
import { colorAt, type ChartBand, type ChartSeries, type LineChartSpec } from './chart-spec.js';

/** Seconds since the run started of the warm-up, the drain, every rebalance and every fault. */
export function timeBands(report: KbenchReport): ChartBand[] {
  return [...phaseBands(report.timeline), ...rebalanceBands(report), ...faultBands(report)];
}

function phaseBands(timeline: readonly TimelineEntry[]): ChartBand[] {
  const bands: ChartBand[] = [];
  const warmup = timeline.filter((entry) => entry.phase === 'warmup');
  const drain = timeline.filter((entry) => entry.phase === 'drain');
  if (warmup.length > 0) bands.push({ from: firstSecond(warmup), to: lastSecond(warmup) + 1, kind: 'phase', label: 'warm-up' });
  if (drain.length > 0) bands.push({ from: firstSecond(drain), to: lastSecond(drain) + 1, kind: 'phase', label: 'drain' });
  return bands;
}

function firstSecond(entries: readonly TimelineEntry[]): number {
  return Math.min(...entries.map((entry) => entry.second));
}

function lastSecond(entries: readonly TimelineEntry[]): number {
  return Math.max(...entries.map((entry) => entry.second));
}

/** Rebalances as `R<index + 1>` bands from their start to their end. */
export function rebalanceBands(report: KbenchReport): ChartBand[] {
  return (report.rebalances ?? []).map((rebalance) => ({
    from: rebalance.startedAtMs / 1000,
    to: rebalance.endedAtMs / 1000,
    kind: 'rebalance' as const,
    label: `R${rebalance.index + 1}`,
  }));
}

/** Faults as `F<n>` bands; an instant fault is a band of no width (drawn as a thin line). */
export function faultBands(report: KbenchReport): ChartBand[] {
  return (report.faults ?? []).map((fault, index) => ({
    from: fault.atMs / 1000,
    to: (fault.endedAtMs ?? fault.atMs) / 1000,
    kind: 'fault' as const,
    label: `F${index + 1}`,
  }));
}

type Field = { [K in keyof TimelineEntry]-?: TimelineEntry[K] extends number | null | undefined ? K : never }[keyof TimelineEntry];

function lineChart(report: KbenchReport, spec: Omit<LineChartSpec, 'data' | 'series' | 'bands' | 'xAxis' | 'xLabel'>, lines: Array<ChartSeries & { field: Field }>): LineChartSpec {
  const timeline = report.timeline;
  return {
    ...spec,
    xAxis: 'seconds',
    xLabel: 'seconds since start',
    data: [timeline.map((entry) => entry.second), ...lines.map((line) => timeline.map((entry) => entry[line.field] ?? null))],
    series: lines.map(({ field: _field, ...series }) => series),
    bands: timeBands(report),
  };
}

/** Sent, acknowledged and consumed messages per second. */
export function throughputChart(report: KbenchReport): LineChartSpec {
  return lineChart(report, { id: 'throughput', title: 'Throughput over time', yLabel: 'messages / s', yUnit: 'msg/s' }, [
    { label: 'sent', color: '#9aa5b1', dash: [4, 3], field: 'sentPerSec' },
    { label: 'acked', color: colorAt(0), field: 'ackedPerSec' },
    { label: 'consumed', color: colorAt(1), field: 'consumedPerSec' },
  ]);
}

/** Produce service time p50 / p99 / max per second, and the response time's p99. */
export function produceLatencyChart(report: KbenchReport): LineChartSpec {
  return lineChart(report, { id: 'produce-latency', title: 'Produce latency over time (send → ack)', yLabel: 'ms', yUnit: 'ms' }, [
    { label: 'p50', color: colorAt(0), field: 'produceP50Ms' },
    { label: 'p99', color: colorAt(4), field: 'produceP99Ms' },
    { label: 'max', color: colorAt(2), field: 'produceMaxMs' },
    { label: 'response p99 (intended → ack)', color: colorAt(3), dash: [6, 4], field: 'responseP99Ms' },
  ]);
}

/** End-to-end latency p50 / p99 / max per second. */
export function e2eLatencyChart(report: KbenchReport): LineChartSpec {
  return lineChart(report, { id: 'e2e-latency', title: 'End-to-end latency over time (intended → consumed)', yLabel: 'ms', yUnit: 'ms' }, [
    { label: 'p50', color: colorAt(0), field: 'e2eP50Ms' },
    { label: 'p99', color: colorAt(4), field: 'e2eP99Ms' },
    { label: 'max', color: colorAt(2), field: 'e2eMaxMs' },
  ]);
}

/** True when some series of the chart has a value. */
export function hasValues(spec: LineChartSpec): boolean {
  return spec.data.slice(1).some((column) => column.some((value) => value !== null));
}
