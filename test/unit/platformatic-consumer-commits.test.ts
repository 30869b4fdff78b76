/**
 * When kbench's @platformatic/kafka consumer commits: what was handled, every 5 s, at a
 * revocation (before the partitions move, also while another commit is in flight) and at a
 * clean stop (before leaving the group). A fake consumer and message stream stand in for the
 * library; fake timers drive the interval.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsumedRecord, RebalanceEvent } from '../../src/clients/client-adapter.js';
import { AUTO_COMMIT_INTERVAL_MS } from '../../src/clients/commit-interval.js';
import { PlatformaticConsumerAdapter, normalisePlatformaticHeaders, toConsumedRecord } from '../../src/clients/platformatic-consumer.js';

const TOPIC = 'compras';

interface FakeMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | undefined;
  value: Buffer;
  headers: Map<Buffer, Buffer>;
  timestamp: bigint;
}

function message(partition: number, offset: number): FakeMessage {
  return { topic: TOPIC, partition, offset: BigInt(offset), key: undefined, value: Buffer.from('v'), headers: new Map([[Buffer.from('kb'), Buffer.from([offset])]]), timestamp: 1_000n };
}

/** The library's MessagesStream as the adapter reads it: paused mode, `read()` one message at a time. */
class FakeStream extends EventEmitter {
  destroyed = false;
  private readonly buffered: FakeMessage[] = [];

  add(partition: number, from: number, to: number): void {
    for (let offset = from; offset <= to; offset++) this.buffered.push(message(partition, offset));
    this.emit('readable');
  }

  read(): FakeMessage | null {
    return this.buffered.shift() ?? null;
  }

  pause(): void {}
  resume(): void {}

  async close(): Promise<void> {
    this.destroyed = true;
  }
}

interface Commit {
  offsets: Record<number, number>;
  done: () => void;
}

/** The library's Consumer as the adapter uses it; commits are answered by the test (or at once with `autoAnswer`). */
class FakeConsumer extends EventEmitter {
  closed = false;
  autoAnswer = true;
  readonly stream = new FakeStream();
  readonly commits: Commit[] = [];
  /** What happened, in order: commits (their offsets) and the close. */
  readonly log: string[] = [];

  async consume(): Promise<FakeStream> {
    return this.stream;
  }

  commit(options: { offsets: Array<{ topic: string; partition: number; offset: bigint }> }, callback: (error?: unknown) => void): void {
    const offsets: Record<number, number> = {};
    for (const { topic, partition, offset } of options.offsets) {
      expect(topic).toBe(TOPIC);
      offsets[partition] = Number(offset);
    }
    this.log.push(`commit ${JSON.stringify(offsets)}`);
    const commit = { offsets, done: () => callback() };
    this.commits.push(commit);
    if (this.autoAnswer) queueMicrotask(commit.done);
  }

  async close(): Promise<void> {
    this.log.push('close');
    this.emit('consumer:group:leave', {});
    this.closed = true;
  }

  join(partitions: number[]): void {
    this.emit('consumer:group:join', { assignments: [{ topic: TOPIC, partitions }] });
  }
}

describe('the @platformatic/kafka consumer commits what was handled', () => {
  let consumer: FakeConsumer;
  let adapter: PlatformaticConsumerAdapter;
  let handled: ConsumedRecord[];
  let rebalances: RebalanceEvent[];

  beforeEach(async () => {
    vi.useFakeTimers();
    consumer = new FakeConsumer();
    adapter = new PlatformaticConsumerAdapter(consumer as never, 'earliest', {}, 500, {});
    handled = [];
    rebalances = [];
    await adapter.start(TOPIC, {
      onRecords: (records) => {
        handled.push(...records);
      },
      onRebalance: (event) => rebalances.push(event),
      onError: (error) => {
        throw new Error(`unexpected client error: ${error.message}`);
      },
    });
    consumer.join([0, 1]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it(`every ${AUTO_COMMIT_INTERVAL_MS / 1000} s, not after each batch`, async () => {
    consumer.stream.add(0, 0, 9);
    consumer.stream.add(1, 0, 4);
    expect(handled.length).toBe(15);
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS - 1);
    expect(consumer.commits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 0: 10, 1: 5 }]);
    // Only what changed since; nothing at all when nothing was handled.
    consumer.stream.add(0, 10, 14);
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS);
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 0: 10, 1: 5 }, { 0: 15 }]);
  });

  it('at a rebalance, before the partitions are reported revoked, even while a commit is in flight', async () => {
    consumer.autoAnswer = false;
    consumer.stream.add(0, 0, 9);
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS);
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 0: 10 }]);
    // Handled while that commit is unanswered, then the group rebalances.
    consumer.stream.add(0, 10, 11);
    consumer.stream.add(1, 0, 2);
    consumer.emit('consumer:group:rebalance', {});
    expect(rebalances.map((r) => r.type)).toEqual(['assigned', 'revoked']);
    // Taken at the revocation; sent as soon as the commit in flight is answered.
    expect(consumer.commits.length).toBe(1);
    consumer.commits[0]?.done();
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 0: 10 }, { 0: 12, 1: 3 }]);
  });

  it('at a rebalance at once when no commit is in flight', async () => {
    consumer.stream.add(1, 0, 6);
    consumer.emit('consumer:group:rebalance', {});
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 1: 7 }]);
    // The partitions come back: the records fetched again below the position handled are not handed over twice.
    consumer.join([1]);
    consumer.stream.add(1, 5, 8);
    expect(handled.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('not for a batch whose partition was revoked while it was handled', async () => {
    let finish: () => void = () => {};
    const other = new FakeConsumer();
    const slow = new PlatformaticConsumerAdapter(other as never, 'earliest', {}, 500, {});
    await slow.start(TOPIC, { onRecords: () => new Promise<void>((resolve) => (finish = resolve)) });
    other.join([0]);
    other.stream.add(0, 0, 4);
    other.emit('consumer:group:rebalance', {});
    finish();
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS);
    expect(other.commits).toEqual([]);
    await slow.disconnect();
    expect(other.log).toEqual(['close']);
  });

  it('at a clean stop, before leaving the group, what was handled since the last commit', async () => {
    consumer.stream.add(0, 0, 3);
    await vi.advanceTimersByTimeAsync(AUTO_COMMIT_INTERVAL_MS);
    consumer.stream.add(0, 4, 7);
    consumer.stream.add(1, 0, 0);
    consumer.autoAnswer = false;
    const stopped = adapter.disconnect();
    await vi.advanceTimersByTimeAsync(0);
    // The stop waits for the commit's answer before it closes.
    expect(consumer.log).toEqual(['commit {"0":4}', 'commit {"0":8,"1":1}']);
    consumer.commits[1]?.done();
    await stopped;
    expect(consumer.log).toEqual(['commit {"0":4}', 'commit {"0":8,"1":1}', 'close']);
    // And the interval is gone with it.
    await vi.advanceTimersByTimeAsync(3 * AUTO_COMMIT_INTERVAL_MS);
    expect(consumer.commits.length).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the @platformatic/kafka consumer in manual commit mode', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('commits nothing by itself (interval, revocation, stop), and exactly the offsets given to commit()', async () => {
    vi.useFakeTimers();
    const consumer = new FakeConsumer();
    const adapter = new PlatformaticConsumerAdapter(consumer as never, 'earliest', {}, 500, {}, AUTO_COMMIT_INTERVAL_MS, 'manual');
    await adapter.start(TOPIC, { onRecords: () => {} });
    consumer.join([0, 1]);
    consumer.stream.add(0, 0, 9);
    await vi.advanceTimersByTimeAsync(3 * AUTO_COMMIT_INTERVAL_MS);
    consumer.emit('consumer:group:rebalance', {});
    consumer.join([0, 1]);
    expect(consumer.commits).toEqual([]);
    await adapter.commit([
      { topic: TOPIC, partition: 0, offset: 4 },
      { topic: TOPIC, partition: 1, offset: 0 },
    ]);
    expect(consumer.commits.map((c) => c.offsets)).toEqual([{ 0: 4, 1: 0 }]);
    await adapter.disconnect();
    expect(consumer.log).toEqual(['commit {"0":4,"1":0}', 'close']);
  });

  it('rejects a failed commit with the error kind', async () => {
    const consumer = new FakeConsumer();
    consumer.commit = (_options, callback) => callback(Object.assign(new Error('Client is closed.'), { code: 'PLT_KFK_NETWORK', closed: true }));
    const adapter = new PlatformaticConsumerAdapter(consumer as never, 'earliest', {}, 500, {}, AUTO_COMMIT_INTERVAL_MS, 'manual');
    await expect(adapter.commit([{ topic: TOPIC, partition: 0, offset: 1 }])).rejects.toMatchObject({ kind: 'disconnected', message: expect.stringMatching(/Client is closed/) });
  });
});

describe('@platformatic/kafka records as kbench records', () => {
  it('keeps the last value of each header, keys as strings, string values as Buffers', () => {
    const headers = new Map<Buffer | string, Buffer | string | undefined>([
      [Buffer.from('kb'), Buffer.from([1, 2])],
      ['text', 'héllo'],
      [Buffer.from('kc'), undefined],
      [Buffer.from('kä'), Buffer.from([3])],
    ]);
    const normalised = normalisePlatformaticHeaders(headers);
    expect(Object.keys(normalised)).toEqual(['kb', 'text', 'kä']);
    expect([...(normalised.kb ?? [])]).toEqual([1, 2]);
    expect(normalised.text?.toString()).toBe('héllo');
    // Keys of the same length but other bytes are not taken for the last one decoded.
    expect(Object.keys(normalisePlatformaticHeaders(new Map([[Buffer.from('kc'), Buffer.from([9])]])))).toEqual(['kc']);
    expect(Object.keys(normalisePlatformaticHeaders(new Map([[Buffer.from('kb'), Buffer.from([9])]])))).toEqual(['kb']);
    expect(normalisePlatformaticHeaders(undefined)).toEqual({});
  });

  it('converts offsets and timestamps to numbers', () => {
    const record = toConsumedRecord(message(3, 42) as never);
    expect(record).toMatchObject({ topic: TOPIC, partition: 3, offset: 42, key: null, timestampMs: 1_000 });
  });
});
