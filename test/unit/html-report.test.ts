import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/compare/compare-reports.js';
import { evaluateFailIf, parseFailIfCriteria } from '../../src/compare/fail-if.js';
import { renderHtmlComparison } from '../../src/compare/render-compare-html.js';
import { loadChartAssets, type ChartAssets } from '../../src/report/html/chart-assets.js';
import type { LineChartSpec } from '../../src/report/html/chart-spec.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/html-text.js';
import { renderHtmlReport } from '../../src/report/html/render-html-report.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';

const assets: ChartAssets = { script: '/* chart library */', css: '/* chart css */' };

/** The JSON inside `<script type="application/json" id="…">`. */
function jsonElement(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (match === null) throw new Error(`no JSON element ${id}`);
  return JSON.parse(match[1] as string);
}

function charts(html: string): LineChartSpec[] {
  return jsonElement(html, 'kbench-charts') as LineChartSpec[];
}

describe('escaping', () => {
  it('escapes HTML and keeps script JSON inside its element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const value = { text: '</script><script>alert(1)</script> <!-- \u2028' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('renderHtmlReport', () => {
  const report = sampleRebalanceReport();
  const html = renderHtmlReport(report, assets);

  it('is one self-contained document: library inlined, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<script>/* chart library */</script>');
    expect(html).toContain('<style>/* chart css */</style>');
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('inlines the real uPlot library from node_modules', () => {
    const real = loadChartAssets();
    expect(real.script).toMatch(/var uPlot=/);
    expect(real.css).toContain('.uplot');
    const page = renderHtmlReport(report);
    expect(page).toContain(real.script.slice(0, 200));
    expect(page.match(/<\/script/gi)).toHaveLength(4);
  });

  it('carries the report itself, readable back unchanged, even with a hostile description', () => {
    const hostile = cloneSampleReport();
    hostile.scenario.description = '</script><script>alert(1)</script>';
    const page = renderHtmlReport(hostile, assets);
    expect(jsonElement(page, 'kbench-report')).toEqual(JSON.parse(JSON.stringify(hostile)));
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('has every section, in reading order', () => {
    const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(['summary', 'thresholds', 'throughput', 'latency-over-time', 'latency', 'rebalances', 'partitions', 'integrity', 'errors', 'scenario', 'client-config', 'environment']);
  });

  it('draws throughput with warm-up, drain, rebalance and fault bands', () => {
    const throughput = charts(html).find((chart) => chart.id === 'throughput');
    expect(throughput?.data[0]).toEqual(report.timeline.map((entry) => entry.second));
    expect(throughput?.data[2]).toEqual(report.timeline.map((entry) => entry.ackedPerSec));
    expect(throughput?.data[3]).toEqual(report.timeline.map((entry) => entry.consumedPerSec));
    expect(throughput?.bands).toEqual([
      { from: 0, to: 10, kind: 'phase', label: 'warm-up' },
      { from: 70, to: 72, kind: 'phase', label: 'drain' },
      ...report.rebalances.map((r) => ({ from: r.startedAtMs / 1000, to: r.endedAtMs / 1000, kind: 'rebalance', label: `R${r.index + 1}` })),
      { from: 40, to: 43, kind: 'fault', label: 'F1' },
      { from: 50, to: 50, kind: 'fault', label: 'F2' },
    ]);
  });

  it('draws latency over time and the percentile distribution of every latency', () => {
    const byId = new Map(charts(html).map((chart) => [chart.id, chart]));
    expect([...byId.keys()]).toEqual(['throughput', 'produce-latency', 'e2e-latency', 'latency-distribution']);
    expect(byId.get('e2e-latency')?.data[2]).toEqual(report.timeline.map((entry) => entry.e2eP99Ms));
    const distribution = byId.get('latency-distribution');
    expect(distribution?.xAxis).toBe('percentile');
    expect(distribution?.series.map((series) => series.label)).toEqual(['produce (send → ack)', 'produce response (intended → ack)', 'end to end (intended → consumed)']);
    expect(distribution?.data).toHaveLength(4);
  });

  it('shows the rebalance timeline and one table row per rebalance', () => {
    const rebalances = html.slice(html.indexOf('<section id="rebalances"'), html.indexOf('<section id="partitions"'));
    expect(rebalances.match(/class="member-row"/g)).toHaveLength(4);
    expect(rebalances.match(/class="mark mark-revoked"/g)).toHaveLength(report.consumerEvents.filter((e) => e.type === 'revoked').length);
    expect(rebalances.match(/class="mark mark-assigned"/g)).toHaveLength(report.consumerEvents.filter((e) => e.type === 'assigned').length);
    for (const trigger of ['initial', 'member-joined (kbench-acks-all-0#1)', 'member-crashed (kbench-acks-all-0#3)']) expect(rebalances).toContain(trigger);
    expect(rebalances.match(/<tr><td>R\d<\/td>/g)).toHaveLength(4);
  });

  it('shows thresholds, integrity, scenario, configuration and environment', () => {
    expect(html).toContain('<span class="fail">✗ fail</span></td><td>rebalance.maxPauseMs</td><td>&lt; 5s</td><td class="num">10,800 ms</td>');
    expect(html).toMatch(/duplicated<\/td><td>[^<]+<\/td><td class="num"><span class="fail">460<\/span>/);
    expect(html).toContain('20s join kbench-acks-all-0#1; 35s join kbench-acks-all-0#2, kbench-acks-all-0#3; 50s crash kbench-acks-all-0#3');
    expect(html).toContain('field (field=customer)');
    expect(html).toContain('<h3>producers#0, producers#1 (same settings; client ids differ)</h3>');
    expect(html).toContain('bench-01: AMD EPYC 7B13 × 8, 31.3 GiB');
  });

  it('copes with empty data: no seconds, no consumers, no latency, an old report without rebalance fields', () => {
    const empty = cloneSampleReport() as Partial<KbenchReport> & KbenchReport;
    empty.status = 'failed';
    empty.failure = { message: 'worker exited with code 1', workerId: 2 };
    empty.timeline = [];
    empty.partitions = [];
    empty.scenario.consumerGroups = [];
    const none = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
    empty.latency = { produce: none, produceResponse: none, e2e: none };
    delete (empty as Partial<KbenchReport>).rebalances;
    delete (empty as Partial<KbenchReport>).consumerEvents;
    delete (empty as Partial<KbenchReport>).faults;
    const page = renderHtmlReport(empty, assets);
    expect(charts(page)).toEqual([]);
    expect(page).toContain('The run FAILED: worker exited with code 1 (worker 2)');
    expect(page).toContain('No per-second data: the run ended before its first second.');
    expect(page).toContain('No latency samples after the warm-up.');
    expect(page).toContain('No consumer events in this report');
    expect(page).toContain('No rebalances.');
    expect(page).toContain('No partition counts in this report.');
    expect(page).not.toContain('id="integrity"');
  });
});

describe('renderHtmlComparison', () => {
  it('overlays one curve per report and shows the figures with verdicts and the --fail-if checks', () => {
    const slower = cloneSampleReport();
    for (const entry of slower.timeline) if (entry.e2eP99Ms !== null) entry.e2eP99Ms = entry.e2eP99Ms * 2 + (entry.second % 3) * 0.1;
    slower.latency.e2e.p99 *= 2;
    const reports = [
      { label: 'before', report: cloneSampleReport() },
      { label: 'after', report: slower },
    ];
    const failIf = evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%']), reports);
    const html = renderHtmlComparison(reports, compareReports(reports), failIf, assets);
    const specs = charts(html);
    expect(specs.map((chart) => chart.id)).toEqual(['distribution-produce', 'distribution-produceResponse', 'distribution-e2e', 'throughput', 'e2e-p99']);
    for (const chart of specs) expect(chart.series.map((series) => series.label)).toEqual(['before', 'after']);
    expect(specs.find((chart) => chart.id === 'throughput')?.data[0]?.[0]).toBe(-10);
    expect(html).toContain('<td>e2e p99</td><td class="num">26.2 ms</td><td class="num">52.4 ms</td><td class="num">+100%</td><td class="num"><span class="worse">worse (p&lt;0.001)</span></td>');
    expect(html).toContain('<span class="fail">✗ regression</span>');
    expect(html).toContain('1 of 1 checks failed.');
  });
});
