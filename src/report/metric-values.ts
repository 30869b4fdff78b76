/**
 * The value of each metric of the shared vocabulary (`thresholds/metric-vocabulary.ts`) in a
 * report, and the repeated observations behind it that `compare` uses to tell a difference from
 * run-to-run noise. Pure.
 */
import { LATENCY_METRIC_GROUPS, type LatencyMetricGroup, type LatencyStatistic } from '../thresholds/metric-vocabulary.js';
import { assessSaturation, deliberateBacklog } from './assess-saturation.js';
import { validityOf } from './assess-validity.js';
import type { SaturationReport } from './validity-types.js';
import { REPORT_ERROR_KINDS, type ErrorCounts, type KbenchReport, type LatencyStats, type RebalanceReport, type TimelineEntry } from './report-types.js';

/**
 * What a metric's value rests on, for telling noise from a difference:
 * - `samples`: one observation per measured second (or per rebalance), e.g. each second's p99;
 * - `events`: a count of rare events over an exposure (messages sent), compared as rates;
 * - `single`: one number per run, no repeated observations to judge noise with.
 */
export type MetricEvidence =
  | { kind: 'samples'; samples: number[]; per: 'second' | 'rebalance' }
  | { kind: 'events'; count: number; exposure: number }
  | { kind: 'single' };

/** The value of `metric` in `report`; null when the report has none (no sample, no measured second, no integrity check). Throws on an unknown name. */
export function readMetric(report: KbenchReport, metric: string): number | null {
  const latency = latencyOf(report, metric);
  if (latency !== undefined) return latency;
  const reader = READERS[metric];
  if (reader === undefined) throw new RangeError(`unknown metric ${metric}`);
  return reader(report);
}

/** What `metric`'s value in `report` rests on (see `MetricEvidence`). */
export function metricEvidence(report: KbenchReport, metric: string): MetricEvidence {
  const field = PER_SECOND_FIELD[metric];
  if (field !== undefined) {
    const samples = measuredSeconds(report)
      .map((entry) => entry[field])
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    return { kind: 'samples', samples, per: 'second' };
  }
  if (metric === 'rebalance.pauseMs' || metric === 'rebalance.maxPauseMs') {
    return { kind: 'samples', samples: laterRebalances(report).map((rebalance) => rebalance.pauseMs), per: 'rebalance' };
  }
  const events = eventExposure(report, metric);
  if (events !== undefined) return events;
  return { kind: 'single' };
}

/** The seconds of the measure phase. */
export function measuredSeconds(report: KbenchReport): TimelineEntry[] {
  return report.timeline.filter((entry) => entry.phase === 'measure');
}

/** Rebalances after each group's first assignment (the first one happens before the load starts). */
export function laterRebalances(report: KbenchReport): RebalanceReport[] {
  return (report.rebalances ?? []).filter((rebalance) => rebalance.trigger !== 'initial');
}

/** Total of every error kind. */
export function totalErrors(errors: ErrorCounts): number {
  return Object.values(errors).reduce((sum, count) => sum + (count ?? 0), 0);
}

function latencyOf(report: KbenchReport, metric: string): number | null | undefined {
  const [group, statistic] = metric.split('.') as [string, string | undefined];
  if (!(group in LATENCY_METRIC_GROUPS) || statistic === undefined) return undefined;
  const stats = report.latency[group as LatencyMetricGroup];
  if (!(statistic in stats) || statistic === 'hdr' || statistic === 'count') return undefined;
  return stats.count === 0 ? null : stats[statistic as LatencyStatistic];
}

/** Rates over measured seconds: null when there was none (their stats are then all 0). */
function rate(pick: (report: KbenchReport) => number): (report: KbenchReport) => number | null {
  return (report) => (measuredSeconds(report).length === 0 ? null : pick(report));
}

const READERS: Record<string, (report: KbenchReport) => number | null> = {
  'throughput.mean': rate((r) => r.throughput.produced.meanPerSec),
  'throughput.p50': rate((r) => r.throughput.produced.p50PerSec),
  'throughput.min': rate((r) => r.throughput.produced.minPerSec),
  'throughput.max': rate((r) => r.throughput.produced.maxPerSec),
  'consumed.mean': rate((r) => r.throughput.consumed.meanPerSec),
  'consumed.p50': rate((r) => r.throughput.consumed.p50PerSec),
  'consumed.min': rate((r) => r.throughput.consumed.minPerSec),
  'counts.sent': (r) => r.counts.sent,
  'counts.acked': (r) => r.counts.acked,
  'counts.failed': (r) => r.counts.failed,
  'counts.notAttempted': (r) => r.counts.notAttempted,
  'counts.consumed': (r) => r.counts.consumed,
  'errors.total': (r) => totalErrors(r.errors),
  'rebalance.count': (r) => laterRebalances(r).length,
  'rebalance.pauseMs': (r) => laterRebalances(r).reduce((sum, rebalance) => sum + rebalance.pauseMs, 0),
  'rebalance.maxPauseMs': (r) => laterRebalances(r).reduce((max, rebalance) => Math.max(max, rebalance.pauseMs), 0),
  'rebalance.duplicates': (r) => laterRebalances(r).reduce((sum, rebalance) => sum + rebalance.duplicates, 0),
  'integrity.lost': (r) => r.integrity?.lost ?? null,
  'integrity.duplicated': (r) => r.integrity?.duplicated ?? null,
  'integrity.reordered': (r) => r.integrity?.reordered ?? null,
  'integrity.unacknowledgedButDelivered': (r) => r.integrity?.unacknowledgedButDelivered ?? null,
  'saturation.keptUp': (r) => keptUp(validitySaturation(r)),
  'saturation.sustained': rate((r) => validitySaturation(r)?.sustainedPerSec ?? r.throughput.produced.meanPerSec),
  'saturation.saturatedSeconds': (r) => validitySaturation(r)?.saturatedSeconds ?? null,
  'validity.invalid': (r) => validityOf(r).findings.filter((finding) => finding.severity === 'invalid').length,
  'cpu.perProducedMessage': (r) => microsToMs(r.resourceUsage?.cpuUsPerMessage.produced),
  'cpu.perConsumedMessage': (r) => microsToMs(r.resourceUsage?.cpuUsPerMessage.consumed),
  'backlog.catchUpTime': (r) => r.backlog?.catchUpMs ?? null,
  'backlog.drainRate': (r) => r.backlog?.drainRatePerSec ?? null,
  'backlog.netDrainRate': (r) => r.backlog?.netDrainRatePerSec ?? null,
  'backlog.messages': (r) => r.backlog?.built.messages ?? null,
  'backlog.drainE2eP99': (r) => p99Of(r.backlog?.latency.e2eDrain),
  'backlog.drainProduceP99': (r) => p99Of(r.backlog?.latency.produceDrain),
  'backlog.beforeProduceP99': (r) => p99Of(r.backlog?.latency.produceBefore),
};

function p99Of(stats: LatencyStats | undefined): number | null {
  return stats === undefined || stats.count === 0 ? null : stats.p99;
}

function validitySaturation(report: KbenchReport): SaturationReport | undefined {
  return report.saturation ?? assessSaturation(report.scenario.producers.map((p) => p.load), report.timeline, report.scenario.consumerGroups.map((g) => g.groupId), report.backlog ? deliberateBacklog(report.backlog) : undefined);
}

function keptUp(saturation: SaturationReport | undefined): number | null {
  if (saturation?.verdict === 'kept-up') return 1;
  if (saturation?.verdict === 'saturated') return 0;
  return null;
}

function microsToMs(us: number | null | undefined): number | null {
  return us === null || us === undefined ? null : us / 1000;
}

/** `errors.<kind>`: one reader per error kind. */
for (const kind of REPORT_ERROR_KINDS) READERS[`errors.${kind}`] = (report) => report.errors[kind] ?? 0;

/** Metrics with one value per measured second in the timeline. */
const PER_SECOND_FIELD: Record<string, keyof TimelineEntry> = {
  'throughput.mean': 'ackedPerSec',
  'throughput.p50': 'ackedPerSec',
  'consumed.mean': 'consumedPerSec',
  'consumed.p50': 'consumedPerSec',
  'produce.p50': 'produceP50Ms',
  'produce.p99': 'produceP99Ms',
  'produce.max': 'produceMaxMs',
  'produceResponse.p99': 'responseP99Ms',
  'e2e.p50': 'e2eP50Ms',
  'e2e.p99': 'e2eP99Ms',
  'e2e.max': 'e2eMaxMs',
};

/** Counts of rare events and what they happen out of (messages sent, or acknowledged for delivery checks). */
function eventExposure(report: KbenchReport, metric: string): MetricEvidence | undefined {
  const attempted = report.counts.sent + report.counts.notAttempted;
  if (metric === 'counts.failed' || metric === 'errors.total' || metric.startsWith('errors.')) {
    return { kind: 'events', count: readMetric(report, metric) ?? 0, exposure: report.counts.sent };
  }
  if (metric === 'counts.notAttempted') return { kind: 'events', count: report.counts.notAttempted, exposure: attempted };
  if (metric.startsWith('integrity.') && report.integrity !== undefined) {
    return { kind: 'events', count: readMetric(report, metric) ?? 0, exposure: report.counts.acked };
  }
  if (metric === 'rebalance.duplicates') return { kind: 'events', count: readMetric(report, metric) ?? 0, exposure: report.counts.consumed };
  return undefined;
}
