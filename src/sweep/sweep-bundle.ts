/**
 * Builds the sweep bundle from the runs: per variant the figures merged over its repeats (exact
 * HDR histogram merges, pooled per-second rates), its runs' validity and saturation verdicts and
 * the flags they raise, and `compare`'s verdicts between neighbouring variants along each axis,
 * judged on the runs' pooled per-second samples. Pure.
 */
import { judge, MIN_SAMPLES } from '../compare/verdict.js';
import { relativeChange } from '../compare/compare-reports.js';
import { createLatencyHistogram, encodeHistogram, mergeInto } from '../metrics/histogram.js';
import { measuredSeconds, metricEvidence, type MetricEvidence } from '../report/metric-values.js';
import { validityOf } from '../report/assess-validity.js';
import type { KbenchReport, LatencyStats } from '../report/report-types.js';
import { findMetric } from '../thresholds/metric-vocabulary.js';
import type { SweepAxis } from './sweep-axis.js';
import { axisNames, type SweepVariant } from './sweep-grid.js';
import type { ScheduledRun } from './sweep-order.js';
import {
  SWEEP_KIND,
  SWEEP_SCHEMA_VERSION,
  type MergedLatency,
  type NeighbourComparison,
  type NeighbourFigure,
  type SweepBundle,
  type SweepFigures,
  type SweepRun,
  type SweepRunCheck,
  type SweepVariantReport,
} from './sweep-types.js';

export interface SweepBundleInput {
  name: string;
  scenarioFile: string;
  status: SweepBundle['status'];
  failure?: string;
  startedAt: string;
  endedAt: string;
  repeat: number;
  axes: readonly SweepAxis[];
  variants: readonly SweepVariant[];
  order: readonly ScheduledRun[];
  /** The runs done, each with its variant's index. */
  runs: ReadonlyArray<SweepRun & { variant: number }>;
}

/** What the neighbour verdicts mean, under the tables. */
export const SWEEP_VERDICT_LEGEND =
  `each step compares a variant with the next value along one axis (the other axes equal): the change of the merged figure, and compare's verdict ` +
  `on the per-second samples of both variants' measured seconds, repeats pooled (Mann-Whitney U p < 0.05 and a 95% bootstrap interval of the median shift excluding 0; ` +
  `at least ${MIN_SAMPLES} seconds each); "—": no per-second samples (p99.9), not judged; "⚠": a variant of the step is flagged (saturated, not valid or not completed)`;

/** The figures compared between neighbours, by metric name. */
export const NEIGHBOUR_FIGURES: ReadonlyArray<{ metric: string; label: string }> = [
  { metric: 'throughput.mean', label: 'throughput' },
  { metric: 'produce.p50', label: 'produce p50' },
  { metric: 'produce.p99', label: 'produce p99' },
  { metric: 'produce.p999', label: 'produce p99.9' },
  { metric: 'e2e.p50', label: 'e2e p50' },
  { metric: 'e2e.p99', label: 'e2e p99' },
  { metric: 'e2e.p999', label: 'e2e p99.9' },
];

export function buildSweepBundle(input: SweepBundleInput): SweepBundle {
  const names = axisNames(input.axes);
  const variants = input.variants.map((variant): SweepVariantReport => {
    const runs = input.runs.filter((run) => run.variant === variant.index).map(({ variant: _variant, ...run }) => run);
    const checks = runs.map(checkRun);
    return {
      index: variant.index,
      label: variant.label,
      coordinates: variant.coordinates,
      values: variant.values,
      runs,
      figures: mergeFigures(runs.map((run) => run.report)),
      checks,
      flags: flagsOf(checks, runs),
    };
  });
  return {
    kind: SWEEP_KIND,
    schemaVersion: SWEEP_SCHEMA_VERSION,
    name: input.name,
    scenarioFile: input.scenarioFile,
    status: input.status,
    ...(input.failure === undefined ? {} : { failure: input.failure }),
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    repeat: input.repeat,
    axes: input.axes.map((axis, index) => ({ path: axis.path, name: names[index] ?? axis.path, values: axis.values })),
    order: input.order.map(({ sequence, round, variant }) => ({ sequence, round, variant })),
    variants,
    neighbours: neighbourComparisons(input.axes, variants),
  };
}

/** A variant's figures over its runs: counts summed, histograms merged exactly, per-second rates pooled. */
export function mergeFigures(reports: readonly KbenchReport[]): SweepFigures {
  const seconds = reports.flatMap(measuredSeconds);
  const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const sum = (pick: (report: KbenchReport) => number): number => reports.reduce((total, report) => total + pick(report), 0);
  return {
    runs: reports.length,
    completedRuns: reports.filter((report) => report.status === 'completed').length,
    measuredSeconds: seconds.length,
    throughputPerSec: mean(seconds.map((entry) => entry.ackedPerSec)),
    consumedPerSec: mean(seconds.map((entry) => entry.consumedPerSec)),
    counts: {
      sent: sum((r) => r.counts.sent),
      acked: sum((r) => r.counts.acked),
      failed: sum((r) => r.counts.failed),
      notAttempted: sum((r) => r.counts.notAttempted),
      consumed: sum((r) => r.counts.consumed),
    },
    latency: {
      produce: mergeLatency(reports.map((r) => r.latency.produce)),
      produceResponse: mergeLatency(reports.map((r) => r.latency.produceResponse)),
      e2e: mergeLatency(reports.map((r) => r.latency.e2e)),
    },
  };
}

/** The runs' histograms added into one; percentiles read from it (never averaged). */
export function mergeLatency(stats: readonly LatencyStats[]): MergedLatency {
  const histogram = createLatencyHistogram();
  for (const one of stats) if (one.hdr !== '' && one.count > 0) mergeInto(histogram, one.hdr);
  if (histogram.totalCount === 0) return { count: 0, p50: null, p99: null, p999: null, max: null, hdr: '' };
  const at = (percentile: number): number => histogram.getValueAtPercentile(percentile) / 1000;
  return { count: histogram.totalCount, p50: at(50), p99: at(99), p999: at(99.9), max: at(100), hdr: encodeHistogram(histogram) };
}

function checkRun(run: SweepRun): SweepRunCheck {
  return {
    sequence: run.sequence,
    round: run.round,
    status: run.report.status,
    validity: validityOf(run.report).verdict,
    saturation: run.report.saturation?.verdict ?? null,
  };
}

/** One sentence per run whose figures are not a steady-state measurement. */
function flagsOf(checks: readonly SweepRunCheck[], runs: readonly SweepRun[]): string[] {
  if (runs.length === 0) return ['no run of this variant was done'];
  return checks.flatMap((check, index) => {
    const report = runs[index]?.report;
    if (report === undefined) return [];
    const which = `run ${check.sequence + 1} (round ${check.round + 1})`;
    const flags: string[] = [];
    if (check.status !== 'completed') flags.push(`${which} ${check.status}${report.failure ? `: ${report.failure.message}` : ''}`);
    if (check.saturation === 'saturated') flags.push(`${which} saturated: ${(report.saturation?.reasons ?? []).join('; ') || 'the system did not keep up with the offered load'}`);
    if (check.validity === 'invalid') {
      const findings = validityOf(report).findings.filter((finding) => finding.severity === 'invalid' && finding.source !== 'saturation');
      if (findings.length > 0 || check.saturation !== 'saturated') flags.push(`${which} not valid: ${findings.map((finding) => finding.message).join('; ') || 'see its validity findings'}`);
    }
    return flags;
  });
}

/** Per axis, each pair of variants equal elsewhere whose values on that axis are next to each other. */
function neighbourComparisons(axes: readonly SweepAxis[], variants: readonly SweepVariantReport[]): NeighbourComparison[] {
  const byKey = new Map(variants.map((variant) => [variant.coordinates.join(','), variant]));
  const comparisons: NeighbourComparison[] = [];
  axes.forEach((axis, axisIndex) => {
    for (const from of variants) {
      const coordinate = from.coordinates[axisIndex] ?? 0;
      if (coordinate + 1 >= axis.values.length) continue;
      const toCoordinates = from.coordinates.map((value, index) => (index === axisIndex ? value + 1 : value));
      const to = byKey.get(toCoordinates.join(','));
      if (to === undefined) continue;
      comparisons.push({
        axis: axisIndex,
        path: axis.path,
        from: from.index,
        to: to.index,
        fromValue: from.values[axisIndex] as SweepVariantReport['values'][number],
        toValue: to.values[axisIndex] as SweepVariantReport['values'][number],
        figures: NEIGHBOUR_FIGURES.map((figure) => neighbourFigure(figure, from, to)),
      });
    }
  });
  return comparisons;
}

function neighbourFigure(figure: { metric: string; label: string }, from: SweepVariantReport, to: SweepVariantReport): NeighbourFigure {
  const metric = findMetric(figure.metric);
  if (metric === undefined) throw new RangeError(`sweep figure of unknown metric ${figure.metric}`);
  const fromValue = mergedValue(from.figures, figure.metric);
  const toValue = mergedValue(to.figures, figure.metric);
  return {
    metric: figure.metric,
    label: figure.label,
    from: fromValue,
    to: toValue,
    change: relativeChange(fromValue, toValue),
    verdict: judge(metric, { value: fromValue, evidence: pooledEvidence(from, figure.metric) }, { value: toValue, evidence: pooledEvidence(to, figure.metric) }),
    caveat: from.flags.length > 0 || to.flags.length > 0,
  };
}

/** A variant's merged value of one of `NEIGHBOUR_FIGURES`. */
export function mergedValue(figures: SweepFigures, metric: string): number | null {
  if (metric === 'throughput.mean') return figures.throughputPerSec;
  const [group, statistic] = metric.split('.') as ['produce' | 'e2e', 'p50' | 'p99' | 'p999'];
  return figures.latency[group][statistic];
}

/** The observations of every run of a variant together: per-second samples concatenated, event counts and exposures summed. */
export function pooledEvidence(variant: Pick<SweepVariantReport, 'runs'>, metric: string): MetricEvidence {
  const evidence = variant.runs.map((run) => metricEvidence(run.report, metric));
  const first = evidence[0];
  if (first === undefined) return { kind: 'single' };
  if (first.kind === 'samples') {
    return { kind: 'samples', per: first.per, samples: evidence.flatMap((one) => (one.kind === 'samples' ? one.samples : [])) };
  }
  if (first.kind === 'events') {
    return evidence.reduce<MetricEvidence>(
      (total, one) => (total.kind === 'events' && one.kind === 'events' ? { kind: 'events', count: total.count + one.count, exposure: total.exposure + one.exposure } : total),
      { kind: 'events', count: 0, exposure: 0 },
    );
  }
  return { kind: 'single' };
}
