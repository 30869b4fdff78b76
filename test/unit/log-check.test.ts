import { describe, expect, it } from 'vitest';
import type { LogReader, OffsetRanges, PartitionWatermarks } from '../../src/clients/log-reader.js';
import { IntervalSet } from '../../src/metrics/interval-set.js';
import { checkLog, type GroupToCheck } from '../../src/runner/log-check.js';
import { DeliveryVerifier } from '../../src/runner/delivery-verifier.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { encodeMessageHeader } from '../../src/workload/message-header.js';
import { samplePlan } from '../fixtures/sample-report.js';

/** One message of a fake log: who wrote it (producer index, sequence). */
type Entry = [producerIndex: number, sequence: number];

/** A topic held in memory, partition → records in offset order starting at `low`; records every range asked for. */
class FakeLog implements LogReader {
  readonly reads: Array<Array<[number, Array<[number, number]>]>> = [];

  constructor(
    private readonly partitions: Map<number, Entry[]>,
    private readonly low = 0,
    private readonly failWith?: Error,
  ) {}

  async watermarks(): Promise<PartitionWatermarks[]> {
    if (this.failWith) throw this.failWith;
    return [...this.partitions].map(([partition, entries]) => ({ partition, lowOffset: this.low, highOffset: this.low + entries.length }));
  }

  async read(_topic: string, ranges: OffsetRanges, headerName: string, deadlineMs: number, onRecord: (partition: number, offset: number, header: Buffer | undefined) => void) {
    expect(headerName).toBe('kb');
    this.reads.push([...ranges].map(([p, list]) => [p, list.map(([a, b]) => [a, b] as [number, number])]));
    let recordsRead = 0;
    for (const [partition, list] of ranges) {
      for (const [from, to] of list) {
        for (let offset = from; offset <= to; offset++) {
          if (Date.now() > deadlineMs) return { recordsRead, complete: false };
          const entry = this.partitions.get(partition)?.[offset - this.low];
          if (!entry) continue;
          recordsRead++;
          onRecord(partition, offset, encodeMessageHeader({ producerIndex: entry[0], sequence: entry[1], intendedUs: 0 }));
        }
      }
    }
    return { recordsRead, complete: true };
  }
}

function setOf(...ranges: Array<[number, number]>): IntervalSet {
  const set = new IntervalSet();
  for (const [from, to] of ranges) set.add(from, to);
  return set;
}

function group(groupId: string, missing: Array<[number, IntervalSet]>, consumed: Record<number, IntervalSet>): GroupToCheck {
  return { groupId, missing: new Map(missing), consumedOffsets: (partition) => consumed[partition] ?? new IntervalSet() };
}

/** Producer 0's sequences 0..(n−1), written round-robin over `partitions` partitions. */
function roundRobin(n: number, partitions: number): Map<number, Entry[]> {
  const log = new Map<number, Entry[]>(Array.from({ length: partitions }, (_, p) => [p, []]));
  for (let sequence = 0; sequence < n; sequence++) log.get(sequence % partitions)?.push([0, sequence]);
  return log;
}

describe('checkLog', () => {
  it('is not needed when every group consumed everything', async () => {
    const log = new FakeLog(roundRobin(10, 2));
    const result = await checkLog({ topic: 't', groups: [group('g', [], {})], reader: log, timeoutMs: 1_000 });
    expect(result).toMatchObject({ method: 'not-needed', recordsRead: 0, note: null });
    expect(log.reads).toEqual([]);
  });

  it('reads only the offsets the group did not consume, and finds the missing messages there, by partition', async () => {
    // 100 messages over 2 partitions (offset o of partition p holds sequence 2o + p). The group
    // consumed partition 0 whole and partition 1 up to offset 39: sequences 81, 83, …, 99 are missing.
    const log = new FakeLog(roundRobin(100, 2));
    const missing = setOf(...Array.from({ length: 10 }, (_, i) => [81 + 2 * i, 81 + 2 * i] as [number, number]));
    const result = await checkLog({ topic: 't', groups: [group('g', [[0, missing]], { 0: setOf([0, 49]), 1: setOf([0, 39]) })], reader: log, timeoutMs: 5_000 });
    expect(log.reads).toEqual([[[1, [[40, 49]]]]]);
    expect(result).toMatchObject({ method: 'log-read', recordsRead: 10, note: null, unconsumedByPartition: { g: { 1: 10 } } });
    expect(result.found.get(0)?.size).toBe(10);
  });

  it('acks=1 truncation: an offset below the high watermark held by another message does not count as found', async () => {
    // Producer 0's sequence 9 was acknowledged at offset 9 of partition 0, then truncated by a
    // leader failover; producer 1's sequence 0 took offset 9. The group consumed offsets 0..8.
    const entries: Entry[] = [...Array.from({ length: 9 }, (_, s): Entry => [0, s]), [1, 0]];
    const log = new FakeLog(new Map([[0, entries]]));
    const verifier = new DeliveryVerifier(structuredClone(samplePlan) as Plan);
    const groupId = samplePlan.consumerGroups[0]?.groupId ?? '';
    verifier.addProducer(0, { ackedSequences: [[0, 9]], failedSequences: [] });
    verifier.addProducer(1, { ackedSequences: [[0, 0]], failedSequences: [] });
    verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 8]], repeats: 0 }] });
    const result = await checkLog({ topic: 't', groups: [group(groupId, [...verifier.missing(groupId)], { 0: setOf([0, 8]) })], reader: log, timeoutMs: 5_000 });
    // Producer 0's 9 is nowhere: after the gap the whole topic was read too, to be sure.
    expect(log.reads).toEqual([[[0, [[9, 9]]]], [[0, [[0, 8]]]]]);
    expect(result.note).toMatch(/whole topic was read/);
    const report = verifier.report({}, result);
    expect(report).toMatchObject({ lost: 1, unconsumed: 1 });
    expect(result.unconsumedByPartition[groupId]).toEqual({ 0: 1 });
  });

  it('finds a missing message sitting at an offset the group consumed (held by another message then) in the second pass', async () => {
    // The group consumed offset 0 of partition 0 when it held producer 0's sequence 5 (since
    // truncated); the offset now holds producer 0's sequence 7, which the group never saw.
    const log = new FakeLog(new Map([[0, [[0, 7] as Entry]]]));
    const result = await checkLog({ topic: 't', groups: [group('g', [[0, setOf([7, 7])]], { 0: setOf([0, 0]) })], reader: log, timeoutMs: 5_000 });
    expect(result.found.get(0)?.has(7)).toBe(true);
    expect(result.unconsumedByPartition).toEqual({ g: { 0: 1 } });
  });

  it('reads the union of several groups’ gaps once', async () => {
    const log = new FakeLog(roundRobin(40, 1));
    const result = await checkLog({
      topic: 't',
      groups: [group('a', [[0, setOf([30, 39])]], { 0: setOf([0, 29]) }), group('b', [[0, setOf([10, 19])]], { 0: setOf([0, 9], [20, 39]) })],
      reader: log,
      timeoutMs: 5_000,
    });
    expect(log.reads).toEqual([[[0, [[10, 19], [30, 39]]]]]);
    expect(result.unconsumedByPartition).toEqual({ a: { 0: 10 }, b: { 0: 10 } });
  });

  it('says so when the log could not be read, and when the bound cut the read short', async () => {
    const broken = new FakeLog(new Map(), 0, new Error('connection refused'));
    const unavailable = await checkLog({ topic: 't', groups: [group('g', [[0, setOf([0, 0])]], {})], reader: broken, timeoutMs: 1_000 });
    expect(unavailable.method).toBe('unavailable');
    expect(unavailable.note).toMatch(/connection refused.*counts as lost/);

    const slow = new FakeLog(roundRobin(10, 1));
    slow.read = async (_topic, _ranges, _header, _deadlineMs, onRecord) => {
      onRecord(0, 0, encodeMessageHeader({ producerIndex: 0, sequence: 0, intendedUs: 0 }));
      return { recordsRead: 1, complete: false };
    };
    const cut = await checkLog({ topic: 't', groups: [group('g', [[0, setOf([0, 9])]], {})], reader: slow, timeoutMs: 2_000 });
    expect(cut).toMatchObject({ method: 'log-read', recordsRead: 1 });
    expect(cut.note).toMatch(/cut short by its 2 s bound.*count as lost/);
  });
});
