/**
 * `kbench find-max <scenario> --slo 'produce.p99 < 50ms'`: the highest constant rate the cluster
 * sustains under the SLO, searched step by step on one cluster (src/findmax/). Writes
 * `reports/find-max-<name>-<time>.json` (each step's full report in a folder beside it) and its
 * HTML page; exits 99 when no rate met the SLO.
 */
import { loadShapeOf } from '../workload/loads/load-shapes.js';
import { assertWritableOutput } from './output-paths.js';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, KbenchError } from '../errors.js';
import { renderFindMaxHtml } from '../findmax/render-find-max-html.js';
import { renderFindMaxSummary, renderStepLine, renderStepStart } from '../findmax/render-find-max-console.js';
import { FIND_MAX_TARGETS, parseSlo, sloText, TARGET_MEANINGS, type FindMaxTarget } from '../findmax/judge-step.js';
import { runFindMax } from '../findmax/run-find-max.js';
import { DEFAULT_SEARCH, type SearchSettings } from '../findmax/search.js';
import { findMaxProblems } from '../findmax/step-plan.js';
import { PROJECT_ROOT } from '../paths.js';
import { createStyle } from '../report/console-format.js';
import { defaultReportPath, htmlPathFor, writeTextAtomically } from '../report/write-report.js';
import { parseDuration } from '../util/durations.js';
import type { Plan } from '../scenario/plan-types.js';
import { maskSecrets, planSecrets } from '../scenario/redact-secrets.js';
import { useColor } from './live-output.js';
import { loadPlan, registerPlanOptions, type PlanOptions } from './plan-options.js';
import { progressLine, withRunConsole } from './run-console.js';

interface FindMaxOptions extends PlanOptions {
  slo?: string[];
  target: string;
  budget: string;
  stepDuration: string;
  stepWarmup: string;
  stepDrain: string;
  startRate?: string;
  maxRate?: string;
  precision: string;
  report?: string;
}

/** When the scenario's load gives no rate to start from (unthrottled). */
const DEFAULT_START_RATE = 1_000;

export function registerFindMaxCommand(program: Command): void {
  const command = program
    .command('find-max')
    .description('find the highest constant rate the cluster sustains under an SLO: steps of the scenario at rising rates on one cluster, bracket, bisect, confirm, refute')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts (its load is replaced by a constant total rate per step)');
  registerPlanOptions(command)
    .option('--slo <condition>', "a condition every passing step meets, written like a scenario threshold: 'produce.p99 < 50ms' (repeatable; default by --target: produce.p99 < 50ms, e2e: e2e.p99 < 100ms, consume: e2e.p99 < 1s)", collect)
    .option('--target <what>', `what must keep up: ${FIND_MAX_TARGETS.join(', ')} (consume and e2e: the consumer groups' lag too)`, 'produce')
    .option('--budget <time>', 'time for the whole search, the cluster start and its warm-up included (up to 5 min on a fresh embedded cluster); the answer says when it ran out first', '10m')
    .option('--step-duration <time>', 'measured window of each step', '20s')
    .option('--step-warmup <time>', 'load before each step is measured', '5s')
    .option('--step-drain <time>', "bound on each step's drain (consumers catching up after the producers stop)", '5s')
    .option('--start-rate <msg/s>', "first rate tried, in total (default: the scenario's total rate, or 1000 when unthrottled)")
    .option('--max-rate <msg/s>', 'no rate above this is tried')
    .option('--precision <percent>', 'bisect until the lowest failing rate is within this much of the highest passing one', '10')
    .option('-r, --report <path>', 'where to write the JSON report (default: reports/find-max-<name>-<time>.json)')
    .action(async (scenarioPath: string, options: FindMaxOptions) => {
      if (options.duration !== undefined) {
        throw new KbenchError('usage', 'find-max sets each step\'s measured window with --step-duration, not --duration', { hint: 'e.g. --step-duration 20s --budget 10m' });
      }
      const target = parseTarget(options.target);
      const slo = parseSlo(options.slo ?? [], target);
      const budgetMs = durationOption(options.budget, '--budget');
      const timing = {
        warmupMs: durationOption(options.stepWarmup, '--step-warmup', true),
        durationMs: durationOption(options.stepDuration, '--step-duration'),
        drainMs: durationOption(options.stepDrain, '--step-drain', true),
      };
      const plan = await loadPlan(scenarioPath, options);
      const problems = findMaxProblems(plan, target);
      if (problems.length > 0) {
        throw new KbenchError('usage', `find-max cannot search with this scenario`, { details: problems, hint: 'use a scenario with steady producers and consumers (no faults, no consumer steps)' });
      }
      const maxRate = options.maxRate === undefined ? null : rateOption(options.maxRate, '--max-rate');
      const startRate = Math.min(options.startRate === undefined ? scenarioRate(plan) : rateOption(options.startRate, '--start-rate'), maxRate ?? Number.POSITIVE_INFINITY);
      const precision = Number(options.precision);
      if (!Number.isFinite(precision) || precision <= 0 || precision > 100) throw new KbenchError('usage', `--precision expects a percentage above 0 and at most 100, got "${options.precision}"`);
      const settings: SearchSettings = { ...DEFAULT_SEARCH, startRate, maxRate, precision: precision / 100 };

      const reportPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), `find-max-${plan.name}`, new Date());
      const stepsDir = reportPath.replace(/\.json$/i, '') + '-steps';
      // Checked now: a search's results must not be lost at its very end.
      assertWritableOutput('the find-max report', reportPath, [scenarioPath]);
      assertWritableOutput('the find-max page', htmlPathFor(reportPath), [scenarioPath]);
      assertWritableOutput('the step reports', join(stepsDir, 'step-1.json'), [scenarioPath]);
      const secrets = planSecrets(plan);
      const color = useColor();
      const style = createStyle(color);
      const result = await withRunConsole({ secrets, firstInterrupt: "stopping the search after this step's run" }, (terminal) => {
        const { log, live } = terminal;
        log(`find-max ${plan.name}: target ${target} (${TARGET_MEANINGS[target]}), SLO ${sloText(slo)}${slo.defaulted ? ' (the default for this target: give --slo to change it)' : ''}`);
        log(`steps: ${options.stepWarmup} warm-up + ${options.stepDuration} measured from ${startRate} msg/s${maxRate === null ? '' : ` up to ${maxRate} msg/s`}, budget ${options.budget}`);
        let line = progressLine();
        return runFindMax({
          plan,
          slo,
          target,
          settings,
          budgetMs,
          timing,
          stepsDir,
          reportDir: dirname(reportPath),
          interrupt: terminal.interrupt,
          registerEmergencyStop: terminal.registerEmergencyStop,
          observer: {
            log,
            onStepStart: (step) => {
              line = progressLine();
              live.log(renderStepStart(step.index, step.rate, step.purpose, step.remainingMs));
            },
            onSecond: (entry, context) => live.update(line(entry, context)),
            onStepEnd: (step, remainingMs) => {
              live.finish();
              live.log(maskSecrets(renderStepLine(step, slo.latencyGroup, remainingMs, style), secrets));
            },
          },
        });
      });
      const { report } = result;
      writeTextAtomically(`${JSON.stringify(report, null, 2)}\n`, reportPath);
      const htmlPath = htmlPathFor(reportPath);
      writeTextAtomically(renderFindMaxHtml(report), htmlPath);
      process.stdout.write(maskSecrets(renderFindMaxSummary(report, { color }), secrets));
      process.stdout.write(`report: ${reportPath}\nhtml report: ${htmlPath}\nstep reports: ${stepsDir}\n`);
      if (report.status === 'aborted') {
        process.exitCode = ExitCode.interrupted;
        return;
      }
      if (report.status === 'failed') {
        throw new KbenchError('worker', report.failure ?? 'a step failed', { details: [`partial report: ${reportPath}`] });
      }
      if (report.answer.rate === null) process.exitCode = ExitCode.thresholdFailed;
    });
}

/** The scenario's total rate (constant rates, the peak of ramps); the default when any producer is unthrottled. */
function scenarioRate(plan: Plan): number {
  let total = 0;
  for (const producer of plan.producers) {
    const { load } = producer;
    const peak = loadShapeOf(load).peakRatePerSec(load);
    if (peak === undefined) return DEFAULT_START_RATE;
    total += peak;
  }
  return Math.max(1, Math.round(total));
}

function parseTarget(text: string): FindMaxTarget {
  if (!(FIND_MAX_TARGETS as readonly string[]).includes(text)) throw new KbenchError('usage', `--target expects ${FIND_MAX_TARGETS.join(', ')}, got "${text}"`);
  return text as FindMaxTarget;
}

function durationOption(text: string, name: string, zeroAllowed = false): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0 || (!zeroAllowed && ms === 0)) throw new KbenchError('usage', `${name} expects a duration such as 20s or 5m, got "${text}"`);
  return ms;
}

function rateOption(text: string, name: string): number {
  const rate = Number(text.replace(/_/g, '').replace(/(msg)?\/s$/, ''));
  if (!Number.isFinite(rate) || rate < 1) throw new KbenchError('usage', `${name} expects messages per second, at least 1, got "${text}"`);
  return Math.round(rate);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
