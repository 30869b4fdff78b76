/** Checks a scenario's thresholds against the report of its run. Pure. */
import type { KbenchReport, ThresholdResult } from '../report/report-types.js';
import { findMetric } from './metric-vocabulary.js';
import { compareWith, parseCondition } from './parse-threshold.js';

/**
 * One result per threshold, in the order given. A metric without a value in the report (no
 * latency sample, no integrity check) fails: a gate that cannot be checked does not pass.
 * Thresholds reach this point validated (`validateScenario`); an invalid one is a bug and throws.
 */
export function evaluateThresholds(thresholds: Record<string, string>, report: KbenchReport): ThresholdResult[] {
  return Object.entries(thresholds).map(([name, conditionText]) => {
    const metric = findMetric(name);
    if (metric === undefined) throw new RangeError(`unvalidated threshold metric ${JSON.stringify(name)}`);
    const parsed = parseCondition(conditionText, metric, false);
    if (!parsed.ok || parsed.value.bound.kind !== 'absolute') throw new RangeError(`unvalidated threshold ${name}: ${conditionText}`);
    const bound = parsed.value.bound.value;
    const actual = metric.read(report);
    return {
      metric: name,
      condition: parsed.value.text,
      bound,
      unit: metric.unit,
      actual,
      passed: actual !== null && compareWith(parsed.value.operator, actual, bound),
    };
  });
}

/** True when every threshold passed (also when there are none). */
export function allThresholdsPassed(results: readonly ThresholdResult[] | undefined): boolean {
  return (results ?? []).every((result) => result.passed);
}
