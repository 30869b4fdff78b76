/** `kbench run <scenario>`: runs a scenario end to end and writes its report. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, KbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { renderLiveLine } from '../report/render-live.js';
import { renderSummary } from '../report/render-console.js';
import { defaultReportPath, htmlPathFor, writeReportAtomically } from '../report/write-report.js';
import { allThresholdsPassed } from '../thresholds/evaluate-thresholds.js';
import type { KbenchReport } from '../report/report-types.js';
import { runScenario } from '../runner/run-scenario.js';
import { maskSecrets, maskSecretsInError, planSecrets } from '../scenario/redact-secrets.js';
import { createLiveOutput, useColor } from './live-output.js';
import { listenForMembershipKeys } from './membership-keys.js';
import { assertWritableOutput } from './output-paths.js';
import { loadPlan, registerPlanOptions, type PlanOptions } from './plan-options.js';
import { thresholdsText, writeHtmlReport } from './report-output.js';

interface RunCommandOptions extends PlanOptions {
  report?: string;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run a scenario: produce and consume compras events, measure, and write a report')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts');
  registerPlanOptions(command)
    .option('-r, --report <path>', 'where to write the JSON report (default: reports/<name>-<time>.json)')
    .action(async (scenarioPath: string, options: RunCommandOptions) => {
      const plan = await loadPlan(scenarioPath, options);
      // Checked now, not after the run: a run's results must not be lost at its very end.
      const plannedReportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), plan.name, new Date().toISOString());
      assertWritableOutput('the report', plannedReportPath, [scenarioPath]);
      assertWritableOutput('the HTML report', htmlPathFor(plannedReportPath), [scenarioPath]);
      const secrets = planSecrets(plan);
      const live = createLiveOutput();
      const interrupt = new AbortController();
      let emergencyStop: (() => Promise<void>) | undefined;
      let interrupts = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        interrupts++;
        if (interrupts === 1) {
          live.log(`${signal}: stopping the run (again to stop at once)`);
          interrupt.abort();
          return;
        }
        live.log('stopping at once');
        void (emergencyStop ? emergencyStop() : Promise.resolve()).finally(() => process.exit(ExitCode.interrupted));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let errorsTotal = 0;
      let stopKeys: () => void = () => {};
      let report: KbenchReport;
      try {
        report = await runScenario(plan, {
          interrupt: interrupt.signal,
          registerEmergencyStop: (stop) => {
            emergencyStop = stop;
          },
          onMembershipControls: (controls) => {
            stopKeys = listenForMembershipKeys(controls, (line) => live.log(line));
          },
          observer: {
            log: (line) => live.log(maskSecrets(line, secrets)),
            onSecond: (entry, context) => {
              errorsTotal += Object.values(entry.errors).reduce((a, b) => a + (b ?? 0), 0);
              live.update(
                renderLiveLine({
                  ...entry,
                  elapsedMs: context.elapsedSeconds * 1000,
                  totalMs: context.totalSeconds * 1000,
                  errorsTotal,
                  rebalancing: context.rebalancing,
                }),
              );
            },
          },
        });
      } catch (error) {
        // A failure may quote a client error, and a client error may quote a setting.
        throw maskSecretsInError(error, secrets);
      } finally {
        stopKeys();
        live.finish();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const reportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), plan.name, report.startedAt);
      writeReportAtomically(report, reportPath);
      const htmlPath = htmlPathFor(reportPath);
      writeHtmlReport(report, htmlPath);
      process.stdout.write(renderSummary(report, { color: useColor() }) + thresholdsText(report));
      process.stdout.write(`report: ${reportPath}\nhtml report: ${htmlPath}\n`);
      if (!allThresholdsPassed(report.thresholds)) process.exitCode = ExitCode.thresholdFailed;
      if (report.status === 'aborted') process.exitCode = ExitCode.interrupted;
      if (report.status === 'failed') {
        throw new KbenchError(report.failure?.workerId !== undefined ? 'worker' : 'cluster', report.failure?.message ?? 'the run failed', {
          details: [`partial report: ${reportPath}`],
        });
      }
    });
}
