/**
 * The `kbench clients` page: the method (one warm cluster, interleaved rounds, the machine and its
 * load, each client's versions), a banner naming the pairs none of whose runs counted, the
 * medians of every figure per scenario × client with each round's value, charts of the main
 * figures against the scenarios, and every run with its saturation and validity verdicts.
 * Self-contained and offline, with the run report's page shell and uPlot script. Pure given the
 * chart assets.
 */
import { formatDurationMs } from '../report/console-format.js';
import { loadChartAssets, type ChartAssets } from '../report/html/chart-assets.js';
import { chartFigure, drawnCharts } from '../report/html/chart-figure.js';
import { escapeHtml } from '../report/html/html-text.js';
import { htmlTable, keyValueTable, raw, section, type Cell } from '../report/html/html-table.js';
import { renderPage } from '../report/html/page.js';
import { clientBenchCharts } from './clientbench-charts.js';
import { CLIENT_FIGURES } from './clientbench-figures.js';
import type { ClientBenchBundle, ClientBenchCell, ClientFigureDefinition, ClientFigureId } from './clientbench-types.js';
import { FIGURE_TABLES } from './render-clientbench-console.js';
import { formatFigure } from './format-figure.js';

export function renderClientBenchHtml(bundle: ClientBenchBundle, assets: ChartAssets = loadChartAssets()): string {
  const charts = clientBenchCharts(bundle);
  const title = `kbench clients · ${bundle.clients.map((client) => client.name).join(' vs ')}`;
  const runCount = bundle.cells.reduce((sum, cell) => sum + cell.runs.length, 0);
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(
      `${bundle.scenarios.length} scenarios × ${bundle.clients.length} clients × ${bundle.repeat} rounds, interleaved on one warm cluster (${runCount} of ${bundle.order.length} runs done) · ${bundle.startedAt} → ${bundle.endedAt}`,
    )}</p></header>`,
    statusBanner(bundle),
    countedBanner(bundle),
    section(
      'figures',
      'Medians over rounds',
      FIGURE_TABLES.map((table) => `<h3>${escapeHtml(table.title)}</h3>${figuresTable(bundle, table.figures)}`).join('') +
        `<p class="note">${escapeHtml('Each cell: the median over the runs that count, then each round\'s value in run order (✗: a run that does not count). ⚠: no run of the pair counted; the median of every run is shown.')}</p>`,
    ),
    section('charts', 'Against the scenarios', charts.map((chart) => chartFigure(chart, 'No values.')).join('') + `<p class="note">${escapeHtml('x: the scenarios; one line per client. Shaded: a scenario where a client\'s pair had no counted run.')}</p>`),
    section('method', 'Method', methodSection(bundle)),
    section('definitions', 'Figures', htmlTable(['figure', 'unit', 'better', 'read from'], CLIENT_FIGURES.map((figure) => [figure.label, figure.unit, figure.better, figure.description]), { numericFrom: 99 })),
    section('runs', 'Runs, in the order they ran', runsTable(bundle)),
  ].join('\n');
  return renderPage({ title, body, charts: drawnCharts(charts), data: [{ id: 'kbench-clients', value: withoutReports(bundle) }] }, assets);
}

/** The bundle without the runs' full reports (those stay in the JSON file). */
function withoutReports(bundle: ClientBenchBundle): unknown {
  return { ...bundle, cells: bundle.cells.map((cell) => ({ ...cell, runs: cell.runs.map(({ report, ...run }) => ({ ...run, startedAt: report.startedAt })) })) };
}

function statusBanner(bundle: ClientBenchBundle): string {
  if (bundle.status === 'completed') return '';
  const css = bundle.status === 'failed' ? 'failed' : 'aborted';
  return `<div class="banner ${css}">${escapeHtml(`Comparison ${bundle.status}${bundle.failure ? `: ${bundle.failure}` : ''}. Only the runs done are shown.`)}</div>`;
}

function cellName(bundle: ClientBenchBundle, cell: ClientBenchCell): string {
  return `${bundle.scenarios[cell.scenario]?.name ?? String(cell.scenario)} · ${cell.client}`;
}

function countedBanner(bundle: ClientBenchBundle): string {
  const flagged = bundle.cells.filter((cell) => cell.flags.length > 0);
  if (flagged.length === 0) return `<div class="banner valid" id="clients-validity">Every run completed, kept up with its load and is valid.</div>`;
  const items = flagged.map(
    (cell) => `<li class="flagged" data-scenario="${cell.scenario}" data-client="${escapeHtml(cell.client)}"><strong>${escapeHtml(cellName(bundle, cell))}</strong> (${cell.countedRuns} of ${cell.runs.length} runs count): ${escapeHtml(cell.flags.join('; '))}</li>`,
  );
  return `<div class="banner warning" id="clients-validity">${escapeHtml(`Runs that did not keep up, were not valid or did not complete are left out of the medians: ${flagged.length} of ${bundle.cells.length} pairs have some.`)}<ul class="findings">${items.join('')}</ul></div>`;
}

function figureCell(cell: ClientBenchCell, figure: ClientFigureDefinition): Cell {
  const value = cell.figures[figure.id];
  const nowrap = (html: string): string => `<span style="white-space:nowrap">${html}</span>`;
  const rounds = value.rounds.map((round, index) => nowrap(escapeHtml(`${formatFigure(round, figure.unit)}${cell.runs[index]?.counted === false ? ' ✗' : ''}`)));
  const median = `<strong>${escapeHtml(formatFigure(value.median, figure.unit))}</strong>`;
  const mark = value.basis === 'all-runs' && value.median !== null ? ' <span class="warn" title="no run of this pair counted: the median of every run">⚠</span>' : '';
  return raw(`${nowrap(median + mark)}${cell.runs.length > 1 ? `<br><span class="note">${rounds.join('<br>')}</span>` : ''}`);
}

function figuresTable(bundle: ClientBenchBundle, ids: readonly ClientFigureId[]): string {
  const figures = ids.map((id) => CLIENT_FIGURES.find((figure) => figure.id === id)).filter((figure) => figure !== undefined);
  const head: Cell[] = ['scenario', 'client', 'runs counted', ...figures.map((figure) => figure.label)];
  const rows = bundle.cells.map((cell) => [
    bundle.scenarios[cell.scenario]?.name ?? String(cell.scenario),
    cell.client,
    cell.countedRuns === 0 ? raw(`<span class="warn">⚠ 0/${cell.runs.length}</span>`) : `${cell.countedRuns}/${cell.runs.length}`,
    ...figures.map((figure) => figureCell(cell, figure)),
  ]);
  return htmlTable(head, rows, { numericFrom: 2, className: 'figures' });
}

function methodSection(bundle: ClientBenchBundle): string {
  const { method } = bundle;
  const machine = method.machine;
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' / ');
  const entries: Array<readonly [string, Cell]> = [
    ['cluster', `one ${method.cluster.source} cluster for every run: ${method.cluster.brokers ?? '?'} brokers, Apache Kafka ${method.cluster.kafkaVersion ?? 'unknown'}`],
    ['warm', method.warm],
    ['order', `${method.rounds} ${method.rounds === 1 ? 'round' : 'rounds'}, interleaved: ${method.order}`],
    ['machine', `${machine.cpuModel}, ${machine.cores} cores, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, ${machine.platform} ${machine.osRelease} ${machine.arch}; Node ${machine.nodeVersion}`],
    ['load average (1/5/15 min)', `${load(machine.loadAverage.atStart)} at the start, ${load(machine.loadAverage.atEnd)} at the end`],
    ...bundle.clients.map(
      (client) =>
        [`client ${client.name}`, `${Object.entries(client.versions).map(([name, version]) => `${name} ${version}`).join(', ') || 'versions unknown (no run)'}${client.workerHost ? `; load workers in ${client.workerHost === 'thread' ? 'worker threads' : 'child processes'}` : ''}`] as const,
    ),
    ...bundle.scenarios.map((scenario) => [`scenario ${scenario.name}`, `${scenario.description} (${scenario.file})`] as const),
  ];
  return keyValueTable(entries) + `<ul>${method.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

function runsTable(bundle: ClientBenchBundle): string {
  const runs = bundle.cells.flatMap((cell) => cell.runs.map((run) => ({ cell, run }))).sort((a, b) => a.run.sequence - b.run.sequence);
  const rows = runs.map(({ cell, run }) => [
    String(run.sequence + 1),
    String(run.round + 1),
    bundle.scenarios[cell.scenario]?.name ?? String(cell.scenario),
    cell.client,
    run.status,
    run.saturation ?? '-',
    run.keptUp ? raw('<span class="pass">yes</span>') : raw('<span class="fail">no</span>'),
    run.validity,
    run.counted ? raw('<span class="pass">yes</span>') : raw('<span class="warn">no</span>'),
    run.problems.join('; ') || '-',
    formatDurationMs(run.wallMs),
  ]);
  return htmlTable(['#', 'round', 'scenario', 'client', 'status', 'saturation', 'kept up', 'validity', 'counted', 'why', 'wall time'], rows, { numericFrom: 99, className: 'runs' });
}
