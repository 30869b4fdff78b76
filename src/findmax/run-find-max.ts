/**
 * Runs `kbench find-max`: one cluster for the whole search (`RunSession`: the first step warms
 * it), then step after step as the pure search (`search.ts`) asks, each a run of the scenario at a
 * constant total rate (`step-plan.ts`) judged against the SLO (`judge-step.ts`), until the search
 * answers, the budget runs out, or the user interrupts. Writes each step's full report into
 * `stepsDir` as it goes; returns the find-max report (the caller writes it).
 */
import { mkdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { errorMessage } from '../errors.js';
import type { KbenchReport, TimelineEntry } from '../report/report-types.js';
import type { ClusterWarmupReport } from '../report/validity-types.js';
import { writeReportAtomically } from '../report/write-report.js';
import { RunSession } from '../runner/run-session.js';
import type { SecondContext } from '../runner/run-scenario.js';
import type { Plan } from '../scenario/plan-types.js';
import { FIND_MAX_KIND, FIND_MAX_SCHEMA_VERSION, type FindMaxReport, type FindMaxStepReport } from './find-max-types.js';
import { judgeStep, type FindMaxSlo, type FindMaxTarget } from './judge-step.js';
import { nextAction, recordStep, startSearch, type SearchAnswer, type SearchSettings, type StepPurpose } from './search.js';
import { stepPlan, type StepTiming } from './step-plan.js';

/** Time a step takes beyond its warm-up and measured window (workers, topic, drain, log check), before one has been timed. */
const STEP_OVERHEAD_ESTIMATE_MS = 10_000;

export interface FindMaxObserver {
  log(line: string): void;
  /** A step is about to run. */
  onStepStart(step: { index: number; rate: number; purpose: StepPurpose; remainingMs: number }): void;
  /** Each second of a step's run. */
  onSecond(entry: TimelineEntry, context: SecondContext): void;
  /** A step's verdict, with the time left in the budget. */
  onStepEnd(step: FindMaxStepReport, remainingMs: number): void;
}

export interface FindMaxInput {
  /** The scenario's resolved plan (find-max replaces its load, warm-up, duration and drain per step). */
  plan: Plan;
  slo: FindMaxSlo;
  target: FindMaxTarget;
  settings: SearchSettings;
  budgetMs: number;
  timing: StepTiming;
  /** Where each step's full report goes (created when missing). */
  stepsDir: string;
  /** Step report paths in the find-max report are relative to this folder (the find-max report's). */
  reportDir: string;
  observer: FindMaxObserver;
  interrupt?: AbortSignal;
  registerEmergencyStop?: (stop: () => Promise<void>) => void;
}

export interface FindMaxResult {
  report: FindMaxReport;
  clusterWarmup: ClusterWarmupReport | undefined;
}

export async function runFindMax(input: FindMaxInput): Promise<FindMaxResult> {
  const { plan, observer, settings } = input;
  const startedMs = Date.now();
  const deadlineMs = startedMs + input.budgetMs;
  let state = startSearch(settings);
  const steps: FindMaxStepReport[] = [];
  const wallTimes: number[] = [];
  let status: FindMaxReport['status'] = 'completed';
  let failure: string | undefined;
  let answer: SearchAnswer | undefined;
  let clusterWarmup: ClusterWarmupReport | undefined;
  mkdirSync(input.stepsDir, { recursive: true });

  const session = await RunSession.open(plan, observer.log);
  try {
    for (;;) {
      if (input.interrupt?.aborted) {
        status = 'aborted';
        failure = 'interrupted';
        break;
      }
      const remainingMs = deadlineMs - Date.now();
      const action = nextAction(state, { remainingMs, stepMs: estimateStepMs(wallTimes, input.timing) });
      if (action.kind === 'done') {
        answer = action.answer;
        break;
      }
      const index = steps.length + 1;
      observer.onStepStart({ index, rate: action.rate, purpose: action.purpose, remainingMs });
      const stepStartedMs = Date.now();
      let report: KbenchReport;
      try {
        report = await session.run(stepPlan(plan, action.rate, input.timing), {
          observer: { log: (line) => observer.log(`  ${line}`), onSecond: (entry, context) => observer.onSecond(entry, context) },
          ...(input.interrupt ? { interrupt: input.interrupt } : {}),
          // A second Ctrl-C: the run's workers, then the session's cluster (a run leaves a cluster it borrowed alone).
          registerEmergencyStop: (stop) =>
            input.registerEmergencyStop?.(async () => {
              await stop();
              await session.close();
            }),
        });
      } catch (error) {
        status = 'failed';
        failure = `step ${index} (${action.rate} msg/s) could not run: ${errorMessage(error)}`;
        break;
      }
      const wallMs = Date.now() - stepStartedMs;
      if (index > 1) wallTimes.push(wallMs);
      if (index === 1) clusterWarmup = report.clusterWarmup;
      const stepReport = writeStepReport(report, input, index, action.rate);
      const judgement = judgeStep(report, input.slo, input.target);
      const latency = report.latency[input.slo.latencyGroup];
      const step: FindMaxStepReport = {
        index,
        rate: action.rate,
        purpose: action.purpose,
        passed: judgement.passed,
        reasons: judgement.reasons,
        offeredPerSec: judgement.saturation.offeredPerSec,
        sustainedPerSec: judgement.saturation.sustainedPerSec,
        consumedPerSec: plan.consumerGroups.length === 0 ? null : report.throughput.consumed.meanPerSec,
        latencyP50Ms: latency.count === 0 ? null : latency.p50,
        latencyP99Ms: latency.count === 0 ? null : latency.p99,
        slo: judgement.slo,
        saturation: judgement.saturation.verdict,
        validity: judgement.validity.verdict,
        status: report.status,
        startedAt: new Date(stepStartedMs).toISOString(),
        wallMs,
        stepReport,
      };
      steps.push(step);
      observer.onStepEnd(step, deadlineMs - Date.now());
      if (report.status === 'aborted') {
        status = 'aborted';
        failure = 'interrupted';
        break;
      }
      if (report.status === 'failed') {
        status = 'failed';
        failure = `step ${index} (${action.rate} msg/s) failed: ${report.failure?.message ?? 'unknown reason'}`;
        break;
      }
      state = recordStep(state, { rate: action.rate, purpose: action.purpose, passed: judgement.passed });
    }
  } finally {
    await session.close();
  }

  const endedMs = Date.now();
  const final: SearchAnswer = answer ?? {
    outcome: state.passed === null ? 'none' : 'not-confirmed',
    rate: state.passed,
    failedRate: state.failed,
    reason: `the search was cut short (${failure ?? 'stopped'}): ${state.passed === null ? 'no rate met the SLO so far' : `${state.passed} msg/s is the best rate so far, NOT confirmed`}`,
  };
  const report: FindMaxReport = {
    kind: FIND_MAX_KIND,
    schemaVersion: FIND_MAX_SCHEMA_VERSION,
    status,
    scenario: { name: plan.name, file: plan.scenarioFile, client: plan.client },
    target: input.target,
    slo: input.slo.conditions,
    sloDefaulted: input.slo.defaulted,
    latencyMetric: input.slo.latencyGroup,
    search: {
      ...settings,
      budgetMs: input.budgetMs,
      stepWarmupMs: input.timing.warmupMs,
      stepDurationMs: input.timing.durationMs,
      stepDrainMs: input.timing.drainMs,
    },
    answer: {
      outcome: final.outcome,
      rate: final.rate,
      confirmed: final.outcome === 'confirmed',
      bracket: { passed: final.rate, failed: final.failedRate },
      reason: final.reason,
    },
    ...(clusterWarmup ? { clusterWarmup: { outcome: clusterWarmup.outcome, reason: clusterWarmup.reason, durationMs: clusterWarmup.durationMs } } : {}),
    startedAt: new Date(startedMs).toISOString(),
    endedAt: new Date(endedMs).toISOString(),
    elapsedMs: endedMs - startedMs,
    steps,
    ...(failure !== undefined ? { failure } : {}),
  };
  return { report, clusterWarmup };
}

/** How long the next step will take: the longest of the steps after the first (the first includes the cluster warm-up), else the plan plus an overhead. */
function estimateStepMs(wallTimes: readonly number[], timing: StepTiming): number {
  if (wallTimes.length === 0) return timing.warmupMs + timing.durationMs + STEP_OVERHEAD_ESTIMATE_MS;
  return Math.max(...wallTimes.slice(-5));
}

function writeStepReport(report: KbenchReport, input: FindMaxInput, index: number, rate: number): string | null {
  const path = join(input.stepsDir, `step-${String(index).padStart(2, '0')}-${rate}.json`);
  try {
    writeReportAtomically(report, path);
    return relative(input.reportDir, path) || basename(path);
  } catch (error) {
    input.observer.log(`warning: could not write step ${index}'s report to ${path}: ${errorMessage(error)}`);
    return null;
  }
}
