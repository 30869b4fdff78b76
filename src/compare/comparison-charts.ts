/**
 * Chart data of a comparison page: each report's percentile curves overlaid (one chart per
 * latency) and their per-second timelines overlaid, aligned on the start of the measured phase.
 * Pure.
 */
import { alignColumns, colorAt, type LineChartSpec } from '../report/html/chart-spec.js';
import { percentileChart } from '../report/html/percentile-charts.js';
import type { KbenchReport, TimelineEntry } from '../report/report-types.js';
import { LATENCY_METRIC_GROUPS, type LatencyMetricGroup } from '../thresholds/metric-vocabulary.js';
import type { LabelledReport } from './compare-reports.js';

/** One percentile chart per latency, a curve per report. */
export function overlaidPercentileCharts(reports: readonly LabelledReport[]): LineChartSpec[] {
  return (Object.keys(LATENCY_METRIC_GROUPS) as LatencyMetricGroup[]).map((group) =>
    percentileChart(
      `distribution-${group}`,
      `${LATENCY_METRIC_GROUPS[group]}: percentiles`,
      reports.map(({ label, report }, index) => ({ label, color: colorAt(index), stats: report.latency[group] })),
    ),
  );
}

/** Seconds relative to the first measured second (negative in the warm-up). */
function measureStartSecond(report: KbenchReport): number {
  return report.timeline.find((entry) => entry.phase === 'measure')?.second ?? report.warmupMs / 1000;
}

function overlaidTimeline(
  reports: readonly LabelledReport[],
  spec: { id: string; title: string; yLabel: string; yUnit: string },
  pick: (entry: TimelineEntry) => number | null,
): LineChartSpec {
  const curves = reports.map(({ report }) => {
    const origin = measureStartSecond(report);
    return report.timeline.flatMap((entry): Array<[number, number]> => {
      const value = pick(entry);
      return value === null ? [] : [[entry.second - origin, value]];
    });
  });
  return {
    ...spec,
    xAxis: 'seconds',
    xLabel: 'seconds since measuring started',
    data: alignColumns(curves),
    series: reports.map(({ label }, index) => ({ label, color: colorAt(index) })),
    bands: [],
  };
}

/** Acknowledged messages per second of every report, overlaid. */
export function overlaidThroughputChart(reports: readonly LabelledReport[]): LineChartSpec {
  return overlaidTimeline(reports, { id: 'throughput', title: 'Acknowledged messages per second', yLabel: 'messages / s', yUnit: 'msg/s' }, (entry) => entry.ackedPerSec);
}

/** End-to-end p99 of each second of every report, overlaid. */
export function overlaidE2eP99Chart(reports: readonly LabelledReport[]): LineChartSpec {
  return overlaidTimeline(reports, { id: 'e2e-p99', title: 'End-to-end p99 of each second', yLabel: 'ms', yUnit: 'ms' }, (entry) => entry.e2eP99Ms);
}
