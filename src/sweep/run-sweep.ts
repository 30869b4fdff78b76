/**
 * Runs a sweep: every variant's plan on one cluster (`RunSession`: acquired once, the first run
 * warms it, later ones find it warm), in the interleaved order of `sweep-order.ts`, with a
 * progress line before each run (variant, round, an estimate of the time left). Stops early on
 * an interrupt (the current run reports `aborted`) or when a run throws; returns what ran.
 */
import { errorMessage } from '../errors.js';
import type { RunObserver } from '../runner/run-scenario.js';
import { RunSession } from '../runner/run-session.js';
import type { Plan } from '../scenario/plan-types.js';
import type { SweepVariant } from './sweep-grid.js';
import type { ScheduledRun } from './sweep-order.js';
import type { SweepRun } from './sweep-types.js';

export interface SweepProgress {
  run: ScheduledRun;
  totalRuns: number;
  rounds: number;
  variant: SweepVariant;
  variantCount: number;
  /** Estimated time until the sweep ends, ms (this run included). */
  remainingMs: number;
}

export interface RunSweepOptions {
  /** One plan per variant, by variant index. */
  plans: readonly Plan[];
  variants: readonly SweepVariant[];
  order: readonly ScheduledRun[];
  rounds: number;
  /** Log lines and per-second entries of each run (the run's own observer). */
  observer: (progress: SweepProgress) => RunObserver;
  onProgress: (progress: SweepProgress) => void;
  log: (line: string) => void;
  interrupt?: AbortSignal;
  registerEmergencyStop?: (stop: () => Promise<void>) => void;
}

export interface SweepOutcome {
  runs: Array<SweepRun & { variant: number }>;
  status: 'completed' | 'aborted' | 'failed';
  failure?: string;
}

/** Time a run takes beyond its warm-up and measured duration (start, topic, drain, report), for the first estimate. */
const RUN_OVERHEAD_MS = 8_000;

/**
 * Estimated time left before `sequence` starts running: the remaining runs' planned times, scaled
 * by how long the runs so far took against their plan (the first run, which may start and warm
 * the cluster, is left out once others are known).
 */
export function estimateRemainingMs(plans: readonly Plan[], order: readonly ScheduledRun[], sequence: number, done: ReadonlyArray<{ sequence: number; variant: number; wallMs: number }>): number {
  const planned = (variant: number): number => {
    const plan = plans[variant];
    return plan === undefined ? RUN_OVERHEAD_MS : plan.warmupMs + plan.durationMs + RUN_OVERHEAD_MS;
  };
  const known = done.length > 1 ? done.filter((run) => run.sequence > 0) : done;
  const ratio = known.length === 0 ? 1 : known.reduce((sum, run) => sum + run.wallMs, 0) / known.reduce((sum, run) => sum + planned(run.variant), 0);
  return order.slice(sequence).reduce((sum, run) => sum + planned(run.variant) * ratio, 0);
}

export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const { plans, order } = options;
  const firstPlan = plans[order[0]?.variant ?? 0];
  if (firstPlan === undefined) throw new RangeError('runSweep needs at least one plan');
  const session = await RunSession.open(firstPlan, options.log);
  // One emergency stop for the caller: the current run's (its workers), then the session's cluster.
  let stopCurrentRun: (() => Promise<void>) | undefined;
  options.registerEmergencyStop?.(async () => {
    await stopCurrentRun?.().catch(() => {});
    await session.close();
  });
  const runs: SweepOutcome['runs'] = [];
  try {
    for (const scheduled of order) {
      if (options.interrupt?.aborted) return { runs, status: 'aborted' };
      const plan = plans[scheduled.variant];
      const variant = options.variants[scheduled.variant];
      if (plan === undefined || variant === undefined) throw new RangeError(`no plan for variant ${scheduled.variant}`);
      const progress: SweepProgress = {
        run: scheduled,
        totalRuns: order.length,
        rounds: options.rounds,
        variant,
        variantCount: options.variants.length,
        remainingMs: estimateRemainingMs(plans, order, scheduled.sequence, runs),
      };
      options.onProgress(progress);
      const started = Date.now();
      let report;
      try {
        report = await session.run(plan, {
          observer: options.observer(progress),
          ...(options.interrupt ? { interrupt: options.interrupt } : {}),
          registerEmergencyStop: (stop) => {
            stopCurrentRun = stop;
          },
        });
      } catch (error) {
        stopCurrentRun = undefined;
        return { runs, status: 'failed', failure: `run ${scheduled.sequence + 1} (${variant.label}): ${errorMessage(error)}` };
      }
      stopCurrentRun = undefined;
      runs.push({ sequence: scheduled.sequence, round: scheduled.round, variant: scheduled.variant, wallMs: Date.now() - started, report });
      if (report.status === 'aborted') return { runs, status: 'aborted' };
    }
    return { runs, status: 'completed' };
  } finally {
    await session.close();
  }
}
