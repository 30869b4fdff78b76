/**
 * A metric's value in a report, and the repeated observations behind it that `compare` uses to
 * tell a difference from run-to-run noise, by metric name: both come from the metric table
 * (`metric-table.ts`). Pure.
 */
import { findMetric } from './metric-table.js';
import type { MetricEvidence } from './metric-readers.js';
import type { KbenchReport } from './report-types.js';

export { laterRebalances, measuredSeconds, totalErrors, type MetricEvidence } from './metric-readers.js';

/** The value of `metric` in `report`; null when the report has none (no sample, no measured second, no integrity check). Throws on an unknown name. */
export function readMetric(report: KbenchReport, metric: string): number | null {
  const definition = findMetric(metric);
  if (definition === undefined) throw new RangeError(`unknown metric ${metric}`);
  return definition.read(report);
}

/** What `metric`'s value in `report` rests on (see `MetricEvidence`). Throws on an unknown name. */
export function metricEvidence(report: KbenchReport, metric: string): MetricEvidence {
  const definition = findMetric(metric);
  if (definition === undefined) throw new RangeError(`unknown metric ${metric}`);
  return definition.evidence?.(report) ?? { kind: 'single' };
}
