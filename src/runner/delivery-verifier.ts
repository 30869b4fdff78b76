/**
 * Delivery verification: what producers had acknowledged (or saw fail) and what each consumer
 * group consumed, by producer and sequence number, kept as ranges (metrics/interval-set.ts) so
 * memory grows with gaps, not with messages. After the drain it says exactly how many
 * acknowledged messages a group did not consume, consumed twice (duplicated), consumed
 * although unacknowledged, and how many came out of order (counted by the consumers); the
 * arithmetic is `report/assess-integrity.ts`, shared with `kbench merge`.
 *
 * An acknowledged message a group did not consume is `lost` only when the log check at the end
 * (runner/log-check.ts) did not find it in the topic; found there, it is `unconsumed`: not
 * consumed in time, yet delivered.
 */
import { IntervalSet } from '../metrics/interval-set.js';
import type { ConsumerSnapshot, ProducerSnapshot } from '../metrics/snapshot-types.js';
import { assessIntegrity, missingCountOf, missingOf, type LogFindings } from '../report/assess-integrity.js';
import type { DeliverySetsReport, IntegrityReport, SequenceRange } from '../report/report-types.js';
import type { Plan, PlannedConsumerGroup } from '../scenario/plan-types.js';

export type { LogFindings } from '../report/assess-integrity.js';

/**
 * A group reads the topic from its start when it starts from `earliest` with members from the
 * run's start; and it can be checked message by message unless an aggregating stage is on its way.
 */
export function readsEverything(group: Pick<PlannedConsumerGroup, 'startFrom' | 'members'> & Partial<Pick<PlannedConsumerGroup, 'checkedByMessage'>>): boolean {
  return group.checkedByMessage !== false && group.startFrom === 'earliest' && group.members.some((m) => m.origin === 'initial');
}

interface GroupSeen {
  consumed: Map<number, IntervalSet>;
  duplicated: number;
}

export class DeliveryVerifier {
  private readonly acked = new Map<number, IntervalSet>();
  private readonly failed = new Map<number, IntervalSet>();
  private readonly groups = new Map<string, GroupSeen>();
  /** Per stage group: the original messages its transform filtered out. */
  private readonly filtered = new Map<string, Map<number, IntervalSet>>();

  constructor(private readonly plan: Plan) {
    // Readers behind an aggregate see windows, not messages: they are not checked message by message.
    for (const group of plan.consumerGroups) if (group.checkedByMessage) this.groups.set(group.groupId, { consumed: new Map(), duplicated: 0 });
    for (const group of plan.consumerGroups) if (group.stage) this.filtered.set(group.groupId, new Map());
  }

  /** Messages a stage filtered out (its `filteredSequences`). */
  addFiltered(stageGroupId: string, sequences: ReadonlyArray<{ producerIndex: number; ranges: Array<[number, number]> }>): void {
    const byProducer = this.filtered.get(stageGroupId);
    if (!byProducer) return;
    for (const { producerIndex, ranges } of sequences) if (ranges.length > 0) setFor(byProducer, producerIndex).addAll(ranges);
  }

  /**
   * What `groupId` should see: the acknowledged messages — behind stages, those the nearest stage
   * took in (what it never read is its own backlog, not the reader's loss) — minus what the
   * stages on its way filtered out.
   */
  expected(groupId: string): ReadonlyMap<number, IntervalSet> {
    const upstream = this.plan.consumerGroups.find((g) => g.groupId === groupId)?.upstreamStages ?? [];
    if (upstream.length === 0) return this.acked;
    const nearest = this.groups.get(upstream[0] ?? '')?.consumed;
    const expected = new Map<number, IntervalSet>();
    for (const [producerIndex, acked] of this.acked) {
      const taken = nearest?.get(producerIndex);
      let left = taken === undefined ? new IntervalSet() : acked.difference(acked.difference(taken));
      for (const stage of upstream) {
        const dropped = this.filtered.get(stage)?.get(producerIndex);
        if (dropped !== undefined && dropped.size > 0) left = left.difference(dropped);
      }
      expected.set(producerIndex, left);
    }
    return expected;
  }

  addProducer(producerIndex: number, snapshot: Pick<ProducerSnapshot, 'ackedSequences' | 'failedSequences'>): void {
    if (snapshot.ackedSequences.length > 0) setFor(this.acked, producerIndex).addAll(snapshot.ackedSequences);
    if (snapshot.failedSequences.length > 0) setFor(this.failed, producerIndex).addAll(snapshot.failedSequences);
  }

  addConsumer(snapshot: Pick<ConsumerSnapshot, 'groupId' | 'sequences'>): void {
    const group = this.groups.get(snapshot.groupId);
    if (!group) return;
    for (const { producerIndex, ranges, repeats } of snapshot.sequences) {
      // All at once: a second of a backlog read across partitions is many ranges (sequences interleave across partitions).
      group.duplicated += repeats + setFor(group.consumed, producerIndex).addAll(ranges);
    }
  }

  /** What the producers' outcomes and the groups' consumption were, as ranges (see `deliverySetsOf`). */
  sets(plan: Plan, reorderedByGroup: Record<string, number>): DeliverySetsReport {
    return {
      producers: plan.producers.map((producer) => ({
        producerIndex: producer.index,
        producerId: producer.id,
        acked: rangesOf(this.acked.get(producer.index)),
        failed: rangesOf(this.failed.get(producer.index)),
      })),
      groups: plan.consumerGroups.map((group) => {
        const seen = this.groups.get(group.groupId);
        return {
          groupId: group.groupId,
          readsEverything: readsEverything(group),
          consumed: [...(seen?.consumed ?? new Map<number, IntervalSet>())].sort(([a], [b]) => a - b).map(([producerIndex, set]) => ({ producerIndex, ranges: rangesOf(set) })),
          duplicated: seen?.duplicated ?? 0,
          reordered: reorderedByGroup[group.groupId] ?? 0,
        };
      }),
    };
  }

  /** Acknowledged messages the group has not consumed (yet), by producer index. */
  missing(groupId: string): Map<number, IntervalSet> {
    return missingOf(this.expected(groupId), this.groups.get(groupId)?.consumed);
  }

  /** How many acknowledged messages the group has not consumed yet (distinct: re-deliveries do not hide any). */
  missingCount(groupId: string): number {
    return missingCountOf(this.expected(groupId), this.groups.get(groupId)?.consumed);
  }

  /**
   * The verdict per group and over the groups that read the topic from its start (those
   * starting from `earliest` with members from the run's start): only they can be expected to see
   * every acknowledged message. `reordered` comes from the consumers' own counts. With the log
   * check's `findings`, an acknowledged message a checked group did not consume is `unconsumed`
   * when the log holds it and `lost` otherwise; without them (older callers) every one is lost.
   */
  report(reorderedByGroup: Record<string, number>, findings?: LogFindings): IntegrityReport {
    const groups = this.plan.consumerGroups.flatMap((planned) => {
      const seen = this.groups.get(planned.groupId);
      if (!seen) return [];
      const expected = planned.upstreamStages.length > 0 ? { expected: this.expected(planned.groupId) } : {};
      return [{ groupId: planned.groupId, readsEverything: readsEverything(planned), consumed: seen.consumed, duplicated: seen.duplicated, reordered: reorderedByGroup[planned.groupId] ?? 0, ...expected }];
    });
    return assessIntegrity({ acked: this.acked, failed: this.failed, groups }, findings);
  }
}


function rangesOf(set: IntervalSet | undefined): SequenceRange[] {
  return (set?.toRanges() ?? []).map(([from, to]) => [from, to]);
}

function setFor(map: Map<number, IntervalSet>, key: number): IntervalSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new IntervalSet()));
  return set;
}
