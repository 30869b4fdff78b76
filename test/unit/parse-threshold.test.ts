import { describe, expect, it } from 'vitest';
import { findMetric, METRICS, METRIC_NAMES } from '../../src/thresholds/metric-vocabulary.js';
import { compareWith, metricNameProblem, parseCondition, parseCriterion } from '../../src/thresholds/parse-threshold.js';

function metric(name: string) {
  const found = findMetric(name);
  if (found === undefined) throw new Error(`no metric ${name}`);
  return found;
}

describe('the metric vocabulary', () => {
  it('has unique names and the metrics the docs promise', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRIC_NAMES.length);
    for (const name of ['produce.p50', 'produce.p999', 'produceResponse.max', 'e2e.p99', 'e2e.mean', 'throughput.mean', 'throughput.min', 'consumed.mean', 'counts.failed', 'counts.notAttempted', 'errors.total', 'errors.timeout', 'rebalance.pauseMs', 'rebalance.count', 'integrity.lost', 'integrity.reordered']) {
      expect(METRIC_NAMES, name).toContain(name);
    }
  });

  it('knows which way is better', () => {
    expect(metric('throughput.mean').higherIsBetter).toBe(true);
    expect(metric('e2e.p99').higherIsBetter).toBe(false);
    expect(metric('counts.failed').higherIsBetter).toBe(false);
    expect(METRICS.filter((m) => m.unit === 'ms').every((m) => !m.higherIsBetter)).toBe(true);
  });
});

describe('parseCondition', () => {
  it.each([
    ['e2e.p99', '< 50ms', '<', 50],
    ['e2e.p99', '<=1.5s', '<=', 1500],
    ['produce.p999', '<= 200 ms', '<=', 200],
    ['produce.p50', '> 800us', '>', 0.8],
    ['produce.p50', '> 800µs', '>', 0.8],
    ['rebalance.pauseMs', '< 2m', '<', 120_000],
    ['throughput.mean', '> 20000/s', '>', 20_000],
    ['throughput.mean', '>= 20_000msg/s', '>=', 20_000],
    ['counts.failed', '== 0', '==', 0],
    ['errors.total', '!= 3', '!=', 3],
  ])('%s %s', (name, text, operator, value) => {
    const parsed = parseCondition(text, metric(name), false);
    expect(parsed).toEqual({ ok: true, value: { operator, bound: { kind: 'absolute', value }, text: text.trim() } });
  });

  it('reads relative bounds only where allowed', () => {
    expect(parseCondition('> +10%', metric('e2e.p99'), true)).toEqual({ ok: true, value: { operator: '>', bound: { kind: 'relative', fraction: 0.1 }, text: '> +10%' } });
    expect(parseCondition('< -5%', metric('throughput.mean'), true)).toMatchObject({ ok: true, value: { bound: { kind: 'relative', fraction: -0.05 } } });
    const refused = parseCondition('> +10%', metric('e2e.p99'), false);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem).toContain('needs a baseline report (kbench compare --fail-if)');
  });

  it.each([
    ['e2e.p99', '50ms', 'no operator in "50ms"'],
    ['e2e.p99', '=< 50ms', 'unknown operator in "=< 50ms"'],
    ['e2e.p99', '≤ 50ms', 'no operator'],
    ['e2e.p99', '< 50', '"< 50" has no unit: e2e.p99 needs a duration with its unit, e.g. 50ms'],
    ['e2e.p99', '< 50/s', 'unit "/s" does not fit e2e.p99'],
    ['throughput.mean', '> 20000', 'throughput.mean needs a rate in messages per second, e.g. 20000/s'],
    ['throughput.mean', '> 20MB/s', 'unit "MB/s" does not fit throughput.mean'],
    ['counts.failed', '== 0ms', 'unit "ms" does not fit counts.failed: counts.failed needs a plain number'],
    ['counts.failed', '== +3', 'a "+" sign marks a change in %'],
    ['counts.failed', '== lots', '"lots" is not a number with a unit: expected a condition such as "== 0"'],
  ])('%s %s is refused', (name, text, problem) => {
    const parsed = parseCondition(text, metric(name), false);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('parseCriterion and metric names', () => {
  it('parses a whole --fail-if criterion', () => {
    const parsed = parseCriterion('e2e.p99 > +10%', true);
    expect(parsed.ok && parsed.value.metric.name).toBe('e2e.p99');
    expect(parsed.ok && parsed.value.condition.bound).toEqual({ kind: 'relative', fraction: 0.1 });
    expect(parseCriterion('throughput.mean<20000/s', true)).toMatchObject({ ok: true, value: { condition: { operator: '<', bound: { value: 20_000 } } } });
  });

  it('suggests the closest metric name', () => {
    expect(metricNameProblem('e2e.p9999')).toBe('unknown metric "e2e.p9999" (did you mean "e2e.p999"?)');
    expect(metricNameProblem('troughput.mean')).toContain('did you mean "throughput.mean"?');
    expect(metricNameProblem('latency')).toContain('metrics: produce.*, produceResponse.*, e2e.*, throughput.*');
    expect(metricNameProblem('e2e.p99')).toBeUndefined();
    const parsed = parseCriterion('e2e.p99x > +10%', true);
    expect(parsed.ok === false && parsed.problem).toContain('did you mean "e2e.p99"?');
    expect(parseCriterion('', true).ok).toBe(false);
  });

  it('compares with every operator', () => {
    expect([compareWith('<', 1, 2), compareWith('<=', 2, 2), compareWith('>', 3, 2), compareWith('>=', 2, 2), compareWith('==', 2, 2), compareWith('!=', 2, 2)]).toEqual([true, true, true, true, true, false]);
    expect([compareWith('<', 2, 2), compareWith('>', 2, 2)]).toEqual([false, false]);
  });
});
