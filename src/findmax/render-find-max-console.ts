/** The console side of `kbench find-max`: one line per step as it ends, and the final summary. Pure. */
import { createStyle, createTable, formatCount, formatDurationMs, formatMs, formatRate, truncate, type Style } from '../report/console-format.js';
import type { FindMaxReport, FindMaxStepReport } from './find-max-types.js';

/** e.g. `step 4 · bisect · 1,500 msg/s → sustained 1,497 msg/s · produce p50 3.10 ms p99 41.2 ms · ✓ pass · 6m12s left` */
export function renderStepLine(step: FindMaxStepReport, latencyMetric: string, remainingMs: number, style: Style = createStyle(false)): string {
  const verdict = step.passed ? style.green('✓ pass') : style.red('✗ fail');
  const latency = `${latencyMetric} p50 ${optionalMs(step.latencyP50Ms)} p99 ${optionalMs(step.latencyP99Ms)}`;
  const head = `step ${step.index} · ${step.purpose} · ${formatCount(step.rate)} msg/s → sustained ${formatRate(step.sustainedPerSec)} msg/s · ${latency} · ${verdict} · ${leftText(remainingMs)} left`;
  const reasons = step.reasons.map((reason) => `    ${style.dim(truncate(reason, 220))}`);
  return [head, ...reasons].join('\n');
}

/** The line before a step starts. */
export function renderStepStart(index: number, rate: number, purpose: string, remainingMs: number): string {
  return `step ${index} · ${purpose} · trying ${formatCount(rate)} msg/s (${leftText(remainingMs)} left in the budget)`;
}

/** The summary after the search: the answer, its bracket and every step. */
export function renderFindMaxSummary(report: FindMaxReport, options: { color: boolean }): string {
  const style = createStyle(options.color);
  const lines: string[] = [];
  lines.push(style.bold(`find-max · ${report.scenario.name} · target ${report.target} · SLO ${sloLine(report)}${report.sloDefaulted ? ' (default)' : ''}`));
  lines.push(answerLine(report, style));
  lines.push(`  ${report.answer.reason}`);
  const { passed, failed } = report.answer.bracket;
  if (passed !== null || failed !== null) {
    lines.push(`  bracket: ${bracketText(passed, failed)}`);
  }
  if (report.failure !== undefined) lines.push(style.yellow(`  ${report.status}: ${report.failure}`));
  lines.push(`  ${report.steps.length} step(s) in ${formatDurationMs(report.elapsedMs)} (budget ${formatDurationMs(report.search.budgetMs)})`);
  const table = createTable(['#', 'purpose', 'rate msg/s', 'sustained msg/s', `${report.latencyMetric} p50 ms`, `${report.latencyMetric} p99 ms`, 'result'], style, ['right', 'left', 'right', 'right', 'right', 'right', 'left']);
  for (const step of report.steps) {
    table.push([
      String(step.index),
      step.purpose,
      formatCount(step.rate),
      formatRate(step.sustainedPerSec),
      optionalMs(step.latencyP50Ms),
      optionalMs(step.latencyP99Ms),
      step.passed ? style.green('pass') : style.red(`fail: ${truncate(step.reasons[0] ?? '', 70)}`),
    ]);
  }
  lines.push(table.toString());
  return `${lines.join('\n')}\n`;
}

function answerLine(report: FindMaxReport, style: Style): string {
  const { rate, outcome } = report.answer;
  if (rate === null) return style.red(`No rate met the SLO.`);
  const text = `Maximum sustainable rate: ${formatCount(rate)} msg/s`;
  switch (outcome) {
    case 'confirmed':
      return style.green(`${text} (confirmed)`);
    case 'at-max-rate':
      return style.yellow(`${text} — the maximum rate tried; the system may take more`);
    default:
      return style.yellow(`${text} — NOT confirmed`);
  }
}

export function sloLine(report: Pick<FindMaxReport, 'slo'>): string {
  return Object.entries(report.slo)
    .map(([metric, condition]) => `${metric} ${condition}`)
    .join(' and ');
}

/** Time left in the budget: `8m32s`, `0s` once it is spent. */
function leftText(ms: number): string {
  return ms < 1000 ? '0s' : formatDurationMs(ms);
}

function optionalMs(ms: number | null): string {
  return ms === null ? '-' : formatMs(ms);
}

/** `highest pass 3,000 msg/s, lowest fail above it 3,250 msg/s`; without a pass, the lowest rate that failed. */
export function bracketText(passed: number | null, failed: number | null): string {
  if (passed === null) return failed === null ? 'no step ran' : `no rate passed; the lowest tried, ${formatCount(failed)} msg/s, failed`;
  return `highest pass ${formatCount(passed)} msg/s, lowest fail above it ${failed === null ? '- (none failed)' : `${formatCount(failed)} msg/s`}`;
}
