/**
 * The comparison page (`kbench compare --html`): the reports compared, warnings, the table of key
 * figures with changes and verdicts, the `--fail-if` checks, and every report's percentile curves
 * and timelines overlaid. Self-contained and offline like the run report. Pure given the assets.
 */
import { validityOf } from '../report/assess-validity.js';
import { formatChange, formatMetricValue } from '../report/format-metric.js';
import { loadChartAssets, type ChartAssets } from '../report/html/chart-assets.js';
import { chartFigure, drawnCharts } from '../report/html/chart-figure.js';
import { escapeHtml } from '../report/html/html-text.js';
import { htmlTable, raw, section, type Cell } from '../report/html/html-table.js';
import { renderPage } from '../report/html/page.js';
import { formatDurationMs, formatRate } from '../report/console-format.js';
import type { Comparison, FigureRow, LabelledReport } from './compare-reports.js';
import { overlaidE2eP99Chart, overlaidPercentileCharts, overlaidThroughputChart } from './comparison-charts.js';
import type { FailIfResult } from './fail-if.js';
import { VERDICT_LEGEND } from './render-compare-console.js';
import { formatVerdict, type Verdict } from './verdict.js';

export function renderHtmlComparison(reports: readonly LabelledReport[], comparison: Comparison, failIf: readonly FailIfResult[], assets: ChartAssets = loadChartAssets()): string {
  const percentiles = overlaidPercentileCharts(reports);
  const throughput = overlaidThroughputChart(reports);
  const e2eP99 = overlaidE2eP99Chart(reports);
  const body = [
    `<header><h1>kbench compare · ${escapeHtml(comparison.labels.join(' vs '))}</h1><p>${escapeHtml(`${reports.length} reports; changes and verdicts against the first (${comparison.labels[0] ?? ''})`)}</p></header>`,
    ...comparison.warnings.map((warning) => `<div class="banner warning">${escapeHtml(`warning: ${warning}`)}</div>`),
    section('figures', 'Key figures', `${figuresTable(comparison)}<p class="note">${escapeHtml(VERDICT_LEGEND)}</p>`),
    failIfSection(failIf),
    section(
      'distributions',
      'Latency distributions',
      percentiles.map((chart) => chartFigure(chart, 'No samples in any report.')).join('') +
        `<p class="note">${escapeHtml('HdrHistogram-style percentile plots from the exact histograms; each step right is ten times rarer.')}</p>`,
    ),
    section('timelines', 'Over time', chartFigure(throughput, 'No per-second data.') + chartFigure(e2eP99, 'No end-to-end samples.')),
    section('reports', 'Reports', reportsTable(reports)),
  ].join('\n');
  return renderPage(
    {
      title: `kbench compare · ${comparison.labels.join(' vs ')}`,
      body,
      charts: drawnCharts([...percentiles, throughput, e2eP99]),
      data: [{ id: 'kbench-comparison', value: { labels: comparison.labels, warnings: comparison.warnings, rows: comparison.rows.map((row) => ({ ...row, metric: row.metric.name })), failIf } }],
    },
    assets,
  );
}

function reportsTable(reports: readonly LabelledReport[]): string {
  const rows = reports.map(({ label, report }, index) => [
    `${label}${index === 0 ? ' (baseline)' : ''}`,
    report.scenario.name,
    `${report.environment.client} ${Object.values(report.environment.clientVersions).join(' / ')}`,
    report.startedAt,
    report.status,
    validityOf(report).verdict,
    formatDurationMs(report.durationMs),
    report.environment.hostname,
  ]);
  return htmlTable(['report', 'scenario', 'client', 'started', 'status', 'validity', 'measured', 'host'], rows, { numericFrom: 99 });
}

function figuresTable(comparison: Comparison): string {
  const head: Cell[] = ['', ...comparison.labels.flatMap((label, index) => (index === 0 ? [`${label} (baseline)`] : [label, 'change', 'verdict']))];
  const rows = comparison.rows.map((row) => {
    const cells: Cell[] = [row.label];
    row.values.forEach((_, index) => {
      cells.push(valueText(row, index));
      if (index === 0) return;
      cells.push(formatChange(row.changes[index] ?? null));
      cells.push(verdictCell(row.verdicts[index] ?? null, row.caveats[index] === true));
    });
    return cells;
  });
  return htmlTable(head, rows, { numericFrom: 1, className: 'figures' });
}

function valueText(row: FigureRow, index: number): string {
  const value = row.values[index] ?? null;
  const spread = row.spreads?.[index] ?? null;
  if (value === null || spread === null) return formatMetricValue(value, row.metric.unit);
  return `${formatRate(value)} ± ${formatRate(spread)} msg/s`;
}

function verdictCell(verdict: Verdict | null, caveat: boolean): Cell {
  if (verdict === null) return '';
  const mark = caveat ? ' <span class="caveat" title="this run or the baseline was not in a steady state">⚠</span>' : '';
  const text = escapeHtml(formatVerdict(verdict));
  if (verdict.kind === 'better' || verdict.kind === 'worse') return raw(`<span class="${verdict.kind}">${text}</span>${mark}`);
  return raw(`${text}${mark}`);
}

function failIfSection(results: readonly FailIfResult[]): string {
  if (results.length === 0) return '';
  const rows = results.map((result) => [
    raw(result.regressed ? '<span class="fail">✗ regression</span>' : '<span class="pass">✓ ok</span>'),
    result.criterion,
    result.label,
    formatMetricValue(result.value, result.unit),
    formatMetricValue(result.baselineValue, result.unit),
    formatChange(result.change),
  ]);
  const failed = results.filter((result) => result.regressed).length;
  const summary = failed === 0 ? 'No regression past the --fail-if criteria.' : `${failed} of ${results.length} checks failed.`;
  return section('fail-if', 'Regression checks (--fail-if)', `<p>${escapeHtml(summary)}</p>${htmlTable(['', 'criterion', 'report', 'value', 'baseline', 'change'], rows, { numericFrom: 3 })}`);
}
