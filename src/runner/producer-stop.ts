/**
 * Stopping the producers, once: at the schedule's end, or earlier when the run is interrupted.
 * Remembers when they stopped (the measured window ends there) and when their last snapshots,
 * taken after the flush, have been folded in.
 */
import { nowUs } from '../metrics/clock.js';
import type { RunAggregator } from './run-aggregator.js';
import type { WorkerFleet } from './worker-fleet.js';

export class ProducerStop {
  private stopping: Promise<void> | undefined;
  private flushed = false;
  private stoppedAt: number;

  constructor(
    private readonly fleet: WorkerFleet,
    private readonly aggregator: RunAggregator,
    plannedEndUs: number,
  ) {
    this.stoppedAt = plannedEndUs;
  }

  /** When the producers stopped (or are planned to stop), monotonic µs. */
  get stoppedAtUs(): number {
    return this.stoppedAt;
  }

  /** True once `stop` was called. */
  get requested(): boolean {
    return this.stopping !== undefined;
  }

  /** True once the producers have flushed and their last snapshots are folded in. */
  get done(): boolean {
    return this.flushed;
  }

  /** Stops the producers now (no later than planned), letting them flush for up to `flushTimeoutMs`; the first call wins. */
  stop(flushTimeoutMs: number): Promise<void> {
    this.stoppedAt = Math.min(this.stoppedAt, nowUs());
    this.stopping ??= this.fleet.stopProducers(this.stoppedAt, flushTimeoutMs).then((snapshots) => {
      for (const snapshot of snapshots) this.aggregator.addSnapshot(snapshot);
      this.flushed = true;
    });
    return this.stopping;
  }
}
