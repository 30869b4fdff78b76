/**
 * The one table of metrics: every name that scenario thresholds, `kbench compare` (its table and
 * `--fail-if`), find-max's SLO, sweeps and the docs speak (`e2e.p99`, `throughput.mean`,
 * `counts.failed`, …), each with its unit, which way is better, one line of description, how its
 * value is read from a report, and what that value rests on for compare's noise test.
 * `thresholds/metric-vocabulary.ts` gives it to the scenario validation; `read-report.ts` reads
 * every metric of a report it has checked, so no metric can meet a malformed field. Pure.
 */
import { validityOf } from './assess-validity.js';
import {
  eventsOutOf,
  keptUp,
  laterRebalances,
  latencyStatistic,
  microsToMs,
  overMeasuredSeconds,
  perRebalance,
  perSecond,
  saturationOf,
  totalErrors,
  type MetricEvidence,
  type MetricReader,
} from './metric-readers.js';
import { REPORT_ERROR_KINDS, type KbenchReport, type MetricUnit, type TimelineEntry } from './report-types.js';

export type { MetricUnit } from './report-types.js';

export interface MetricDefinition {
  /** E.g. `e2e.p99`. */
  name: string;
  /** `ms` latencies and durations, `perSec` message rates, `count` plain numbers. */
  unit: MetricUnit;
  /** True when a larger value is better (throughput, acknowledged messages); false when a smaller one is (latency, errors). */
  higherIsBetter: boolean;
  /** One line for help texts and the docs. */
  description: string;
  /** The value in a report; null when the report has none (no sample, no measured second, no integrity check). */
  read: MetricReader;
  /** What the value rests on (compare's noise test); absent: a single number per run. */
  evidence?: (report: KbenchReport) => MetricEvidence;
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

/** The timeline fields that hold one second's latency statistic, ms (null: no sample in that second). */
export type LatencyTimelineField = keyof Pick<TimelineEntry, 'produceP50Ms' | 'produceP99Ms' | 'produceMaxMs' | 'responseP99Ms' | 'e2eP50Ms' | 'e2eP99Ms' | 'e2eMaxMs'>;

/**
 * Latency metrics with one value per second in the timeline, by metric name (`<group>.<statistic>`):
 * compare's per-second evidence, and the live latencies `--prometheus` serves (`live-metrics.ts`).
 */
export const LATENCY_PER_SECOND: Readonly<Record<string, LatencyTimelineField>> = {
  'produce.p50': 'produceP50Ms',
  'produce.p99': 'produceP99Ms',
  'produce.max': 'produceMaxMs',
  'produceResponse.p99': 'responseP99Ms',
  'e2e.p50': 'e2eP50Ms',
  'e2e.p99': 'e2eP99Ms',
  'e2e.max': 'e2eMaxMs',
};

function latencyMetrics(): MetricDefinition[] {
  return Object.entries(LATENCY_METRIC_GROUPS).flatMap(([group, groupText]) =>
    Object.entries(LATENCY_STATISTICS).map(([statistic, statisticText]): MetricDefinition => {
      const name = `${group}.${statistic}`;
      const field = LATENCY_PER_SECOND[name];
      return {
        name,
        unit: 'ms',
        higherIsBetter: false,
        description: `${statisticText} of the ${groupText}, after the warm-up`,
        read: (r) => latencyStatistic(r.latency[group as LatencyMetricGroup], statistic as LatencyStatistic),
        ...(field === undefined ? {} : { evidence: perSecond(field) }),
      };
    }),
  );
}

type Row = [name: string, unit: MetricUnit, higherIsBetter: boolean, read: MetricReader, description: string, evidence?: (report: KbenchReport) => MetricEvidence];

const acked = perSecond('ackedPerSec');
const consumed = perSecond('consumedPerSec');
const sent = (r: KbenchReport): number => r.counts.sent;

const RATES: Row[] = [
  ['throughput.mean', 'perSec', true, overMeasuredSeconds((r) => r.throughput.produced.meanPerSec), 'mean acknowledged messages per second over the measured seconds', acked],
  ['throughput.p50', 'perSec', true, overMeasuredSeconds((r) => r.throughput.produced.p50PerSec), 'median of the acknowledged messages per measured second', acked],
  ['throughput.min', 'perSec', true, overMeasuredSeconds((r) => r.throughput.produced.minPerSec), 'slowest measured second, acknowledged messages'],
  ['throughput.max', 'perSec', true, overMeasuredSeconds((r) => r.throughput.produced.maxPerSec), 'fastest measured second, acknowledged messages'],
  ['consumed.mean', 'perSec', true, overMeasuredSeconds((r) => r.throughput.consumed.meanPerSec), 'mean consumed messages per second over the measured seconds (all groups)', consumed],
  ['consumed.p50', 'perSec', true, overMeasuredSeconds((r) => r.throughput.consumed.p50PerSec), 'median of the consumed messages per measured second (all groups)', consumed],
  ['consumed.min', 'perSec', true, overMeasuredSeconds((r) => r.throughput.consumed.minPerSec), 'slowest measured second, consumed messages (all groups)'],
];

const readFailed: MetricReader = (r) => r.counts.failed;
const readNotAttempted: MetricReader = (r) => r.counts.notAttempted;
const readErrors: MetricReader = (r) => totalErrors(r.errors);

const COUNTS: Row[] = [
  ['counts.sent', 'count', true, sent, 'messages handed to the client, whole run'],
  ['counts.acked', 'count', true, (r) => r.counts.acked, 'messages the broker acknowledged, whole run'],
  ['counts.failed', 'count', false, readFailed, 'messages whose delivery failed, whole run', eventsOutOf(readFailed, sent)],
  ['counts.notAttempted', 'count', false, readNotAttempted, 'messages due by the schedule but never sent (in-flight bound or full queue), whole run', eventsOutOf(readNotAttempted, (r) => r.counts.sent + r.counts.notAttempted)],
  ['counts.consumed', 'count', true, (r) => r.counts.consumed, 'records consumed over every group, whole run'],
  ['errors.total', 'count', false, readErrors, 'client errors of every kind, whole run', eventsOutOf(readErrors, sent)],
  ...REPORT_ERROR_KINDS.map((kind): Row => {
    const read: MetricReader = (r) => r.errors[kind] ?? 0;
    return [`errors.${kind}`, 'count', false, read, `client errors of kind ${kind}, whole run`, eventsOutOf(read, sent)];
  }),
];

const readDuplicates: MetricReader = (r) => laterRebalances(r).reduce((sum, rebalance) => sum + rebalance.duplicates, 0);
const pauses = perRebalance((rebalance) => rebalance.pauseMs);

const REBALANCES: Row[] = [
  ['rebalance.count', 'count', false, (r) => laterRebalances(r).length, "rebalances after each group's first assignment"],
  ['rebalance.pauseMs', 'ms', false, (r) => laterRebalances(r).reduce((sum, rebalance) => sum + rebalance.pauseMs, 0), 'sum over those rebalances of the time some partition had no live owner', pauses],
  ['rebalance.maxPauseMs', 'ms', false, (r) => laterRebalances(r).reduce((max, rebalance) => Math.max(max, rebalance.pauseMs), 0), 'longest such pause of one rebalance (0 without rebalances)', pauses],
  ['rebalance.duplicates', 'count', false, readDuplicates, 'records consumed again after those rebalances', eventsOutOf(readDuplicates, (r) => r.counts.consumed)],
];

function integrityRow(field: 'lost' | 'duplicated' | 'reordered' | 'unacknowledgedButDelivered', description: string): Row {
  const read: MetricReader = (r) => r.integrity?.[field] ?? null;
  return [`integrity.${field}`, 'count', false, read, description, eventsOutOf(read, (r) => r.counts.acked, 'single')];
}

const INTEGRITY: Row[] = [
  integrityRow('lost', 'acknowledged messages never consumed (needs the integrity check)'),
  integrityRow('duplicated', 'messages consumed more than once by one group'),
  integrityRow('reordered', 'messages consumed after a later one of the same producer and partition'),
  integrityRow('unacknowledgedButDelivered', 'messages consumed although their producer saw no acknowledgement'),
];

const VALIDITY: Row[] = [
  ['saturation.keptUp', 'count', true, (r) => keptUp(saturationOf(r)), '1 when the system kept up with the offered load, 0 when it was saturated (no value for unthrottled load)'],
  ['saturation.sustained', 'perSec', true, overMeasuredSeconds((r) => saturationOf(r)?.sustainedPerSec ?? r.throughput.produced.meanPerSec), 'mean acknowledged messages per measured second: the rate the system sustained'],
  ['saturation.saturatedSeconds', 'count', false, (r) => saturationOf(r)?.saturatedSeconds ?? null, 'measured seconds with under 90 % of the offered messages acknowledged or some not attempted'],
  ['validity.invalid', 'count', false, (r) => validityOf(r).findings.filter((finding) => finding.severity === 'invalid').length, 'findings that make the figures not describe a steady state (0 when valid)'],
  ['cpu.perProducedMessage', 'ms', false, (r) => microsToMs(r.resourceUsage?.cpuUsPerMessage.produced), 'CPU time of the producer workers per acknowledged message, measured seconds (bounds in us)'],
  ['cpu.perConsumedMessage', 'ms', false, (r) => microsToMs(r.resourceUsage?.cpuUsPerMessage.consumed), 'CPU time of the consumer workers per consumed message, measured seconds (bounds in us)'],
];

const BACKLOG: Row[] = [
  ['backlog.catchUpTime', 'ms', false, (r) => r.backlog?.catchUpMs ?? null, "a deliberate backlog: from the group's resume until it caught up (no value when it never did)"],
  ['backlog.drainRate', 'perSec', true, (r) => r.backlog?.drainRatePerSec ?? null, 'messages the backlog group consumed per second while catching up'],
  ['backlog.netDrainRate', 'perSec', true, (r) => r.backlog?.netDrainRatePerSec ?? null, 'how fast the backlog shrank while the group caught up (drain rate minus what was produced meanwhile)'],
  ['backlog.messages', 'count', true, (r) => r.backlog?.built.messages ?? null, 'the backlog built: lag above the baseline when the group resumed'],
  ['backlog.drainE2eP99', 'ms', false, (r) => latencyStatistic(r.backlog?.latency.e2eDrain, 'p99'), "99th percentile of the backlog group's end-to-end latency while it caught up"],
  ['backlog.drainProduceP99', 'ms', false, (r) => latencyStatistic(r.backlog?.latency.produceDrain, 'p99'), 'produce p99 (send → ack) while the group caught up'],
  ['backlog.beforeProduceP99', 'ms', false, (r) => latencyStatistic(r.backlog?.latency.produceBefore, 'p99'), 'produce p99 (send → ack) over the measured seconds before the pause'],
];

function definitionOf([name, unit, higherIsBetter, read, description, evidence]: Row): MetricDefinition {
  return { name, unit, higherIsBetter, description, read, ...(evidence === undefined ? {} : { evidence }) };
}

/** Every metric, in the order the docs list them. */
export const METRICS: readonly MetricDefinition[] = [...latencyMetrics(), ...[...RATES, ...COUNTS, ...REBALANCES, ...INTEGRITY, ...VALIDITY, ...BACKLOG].map(definitionOf)];

const METRICS_BY_NAME = new Map(METRICS.map((metric) => [metric.name, metric]));

/** Every metric name. */
export const METRIC_NAMES: readonly string[] = METRICS.map((metric) => metric.name);

/** The definition of `name`, or undefined when it is not a metric. */
export function findMetric(name: string): MetricDefinition | undefined {
  return METRICS_BY_NAME.get(name);
}
