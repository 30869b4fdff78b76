/**
 * `kbench compare` on the console: warnings, then one table of the key figures side by side with
 * the change against the first report and a verdict, then the `--fail-if` checks. Pure.
 */
import Table from 'cli-table3';
import { formatChange, formatMetricValue } from '../report/format-metric.js';
import { createStyle, formatRate, type Style } from '../report/console-format.js';
import type { Comparison, FigureRow } from './compare-reports.js';
import type { FailIfResult } from './fail-if.js';
import { formatVerdict, MIN_SAMPLES, type Verdict } from './verdict.js';

export interface CompareRenderOptions {
  color: boolean;
}

/** What the verdicts mean, printed under the table. */
export const VERDICT_LEGEND =
  `verdicts against the first report: latencies and rates by a Mann-Whitney U test on the per-second samples of the measured seconds ` +
  `(p < 0.05, and a 95% bootstrap interval of the median shift that excludes 0; at least ${MIN_SAMPLES} seconds each), ` +
  `rebalance pauses on the per-rebalance samples, errors and failures as rates per message sent; "—": one value per run, not judged; ` +
  `"⚠": this run or the baseline was not in a steady state (see the warnings), so the difference may come from that rather than from the change`;

/** Warnings, the table and the legend. */
export function renderComparison(comparison: Comparison, options: CompareRenderOptions): string {
  const style = createStyle(options.color);
  const warnings = comparison.warnings.map((warning) => style.yellow(`warning: ${warning}`));
  const head = ['', ...comparison.labels.flatMap((label, index) => (index === 0 ? [`${label} (baseline)`] : [label, 'change', 'verdict']))];
  const table = new Table({
    head: head.map((cell) => style.cyan(cell)),
    colAligns: head.map((_, index) => (index === 0 ? 'left' : 'right')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of comparison.rows) table.push(rowCells(row, style));
  const lines = [...warnings, table.toString(), style.dim(VERDICT_LEGEND)];
  return `${lines.join('\n')}\n`;
}

function rowCells(row: FigureRow, style: Style): string[] {
  const cells = [row.label];
  row.values.forEach((_value, index) => {
    cells.push(valueText(row, index));
    if (index === 0) return;
    cells.push(formatChange(row.changes[index] ?? null));
    const verdict = verdictText(row.verdicts[index] ?? null, style);
    cells.push(row.caveats[index] === true && verdict !== '' ? `${verdict} ${style.yellow('⚠')}` : verdict);
  });
  return cells;
}

function valueText(row: FigureRow, index: number): string {
  const value = row.values[index] ?? null;
  const spread = row.spreads?.[index] ?? null;
  if (value === null || spread === null || row.metric.unit !== 'perSec') return formatMetricValue(value, row.metric.unit);
  return `${formatRate(value)} ± ${formatRate(spread)} msg/s`;
}

function verdictText(verdict: Verdict | null, style: Style): string {
  if (verdict === null) return '';
  const text = formatVerdict(verdict);
  if (verdict.kind === 'worse') return style.red(text);
  if (verdict.kind === 'better') return style.green(text);
  return text;
}

/** The ✓/✗ list of `--fail-if` checks; empty without criteria. */
export function renderFailIfResults(results: readonly FailIfResult[], options: CompareRenderOptions): string {
  if (results.length === 0) return '';
  const style = createStyle(options.color);
  const failed = results.filter((result) => result.regressed).length;
  const heading = `${style.bold('Regression checks:')} ${failed === 0 ? style.green(`none of ${results.length} failed`) : style.red(`${failed} of ${results.length} failed`)}`;
  const width = Math.max(...results.map((result) => result.criterion.length));
  const lines = results.map((result) => {
    const mark = result.regressed ? style.red('✗') : style.green('✓');
    return `  ${mark} ${result.criterion.padEnd(width)}  ${failIfDetail(result)}`;
  });
  return `${heading}\n${lines.join('\n')}\n`;
}

/** `acks-all 38.2 ms vs 21.0 ms in acks-1 (+81.9%)`, or why it could not be checked. */
function failIfDetail(result: FailIfResult): string {
  if (result.value === null) return `${result.label} has no value for ${result.metric}: counted as a regression`;
  const value = formatMetricValue(result.value, result.unit);
  if (result.baselineValue === null) {
    return `${result.label} ${value}; ${result.baselineLabel} has no value${result.relative ? ': counted as a regression' : ''}`;
  }
  return `${result.label} ${value} vs ${formatMetricValue(result.baselineValue, result.unit)} in ${result.baselineLabel} (${formatChange(result.change)})`;
}
