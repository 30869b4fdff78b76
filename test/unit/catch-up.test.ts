import { describe, expect, it } from 'vitest';
import { assessCatchUp, type BacklogSecond } from '../../src/metrics/catch-up.js';

/** Per-second figures from a list of lags, 1,000 msg/s acked, 100 bytes per message. */
function seconds(lags: number[]): BacklogSecond[] {
  return lags.map((lag, second) => ({
    second,
    lag,
    lagBytes: lag * 100,
    ackedPerSec: 1000,
    consumedPerSec: 1000 - (lag - (lags[second - 1] ?? lag)),
  }));
}

describe('assessCatchUp', () => {
  // 0–4: steady, lag 10; paused at 5.0 s: +1,000 a second; resumed at 10.5 s; drains at a net 2,000/s.
  const lags = [10, 10, 10, 12, 8, 1010, 2010, 3010, 4010, 5010, 5510, 3510, 1510, 30, 10, 12, 9];

  it('measures the backlog built, the catch-up time (interpolated) and the drain rates', () => {
    const result = assessCatchUp(seconds(lags), 5_000, 10_500);
    expect(result.baselineLag).toBe(10);
    expect(result.lagAtResume).toBe(5510);
    expect(result.builtMessages).toBe(5500);
    expect(result.builtBytes).toBe(550_000);
    expect(result.targetLag).toBe(65); // 10 + 1 % of 5,500
    // Second 13 ends at or below 65 and 13, 14, 15 hold; the crossing lies within second 13:
    // from 1,510 at 13 s to 30 at 14 s, 65 is reached at 13 + 1445/1480 s.
    expect(result.windowSeconds).toEqual({ from: 10, to: 13 });
    expect(result.caughtUpAtMs).toBeCloseTo(13_000 + (1445 / 1480) * 1000, 6);
    expect(result.catchUpMs).toBeCloseTo(result.caughtUpAtMs! - 10_500, 6);
    // Window 10.5 s → 14 s (3.5 s): consumed in seconds 10..13 = 500 + 3000 + 3000 + 2480.
    expect(result.consumedDuringCatchUp).toBe(8980);
    expect(result.drainRatePerSec).toBeCloseTo(8980 / 3.5, 6);
    expect(result.netDrainRatePerSec).toBeCloseTo((5510 - 30) / 3.5, 6);
    expect(result.producedDuringCatchUpPerSec).toBeCloseTo(4000 / 3.5, 6);
    expect(result.peakLag).toBe(5510);
  });

  it('needs the lag to stay low: a dip that rises again is not the catch-up', () => {
    const dipping = [10, 10, 10, 10, 10, 1000, 2000, 20, 900, 500, 10, 10, 10];
    const result = assessCatchUp(seconds(dipping), 5_000, 7_000);
    expect(result.windowSeconds).toEqual({ from: 7, to: 10 });
    expect(result.peakLag).toBe(2000);
  });

  it('accepts fewer hold seconds when the run ends, and reports none when the lag never comes back', () => {
    const ending = [0, 0, 0, 0, 0, 500, 1000, 400, 0];
    expect(assessCatchUp(seconds(ending), 5_000, 6_900).windowSeconds).toEqual({ from: 6, to: 8 });
    const never = [0, 0, 0, 0, 0, 500, 1000, 900, 800];
    const result = assessCatchUp(seconds(never), 5_000, 6_900);
    expect(result.caughtUpAtMs).toBeNull();
    expect(result.catchUpMs).toBeNull();
    expect(result.drainRatePerSec).toBeNull();
    expect(result.builtMessages).toBe(1000);
  });

  it('reports the backlog without a catch-up when the group never resumed', () => {
    const result = assessCatchUp(seconds([5, 5, 500, 1000]), 2_000, null);
    expect(result.baselineLag).toBe(5);
    expect(result.builtMessages).toBe(995);
    expect(result.catchUpMs).toBeNull();
  });

  it('never puts the catch-up before the resume', () => {
    // A backlog back within the resume's own second: the interpolated crossing (3.987 s) lies before the resume (3.99 s).
    const result = assessCatchUp(seconds([0, 0, 300, 0, 0, 0]), 2_000, 3_990);
    expect(result.windowSeconds).toEqual({ from: 3, to: 3 });
    expect(result.caughtUpAtMs).toBe(3_990);
    expect(result.catchUpMs).toBe(0);
  });
});
