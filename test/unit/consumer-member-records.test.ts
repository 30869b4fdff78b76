/**
 * ConsumerMember's handling of a batch, exactly: every record counted, its offset and sequence
 * recorded, its order checked and its end-to-end latency recorded, whatever the batch's mix of
 * partitions, offset gaps, producers, re-deliveries and foreign records. The member works run by
 * run (a partition's records, a producer's records); a plain per-record model says what it must
 * come to.
 */
import { describe, expect, it } from 'vitest';
import type { ConsumedRecord, ConsumerHandlers } from '../../src/clients/client-adapter.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import type { ConsumerSnapshot, OffsetRun } from '../../src/metrics/snapshot-types.js';
import { ConsumerMember } from '../../src/workers/consumer-member.js';
import { OffsetRunRecorder } from '../../src/workers/offset-runs.js';
import { SequenceRecorder } from '../../src/workers/sequence-recorder.js';
import { encodeMessageHeader, readMessageHeader, type MessageHeader } from '../../src/workload/message-header.js';
import { createRandom } from '../../src/workload/random.js';
import { startedMember } from '../helpers/started-member.js';

const TOPIC = 'compras';

async function measuredMember(): Promise<{ member: ConsumerMember; handlers: ConsumerHandlers }> {
  const started = await startedMember(TOPIC);
  started.member.measureFrom(0);
  return started;
}

interface Model {
  consumed: number;
  consumedBytes: number;
  foreign: number;
  reordered: number;
  byPartition: Record<number, number>;
  offsets: OffsetRunRecorder;
  sequences: SequenceRecorder;
  highest: Map<number, Map<number, number>>;
  latencies: number;
}

/** The member's bookkeeping, one record at a time (as it was before it worked run by run). */
function modelRecords(model: Model, records: ConsumedRecord[]): void {
  for (const record of records) {
    model.consumed++;
    model.consumedBytes += record.value.length;
    model.byPartition[record.partition] = (model.byPartition[record.partition] ?? 0) + 1;
    model.offsets.add(record.partition, record.offset, 0);
    const header: MessageHeader = { producerIndex: 0, sequence: 0, intendedUs: 0 };
    if (!readMessageHeader(record.headers.kb, header)) {
      model.foreign++;
      continue;
    }
    model.sequences.add(header.producerIndex, header.sequence);
    let highest = model.highest.get(record.partition);
    if (!highest) model.highest.set(record.partition, (highest = new Map()));
    const previous = highest.get(header.producerIndex);
    if (previous !== undefined && header.sequence < previous) model.reordered++;
    else highest.set(header.producerIndex, header.sequence);
    model.latencies++;
  }
}

function record(partition: number, offset: number, header: MessageHeader | undefined, size = 10): ConsumedRecord {
  return { topic: TOPIC, partition, offset, key: null, value: Buffer.alloc(size), headers: header ? { kb: encodeMessageHeader(header) } : {}, timestampMs: 0 };
}

/** Offset runs without their times (the member stamps them with the batch's time). */
function runs(offsetRuns: OffsetRun[]): Array<[number, number, number]> {
  return offsetRuns.map((run) => [run.partition, run.fromOffset, run.toOffset]);
}

describe('ConsumerMember handles each record of a batch', () => {
  it('a batch by hand: runs of partitions, an offset gap, two producers, a re-delivered and a foreign record', async () => {
    const { member, handlers } = await measuredMember();
    await handlers.onRecords([
      record(0, 10, { producerIndex: 0, sequence: 5, intendedUs: 1 }),
      record(0, 11, { producerIndex: 0, sequence: 7, intendedUs: 1 }),
      record(0, 13, { producerIndex: 1, sequence: 2, intendedUs: 1 }),
      record(0, 14, { producerIndex: 0, sequence: 6, intendedUs: 1 }),
      record(1, 0, { producerIndex: 0, sequence: 8, intendedUs: 1 }),
      record(1, 1, undefined, 3),
      record(0, 15, { producerIndex: 1, sequence: 1, intendedUs: 1 }),
      record(0, 16, { producerIndex: 0, sequence: 9, intendedUs: 1 }),
    ]);
    const snapshot = member.snapshot();
    expect(snapshot.counters).toMatchObject({ consumed: 8, consumedBytes: 73, foreign: 1, reordered: 2, consumedByPartition: { 0: 6, 1: 2 } });
    expect(runs(snapshot.offsetRuns)).toEqual([
      [0, 10, 11],
      [0, 13, 16],
      [1, 0, 1],
    ]);
    expect(snapshot.sequences).toEqual([
      { producerIndex: 0, ranges: [[5, 9]], repeats: 0 },
      { producerIndex: 1, ranges: [[1, 2]], repeats: 0 },
    ]);
    expect(decodeHistogram(snapshot.endToEndUs).totalCount).toBe(7);
  });

  it('random batches come to what one record at a time comes to', async () => {
    const random = createRandom(3);
    for (let round = 0; round < 20; round++) {
      const { member, handlers } = await measuredMember();
      const model: Model = { consumed: 0, consumedBytes: 0, foreign: 0, reordered: 0, byPartition: {}, offsets: new OffsetRunRecorder(), sequences: new SequenceRecorder(), highest: new Map(), latencies: 0 };
      const nextOffset = [0, 0, 0, 0];
      const nextSequence = [0, 0, 0];
      for (let batchIndex = 0; batchIndex < 15; batchIndex++) {
        const batch: ConsumedRecord[] = [];
        while (batch.length < 60) {
          // A run of one partition's records, as clients hand them over.
          const partition = random.int(4);
          for (let i = random.int(12); i >= 0; i--) {
            const roll = random.next();
            // Offset gaps (compaction, transaction markers) and re-deliveries.
            if (roll < 0.05) nextOffset[partition] = (nextOffset[partition] ?? 0) + 1 + random.int(3);
            else if (roll < 0.08) nextOffset[partition] = Math.max(0, (nextOffset[partition] ?? 0) - 1 - random.int(4));
            const offset = nextOffset[partition] ?? 0;
            nextOffset[partition] = offset + 1;
            const producerIndex = random.int(3);
            let sequence = nextSequence[producerIndex] ?? 0;
            nextSequence[producerIndex] = sequence + 1;
            if (random.next() < 0.05) sequence = Math.max(0, sequence - 1 - random.int(20));
            const header = random.next() < 0.05 ? undefined : { producerIndex, sequence, intendedUs: random.int(1_000) };
            batch.push(record(partition, offset, header, 1 + random.int(50)));
          }
        }
        modelRecords(model, batch);
        await handlers.onRecords(batch);
      }
      const snapshot: ConsumerSnapshot = member.snapshot();
      expect(snapshot.counters).toMatchObject({ consumed: model.consumed, consumedBytes: model.consumedBytes, foreign: model.foreign, reordered: model.reordered, consumedByPartition: model.byPartition });
      expect(runs(snapshot.offsetRuns)).toEqual(runs(model.offsets.take()));
      expect(snapshot.sequences).toEqual(model.sequences.take());
      expect(decodeHistogram(snapshot.endToEndUs).totalCount).toBe(model.latencies);
    }
  });
});

describe('the recorders a member writes to', () => {
  it('OffsetRunRecorder.addRange is adding each offset of the range', () => {
    const byRange = new OffsetRunRecorder();
    const byOffset = new OffsetRunRecorder();
    const ranges: Array<[number, number, number]> = [
      [0, 0, 4],
      [1, 0, 0],
      [0, 5, 9],
      [0, 12, 12],
      [1, 1, 3],
      [0, 11, 20],
    ];
    for (const [partition, from, to] of ranges) {
      byRange.addRange(partition, from, to, 1);
      for (let offset = from; offset <= to; offset++) byOffset.add(partition, offset, 1);
    }
    expect(byRange.take()).toEqual(byOffset.take());
  });

  it('SequenceRecorder keeps producers apart across takes', () => {
    const recorder = new SequenceRecorder();
    recorder.add(0, 1);
    recorder.add(0, 2);
    recorder.add(1, 7);
    recorder.add(0, 3);
    expect(recorder.take()).toEqual([
      { producerIndex: 0, ranges: [[1, 3]], repeats: 0 },
      { producerIndex: 1, ranges: [[7, 7]], repeats: 0 },
    ]);
    recorder.add(0, 4);
    recorder.add(0, 4);
    expect(recorder.take()).toEqual([{ producerIndex: 0, ranges: [[4, 4]], repeats: 1 }]);
    expect(recorder.take()).toEqual([]);
  });
});
