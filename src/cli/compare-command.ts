/**
 * `kbench compare a.json b.json [more.json …]`: the key figures side by side with their change
 * against the first report and a noise-aware verdict; `--fail-if` turns it into a CI gate
 * (exit 98 on a regression); `--html` writes the comparison page.
 */
import { assertWritableOutput } from './output-paths.js';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { compareReports, type LabelledReport } from '../compare/compare-reports.js';
import { evaluateFailIf, parseFailIfCriteria } from '../compare/fail-if.js';
import { renderComparison, renderFailIfResults } from '../compare/render-compare-console.js';
import { renderHtmlComparison } from '../compare/render-compare-html.js';
import { ExitCode, KbenchError } from '../errors.js';
import { readReport } from '../report/read-report.js';
import { writeTextAtomically } from '../report/write-report.js';
import { useColor } from './live-output.js';

interface CompareOptions {
  failIf?: string[];
  html?: string;
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('compare reports: key figures side by side, change against the first report, and whether it is beyond run-to-run noise')
    .argument('<reports...>', 'two or more JSON reports; the first is the baseline')
    .option('--fail-if <criterion>', "exit 98 when a later report meets it: 'e2e.p99 > +10%' (against the first report) or 'throughput.mean < 20000/s' (repeatable)", collect)
    .option('--html <file>', 'also write the comparison page (percentile curves and timelines overlaid)')
    .action((paths: string[], options: CompareOptions) => {
      if (paths.length < 2) {
        throw new KbenchError('usage', `compare needs at least two reports, got ${paths.length}`, { hint: 'kbench compare baseline.json candidate.json' });
      }
      if (options.html !== undefined) assertWritableOutput('--html', options.html, paths);
      const criteria = parseFailIfCriteria(options.failIf ?? []);
      const reports = labelReports(paths);
      const comparison = compareReports(reports);
      const failIf = evaluateFailIf(criteria, reports);
      const color = useColor();
      process.stdout.write(renderComparison(comparison, { color }));
      const checks = renderFailIfResults(failIf, { color });
      if (checks !== '') process.stdout.write(`\n${checks}`);
      if (options.html !== undefined) {
        writeTextAtomically(renderHtmlComparison(reports, comparison, failIf), options.html);
        process.stdout.write(`html comparison: ${options.html}\n`);
      }
      if (failIf.some((result) => result.regressed)) process.exitCode = ExitCode.compareRegression;
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Reads every report (all problems at once) and names each by its file name, made unique. */
function labelReports(paths: readonly string[]): LabelledReport[] {
  const problems: KbenchError[] = [];
  const reports: LabelledReport[] = [];
  const seen = new Map<string, number>();
  for (const path of paths) {
    try {
      const report = readReport(path);
      const base = basename(path).replace(/\.json$/i, '');
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      reports.push({ label: count === 1 ? base : `${base} #${count}`, report });
    } catch (error) {
      if (!(error instanceof KbenchError)) throw error;
      problems.push(error);
    }
  }
  const [first] = problems;
  if (first !== undefined && problems.length === 1) throw first;
  if (problems.length > 1) {
    throw new KbenchError('usage', `${problems.length} of the reports cannot be read`, {
      details: problems.flatMap((problem) => [problem.message, ...problem.details.map((detail) => `  ${detail}`)]),
      hint: 'Give JSON reports written by `kbench run`.',
    });
  }
  return reports;
}
