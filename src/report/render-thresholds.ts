/** The ✓/✗ list of a run's thresholds, printed after the summary. Pure. */
import { formatMetricValue } from './format-metric.js';
import { createStyle, type Style } from './console-format.js';
import type { ThresholdResult } from './report-types.js';

/** One line per threshold under a heading; empty when the scenario declared none. */
export function renderThresholdResults(results: readonly ThresholdResult[] | undefined, style: Style = createStyle(false)): string {
  if (results === undefined || results.length === 0) return '';
  const passed = results.filter((result) => result.passed).length;
  const heading = `${style.bold('Thresholds:')} ${passed === results.length ? style.green(`all ${results.length} passed`) : style.red(`${results.length - passed} of ${results.length} failed`)}`;
  const criteria = results.map((result) => `${result.metric} ${result.condition}`);
  const width = Math.max(...criteria.map((text) => text.length));
  const lines = results.map((result, index) => {
    const mark = result.passed ? style.green('✓') : style.red('✗');
    const actual = result.actual === null ? 'no value in this report' : formatMetricValue(result.actual, result.unit);
    return `  ${mark} ${(criteria[index] ?? '').padEnd(width)}  ${actual}`;
  });
  return `${heading}\n${lines.join('\n')}\n`;
}
