/**
 * `kbench clients` on the console, at the end: two tables of every scenario × client's medians
 * (throughput and latency; what it cost), each cell marked `⚠` when none of its runs counted
 * (the median of every run is shown), the runs that do not count with why, and the method. Pure.
 */
import { createStyle, createTable, type Style } from '../report/console-format.js';
import { CLIENT_FIGURES } from './clientbench-figures.js';
import type { ClientBenchBundle, ClientBenchCell, ClientFigureId } from './clientbench-types.js';
import { formatFigure } from './format-figure.js';

/** The figures of each table (console and page). */
export const FIGURE_TABLES: ReadonlyArray<{ title: string; figures: readonly ClientFigureId[] }> = [
  { title: 'Throughput and latency', figures: ['producedPerSec', 'consumedPerSec', 'responseP50Ms', 'responseP99Ms', 'e2eP50Ms', 'e2eP99Ms', 'rebalancePauseMaxMs', 'errors'] },
  { title: 'Cost', figures: ['cpuUsPerProduced', 'cpuUsPerConsumed', 'peakRssBytes', 'eventLoopDelayP99Ms'] },
];

export function renderClientBenchSummary(bundle: ClientBenchBundle, options: { color: boolean }): string {
  const style = createStyle(options.color);
  const runs = bundle.cells.reduce((sum, cell) => sum + cell.runs.length, 0);
  const lines: string[] = [
    style.bold(
      `Clients ${bundle.clients.map((client) => client.name).join(', ')} · ${bundle.scenarios.length} scenarios × ${bundle.repeat} ${bundle.repeat === 1 ? 'round' : 'rounds'}, interleaved on one warm cluster (${runs} of ${bundle.order.length} runs, ${bundle.status})`,
    ),
  ];
  if (bundle.failure) lines.push(style.red(`failure: ${bundle.failure}`));
  for (const table of FIGURE_TABLES) lines.push(`${style.bold(table.title)} (medians over rounds)`, figureTable(bundle, table.figures, style));
  const backlog = bundle.cells.some((cell) => cell.runs.some((run) => run.consumedBasis === 'backlog-drain'));
  const uncounted = bundle.cells.some((cell) => cell.countedRuns === 0 && cell.runs.length > 0);
  const legend = [
    ...(backlog ? ['consumed/s of a backlog scenario (†) is its catch-up drain rate, its CPU µs/consumed over the catch-up'] : []),
    ...(uncounted ? ['⚠: no run of the pair counted, the median of every run is shown'] : []),
  ];
  if (legend.length > 0) lines.push(style.dim(legend.join('; ')));
  const flagged = bundle.cells.filter((cell) => cell.flags.length > 0);
  for (const cell of flagged) {
    lines.push(style.yellow(`⚠ ${cellName(bundle, cell)}: ${cell.countedRuns} of ${cell.runs.length} runs count`));
    for (const flag of cell.flags) lines.push(`  ${flag}`);
  }
  const versions = bundle.clients.map((client) => `${client.name} (${Object.entries(client.versions).map(([name, version]) => `${name} ${version}`).join(', ') || 'versions unknown'})`);
  lines.push(style.dim(`clients: ${versions.join('; ')}`));
  const machine = bundle.method.machine;
  lines.push(style.dim(`machine: ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.atStart.map((value) => value.toFixed(2)).join(' ')} at start, ${machine.loadAverage.atEnd.map((value) => value.toFixed(2)).join(' ')} at end; Node ${machine.nodeVersion}`));
  return `${lines.join('\n')}\n`;
}

function cellName(bundle: ClientBenchBundle, cell: ClientBenchCell): string {
  return `${bundle.scenarios[cell.scenario]?.name ?? `scenario ${cell.scenario}`} · ${cell.client}`;
}

function figureTable(bundle: ClientBenchBundle, ids: readonly ClientFigureId[], style: Style): string {
  const definitions = ids.map((id) => CLIENT_FIGURES.find((figure) => figure.id === id)).filter((figure) => figure !== undefined);
  const head = ['scenario', 'client', 'runs', ...definitions.map((figure) => figure.label)];
  const table = createTable(head, style, head.map((_, index) => (index < 2 ? 'left' : 'right')));
  for (const cell of bundle.cells) {
    const untrusted = cell.countedRuns === 0;
    table.push([
      bundle.scenarios[cell.scenario]?.name ?? String(cell.scenario),
      cell.client,
      untrusted ? style.yellow(`⚠ ${cell.countedRuns}/${cell.runs.length}`) : `${cell.countedRuns}/${cell.runs.length}`,
      ...definitions.map((figure) => {
        const text = formatFigure(cell.figures[figure.id].median, figure.unit);
        const dagger = figure.id === 'consumedPerSec' && cell.runs.some((run) => run.consumedBasis === 'backlog-drain') ? ' †' : '';
        return untrusted && text !== '—' ? style.yellow(`${text}${dagger} ⚠`) : `${text}${dagger}`;
      }),
    ]);
  }
  return table.toString();
}
