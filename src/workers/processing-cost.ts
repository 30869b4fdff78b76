/**
 * A pipeline stage's processing cost: CPU time spent per record, as a busy loop on the monotonic
 * clock, so an expensive stage costs CPU (and holds its event loop) the way a real transform
 * does. (The consumer's `slow` step, `processingTimeMs`, waits on a timer instead: idle time.)
 */
import { nowUs } from '../metrics/clock.js';

/**
 * Keeps the thread busy for `durationUs` µs of wall time (nothing for 0 or less). On a free core
 * that is as much CPU; on a contended one the thread is held as long for less CPU, so the cost a
 * stage models is its time per record, as the consumer's `processingTimeMs` is.
 */
export function burnCpuUs(durationUs: number): void {
  if (!(durationUs > 0)) return;
  const untilUs = nowUs() + durationUs;
  while (nowUs() < untilUs) {
    // busy: the cost is CPU time, not a wait
  }
}
