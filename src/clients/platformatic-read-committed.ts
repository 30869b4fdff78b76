/**
 * Hides aborted transactions' records from @platformatic/kafka's `read_committed` consumers. 1.35's
 * own filter (`Consumer#filterUncommittedMessages`) keeps one aborted range per producer id (the
 * last one listed) and skips a range whose abort marker is not in the same fetch response "for
 * safety", so it delivers:
 * - the records of every aborted transaction but the last of a producer, when the response holds
 *   several (a stage that aborted twice);
 * - the records of an aborted transaction whose abort marker lies beyond the response (cut by the
 *   fetch's byte bounds);
 * and it throws a TypeError on an abort marker whose transaction is not listed (a fetch resuming
 * between an aborted transaction's records and its marker: the library's issue #391, fixed in 2.x
 * only).
 *
 * kbench filters each Fetch response first, by the Java consumer's rule
 * (`CompletedFetch.nextFetchedRecord`), then empties its list of aborted transactions, which
 * leaves the library's filter nothing to do. It sees the response through the library's
 * `plt:kafka:connections:api` tracing channel, whose `asyncStart` event carries a parsed response
 * before the request's callback runs. Kafka lists aborted transactions only in answers to
 * read_committed fetches, so read_uncommitted responses pass untouched. An aborted batch keeps its
 * place with no records, so that the message stream's position still moves past it (the stream
 * takes positions from the last batch of a response).
 */
import { subscribe } from 'node:diagnostics_channel';

/** The fields of a fetched record batch this filter reads (the library's `RecordsBatch`). */
export interface FetchedBatch {
  firstOffset: bigint;
  lastOffsetDelta: number;
  attributes: number;
  producerId: bigint;
  records: Array<{ key?: Buffer | null }>;
}

/** The fields of a fetch response this filter reads (the library's `FetchResponse`). */
export interface FetchedResponse {
  responses: Array<{
    partitions: Array<{
      abortedTransactions?: Array<{ producerId: bigint; firstOffset: bigint }> | null;
      records?: FetchedBatch[] | null;
    }>;
  }>;
}

/** Record batch attribute bits (Kafka's `DefaultRecordBatch`). */
const TRANSACTIONAL_BIT = 1 << 4;
const CONTROL_BIT = 1 << 5;
/** A control record's type (its key's second int16): 0 is an abort marker. */
const ABORT_MARKER_TYPE = 0;

const TRACING_CHANNEL = 'tracing:plt:kafka:connections:api:asyncStart';
/** Kafka's Fetch API key. */
const FETCH_API_KEY = 1;

let installed = false;

function isAbortMarker(batch: FetchedBatch): boolean {
  const key = batch.records[0]?.key;
  return (batch.attributes & CONTROL_BIT) !== 0 && key !== undefined && key !== null && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER_TYPE;
}

/**
 * Empties the record list of every batch of an aborted transaction in `response` (in place), by
 * the Java consumer's rule: walking a partition's batches in offset order, a producer is aborted
 * from the first offset of each of its aborted transactions listed in the response up to its next
 * abort marker. Then empties each partition's list of aborted transactions. Returns how many
 * records it removed.
 */
export function skipAbortedBatches(response: FetchedResponse): number {
  let removed = 0;
  for (const topic of response.responses ?? []) {
    for (const partition of topic.partitions ?? []) {
      const batches = partition.records;
      const aborted = partition.abortedTransactions;
      if (!aborted || aborted.length === 0) continue;
      partition.abortedTransactions = [];
      if (!batches) continue;
      const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
      let next = 0;
      const abortedProducers = new Set<bigint>();
      for (const batch of batches) {
        if ((batch.attributes & TRANSACTIONAL_BIT) === 0) continue;
        const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
        for (; next < pending.length && (pending[next] as { firstOffset: bigint }).firstOffset <= lastOffset; next++) {
          abortedProducers.add((pending[next] as { producerId: bigint }).producerId);
        }
        if ((batch.attributes & CONTROL_BIT) !== 0) {
          if (isAbortMarker(batch)) abortedProducers.delete(batch.producerId);
        } else if (abortedProducers.has(batch.producerId)) {
          removed += batch.records.length;
          batch.records = [];
        }
      }
    }
  }
  return removed;
}

/** Filters every Fetch response of this thread's @platformatic/kafka clients as above, from now on; idempotent. */
export function filterAbortedTransactions(): void {
  if (installed) return;
  installed = true;
  subscribe(TRACING_CHANNEL, (message) => {
    const context = message as { apiKey?: unknown; result?: unknown };
    if (context.apiKey !== FETCH_API_KEY || typeof context.result !== 'object' || context.result === null) return;
    try {
      skipAbortedBatches(context.result as FetchedResponse);
    } catch {
      // A response of another shape: left to the library.
    }
  });
}
