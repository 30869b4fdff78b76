/**
 * The sweep page: throughput and latency percentiles against the swept value, the table of every
 * variant's merged figures, the verdicts between neighbouring variants, and every run's status,
 * validity and saturation verdicts; flagged variants are named in a banner, marked in the tables
 * and shaded on the charts. Self-contained and offline like the run report (the same page shell
 * and uPlot script). Pure given the chart assets.
 */
import { formatVerdict, type Verdict } from '../compare/verdict.js';
import { formatChange, formatMetricValue } from '../report/format-metric.js';
import { formatDurationMs, formatRate } from '../report/console-format.js';
import { loadChartAssets, type ChartAssets } from '../report/html/chart-assets.js';
import { chartFigure, drawnCharts } from '../report/html/chart-figure.js';
import { escapeHtml } from '../report/html/html-text.js';
import { htmlTable, raw, section, type Cell } from '../report/html/html-table.js';
import { renderPage } from '../report/html/page.js';
import { formatValue } from './sweep-axis.js';
import { NEIGHBOUR_FIGURES, SWEEP_VERDICT_LEGEND } from './sweep-bundle.js';
import { sweepCharts } from './sweep-charts.js';
import type { MergedLatency, SweepBundle, SweepVariantReport } from './sweep-types.js';

export function renderSweepHtml(bundle: SweepBundle, assets: ChartAssets = loadChartAssets()): string {
  const charts = sweepCharts(bundle);
  const title = `kbench sweep · ${bundle.name}`;
  const axesText = bundle.axes.map((axis) => `${axis.path} = ${axis.values.map(formatValue).join(', ')}`).join(' × ');
  const runCount = bundle.variants.reduce((sum, variant) => sum + variant.runs.length, 0);
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(axesText)}</p><p>${escapeHtml(
      `${bundle.variants.length} variants × ${bundle.repeat} rounds, interleaved (${runCount} of ${bundle.order.length} runs done) · started ${bundle.startedAt} · ${bundle.scenarioFile}`,
    )}</p></header>`,
    statusBanner(bundle),
    flaggedBanner(bundle),
    section(
      'charts',
      'Against the swept value',
      charts.map((chart) => chartFigure(chart, 'No measured values.')).join('') +
        `<p class="note">${escapeHtml(
          `x: ${bundle.axes[0]?.path ?? ''}${bundle.axes.length > 1 ? `; one line per value of ${bundle.axes.slice(1).map((axis) => axis.path).join(' × ')}` : ''}. Latency percentiles come from the exact HDR histograms of a variant's runs added together; throughput is the mean over every measured second of its runs. Shaded: a variant whose runs were saturated, not valid or not completed.`,
        )}</p>`,
    ),
    section('figures', 'Figures per variant', figuresTable(bundle)),
    neighboursSection(bundle),
    section('runs', 'Runs, in the order they ran', runsTable(bundle)),
  ].join('\n');
  return renderPage({ title, body, charts: drawnCharts(charts), data: [{ id: 'kbench-sweep', value: withoutReports(bundle) }] }, assets);
}

/** The bundle without the runs' full reports (those stay in the JSON file). */
function withoutReports(bundle: SweepBundle): unknown {
  return {
    ...bundle,
    variants: bundle.variants.map((variant) => ({ ...variant, runs: variant.runs.map(({ report, ...run }) => ({ ...run, status: report.status, startedAt: report.startedAt })) })),
  };
}

function statusBanner(bundle: SweepBundle): string {
  if (bundle.status === 'completed') return '';
  const css = bundle.status === 'failed' ? 'failed' : 'aborted';
  return `<div class="banner ${css}">${escapeHtml(`Sweep ${bundle.status}${bundle.failure ? `: ${bundle.failure}` : ''}. Only the runs done are shown.`)}</div>`;
}

function flaggedBanner(bundle: SweepBundle): string {
  const flagged = bundle.variants.filter((variant) => variant.flags.length > 0);
  if (flagged.length === 0) return `<div class="banner valid" id="sweep-validity">Every run completed, kept up with its load and is valid.</div>`;
  const items = flagged.map((variant) => `<li class="flagged" data-variant="${variant.index}"><strong>${escapeHtml(variant.label)}</strong>: ${escapeHtml(variant.flags.join('; '))}</li>`);
  return `<div class="banner warning" id="sweep-validity">${escapeHtml(`${flagged.length} of ${bundle.variants.length} variants are not a steady-state measurement: read their figures as what an overloaded or disturbed system did.`)}<ul class="findings">${items.join('')}</ul></div>`;
}

function figuresTable(bundle: SweepBundle): string {
  const head: Cell[] = [...bundle.axes.map((axis) => axis.name), 'runs', 'acked/s', 'produce p50', 'produce p99', 'produce p99.9', 'e2e p50', 'e2e p99', 'e2e p99.9', 'e2e count', 'check'];
  const rows = bundle.variants.map((variant) => {
    const f = variant.figures;
    return [
      ...variant.values.map(formatValue),
      `${f.completedRuns}/${f.runs}`,
      f.throughputPerSec === null ? '-' : formatRate(f.throughputPerSec),
      ...latencyCells(f.latency.produce),
      ...latencyCells(f.latency.e2e),
      String(f.latency.e2e.count),
      checkCell(variant),
    ];
  });
  return htmlTable(head, rows, { numericFrom: bundle.axes.length, className: 'figures' });
}

function latencyCells(latency: MergedLatency): string[] {
  return [latency.p50, latency.p99, latency.p999].map((value) => formatMetricValue(value, 'ms'));
}

function checkCell(variant: SweepVariantReport): Cell {
  if (variant.flags.length > 0) return raw(`<span class="warn" title="${escapeHtml(variant.flags.join('; '))}">⚠ flagged</span>`);
  if (variant.checks.some((check) => check.validity === 'caveats')) return 'caveats';
  return raw('<span class="pass">ok</span>');
}

function neighboursSection(bundle: SweepBundle): string {
  if (bundle.neighbours.length === 0) return section('neighbours', 'Between neighbouring variants', '<p class="empty">One value per axis: nothing to compare.</p>');
  const head: Cell[] = ['step', 'other axes', ...NEIGHBOUR_FIGURES.map((figure) => figure.label)];
  const rows = bundle.neighbours.map((neighbour) => {
    const from = bundle.variants[neighbour.from];
    const others = (from?.values ?? []).map((value, index) => (index === neighbour.axis ? '' : `${bundle.axes[index]?.name}=${formatValue(value)}`)).filter(Boolean).join(' ');
    const cells: Cell[] = NEIGHBOUR_FIGURES.map((figure) => {
      const found = neighbour.figures.find((one) => one.metric === figure.metric);
      return found === undefined ? '' : verdictCell(found.change, found.verdict, found.caveat);
    });
    return [`${bundle.axes[neighbour.axis]?.name} ${formatValue(neighbour.fromValue)} → ${formatValue(neighbour.toValue)}`, others || '-', ...cells];
  });
  return section(
    'neighbours',
    'Between neighbouring variants',
    `${htmlTable(head, rows, { numericFrom: 2, className: 'neighbours' })}<p class="note">${escapeHtml(SWEEP_VERDICT_LEGEND)}</p>`,
  );
}

function verdictCell(change: number | null, verdict: Verdict, caveat: boolean): Cell {
  const text = escapeHtml(`${formatChange(change)} ${formatVerdict(verdict)}`);
  const mark = caveat ? ' <span class="caveat" title="a variant of this step is flagged">⚠</span>' : '';
  if (verdict.kind === 'better' || verdict.kind === 'worse') return raw(`<span class="${verdict.kind}">${text}</span>${mark}`);
  return raw(`${text}${mark}`);
}

function runsTable(bundle: SweepBundle): string {
  const runs = bundle.variants
    .flatMap((variant) => variant.runs.map((run, index) => ({ variant, run, check: variant.checks[index] })))
    .sort((a, b) => a.run.sequence - b.run.sequence);
  const rows = runs.map(({ variant, run, check }) => [
    String(run.sequence + 1),
    String(run.round + 1),
    variant.label,
    run.report.status,
    check?.validity ?? '-',
    check?.saturation ?? '-',
    formatDurationMs(run.report.durationMs),
    formatDurationMs(run.wallMs),
    run.report.startedAt,
  ]);
  return htmlTable(['#', 'round', 'variant', 'status', 'validity', 'saturation', 'measured', 'wall time', 'started'], rows, { numericFrom: 99 });
}
