import { describe, expect, it } from 'vitest';
import { assessSaturation, deliberateBacklog } from '../../src/report/assess-saturation.js';
import { assessValidity } from '../../src/report/assess-validity.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { sampleBacklogReport } from '../fixtures/sample-backlog.js';

function saturationOf(report: KbenchReport, withWindow: boolean) {
  return assessSaturation(
    report.scenario.producers.map((p) => p.load),
    report.timeline,
    report.scenario.consumerGroups.map((g) => g.groupId),
    withWindow && report.backlog ? deliberateBacklog(report.backlog) : undefined,
  );
}

describe('the backlog recorder (sample: paused at 20 s, resumed at 25 s)', () => {
  it('reports the backlog built, the catch-up and the latencies of each part', () => {
    const backlog = sampleBacklogReport().backlog!;
    expect(backlog).toMatchObject({ groupId: 'kbench-acks-all-0', pausedAtMs: 20_000, resumedAtMs: 25_000, resumeReason: 'size-reached', baselineLag: 10, caughtUp: true });
    expect(backlog.built).toEqual({ messages: 50_000, bytes: 50_000 * 512, durationMs: 5_000 });
    expect(backlog.catchUpMs).toBeGreaterThan(2_000);
    expect(backlog.catchUpMs).toBeLessThan(4_000);
    expect(backlog.latency.produceBefore.count).toBe(10); // measured seconds 10…19
    expect(backlog.latency.producePaused.count).toBe(5);
    expect(backlog.latency.produceDrain.count).toBe(4); // seconds 25…28
    expect(backlog.latency.produceDrain.p50).toBeCloseTo(9, 0);
    expect(backlog.latency.produceBefore.p50).toBeCloseTo(3, 0);
    expect(backlog.latency.e2eDrain.count).toBe(3);
    expect(backlog.seconds).toHaveLength(72);
  });
});

describe('saturation and validity with a deliberate backlog', () => {
  it('would call the paused group saturated without the window, and does not with it', () => {
    // The producers stop at 26 s, mid catch-up: the measured phase ends with the lag high.
    const report = sampleBacklogReport();
    for (const entry of report.timeline) if (entry.second >= 26) entry.phase = 'drain';
    expect(saturationOf(report, false).verdict).toBe('saturated');
    const saturation = saturationOf(report, true);
    expect(saturation.verdict).toBe('kept-up');
    expect(saturation.consumers[0]).toMatchObject({ keptUp: true, deliberateBacklog: { fromSecond: 20, toSecond: 28, caughtUp: true } });
  });

  it('is valid, and says the group was paused on purpose', () => {
    const report = sampleBacklogReport();
    report.saturation = saturationOf(report, true);
    const validity = assessValidity(report);
    expect(validity.verdict).not.toBe('invalid');
    expect(validity.findings.filter((f) => f.severity === 'invalid')).toEqual([]);
    expect(validity.findings.map((f) => f.message).join('\n')).toMatch(/kbench-acks-all-0 was paused on purpose \(a backlog of 50,000 messages in 5\.0 s; caught up .* s after resuming\)/);
  });

  it('calls a group that never caught up with its backlog what it is', () => {
    const report = sampleBacklogReport({ neverCaughtUp: true });
    expect(report.backlog?.caughtUp).toBe(false);
    const saturation = saturationOf(report, true);
    expect(saturation.verdict).toBe('saturated');
    expect(saturation.reasons.join(' ')).toMatch(/never caught up with its deliberate backlog/);
  });
});

describe('backlog metrics', () => {
  it('reads the catch-up figures for thresholds and compare; none without a backlog', async () => {
    const { readMetric } = await import('../../src/report/metric-values.js');
    const { evaluateThresholds } = await import('../../src/thresholds/evaluate-thresholds.js');
    const report = sampleBacklogReport();
    const backlog = report.backlog!;
    expect(readMetric(report, 'backlog.catchUpTime')).toBe(backlog.catchUpMs);
    expect(readMetric(report, 'backlog.drainRate')).toBe(backlog.drainRatePerSec);
    expect(readMetric(report, 'backlog.netDrainRate')).toBe(backlog.netDrainRatePerSec);
    expect(readMetric(report, 'backlog.messages')).toBe(50_000);
    expect(readMetric(report, 'backlog.drainProduceP99')).toBeCloseTo(9, 0);
    expect(readMetric(report, 'backlog.beforeProduceP99')).toBeCloseTo(3, 0);
    const results = evaluateThresholds({ 'backlog.catchUpTime': '< 60s', 'backlog.drainRate': '> 20000/s' }, report);
    expect(results.map((r) => r.passed)).toEqual([true, true]);
    const plain = sampleBacklogReport();
    delete plain.backlog;
    expect(readMetric(plain, 'backlog.catchUpTime')).toBeNull();
  });
});

describe('the console summary', () => {
  it('has a backlog section with the catch-up and the latencies, none without a backlog', async () => {
    const { renderSummary } = await import('../../src/report/render-console.js');
    const text = renderSummary(sampleBacklogReport(), { color: false });
    expect(text).toContain('Backlog and catch-up');
    expect(text).toMatch(/backlog built\s+│?\s*50,000 msgs, 25\.6 MB in 5\.0 s/);
    expect(text).toMatch(/resumed at\s+│?\s*25\.0 s \(size 50,000 messages reached\)/);
    expect(text).toMatch(/catch-up time\s+│?\s*\d\.\d s/);
    expect(text).toContain('e2e during the drain');
    const plain = sampleBacklogReport();
    delete plain.backlog;
    expect(renderSummary(plain, { color: false })).not.toContain('Backlog and catch-up');
  });
});

describe('the HTML report', () => {
  it('has a backlog section with the lag chart, the pause and catch-up marked', async () => {
    const { renderHtmlReport } = await import('../../src/report/html/render-html-report.js');
    const { backlogLagChart } = await import('../../src/report/html/backlog-section.js');
    const report = sampleBacklogReport();
    const lag = backlogLagChart(report)!;
    expect(lag.bands.map((band) => [band.label, band.from])).toEqual([
      ['⏸ paused', 20],
      ['▶ catch-up', 25],
    ]);
    expect(lag.bands[1]!.to).toBeCloseTo(report.backlog!.caughtUpAtMs! / 1000, 6);
    expect(lag.data[1]).toContain(50_010);
    const html = renderHtmlReport(report, { script: '', css: '' });
    expect(html).toContain('<section id="backlog"><h2>Backlog and catch-up</h2>');
    expect(html).toContain('id="chart-backlog-lag"');
    expect(html).toContain('end to end during the drain');
    const plain = sampleBacklogReport();
    delete plain.backlog;
    expect(renderHtmlReport(plain, { script: '', css: '' })).not.toContain('id="backlog"');
  });
});
