/**
 * The end of a run's load: the drain after the producers stopped (until every group caught up,
 * or the plan's bound), the short drain after an interruption, and how the load ended (the run's
 * status).
 */
import { nowUs } from '../metrics/clock.js';
import type { RunFailure, RunStatus } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';
import type { BacklogPhase } from './backlog-phase.js';
import type { DrainWatch } from './drain-watch.js';
import { SNAPSHOT_TIMEOUT_MS } from './fleet-timing.js';
import type { ProducerStop } from './producer-stop.js';
import type { RunAggregator } from './run-aggregator.js';
import { US_PER_MS, type RunTimeline } from './run-timeline.js';
import type { StopReason } from './stop-signal.js';
import type { WorkerFleet } from './worker-fleet.js';

/** After an interruption: how long the producers may flush, and the consumers catch up. */
export const ABORT_FLUSH_MS = 2_000;
export const ABORT_DRAIN_MS = 3_000;
/** During that short drain, the workers' snapshots are read this often. */
const ABORT_DRAIN_POLL_MS = 250;
/** That short drain's snapshot requests are numbered from here (above any second of a run) plus the next second. */
const ABORT_DRAIN_SNAPSHOT_SEQUENCE_BASE = 1_000_000;

export interface DrainParts {
  plan: Plan;
  timeline: RunTimeline;
  fleet: WorkerFleet;
  aggregator: RunAggregator;
  drain: DrainWatch;
  producers: ProducerStop;
}

/**
 * After a tick ending at `tickEndUs`, once the producers have stopped: announces (once) the crashed
 * members that come back only after the drain's bound, and says whether the drain is over
 * (every group caught up, or the bound reached), recording how it ended.
 */
export function drainOver(parts: DrainParts, tickEndUs: number): boolean {
  const { timeline, drain, producers } = parts;
  drain.announce(timeline.startUs, producers.stoppedAtUs, timeline.drainEndUs, parts.fleet.consumerConfigs);
  if (!drain.caughtUp() && tickEndUs < timeline.drainEndUs) return false;
  drain.ended(timeline.startUs, producers.stoppedAtUs, nowUs(), parts.plan.drainMs);
  return true;
}

export interface LoadEnd {
  status: RunStatus;
  failure: RunFailure | undefined;
}

/**
 * How the load ended, given why the loop stopped (nothing: the drain is over): after an
 * interruption the producers stop and the consumers get a short drain; `nextSecond` is the first
 * second the loop did not close. Records the drain's outcome (its first record wins).
 */
export async function endLoad(parts: DrainParts & { backlog: BacklogPhase; log: (line: string) => void }, stopReason: StopReason | undefined, nextSecond: number): Promise<LoadEnd> {
  const { timeline, drain, producers } = parts;
  // A group still paused fetches again, so whatever follows (an interrupted run's short drain) can consume.
  parts.backlog.stop();
  let end: LoadEnd = { status: 'completed', failure: undefined };
  if (stopReason?.kind === 'failure') {
    end = { status: 'failed', failure: stopReason.failure };
  } else if (stopReason?.kind === 'interrupt') {
    end = { status: 'aborted', failure: { message: 'interrupted' } };
    parts.log('interrupted: stopping producers, letting consumers catch up briefly (Ctrl-C again to stop at once)');
    await producers.stop(ABORT_FLUSH_MS);
    await drainBriefly(parts, nextSecond);
  }
  drain.ended(timeline.startUs, producers.stoppedAtUs, nowUs(), end.status === 'aborted' ? ABORT_DRAIN_MS : parts.plan.drainMs);
  return end;
}

/** The short drain after an interruption: snapshots until every group caught up or `ABORT_DRAIN_MS`. */
async function drainBriefly(parts: DrainParts, nextSecond: number): Promise<void> {
  const deadlineUs = nowUs() + ABORT_DRAIN_MS * US_PER_MS;
  let sequence = ABORT_DRAIN_SNAPSHOT_SEQUENCE_BASE + nextSecond;
  while (nowUs() < deadlineUs && !parts.drain.caughtUp()) {
    await new Promise((resolve) => setTimeout(resolve, ABORT_DRAIN_POLL_MS));
    for (const snapshot of await parts.fleet.snapshots(sequence++, SNAPSHOT_TIMEOUT_MS)) parts.aggregator.addSnapshot(snapshot);
  }
}
