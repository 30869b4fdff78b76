import { describe, expect, it } from 'vitest';
import {
  endedFigures,
  foldSecond,
  LIVE_METRIC_NAMES,
  LIVE_METRICS,
  LIVE_PHASES,
  renderLiveMetrics,
  startingFigures,
  UNSHARDED,
  type LiveFigures,
  type LiveSecondContext,
  type RunLabels,
} from '../../src/report/live-metrics.js';
import { findMetric, LATENCY_PER_SECOND } from '../../src/report/metric-table.js';
import { readMetric } from '../../src/report/metric-values.js';
import { REPORT_ERROR_KINDS, type KbenchReport } from '../../src/report/report-types.js';
import { parseExposition, sampleValue } from '../helpers/prometheus-exposition.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { cloneSampleReport, sampleReport } from '../fixtures/sample-report.js';

const labels: RunLabels = { runId: '0a1b2c', scenario: 'acks-all-3-nodes', shard: UNSHARDED };
const run = { run_id: '0a1b2c', scenario: 'acks-all-3-nodes', shard: '0/1' };
const GROUP = 'kbench-acks-all-0';

function context(second: number, report: KbenchReport = sampleReport, rebalancing: string[] = []): LiveSecondContext {
  return { elapsedSeconds: second + 1, totalSeconds: 70, rebalances: (report.rebalances ?? []).filter((r) => r.startedAtMs < (second + 1) * 1000), rebalancing };
}

/** The figures after the report's whole timeline, second by second. */
function folded(report: KbenchReport): LiveFigures {
  return report.timeline.reduce((figures, entry) => foldSecond(figures, entry, context(entry.second, report)), startingFigures(labels));
}

const sum = (report: KbenchReport, pick: (entry: KbenchReport['timeline'][number]) => number): number => report.timeline.reduce((total, entry) => total + pick(entry), 0);

describe('live metric table', () => {
  it('follows the Prometheus naming rules: kbench_ prefix, counters end in _total, base units', () => {
    expect(new Set(LIVE_METRIC_NAMES).size).toBe(LIVE_METRIC_NAMES.length);
    for (const metric of LIVE_METRICS) {
      expect(metric.name).toMatch(/^kbench_[a-z0-9_]+$/);
      expect(metric.name.endsWith('_total'), metric.name).toBe(metric.type === 'counter');
      expect(metric.name, 'durations in seconds, sizes in bytes').not.toMatch(/_(ms|milliseconds|us|microseconds|kb|mb|kib|mib)(_|$)/);
      expect(metric.help.length).toBeGreaterThan(10);
    }
    // As `promtool check metrics` wants it: a `quantile` label only on summaries.
    const families = parseExposition(renderLiveMetrics(folded(sampleReport)));
    for (const [name, family] of families) {
      if (family.samples.some((sample) => 'quantile' in sample.labels)) expect(family.type, name).toBe('summary');
    }
    expect(LIVE_METRICS.filter((metric) => metric.type === 'summary').map((metric) => metric.name)).toEqual([
      'kbench_produce_latency_seconds',
      'kbench_produce_response_time_seconds',
      'kbench_e2e_latency_seconds',
    ]);
  });

  it('takes the help of figures the report has from the metric table', () => {
    const help = (name: string): string => LIVE_METRICS.find((metric) => metric.name === name)?.help ?? '';
    expect(help('kbench_messages_sent_total')).toContain(findMetric('counts.sent')?.description);
    expect(help('kbench_messages_failed_total')).toContain('counts.failed');
    expect(help('kbench_errors_total')).toContain(findMetric('errors.total')?.description);
    expect(help('kbench_rebalances_total')).toContain(findMetric('rebalance.count')?.description);
    expect(help('kbench_e2e_latency_seconds')).toContain('end-to-end latency (intended send time → consumed)');
    expect(help('kbench_e2e_latency_seconds')).toContain('0.99: 99th percentile');
  });

  it('serves a quantile for every latency statistic the timeline keeps each second', () => {
    const figures = folded(sampleReport);
    const families = parseExposition(renderLiveMetrics({ ...figures, newest: sampleReport.timeline[20] }));
    const served = ['kbench_produce_latency_seconds', 'kbench_produce_response_time_seconds', 'kbench_e2e_latency_seconds'].flatMap((name) => families.get(name)?.samples ?? []);
    expect(served).toHaveLength(Object.keys(LATENCY_PER_SECOND).length);
  });
});

describe('live figures', () => {
  it('before the first second: every family announced, counters at 0, phase starting, the run labels on every sample', () => {
    const text = renderLiveMetrics(startingFigures(labels));
    const families = parseExposition(text);
    expect([...families.keys()]).toEqual(LIVE_METRIC_NAMES);
    for (const metric of LIVE_METRICS) expect(families.get(metric.name)?.type).toBe(metric.type);
    expect(sampleValue(families, 'kbench_messages_sent_total')).toBe(0);
    expect(families.get('kbench_errors_total')?.samples.map((sample) => sample.labels.kind)).toEqual([...REPORT_ERROR_KINDS]);
    expect(families.get('kbench_run_phase')?.samples.map((sample) => [sample.labels.phase, sample.value])).toEqual(LIVE_PHASES.map((phase) => [phase, phase === 'starting' ? 1 : 0]));
    expect(families.get('kbench_e2e_latency_seconds')?.samples).toEqual([]);
    expect(families.get('kbench_consumer_lag_messages')?.samples).toEqual([]);
    expect(families.get('kbench_threshold_passed')?.samples).toEqual([]);
    for (const family of families.values()) for (const sample of family.samples) expect(sample.labels).toMatchObject(run);
  });

  it('adds the seconds up into counters and shows the newest second as gauges', () => {
    const families = parseExposition(renderLiveMetrics(folded(sampleReport)));
    expect(sampleValue(families, 'kbench_messages_sent_total')).toBe(sum(sampleReport, (e) => e.sentPerSec));
    expect(sampleValue(families, 'kbench_messages_acked_total')).toBe(sum(sampleReport, (e) => e.ackedPerSec));
    expect(sampleValue(families, 'kbench_messages_failed_total')).toBe(38);
    expect(sampleValue(families, 'kbench_messages_not_attempted_total')).toBe(12);
    expect(sampleValue(families, 'kbench_messages_consumed_total')).toBe(sum(sampleReport, (e) => e.consumedPerSec));
    expect(sampleValue(families, 'kbench_acked_bytes_total')).toBe(sum(sampleReport, (e) => e.ackedBytesPerSec));
    expect(sampleValue(families, 'kbench_errors_total', { kind: 'timeout' })).toBe(30);
    expect(sampleValue(families, 'kbench_errors_total', { kind: 'not-enough-replicas' })).toBe(8);
    expect(sampleValue(families, 'kbench_errors_total', { kind: 'other' })).toBe(0);
    // The last second is a drain second: nothing produced, 60 consumed.
    const last = sampleReport.timeline.at(-1)!;
    expect(sampleValue(families, 'kbench_messages_sent_per_second')).toBe(0);
    expect(sampleValue(families, 'kbench_messages_consumed_per_second')).toBe(60);
    expect(sampleValue(families, 'kbench_run_phase', { phase: 'drain' })).toBe(1);
    expect(sampleValue(families, 'kbench_run_phase', { phase: 'measure' })).toBe(0);
    expect(sampleValue(families, 'kbench_run_elapsed_seconds')).toBe(72);
    expect(sampleValue(families, 'kbench_run_planned_seconds')).toBe(70);
    expect(sampleValue(families, 'kbench_consumer_lag_messages', { group: GROUP })).toBe(last.lag[GROUP]);
    expect(sampleValue(families, 'kbench_consumer_group_members', { group: GROUP })).toBe(3);
    expect(sampleValue(families, 'kbench_consumer_group_owning_members', { group: GROUP })).toBe(3);
    expect(sampleValue(families, 'kbench_consumer_group_rebalancing', { group: GROUP })).toBe(0);
    // Latencies in seconds; a second without acknowledgements has no produce latency.
    expect(sampleValue(families, 'kbench_e2e_latency_seconds', { quantile: '0.99' })).toBeCloseTo(0.026207, 9);
    expect(sampleValue(families, 'kbench_e2e_latency_seconds', { quantile: '1' })).toBeCloseTo(0.041344, 9);
    expect(families.get('kbench_produce_latency_seconds')?.samples).toEqual([]);
  });

  it('shows produce latency quantiles of a second with acknowledgements', () => {
    const entry = sampleReport.timeline[20]!;
    const families = parseExposition(renderLiveMetrics(foldSecond(startingFigures(labels), entry, context(20))));
    const produce = families.get('kbench_produce_latency_seconds')?.samples ?? [];
    expect(produce.map((s) => s.labels.quantile)).toEqual(['0.5', '0.99', '1']);
    [entry.produceP50Ms, entry.produceP99Ms, entry.produceMaxMs].forEach((ms, i) => expect(produce[i]?.value).toBeCloseTo(ms! / 1000, 9));
    expect(sampleValue(families, 'kbench_produce_response_time_seconds', { quantile: '0.99' })).toBeCloseTo(entry.responseP99Ms! / 1000, 9);
    // Whole microseconds in seconds, without binary noise (84.799 ms / 1000 is 0.08479900000000001).
    const noisy = { ...entry, produceP99Ms: 84.799 };
    expect(renderLiveMetrics(foldSecond(startingFigures(labels), noisy, context(20)))).toContain('quantile="0.99"} 0.084799\n');
  });

  it("counts a group's rebalances after its first assignment, as the report's rebalance.count, and flags one under way", () => {
    const report = sampleRebalanceReport();
    const figures = folded(report);
    const families = parseExposition(renderLiveMetrics(figures));
    expect(readMetric(report, 'rebalance.count')).toBeGreaterThan(0);
    expect(sampleValue(families, 'kbench_rebalances_total', { group: GROUP })).toBe(readMetric(report, 'rebalance.count'));
    const during = foldSecond(figures, report.timeline[21]!, context(21, report, [GROUP]));
    expect(sampleValue(parseExposition(renderLiveMetrics(during)), 'kbench_consumer_group_rebalancing', { group: GROUP })).toBe(1);
  });

  it('once the report exists: phase ended, its counts (never lower), its threshold verdicts', () => {
    const report = sampleRebalanceReport();
    const figures = folded(report);
    const bigger = { ...report, counts: { ...report.counts, acked: report.counts.acked + 5, sent: 0 } };
    const families = parseExposition(renderLiveMetrics(endedFigures(figures, bigger)));
    expect(sampleValue(families, 'kbench_run_phase', { phase: 'ended' })).toBe(1);
    expect(sampleValue(families, 'kbench_run_phase', { phase: 'drain' })).toBe(0);
    expect(sampleValue(families, 'kbench_messages_acked_total')).toBe(Math.max(figures.totals.acked, report.counts.acked + 5));
    expect(sampleValue(families, 'kbench_messages_sent_total')).toBe(figures.totals.sent);
    expect(report.thresholds?.length).toBeGreaterThan(0);
    for (const threshold of report.thresholds ?? []) {
      expect(sampleValue(families, 'kbench_threshold_passed', { metric: threshold.metric, condition: threshold.condition })).toBe(threshold.passed ? 1 : 0);
    }
    expect(sampleValue(families, 'kbench_consumer_group_rebalancing', { group: GROUP })).toBe(0);
  });

  it('escapes label values: a scenario name or group id with quotes, backslashes and line feeds reads back intact', () => {
    const odd = 'say "hi"\\now\nbye';
    const report = cloneSampleReport();
    const entry = { ...report.timeline[20]!, lag: { [odd]: 7 }, members: { [odd]: 1 }, liveMembers: { [odd]: 1 } };
    const figures = foldSecond(startingFigures({ ...labels, scenario: odd }), entry, context(20));
    const families = parseExposition(renderLiveMetrics(figures));
    expect(sampleValue(families, 'kbench_consumer_lag_messages', { scenario: odd, group: odd })).toBe(7);
  });
});
