import { describe, expect, it } from 'vitest';
import { allThresholdsPassed, evaluateThresholds } from '../../src/thresholds/evaluate-thresholds.js';
import { laterRebalances, measuredSeconds, metricEvidence, readMetric } from '../../src/report/metric-values.js';
import { renderThresholdResults } from '../../src/report/render-thresholds.js';
import { createStyle } from '../../src/report/console-format.js';
import { METRIC_NAMES } from '../../src/thresholds/metric-vocabulary.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { cloneSampleReport, sampleReport } from '../fixtures/sample-report.js';

describe('readMetric', () => {
  it('reads every metric of the vocabulary from a report', () => {
    const report = sampleRebalanceReport();
    for (const name of METRIC_NAMES) {
      const value = readMetric(report, name);
      expect(value === null || Number.isFinite(value), name).toBe(true);
    }
    expect(() => readMetric(report, 'e2e.p98')).toThrow(RangeError);
  });

  it('reads the report fields the names stand for', () => {
    const report = sampleRebalanceReport();
    expect(readMetric(report, 'e2e.p99')).toBe(report.latency.e2e.p99);
    expect(readMetric(report, 'produceResponse.p999')).toBe(report.latency.produceResponse.p999);
    expect(readMetric(report, 'throughput.mean')).toBe(report.throughput.produced.meanPerSec);
    expect(readMetric(report, 'consumed.min')).toBe(report.throughput.consumed.minPerSec);
    expect(readMetric(report, 'counts.notAttempted')).toBe(report.counts.notAttempted);
    expect(readMetric(report, 'errors.total')).toBe(report.errors.timeout + report.errors['not-enough-replicas']);
    expect(readMetric(report, 'errors.timeout')).toBe(report.errors.timeout);
    expect(readMetric(report, 'integrity.duplicated')).toBe(report.integrity?.duplicated);
  });

  it('leaves the initial assignment out of the rebalance metrics', () => {
    const report = sampleRebalanceReport();
    const later = report.rebalances.filter((rebalance) => rebalance.trigger !== 'initial');
    expect(laterRebalances(report)).toHaveLength(report.rebalances.length - 1);
    expect(readMetric(report, 'rebalance.count')).toBe(later.length);
    expect(readMetric(report, 'rebalance.pauseMs')).toBe(later.reduce((sum, rebalance) => sum + rebalance.pauseMs, 0));
    expect(readMetric(report, 'rebalance.maxPauseMs')).toBe(Math.max(...later.map((rebalance) => rebalance.pauseMs)));
    expect(readMetric(report, 'rebalance.duplicates')).toBe(later.reduce((sum, rebalance) => sum + rebalance.duplicates, 0));
    expect([readMetric(sampleReport, 'rebalance.count'), readMetric(sampleReport, 'rebalance.maxPauseMs')]).toEqual([0, 0]);
  });

  it('has no value where the report has none', () => {
    const report = cloneSampleReport();
    report.latency.e2e = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
    report.timeline = report.timeline.filter((entry) => entry.phase === 'warmup');
    expect(readMetric(report, 'e2e.p99')).toBeNull();
    expect(readMetric(report, 'throughput.mean')).toBeNull();
    expect(readMetric(report, 'integrity.lost')).toBeNull();
    expect(readMetric(report, 'counts.acked')).toBe(report.counts.acked);
  });
});

describe('metricEvidence', () => {
  it('uses the per-second samples of the measured seconds for rates and percentiles', () => {
    const measured = measuredSeconds(sampleReport);
    expect(metricEvidence(sampleReport, 'throughput.mean')).toEqual({ kind: 'samples', per: 'second', samples: measured.map((entry) => entry.ackedPerSec) });
    expect(metricEvidence(sampleReport, 'e2e.p99')).toEqual({ kind: 'samples', per: 'second', samples: measured.map((entry) => entry.e2eP99Ms) });
    expect(metricEvidence(sampleReport, 'produce.max')).toMatchObject({ kind: 'samples', per: 'second' });
  });

  it('uses per-rebalance pauses, event rates, or nothing', () => {
    const report = sampleRebalanceReport();
    expect(metricEvidence(report, 'rebalance.pauseMs')).toEqual({ kind: 'samples', per: 'rebalance', samples: laterRebalances(report).map((rebalance) => rebalance.pauseMs) });
    expect(metricEvidence(report, 'counts.failed')).toEqual({ kind: 'events', count: report.counts.failed, exposure: report.counts.sent });
    expect(metricEvidence(report, 'integrity.lost')).toEqual({ kind: 'events', count: 0, exposure: report.counts.acked });
    expect(metricEvidence(report, 'e2e.p999')).toEqual({ kind: 'single' });
  });
});

describe('evaluateThresholds', () => {
  it('checks each condition against the report, in order', () => {
    const report = sampleRebalanceReport();
    const results = evaluateThresholds({ 'e2e.p99': '< 50ms', 'throughput.mean': '> 20000/s', 'counts.failed': '== 38', 'rebalance.maxPauseMs': '<= 10.8s' }, report);
    expect(results.map((result) => [result.metric, result.condition, result.bound, result.passed])).toEqual([
      ['e2e.p99', '< 50ms', 50, report.latency.e2e.p99 < 50],
      ['throughput.mean', '> 20000/s', 20_000, false],
      ['counts.failed', '== 38', 38, true],
      ['rebalance.maxPauseMs', '<= 10.8s', 10_800, true],
    ]);
    expect(results[1]).toMatchObject({ unit: 'perSec', actual: report.throughput.produced.meanPerSec });
    expect(allThresholdsPassed(results)).toBe(false);
    expect(allThresholdsPassed(results.filter((result) => result.passed))).toBe(true);
    expect(allThresholdsPassed(undefined)).toBe(true);
  });

  it('fails a threshold whose metric has no value in the report', () => {
    const [result] = evaluateThresholds({ 'integrity.lost': '== 0' }, cloneSampleReport());
    expect(result).toMatchObject({ actual: null, passed: false });
  });

  it('throws on a threshold that skipped validation', () => {
    expect(() => evaluateThresholds({ 'e2e.p98': '< 1ms' }, cloneSampleReport())).toThrow(RangeError);
    expect(() => evaluateThresholds({ 'e2e.p99': '< +10%' }, cloneSampleReport())).toThrow(RangeError);
  });
});

describe('renderThresholdResults', () => {
  it('lists ✓ and ✗ with the measured values, aligned', () => {
    const report = sampleRebalanceReport();
    const results = evaluateThresholds({ 'e2e.p99': '< 50ms', 'throughput.mean': '> 20000/s', 'integrity.reordered': '== 0' }, report);
    const lines = renderThresholdResults(results).trimEnd().split('\n');
    expect(lines[0]).toBe('Thresholds: 1 of 3 failed');
    const rows = lines.slice(1).map((line) => /^ {2}([✓✗]) (.+?) {2,}(\S.*)$/.exec(line));
    expect(rows.map((row) => [row?.[1], row?.[2], row?.[3]])).toEqual([
      ['✓', 'e2e.p99 < 50ms', '26.2 ms'],
      ['✗', 'throughput.mean > 20000/s', '9,999 msg/s'],
      ['✓', 'integrity.reordered == 0', '0'],
    ]);
    // The measured values start in one column.
    expect(new Set(lines.slice(1).map((line, index) => line.length - (rows[index]?.[3] ?? '').length)).size).toBe(1);
    expect(renderThresholdResults([])).toBe('');
    expect(renderThresholdResults(results, createStyle(true))).toContain('\u001b[31m✗');
  });
});
