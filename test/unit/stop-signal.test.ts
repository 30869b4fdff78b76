import { describe, expect, it } from 'vitest';
import { nowUs } from '../../src/metrics/clock.js';
import { sleepUntilUs, type StopReason } from '../../src/runner/stop-signal.js';

const never = new Promise<StopReason>(() => {});

describe('sleepUntilUs', () => {
  it('never returns before the target, even where a timer fires a millisecond early', async () => {
    // Targets a fraction of a millisecond past whole milliseconds: the timer's truncation makes it early there.
    for (let i = 0; i < 40; i++) {
      const targetUs = nowUs() + 2_000 + ((i * 137) % 1_000);
      await sleepUntilUs(targetUs, never);
      expect(nowUs()).toBeGreaterThanOrEqual(targetUs);
    }
  });

  it('returns the stop reason as soon as the stop settles', async () => {
    let stop!: (reason: StopReason) => void;
    const stopped = new Promise<StopReason>((resolve) => (stop = resolve));
    const sleeping = sleepUntilUs(nowUs() + 60_000_000, stopped);
    stop({ kind: 'interrupt' });
    await expect(sleeping).resolves.toEqual({ kind: 'interrupt' });
  });

  it('returns at once for a target already past, with the stop reason if there is one', async () => {
    await expect(sleepUntilUs(nowUs() - 1_000, never)).resolves.toBeUndefined();
    await expect(sleepUntilUs(nowUs() - 1_000, Promise.resolve({ kind: 'interrupt' }))).resolves.toEqual({ kind: 'interrupt' });
  });
});
