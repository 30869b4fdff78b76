/**
 * Arithmetic over the cumulative counters that workers report (snapshot-types.ts): empty
 * values, sums across producers / consumers / workers, and per-interval deltas between two
 * cumulative snapshots. Pure functions returning new objects, except {@link countError}, which
 * a worker calls on its own live counters.
 *
 * Sparse maps (errors by kind, messages by partition) follow one rule: an absent key is 0.
 * Sums keep every key of either side; deltas leave out keys whose delta is 0.
 */
import type { ClientErrorKind } from '../clients/client-adapter.js';
import type { ConsumerCounters, ProducerCounters } from './snapshot-types.js';

type ErrorCounts = Partial<Record<ClientErrorKind, number>>;
type PartitionCounts = Record<number, number>;

/** Adds 1 to the count of `kind` in `errors` (mutated in place; no allocation once the key exists). */
export function countError(errors: ErrorCounts, kind: ClientErrorKind): void {
  errors[kind] = (errors[kind] ?? 0) + 1;
}

/** Adds 1 to the count of `partition` in `byPartition` (mutated in place). */
export function countPartition(byPartition: PartitionCounts, partition: number, amount = 1): void {
  byPartition[partition] = (byPartition[partition] ?? 0) + amount;
}

/** Key-wise a + sign·b over the union of keys; with `dropZeros`, keys whose result is 0 are left out. */
function combineMaps<K extends string | number>(
  a: Partial<Record<K, number>>,
  b: Partial<Record<K, number>>,
  sign: 1 | -1,
  dropZeros: boolean,
): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of Object.keys(a) as K[]) result[key] = a[key] ?? 0;
  for (const key of Object.keys(b) as K[]) result[key] = (result[key] ?? 0) + sign * (b[key] ?? 0);
  if (dropZeros) for (const key of Object.keys(result) as K[]) if (result[key] === 0) delete result[key];
  return result;
}

/** Producer counters with every count 0. */
export function emptyProducerCounters(): ProducerCounters {
  return { sent: 0, sentBytes: 0, acked: 0, ackedBytes: 0, failed: 0, notAttempted: 0, errors: {}, ackedByPartition: {} };
}

/** Sum of two producers' (or two workers') counters. */
export function addProducerCounters(a: ProducerCounters, b: ProducerCounters): ProducerCounters {
  return {
    sent: a.sent + b.sent,
    sentBytes: a.sentBytes + b.sentBytes,
    acked: a.acked + b.acked,
    ackedBytes: a.ackedBytes + b.ackedBytes,
    failed: a.failed + b.failed,
    notAttempted: a.notAttempted + b.notAttempted,
    errors: combineMaps(a.errors, b.errors, 1, false),
    ackedByPartition: combineMaps(a.ackedByPartition, b.ackedByPartition, 1, false) as PartitionCounts,
  };
}

/**
 * What happened between two cumulative snapshots of the same producer: `later − earlier`,
 * field by field and key by key. Expects `later` to be the newer snapshot; a negative result
 * means the counters were reset in between.
 */
export function subtractProducerCounters(later: ProducerCounters, earlier: ProducerCounters): ProducerCounters {
  return {
    sent: later.sent - earlier.sent,
    sentBytes: later.sentBytes - earlier.sentBytes,
    acked: later.acked - earlier.acked,
    ackedBytes: later.ackedBytes - earlier.ackedBytes,
    failed: later.failed - earlier.failed,
    notAttempted: later.notAttempted - earlier.notAttempted,
    errors: combineMaps(later.errors, earlier.errors, -1, true),
    ackedByPartition: combineMaps(later.ackedByPartition, earlier.ackedByPartition, -1, true) as PartitionCounts,
  };
}

/** Consumer counters with every count 0. */
export function emptyConsumerCounters(): ConsumerCounters {
  return { consumed: 0, consumedBytes: 0, foreign: 0, errors: {}, consumedByPartition: {} };
}

/** Sum of two consumers' (or two workers') counters. */
export function addConsumerCounters(a: ConsumerCounters, b: ConsumerCounters): ConsumerCounters {
  return {
    consumed: a.consumed + b.consumed,
    consumedBytes: a.consumedBytes + b.consumedBytes,
    foreign: a.foreign + b.foreign,
    errors: combineMaps(a.errors, b.errors, 1, false),
    consumedByPartition: combineMaps(a.consumedByPartition, b.consumedByPartition, 1, false) as PartitionCounts,
  };
}

/** `later − earlier` for two cumulative snapshots of the same consumer (see {@link subtractProducerCounters}). */
export function subtractConsumerCounters(later: ConsumerCounters, earlier: ConsumerCounters): ConsumerCounters {
  return {
    consumed: later.consumed - earlier.consumed,
    consumedBytes: later.consumedBytes - earlier.consumedBytes,
    foreign: later.foreign - earlier.foreign,
    errors: combineMaps(later.errors, earlier.errors, -1, true),
    consumedByPartition: combineMaps(later.consumedByPartition, earlier.consumedByPartition, -1, true) as PartitionCounts,
  };
}
