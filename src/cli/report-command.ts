/** `kbench report <file.json>`: the console tables and the HTML page again, from a saved report. */
import type { Command } from 'commander';
import { readReport } from '../report/read-report.js';
import { renderSummary } from '../report/render-console.js';
import { htmlPathFor } from '../report/write-report.js';
import { useColor } from './live-output.js';
import { assertWritableOutput } from './output-paths.js';
import { thresholdsText, writeHtmlReport } from './report-output.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('show a saved JSON report again (console tables) and write its HTML page')
    .argument('<report>', 'a JSON report written by kbench run, e.g. reports/acks-all-20250314-092653.json')
    .option('--html <file>', 'where to write the HTML page (default: next to the JSON, with .html)')
    .action((reportPath: string, options: { html?: string }) => {
      const htmlPath = options.html ?? htmlPathFor(reportPath);
      assertWritableOutput('the HTML page', htmlPath, [reportPath]);
      const report = readReport(reportPath);
      writeHtmlReport(report, htmlPath);
      process.stdout.write(renderSummary(report, { color: useColor() }) + thresholdsText(report));
      process.stdout.write(`html report: ${htmlPath}\n`);
    });
}
