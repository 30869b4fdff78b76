/**
 * Delivery integrity across shards, from their `deliverySets`: per producer the acknowledged and
 * failed sequences (each producer index belongs to one shard), per group the union of what its
 * members consumed in every shard — so a message produced by one shard and consumed by another
 * is delivered. A message two shards' members both consumed counts as duplicated, on top of each
 * shard's own duplicates. The arithmetic is a run's (`report/assess-integrity.ts`).
 *
 * A merged run has no log check: the shards' unconsumed messages were not read back from the
 * topic, so every acknowledged message a checked group did not consume counts as lost
 * (`logCheck.method: 'unavailable'`), as in a run whose log could not be read. When nothing is
 * missing the check was not needed (`not-needed`). Pure.
 */
import { IntervalSet } from '../metrics/interval-set.js';
import { assessIntegrity, missingCountOf, type GroupDelivery } from '../report/assess-integrity.js';
import type { IntegrityReport, SequenceRange } from '../report/report-types.js';
import type { AlignedShard } from './shard-alignment.js';

/** `logCheck.note` of a merged report with messages missing. */
export const MERGED_LOG_CHECK_NOTE =
  "a merged run's unconsumed messages were not read back from the topic (each shard checks only its own part): every acknowledged message a checked group did not consume counts as lost";

interface GroupUnion {
  groupId: string;
  readsEverything: boolean;
  consumed: Map<number, IntervalSet>;
  duplicated: number;
  reordered: number;
}

/** The integrity section of the merged report; `groupIds` gives the groups' order. */
export function mergeIntegrity(shards: readonly AlignedShard[], groupIds: readonly string[]): IntegrityReport {
  const acked = new Map<number, IntervalSet>();
  const failed = new Map<number, IntervalSet>();
  const groups = new Map<string, GroupUnion>(groupIds.map((groupId) => [groupId, { groupId, readsEverything: false, consumed: new Map(), duplicated: 0, reordered: 0 }]));
  for (const { deliverySets } of shards) {
    for (const producer of deliverySets.producers) {
      addRanges(setFor(acked, producer.producerIndex), producer.acked);
      addRanges(setFor(failed, producer.producerIndex), producer.failed);
    }
    for (const part of deliverySets.groups) {
      let group = groups.get(part.groupId);
      if (group === undefined) groups.set(part.groupId, (group = { groupId: part.groupId, readsEverything: false, consumed: new Map(), duplicated: 0, reordered: 0 }));
      group.readsEverything ||= part.readsEverything;
      group.duplicated += part.duplicated;
      group.reordered += part.reordered;
      // What members of another shard consumed already is consumed again: a duplicate.
      for (const { producerIndex, ranges } of part.consumed) group.duplicated += addRanges(setFor(group.consumed, producerIndex), ranges);
    }
  }
  const deliveries: GroupDelivery[] = [...groups.values()];
  const missing = deliveries.filter((group) => group.readsEverything).reduce((total, group) => total + missingCountOf(acked, group.consumed), 0);
  return assessIntegrity(
    { acked, failed, groups: deliveries },
    missing === 0
      ? { method: 'not-needed', recordsRead: 0, note: null, found: new Map() }
      : { method: 'unavailable', recordsRead: 0, note: MERGED_LOG_CHECK_NOTE, found: new Map() },
  );
}

/** Adds the ranges; returns how many of their numbers the set held already. */
function addRanges(set: IntervalSet, ranges: readonly SequenceRange[]): number {
  return ranges.reduce((overlap, [from, to]) => overlap + set.add(from, to), 0);
}

function setFor(map: Map<number, IntervalSet>, key: number): IntervalSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new IntervalSet()));
  return set;
}
