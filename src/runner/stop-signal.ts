/** Why a run's load stops before its end: the first Ctrl-C (an interruption) or a worker's failure. */
import { nowUs } from '../metrics/clock.js';
import type { RunFailure } from '../report/report-types.js';
import { US_PER_MS } from './run-timeline.js';

export type StopReason = { kind: 'interrupt' } | { kind: 'failure'; failure: RunFailure };

/** Settles with the first stop reason: `interrupt` aborted (already, or later), or `failed` settling. */
export function stopSignal(interrupt: AbortSignal | undefined, failed: Promise<RunFailure>): Promise<StopReason> {
  const interrupted = new Promise<StopReason>((resolve) => {
    if (interrupt?.aborted) resolve({ kind: 'interrupt' });
    interrupt?.addEventListener('abort', () => resolve({ kind: 'interrupt' }), { once: true });
  });
  return Promise.race([interrupted, failed.then((failure): StopReason => ({ kind: 'failure', failure }))]);
}

/**
 * Waits until monotonic `targetUs` (never less: a Node timer can fire a millisecond early against
 * this clock, which once stopped the producers before the schedule's last message was due);
 * returns early with the stop reason when `stop` settles first.
 */
export async function sleepUntilUs(targetUs: number, stop: Promise<StopReason>): Promise<StopReason | undefined> {
  let stopReason: StopReason | undefined;
  for (let remainingUs = targetUs - nowUs(); remainingUs > 0 && !stopReason; remainingUs = targetUs - nowUs()) {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.ceil(remainingUs / US_PER_MS));
    });
    stopReason = await Promise.race([elapsed, stop]).finally(() => clearTimeout(timer));
  }
  return stopReason ?? (await Promise.race([stop, Promise.resolve(undefined)]));
}
