import { describe, expect, it } from 'vitest';
import { createSchedule, scheduleOf, type Schedule } from '../../src/workload/rate-schedule.js';
import type { PlannedLoad } from '../../src/scenario/plan-types.js';

const START = 123_456_789_000; // a plausible monotonic µs reading (~34 h of uptime)

/** dueCount agrees with intendedTimeUs: message n is due exactly from its intended time on. */
function expectConsistent(schedule: Schedule, n: number): void {
  const t = schedule.intendedTimeUs(n);
  expect(t).toBeDefined();
  expect(schedule.dueCount(t as number)).toBeGreaterThan(n);
  // Just before it (one ulp-ish step down), message n is not yet due.
  expect(schedule.dueCount((t as number) - Math.max(1e-6, Math.abs(t as number) * 1e-15))).toBeLessThanOrEqual(n);
}

describe('constant rate', () => {
  const schedule = createSchedule({ type: 'constant', ratePerSec: 1000 }, START);

  it('gives exact intended times without drift', () => {
    expect(schedule.intendedTimeUs(0)).toBe(START);
    expect(schedule.intendedTimeUs(1)).toBe(START + 1000);
    expect(schedule.intendedTimeUs(999)).toBe(START + 999_000);
    expect(schedule.intendedTimeUs(10_000_000)).toBe(START + 10_000_000_000);
  });

  it('computes each time from n for awkward rates (no accumulated error)', () => {
    const thirds = createSchedule({ type: 'constant', ratePerSec: 3 }, 0);
    expect(thirds.intendedTimeUs(3)).toBe(1_000_000);
    expect(thirds.intendedTimeUs(30_000_000)).toBe(10_000_000_000_000);
    const sevenths = createSchedule({ type: 'constant', ratePerSec: 7_000 }, START);
    expect(sevenths.intendedTimeUs(7_000_000)).toBe(START + 1_000_000_000);
  });

  it('counts due messages at given times', () => {
    expect(schedule.dueCount(START - 1)).toBe(0);
    expect(schedule.dueCount(START)).toBe(1);
    expect(schedule.dueCount(START + 999)).toBe(1);
    expect(schedule.dueCount(START + 1000)).toBe(2);
    expect(schedule.dueCount(START + 1_000_000 - 1)).toBe(1000);
    expect(schedule.dueCount(START + 1_000_000)).toBe(1001);
    expect(schedule.dueCount(START + 3_600_000_000)).toBe(3_600_001);
    for (const n of [0, 1, 7, 999, 123_457, 10_000_000]) expectConsistent(schedule, n);
  });

  it('agrees with intended times at a fractional interval', () => {
    const odd = createSchedule({ type: 'constant', ratePerSec: 333 }, START);
    for (let n = 0; n < 2000; n++) expectConsistent(odd, n);
    expect(odd.rateAtUs(START + 5)).toBe(333);
    expect(odd.rateAtUs(START - 5)).toBe(0);
  });

  it('never reaches a message at rate 0', () => {
    const idle = createSchedule({ type: 'constant', ratePerSec: 0 }, START);
    expect(idle.intendedTimeUs(0)).toBeUndefined();
    expect(idle.dueCount(START + 1e9)).toBe(0);
  });

  it('rejects bad indexes, bad rates and unthrottled loads', () => {
    expect(() => schedule.intendedTimeUs(-1)).toThrow(RangeError);
    expect(() => schedule.intendedTimeUs(1.5)).toThrow(RangeError);
    expect(() => createSchedule({ type: 'constant', ratePerSec: -1 }, 0)).toThrow(RangeError);
    const unthrottled: PlannedLoad = { type: 'unthrottled', maxInFlight: 10 };
    // An unthrottled load is a closed loop: it has no schedule.
    expect(() => createSchedule(unthrottled, 0)).toThrow(/unthrottled/);
    expect(scheduleOf(unthrottled, 0)).toBeUndefined();
  });
});

describe('ramping rate', () => {
  it('ramps 0 → 1000/s over 10 s: 5000 messages, message 1250 at 5 s', () => {
    const schedule = createSchedule({ type: 'ramping', startRatePerSec: 0, stages: [{ durationMs: 10_000, targetRatePerSec: 1000 }] }, START);
    expect(schedule.intendedTimeUs(0)).toBe(START);
    // n = r'·t²/2 with r' = 100 msg/s²: message 1 at √0.02 s, message 1250 at 5 s, 5000 at 10 s.
    expect(schedule.intendedTimeUs(1)! - START).toBeCloseTo(Math.sqrt(0.02) * 1e6, 3);
    expect(schedule.intendedTimeUs(1250)! - START).toBeCloseTo(5_000_000, 3);
    expect(schedule.intendedTimeUs(5000)! - START).toBeCloseTo(10_000_000, 3);
    // Messages 0..4999 are intended before 10 s; message 5000 exactly at 10 s.
    expect(schedule.dueCount(START + 10_000_000 - 1)).toBe(5000);
    expect(schedule.dueCount(START + 10_000_000)).toBe(5001);
    expect(schedule.dueCount(START + 5_000_000)).toBe(1251);
    // After the last stage the rate stays at 1000/s.
    expect(schedule.intendedTimeUs(6000)! - START).toBeCloseTo(11_000_000, 3);
    expect(schedule.rateAtUs(START + 2_500_000)).toBeCloseTo(250, 9);
    expect(schedule.rateAtUs(START + 60_000_000)).toBe(1000);
    for (let n = 0; n <= 7000; n += 1) expectConsistent(schedule, n);
  });

  it('follows several stages: up, flat, down', () => {
    const load: PlannedLoad = {
      type: 'ramping',
      startRatePerSec: 100,
      stages: [
        { durationMs: 2000, targetRatePerSec: 500 }, // 600 messages
        { durationMs: 3000, targetRatePerSec: 500 }, // 1500 messages, flat
        { durationMs: 4000, targetRatePerSec: 0 }, // 1000 messages, ramp down to 0
      ],
    };
    const schedule = createSchedule(load, START);
    expect(schedule.intendedTimeUs(0)).toBe(START);
    // Within stage 1: 100·t + 100·t² = 200 → t = 1 s.
    expect(schedule.intendedTimeUs(200)! - START).toBeCloseTo(1_000_000, 3);
    expect(schedule.intendedTimeUs(600)! - START).toBeCloseTo(2_000_000, 3);
    // Flat stage: exactly 2 ms apart.
    expect(schedule.intendedTimeUs(1100)! - START).toBeCloseTo(3_000_000, 3);
    expect(schedule.intendedTimeUs(2100)! - START).toBeCloseTo(5_000_000, 3);
    // Ramp down 500 → 0 over 4 s: N = 500·t − 62.5·t²; half of it (500) at t = 4 − √8 s.
    expect(schedule.intendedTimeUs(2600)! - START).toBeCloseTo(5_000_000 + (4 - Math.sqrt(8)) * 1e6, 2);
    // The last message lands exactly when the rate reaches 0; none after.
    expect(schedule.intendedTimeUs(3100)! - START).toBeCloseTo(9_000_000, 2);
    expect(schedule.intendedTimeUs(3101)).toBeUndefined();
    expect(schedule.dueCount(START + 1e12)).toBe(3101);
    for (let n = 0; n <= 3100; n++) expectConsistent(schedule, n);
    // Intended times never go backwards.
    let previous = -Infinity;
    for (let n = 0; n <= 3100; n++) {
      const t = schedule.intendedTimeUs(n)!;
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
    }
  });

  it('pauses through a zero-rate stage', () => {
    const schedule = createSchedule(
      {
        type: 'ramping',
        startRatePerSec: 1000,
        stages: [
          { durationMs: 1000, targetRatePerSec: 1000 }, // 1000 messages
          { durationMs: 0, targetRatePerSec: 0 }, // drop at once
          { durationMs: 2000, targetRatePerSec: 0 }, // pause
          { durationMs: 0, targetRatePerSec: 1000 }, // jump back
          { durationMs: 1000, targetRatePerSec: 1000 },
        ],
      },
      START,
    );
    // Message 1000 completes the first second; message 1001 waits for the pause to end (at 3 s).
    expect(schedule.intendedTimeUs(999)).toBe(START + 999_000);
    expect(schedule.intendedTimeUs(1000)).toBe(START + 1_000_000);
    expect(schedule.intendedTimeUs(1001)).toBe(START + 3_001_000);
    expect(schedule.dueCount(START + 2_000_000)).toBe(1001);
    expect(schedule.dueCount(START + 3_000_999)).toBe(1001);
    expect(schedule.dueCount(START + 3_001_000)).toBe(1002);
    expect(schedule.rateAtUs(START + 2_000_000)).toBe(0);
    expect(schedule.intendedTimeUs(2000)).toBe(START + 4_000_000);
    expect(schedule.intendedTimeUs(2500)).toBe(START + 4_500_000);
    for (let n = 0; n <= 2500; n++) expectConsistent(schedule, n);
  });

  it('starts with message 0 when a leading pause ends', () => {
    const schedule = createSchedule(
      { type: 'ramping', startRatePerSec: 0, stages: [{ durationMs: 5000, targetRatePerSec: 0 }, { durationMs: 1000, targetRatePerSec: 2000 }] },
      START,
    );
    expect(schedule.intendedTimeUs(0)).toBe(START + 5_000_000);
    expect(schedule.dueCount(START + 4_999_999)).toBe(0);
    expect(schedule.dueCount(START + 5_000_000)).toBe(1);
    expect(schedule.intendedTimeUs(1000)! - START).toBeCloseTo(6_000_000, 3);
  });

  it('never sends when every rate is 0, and treats no stages as a constant rate', () => {
    const idle = createSchedule({ type: 'ramping', startRatePerSec: 0, stages: [{ durationMs: 1000, targetRatePerSec: 0 }] }, START);
    expect(idle.intendedTimeUs(0)).toBeUndefined();
    expect(idle.dueCount(START + 1e9)).toBe(0);
    const flat = createSchedule({ type: 'ramping', startRatePerSec: 1000, stages: [] }, START);
    expect(flat.intendedTimeUs(999)).toBe(START + 999_000);
  });

  it('answers random-access queries as well as increasing ones', () => {
    const schedule = createSchedule(
      { type: 'ramping', startRatePerSec: 10, stages: Array.from({ length: 20 }, (_, i) => ({ durationMs: 500, targetRatePerSec: (i % 3) * 400 })) },
      START,
    );
    const forward = Array.from({ length: 2000 }, (_, n) => schedule.intendedTimeUs(n));
    const shuffled = [...forward.keys()].sort((a, b) => ((a * 7919) % 2003) - ((b * 7919) % 2003));
    for (const n of shuffled) expect(schedule.intendedTimeUs(n)).toBe(forward[n]);
    for (const n of shuffled.slice(0, 300)) if (forward[n] !== undefined) expectConsistent(schedule, n);
  });
});
