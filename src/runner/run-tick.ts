/**
 * One second of a run, at its end: the workers' snapshots folded into the second's timeline entry,
 * CPU sampled, the backlog phase checked, rebalances that settled logged, the live line's entry
 * handed to the observer.
 */
import { epochMsAtUs, nowUs } from '../metrics/clock.js';
import type { Plan } from '../scenario/plan-types.js';
import type { BacklogPhase } from './backlog-phase.js';
import { SNAPSHOT_TIMEOUT_MS } from './fleet-timing.js';
import type { RebalanceLogger } from './rebalance-logger.js';
import type { ResourceSampler } from './resource-sampler.js';
import type { RunAggregator } from './run-aggregator.js';
import type { RunObserver } from './run-observer.js';
import { phaseAt, secondStartUs, type RunTimeline } from './run-timeline.js';
import type { WorkerFleet } from './worker-fleet.js';

/** What a tick reads and updates. */
export interface TickParts {
  plan: Plan;
  timeline: RunTimeline;
  fleet: WorkerFleet;
  aggregator: RunAggregator;
  sampler: ResourceSampler;
  backlog: BacklogPhase;
  rebalances: RebalanceLogger;
  observer: RunObserver;
}

/** Closes the run's second `second` (0-based). */
export async function tickSecond(parts: TickParts, second: number): Promise<void> {
  const { plan, timeline, fleet, aggregator } = parts;
  for (const snapshot of await fleet.snapshots(second, SNAPSHOT_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
  const entry = aggregator.closeSecond(second, phaseAt(timeline, secondStartUs(timeline, second)));
  parts.sampler.sample(second, aggregator.latestSnapshots());
  parts.backlog.afterSecond();
  // A shard sees only its own members (the others' partitions look unowned): rebalances are the merged report's.
  const { rebalances, inProgress } = plan.shard ? { rebalances: [], inProgress: [] } : aggregator.membership.rebalances(timeline.startUs, nowUs(), aggregator.timeline);
  parts.rebalances.logSettled(rebalances, inProgress);
  parts.observer.onSecond(entry, { plan, elapsedSeconds: second + 1, totalSeconds: timeline.totalSeconds, rebalancing: inProgress, startedAtMs: epochMsAtUs(timeline.startUs), rebalances });
}
