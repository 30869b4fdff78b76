/**
 * Delivery verification: what producers had acknowledged (or saw fail) and what each consumer
 * group consumed, by producer and sequence number, kept as ranges (metrics/interval-set.ts) so
 * memory grows with gaps, not with messages. After the drain it says exactly how many
 * acknowledged messages a group did not consume, consumed twice (duplicated), consumed
 * although unacknowledged, and how many came out of order (counted by the consumers).
 *
 * An acknowledged message a group did not consume is `lost` only when the log check at the end
 * (runner/log-check.ts) did not find it in the topic; found there, it is `unconsumed`: not
 * consumed in time, yet delivered.
 */
import { IntervalSet } from '../metrics/interval-set.js';
import type { ConsumerSnapshot, ProducerSnapshot } from '../metrics/snapshot-types.js';
import type { GroupIntegrity, IntegrityReport } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';

/** What the log check at the end of the run found (see runner/log-check.ts). */
export interface LogFindings {
  method: 'log-read' | 'not-needed' | 'unavailable';
  recordsRead: number;
  note: string | null;
  /** The messages found in the log, by producer index (sequence numbers). Empty unless `log-read`. */
  found: Map<number, IntervalSet>;
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

  /** Acknowledged messages the group has not consumed (yet), by producer index. */
  missing(groupId: string): Map<number, IntervalSet> {
    const consumed = this.groups.get(groupId)?.consumed;
    const missing = new Map<number, IntervalSet>();
    for (const [producerIndex, acked] of this.acked) {
      const left = acked.difference(consumed?.get(producerIndex) ?? new IntervalSet());
      if (left.size > 0) missing.set(producerIndex, left);
    }
    return missing;
  }

  /** How many acknowledged messages the group has not consumed yet (distinct: re-deliveries do not hide any). */
  missingCount(groupId: string): number {
    const consumed = this.groups.get(groupId)?.consumed;
    let count = 0;
    for (const [producerIndex, acked] of this.acked) count += acked.size - acked.intersectionSize(consumed?.get(producerIndex) ?? new IntervalSet());
    return count;
  }

  /**
   * The verdict per group and over the groups that read the topic from its start (those
   * starting from `earliest` with members from the run's start): only they can be expected to see
   * every acknowledged message. `reordered` comes from the consumers' own counts. With the log
   * check's `findings`, an acknowledged message a checked group did not consume is `unconsumed`
   * when the log holds it and `lost` otherwise; without them (older callers) every one is lost.
   */
  report(reorderedByGroup: Record<string, number>, findings?: LogFindings): IntegrityReport {
    const groups: Record<string, GroupIntegrity> = {};
    const checked: string[] = [];
    for (const planned of this.plan.consumerGroups) {
      const seen = this.groups.get(planned.groupId);
      if (!seen) continue;
      let lost = 0;
      let unconsumed = 0;
      let unacknowledgedButDelivered = 0;
      let consumedUnique = 0;
      const readsEverything = planned.startFrom === 'earliest' && planned.members.some((m) => m.origin === 'initial');
      for (const [producerIndex, missing] of this.missing(planned.groupId)) {
        const inLog = readsEverything && findings?.method === 'log-read' ? missing.intersectionSize(findings.found.get(producerIndex) ?? new IntervalSet()) : 0;
        unconsumed += inLog;
        lost += missing.size - inLog;
      }
      for (const [producerIndex, consumed] of seen.consumed) {
        consumedUnique += consumed.size;
        unacknowledgedButDelivered += consumed.size - consumed.intersectionSize(this.acked.get(producerIndex) ?? new IntervalSet());
      }
      if (readsEverything) checked.push(planned.groupId);
      groups[planned.groupId] = {
        readsEverything,
        consumedUnique,
        lost,
        duplicated: seen.duplicated,
        reordered: reorderedByGroup[planned.groupId] ?? 0,
        unacknowledgedButDelivered,
        ...(findings && readsEverything ? { unconsumed } : {}),
      };
    }
    let ackedTotal = 0;
    for (const set of this.acked.values()) ackedTotal += set.size;
    let failedTotal = 0;
    for (const set of this.failed.values()) failedTotal += set.size;
    const sum = (field: 'lost' | 'duplicated' | 'reordered' | 'unacknowledgedButDelivered' | 'unconsumed'): number => checked.reduce((total, id) => total + (groups[id]?.[field] ?? 0), 0);
    return {
      checkedGroups: checked,
      acknowledged: ackedTotal,
      failed: failedTotal,
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      reordered: sum('reordered'),
      unacknowledgedButDelivered: sum('unacknowledgedButDelivered'),
      ...(findings
        ? {
            unconsumed: sum('unconsumed'),
            unconsumedReasons: [],
            logCheck: { method: findings.method, recordsRead: findings.recordsRead, note: findings.note },
          }
        : {}),
      groups,
    };
  }
}

function setFor(map: Map<number, IntervalSet>, key: number): IntervalSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new IntervalSet()));
  return set;
}
