/**
 * Threshold conditions as users write them: `< 50ms`, `== 0`, `> 20000/s`, `<= 1.5s` (scenario
 * thresholds and `--fail-if`), and `> +10%` (relative to the first report, `--fail-if` only).
 * Bounds are converted to the metric's unit (ms, messages/s, plain count). Pure.
 */
import { closestName } from '../util/edit-distance.js';
import { findMetric, METRIC_NAMES, UNIT_SYNTAX, type MetricDefinition, type MetricUnit } from './metric-vocabulary.js';

export const THRESHOLD_OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** An absolute bound in the metric's unit, or a change relative to a baseline (`0.1` = +10 %). */
export type ThresholdBound = { kind: 'absolute'; value: number } | { kind: 'relative'; fraction: number };

export interface ThresholdCondition {
  operator: ThresholdOperator;
  bound: ThresholdBound;
  /** The condition as written, trimmed: `< 50ms`. */
  text: string;
}

/** A metric and a condition on it, e.g. `e2e.p99 > +10%`. */
export interface ThresholdCriterion {
  metric: MetricDefinition;
  condition: ThresholdCondition;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Multipliers to milliseconds of the duration units. */
const MS_PER_UNIT: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000 };
const RATE_UNITS = new Set(['/s', 'msg/s']);

const CONDITION = /^(<=|>=|==|!=|<|>)\s*([+-]?(?:\d[\d_]*)(?:\.\d+)?|[+-]?\.\d+)\s*(\S*)$/;

/** What a condition on `metric` looks like, for error messages. */
export function expectedConditionText(metric: MetricDefinition, allowRelative: boolean): string {
  const example = { ms: '< 50ms', perSec: '> 20000/s', count: '== 0' }[metric.unit];
  const relative = allowRelative ? ', or a change against the first report such as > +10%' : '';
  return `a condition such as "${example}": one of ${THRESHOLD_OPERATORS.join(' ')} then ${UNIT_SYNTAX[metric.unit]}${relative}`;
}

/**
 * Parses a condition on `metric`. `allowRelative` accepts `+10%` bounds (compare only: a scenario
 * threshold has no baseline). Problems name what was expected.
 */
export function parseCondition(text: string, metric: MetricDefinition, allowRelative: boolean): Parsed<ThresholdCondition> {
  const trimmed = text.trim();
  const expected = expectedConditionText(metric, allowRelative);
  const match = CONDITION.exec(trimmed);
  if (match === null) {
    const bound = /^(<=|>=|==|!=|<|>)\s*(.*)$/.exec(trimmed)?.[2];
    const problem =
      bound !== undefined
        ? `${JSON.stringify(bound)} is not a number with a unit`
        : /^[=!<>]/.test(trimmed)
          ? `unknown operator in ${JSON.stringify(trimmed)}`
          : `no operator in ${JSON.stringify(trimmed)}`;
    return { ok: false, problem: `${problem}: expected ${expected}` };
  }
  const operator = match[1] as ThresholdOperator;
  const numberText = match[2] as string;
  const unit = match[3] as string;
  const number = Number(numberText.replace(/_/g, ''));
  if (!Number.isFinite(number)) return { ok: false, problem: `${JSON.stringify(numberText)} is not a number: expected ${expected}` };
  if (unit === '%') {
    if (!allowRelative) {
      return {
        ok: false,
        problem: `${JSON.stringify(trimmed)} is relative: a change in % needs a baseline report (kbench compare --fail-if); a scenario threshold needs ${UNIT_SYNTAX[metric.unit]}`,
      };
    }
    return { ok: true, value: { operator, bound: { kind: 'relative', fraction: number / 100 }, text: trimmed } };
  }
  if (/^[+]/.test(numberText)) return { ok: false, problem: `a "+" sign marks a change in %, such as +10%; an absolute bound has none: expected ${expected}` };
  const value = toMetricUnit(number, unit, metric.unit);
  if (value === undefined) {
    const unitProblem = unit === '' ? `${JSON.stringify(trimmed)} has no unit` : `unit ${JSON.stringify(unit)} does not fit ${metric.name}`;
    return { ok: false, problem: `${unitProblem}: ${metric.name} needs ${UNIT_SYNTAX[metric.unit]}` };
  }
  return { ok: true, value: { operator, bound: { kind: 'absolute', value }, text: trimmed } };
}

/** `number` written with `unit`, in the metric's unit; undefined when the unit does not fit. */
function toMetricUnit(number: number, unit: string, metricUnit: MetricUnit): number | undefined {
  switch (metricUnit) {
    case 'ms': {
      const factor = MS_PER_UNIT[unit];
      return factor === undefined ? undefined : number * factor;
    }
    case 'perSec':
      return RATE_UNITS.has(unit) ? number : undefined;
    case 'count':
      return unit === '' ? number : undefined;
  }
}

/** The problem with a metric name (unknown, with a "did you mean"), or undefined when it is one. */
export function metricNameProblem(name: string): string | undefined {
  if (findMetric(name) !== undefined) return undefined;
  const suggestion = closestName(name, METRIC_NAMES);
  const families = [...new Set(METRIC_NAMES.map((metric) => `${metric.split('.')[0]}.*`))].join(', ');
  return `unknown metric ${JSON.stringify(name)} (${suggestion === undefined ? `metrics: ${families}; see docs/report-format.md` : `did you mean "${suggestion}"?`})`;
}

/** Parses a whole criterion, `e2e.p99 > +10%` or `throughput.mean < 20000/s` (`--fail-if`). */
export function parseCriterion(text: string, allowRelative: boolean): Parsed<ThresholdCriterion> {
  const match = /^\s*([^\s<>=!]+)\s*([<>=!].*)?$/.exec(text);
  const name = match?.[1];
  if (match === null || name === undefined) {
    return { ok: false, problem: `expected a metric, an operator and a bound such as "e2e.p99 > +10%" or "throughput.mean < 20000/s", got ${JSON.stringify(text)}` };
  }
  const nameProblem = metricNameProblem(name);
  const metric = findMetric(name);
  if (nameProblem !== undefined || metric === undefined) return { ok: false, problem: nameProblem ?? `unknown metric ${name}` };
  const condition = parseCondition(match[2] ?? '', metric, allowRelative);
  if (!condition.ok) return condition;
  return { ok: true, value: { metric, condition: condition.value } };
}

/** Whether `value operator bound` holds. */
export function compareWith(operator: ThresholdOperator, value: number, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
    case '!=':
      return value !== bound;
  }
}
