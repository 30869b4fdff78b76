import { afterEach, describe, expect, it, vi } from 'vitest';
import { FetchLoop, type FetchLoopOptions, type RecordSource } from '../../src/clients/confluent-fetch-loop.js';
import { waitFor } from '../helpers/wait.js';

interface Rec {
  partition: number;
  offset: number;
}

/** A consumer queue: `push` adds records; fetches answer on the next macrotask like the addon's. */
class FakeQueue implements RecordSource<Rec> {
  readonly queued: Rec[] = [];
  fetches = 0;
  inFlight = 0;
  maxInFlight = 0;
  failNext: unknown;

  fetch(max: number, done: (error: unknown, messages: Rec[]) => void): void {
    this.fetches++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    setImmediate(() => {
      this.inFlight--;
      if (this.failNext !== undefined) {
        const error = this.failNext;
        this.failNext = undefined;
        done(error, []);
        return;
      }
      done(undefined, this.queued.splice(0, max));
    });
  }

  push(partition: number, from: number, count: number): void {
    for (let offset = from; offset < from + count; offset++) this.queued.push({ partition, offset });
  }
}

function options(overrides: Partial<FetchLoopOptions<Rec>>): FetchLoopOptions<Rec> {
  return {
    batchSize: 10,
    maxBufferedMessages: 40,
    idlePollMs: 50,
    errorBackoffMs: 20,
    accepts: () => true,
    handle: () => {},
    onError: (error) => {
      throw error;
    },
    ...overrides,
  };
}

/** Waits (real timers) until `condition` holds. */
function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  return waitFor('the fetch loop', condition, { timeoutMs, pollMs: 1 });
}

/**
 * With fake timers: runs every timer and immediate there is, and those they start, until none is
 * left. What has not happened then never will without a new event (a wake-up, a push, a release).
 */
async function settle(): Promise<void> {
  await vi.runAllTimersAsync();
}

describe('FetchLoop', () => {
  let loop: FetchLoop<Rec> | undefined;
  afterEach(async () => {
    if (vi.isFakeTimers()) {
      // Stopped while the fake clock still runs the fetch in flight, then back to real timers.
      const stopping = loop?.stop();
      await vi.runOnlyPendingTimersAsync();
      await stopping;
      vi.useRealTimers();
    }
    await loop?.stop();
    loop = undefined;
  });

  it('hands over every record once, in fetch order, with never more than one fetch in flight', async () => {
    const queue = new FakeQueue();
    queue.push(0, 0, 95);
    const handled: Rec[] = [];
    loop = new FetchLoop(queue, options({ handle: (batch) => void handled.push(...batch) }));
    loop.start();
    await until(() => handled.length === 95);
    expect(handled.map((r) => r.offset)).toEqual(Array.from({ length: 95 }, (_, i) => i));
    expect(queue.maxInFlight).toBe(1);
  });

  it('joins the batches fetched while the handler was busy into one, up to the batch size, in fetch order', async () => {
    const queue = new FakeQueue();
    const sizes: number[] = [];
    const handled: Rec[] = [];
    let release: () => void = () => {};
    const busy = new Promise<void>((resolve) => (release = resolve));
    loop = new FetchLoop(
      queue,
      options({
        batchSize: 4,
        maxBufferedMessages: 100,
        idlePollMs: 10_000,
        handle: async (batch) => {
          sizes.push(batch.length);
          handled.push(...batch);
          if (sizes.length === 1) await busy;
        },
      }),
    );
    queue.push(0, 0, 1);
    loop.start();
    await until(() => sizes.length === 1);
    // While the first batch is handled, three fetches bring 1, 2 and 3 records: 1 + 2 fit in one batch of 4, the 3 do not.
    for (const [from, count] of [[1, 1], [2, 2], [4, 3]] as const) {
      queue.push(0, from, count);
      loop.wake();
      await until(() => queue.queued.length === 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await until(() => handled.length === 7);
    expect(sizes).toEqual([1, 3, 3]);
    expect(handled.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('fetches past its buffer bound while mustPoll holds (a handler awaiting its commit, whose result only a poll serves)', async () => {
    const queue = new FakeQueue();
    let awaitingCommit = false;
    let release: () => void = () => {};
    const committed = new Promise<void>((resolve) => (release = resolve));
    loop = new FetchLoop(
      queue,
      options({
        batchSize: 2,
        maxBufferedMessages: 2,
        idlePollMs: 10_000,
        mustPoll: () => awaitingCommit,
        handle: async () => {
          await committed;
        },
      }),
    );
    queue.push(0, 0, 6);
    loop.start();
    try {
      // The handler holds the first batch of 2; the loop, at its bound, fetches no more.
      await until(() => queue.fetches === 1 && queue.inFlight === 0);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(queue.fetches).toBe(1);
      expect(queue.queued.length).toBe(4);
      awaitingCommit = true;
      loop.pollForResult();
      await until(() => queue.queued.length === 0);
      expect(queue.fetches).toBeGreaterThan(1);
    } finally {
      release();
    }
  });

  it('sleeps on an empty queue and fetches at once when woken, not at the next idle poll', async () => {
    vi.useFakeTimers();
    const queue = new FakeQueue();
    const handled: Rec[] = [];
    loop = new FetchLoop(queue, options({ idlePollMs: 10_000, handle: (batch) => void handled.push(...batch) }));
    loop.start();
    // The first fetch comes back empty; then nothing until the idle poll is due.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(queue.fetches).toBe(1);
    queue.push(1, 0, 3);
    loop.wake();
    // Handed over without the clock moving at all.
    await vi.advanceTimersByTimeAsync(0);
    expect(handled).toEqual([
      { partition: 1, offset: 0 },
      { partition: 1, offset: 1 },
      { partition: 1, offset: 2 },
    ]);
  });

  it('a wake-up during a fetch that came back empty fetches again instead of sleeping', async () => {
    const queue = new FakeQueue();
    const handled: Rec[] = [];
    loop = new FetchLoop(queue, options({ idlePollMs: 10_000, handle: (batch) => void handled.push(...batch) }));
    // The first fetch is in flight (answers empty); the record and the wake-up land meanwhile,
    // after the fetch looked at the queue.
    const original = queue.fetch.bind(queue);
    let first = true;
    queue.fetch = (max, done) =>
      original(max, (error, messages) => {
        if (first) {
          first = false;
          queue.push(2, 7, 1);
          loop?.wake();
        }
        done(error, messages);
      });
    loop.start();
    await until(() => handled.length === 1, 1_000);
    expect(handled[0]).toEqual({ partition: 2, offset: 7 });
  });

  it('polls an idle queue every idlePollMs without a wake-up (rebalances are served by polls)', async () => {
    vi.useFakeTimers();
    const queue = new FakeQueue();
    loop = new FetchLoop(queue, options({ idlePollMs: 20 }));
    loop.start();
    // One fetch at start, then one each 20 ms (plus the fake queue's answer): about 12 in 250 ms.
    await vi.advanceTimersByTimeAsync(250);
    expect(queue.fetches).toBeGreaterThanOrEqual(11);
    expect(queue.fetches).toBeLessThanOrEqual(13);
    expect(queue.maxInFlight).toBe(1);
  });

  it('stops fetching while a slow handler holds maxBufferedMessages, and resumes after', async () => {
    vi.useFakeTimers();
    const queue = new FakeQueue();
    queue.push(0, 0, 200);
    let release: () => void = () => {};
    const handled: Rec[] = [];
    let blocked = true;
    loop = new FetchLoop(
      queue,
      options({
        batchSize: 10,
        maxBufferedMessages: 30,
        handle: (batch) => {
          handled.push(...batch);
          if (!blocked) return;
          return new Promise<void>((resolve) => (release = resolve));
        },
      }),
    );
    loop.start();
    await settle();
    // One batch in the handler, the buffer full: 10 handed over + 30 buffered, nothing more taken.
    expect(handled).toHaveLength(10);
    expect(loop.bufferedMessages).toBe(30);
    expect(queue.queued).toHaveLength(160);
    blocked = false;
    release();
    // The rest is fetched and handed over (a fake second is far more than 17 fetches need).
    await vi.advanceTimersByTimeAsync(1_000);
    expect(handled.map((r) => r.offset)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('drops buffered records of partitions no longer accepted, and hands over the rest', async () => {
    const queue = new FakeQueue();
    queue.push(0, 0, 10);
    queue.push(1, 0, 10);
    queue.push(0, 10, 10);
    const assigned = new Set([0, 1]);
    const handled: Rec[] = [];
    let release: () => void = () => {};
    loop = new FetchLoop(
      queue,
      options({
        accepts: (r) => assigned.has(r.partition),
        handle: (batch) => {
          const first = handled.length === 0;
          handled.push(...batch);
          if (first) return new Promise<void>((resolve) => (release = resolve));
          return undefined;
        },
      }),
    );
    loop.start();
    await until(() => loop?.bufferedMessages === 20);
    assigned.delete(1);
    release();
    // Drained: nothing queued, buffered or being fetched, so nothing more can be handed over.
    await until(() => handled.length >= 20 && queue.queued.length === 0 && queue.inFlight === 0 && loop?.bufferedMessages === 0);
    expect(handled.filter((r) => r.partition === 1)).toEqual([]);
    expect(handled.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('reports a failed fetch, backs off, and goes on', async () => {
    const queue = new FakeQueue();
    queue.failNext = new Error('broker gone');
    queue.push(0, 0, 5);
    const errors: unknown[] = [];
    const handled: Rec[] = [];
    loop = new FetchLoop(queue, options({ errorBackoffMs: 30, onError: (error) => errors.push(error), handle: (batch) => void handled.push(...batch) }));
    const startedMs = Date.now();
    loop.start();
    await until(() => handled.length === 5);
    expect(errors).toEqual([new Error('broker gone')]);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(25);
  });

  it('reports a handler that throws or rejects and keeps handing over', async () => {
    const queue = new FakeQueue();
    queue.push(0, 0, 30);
    const errors: string[] = [];
    const handled: number[] = [];
    let calls = 0;
    loop = new FetchLoop(
      queue,
      options({
        onError: (error) => errors.push((error as Error).message),
        handle: (batch) => {
          calls++;
          handled.push(...batch.map((r) => r.offset));
          if (calls === 1) throw new Error('sync failure');
          if (calls === 2) return Promise.reject(new Error('async failure'));
          return undefined;
        },
      }),
    );
    loop.start();
    await until(() => handled.length === 30);
    expect(errors).toEqual(['sync failure', 'async failure']);
  });

  it('stop waits for the batch being handled, then hands over nothing more', async () => {
    vi.useFakeTimers();
    const queue = new FakeQueue();
    queue.push(0, 0, 50);
    const handled: Rec[] = [];
    let release: () => void = () => {};
    loop = new FetchLoop(
      queue,
      options({
        handle: (batch) => {
          handled.push(...batch);
          return new Promise<void>((resolve) => (release = resolve));
        },
      }),
    );
    loop.start();
    await settle();
    expect(handled).toHaveLength(10);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    // Everything that could run has run: stop still waits for the handler.
    await settle();
    expect(stopped).toBe(false);
    release();
    await stopping;
    await settle();
    expect(handled).toHaveLength(10);
    expect(loop.bufferedMessages).toBe(0);
  });

  it('does not poll after stop', async () => {
    vi.useFakeTimers();
    const queue = new FakeQueue();
    loop = new FetchLoop(queue, options({ idlePollMs: 10 }));
    loop.start();
    await vi.advanceTimersByTimeAsync(100);
    await loop.stop();
    const fetches = queue.fetches;
    await vi.advanceTimersByTimeAsync(200);
    expect(queue.fetches).toBe(fetches);
  });
});
