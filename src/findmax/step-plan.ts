/**
 * The plan of one find-max step: the scenario's plan with every producer's load replaced by a
 * constant rate, the total `rate` split across producers in proportion to their scenario rates
 * (evenly when the scenario's load is unthrottled), the step's own warm-up and measured window,
 * and a short drain. Pure.
 */
import { loadShapeOf } from '../workload/loads/load-shapes.js';
import type { Plan, PlannedProducer } from '../scenario/plan-types.js';
import { RATED_MAX_IN_FLIGHT } from '../scenario/resolve-scenario.js';

export interface StepTiming {
  /** Per step: load before measuring, ms. */
  warmupMs: number;
  /** Per step: the measured window, ms. */
  durationMs: number;
  /** Per step: bound on the consumers' catching up after the producers stop, ms. */
  drainMs: number;
}

/** Why a scenario cannot be searched (steady load needed), one sentence each; empty when it can. */
export function findMaxProblems(plan: Plan, target: 'produce' | 'consume' | 'e2e'): string[] {
  const problems: string[] = [];
  if (plan.producers.length === 0) problems.push('the scenario has no producers: find-max varies the producers\' rate');
  if (plan.faults.length > 0) problems.push(`the scenario injects ${plan.faults.length} broker fault(s): find-max needs a steady system`);
  const withSteps = plan.consumerGroups.filter((group) => group.schedule.length > 0).map((group) => group.groupId);
  if (withSteps.length > 0) problems.push(`consumer group(s) ${withSteps.join(', ')} change membership during the run: find-max needs a steady system`);
  if (target !== 'produce' && plan.consumerGroups.length === 0) problems.push(`--target ${target} needs a consumer group: the scenario has none`);
  return problems;
}

/** Each producer's share of the total rate: its scenario rate over the sum (the peak of a ramp), or equal shares when any is unthrottled. */
export function rateShares(producers: readonly PlannedProducer[]): number[] {
  const rates = producers.map(({ load }) => loadShapeOf(load).peakRatePerSec(load) ?? null);
  const total = rates.reduce<number>((a, b) => a + (b ?? 0), 0);
  if (rates.some((rate) => rate === null) || !(total > 0)) return producers.map(() => 1 / producers.length);
  return rates.map((rate) => (rate as number) / total);
}

/** The plan of a step at `rate` messages per second in total. */
export function stepPlan(plan: Plan, rate: number, timing: StepTiming): Plan {
  const shares = rateShares(plan.producers);
  const producers = plan.producers.map((producer, index) => ({
    ...producer,
    load: { type: 'constant' as const, ratePerSec: rate * (shares[index] ?? 0) },
    // A closed loop's in-flight bound was its load; a rated step takes the rated bound.
    maxInFlight: loadShapeOf(producer.load).maxInFlight(producer.load) === undefined ? producer.maxInFlight : RATED_MAX_IN_FLIGHT,
  }));
  const runMs = timing.warmupMs + timing.durationMs;
  return {
    ...plan,
    warmupMs: timing.warmupMs,
    durationMs: timing.durationMs,
    drainMs: timing.drainMs,
    producers,
    expectedMessages: producers.reduce((total, producer) => total + Math.round((producer.load.ratePerSec * runMs) / 1000), 0),
    // A step is judged by find-max's SLO, not the scenario's own thresholds.
    thresholds: {},
  };
}
