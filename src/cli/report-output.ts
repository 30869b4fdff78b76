/** Output shared by `kbench run` and `kbench report`: the HTML page next to the JSON, and the thresholds' ✓/✗ list. */
import { renderHtmlReport } from '../report/html/render-html-report.js';
import { createStyle } from '../report/console-format.js';
import { renderThresholdResults } from '../report/render-thresholds.js';
import type { KbenchReport } from '../report/report-types.js';
import { writeTextAtomically } from '../report/write-report.js';
import { useColor } from './live-output.js';

/** Renders `report` as HTML and writes it (atomically) to `htmlPath`. */
export function writeHtmlReport(report: KbenchReport, htmlPath: string): void {
  writeTextAtomically(renderHtmlReport(report), htmlPath);
}

/** The thresholds' ✓/✗ list, preceded by a blank line; empty when the report has none. */
export function thresholdsText(report: KbenchReport): string {
  const text = renderThresholdResults(report.thresholds, createStyle(useColor()));
  return text === '' ? '' : `\n${text}`;
}
