/**
 * The HTML report of one run: a self-contained page (charts with the inlined uPlot library, data
 * in the page) that works offline. `renderHtmlReport` is pure given the chart assets, which it
 * reads once from the installed `uplot` package.
 */
import type { KbenchReport } from '../report-types.js';
import { loadChartAssets, type ChartAssets } from './chart-assets.js';
import { backlogLagChart, backlogRateChart, backlogSection } from './backlog-section.js';
import { chartFigure, drawnCharts } from './chart-figure.js';
import { colorAt } from './chart-spec.js';
import { section } from './html-table.js';
import { renderPage } from './page.js';
import { partitionBarsSection } from './partition-section.js';
import { percentileChart } from './percentile-charts.js';
import { pipelineSection } from './pipeline-section.js';
import { rebalanceSection } from './rebalance-section.js';
import { cpuChart } from './resource-charts.js';
import { resourceSection } from './resource-section.js';
import { clientConfigSection, environmentSection, scenarioSection } from './setup-sections.js';
import { errorsSection, integritySection, keyFigureCards, latencyTable, reportHeader, statusBanner, thresholdsSection } from './summary-sections.js';
import { e2eLatencyChart, produceLatencyChart, throughputChart } from './timeline-charts.js';
import { validityCallout, warmupSection } from './validity-section.js';

/** The whole HTML document for `report`. */
export function renderHtmlReport(report: KbenchReport, assets: ChartAssets = loadChartAssets()): string {
  const throughput = throughputChart(report);
  const cpu = cpuChart(report);
  const produceLatency = produceLatencyChart(report);
  const e2eLatency = e2eLatencyChart(report);
  const distribution = percentileChart('latency-distribution', 'Latency distribution (percentiles, after warm-up)', [
    { label: 'produce (send → ack)', color: colorAt(0), stats: report.latency.produce },
    { label: 'produce response (intended → ack)', color: colorAt(3), dash: [6, 4], stats: report.latency.produceResponse },
    { label: 'end to end (intended → consumed)', color: colorAt(1), stats: report.latency.e2e },
  ]);
  const noSeconds = 'No per-second data: the run ended before its first second.';
  const warmup = warmupSection(report);
  const backlogLag = backlogLagChart(report);
  const backlogRates = backlogRateChart(report);
  const body = [
    reportHeader(report),
    statusBanner(report),
    validityCallout(report),
    section('summary', 'Summary', keyFigureCards(report)),
    thresholdsSection(report.thresholds),
    section(
      'throughput',
      'Throughput',
      chartFigure(throughput, noSeconds, { listBands: true, note: 'Shaded: warm-up and drain (grey), rebalances (orange, R), injected faults (red, F).' }),
    ),
    resourceSection(report, cpu),
    section(
      'latency-over-time',
      'Latency over time',
      chartFigure(produceLatency, 'No acknowledgement was measured.') + chartFigure(e2eLatency, 'No record was consumed (or the run has no consumers).'),
    ),
    section(
      'latency',
      'Latency distribution',
      chartFigure(distribution, 'No latency samples after the warm-up.', {
        note: 'HdrHistogram-style percentile plot from the exact histograms: each step right is ten times rarer (90%, 99%, 99.9%…); the last point of each curve is its maximum.',
      }) + latencyTable(report),
    ),
    warmup.html,
    rebalanceSection(report),
    backlogSection(report, backlogLag, backlogRates),
    partitionBarsSection(report),
    integritySection(report.integrity),
    pipelineSection(report),
    errorsSection(report),
    scenarioSection(report.scenario),
    clientConfigSection(report.clientConfig),
    environmentSection(report),
  ].join('\n');
  return renderPage(
    {
      title: `kbench · ${report.scenario.name} · ${report.startedAt}`,
      body,
      charts: drawnCharts([throughput, cpu, produceLatency, e2eLatency, distribution, ...warmup.charts, ...(backlogLag && backlogRates ? [backlogLag, backlogRates] : [])]),
      data: [{ id: 'kbench-report', value: report }],
    },
    assets,
  );
}
