/**
 * A run's load, second by second: a tick at the end of every second (`run-tick.ts`), the
 * producers stopped at the schedule's end, a memory sample every `MEMORY_SAMPLE_INTERVAL_SECONDS`,
 * until the drain is over (`run-drain.ts`) or the run is interrupted or fails.
 */
import type { ResourceSample } from '../report/report-types.js';
import { MEMORY_SAMPLE_INTERVAL_SECONDS, sampleMemory } from './memory-sample.js';
import { drainOver, type DrainParts } from './run-drain.js';
import { tickSecond, type TickParts } from './run-tick.js';
import { secondEndUs } from './run-timeline.js';
import { sleepUntilUs, type StopReason } from './stop-signal.js';

export interface LoadParts extends TickParts, DrainParts {
  /** The memory samples so far; the loop adds its own. */
  memory: ResourceSample[];
  /** Settles when the load must stop early. */
  stop: Promise<StopReason>;
}

/** Runs the load until the drain is over or `stop` settles; returns why it stopped early (if it did) and the first second it did not close. */
export async function runLoad(parts: LoadParts): Promise<{ stopReason: StopReason | undefined; nextSecond: number }> {
  const { timeline, producers } = parts;
  let second = 0;
  let stopReason: StopReason | undefined;
  for (;;) {
    const tickEndUs = secondEndUs(timeline, second);
    if (!producers.requested && timeline.producersEndUs <= tickEndUs) {
      stopReason = await sleepUntilUs(timeline.producersEndUs, parts.stop);
      if (!stopReason) {
        parts.backlog.producersStopping();
        void producers.stop(timeline.producerFlushTimeoutMs);
      }
    }
    stopReason ??= await sleepUntilUs(tickEndUs, parts.stop);
    if (stopReason) break;
    await tickSecond(parts, second);
    second++;
    if (second % MEMORY_SAMPLE_INTERVAL_SECONDS === 0) parts.memory.push(sampleMemory(second, parts.aggregator));
    if (producers.done && drainOver(parts, tickEndUs)) break;
  }
  return { stopReason, nextSecond: second };
}
