/**
 * The key figures of several reports side by side, each with its change against the first
 * report and a noise-aware verdict. Pure: the console and HTML renderers draw this model.
 */
import { measuredSeconds, metricEvidence, readMetric } from '../report/metric-values.js';
import { validityOf } from '../report/assess-validity.js';
import type { KbenchReport } from '../report/report-types.js';
import type { ValidityReport } from '../report/validity-types.js';
import { findMetric, type MetricDefinition } from '../thresholds/metric-vocabulary.js';
import { describeDifferences } from './report-differences.js';
import { judge, type Verdict } from './verdict.js';

/** A report and the name it goes by in the output (its file name). */
export interface LabelledReport {
  label: string;
  report: KbenchReport;
}

export interface FigureRow {
  metric: MetricDefinition;
  /** Row label, e.g. `e2e p99`. */
  label: string;
  /** One value per report, in the metric's unit; null when a report has none. */
  values: Array<number | null>;
  /** Spread of the per-second samples (population standard deviation) per report, for rates. */
  spreads?: Array<number | null>;
  /** Change against the first report as a fraction (0.1 = +10 %); null for the first report and when either value is missing. */
  changes: Array<number | null>;
  /** Verdict against the first report; null for the first report. */
  verdicts: Array<Verdict | null>;
  /** Per report: true when this report or the baseline is not valid (not settled, saturated, generator-bound), so its verdict may reflect that rather than the change. */
  caveats: boolean[];
}

export interface Comparison {
  labels: string[];
  /** Each report's validity verdict (`valid`, `caveats`, `invalid`). */
  validity: Array<ValidityReport['verdict']>;
  /** Lines to show above the table: different scenarios, clients, machines, unfinished runs. */
  warnings: string[];
  rows: FigureRow[];
}

/** The figures of the comparison table, by metric name. */
const FIGURES: Array<{ metric: string; label: string; spread?: boolean }> = [
  { metric: 'throughput.mean', label: 'throughput (acked/s, mean ± sd)', spread: true },
  { metric: 'consumed.mean', label: 'consumed/s (mean ± sd)', spread: true },
  { metric: 'produce.p50', label: 'produce p50' },
  { metric: 'produce.p99', label: 'produce p99' },
  { metric: 'produce.p999', label: 'produce p99.9' },
  { metric: 'produce.max', label: 'produce max' },
  { metric: 'e2e.p50', label: 'e2e p50' },
  { metric: 'e2e.p99', label: 'e2e p99' },
  { metric: 'e2e.p999', label: 'e2e p99.9' },
  { metric: 'e2e.max', label: 'e2e max' },
  { metric: 'errors.total', label: 'errors' },
  { metric: 'counts.failed', label: 'failed' },
  { metric: 'counts.notAttempted', label: 'not attempted' },
  { metric: 'rebalance.count', label: 'rebalances' },
  { metric: 'rebalance.pauseMs', label: 'rebalance pause, sum' },
  { metric: 'rebalance.maxPauseMs', label: 'rebalance pause, max' },
];

const INTEGRITY_FIGURES = [
  { metric: 'integrity.lost', label: 'lost' },
  { metric: 'integrity.duplicated', label: 'duplicated' },
  { metric: 'integrity.reordered', label: 'reordered' },
];

/** Compares `reports` (at least two) against the first one. */
export function compareReports(reports: readonly LabelledReport[]): Comparison {
  if (reports.length < 2) throw new RangeError('compareReports needs at least two reports');
  const withIntegrity = reports.some(({ report }) => report.integrity !== undefined);
  const figures = withIntegrity ? [...FIGURES, ...INTEGRITY_FIGURES] : FIGURES;
  const validity = reports.map(({ report }) => validityOf(report));
  const invalid = validity.map((v) => v.verdict === 'invalid');
  return {
    labels: reports.map(({ label }) => label),
    validity: validity.map((v) => v.verdict),
    warnings: [...describeDifferences(reports), ...validityWarnings(reports, validity)],
    rows: figures.map((figure) => ({ ...compareFigure(figure, reports), caveats: invalid.map((bad, index) => index > 0 && (bad || invalid[0] === true)) })),
  };
}

/** A warning per report whose figures do not describe a steady state (or carry caveats). */
function validityWarnings(reports: readonly LabelledReport[], validity: readonly ValidityReport[]): string[] {
  return reports.flatMap(({ label }, index) => {
    const report = validity[index];
    if (!report || report.verdict === 'valid') return [];
    const shown = report.findings.filter((finding) => finding.severity === (report.verdict === 'invalid' ? 'invalid' : 'warning'));
    const what = report.verdict === 'invalid' ? 'is not a steady-state measurement' : 'has caveats';
    return [`${label} ${what}: ${shown.map((finding) => finding.message).join('; ')}`];
  });
}

function compareFigure(figure: { metric: string; label: string; spread?: boolean }, reports: readonly LabelledReport[]): Omit<FigureRow, 'caveats'> {
  const metric = findMetric(figure.metric);
  if (metric === undefined) throw new RangeError(`compare figure of unknown metric ${figure.metric}`);
  const values = reports.map(({ report }) => readMetric(report, metric.name));
  const evidence = reports.map(({ report }) => metricEvidence(report, metric.name));
  const baseline = { value: values[0] ?? null, evidence: evidence[0] ?? { kind: 'single' as const } };
  const row: Omit<FigureRow, 'caveats'> = {
    metric,
    label: figure.label,
    values,
    changes: values.map((value, index) => (index === 0 ? null : relativeChange(baseline.value, value))),
    verdicts: values.map((value, index) => (index === 0 ? null : judge(metric, baseline, { value, evidence: evidence[index] ?? { kind: 'single' } }))),
  };
  if (figure.spread === true) row.spreads = reports.map(({ report }) => spreadOf(report, metric.name));
  return row;
}

/** (value − baseline) / |baseline|; 0 when both are 0, ±Infinity from a zero baseline; null when either is missing. */
export function relativeChange(baseline: number | null, value: number | null): number | null {
  if (baseline === null || value === null) return null;
  if (baseline === 0) return value === 0 ? 0 : value > 0 ? Infinity : -Infinity;
  return (value - baseline) / Math.abs(baseline);
}

function spreadOf(report: KbenchReport, metric: string): number | null {
  if (measuredSeconds(report).length === 0) return null;
  return metric.startsWith('consumed.') ? report.throughput.consumed.stddevPerSec : report.throughput.produced.stddevPerSec;
}
