/**
 * The one list of metric names that scenario thresholds, `kbench compare` (its table and
 * `--fail-if`) and the docs speak: `e2e.p99`, `throughput.mean`, `counts.failed`, …
 * Each name has a unit (what its bounds are written in) and a direction (whether more is better).
 * Pure data; reading a metric's value from a report lives in `report/metric-values.ts`.
 */
import { CLIENT_ERROR_KINDS } from '../clients/client-adapter.js';

/**
 * What a metric's values are: `ms` latencies and durations (bounds in `us`, `ms`, `s` or `m`),
 * `perSec` message rates (bounds in `/s` or `msg/s`), `count` plain numbers of messages or events.
 */
export type MetricUnit = 'ms' | 'perSec' | 'count';

export interface MetricDefinition {
  /** E.g. `e2e.p99`. */
  name: string;
  unit: MetricUnit;
  /** True when a larger value is better (throughput, acknowledged messages); false when a smaller one is (latency, errors). */
  higherIsBetter: boolean;
  /** One line for help texts and the docs. */
  description: string;
}

/** The latencies of a report, by the name of their group of metrics. */
export const LATENCY_METRIC_GROUPS = {
  produce: 'produce service time (send → ack)',
  produceResponse: 'produce response time (intended send time → ack)',
  e2e: 'end-to-end latency (intended send time → consumed)',
} as const;
export type LatencyMetricGroup = keyof typeof LATENCY_METRIC_GROUPS;

/** The statistics of each latency, by metric suffix. */
export const LATENCY_STATISTICS = {
  p50: 'median',
  p90: '90th percentile',
  p99: '99th percentile',
  p999: '99.9th percentile',
  max: 'maximum',
  mean: 'mean',
} as const;
export type LatencyStatistic = keyof typeof LATENCY_STATISTICS;

function latencyMetrics(): MetricDefinition[] {
  return Object.entries(LATENCY_METRIC_GROUPS).flatMap(([group, groupText]) =>
    Object.entries(LATENCY_STATISTICS).map(([statistic, statisticText]) => ({
      name: `${group}.${statistic}`,
      unit: 'ms' as const,
      higherIsBetter: false,
      description: `${statisticText} of the ${groupText}, after the warm-up`,
    })),
  );
}

const RATE_METRICS: MetricDefinition[] = [
  { name: 'throughput.mean', unit: 'perSec', higherIsBetter: true, description: 'mean acknowledged messages per second over the measured seconds' },
  { name: 'throughput.p50', unit: 'perSec', higherIsBetter: true, description: 'median of the acknowledged messages per measured second' },
  { name: 'throughput.min', unit: 'perSec', higherIsBetter: true, description: 'slowest measured second, acknowledged messages' },
  { name: 'throughput.max', unit: 'perSec', higherIsBetter: true, description: 'fastest measured second, acknowledged messages' },
  { name: 'consumed.mean', unit: 'perSec', higherIsBetter: true, description: 'mean consumed messages per second over the measured seconds (all groups)' },
  { name: 'consumed.p50', unit: 'perSec', higherIsBetter: true, description: 'median of the consumed messages per measured second (all groups)' },
  { name: 'consumed.min', unit: 'perSec', higherIsBetter: true, description: 'slowest measured second, consumed messages (all groups)' },
];

const COUNT_METRICS: MetricDefinition[] = [
  { name: 'counts.sent', unit: 'count', higherIsBetter: true, description: 'messages handed to the client, whole run' },
  { name: 'counts.acked', unit: 'count', higherIsBetter: true, description: 'messages the broker acknowledged, whole run' },
  { name: 'counts.failed', unit: 'count', higherIsBetter: false, description: 'messages whose delivery failed, whole run' },
  { name: 'counts.notAttempted', unit: 'count', higherIsBetter: false, description: 'messages due by the schedule but never sent (in-flight bound or full queue), whole run' },
  { name: 'counts.consumed', unit: 'count', higherIsBetter: true, description: 'records consumed over every group, whole run' },
  { name: 'errors.total', unit: 'count', higherIsBetter: false, description: 'client errors of every kind, whole run' },
  ...CLIENT_ERROR_KINDS.map((kind) => ({ name: `errors.${kind}`, unit: 'count' as const, higherIsBetter: false, description: `client errors of kind ${kind}, whole run` })),
];

const REBALANCE_METRICS: MetricDefinition[] = [
  { name: 'rebalance.count', unit: 'count', higherIsBetter: false, description: "rebalances after each group's first assignment" },
  { name: 'rebalance.pauseMs', unit: 'ms', higherIsBetter: false, description: 'sum over those rebalances of the time some partition had no live owner' },
  { name: 'rebalance.maxPauseMs', unit: 'ms', higherIsBetter: false, description: 'longest such pause of one rebalance (0 without rebalances)' },
  { name: 'rebalance.duplicates', unit: 'count', higherIsBetter: false, description: 'records consumed again after those rebalances' },
];

const INTEGRITY_METRICS: MetricDefinition[] = [
  { name: 'integrity.lost', unit: 'count', higherIsBetter: false, description: 'acknowledged messages never consumed (needs the integrity check)' },
  { name: 'integrity.duplicated', unit: 'count', higherIsBetter: false, description: 'messages consumed more than once by one group' },
  { name: 'integrity.reordered', unit: 'count', higherIsBetter: false, description: 'messages consumed after a later one of the same producer and partition' },
  { name: 'integrity.unacknowledgedButDelivered', unit: 'count', higherIsBetter: false, description: 'messages consumed although their producer saw no acknowledgement' },
];

const VALIDITY_METRICS: MetricDefinition[] = [
  { name: 'saturation.keptUp', unit: 'count', higherIsBetter: true, description: '1 when the system kept up with the offered load, 0 when it was saturated (no value for unthrottled load)' },
  { name: 'saturation.sustained', unit: 'perSec', higherIsBetter: true, description: 'mean acknowledged messages per measured second: the rate the system sustained' },
  { name: 'saturation.saturatedSeconds', unit: 'count', higherIsBetter: false, description: 'measured seconds with under 90 % of the offered messages acknowledged or some not attempted' },
  { name: 'validity.invalid', unit: 'count', higherIsBetter: false, description: 'findings that make the figures not describe a steady state (0 when valid)' },
  { name: 'cpu.perProducedMessage', unit: 'ms', higherIsBetter: false, description: 'CPU time of the producer workers per acknowledged message, measured seconds (bounds in us)' },
  { name: 'cpu.perConsumedMessage', unit: 'ms', higherIsBetter: false, description: 'CPU time of the consumer workers per consumed message, measured seconds (bounds in us)' },
];

const BACKLOG_METRICS: MetricDefinition[] = [
  { name: 'backlog.catchUpTime', unit: 'ms', higherIsBetter: false, description: "a deliberate backlog: from the group's resume until it caught up (no value when it never did)" },
  { name: 'backlog.drainRate', unit: 'perSec', higherIsBetter: true, description: 'messages the backlog group consumed per second while catching up' },
  { name: 'backlog.netDrainRate', unit: 'perSec', higherIsBetter: true, description: 'how fast the backlog shrank while the group caught up (drain rate minus what was produced meanwhile)' },
  { name: 'backlog.messages', unit: 'count', higherIsBetter: true, description: 'the backlog built: lag above the baseline when the group resumed' },
  { name: 'backlog.drainE2eP99', unit: 'ms', higherIsBetter: false, description: "99th percentile of the backlog group's end-to-end latency while it caught up" },
  { name: 'backlog.drainProduceP99', unit: 'ms', higherIsBetter: false, description: 'produce p99 (send → ack) while the group caught up' },
  { name: 'backlog.beforeProduceP99', unit: 'ms', higherIsBetter: false, description: 'produce p99 (send → ack) over the measured seconds before the pause' },
];

/** Every metric, in the order the docs list them. */
export const METRICS: readonly MetricDefinition[] = [...latencyMetrics(), ...RATE_METRICS, ...COUNT_METRICS, ...REBALANCE_METRICS, ...INTEGRITY_METRICS, ...VALIDITY_METRICS, ...BACKLOG_METRICS];

const METRICS_BY_NAME = new Map(METRICS.map((metric) => [metric.name, metric]));

/** Every metric name. */
export const METRIC_NAMES: readonly string[] = METRICS.map((metric) => metric.name);

/** The definition of `name`, or undefined when it is not a metric. */
export function findMetric(name: string): MetricDefinition | undefined {
  return METRICS_BY_NAME.get(name);
}

/** How bounds of each unit are written, for error messages and docs. */
export const UNIT_SYNTAX: Record<MetricUnit, string> = {
  ms: 'a duration with its unit, e.g. 50ms, 1.5s, 800us',
  perSec: 'a rate in messages per second, e.g. 20000/s or 20000msg/s',
  count: 'a plain number, e.g. 0 or 100',
};
