/** `kbench report <file.json>`: the console tables and the HTML page again, from a saved report. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { KbenchError } from '../errors.js';
import { readReport } from '../report/read-report.js';
import { renderSummary } from '../report/render-console.js';
import { renderTimelineCsv } from '../report/timeline-csv.js';
import { htmlPathFor, writeTextAtomically } from '../report/write-report.js';
import { useColor } from './live-output.js';
import { assertWritableOutput } from './output-paths.js';
import { thresholdsText, writeHtmlReport } from './report-output.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('show a saved JSON report again (console tables) and write its HTML page')
    .argument('<report>', 'a JSON report written by kbench run, e.g. reports/acks-all-20250314-092653.json')
    .option('--html <file>', 'where to write the HTML page (default: next to the JSON, with .html)')
    .option('--csv <file>', "also write the report's per-second timeline as CSV")
    .action((reportPath: string, options: { html?: string; csv?: string }) => {
      const htmlPath = options.html ?? htmlPathFor(reportPath);
      assertWritableOutput('the HTML page', htmlPath, [reportPath]);
      if (options.csv !== undefined) {
        assertWritableOutput('--csv', options.csv, [reportPath]);
        if (resolve(options.csv) === resolve(htmlPath)) throw new KbenchError('usage', `--csv ${options.csv} is also where the HTML page goes`, { hint: 'give the CSV a file of its own' });
      }
      const report = readReport(reportPath);
      writeHtmlReport(report, htmlPath);
      if (options.csv !== undefined) {
        const groups = report.scenario.consumerGroups.map((group) => group.groupId);
        writeTextAtomically(renderTimelineCsv(report.timeline, Date.parse(report.startedAt), groups), options.csv);
      }
      process.stdout.write(renderSummary(report, { color: useColor() }) + thresholdsText(report));
      process.stdout.write(`html report: ${htmlPath}\n`);
      if (options.csv !== undefined) process.stdout.write(`csv timeline: ${options.csv}\n`);
    });
}
