/**
 * Consumer events, faults and rebalances of a merged report. Each shard's events and faults are
 * shifted to the merged time base (exactly, by the offset of the shard's second 0) and
 * interleaved. The rebalances are found again by the run's own analysis
 * (`metrics/rebalance-analysis.ts`) over every shard's member events together: a shard sees only
 * its own members, so on its own it cannot tell when the whole group has settled, and a rebalance
 * seen by members in two shards is one rebalance of the group.
 *
 * What a report's events do not carry is filled as well as the reports allow:
 * - a leave request (the trigger `member-left`) from the `leave` steps of each shard's schedule;
 * - re-deliveries (`duplicates`): each shard's rebalances' duplicates, counted in the merged
 *   rebalance that was under way (or the last one begun) when the shard's rebalance started;
 * - `maxPartitionPauseMs` and `allConsumedAgainMs` need each member's first record after an
 *   assignment and last record before a loss, which reports do not keep: null (not known).
 * Events after the first shard ended are left out of the analysis: from then on one shard's
 * members are no longer seen, and the group would look as if they still owned their partitions.
 * Pure.
 */
import type { DuplicateRun } from '../metrics/offset-coverage.js';
import { analyzeGroup, type GroupEvent, type LagSecond } from '../metrics/rebalance-analysis.js';
import type { ConsumerEventReport, FaultReport, RebalanceReport, ReportScenario, TimelineEntry } from '../report/report-types.js';
import { mergedStartEpochMs, shiftMs, type AlignedShard } from './shard-alignment.js';

/** Every shard's consumer events on the merged time base, in time order (shard order within one instant). */
export function mergeConsumerEvents(shards: readonly AlignedShard[]): ConsumerEventReport[] {
  return shards.flatMap((shard) => shard.report.consumerEvents.map((event) => ({ ...event, atMs: shiftMs(shard, event.atMs) }))).sort((a, b) => a.atMs - b.atMs);
}

/** Every shard's faults on the merged time base, in time order. */
export function mergeFaults(shards: readonly AlignedShard[]): FaultReport[] {
  return shards
    .flatMap((shard) => shard.report.faults.map((fault) => ({ ...fault, atMs: shiftMs(shard, fault.atMs), endedAtMs: fault.endedAtMs === null ? null : shiftMs(shard, fault.endedAtMs) })))
    .sort((a, b) => a.atMs - b.atMs);
}

/** The rebalances of every group of the merged run, numbered in start order. */
export function mergeRebalances(shards: readonly AlignedShard[], scenario: ReportScenario, timeline: readonly TimelineEntry[]): RebalanceReport[] {
  const baseEpochMs = mergedStartEpochMs(shards);
  const untilUs = Math.min(...shards.map(endOfShardUs));
  const all = scenario.consumerGroups.flatMap((group) => {
    const lag: LagSecond[] = timeline.map((entry) => ({ second: entry.second, lag: entry.lag[group.groupId] ?? 0, ackedPerSec: entry.ackedPerSec }));
    return analyzeGroup(
      {
        groupId: group.groupId,
        partitionCount: scenario.topic.partitions,
        events: shards.flatMap((shard) => groupEvents(shard, group.groupId)),
        initialMembers: new Set(group.members.filter((member) => member.origin === 'initial').map((member) => member.id)),
        duplicates: shards.flatMap((shard) => duplicateRuns(shard, group.groupId)),
        lag,
      },
      { runStartUs: 0, epochMsAtUs: (us) => baseEpochMs + us / 1000 },
      untilUs,
    ).rebalances;
  });
  return all.sort((a, b) => a.startedAtMs - b.startedAtMs).map((rebalance, index) => ({ index, ...rebalance }));
}

/** µs on the merged time base. */
function usOf(shard: AlignedShard, atMs: number): number {
  return Math.round(shiftMs(shard, atMs) * 1000);
}

/** The end of what a shard saw, µs on the merged time base: its last timeline second, or its last event when later. */
function endOfShardUs(shard: AlignedShard): number {
  const lastSecond = shard.report.timeline.reduce((last, entry) => Math.max(last, entry.second + 1), 0);
  const lastEventMs = shard.report.consumerEvents.reduce((last, event) => Math.max(last, event.atMs), Number.NEGATIVE_INFINITY);
  return usOf(shard, Math.max(lastSecond * 1000, lastEventMs));
}

/** A shard's member events of one group as the analysis reads them, with the leave requests of its schedule. */
function groupEvents(shard: AlignedShard, groupId: string): GroupEvent[] {
  const events: GroupEvent[] = [];
  const planned = shard.report.scenario.consumerGroups.find((group) => group.groupId === groupId);
  for (const step of planned?.schedule ?? []) {
    if (step.action === 'leave') for (const consumerId of step.consumerIds) events.push({ atUs: usOf(shard, step.atMs), type: 'leaving', consumerId });
  }
  for (const event of shard.report.consumerEvents) {
    if (event.groupId !== groupId) continue;
    const base = { atUs: usOf(shard, event.atMs), consumerId: event.consumerId };
    const partitions = event.partitions ?? [];
    switch (event.type) {
      case 'joining':
      case 'left':
        events.push({ ...base, type: event.type });
        break;
      case 'assigned':
        events.push({ ...base, type: 'assigned', partitions });
        break;
      case 'revoked':
      case 'crashed':
        events.push({ ...base, type: event.type, partitions, lastConsumedUs: partitions.map(() => null) });
        break;
      case 'slow':
        events.push({ ...base, type: 'slow', processingTimeMs: event.processingTimeMs ?? 0 });
        break;
    }
  }
  return events;
}

/** A shard's re-deliveries of one group, placed at the start of the shard's rebalance they were counted in. */
function duplicateRuns(shard: AlignedShard, groupId: string): DuplicateRun[] {
  return shard.report.rebalances
    .filter((rebalance) => rebalance.groupId === groupId && rebalance.duplicates > 0)
    .map((rebalance) => ({ partition: -1, count: rebalance.duplicates, atUs: usOf(shard, rebalance.startedAtMs) }));
}
