/**
 * The HTML page of a find-max report: the answer and its bracket, charts of the rate tried
 * against the SLO's latency (p50, p99, the SLO bound) and against the sustained rate, and every
 * step. Self-contained (the report pages' shell and uPlot charts). Pure given the chart assets.
 */
import { loadChartAssets, type ChartAssets } from '../report/html/chart-assets.js';
import { chartFigure, drawnCharts } from '../report/html/chart-figure.js';
import { colorAt, type ChartBand, type ChartSeries, type LineChartSpec } from '../report/html/chart-spec.js';
import { htmlTable, keyValueTable, raw, section } from '../report/html/html-table.js';
import { escapeHtml } from '../report/html/html-text.js';
import { renderPage } from '../report/html/page.js';
import { formatCount, formatDurationMs, formatMs, formatRate } from '../report/console-format.js';
import type { FindMaxReport, FindMaxStepReport } from './find-max-types.js';
import { bracketText, sloLine } from './render-find-max-console.js';

/** Per distinct rate tried, its worst run (highest latencies, lowest sustained rate) and whether every run passed. */
interface RatePoint {
  rate: number;
  p50: number | null;
  p99: number | null;
  sustained: number;
  passed: boolean;
}

export function ratePoints(steps: readonly FindMaxStepReport[]): RatePoint[] {
  const byRate = new Map<number, FindMaxStepReport[]>();
  for (const step of steps) byRate.set(step.rate, [...(byRate.get(step.rate) ?? []), step]);
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rate, runs]) => ({
      rate,
      p50: worst(runs.map((run) => run.latencyP50Ms)),
      p99: worst(runs.map((run) => run.latencyP99Ms)),
      sustained: Math.min(...runs.map((run) => run.sustainedPerSec)),
      passed: runs.every((run) => run.passed),
    }));
}

function worst(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : Math.max(...present);
}

function bracketBands(report: FindMaxReport): ChartBand[] {
  const { passed, failed } = report.answer.bracket;
  if (passed === null) return [];
  return [{ from: passed, to: failed ?? passed, kind: 'phase', label: report.answer.confirmed ? 'answer' : 'answer (not confirmed)' }];
}

/** Rate tried → the SLO latency's p50 and p99 (worst run per rate), with the SLO's bound on it when it has one. */
export function latencyChart(report: FindMaxReport): LineChartSpec {
  const points = ratePoints(report.steps);
  const p99Metric = `${report.latencyMetric}.p99`;
  const boundText = report.slo[p99Metric] ?? report.slo[`${report.latencyMetric}.p50`];
  const bound = boundText === undefined ? null : boundMs(boundText);
  const series: ChartSeries[] = [
    { label: `${report.latencyMetric} p99`, color: colorAt(2) },
    { label: `${report.latencyMetric} p50`, color: colorAt(0) },
  ];
  const data: Array<Array<number | null>> = [points.map((point) => point.rate), points.map((point) => point.p99), points.map((point) => point.p50)];
  if (bound !== null) {
    series.push({ label: `SLO bound (${boundText})`, color: colorAt(8), dash: [6, 4] });
    data.push(points.map(() => bound));
  }
  return {
    id: 'find-max-latency',
    title: `Rate tried vs ${report.latencyMetric} latency (worst run at each rate)`,
    xAxis: 'rate',
    xLabel: 'rate tried (msg/s)',
    yLabel: 'ms',
    yUnit: 'ms',
    data,
    series,
    bands: bracketBands(report),
  };
}

/** Rate tried → the rate sustained (acknowledged), with the line where they are equal. */
export function sustainedChart(report: FindMaxReport): LineChartSpec {
  const points = ratePoints(report.steps);
  return {
    id: 'find-max-sustained',
    title: 'Rate tried vs rate sustained (acknowledged, lowest run at each rate)',
    xAxis: 'rate',
    xLabel: 'rate tried (msg/s)',
    yLabel: 'msg/s',
    yUnit: 'msg/s',
    data: [points.map((point) => point.rate), points.map((point) => point.sustained), points.map((point) => point.rate)],
    series: [
      { label: 'sustained', color: colorAt(1) },
      { label: 'sustained = tried', color: colorAt(8), dash: [6, 4] },
    ],
    bands: bracketBands(report),
  };
}

/** `< 50ms` → 50; null for a bound not in time units. */
function boundMs(condition: string): number | null {
  const match = /^\s*(?:<=|>=|==|!=|<|>)\s*([\d_.]+)\s*(us|µs|ms|s|m)\s*$/.exec(condition);
  if (match === null) return null;
  const factor = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'µs' | 'ms' | 's' | 'm'];
  return Number((match[1] as string).replace(/_/g, '')) * factor;
}

function answerBanner(report: FindMaxReport): string {
  const { rate, outcome, reason } = report.answer;
  const headline =
    rate === null
      ? 'No rate met the SLO'
      : outcome === 'confirmed'
        ? `Maximum sustainable rate: ${formatCount(rate)} msg/s (confirmed)`
        : outcome === 'at-max-rate'
          ? `${formatCount(rate)} msg/s: the maximum rate tried met the SLO; the system may take more`
          : `Maximum sustainable rate: ${formatCount(rate)} msg/s — NOT confirmed`;
  const cls = rate === null ? 'failed' : outcome === 'confirmed' ? 'valid' : 'warning';
  const failure = report.failure === undefined ? '' : `<p>${escapeHtml(`${report.status}: ${report.failure}`)}</p>`;
  return `<div class="banner ${cls}">${escapeHtml(headline)}<p>${escapeHtml(reason)}</p>${failure}</div>`;
}

function stepsTable(report: FindMaxReport): string {
  const rows = report.steps.map((step) => [
    step.index,
    step.purpose,
    formatCount(step.rate),
    step.offeredPerSec === null ? '-' : formatRate(step.offeredPerSec),
    formatRate(step.sustainedPerSec),
    step.latencyP50Ms === null ? '-' : formatMs(step.latencyP50Ms),
    step.latencyP99Ms === null ? '-' : formatMs(step.latencyP99Ms),
    raw(step.passed ? '<span class="pass">pass</span>' : `<span class="fail">fail</span>${step.reasons.map((reason) => `<br><span class="note">${escapeHtml(reason)}</span>`).join('')}`),
    step.stepReport ?? '-',
  ]);
  return htmlTable(['#', 'purpose', 'rate msg/s', 'offered msg/s', 'sustained msg/s', `${report.latencyMetric} p50 ms`, `${report.latencyMetric} p99 ms`, 'result', 'step report'], rows, { numericFrom: 2 });
}

export function renderFindMaxHtml(report: FindMaxReport, assets: ChartAssets = loadChartAssets()): string {
  const latency = latencyChart(report);
  const sustained = sustainedChart(report);
  const noSteps = 'No step ran.';
  const { passed, failed } = report.answer.bracket;
  const setup = keyValueTable([
    ['scenario', `${report.scenario.name} (${report.scenario.file})`],
    ['client', report.scenario.client],
    ['target', report.target],
    ['SLO', `${sloLine(report)}${report.sloDefaulted ? ' (the default for this target)' : ''}`],
    ['bracket', bracketText(passed, failed)],
    ['search', `start ${formatCount(report.search.startRate)} msg/s, max ${report.search.maxRate === null ? 'none' : `${formatCount(report.search.maxRate)} msg/s`}, precision ${Math.round(report.search.precision * 100)} %, ${report.search.confirmations} confirmation(s), refutation at ×${report.search.refuteFactor}`],
    ['steps', `${report.steps.length}: warm-up ${formatDurationMs(report.search.stepWarmupMs)}, measured ${formatDurationMs(report.search.stepDurationMs)} each`],
    ['time', `${formatDurationMs(report.elapsedMs)} of a ${formatDurationMs(report.search.budgetMs)} budget (${report.startedAt} → ${report.endedAt})`],
    ['cluster warm-up', report.clusterWarmup === undefined ? '-' : `${report.clusterWarmup.outcome}: ${report.clusterWarmup.reason}`],
  ]);
  const body = [
    `<header><h1>${escapeHtml(`kbench find-max · ${report.scenario.name}`)}</h1><p>${escapeHtml(`maximum sustainable rate under ${sloLine(report)} · target ${report.target}`)}</p></header>`,
    answerBanner(report),
    section('setup', 'Question and search', setup),
    section(
      'charts',
      'Steps',
      chartFigure(latency, noSteps, { note: 'Shaded: the final bracket between the answer and the lowest failing rate above it.' }) + chartFigure(sustained, noSteps),
    ),
    section('steps', 'Every step', stepsTable(report)),
  ].join('\n');
  return renderPage(
    {
      title: `kbench find-max · ${report.scenario.name} · ${report.startedAt}`,
      body,
      charts: drawnCharts([latency, sustained]),
      data: [{ id: 'kbench-find-max', value: report }],
    },
    assets,
  );
}
