import { describe, expect, it } from 'vitest';
import type { ChartAssets } from '../../src/report/html/chart-assets.js';
import { cpuChart } from '../../src/report/html/resource-charts.js';
import { renderHtmlReport } from '../../src/report/html/render-html-report.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { sampleResourceUsage } from '../fixtures/sample-resource-usage.js';

const assets: ChartAssets = { script: '/* chart library */', css: '/* chart css */' };

describe('resource use in the HTML report', () => {
  const report = sampleRebalanceReport();
  report.resourceUsage = sampleResourceUsage(report);
  const usage = report.resourceUsage;

  it('charts CPU per process in a stable order, and the machine on the same scale (% of one core)', () => {
    const chart = cpuChart(report);
    expect(chart.series.map((series) => series.label)).toEqual([
      'runner',
      'worker-0 (producer)',
      'worker-1 (consumer)',
      'broker-1',
      'broker-2',
      'broker-3',
      'machine, all processes (200 % = all 2 cores)',
    ]);
    expect(chart.data[0]).toEqual(usage.seconds.map((second) => second.second));
    expect(chart.data[2]).toEqual(usage.seconds.map((second) => second.cpuPct['worker-0']));
    // Machine busy is a share of all cores: ×2 on the one-core scale.
    expect(chart.data[7]?.[0]).toBeCloseTo((usage.seconds[0]?.machineBusyPct ?? 0) * 2, 1);
    expect(chart.bands.map((band) => band.label)).toContain('warm-up');
  });

  it('puts the verdict, its reasons and the CPU chart right under the throughput chart', () => {
    const html = renderHtmlReport(report, assets);
    const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.slice(ids.indexOf('throughput'), ids.indexOf('throughput') + 2)).toEqual(['throughput', 'resources']);
    expect(html).toContain(`data-verdict="${usage.verdict}"`);
    for (const reason of usage.reasons) expect(html).toContain(reason.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(html).toContain('id="chart-cpu"');
  });

  it('leaves the section out of a report without resource accounting', () => {
    const html = renderHtmlReport(sampleRebalanceReport(), assets);
    expect(html).not.toContain('<section id="resources"');
    expect(cpuChart(sampleRebalanceReport()).data.slice(1).every((column) => column.length === 0)).toBe(true);
  });
});
