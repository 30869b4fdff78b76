import { describe, expect, it } from 'vitest';
import { loadDurationsMs, phaseAt, PRODUCER_FLUSH_MAX_MS, PRODUCER_FLUSH_MIN_MS, runTimeline, secondEndUs, secondStartUs, secondsSinceStart } from '../../src/runner/run-timeline.js';

const S = 1_000_000;

describe('runTimeline', () => {
  const timeline = runTimeline({ warmupMs: 5_000, durationMs: 60_000, drainMs: 30_000 }, 100 * S);

  it('places the warm-up, the measured window and the drain after the start', () => {
    expect(timeline).toMatchObject({ startUs: 100 * S, measureFromUs: 105 * S, producersEndUs: 165 * S, drainEndUs: 195 * S, totalSeconds: 65 });
  });

  it('rounds a fractional run up to whole seconds for the live line', () => {
    expect(runTimeline({ warmupMs: 0, durationMs: 2_500, drainMs: 0 }, 0).totalSeconds).toBe(3);
    expect(runTimeline({ warmupMs: 0, durationMs: 0, drainMs: 0 }, 0).totalSeconds).toBe(0);
  });

  it("bounds the producers' flush at the end by the drain, within 5 s and 30 s", () => {
    expect(runTimeline({ warmupMs: 0, durationMs: 1_000, drainMs: 10_000 }, 0).producerFlushTimeoutMs).toBe(10_000);
    expect(runTimeline({ warmupMs: 0, durationMs: 1_000, drainMs: 0 }, 0).producerFlushTimeoutMs).toBe(PRODUCER_FLUSH_MIN_MS);
    expect(runTimeline({ warmupMs: 0, durationMs: 1_000, drainMs: 120_000 }, 0).producerFlushTimeoutMs).toBe(PRODUCER_FLUSH_MAX_MS);
  });

  it('gives each second its start and end, and the phase at any time', () => {
    expect(secondStartUs(timeline, 0)).toBe(100 * S);
    expect(secondEndUs(timeline, 0)).toBe(101 * S);
    expect(secondEndUs(timeline, 64)).toBe(165 * S);
    expect(phaseAt(timeline, secondStartUs(timeline, 4))).toBe('warmup');
    expect(phaseAt(timeline, secondStartUs(timeline, 5))).toBe('measure');
    expect(phaseAt(timeline, secondStartUs(timeline, 64))).toBe('measure');
    expect(phaseAt(timeline, secondStartUs(timeline, 65))).toBe('drain');
    expect(secondsSinceStart(timeline, 102.5 * S)).toBe(2.5);
  });

  it('splits the load into warm-up and measured time by when the producers actually stopped', () => {
    expect(loadDurationsMs(timeline, timeline.producersEndUs)).toEqual({ warmupRunMs: 5_000, measuredRunMs: 60_000 });
    expect(loadDurationsMs(timeline, 103 * S)).toEqual({ warmupRunMs: 3_000, measuredRunMs: 0 });
    expect(loadDurationsMs(timeline, 110 * S)).toEqual({ warmupRunMs: 5_000, measuredRunMs: 5_000 });
    expect(loadDurationsMs(timeline, 99 * S)).toEqual({ warmupRunMs: 0, measuredRunMs: 0 });
  });
});
