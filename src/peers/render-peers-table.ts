/** The peers table for the terminal (cli-table3, no colours). Pure: returns a string. */
import Table from 'cli-table3';
import { formatFigure, formatRatio } from './format-figures.js';
import { APACHE_TOOL_OF } from './peers-result.js';
import { KBENCH_TOOL_IDS, type SummaryLine, type ToolFigure, type ToolId } from './peer-types.js';

const TOOL_LABELS: Record<ToolId, string> = {
  apache: 'Apache tool',
  'kbench-confluent': 'kbench confluent',
  'kbench-kafkajs': 'kbench kafkajs',
};

/** A median, with how many rounds gave it when some failed. */
function figureCell(figure: ToolFigure | undefined, unit: 'msg/s' | 'ms'): string {
  if (!figure) return '—';
  const value = formatFigure(figure.median, unit);
  return figure.failures > 0 ? `${value} (${figure.samples}/${figure.samples + figure.failures})` : value;
}

/** The line's label: what is measured and by which Apache tool. */
export function lineLabel(line: SummaryLine): string {
  return `${line.metric.label} (${APACHE_TOOL_OF[line.metric.measurement]})`;
}

/**
 * One row per figure: the Apache tool's median, each kbench client's median and its ratio to the
 * Apache tool (kbench ÷ Apache). Below the table, every line whose runs saw errors.
 */
export function renderPeersTable(lines: readonly SummaryLine[]): string {
  const table = new Table({
    head: ['', 'unit', TOOL_LABELS.apache, TOOL_LABELS['kbench-confluent'], 'ratio', TOOL_LABELS['kbench-kafkajs'], 'ratio'],
    style: { head: [], border: [] },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const line of lines) {
    const { unit } = line.metric;
    const row = [lineLabel(line), unit, figureCell(line.figures.apache, unit)];
    for (const tool of KBENCH_TOOL_IDS) row.push(figureCell(line.figures[tool], unit), line.figures[tool] ? formatRatio(line.ratios[tool]) : '—');
    table.push(row);
  }
  const errorLines: string[] = [];
  for (const line of lines) {
    if (line.metric.unit === 'ms' && line.metric.id !== 'e2e-p50') continue; // one line per measurement
    for (const [tool, figure] of Object.entries(line.figures) as Array<[ToolId, ToolFigure]>) {
      if (figure.errors > 0) errorLines.push(`errors: ${TOOL_LABELS[tool]}, ${line.metric.label}: ${figure.errors.toLocaleString('en-US')} over ${figure.samples + figure.failures} run(s)`);
    }
  }
  return [table.toString(), ...errorLines].join('\n');
}
