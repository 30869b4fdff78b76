/**
 * `kbench sweep <scenario> --vary PATH=V1,V2,… [--vary …] [--repeat N]`: every combination of the
 * values, run interleaved on one cluster, written as one bundle (JSON + HTML) with a summary table.
 */
import { assertWritableOutput } from './output-paths.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, KbenchError, isKbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { formatDurationMs } from '../report/console-format.js';
import { defaultReportPath, htmlPathFor, writeTextAtomically } from '../report/write-report.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Plan } from '../scenario/plan-types.js';
import { maskSecrets, planSecrets } from '../scenario/redact-secrets.js';
import { resolveScenario } from '../scenario/resolve-scenario.js';
import { renderSweepSummary } from '../sweep/render-sweep-console.js';
import { renderSweepHtml } from '../sweep/render-sweep-html.js';
import { runSweep, estimateRemainingMs } from '../sweep/run-sweep.js';
import { parseVaryOptions, VARY_OPTION_HELP } from '../sweep/sweep-axis.js';
import { buildSweepBundle } from '../sweep/sweep-bundle.js';
import { variantScenarios } from '../sweep/sweep-grid.js';
import { DEFAULT_SWEEP_REPEAT, MAX_SWEEP_REPEAT, sweepRunOrder } from '../sweep/sweep-order.js';
import { useColor } from './live-output.js';
import { parseOverrides, registerPlanOptions, type PlanOptions } from './plan-options.js';
import { seriesConsole, withRunConsole } from './run-console.js';
import { parseStepOption, withSteps } from './step-option.js';

interface SweepCommandOptions extends PlanOptions {
  vary?: string[];
  repeat?: string;
  report?: string;
}

export function registerSweepCommand(program: Command): void {
  const command = program
    .command('sweep')
    .description('run a scenario once per combination of field values (--vary), interleaved and repeated on one cluster, and write one bundle comparing them')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts');
  registerPlanOptions(command)
    .option('--vary <path=values>', VARY_OPTION_HELP, (value: string, previous: string[] = []) => [...previous, value])
    .option('--repeat <rounds>', `rounds over every variant, each in the reverse order of the one before (default ${DEFAULT_SWEEP_REPEAT})`)
    .option('-r, --report <path>', 'where to write the JSON bundle (default: reports/sweep-<name>-<time>.json; the HTML page next to it)')
    .action(async (scenarioPath: string, options: SweepCommandOptions) => {
      const axes = parseVaryOptions(options.vary ?? []);
      const repeat = parseRepeat(options.repeat);
      const overrides = parseOverrides(options);
      const steps = (options.step ?? []).map(parseStepOption);
      const { scenario, file } = await loadScenario(scenarioPath);
      const variants = variantScenarios(withSteps(scenario, steps), axes);
      const plans: Plan[] = variants.map(({ variant, scenario: varied }) => {
        try {
          return resolveScenario(varied, file, overrides);
        } catch (error) {
          if (!isKbenchError(error)) throw error;
          throw new KbenchError(error.kind, `variant ${variant.index + 1} (${variant.label}): ${error.message}`, { details: error.details, ...(error.hint ? { hint: error.hint } : {}) });
        }
      });
      const order = sweepRunOrder(variants.length, repeat);
      const firstPlan = plans[0] as Plan;
      // Checked now: a sweep's results must not be lost at its very end.
      const plannedPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), `sweep-${firstPlan.name}`, new Date().toISOString());
      assertWritableOutput('the sweep bundle', plannedPath, [scenarioPath]);
      assertWritableOutput('the sweep page', htmlPathFor(plannedPath), [scenarioPath]);
      const secrets = plans.flatMap(planSecrets);
      const startedAt = new Date();
      const outcome = await withRunConsole({ secrets, firstInterrupt: 'stopping the sweep after the current run is stopped' }, (terminal) => {
        terminal.live.log(
          `sweep ${firstPlan.name}: ${variants.length} variants × ${repeat} ${repeat === 1 ? 'round' : 'rounds'} = ${order.length} runs, interleaved on one cluster (about ${formatDurationMs(estimateRemainingMs(plans, order, 0, []))})`,
        );
        return runSweep({
          plans,
          variants: variants.map(({ variant }) => variant),
          order,
          rounds: repeat,
          ...seriesConsole(terminal, (progress) => `variant ${progress.variant.index + 1}/${progress.variantCount}: ${progress.variant.label} · about ${formatDurationMs(progress.remainingMs)} left`),
        });
      });
      const bundle = buildSweepBundle({
        name: firstPlan.name,
        scenarioFile: file,
        status: outcome.status,
        ...(outcome.failure === undefined ? {} : { failure: maskSecrets(outcome.failure, secrets) }),
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        repeat,
        axes,
        variants: variants.map(({ variant }) => variant),
        order,
        runs: outcome.runs,
      });
      const bundlePath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), `sweep-${firstPlan.name}`, startedAt);
      writeTextAtomically(`${JSON.stringify(bundle, null, 2)}\n`, bundlePath);
      const htmlPath = htmlPathFor(bundlePath);
      writeTextAtomically(renderSweepHtml(bundle), htmlPath);
      process.stdout.write(renderSweepSummary(bundle, { color: useColor() }));
      process.stdout.write(`sweep bundle: ${bundlePath}\nhtml page: ${htmlPath}\n`);
      if (outcome.status === 'aborted') process.exitCode = ExitCode.interrupted;
      if (outcome.status === 'failed') {
        throw new KbenchError('cluster', outcome.failure ?? 'a run of the sweep failed', { details: [`partial bundle: ${bundlePath}`] });
      }
    });
}

function parseRepeat(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SWEEP_REPEAT;
  const repeat = Number(text);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_SWEEP_REPEAT) {
    throw new KbenchError('usage', `--repeat expects a whole number from 1 to ${MAX_SWEEP_REPEAT}, got "${text}"`);
  }
  return repeat;
}
