/**
 * The live figures of a run as `--prometheus` serves them: the timeline entries of the seconds so
 * far folded into `LiveFigures` (totals since the start, the newest second, rebalances, the
 * phase; at the end the report's counts and threshold verdicts), and `LIVE_METRICS`, the table of
 * the metrics served — name, type, help and samples of each. Where a report metric of
 * `metric-table.ts` is the same figure (`counts.sent`, `errors.<kind>`, `rebalance.count`, the
 * latencies' groups and statistics), the help text is that metric's description, so the two
 * vocabularies cannot drift apart. Every series carries the run's labels (`run_id`, `scenario`,
 * `shard`); per-group series add `group`. Pure.
 */
import { isLaterRebalance } from './metric-readers.js';
import { findMetric, LATENCY_METRIC_GROUPS, LATENCY_PER_SECOND, LATENCY_STATISTICS, type LatencyMetricGroup, type LatencyStatistic, type LatencyTimelineField } from './metric-table.js';
import { renderPrometheusText, type MetricFamily, type PrometheusSample, type PrometheusType } from './prometheus-text.js';
import { REPORT_ERROR_KINDS, type ErrorCounts, type KbenchReport, type RebalanceReport, type ReportCounts, type RunPhase, type RunStatus, type ThresholdResult, type TimelineEntry } from './report-types.js';

/** The labels every series of a run carries. */
export interface RunLabels {
  runId: string;
  /** The scenario's name. */
  scenario: string;
  /** `i/n`: shard i of n; `0/1` (`UNSHARDED`) for a run that is not split. */
  shard: string;
}

/** The `shard` label of a run that is not split into shards. */
export const UNSHARDED = '0/1';

/** Where the run stands: `starting` before its first second (cluster, warm-up, topic, workers), `ended` once its report exists. */
export const LIVE_PHASES = ['starting', 'warmup', 'measure', 'drain', 'ended'] as const satisfies readonly (RunPhase | 'starting' | 'ended')[];
export type LivePhase = (typeof LIVE_PHASES)[number];

/** Counts since the run started (warm-up included), as the report's `counts`. */
export type LiveTotals = Omit<ReportCounts, 'expected'>;

export interface LiveFigures {
  labels: RunLabels;
  phase: LivePhase;
  /** Seconds of the timeline closed so far. */
  elapsedSeconds: number;
  /** Planned warm-up plus measured duration, s; null before the first second. */
  plannedSeconds: number | null;
  totals: LiveTotals;
  errors: ErrorCounts;
  /** The newest second; undefined before the first one closed. */
  newest?: TimelineEntry;
  /** Per group id: rebalances after its first assignment so far (what `rebalance.count` counts), and whether one is under way. */
  groups: Record<string, { rebalances: number; rebalancing: boolean }>;
  /** Set once the run has ended. */
  status?: RunStatus;
  /** The scenario's thresholds checked against the report; set once the run has ended. */
  thresholds?: readonly ThresholdResult[];
}

/** What a second adds besides its timeline entry. */
export interface LiveSecondContext {
  elapsedSeconds: number;
  totalSeconds: number;
  /** The rebalances analysed so far, every group. */
  rebalances: readonly RebalanceReport[];
  /** Groups with a rebalance under way. */
  rebalancing: readonly string[];
}

const NO_TOTALS: LiveTotals = { sent: 0, acked: 0, failed: 0, notAttempted: 0, consumed: 0, sentBytes: 0, ackedBytes: 0, consumedBytes: 0 };

/** The figures before the run's first second. */
export function startingFigures(labels: RunLabels): LiveFigures {
  const errors = Object.fromEntries(REPORT_ERROR_KINDS.map((kind) => [kind, 0])) as ErrorCounts;
  return { labels, phase: 'starting', elapsedSeconds: 0, plannedSeconds: null, totals: { ...NO_TOTALS }, errors, groups: {} };
}

/** The figures after one more second of the timeline. */
export function foldSecond(figures: LiveFigures, entry: TimelineEntry, context: LiveSecondContext): LiveFigures {
  const t = figures.totals;
  const totals: LiveTotals = {
    sent: t.sent + entry.sentPerSec,
    acked: t.acked + entry.ackedPerSec,
    failed: t.failed + entry.failedPerSec,
    notAttempted: t.notAttempted + entry.notAttemptedPerSec,
    consumed: t.consumed + entry.consumedPerSec,
    sentBytes: t.sentBytes + entry.sentBytesPerSec,
    ackedBytes: t.ackedBytes + entry.ackedBytesPerSec,
    consumedBytes: t.consumedBytes + entry.consumedBytesPerSec,
  };
  const errors = { ...figures.errors };
  for (const kind of REPORT_ERROR_KINDS) errors[kind] += entry.errors[kind] ?? 0;
  const groupIds = new Set([...Object.keys(figures.groups), ...Object.keys(entry.liveMembers), ...Object.keys(entry.lag)]);
  const groups = Object.fromEntries(
    [...groupIds].map((groupId) => [
      groupId,
      { rebalances: Math.max(figures.groups[groupId]?.rebalances ?? 0, rebalanceCount(context.rebalances, groupId)), rebalancing: context.rebalancing.includes(groupId) },
    ]),
  );
  return { ...figures, phase: entry.phase, elapsedSeconds: context.elapsedSeconds, plannedSeconds: context.totalSeconds, totals, errors, newest: entry, groups };
}

/**
 * The figures once the run's report exists: its counts (which also hold what the workers reported
 * after the last second), its rebalances, status and threshold verdicts. Counters never go down.
 */
export function endedFigures(figures: LiveFigures, report: KbenchReport): LiveFigures {
  const totals = { ...figures.totals };
  for (const key of Object.keys(totals) as (keyof LiveTotals)[]) totals[key] = Math.max(totals[key], report.counts[key]);
  const errors = { ...figures.errors };
  for (const kind of REPORT_ERROR_KINDS) errors[kind] = Math.max(errors[kind], report.errors[kind] ?? 0);
  const groups = { ...figures.groups };
  for (const group of report.scenario.consumerGroups) {
    groups[group.groupId] = { rebalances: Math.max(groups[group.groupId]?.rebalances ?? 0, rebalanceCount(report.rebalances, group.groupId)), rebalancing: false };
  }
  return { ...figures, phase: 'ended', totals, errors, groups, status: report.status, ...(report.thresholds ? { thresholds: report.thresholds } : {}) };
}

function rebalanceCount(rebalances: readonly RebalanceReport[] | undefined, groupId: string): number {
  return (rebalances ?? []).filter((rebalance) => rebalance.groupId === groupId && isLaterRebalance(rebalance)).length;
}

/** One metric `--prometheus` serves. */
export interface LiveMetric {
  name: string;
  type: PrometheusType;
  help: string;
  /** Its samples, with their own labels only (the run's labels are added in front). */
  samples(figures: LiveFigures): PrometheusSample[];
}

/** The description of a metric of the report's metric table (`metric-table.ts`), for a live figure that is the same one. */
function described(reportMetric: string, addition: string): string {
  const metric = findMetric(reportMetric);
  if (metric === undefined) throw new Error(`live metrics: ${reportMetric} is not a metric of the metric table`);
  return `${metric.description} (report metric ${reportMetric}), ${addition}`;
}

const one = (value: number): PrometheusSample[] => [{ labels: {}, value }];

function total(name: string, reportMetric: string, key: keyof LiveTotals): LiveMetric {
  return { name, type: 'counter', help: described(reportMetric, 'so far'), samples: (f) => one(f.totals[key]) };
}

function bytesTotal(name: string, what: string, key: keyof LiveTotals): LiveMetric {
  return { name, type: 'counter', help: `bytes (encoded record values) of the messages ${what} since the run started`, samples: (f) => one(f.totals[key]) };
}

/** A rate of the newest second, from its timeline field; no sample before the first second. */
function perSecond(name: string, help: string, field: 'sentPerSec' | 'ackedPerSec' | 'failedPerSec' | 'notAttemptedPerSec' | 'consumedPerSec' | 'offeredPerSec'): LiveMetric {
  return {
    name,
    type: 'gauge',
    help: `${help} in the newest second (timeline ${field})`,
    samples: (f) => {
      const value = f.newest?.[field];
      return value === undefined ? [] : one(value);
    },
  };
}

/** Per group id, in the order the groups were first seen. */
function perGroup(name: string, help: string, value: (f: LiveFigures, groupId: string) => number | undefined, type: PrometheusType = 'gauge'): LiveMetric {
  return {
    name,
    type,
    help,
    samples: (f) =>
      Object.keys(f.groups).flatMap((group) => {
        const v = value(f, group);
        return v === undefined ? [] : [{ labels: { group }, value: v }];
      }),
  };
}

/** The Prometheus name of each latency of the report (`LATENCY_METRIC_GROUPS`), in seconds. */
const LATENCY_NAMES: Record<LatencyMetricGroup, string> = {
  produce: 'kbench_produce_latency_seconds',
  produceResponse: 'kbench_produce_response_time_seconds',
  e2e: 'kbench_e2e_latency_seconds',
};

/** The `quantile` label of each statistic; the mean is not a quantile. */
const QUANTILES: Record<LatencyStatistic, string | undefined> = { p50: '0.5', p90: '0.9', p99: '0.99', p999: '0.999', max: '1', mean: undefined };

/**
 * One summary per latency with a `quantile` per statistic the timeline keeps each second
 * (`LATENCY_PER_SECOND`), e.g. `kbench_e2e_latency_seconds{quantile="0.99"}`: the quantiles of
 * the newest second's samples (its window), in seconds; none for a latency without a sample in
 * that second. A summary, not a gauge: Prometheus's linter (`promtool check metrics`) keeps the
 * `quantile` label for summaries. No `_sum` / `_count` series: the timeline keeps neither.
 */
function latencyMetrics(): LiveMetric[] {
  const byGroup = new Map<LatencyMetricGroup, { statistic: LatencyStatistic; quantile: string; field: LatencyTimelineField }[]>();
  for (const [metricName, field] of Object.entries(LATENCY_PER_SECOND)) {
    const [group, statistic] = metricName.split('.') as [LatencyMetricGroup, LatencyStatistic];
    const quantile = QUANTILES[statistic];
    if (quantile === undefined || !(group in LATENCY_NAMES)) throw new Error(`live metrics: no Prometheus series for the per-second latency ${metricName}`);
    byGroup.set(group, [...(byGroup.get(group) ?? []), { statistic, quantile, field }]);
  }
  return [...byGroup].map(([group, quantiles]) => ({
    name: LATENCY_NAMES[group],
    type: 'summary',
    help:
      `${LATENCY_METRIC_GROUPS[group]} of the newest second's samples, seconds, by quantile ` +
      `(${quantiles.map(({ statistic, quantile }) => `${quantile}: ${LATENCY_STATISTICS[statistic]}`).join(', ')}; ` +
      `timeline ${quantiles.map(({ field }) => field).join(', ')}); none in a second without a sample`,
    samples: (f) =>
      quantiles.flatMap(({ quantile, field }) => {
        const ms = f.newest?.[field];
        return ms === undefined || ms === null ? [] : [{ labels: { quantile }, value: msToSeconds(ms) }];
      }),
  }));
}

/** Milliseconds (whole microseconds, as the histograms keep them) → seconds, without binary noise such as 0.08479900000000001. */
function msToSeconds(ms: number): number {
  return Math.round(ms * 1000) / 1_000_000;
}

/** Every metric `--prometheus` serves, in the order it serves them. */
export const LIVE_METRICS: readonly LiveMetric[] = [
  total('kbench_messages_sent_total', 'counts.sent', 'sent'),
  total('kbench_messages_acked_total', 'counts.acked', 'acked'),
  total('kbench_messages_failed_total', 'counts.failed', 'failed'),
  total('kbench_messages_not_attempted_total', 'counts.notAttempted', 'notAttempted'),
  total('kbench_messages_consumed_total', 'counts.consumed', 'consumed'),
  bytesTotal('kbench_sent_bytes_total', 'handed to the client', 'sentBytes'),
  bytesTotal('kbench_acked_bytes_total', 'the broker acknowledged', 'ackedBytes'),
  bytesTotal('kbench_consumed_bytes_total', 'consumed (all groups)', 'consumedBytes'),
  {
    name: 'kbench_errors_total',
    type: 'counter',
    help: described('errors.total', `so far, by kind (report metrics errors.<kind>: ${REPORT_ERROR_KINDS.join(', ')})`),
    samples: (f) => REPORT_ERROR_KINDS.map((kind) => ({ labels: { kind }, value: f.errors[kind] })),
  },
  perSecond('kbench_messages_offered_per_second', 'messages the schedule intended', 'offeredPerSec'),
  perSecond('kbench_messages_sent_per_second', 'messages handed to the client', 'sentPerSec'),
  perSecond('kbench_messages_acked_per_second', 'messages the broker acknowledged', 'ackedPerSec'),
  perSecond('kbench_messages_failed_per_second', 'messages whose delivery failed', 'failedPerSec'),
  perSecond('kbench_messages_not_attempted_per_second', 'messages due by the schedule but never sent', 'notAttemptedPerSec'),
  perSecond('kbench_messages_consumed_per_second', 'records consumed (all groups)', 'consumedPerSec'),
  ...latencyMetrics(),
  {
    name: 'kbench_in_flight_messages',
    type: 'gauge',
    help: 'messages sent and not yet acknowledged or failed, at the end of the newest second (timeline inFlight)',
    samples: (f) => (f.newest === undefined ? [] : one(f.newest.inFlight)),
  },
  perGroup('kbench_consumer_lag_messages', "messages acknowledged so far minus those the group consumed, at the end of the newest second (timeline lag)", (f, group) => f.newest?.lag[group]),
  perGroup('kbench_consumer_group_members', 'members in the group at the end of the newest second: joined, not left or crashed (timeline liveMembers)', (f, group) => f.newest?.liveMembers[group]),
  perGroup('kbench_consumer_group_owning_members', 'members of the group owning at least one partition at the end of the newest second (timeline members)', (f, group) => f.newest?.members[group]),
  perGroup('kbench_rebalances_total', described('rebalance.count', 'so far, under way included'), (f, group) => f.groups[group]?.rebalances, 'counter'),
  perGroup('kbench_consumer_group_rebalancing', '1 while a rebalance of the group is under way, else 0', (f, group) => (f.groups[group]?.rebalancing ? 1 : 0)),
  {
    name: 'kbench_run_phase',
    type: 'gauge',
    help: `1 for the phase the run is in, 0 for the others: ${LIVE_PHASES.join(', ')} (starting: before the first second; ended: the report is written)`,
    samples: (f) => LIVE_PHASES.map((phase) => ({ labels: { phase }, value: phase === f.phase ? 1 : 0 })),
  },
  { name: 'kbench_run_elapsed_seconds', type: 'gauge', help: 'seconds of the run closed so far, warm-up included', samples: (f) => one(f.elapsedSeconds) },
  {
    name: 'kbench_run_planned_seconds',
    type: 'gauge',
    help: 'planned warm-up plus measured duration, seconds (the drain is open-ended)',
    samples: (f) => (f.plannedSeconds === null ? [] : one(f.plannedSeconds)),
  },
  {
    name: 'kbench_threshold_passed',
    type: 'gauge',
    help: "1 when the scenario's threshold held, 0 when it failed (a metric without a value fails); present once the run has ended",
    samples: (f) => (f.thresholds ?? []).map((threshold) => ({ labels: { metric: threshold.metric, condition: threshold.condition }, value: threshold.passed ? 1 : 0 })),
  },
];

/** Every metric name `--prometheus` serves. */
export const LIVE_METRIC_NAMES: readonly string[] = LIVE_METRICS.map((metric) => metric.name);

/** The figures as metric families, every sample with the run's labels first. */
export function liveMetricFamilies(figures: LiveFigures): MetricFamily[] {
  const run = { run_id: figures.labels.runId, scenario: figures.labels.scenario, shard: figures.labels.shard };
  return LIVE_METRICS.map((metric) => ({
    name: metric.name,
    type: metric.type,
    help: metric.help,
    samples: metric.samples(figures).map((sample) => ({ labels: { ...run, ...sample.labels }, value: sample.value })),
  }));
}

/** The figures in the Prometheus text format. */
export function renderLiveMetrics(figures: LiveFigures): string {
  return renderPrometheusText(liveMetricFamilies(figures));
}
