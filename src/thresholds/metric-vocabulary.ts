/**
 * The metric names scenario thresholds, `kbench compare` (its table and `--fail-if`) and the docs
 * speak, as the thresholds see them: the metric table itself lives with the report it reads
 * (`report/metric-table.ts`: name, unit, direction, description, reader); this module gives it
 * to the scenario validation and adds how bounds of each unit are written.
 */
import type { MetricUnit } from '../report/metric-table.js';

export {
  findMetric,
  LATENCY_METRIC_GROUPS,
  LATENCY_STATISTICS,
  METRIC_NAMES,
  METRICS,
  type LatencyMetricGroup,
  type LatencyStatistic,
  type MetricDefinition,
  type MetricUnit,
} from '../report/metric-table.js';

/** How bounds of each unit are written, for error messages and docs. */
export const UNIT_SYNTAX: Record<MetricUnit, string> = {
  ms: 'a duration with its unit, e.g. 50ms, 1.5s, 800us',
  perSec: 'a rate in messages per second, e.g. 20000/s or 20000msg/s',
  count: 'a plain number, e.g. 0 or 100',
};
