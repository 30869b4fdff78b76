/**
 * `kbench sweep` on the console, at the end: a table of every variant's merged figures, a table
 * of the verdicts between neighbouring variants, and the flagged variants with why. Pure.
 */
import { formatVerdict, type Verdict } from '../compare/verdict.js';
import { formatChange } from '../report/format-metric.js';
import { createStyle, createTable, formatMs, formatRate, type Style } from '../report/console-format.js';
import { formatValue } from './sweep-axis.js';
import { SWEEP_VERDICT_LEGEND } from './sweep-bundle.js';
import type { MergedLatency, NeighbourComparison, SweepBundle, SweepVariantReport } from './sweep-types.js';

/** The neighbour figures shown on the console (the HTML page and the JSON have them all). */
const CONSOLE_NEIGHBOUR_METRICS = ['throughput.mean', 'produce.p99', 'e2e.p50', 'e2e.p99'];

export function renderSweepSummary(bundle: SweepBundle, options: { color: boolean }): string {
  const style = createStyle(options.color);
  const lines: string[] = [style.bold(`Sweep ${bundle.name}: ${bundle.variants.length} variants × ${bundle.repeat} ${bundle.repeat === 1 ? 'round' : 'rounds'} (${bundle.status})`)];
  if (bundle.failure) lines.push(style.red(`failure: ${bundle.failure}`));
  lines.push(figuresTable(bundle, style));
  if (bundle.neighbours.length > 0) lines.push(neighboursTable(bundle, style), style.dim(SWEEP_VERDICT_LEGEND));
  const flagged = bundle.variants.filter((variant) => variant.flags.length > 0);
  for (const variant of flagged) {
    lines.push(style.yellow(`⚠ ${variant.label}: not a steady-state measurement`));
    for (const flag of variant.flags) lines.push(`  ${flag}`);
  }
  return `${lines.join('\n')}\n`;
}

function figuresTable(bundle: SweepBundle, style: Style): string {
  const head = [...bundle.axes.map((axis) => axis.name), 'runs', 'acked/s', 'produce p50', 'p99', 'p99.9', 'e2e p50', 'p99', 'p99.9', 'check'];
  const table = createTable(head, style, head.map((_, index) => (index < bundle.axes.length ? 'left' : 'right')));
  for (const variant of bundle.variants) {
    const f = variant.figures;
    table.push([
      ...variant.values.map(formatValue),
      `${f.completedRuns}/${f.runs}`,
      f.throughputPerSec === null ? '-' : formatRate(f.throughputPerSec),
      ...latencyCells(f.latency.produce),
      ...latencyCells(f.latency.e2e),
      checkText(variant, style),
    ]);
  }
  return table.toString();
}

function latencyCells(latency: MergedLatency): string[] {
  return [latency.p50, latency.p99, latency.p999].map((value) => (value === null ? '-' : `${formatMs(value)} ms`));
}

function checkText(variant: SweepVariantReport, style: Style): string {
  if (variant.flags.length > 0) {
    const what = new Set(variant.checks.flatMap((check) => [check.status !== 'completed' ? check.status : '', check.saturation === 'saturated' ? 'saturated' : '', check.validity === 'invalid' ? 'not valid' : ''].filter(Boolean)));
    return style.yellow(`⚠ ${[...what].join(', ') || 'flagged'}`);
  }
  return variant.checks.some((check) => check.validity === 'caveats') ? 'caveats' : style.green('ok');
}

function neighboursTable(bundle: SweepBundle, style: Style): string {
  const labels = CONSOLE_NEIGHBOUR_METRICS.map((metric) => bundle.neighbours[0]?.figures.find((figure) => figure.metric === metric)?.label ?? metric);
  const head = ['step', 'other axes', ...labels];
  const table = createTable(head, style, head.map((_, index) => (index < 2 ? 'left' : 'right')));
  for (const neighbour of bundle.neighbours) table.push(neighbourRow(bundle, neighbour, style));
  return table.toString();
}

function neighbourRow(bundle: SweepBundle, neighbour: NeighbourComparison, style: Style): string[] {
  const axis = bundle.axes[neighbour.axis];
  const from = bundle.variants[neighbour.from];
  const others = (from?.values ?? [])
    .map((value, index) => (index === neighbour.axis ? '' : `${bundle.axes[index]?.name}=${formatValue(value)}`))
    .filter(Boolean)
    .join(' ');
  const cells = CONSOLE_NEIGHBOUR_METRICS.map((metric) => {
    const figure = neighbour.figures.find((one) => one.metric === metric);
    if (figure === undefined) return '';
    const text = `${formatChange(figure.change)} ${verdictText(figure.verdict, style)}`;
    return figure.caveat ? `${text} ${style.yellow('⚠')}` : text;
  });
  return [`${axis?.name} ${formatValue(neighbour.fromValue)} → ${formatValue(neighbour.toValue)}`, others || '-', ...cells];
}

function verdictText(verdict: Verdict, style: Style): string {
  const text = formatVerdict(verdict);
  if (verdict.kind === 'worse') return style.red(text);
  if (verdict.kind === 'better') return style.green(text);
  return text;
}
