/**
 * kbench's filter of aborted transactions in @platformatic/kafka fetch responses (the library's
 * own lets some through): the Java consumer's rule on hand-made responses.
 */
import { describe, expect, it } from 'vitest';
import { skipAbortedBatches, type FetchedBatch, type FetchedResponse } from '../../src/clients/platformatic-read-committed.js';

const TRANSACTIONAL = 1 << 4;
const CONTROL = 1 << 5;

/** A data batch of `count` records from `offset`. */
function data(producerId: bigint, offset: number, count: number, transactional = true): FetchedBatch {
  return { firstOffset: BigInt(offset), lastOffsetDelta: count - 1, attributes: transactional ? TRANSACTIONAL : 0, producerId, records: Array.from({ length: count }, () => ({ key: null })) };
}

/** A control batch: an abort (type 0) or commit (type 1) marker. */
function marker(producerId: bigint, offset: number, type: 'abort' | 'commit'): FetchedBatch {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type === 'abort' ? 0 : 1, 2);
  return { firstOffset: BigInt(offset), lastOffsetDelta: 0, attributes: TRANSACTIONAL | CONTROL, producerId, records: [{ key }] };
}

function response(batches: FetchedBatch[], aborted: Array<[bigint, number]>): FetchedResponse {
  return { responses: [{ partitions: [{ records: batches, abortedTransactions: aborted.map(([producerId, firstOffset]) => ({ producerId, firstOffset: BigInt(firstOffset) })) }] }] };
}

/** Record counts per batch after filtering. */
function counts(fetched: FetchedResponse): number[] {
  return (fetched.responses[0]?.partitions[0]?.records ?? []).map((batch) => batch.records.length);
}

describe('skipAbortedBatches', () => {
  it('hides both aborted transactions of one producer in one response (the library keeps only the last one listed)', () => {
    const fetched = response([data(7n, 0, 2), marker(7n, 2, 'abort'), data(7n, 3, 2), marker(7n, 5, 'abort'), data(7n, 6, 2), marker(7n, 8, 'commit')], [
      [7n, 0],
      [7n, 3],
    ]);
    expect(skipAbortedBatches(fetched)).toBe(4);
    expect(counts(fetched)).toEqual([0, 1, 0, 1, 2, 1]);
    // Nothing left for the library's own filter.
    expect(fetched.responses[0]?.partitions[0]?.abortedTransactions).toEqual([]);
  });

  it('hides an aborted transaction whose abort marker is beyond the response, and keeps the batches in place', () => {
    const fetched = response([data(3n, 10, 1), data(7n, 11, 3), data(3n, 14, 1), data(7n, 15, 2)], [[7n, 11]]);
    expect(skipAbortedBatches(fetched)).toBe(5);
    expect(counts(fetched)).toEqual([1, 0, 1, 0]);
  });

  it('keeps committed transactions and non-transactional batches of the same producer id, before and after the aborted one', () => {
    const fetched = response([data(7n, 0, 2), marker(7n, 2, 'commit'), data(7n, 3, 1), marker(7n, 4, 'abort'), data(7n, 5, 1), data(-1n, 6, 2, false)], [[7n, 3]]);
    skipAbortedBatches(fetched);
    expect(counts(fetched)).toEqual([2, 1, 0, 1, 1, 2]);
  });

  it('takes an abort marker whose transaction is not listed (a fetch resuming before the marker) without failing', () => {
    const fetched = response([marker(9n, 20, 'abort'), data(7n, 21, 2), marker(7n, 23, 'abort')], [[7n, 21]]);
    expect(() => skipAbortedBatches(fetched)).not.toThrow();
    expect(counts(fetched)).toEqual([1, 0, 1]);
  });

  it('leaves a response without aborted transactions (read_uncommitted) as it is', () => {
    const fetched = response([data(7n, 0, 2), marker(7n, 2, 'abort')], []);
    expect(skipAbortedBatches(fetched)).toBe(0);
    expect(counts(fetched)).toEqual([2, 1]);
  });
});
