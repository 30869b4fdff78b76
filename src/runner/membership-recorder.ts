/**
 * Everything the runner learns about consumer group membership during a run: the members'
 * events from their snapshots, what the runner itself did to them (asked one to leave, killed
 * one), the offsets each group consumed (to count re-deliveries), and who is in each group now.
 * Rebalances are computed from it on demand (metrics/rebalance-analysis.ts).
 */
import { epochMsAtUs } from '../metrics/clock.js';
import { IntervalSet } from '../metrics/interval-set.js';
import { OffsetCoverage, type DuplicateRun } from '../metrics/offset-coverage.js';
import { analyzeGroup, type GroupAnalysis, type GroupEvent, type LagSecond } from '../metrics/rebalance-analysis.js';
import type { ConsumerSnapshot } from '../metrics/snapshot-types.js';
import type { ConsumerEventReport, RebalanceReport, TimelineEntry } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';

interface GroupRecord {
  events: GroupEvent[];
  coverage: OffsetCoverage;
  duplicates: DuplicateRun[];
  /** Members that joined and have not left or crashed. */
  live: Set<string>;
}

export class MembershipRecorder {
  private readonly groups = new Map<string, GroupRecord>();
  /** Members the runner took out (left or crashed): their last snapshot no longer says what they own. */
  private readonly departed = new Set<string>();

  constructor(private readonly plan: Plan) {
    for (const group of plan.consumerGroups) this.groups.set(group.groupId, { events: [], coverage: new OffsetCoverage(), duplicates: [], live: new Set() });
  }

  addConsumerSnapshot(snapshot: ConsumerSnapshot): void {
    const group = this.groups.get(snapshot.groupId);
    if (!group) return;
    for (const event of snapshot.memberEvents) {
      group.events.push({ ...event, consumerId: snapshot.consumerId });
      if (event.type === 'joining' && !this.departed.has(snapshot.consumerId)) group.live.add(snapshot.consumerId);
      if (event.type === 'left') group.live.delete(snapshot.consumerId);
    }
    for (const run of snapshot.offsetRuns) {
      const count = group.coverage.add(run);
      if (count > 0) group.duplicates.push({ partition: run.partition, count, atUs: run.firstAtUs });
    }
  }

  /** The runner asked this member to leave (its close follows). */
  leaving(groupId: string, consumerId: string, atUs: number): void {
    this.departed.add(consumerId);
    this.groups.get(groupId)?.live.delete(consumerId);
    this.groups.get(groupId)?.events.push({ atUs, type: 'leaving', consumerId });
  }

  /** The runner killed this member's worker; `last` is its snapshot taken just before. */
  crashed(groupId: string, consumerId: string, atUs: number, last: ConsumerSnapshot | undefined): void {
    this.departed.add(consumerId);
    const group = this.groups.get(groupId);
    if (!group) return;
    group.live.delete(consumerId);
    const partitions = last?.assignedPartitions ?? this.ownedBy(group, consumerId);
    group.events.push({ atUs, type: 'crashed', consumerId, partitions, lastConsumedUs: partitions.map((p) => last?.lastConsumedUs[p] ?? null) });
  }

  isDeparted(consumerId: string): boolean {
    return this.departed.has(consumerId);
  }

  /** Members in the group now (joined, not left, crashed or asked to leave). */
  liveMembers(groupId: string): number {
    return this.groups.get(groupId)?.live.size ?? 0;
  }

  /** Records consumed more than once by the group so far. */
  duplicates(groupId: string): number {
    return this.groups.get(groupId)?.coverage.duplicates ?? 0;
  }

  /** The offsets of a partition the group consumed (re-deliveries once). */
  consumedOffsets(groupId: string, partition: number): IntervalSet {
    return this.groups.get(groupId)?.coverage.consumedOf(partition) ?? new IntervalSet();
  }

  /** Every group's rebalances up to `untilUs`, numbered in start order, and which groups are rebalancing then. */
  rebalances(runStartUs: number, untilUs: number, timeline: readonly TimelineEntry[]): { rebalances: RebalanceReport[]; inProgress: string[] } {
    const all: Array<Omit<RebalanceReport, 'index'>> = [];
    const inProgress: string[] = [];
    for (const group of this.plan.consumerGroups) {
      const analysis = this.analyze(group.groupId, runStartUs, untilUs, timeline);
      all.push(...analysis.rebalances);
      if (analysis.inProgress) inProgress.push(group.groupId);
    }
    all.sort((a, b) => a.startedAtMs - b.startedAtMs);
    return { rebalances: all.map((rebalance, index) => ({ index, ...rebalance })), inProgress };
  }

  /** What each member saw, in time order, as ms since the run started (events after `untilUs` left out). */
  consumerEvents(runStartUs: number, untilUs: number): ConsumerEventReport[] {
    const events: Array<ConsumerEventReport & { atUs: number }> = [];
    for (const [groupId, group] of this.groups) {
      for (const event of group.events) {
        if (event.atUs > untilUs || event.type === 'first-record') continue;
        const base = { consumerId: event.consumerId, groupId, atMs: Math.round(event.atUs - runStartUs) / 1000, atUs: event.atUs };
        if (event.type === 'assigned' || event.type === 'revoked' || event.type === 'crashed') events.push({ ...base, type: event.type, partitions: event.partitions });
        else if (event.type === 'slow') events.push({ ...base, type: 'slow', processingTimeMs: event.processingTimeMs });
        else if (event.type === 'leaving') continue;
        else events.push({ ...base, type: event.type });
      }
    }
    return events.sort((a, b) => a.atUs - b.atUs).map(({ atUs: _atUs, ...event }) => event);
  }

  private analyze(groupId: string, runStartUs: number, untilUs: number, timeline: readonly TimelineEntry[]): GroupAnalysis {
    const group = this.groups.get(groupId);
    const planned = this.plan.consumerGroups.find((g) => g.groupId === groupId);
    if (!group || !planned) return { rebalances: [], inProgress: false };
    const lag: LagSecond[] = timeline.map((entry) => ({ second: entry.second, lag: entry.lag[groupId] ?? 0, ackedPerSec: entry.ackedPerSec }));
    return analyzeGroup(
      {
        groupId,
        partitionCount: this.plan.topic.partitions,
        events: group.events,
        initialMembers: new Set(planned.members.filter((m) => m.origin === 'initial').map((m) => m.id)),
        duplicates: group.duplicates,
        lag,
      },
      { runStartUs, epochMsAtUs },
      untilUs,
    );
  }

  private ownedBy(group: GroupRecord, consumerId: string): number[] {
    const owned = new Set<number>();
    for (const event of group.events) {
      if (event.consumerId !== consumerId) continue;
      if (event.type === 'assigned') for (const p of event.partitions) owned.add(p);
      if (event.type === 'revoked') for (const p of event.partitions) owned.delete(p);
    }
    return [...owned].sort((a, b) => a - b);
  }
}
