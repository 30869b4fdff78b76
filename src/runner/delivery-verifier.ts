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

/** A group reads the topic from its start when it starts from `earliest` with members from the run's start. */
export function readsEverything(group: Pick<PlannedConsumerGroup, 'startFrom' | 'members'>): boolean {
  return group.startFrom === 'earliest' && group.members.some((m) => m.origin === 'initial');
}

interface GroupSeen {
  consumed: Map<number, IntervalSet>;
  duplicated: number;
}

export class DeliveryVerifier {
  private readonly acked = new Map<number, IntervalSet>();
  private readonly failed = new Map<number, IntervalSet>();
  private readonly groups = new Map<string, GroupSeen>();

  constructor(private readonly plan: Plan) {
    for (const group of plan.consumerGroups) this.groups.set(group.groupId, { consumed: new Map(), duplicated: 0 });
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
    return missingOf(this.acked, this.groups.get(groupId)?.consumed);
  }

  /** How many acknowledged messages the group has not consumed yet (distinct: re-deliveries do not hide any). */
  missingCount(groupId: string): number {
    return missingCountOf(this.acked, this.groups.get(groupId)?.consumed);
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
      return [{ groupId: planned.groupId, readsEverything: readsEverything(planned), consumed: seen.consumed, duplicated: seen.duplicated, reordered: reorderedByGroup[planned.groupId] ?? 0 }];
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
