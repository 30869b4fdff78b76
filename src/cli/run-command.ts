/** `kbench run <scenario>`: runs a scenario end to end and writes its report. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, KbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { renderSummary } from '../report/render-console.js';
import { defaultReportPath, htmlPathFor, writeReportAtomically } from '../report/write-report.js';
import { allThresholdsPassed } from '../thresholds/evaluate-thresholds.js';
import type { KbenchReport } from '../report/report-types.js';
import { UNSHARDED } from '../report/live-metrics.js';
import type { Plan } from '../scenario/plan-types.js';
import { runScenario } from '../runner/run-scenario.js';
import { requireKsqlUrl } from '../runner/ksql-stage.js';
import { newRunId } from '../scenario/cluster-ownership.js';
import { planSecrets } from '../scenario/redact-secrets.js';
import { planLiveExports, startLiveExports, type LiveExportOptions } from './live-exports.js';
import { useColor } from './live-output.js';
import { listenForMembershipKeys } from './membership-keys.js';
import { assertWritableOutput } from './output-paths.js';
import { loadPlan, registerPlanOptions, type PlanOptions } from './plan-options.js';
import { thresholdsText, writeHtmlReport } from './report-output.js';
import { applyShardOptions, registerShardOptions, type ShardOptions } from './shard-options.js';
import { progressLine, withRunConsole } from './run-console.js';

interface RunCommandOptions extends PlanOptions, ShardOptions, LiveExportOptions {
  report?: string;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run a scenario: produce and consume compras events, measure, and write a report')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts');
  registerShardOptions(registerPlanOptions(command))
    .option('-r, --report <path>', 'where to write the JSON report (default: reports/<name>-<time>.json)')
    .option('--prometheus <[host:]port>', 'serve the live figures at http://<host>:<port>/metrics (Prometheus text format) while the run goes; host 127.0.0.1 unless given, port 0 picks a free one')
    .option('--prometheus-hold <time>', 'keep serving the final figures and threshold verdicts this long after the run (e.g. 30s)')
    .option('--csv <file>', 'write the per-second timeline as CSV, a row as each second closes')
    .action(async (scenarioPath: string, options: RunCommandOptions) => {
      const plan = applyShardOptions(await loadPlan(scenarioPath, options), options);
      // A scenario with a ksql section needs --ksql-url: said now, before any cluster starts.
      requireKsqlUrl(plan);
      // Checked now, not after the run: a run's results must not be lost at its very end.
      const plannedReportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), reportName(plan), new Date().toISOString());
      assertWritableOutput('the report', plannedReportPath, [scenarioPath]);
      assertWritableOutput('the HTML report', htmlPathFor(plannedReportPath), [scenarioPath]);
      const exportPlan = planLiveExports(options, [scenarioPath], [plannedReportPath, htmlPathFor(plannedReportPath)]);
      const runId = plan.shard?.runId ?? newRunId();
      const secrets = planSecrets(plan);
      // Before the load starts (the address is printed), stopped when the run ends, also after a failure.
      const exports = await startLiveExports(exportPlan, { runId, scenario: plan.name, shard: plan.shard ? `${plan.shard.index}/${plan.shard.count}` : UNSHARDED }, (text) => process.stderr.write(`${text}\n`));
      try {
        const report: KbenchReport = await withRunConsole({ secrets, firstInterrupt: 'stopping the run' }, async (terminal) => {
          const line = progressLine();
          let stopKeys: () => void = () => {};
          try {
            return await runScenario(plan, {
              runId,
              interrupt: terminal.interrupt,
              registerEmergencyStop: terminal.registerEmergencyStop,
              onMembershipControls: (controls) => {
                stopKeys = listenForMembershipKeys(controls, (text) => terminal.live.log(text));
              },
              observer: {
                log: terminal.log,
                onSecond: (entry, context) => {
                  terminal.live.update(line(entry, context));
                  exports.onSecond(entry, context);
                },
              },
            });
          } finally {
            stopKeys();
          }
        });
        exports.finish(report);
        const reportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), reportName(plan), report.startedAt);
        writeReportAtomically(report, reportPath);
        const htmlPath = htmlPathFor(reportPath);
        writeHtmlReport(report, htmlPath);
        process.stdout.write(renderSummary(report, { color: useColor() }) + thresholdsText(report));
        process.stdout.write(`report: ${reportPath}\nhtml report: ${htmlPath}\n`);
        await exports.hold((text) => process.stderr.write(`${text}\n`));
        if (!allThresholdsPassed(report.thresholds)) process.exitCode = ExitCode.thresholdFailed;
        if (report.status === 'aborted') process.exitCode = ExitCode.interrupted;
        if (report.status === 'failed') {
          throw new KbenchError(report.failure?.workerId !== undefined ? 'worker' : 'cluster', report.failure?.message ?? 'the run failed', {
            details: [`partial report: ${reportPath}`],
          });
        }
      } finally {
        await exports.close();
      }
    });
}

/** The report file's name part: a shard's says which shard it is (shards of one run start in the same second). */
function reportName(plan: Plan): string {
  return plan.shard ? `${plan.name}-shard${plan.shard.index}of${plan.shard.count}` : plan.name;
}
