import { describe, expect, it } from 'vitest';
import { compareReports, relativeChange, type FigureRow, type LabelledReport } from '../../src/compare/compare-reports.js';
import { evaluateFailIf, parseFailIfCriteria } from '../../src/compare/fail-if.js';
import { renderComparison, renderFailIfResults } from '../../src/compare/render-compare-console.js';
import { planDifferences } from '../../src/compare/report-differences.js';
import { KbenchError } from '../../src/errors.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';

function row(reports: LabelledReport[], metric: string): FigureRow {
  const found = compareReports(reports).rows.find((candidate) => candidate.metric.name === metric);
  if (found === undefined) throw new Error(`no row ${metric}`);
  return found;
}

/** The sample report with end-to-end latency `factor` times higher, per second and overall. */
function slowerE2e(factor: number): KbenchReport {
  const report = cloneSampleReport();
  for (const entry of report.timeline) if (entry.e2eP99Ms !== null) entry.e2eP99Ms = entry.e2eP99Ms * factor + (entry.second % 3) * 0.1;
  report.latency.e2e.p99 *= factor;
  return report;
}

const pair = (a: KbenchReport, b: KbenchReport): LabelledReport[] => [
  { label: 'base', report: a },
  { label: 'next', report: b },
];

describe('compareReports: changes and verdicts', () => {
  it('calls a clear latency increase worse, with its change against the first report', () => {
    const base = cloneSampleReport();
    const e2e = row(pair(base, slowerE2e(1.5)), 'e2e.p99');
    expect(e2e.values).toEqual([base.latency.e2e.p99, base.latency.e2e.p99 * 1.5]);
    expect(e2e.changes[0]).toBeNull();
    expect(e2e.changes[1]).toBeCloseTo(0.5, 10);
    expect(e2e.verdicts[1]).toMatchObject({ kind: 'worse', basis: 'per-second samples' });
    expect(e2e.verdicts[1]?.pValue).toBeLessThan(0.001);
    expect(e2e.verdicts[1]?.medianShift?.low).toBeGreaterThan(0);
    // Reversed, the same difference is an improvement.
    expect(row(pair(slowerE2e(1.5), base), 'e2e.p99').verdicts[1]?.kind).toBe('better');
  });

  it('knows that more throughput is better', () => {
    const faster = cloneSampleReport();
    for (const entry of faster.timeline) entry.ackedPerSec = Math.round(entry.ackedPerSec * 1.1);
    faster.throughput.produced.meanPerSec *= 1.1;
    const throughput = row(pair(cloneSampleReport(), faster), 'throughput.mean');
    expect(throughput.verdicts[1]?.kind).toBe('better');
    expect(throughput.spreads).toEqual([cloneSampleReport().throughput.produced.stddevPerSec, faster.throughput.produced.stddevPerSec]);
  });

  it('sees no clear difference in noise', () => {
    const other = cloneSampleReport();
    // The same per-second samples in another order, and a slightly different run-level p99.
    const samples = other.timeline.map((entry) => entry.e2eP99Ms).reverse();
    other.timeline.forEach((entry, index) => (entry.e2eP99Ms = samples[index] ?? null));
    other.latency.e2e.p99 *= 1.02;
    expect(row(pair(cloneSampleReport(), other), 'e2e.p99').verdicts[1]).toMatchObject({ kind: 'no clear difference' });
    expect(row(pair(cloneSampleReport(), cloneSampleReport()), 'throughput.mean').verdicts[1]?.kind).toBe('no clear difference');
  });

  it('needs enough measured seconds', () => {
    const short = slowerE2e(2);
    short.timeline = short.timeline.filter((entry) => entry.phase !== 'measure' || entry.second < 13);
    expect(row(pair(cloneSampleReport(), short), 'e2e.p99').verdicts[1]?.kind).toBe('too few samples');
  });

  it('compares failures as rates per message sent', () => {
    const many = cloneSampleReport();
    many.counts.failed = 380;
    const few = cloneSampleReport();
    few.counts.failed = 41;
    expect(row(pair(cloneSampleReport(), many), 'counts.failed').verdicts[1]).toMatchObject({ kind: 'worse', basis: 'event rates' });
    expect(row(pair(cloneSampleReport(), few), 'counts.failed').verdicts[1]?.kind).toBe('no clear difference');
    expect(row(pair(many, cloneSampleReport()), 'counts.failed').verdicts[1]?.kind).toBe('better');
    expect(row(pair(cloneSampleReport(), cloneSampleReport()), 'counts.notAttempted').verdicts[1]?.kind).toBe('no clear difference');
  });

  it('does not judge single values, and says when they are equal', () => {
    const other = cloneSampleReport();
    other.latency.e2e.p999 *= 3;
    expect(row(pair(cloneSampleReport(), other), 'e2e.p999').verdicts[1]).toEqual({ kind: 'not judged', basis: 'single value' });
    expect(row(pair(cloneSampleReport(), cloneSampleReport()), 'e2e.p999').verdicts[1]?.kind).toBe('same');
  });

  it('adds the integrity figures when a report has them, and compares three reports against the first', () => {
    const reports = [
      { label: 'a', report: cloneSampleReport() },
      { label: 'b', report: sampleRebalanceReport() },
      { label: 'c', report: slowerE2e(1.5) },
    ];
    const comparison = compareReports(reports);
    expect(comparison.labels).toEqual(['a', 'b', 'c']);
    expect(comparison.rows.map((r) => r.metric.name)).toContain('integrity.duplicated');
    const e2e = comparison.rows.find((r) => r.metric.name === 'e2e.p99');
    expect(e2e?.changes).toHaveLength(3);
    expect(e2e?.verdicts[2]?.kind).toBe('worse');
    expect(() => compareReports(reports.slice(0, 1))).toThrow(RangeError);
  });

  it('computes relative changes, also from zero', () => {
    expect(relativeChange(100, 110)).toBeCloseTo(0.1, 12);
    expect(relativeChange(-10, -5)).toBeCloseTo(0.5, 12);
    expect(relativeChange(0, 0)).toBe(0);
    expect(relativeChange(0, 3)).toBe(Infinity);
    expect(relativeChange(null, 3)).toBeNull();
  });
});

describe('warnings about what differs', () => {
  it('has none for two runs of the same plan on the same machine', () => {
    expect(compareReports(pair(cloneSampleReport(), cloneSampleReport())).warnings).toEqual([]);
  });

  it('flags different scenarios, plans, clients, machines and unfinished runs', () => {
    const other = cloneSampleReport();
    other.scenario.name = 'acks-1';
    for (const producer of other.scenario.producers) producer.acks = 1;
    other.environment.client = 'confluent';
    other.environment.clientVersions = { '@confluentinc/kafka-javascript': '1.10.1', librdkafka: '2.15.1' };
    other.environment.hostname = 'other-host';
    other.status = 'aborted';
    other.failure = { message: 'interrupted by SIGINT' };
    const warnings = compareReports(pair(cloneSampleReport(), other)).warnings;
    expect(warnings[0]).toBe('different scenarios: base ran "acks-all-3-nodes", next ran "acks-1"');
    expect(warnings[1]).toBe("the plan of next differs from base's: producers[0].acks \"all\" → 1; producers[1].acks \"all\" → 1");
    expect(warnings[2]).toBe('different clients: base used kafkajs (kafkajs 2.2.4), next used confluent (@confluentinc/kafka-javascript 1.10.1, librdkafka 2.15.1)');
    expect(warnings[3]).toBe('next ran in another environment than base: hostname "bench-01" → "other-host"');
    expect(warnings[4]).toBe('next did not complete (aborted: interrupted by SIGINT); its figures cover only part of its plan');
  });

  it('lists plan differences by path, ignoring names, worker placement and fields added empty', () => {
    const a = cloneSampleReport().scenario;
    const b = structuredClone(a);
    b.name = 'renamed';
    b.workers = [];
    b.durationMs = 20_000;
    b.topic.configs = {};
    (b as unknown as { faults: unknown[] }).faults = [];
    expect(planDifferences(a, b)).toEqual(['topic.configs.min.insync.replicas "2" → absent', 'durationMs 60000 → 20000']);
  });
});

describe('--fail-if', () => {
  it('parses criteria and refuses bad ones all at once with a usage error', () => {
    expect(parseFailIfCriteria(['e2e.p99 > +10%', 'throughput.mean < 20000/s']).map((c) => c.metric.name)).toEqual(['e2e.p99', 'throughput.mean']);
    let error: unknown;
    try {
      parseFailIfCriteria(['e2e.p99x > +10%', 'e2e.p99 > 10', 'throughput.mean < 20000/s']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).exitCode).toBe(2);
    expect((error as KbenchError).details).toEqual([
      '--fail-if "e2e.p99x > +10%": unknown metric "e2e.p99x" (did you mean "e2e.p99"?)',
      '--fail-if "e2e.p99 > 10": "> 10" has no unit: e2e.p99 needs a duration with its unit, e.g. 50ms, 1.5s, 800us',
    ]);
  });

  it('flags a relative regression of a later report, and not its absence', () => {
    const reports = pair(cloneSampleReport(), slowerE2e(1.5));
    const [regressed] = evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%']), reports);
    expect(regressed).toMatchObject({ criterion: 'e2e.p99 > +10%', label: 'next', baselineLabel: 'base', regressed: true });
    expect(regressed?.change).toBeCloseTo(0.5, 10);
    expect(evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +60%']), reports)[0]?.regressed).toBe(false);
    expect(evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%']), [...reports].reverse())[0]?.regressed).toBe(false);
  });

  it('checks absolute bounds on every later report, and counts a missing value as a regression', () => {
    const noE2e = cloneSampleReport();
    noE2e.latency.e2e = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
    const reports = [
      { label: 'a', report: cloneSampleReport() },
      { label: 'b', report: cloneSampleReport() },
      { label: 'c', report: noE2e },
    ];
    const results = evaluateFailIf(parseFailIfCriteria(['throughput.mean < 20000/s', 'e2e.p99 > 100ms']), reports);
    expect(results.map((result) => [result.criterion, result.label, result.regressed])).toEqual([
      ['throughput.mean < 20000/s', 'b', true],
      ['throughput.mean < 20000/s', 'c', true],
      ['e2e.p99 > 100ms', 'b', false],
      ['e2e.p99 > 100ms', 'c', true],
    ]);
  });
});

describe('renderComparison', () => {
  const reports = pair(cloneSampleReport(), slowerE2e(1.5));

  it('prints the figures side by side with change and verdict, and the legend', () => {
    const text = renderComparison(compareReports(reports), { color: false });
    const lines = text.split('\n');
    const cells = (label: string): string[] => (lines.find((line) => line.startsWith(`│ ${label} `)) ?? '').split('│').slice(1, -1).map((cell) => cell.trim());
    expect(cells('')).toEqual(['', 'base (baseline)', 'next', 'change', 'verdict']);
    expect(cells('e2e p99')).toEqual(['e2e p99', '26.2 ms', '39.3 ms', '+50.0%', 'worse (p<0.001)']);
    expect(cells('throughput (acked/s, mean ± sd)')).toEqual(['throughput (acked/s, mean ± sd)', '9,999 ± 9.4 msg/s', '9,999 ± 9.4 msg/s', '0.0%', 'no clear difference (p=1.00)']);
    expect(cells('e2e p99.9')[4]).toBe('same');
    expect(text).toContain('Mann-Whitney U test on the per-second samples');
    expect(text).not.toContain('\u001b');
  });

  it('puts warnings above the table', () => {
    const other = slowerE2e(1.5);
    other.scenario.name = 'other';
    const text = renderComparison(compareReports(pair(cloneSampleReport(), other)), { color: false });
    expect(text.split('\n')[0]).toBe('warning: different scenarios: base ran "acks-all-3-nodes", next ran "other"');
  });

  it('lists --fail-if checks with ✓ and ✗', () => {
    const results = evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%', 'throughput.mean < 5000/s']), reports);
    const lines = renderFailIfResults(results, { color: false }).trimEnd().split('\n');
    expect(lines[0]).toBe('Regression checks: 1 of 2 failed');
    expect(lines[1]).toMatch(/^ {2}✗ e2e\.p99 > \+10% +next 39\.3 ms vs 26\.2 ms in base \(\+50\.0%\)$/);
    expect(lines[2]).toMatch(/^ {2}✓ throughput\.mean < 5000\/s +next 9,999 msg\/s vs 9,999 msg\/s in base \(0\.0%\)$/);
    expect(renderFailIfResults([], { color: false })).toBe('');
  });

  it('counts a relative check against a baseline without a value as a regression, and says so', () => {
    const noE2e = cloneSampleReport();
    noE2e.latency.e2e = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
    const results = evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%', 'e2e.p99 > 100ms']), pair(noE2e, cloneSampleReport()));
    expect(results.map((result) => [result.relative, result.regressed])).toEqual([
      [true, true],
      [false, false],
    ]);
    const text = renderFailIfResults(results, { color: false });
    expect(text).toContain('next 26.2 ms; base has no value: counted as a regression');
    expect(text).toMatch(/✓ e2e\.p99 > 100ms +next 26\.2 ms; base has no value\n/);
  });
});
