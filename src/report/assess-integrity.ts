/**
 * The delivery arithmetic behind a report's `integrity` section, over sets of sequence numbers
 * (metrics/interval-set.ts): per producer what was acknowledged and what failed, per consumer group
 * what it consumed. One place for it: a run's verifier (runner/delivery-verifier.ts) and
 * `kbench merge` (merge/merge-integrity.ts, the shards' sets joined) both end here. Pure.
 *
 * An acknowledged message a group did not consume is `unconsumed` when the log check found it in
 * the topic (`findings.method: 'log-read'`) and `lost` otherwise; without findings every one is lost.
 */
import { IntervalSet } from '../metrics/interval-set.js';
import type { GroupIntegrity, IntegrityReport } from './report-types.js';

/** What the log check at the end of a run found (runner/log-check.ts). */
export interface LogFindings {
  method: 'log-read' | 'not-needed' | 'unavailable';
  recordsRead: number;
  note: string | null;
  /** The messages found in the log, by producer index (sequence numbers). Empty unless `log-read`. */
  found: Map<number, IntervalSet>;
  /** Groups reading another topic than the producers' (a stage's output): what was found in theirs. */
  foundByGroup?: Map<string, Map<number, IntervalSet>>;
}

/** One consumer group's consumption, by producer index. */
export interface GroupDelivery {
  groupId: string;
  /** The group read the topic from its start: only then can it be expected to see every acknowledged message. */
  readsEverything: boolean;
  consumed: ReadonlyMap<number, IntervalSet>;
  /** Messages consumed more than once. */
  duplicated: number;
  /** Out-of-order messages the members counted. */
  reordered: number;
  /**
   * What the group should see when not every acknowledged message (a reader of a stage's output:
   * the acknowledged ones minus what the stages on its way filtered out); absent: `acked`.
   */
  expected?: ReadonlyMap<number, IntervalSet>;
}

/** Everything the integrity verdict is made of. */
export interface DeliveryData {
  acked: ReadonlyMap<number, IntervalSet>;
  failed: ReadonlyMap<number, IntervalSet>;
  /** In the order the report lists them. */
  groups: readonly GroupDelivery[];
}

/** Acknowledged messages not in `consumed`, by producer index (producers with none left out). */
export function missingOf(acked: ReadonlyMap<number, IntervalSet>, consumed: ReadonlyMap<number, IntervalSet> | undefined): Map<number, IntervalSet> {
  const missing = new Map<number, IntervalSet>();
  for (const [producerIndex, set] of acked) {
    const left = set.difference(consumed?.get(producerIndex) ?? new IntervalSet());
    if (left.size > 0) missing.set(producerIndex, left);
  }
  return missing;
}

/** How many acknowledged messages are not in `consumed` (distinct: re-deliveries hide none). */
export function missingCountOf(acked: ReadonlyMap<number, IntervalSet>, consumed: ReadonlyMap<number, IntervalSet> | undefined): number {
  let count = 0;
  for (const [producerIndex, set] of acked) count += set.size - set.intersectionSize(consumed?.get(producerIndex) ?? new IntervalSet());
  return count;
}

/**
 * The verdict per group and, summed, over the groups that read the topic from its start. With the
 * log check's `findings`, `unconsumed` (and `logCheck`) are given; without them every acknowledged
 * message a group did not consume counts as lost.
 */
export function assessIntegrity(data: DeliveryData, findings?: LogFindings): IntegrityReport {
  const groups: Record<string, GroupIntegrity> = {};
  const checked: string[] = [];
  for (const group of data.groups) {
    let lost = 0;
    let unconsumed = 0;
    let unacknowledgedButDelivered = 0;
    let consumedUnique = 0;
    const found = findings?.foundByGroup?.get(group.groupId) ?? findings?.found;
    for (const [producerIndex, missing] of missingOf(group.expected ?? data.acked, group.consumed)) {
      const inLog = group.readsEverything && findings?.method === 'log-read' ? missing.intersectionSize(found?.get(producerIndex) ?? new IntervalSet()) : 0;
      unconsumed += inLog;
      lost += missing.size - inLog;
    }
    for (const [producerIndex, consumed] of group.consumed) {
      consumedUnique += consumed.size;
      unacknowledgedButDelivered += consumed.size - consumed.intersectionSize(data.acked.get(producerIndex) ?? new IntervalSet());
    }
    if (group.readsEverything) checked.push(group.groupId);
    groups[group.groupId] = {
      readsEverything: group.readsEverything,
      consumedUnique,
      lost,
      duplicated: group.duplicated,
      reordered: group.reordered,
      unacknowledgedButDelivered,
      ...(findings && group.readsEverything ? { unconsumed } : {}),
    };
  }
  const sizeOf = (sets: ReadonlyMap<number, IntervalSet>): number => [...sets.values()].reduce((total, set) => total + set.size, 0);
  const sum = (field: 'lost' | 'duplicated' | 'reordered' | 'unacknowledgedButDelivered' | 'unconsumed'): number => checked.reduce((total, id) => total + (groups[id]?.[field] ?? 0), 0);
  return {
    checkedGroups: checked,
    acknowledged: sizeOf(data.acked),
    failed: sizeOf(data.failed),
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
