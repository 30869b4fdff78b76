/** The peers table for the terminal (cli-table3, no colours). Pure: returns a string. */
import Table from 'cli-table3';
import { formatFigure, formatRatio } from './format-figures.js';
import { APACHE_TOOL_OF } from './peers-result.js';
import { toolLabel, type KbenchToolId, type SummaryLine, type ToolFigure, type ToolId } from './peer-types.js';

/** A median, with how many rounds gave it when some failed. */
export function figureCell(figure: ToolFigure | undefined, unit: 'msg/s' | 'ms'): string {
  if (!figure) return '—';
  const value = formatFigure(figure.median, unit);
  return figure.failures > 0 ? `${value} (${figure.samples}/${figure.samples + figure.failures})` : value;
}

/** The line's label: what is measured and by which Apache tool. */
export function lineLabel(line: SummaryLine): string {
  return `${line.metric.label} (${APACHE_TOOL_OF[line.metric.measurement]})`;
}

/** The table's columns after the line's label, one row per tool of the line. */
export const PEERS_COLUMNS = ['tool', 'unit', 'median', '÷ Apache tool', '÷ client alone'] as const;

/** One row per tool that ran the line's measurement: its median, its ratio to the Apache tool, and kbench ÷ its client alone. */
export function peersRows(line: SummaryLine): string[][] {
  const { unit } = line.metric;
  return (Object.entries(line.figures) as Array<[ToolId, ToolFigure]>).map(([tool, figure]) => [
    toolLabel(tool),
    unit,
    figureCell(figure, unit),
    tool === 'apache' ? '' : formatRatio(line.ratios[tool]),
    tool.startsWith('kbench-') && line.rawRatios[tool as KbenchToolId] !== undefined ? formatRatio(line.rawRatios[tool as KbenchToolId]) : '',
  ]);
}

/**
 * For each figure, one row per tool: the Apache tool's median, each client alone (consumer), kbench
 * on each client, with ratios to the Apache tool and kbench ÷ its client alone. Below the table,
 * every line whose runs saw errors.
 */
export function renderPeersTable(lines: readonly SummaryLine[]): string {
  const table = new Table({
    head: ['', ...PEERS_COLUMNS],
    style: { head: [], border: [] },
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right'],
  });
  for (const line of lines) {
    peersRows(line).forEach((row, index) => table.push([index === 0 ? lineLabel(line) : '', ...row]));
  }
  const errorLines: string[] = [];
  for (const line of lines) {
    if (line.metric.unit === 'ms' && line.metric.id !== 'e2e-p50') continue; // one line per measurement
    for (const [tool, figure] of Object.entries(line.figures) as Array<[ToolId, ToolFigure]>) {
      if (figure.errors > 0) errorLines.push(`errors: ${toolLabel(tool)}, ${line.metric.label}: ${figure.errors.toLocaleString('en-US')} over ${figure.samples + figure.failures} run(s)`);
    }
  }
  return [table.toString(), ...errorLines].join('\n');
}
