/**
 * When each part of a run happens, computed once from the plan and the start time: the load
 * starts at `startUs`, is measured from `measureFromUs` (the end of the warm-up), the producers
 * stop at `producersEndUs`, and the drain is bounded by `drainEndUs`. All times are monotonic µs
 * (`metrics/clock.ts`). Pure.
 */
import type { RunPhase } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
/** Bounds on the producers' flush when they stop at the end: the drain's bound, within these. */
export const PRODUCER_FLUSH_MIN_MS = 5_000;
export const PRODUCER_FLUSH_MAX_MS = 30_000;

export interface RunTimeline {
  startUs: number;
  /** The end of the warm-up: statistics start here. */
  measureFromUs: number;
  /** When the producers stop sending (the schedule's end). */
  producersEndUs: number;
  /** The drain's bound: consumers catching up stop being waited for here. */
  drainEndUs: number;
  /** Seconds from the start to the producers' end, rounded up: the live line's total. */
  totalSeconds: number;
  /** How long the producers may flush when they stop at the end. */
  producerFlushTimeoutMs: number;
}

export function runTimeline(plan: Pick<Plan, 'warmupMs' | 'durationMs' | 'drainMs'>, startUs: number): RunTimeline {
  const measureFromUs = startUs + plan.warmupMs * US_PER_MS;
  const producersEndUs = measureFromUs + plan.durationMs * US_PER_MS;
  return {
    startUs,
    measureFromUs,
    producersEndUs,
    drainEndUs: producersEndUs + plan.drainMs * US_PER_MS,
    totalSeconds: Math.ceil((producersEndUs - startUs) / US_PER_SECOND),
    producerFlushTimeoutMs: Math.max(PRODUCER_FLUSH_MIN_MS, Math.min(plan.drainMs, PRODUCER_FLUSH_MAX_MS)),
  };
}

/** The start of the run's second `second` (0-based). */
export function secondStartUs(timeline: RunTimeline, second: number): number {
  return timeline.startUs + second * US_PER_SECOND;
}

/** The end of the run's second `second`: when its tick is due. */
export function secondEndUs(timeline: RunTimeline, second: number): number {
  return secondStartUs(timeline, second + 1);
}

export function phaseAt(timeline: RunTimeline, us: number): RunPhase {
  return us < timeline.measureFromUs ? 'warmup' : us < timeline.producersEndUs ? 'measure' : 'drain';
}

/** How long the load ran in the warm-up and in the measured window, given when the producers actually stopped. */
export function loadDurationsMs(timeline: RunTimeline, producersStoppedUs: number): { warmupRunMs: number; measuredRunMs: number } {
  return {
    warmupRunMs: Math.max(0, Math.min(producersStoppedUs, timeline.measureFromUs) - timeline.startUs) / US_PER_MS,
    measuredRunMs: Math.max(0, producersStoppedUs - timeline.measureFromUs) / US_PER_MS,
  };
}

/** Seconds from the start to `us` (fractional). */
export function secondsSinceStart(timeline: RunTimeline, us: number): number {
  return (us - timeline.startUs) / US_PER_SECOND;
}
