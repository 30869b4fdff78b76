/** The place of a chart in the page: a captioned element the chart script draws into, or a note when there is no data. Pure. */
import { escapeHtml } from './html-text.js';
import type { ChartBand, LineChartSpec } from './chart-spec.js';
import { emptyNote } from './html-table.js';
import { hasValues } from './timeline-charts.js';

/** The figure for `spec`; `emptyText` instead of a chart when no series has a value. */
export function chartFigure(spec: LineChartSpec, emptyText: string, options: { note?: string; listBands?: boolean } = {}): string {
  if (!hasValues(spec)) return `<figure><figcaption>${escapeHtml(spec.title)}</figcaption>${emptyNote(emptyText)}</figure>`;
  const colors = spec.series.map((series) => series.color).join(' ');
  return (
    `<figure><figcaption>${escapeHtml(spec.title)}</figcaption>` +
    `<div class="chart" id="chart-${escapeHtml(spec.id)}" data-chart="${escapeHtml(spec.id)}" data-colors="${escapeHtml(colors)}"></div>` +
    (options.listBands === true ? bandList(spec.bands) : '') +
    (options.note === undefined ? '' : `<p class="note">${escapeHtml(options.note)}</p>`) +
    `</figure>`
  );
}

/** Only the charts that will be drawn (those with values), for the page's chart data. */
export function drawnCharts(specs: readonly LineChartSpec[]): LineChartSpec[] {
  return specs.filter(hasValues);
}

/** The rebalance and fault bands listed under a chart (the phases explain themselves). */
function bandList(bands: readonly ChartBand[]): string {
  const listed = bands.filter((band) => band.kind !== 'phase');
  if (listed.length === 0) return '';
  const items = listed.map((band) => {
    const what = band.kind === 'rebalance' ? 'rebalance' : band.kind === 'backlog' ? 'deliberate backlog' : 'fault';
    const span = band.to > band.from ? `${band.from.toFixed(1)} s → ${band.to.toFixed(1)} s` : `at ${band.from.toFixed(1)} s`;
    return `<li>${escapeHtml(`${band.label}: ${what}, ${span}`)}</li>`;
  });
  return `<ul class="bands">${items.join('')}</ul>`;
}
