/**
 * Delivery verification: what producers had acknowledged (or saw fail) and what each consumer
 * group consumed, by producer and sequence number, kept as ranges (metrics/interval-set.ts) so
 * memory grows with gaps, not with messages. After the drain it says exactly how many
 * acknowledged messages a group never consumed (lost), consumed twice (duplicated), consumed
 * although unacknowledged, and how many came out of order (counted by the consumers).
 */
import { IntervalSet } from '../metrics/interval-set.js';
import type { ConsumerSnapshot, ProducerSnapshot } from '../metrics/snapshot-types.js';
import type { GroupIntegrity, IntegrityReport } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';

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
    for (const [from, to] of snapshot.ackedSequences) setFor(this.acked, producerIndex).add(from, to);
    for (const [from, to] of snapshot.failedSequences) setFor(this.failed, producerIndex).add(from, to);
  }

  addConsumer(snapshot: Pick<ConsumerSnapshot, 'groupId' | 'sequences'>): void {
    const group = this.groups.get(snapshot.groupId);
    if (!group) return;
    for (const { producerIndex, ranges, repeats } of snapshot.sequences) {
      const set = setFor(group.consumed, producerIndex);
      group.duplicated += repeats;
      for (const [from, to] of ranges) group.duplicated += set.add(from, to);
    }
  }

  /**
   * The verdict per group and over the groups that read the topic from its start (those
   * starting from `earliest` with members from the run's start): only they can be expected to see
   * every acknowledged message. `reordered` comes from the consumers' own counts.
   */
  report(reorderedByGroup: Record<string, number>): IntegrityReport {
    const groups: Record<string, GroupIntegrity> = {};
    const checked: string[] = [];
    for (const planned of this.plan.consumerGroups) {
      const seen = this.groups.get(planned.groupId);
      if (!seen) continue;
      let lost = 0;
      let unacknowledgedButDelivered = 0;
      let consumedUnique = 0;
      for (const [producerIndex, acked] of this.acked) lost += acked.size - acked.intersectionSize(seen.consumed.get(producerIndex) ?? new IntervalSet());
      for (const [producerIndex, consumed] of seen.consumed) {
        consumedUnique += consumed.size;
        unacknowledgedButDelivered += consumed.size - consumed.intersectionSize(this.acked.get(producerIndex) ?? new IntervalSet());
      }
      const readsEverything = planned.startFrom === 'earliest' && planned.members.some((m) => m.origin === 'initial');
      if (readsEverything) checked.push(planned.groupId);
      groups[planned.groupId] = {
        readsEverything,
        consumedUnique,
        lost,
        duplicated: seen.duplicated,
        reordered: reorderedByGroup[planned.groupId] ?? 0,
        unacknowledgedButDelivered,
      };
    }
    let ackedTotal = 0;
    for (const set of this.acked.values()) ackedTotal += set.size;
    let failedTotal = 0;
    for (const set of this.failed.values()) failedTotal += set.size;
    const sum = (field: 'lost' | 'duplicated' | 'reordered' | 'unacknowledgedButDelivered'): number => checked.reduce((total, id) => total + (groups[id]?.[field] ?? 0), 0);
    return {
      checkedGroups: checked,
      acknowledged: ackedTotal,
      failed: failedTotal,
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      reordered: sum('reordered'),
      unacknowledgedButDelivered: sum('unacknowledgedButDelivered'),
      groups,
    };
  }
}

function setFor(map: Map<number, IntervalSet>, key: number): IntervalSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new IntervalSet()));
  return set;
}
