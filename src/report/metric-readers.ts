/**
 * The building blocks of the metric table (`metric-table.ts`): the parts of a report metrics are
 * read from, and what a value rests on for telling a difference from run-to-run noise. Pure.
 */
import { assessSaturation, deliberateBacklog } from './assess-saturation.js';
import type { ErrorCounts, KbenchReport, LatencyStats, RebalanceReport, TimelineEntry } from './report-types.js';
import type { SaturationReport } from './validity-types.js';

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

/** Reads a metric's value from a report: null when the report has none. */
export type MetricReader = (report: KbenchReport) => number | null;

/** The seconds of the measure phase. */
export function measuredSeconds(report: KbenchReport): TimelineEntry[] {
  return report.timeline.filter((entry) => entry.phase === 'measure');
}

/** Rebalances after each group's first assignment (the first one happens before the load starts). */
export function laterRebalances(report: KbenchReport): RebalanceReport[] {
  return (report.rebalances ?? []).filter(isLaterRebalance);
}

/** Whether `rebalance` came after its group's first assignment: what `rebalance.count` counts. */
export function isLaterRebalance(rebalance: RebalanceReport): boolean {
  return rebalance.trigger !== 'initial';
}

/** Total of every error kind. */
export function totalErrors(errors: ErrorCounts): number {
  return Object.values(errors).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** A rate over measured seconds: null when there was none (the rate statistics are then all 0). */
export function overMeasuredSeconds(pick: (report: KbenchReport) => number): MetricReader {
  return (report) => (measuredSeconds(report).length === 0 ? null : pick(report));
}

/** A statistic of a latency: null without a sample. */
export function latencyStatistic(stats: LatencyStats | undefined, statistic: 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean'): number | null {
  return stats === undefined || stats.count === 0 ? null : stats[statistic];
}

/** The report's saturation verdict, worked out from its timeline for schema 1 reports. */
export function saturationOf(report: KbenchReport): SaturationReport | undefined {
  const plan = report.scenario;
  return (
    report.saturation ??
    assessSaturation(
      plan.producers.map((producer) => producer.load),
      report.timeline,
      plan.consumerGroups.map((group) => group.groupId),
      report.backlog ? deliberateBacklog(report.backlog) : undefined,
    )
  );
}

/** 1 kept up, 0 saturated, null otherwise (unthrottled, no load). */
export function keptUp(saturation: SaturationReport | undefined): number | null {
  if (saturation?.verdict === 'kept-up') return 1;
  if (saturation?.verdict === 'saturated') return 0;
  return null;
}

export function microsToMs(us: number | null | undefined): number | null {
  return us === null || us === undefined ? null : us / 1000;
}

/** Evidence: one sample per measured second, from a timeline field. */
export function perSecond(field: keyof TimelineEntry): (report: KbenchReport) => MetricEvidence {
  return (report) => ({
    kind: 'samples',
    per: 'second',
    samples: measuredSeconds(report)
      .map((entry) => entry[field])
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value)),
  });
}

/** Evidence: one sample per rebalance after the first assignments. */
export function perRebalance(pick: (rebalance: RebalanceReport) => number): (report: KbenchReport) => MetricEvidence {
  return (report) => ({ kind: 'samples', per: 'rebalance', samples: laterRebalances(report).map(pick) });
}

/** Evidence: rare events (the metric's own value) out of an exposure; `single` when the report has no value. */
export function eventsOutOf(read: MetricReader, exposure: (report: KbenchReport) => number, whenMissing: 'zero' | 'single' = 'zero'): (report: KbenchReport) => MetricEvidence {
  return (report) => {
    const count = read(report);
    if (count === null && whenMissing === 'single') return { kind: 'single' };
    return { kind: 'events', count: count ?? 0, exposure: exposure(report) };
  };
}
