import { describe, expect, it } from 'vitest';
import { assessSettled, DEFAULT_SETTLE_RULE, describeSettleRule, type SettleSecond } from '../../src/metrics/settle-rule.js';

function second(overrides: Partial<SettleSecond> = {}): SettleSecond {
  return { offeredPerSec: 2000, ackedPerSec: 2000, notAttemptedPerSec: 0, produceP99Ms: 30, inFlight: 40, ...overrides };
}

function steady(count: number, overrides: Partial<SettleSecond> = {}): SettleSecond[] {
  return Array.from({ length: count }, () => second(overrides));
}

describe('assessSettled', () => {
  it('needs two full windows before it can say settled', () => {
    expect(assessSettled(steady(9))).toEqual({ settled: false, pending: '9/10 s observed' });
    expect(assessSettled(steady(10))).toEqual({ settled: true, pending: null });
  });

  it('is not settled while the cluster acknowledges less than it is offered', () => {
    const verdict = assessSettled([...steady(5), ...steady(5, { ackedPerSec: 1500 })]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toMatch(/acknowledging 75 %/);
  });

  it('is not settled while messages are dropped as not attempted', () => {
    const verdict = assessSettled([...steady(5, { notAttemptedPerSec: 100 }), ...steady(5)]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toMatch(/not attempted/);
  });

  it('is not settled while the in-flight backlog grows', () => {
    const growing = steady(5).map((s, i) => ({ ...s, inFlight: 40 + i * 500 }));
    const verdict = assessSettled([...steady(5), ...growing]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toMatch(/in-flight growing/);
  });

  it('is not settled while p99 still improves window over window (a compiling JVM)', () => {
    const verdict = assessSettled([...steady(5, { produceP99Ms: 120 }), ...steady(5, { produceP99Ms: 40 })]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toMatch(/still improving \(120\.0 → 40\.0 ms\)/);
  });

  it('accepts p99 that moves within the improvement factor', () => {
    expect(assessSettled([...steady(5, { produceP99Ms: 50 }), ...steady(5, { produceP99Ms: 40 })]).settled).toBe(true);
  });

  it('is not settled when one second of the newer window spikes', () => {
    const spiky = steady(5);
    spiky[2] = second({ produceP99Ms: 400 });
    const verdict = assessSettled([...steady(5), ...spiky]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toMatch(/spikes/);
  });

  it('tolerates millisecond jitter of very low p99s', () => {
    const low = [1, 3, 1, 2, 8].map((p99) => second({ produceP99Ms: p99 }));
    expect(assessSettled([...steady(5, { produceP99Ms: 2 }), ...low]).settled).toBe(true);
  });

  it('looks only at the last two windows', () => {
    expect(assessSettled([...steady(20, { ackedPerSec: 100, produceP99Ms: 9000 }), ...steady(10)]).settled).toBe(true);
  });

  it('describes its thresholds', () => {
    expect(describeSettleRule()).toContain(`${DEFAULT_SETTLE_RULE.windowSeconds} s windows`);
    expect(describeSettleRule()).toContain('95 %');
  });
});
