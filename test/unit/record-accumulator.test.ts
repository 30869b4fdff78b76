/**
 * kbench's accumulator (in front of kafkajs and @platformatic/kafka): the per-partition cut
 * (batchSizeBytes per partition, maxRequestSizeBytes per send, a larger record alone, each
 * partition's order kept, partitions in turn), when a send is due, records waiting for their
 * topic's partition count; and the partition picker behind it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientError, DeliveryReport } from '../../src/clients/client-adapter.js';
import { keyPartition, PartitionPicker } from '../../src/clients/partition-picker.js';
import { RecordAccumulator, type AccumulatorOptions, type Placement, type PlacementFailure, type QueuedRecord } from '../../src/clients/record-accumulator.js';

interface TestRecord extends QueuedRecord {
  id: string;
  /** The partition the test's placement gives it. */
  target: number;
  outcome?: { error: ClientError | undefined; report: DeliveryReport | undefined };
}

/** Gives each record its `target`, except for topics in `unknown` until a load the test answers. */
class TestPlacement implements Placement<TestRecord> {
  readonly unknown = new Set<string>();
  readonly loads: Array<(failure: PlacementFailure | undefined) => void> = [];

  partitionOf(record: TestRecord): number | undefined {
    return this.unknown.has(record.topic) ? undefined : record.target;
  }

  loadMissing(done: (failure: PlacementFailure | undefined) => void): void {
    this.loads.push(done);
  }
}

const OPTIONS: AccumulatorOptions = {
  deliveryTimeoutMs: 30_000,
  lingerMs: 60_000,
  batchSizeBytes: 100,
  maxRequestSizeBytes: 1_000,
  // One send at a time: each cut can be looked at before the next one is taken.
  maxInFlightRequests: 1,
  maxQueuedRecords: 10_000,
};

const CLOSED: ClientError = { kind: 'disconnected', message: 'closed' };

function harness(options: Partial<AccumulatorOptions> = {}) {
  const placement = new TestPlacement();
  const accumulator = new RecordAccumulator<TestRecord>({ ...OPTIONS, ...options }, placement);
  const sent: TestRecord[][] = [];
  const unsettled: Array<() => void> = [];
  accumulator.sendWith({
    send: (batch, settled) => {
      sent.push(batch);
      unsettled.push(() => {
        for (const record of batch) accumulator.complete(record, undefined, { partition: record.partition, offset: '0' });
        settled();
      });
    },
  });
  /** `id` is `<letter><n>`: the letter names the partition (a → 0, b → 1, …). */
  const add = (id: string, sizeBytes = 40, topic = 't'): TestRecord => {
    const record: TestRecord = {
      id,
      topic,
      target: id.charCodeAt(0) - 'a'.charCodeAt(0),
      sizeBytes,
      enqueuedAtMs: Date.now(),
      partition: -1,
      done: false,
      onDelivery: (error, report) => {
        record.outcome = { error, report };
      },
    };
    accumulator.add(record, CLOSED);
    return record;
  };
  /** Settles the oldest send, which lets the next cut go. */
  const settleOne = (): void => (unsettled.shift() as () => void)();
  /** Puts one record (partition z) in flight, so that what is added next waits until `settleOne`. */
  const hold = (): void => {
    add('z0');
    void accumulator.flush(1_000);
    sent.length = 0;
  };
  const ids = (batch: TestRecord[]): string[] => batch.map((record) => record.id);
  return { accumulator, placement, sent, add, hold, settleOne, cuts: () => sent.map(ids) };
}

describe('RecordAccumulator: the per-partition cut', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('takes up to batchSizeBytes from each partition, not batchSizeBytes for the whole send', () => {
    const { accumulator, add, settleOne, cuts } = harness();
    for (const n of [0, 1, 2]) for (const partition of ['a', 'b', 'c']) add(`${partition}${n}`);
    void accumulator.flush(1_000);
    expect(cuts()).toEqual([['a0', 'a1', 'b0', 'b1', 'c0', 'c1']]);
    settleOne();
    expect(cuts()[1]).toEqual(['a2', 'b2', 'c2']);
  });

  it('bounds a whole send by maxRequestSizeBytes and goes on with the partitions it left', () => {
    const { add, hold, settleOne, cuts } = harness({ maxRequestSizeBytes: 200 });
    hold();
    for (const n of [0, 1, 2]) for (const partition of ['a', 'b', 'c']) add(`${partition}${n}`);
    settleOne();
    settleOne();
    expect(cuts()).toEqual([
      ['a0', 'a1', 'b0', 'b1', 'c0'],
      ['a2', 'b2', 'c1', 'c2'],
    ]);
  });

  it('takes the partitions in turn: one the request bound stopped before its first record goes first next time', () => {
    const { add, hold, settleOne, cuts } = harness({ maxRequestSizeBytes: 100 });
    hold();
    add('a0', 60);
    add('a1', 60);
    add('b0', 60);
    settleOne();
    settleOne();
    settleOne();
    expect(cuts()).toEqual([['a0'], ['b0'], ['a1']]);
  });

  it('sends a record larger than batchSizeBytes alone as its partition’s batch, and one larger than a request alone', () => {
    const { add, hold, settleOne, cuts } = harness({ maxRequestSizeBytes: 200 });
    hold();
    add('a0', 150);
    add('a1', 40);
    add('b0', 40);
    add('c0', 300);
    settleOne();
    settleOne();
    settleOne();
    expect(cuts()).toEqual([['a0', 'b0'], ['c0'], ['a1']]);
  });

  it('passes over a full partition to the records of others behind it', () => {
    const { add, hold, settleOne, cuts } = harness();
    hold();
    for (const n of [0, 1, 2, 3, 4]) add(`a${n}`);
    add('b0');
    settleOne();
    expect(cuts()[0]).toEqual(['a0', 'a1', 'b0']);
  });

  it('sends every record once, each partition’s in their order, within both bounds', () => {
    const { accumulator, add, settleOne, sent } = harness({ batchSizeBytes: 100, maxRequestSizeBytes: 250 });
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const added: TestRecord[] = [];
    for (let i = 0; i < 500; i++) {
      // Skewed: partition a gets about half of the records.
      const partition = random() < 0.5 ? 'a' : String.fromCharCode('b'.charCodeAt(0) + Math.floor(random() * 4));
      added.push(add(`${partition}${i}`, 10 + Math.floor(random() * 120)));
    }
    void accumulator.flush(1_000);
    while (sent.length < 1_000 && added.some((record) => !record.done)) settleOne();
    expect(added.every((record) => record.outcome?.error === undefined && record.outcome?.report !== undefined)).toBe(true);
    expect(sent.flat()).toHaveLength(added.length);
    for (const batch of sent) {
      const bytes = batch.reduce((sum, record) => sum + record.sizeBytes, 0);
      if (batch.length > 1) expect(bytes).toBeLessThanOrEqual(250);
      const byPartition = new Map<number, TestRecord[]>();
      for (const record of batch) byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
      for (const records of byPartition.values()) {
        const partitionBytes = records.reduce((sum, record) => sum + record.sizeBytes, 0);
        if (records.length > 1) expect(partitionBytes).toBeLessThanOrEqual(100);
      }
    }
    const order = (records: TestRecord[]): string[] => records.map((record) => record.id);
    for (const partition of [0, 1, 2, 3, 4]) {
      expect(order(sent.flat().filter((record) => record.partition === partition))).toEqual(order(added.filter((record) => record.target === partition)));
    }
  });
});

describe('RecordAccumulator: when a send is due', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('when one partition holds batchSizeBytes, not when all of them together do', () => {
    const { add, sent, cuts } = harness();
    add('a0');
    add('b0');
    add('c0');
    add('a1');
    expect(sent).toHaveLength(0);
    add('a2');
    expect(cuts()).toEqual([['a0', 'a1', 'b0', 'c0']]);
  });

  it('when the queue fills a request', () => {
    const { add, sent, cuts } = harness({ maxRequestSizeBytes: 200 });
    for (const partition of ['a', 'b', 'c', 'd']) add(`${partition}0`);
    expect(sent).toHaveLength(0);
    add('e0');
    expect(cuts()).toEqual([['a0', 'b0', 'c0', 'd0', 'e0']]);
  });

  it('when the oldest record’s linger is over, then with every partition', () => {
    const { add, cuts } = harness({ deliveryTimeoutMs: 120_000 });
    add('a0');
    vi.advanceTimersByTime(30_000);
    add('b0');
    vi.advanceTimersByTime(29_999);
    expect(cuts()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(cuts()).toEqual([['a0', 'b0']]);
  });

  it('with linger 0, records handed over in the same tick go together', () => {
    const { add, cuts } = harness({ lingerMs: 0, maxInFlightRequests: 5 });
    add('a0');
    add('b0');
    add('a1');
    expect(cuts()).toEqual([]);
    vi.runOnlyPendingTimers();
    expect(cuts()).toEqual([['a0', 'a1', 'b0']]);
  });

  it('at once on a flush, and on close, which fails what it could not send', async () => {
    const { accumulator, add, cuts, settleOne } = harness();
    const a0 = add('a0');
    void accumulator.flush(1_000);
    expect(cuts()).toEqual([['a0']]);
    const b0 = add('b0');
    const closing = accumulator.close(async () => {}, { kind: 'disconnected', message: 'unsent' }, { kind: 'disconnected', message: 'lost' });
    settleOne();
    expect(cuts()).toEqual([['a0'], ['b0']]);
    settleOne();
    await closing;
    expect(a0.outcome?.report).toEqual({ partition: 0, offset: '0' });
    expect(b0.outcome?.report).toEqual({ partition: 1, offset: '0' });
    const late = add('c0');
    expect(late.outcome?.error).toEqual(CLOSED);
  });

  it('fails what is still queued at once on failQueued (an aborted transaction), and leaves sends in flight their outcome', () => {
    const { accumulator, add, hold, settleOne, cuts } = harness();
    hold();
    const a0 = add('a0');
    const b0 = add('b0');
    expect(accumulator.outstanding).toBe(3);
    const aborted: ClientError = { kind: 'other', message: 'aborted' };
    accumulator.failQueued(aborted);
    expect([a0.outcome?.error, b0.outcome?.error]).toEqual([aborted, aborted]);
    expect(accumulator.outstanding).toBe(1);
    settleOne();
    expect(accumulator.outstanding).toBe(0);
    // Nothing failed is sent afterwards (the held record's send was taken before the test looked).
    void accumulator.flush(1_000);
    expect(cuts()).toEqual([]);
  });

  it('fails a record still queued past its delivery timeout when it is cut', () => {
    const { accumulator, add, cuts } = harness({ deliveryTimeoutMs: 1_000 });
    const a0 = add('a0');
    vi.setSystemTime(Date.now() + 1_000);
    add('a1');
    void accumulator.flush(1_000);
    expect(a0.outcome?.error?.kind).toBe('timeout');
    expect(cuts()).toEqual([['a1']]);
  });
});

describe('RecordAccumulator: records waiting for their partition', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('cuts nothing until the partition counts are loaded, then keeps the arrival order of each partition', () => {
    const { accumulator, placement, add, cuts } = harness();
    placement.unknown.add('new');
    add('a0', 40, 'new');
    add('a1', 40, 't');
    add('a2', 40, 'new');
    void accumulator.flush(1_000);
    expect(cuts()).toEqual([]);
    expect(placement.loads).toHaveLength(1);
    placement.unknown.clear();
    placement.loads[0]?.(undefined);
    expect(cuts()).toEqual([['a0', 'a2', 'a1']]);
  });

  it('fails the records of topics whose partitions cannot be loaded with the error, and sends the others', () => {
    const { accumulator, placement, add, cuts } = harness();
    placement.unknown.add('gone');
    const lost = [add('a0', 40, 'gone'), add('b0', 40, 'gone')];
    const kept = add('a1', 40, 't');
    void accumulator.flush(1_000);
    const error: ClientError = { kind: 'unknown-topic', message: 'no such topic' };
    placement.loads[0]?.({ topics: new Set(['gone']), error });
    for (const record of lost) expect(record.outcome?.error).toEqual(error);
    expect(cuts()).toEqual([['a1']]);
    expect(kept.outcome).toBeUndefined();
  });
});

describe('PartitionPicker', () => {
  const classify = (error: unknown): ClientError => ({ kind: 'broker-unreachable', message: String(error) });

  it('places keyed records by murmur2 and keyless ones in turn, once the topic’s partition count is loaded', async () => {
    const asked: string[][] = [];
    const picker = new PartitionPicker(async (topics) => {
      asked.push(topics);
      return new Map([['t', 3]]);
    }, classify);
    const key = Buffer.from('customer-17');
    expect(picker.partitionOf({ topic: 't', key })).toBeUndefined();
    const failure = await new Promise<PlacementFailure | undefined>((resolve) => picker.loadMissing(resolve));
    expect(failure).toBeUndefined();
    expect(asked).toEqual([['t']]);
    expect(picker.partitionOf({ topic: 't', key })).toBe(keyPartition(key, 3));
    expect(picker.partitionOf({ topic: 't', key })).toBe(keyPartition(key, 3));
    expect([1, 2, 3, 4].map(() => picker.partitionOf({ topic: 't', key: null }))).toEqual([0, 1, 2, 0]);
  });

  it('names the topics it could not load, with the classified error or as unknown topics', async () => {
    const failing = new PartitionPicker(async () => Promise.reject(new Error('connection refused')), classify);
    failing.partitionOf({ topic: 'x' });
    const refused = await new Promise<PlacementFailure | undefined>((resolve) => failing.loadMissing(resolve));
    expect(refused).toEqual({ topics: new Set(['x']), error: { kind: 'broker-unreachable', message: 'Error: connection refused' } });

    const partial = new PartitionPicker(async () => new Map([['here', 2]]), classify);
    partial.partitionOf({ topic: 'here' });
    partial.partitionOf({ topic: 'absent' });
    const absent = await new Promise<PlacementFailure | undefined>((resolve) => partial.loadMissing(resolve));
    expect(absent?.topics).toEqual(new Set(['absent']));
    expect(absent?.error.kind).toBe('unknown-topic');
    expect(partial.partitionOf({ topic: 'here', key: null })).toBe(0);
  });
});
