/**
 * `kbench compare --fail-if`: regression criteria checked on every report after the first, either
 * relative to the first report (`e2e.p99 > +10%`) or absolute (`throughput.mean < 20000/s`).
 * A criterion that holds is a regression. Pure.
 */
import { KbenchError } from '../errors.js';
import { readMetric } from '../report/metric-values.js';
import type { MetricUnit } from '../report/metric-table.js';
import { compareWith, parseCriterion, type ThresholdCriterion } from '../thresholds/parse-threshold.js';
import { relativeChange, type LabelledReport } from './compare-reports.js';

export interface FailIfResult {
  /** The criterion as written, e.g. `e2e.p99 > +10%`. */
  criterion: string;
  metric: string;
  unit: MetricUnit;
  /** The report checked, and the baseline (the first report). */
  label: string;
  baselineLabel: string;
  value: number | null;
  baselineValue: number | null;
  /** Change against the baseline as a fraction (0.1 = +10 %); null when a value is missing. */
  change: number | null;
  /** True for a bound relative to the baseline (`> +10%`), false for an absolute one. */
  relative: boolean;
  /** True when the criterion holds, or cannot be checked because a value is missing. */
  regressed: boolean;
}

/** Parses every `--fail-if` text; throws one usage error listing every bad one. */
export function parseFailIfCriteria(texts: readonly string[]): ThresholdCriterion[] {
  const problems: string[] = [];
  const criteria: ThresholdCriterion[] = [];
  for (const text of texts) {
    const parsed = parseCriterion(text, true);
    if (parsed.ok) criteria.push(parsed.value);
    else problems.push(`--fail-if ${JSON.stringify(text)}: ${parsed.problem}`);
  }
  if (problems.length > 0) {
    throw new KbenchError('usage', `invalid --fail-if criteria (${problems.length})`, {
      details: problems,
      hint: "write a metric, an operator and a bound: --fail-if 'e2e.p99 > +10%' (against the first report) or --fail-if 'throughput.mean < 20000/s'",
    });
  }
  return criteria;
}

/** Checks each criterion on each report after the first, criterion by criterion. */
export function evaluateFailIf(criteria: readonly ThresholdCriterion[], reports: readonly LabelledReport[]): FailIfResult[] {
  const [baseline, ...candidates] = reports;
  if (baseline === undefined) return [];
  return criteria.flatMap(({ metric, condition }) => {
    const baselineValue = readMetric(baseline.report, metric.name);
    return candidates.map(({ label, report }) => {
      const value = readMetric(report, metric.name);
      const change = relativeChange(baselineValue, value);
      const checked = condition.bound.kind === 'relative' ? change : value;
      const bound = condition.bound.kind === 'relative' ? condition.bound.fraction : condition.bound.value;
      return {
        criterion: `${metric.name} ${condition.text}`,
        metric: metric.name,
        unit: metric.unit,
        label,
        baselineLabel: baseline.label,
        value,
        baselineValue,
        change,
        relative: condition.bound.kind === 'relative',
        regressed: checked === null || compareWith(condition.operator, checked, bound),
      };
    });
  });
}
