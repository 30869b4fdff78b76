import { describe, expect, it } from 'vitest';
import { assessSettled, DEFAULT_SETTLE_RULE, describeSettleRule, type SettleSecond } from '../../src/metrics/settle-rule.js';

function second(overrides: Partial<SettleSecond> = {}): SettleSecond {
  return { offeredPerSec: 2000, ackedPerSec: 2000, notAttemptedPerSec: 0, produceP50Ms: 10, inFlight: 40, jitCpuMs: 15, ...overrides };
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
    expect(verdict.pending).toMatch(/not attempted/);
  });

  it('is not settled while the in-flight backlog grows', () => {
    const growing = steady(5).map((s, i) => ({ ...s, inFlight: 40 + i * 500 }));
    expect(assessSettled([...steady(5), ...growing]).pending).toMatch(/in-flight growing/);
  });

  it('is not settled while a broker is still compiling, however good the latency', () => {
    const verdict = assessSettled([...steady(5, { jitCpuMs: 30 }), ...steady(5, { jitCpuMs: 300 })]);
    expect(verdict.settled).toBe(false);
    expect(verdict.pending).toBe('brokers still compiling (JIT 30 % of a core)');
    // The bound is on each window's mean: one burst in a quiet window passes, a busy older window does not.
    expect(assessSettled([...steady(5), ...steady(4), second({ jitCpuMs: 150 })]).settled).toBe(true);
    expect(assessSettled([...steady(5, { jitCpuMs: 80 }), ...steady(5)]).settled).toBe(false);
  });

  it('ignores latency noise once the compilers are quiet', () => {
    const noisy = [9, 40, 9, 150, 12].map((p50) => second({ produceP50Ms: p50 }));
    expect(assessSettled([...steady(5, { produceP50Ms: 90 }), ...noisy]).settled).toBe(true);
  });

  it('falls back to latency no longer improving when the brokers cannot be seen (external)', () => {
    const external = { jitCpuMs: null };
    const improving = assessSettled([...steady(5, { ...external, produceP50Ms: 120 }), ...steady(5, { ...external, produceP50Ms: 40 })]);
    expect(improving.pending).toBe('latency still improving (p50 120.0 → 40.0 ms)');
    expect(assessSettled([...steady(5, { ...external, produceP50Ms: 12 }), ...steady(5, { ...external, produceP50Ms: 10 })]).settled).toBe(true);
  });

  it('looks only at the last two windows', () => {
    expect(assessSettled([...steady(20, { ackedPerSec: 100, jitCpuMs: 600 }), ...steady(10)]).settled).toBe(true);
  });

  it('describes its thresholds', () => {
    expect(describeSettleRule()).toContain(`${DEFAULT_SETTLE_RULE.windowSeconds} s windows`);
    expect(describeSettleRule()).toContain('at most 5 % of a core');
  });
});
