/** Checks of a sharded run's report sections (`shard`, `deliverySets`, `mergedFrom`; shard-types.ts). Pure. */
import { array, bool, count, nullable, num, object, oneOf, primitive, str, type Check } from './json-checks.js';
import type { DeliverySetsReport, MergedShardReport, SequenceRange, ShardReport } from './report-types.js';

const sequenceRange: Check<SequenceRange> = primitive<SequenceRange>(
  'a range [from, to] of whole numbers ≥ 0, from ≤ to',
  (value) => Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) && (value[0] as number) <= (value[1] as number),
);

export const shard: Check<ShardReport> = object<ShardReport>({
  index: count,
  count: count,
  runId: str,
  host: str,
  clockSource: str,
  startedAtEpochMs: num,
  startAt: nullable(str),
});

export const deliverySets: Check<DeliverySetsReport> = object<DeliverySetsReport>({
  producers: array(
    object<DeliverySetsReport['producers'][number]>({ producerIndex: count, producerId: str, acked: array(sequenceRange), failed: array(sequenceRange) }),
  ),
  groups: array(
    object<DeliverySetsReport['groups'][number]>({
      groupId: str,
      readsEverything: bool,
      consumed: array(object<DeliverySetsReport['groups'][number]['consumed'][number]>({ producerIndex: count, ranges: array(sequenceRange) })),
      duplicated: count,
      reordered: count,
    }),
  ),
});

export const mergedShard: Check<MergedShardReport> = object<MergedShardReport>({
  file: str,
  shard,
  status: oneOf(['completed', 'aborted', 'failed']),
});
