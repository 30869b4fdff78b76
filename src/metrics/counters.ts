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
import type { ConsumerCounters, ProducerCounters, StageCounters } from './snapshot-types.js';

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

/** Counters of one kind: every field a count, or a sparse map of counts (errors by kind, messages by partition). */
type CountMap = Partial<Record<string | number, number>>;
type CounterFields<T> = { [K in keyof T]: number | CountMap };

/**
 * a + sign·b field by field (every field of `a`); deltas (sign −1) leave out map keys whose
 * delta is 0. One rule for every kind of counters, so a field added to a kind is summed too.
 */
function combineCounters<T extends CounterFields<T>>(a: T, b: T, sign: 1 | -1): T {
  const result = {} as Record<keyof T, unknown>;
  for (const key of Object.keys(a) as Array<keyof T>) {
    const left: number | CountMap = a[key];
    const right: number | CountMap | undefined = b[key];
    result[key] = typeof left === 'number' ? left + sign * ((right as number | undefined) ?? 0) : combineMaps(left, (right ?? {}) as CountMap, sign, sign === -1);
  }
  return result as T;
}

/** Sum of two producers' (or two workers') counters. */
export function addProducerCounters(a: ProducerCounters, b: ProducerCounters): ProducerCounters {
  return combineCounters(a, b, 1);
}

/**
 * What happened between two cumulative snapshots: `later − earlier`, field by field and key by
 * key. Expects `later` to be the newer snapshot; a negative result means the counters were reset in between.
 */
export function subtractProducerCounters(later: ProducerCounters, earlier: ProducerCounters): ProducerCounters {
  return combineCounters(later, earlier, -1);
}

/** Consumer counters with every count 0. */
export function emptyConsumerCounters(): ConsumerCounters {
  return { consumed: 0, consumedBytes: 0, foreign: 0, reordered: 0, errors: {}, consumedByPartition: {} };
}

/** Sum of two consumers' (or two workers') counters. */
export function addConsumerCounters(a: ConsumerCounters, b: ConsumerCounters): ConsumerCounters {
  return combineCounters(a, b, 1);
}

/** `later − earlier` for two cumulative snapshots (see {@link subtractProducerCounters}). */
export function subtractConsumerCounters(later: ConsumerCounters, earlier: ConsumerCounters): ConsumerCounters {
  return combineCounters(later, earlier, -1);
}

/** Stage counters with every count 0. */
export function emptyStageCounters(): StageCounters {
  return {
    consumed: 0,
    foreign: 0,
    undecodable: 0,
    transformed: 0,
    filtered: 0,
    aggregated: 0,
    late: 0,
    skippedUncommitted: 0,
    skippedWhileHalted: 0,
    produced: 0,
    acked: 0,
    failed: 0,
    notAttempted: 0,
    abortedOutputs: 0,
    committedBatches: 0,
    failedCommits: 0,
    abortedTransactions: 0,
    errors: {},
  };
}

/** Sum of two stage members' counters. */
export function addStageCounters(a: StageCounters, b: StageCounters): StageCounters {
  return combineCounters(a, b, 1);
}

/** `later − earlier` for two cumulative snapshots (see {@link subtractProducerCounters}). */
export function subtractStageCounters(later: StageCounters, earlier: StageCounters): StageCounters {
  return combineCounters(later, earlier, -1);
}
