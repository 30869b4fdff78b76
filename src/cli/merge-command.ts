/** `kbench merge <shard reports…>`: one report of a sharded run from its shards' reports, its thresholds deciding the exit code. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { mergeReports } from '../merge/merge-reports.js';
import { PROJECT_ROOT } from '../paths.js';
import { readReport } from '../report/read-report.js';
import { renderSummary } from '../report/render-console.js';
import { defaultReportPath, htmlPathFor, writeReportAtomically } from '../report/write-report.js';
import { allThresholdsPassed } from '../thresholds/evaluate-thresholds.js';
import { useColor } from './live-output.js';
import { assertWritableOutput } from './output-paths.js';
import { thresholdsText, writeHtmlReport } from './report-output.js';

interface MergeCommandOptions {
  report?: string;
  html?: string;
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('merge the reports of a sharded run (kbench run --shard k/n) into one report of the whole run')
    .argument('<reports...>', "every shard's JSON report, e.g. shard-0.json shard-1.json")
    .option('-r, --report <path>', 'where to write the merged JSON report (default: reports/<name>-merged-<time>.json)')
    .option('--html <file>', 'where to write its HTML page (default: next to the JSON, with .html)')
    .action((reportPaths: string[], options: MergeCommandOptions) => {
      // Checked before reading: a wrong output path is a usage error, whatever the inputs hold.
      if (options.report !== undefined) assertWritableOutput('the merged report', options.report, reportPaths);
      if (options.html !== undefined) assertWritableOutput('the HTML report', options.html, reportPaths);
      const report = mergeReports(reportPaths.map((file) => ({ file, report: readReport(file) })));
      const reportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), `${report.scenario.name}-merged`, report.startedAt);
      const htmlPath = options.html ?? htmlPathFor(reportPath);
      assertWritableOutput('the merged report', reportPath, reportPaths);
      assertWritableOutput('the HTML report', htmlPath, [...reportPaths, reportPath]);
      writeReportAtomically(report, reportPath);
      writeHtmlReport(report, htmlPath);
      const shards = (report.mergedFrom ?? []).map((part) => `  shard ${part.shard.index} on ${part.shard.host}: ${part.file} (${part.status})`);
      process.stdout.write(`merged ${shards.length} shard report(s) of run ${report.mergedFrom?.[0]?.shard.runId ?? '?'}:\n${shards.join('\n')}\n\n`);
      process.stdout.write(renderSummary(report, { color: useColor() }) + thresholdsText(report));
      process.stdout.write(`report: ${reportPath}\nhtml report: ${htmlPath}\n`);
      if (!allThresholdsPassed(report.thresholds)) process.exitCode = ExitCode.thresholdFailed;
    });
}
