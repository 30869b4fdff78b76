/**
 * The @platformatic/kafka consumer behind `ConsumerAdapter`, on the library's `MessagesStream`
 * (a Readable of messages) read in paused mode: on 'readable', kbench takes what the stream holds
 * (up to a batch), hands it to `onRecords`, and reads again once it is handled, so a slow member
 * stops the stream's fetching (its buffer, `highWaterMark` messages, fills up).
 *
 * - Offsets: the stream's autocommit commits what was fetched, before it is handled, so it is off;
 *   kbench commits, per partition, the offset after the last record handled, once the batch is
 *   handled (one commit in flight at a time, the next one carrying everything handled meanwhile),
 *   and once more when partitions are revoked.
 * - Where to start: the stream in `committed` mode, falling back to the earliest or latest offset
 *   (`startFrom`) for partitions without a committed offset. (`earliest` mode ignores commits.)
 * - Rebalances (classic protocol, eager): the library emits `consumer:group:rebalance` when a
 *   heartbeat learns of a rebalance, `consumer:group:join` with the new assignment, and
 *   `consumer:group:leave`. The first and the last revoke everything owned; a join revokes what is
 *   still owned (a rejoin without a rebalance event) and assigns what it carries.
 * - After a rejoin the stream fetches assigned partitions again from their committed offsets;
 *   records below the position this member has handled (fetched twice by the library itself) and
 *   records of partitions not assigned are dropped before they are handed over.
 * - Between a rebalance event and the join nothing is read from the stream. Records read then
 *   would be dropped (nothing is owned), and for a partition the member keeps nothing fetches
 *   them again: the stream's refresh of its positions at the join is undone by a fetch response
 *   that lands after it (the position moves past that response), so they would be lost (the
 *   crashed-member test lost 4 of 4,800 that way). Kept in the stream's buffer, they are handed
 *   over after the join.
 * - The stream ends itself on a fetch that failed all its retries (a broker down too long): the
 *   error is reported and a new stream is opened (a rejoin), after a pause.
 * - pause(): the stream stops fetching and nothing is handed over until resume(); unlike the
 *   interface's ideal, what the stream had already buffered (at most its `highWaterMark` messages
 *   plus the fetch in flight) is kept and handed over after resume, not fetched again: the
 *   library's fetch positions cannot be reset safely while a fetch may be in flight.
 */
import type { Consumer, ConsumeOptions, Message, MessagesStream } from '@platformatic/kafka';
import type { ClientError, ConsumedRecord, ConsumerAdapter, ConsumerHandlers, StartFrom, TopicPartition } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { classifyPlatformaticError, isRejoinError } from './platformatic-error-kinds.js';
import { connectPlatformatic } from './platformatic-producer.js';

type BufferConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;
type BufferMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type BufferStream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;
/** The consume() options kbench passes through (the topic is added at start). */
export type PlatformaticConsumeOptions = Omit<ConsumeOptions<Buffer, Buffer, Buffer, Buffer>, 'topics'>;

/** Pause before opening a new stream after the last one failed. */
const RESTART_BACKOFF_MS = 1_000;
/** Bound on waiting for the batch in progress, the last commit and the stream's end when disconnecting. */
const STOP_WAIT_MS = 10_000;
const EMPTY_BUFFER = Buffer.alloc(0);

/** The library's header map (Buffer keys, repeated keys collapsed) as kbench's record of Buffers; the last value wins. */
export function normalisePlatformaticHeaders(headers: Map<Buffer | string, Buffer | string | undefined> | undefined): Record<string, Buffer> {
  const normalised: Record<string, Buffer> = {};
  if (!headers) return normalised;
  for (const [key, value] of headers) {
    if (value === undefined || value === null) continue;
    normalised[key.toString()] = typeof value === 'string' ? Buffer.from(value) : value;
  }
  return normalised;
}

export function toConsumedRecord(message: BufferMessage): ConsumedRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    key: message.key ?? null,
    value: message.value ?? EMPTY_BUFFER,
    headers: normalisePlatformaticHeaders(message.headers),
    timestampMs: Number(message.timestamp),
  };
}

function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** Consumer adapter over a @platformatic/kafka consumer. */
export class PlatformaticConsumerAdapter implements ConsumerAdapter {
  private handlers: ConsumerHandlers | undefined;
  private topic: string | undefined;
  private stream: BufferStream | undefined;
  /** Partitions assigned now. */
  private readonly owned = new Set<number>();
  /** Per partition, the offset after the last record handed over and handled. */
  private readonly positions = new Map<number, number>();
  /** Handled and not yet committed: per partition, the offset to commit. */
  private readonly toCommit = new Map<number, number>();
  private commitInFlight: Promise<void> | undefined;
  private commitAgain = false;
  private handling: Promise<void> | undefined;
  private paused = false;
  /** Between a revocation and the next join: nothing is read, so nothing fetched for partitions kept is dropped (the stream's fetch positions have moved past it). */
  private rebalancing = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly removeListeners: Array<() => void> = [];

  constructor(
    private readonly consumer: BufferConsumer,
    private readonly startFrom: StartFrom,
    private readonly consumeOptions: PlatformaticConsumeOptions,
    private readonly batchSize: number,
    private readonly config: FlatConfig,
  ) {}

  async connect(): Promise<void> {
    await connectPlatformatic(() => this.consumer.metadata({ topics: [] }), this.config);
  }

  async start(topic: string, handlers: ConsumerHandlers): Promise<void> {
    if (this.handlers) throw new Error('this @platformatic/kafka consumer has already been started');
    this.handlers = handlers;
    this.topic = topic;
    this.listen();
    // consume() joins the group first: it resolves once this member has its assignment.
    await this.openStream();
  }

  async disconnect(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.handling) await bounded(this.handling, STOP_WAIT_MS);
    this.commit();
    if (this.commitInFlight) await bounded(this.commitInFlight, STOP_WAIT_MS);
    const stream = this.stream;
    this.stream = undefined;
    try {
      if (stream && !stream.destroyed) await bounded(stream.close(), STOP_WAIT_MS);
      // Leaves the group (a LeaveGroup request): `consumer:group:leave` revokes what is owned.
      await this.consumer.close(true);
    } finally {
      this.revokeAll();
      for (const remove of this.removeListeners.splice(0)) remove();
    }
  }

  pause(): void {
    this.paused = true;
    this.stream?.pause();
  }

  resume(): void {
    this.paused = false;
    this.stream?.resume();
    this.drain();
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  private async openStream(): Promise<void> {
    const topic = this.topic as string;
    const stream = (await this.consumer.consume({
      ...this.consumeOptions,
      topics: [topic],
      mode: 'committed',
      fallbackMode: this.startFrom,
      autocommit: false,
    })) as BufferStream;
    if (this.stopping) {
      await bounded(stream.close(), STOP_WAIT_MS);
      return;
    }
    this.stream = stream;
    if (this.paused) stream.pause();
    stream.on('readable', () => this.drain());
    stream.on('error', (error: unknown) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (this.stopping) return;
      const classified = classifyPlatformaticError(error);
      this.reportError({ kind: classified.kind, message: `${classified.message} (the message stream ended; kbench opens a new one)` });
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    this.restartTimer = setTimeout(() => {
      this.openStream().catch((error: unknown) => {
        if (this.stopping) return;
        const classified = classifyPlatformaticError(error);
        this.reportError({ kind: classified.kind, message: `${classified.message} (opening a message stream failed; kbench tries again)` });
        this.scheduleRestart();
      });
    }, RESTART_BACKOFF_MS);
  }

  /** Hands over what the stream holds, a batch at a time, each after the previous one is handled. */
  private drain(): void {
    const stream = this.stream;
    const handlers = this.handlers;
    if (!stream || !handlers) return;
    while (this.handling === undefined && !this.paused && !this.rebalancing && !this.stopping) {
      const batch: ConsumedRecord[] = [];
      while (batch.length < this.batchSize) {
        const message = stream.read() as BufferMessage | null;
        if (message === null) break;
        const record = this.accept(message);
        if (record) batch.push(record);
      }
      if (batch.length === 0) return;
      let result: void | Promise<void>;
      try {
        result = handlers.onRecords(batch);
      } catch (error) {
        this.handlerFailed(error);
        continue;
      }
      if (result && typeof (result as Promise<void>).then === 'function') {
        this.handling = (result as Promise<void>).then(
          () => this.handled(batch),
          (error: unknown) => this.handlerFailed(error),
        ).finally(() => {
          this.handling = undefined;
          this.drain();
        });
        return;
      }
      this.handled(batch);
    }
  }

  /** The record to hand over, or undefined for one of a partition not assigned or already handled. */
  private accept(message: BufferMessage): ConsumedRecord | undefined {
    if (!this.owned.has(message.partition)) return undefined;
    const offset = Number(message.offset);
    const position = this.positions.get(message.partition);
    if (position !== undefined && offset < position) return undefined;
    return toConsumedRecord(message);
  }

  private handled(batch: ConsumedRecord[]): void {
    for (const record of batch) {
      const next = record.offset + 1;
      if ((this.positions.get(record.partition) ?? -1) < next) this.positions.set(record.partition, next);
      if ((this.toCommit.get(record.partition) ?? -1) < next) this.toCommit.set(record.partition, next);
    }
    this.commit();
  }

  private handlerFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.reportError({ kind: 'other', message: `onRecords failed: ${message}` }, error);
  }

  /** Commits what was handled for partitions still owned; one commit in flight at a time. */
  private commit(): void {
    if (this.commitInFlight) {
      this.commitAgain = true;
      return;
    }
    const topic = this.topic;
    if (topic === undefined || this.toCommit.size === 0) return;
    const offsets: Array<{ topic: string; partition: number; offset: bigint; leaderEpoch: number }> = [];
    for (const [partition, offset] of this.toCommit) {
      if (this.owned.has(partition)) offsets.push({ topic, partition, offset: BigInt(offset), leaderEpoch: -1 });
    }
    this.toCommit.clear();
    if (offsets.length === 0 || this.consumer.closed) return;
    this.commitInFlight = new Promise<void>((resolve) => {
      this.consumer.commit({ offsets }, (error) => {
        // A commit refused during a rebalance: the partitions' next owner reads from the last commit.
        if (error && !isRejoinError(error) && !this.consumer.closed) this.reportError(classifyPlatformaticError(error));
        resolve();
      });
    }).finally(() => {
      this.commitInFlight = undefined;
      if (this.commitAgain) {
        this.commitAgain = false;
        this.commit();
      }
    });
  }

  private listen(): void {
    const on = <T extends unknown[]>(event: string, listener: (...args: T) => void): void => {
      const wrapped = listener as (...args: unknown[]) => void;
      this.consumer.on(event, wrapped);
      this.removeListeners.push(() => this.consumer.removeListener(event, wrapped));
    };
    on('consumer:group:rebalance', () => {
      this.rebalancing = true;
      this.revokeAll();
    });
    on('consumer:group:leave', () => this.revokeAll());
    on('consumer:group:join', (payload: { assignments?: Array<{ topic: string; partitions: number[] }> | null }) => {
      this.revokeAll();
      const partitions = (payload.assignments ?? []).filter((a) => a.topic === this.topic).flatMap((a) => a.partitions);
      partitions.sort((a, b) => a - b);
      for (const partition of partitions) this.owned.add(partition);
      for (const partition of [...this.positions.keys()]) if (!this.owned.has(partition)) this.positions.delete(partition);
      const topic = this.topic as string;
      this.handlers?.onRebalance?.({ type: 'assigned', partitions: partitions.map((partition): TopicPartition => ({ topic, partition })) });
      this.rebalancing = false;
      setImmediate(() => this.drain());
    });
    on('consumer:heartbeat:error', (payload: { error?: unknown }) => {
      if (this.stopping || isRejoinError(payload?.error)) return;
      const classified = classifyPlatformaticError(payload?.error);
      this.reportError({ kind: classified.kind, message: `heartbeat failed: ${classified.message}` });
    });
  }

  /** Commits what was handled, then reports every owned partition revoked. */
  private revokeAll(): void {
    if (this.owned.size === 0) return;
    this.commit();
    const topic = this.topic as string;
    const partitions = [...this.owned].sort((a, b) => a - b).map((partition): TopicPartition => ({ topic, partition }));
    this.owned.clear();
    this.handlers?.onRebalance?.({ type: 'revoked', partitions });
  }

  /** Reports an error to `onError`; without one, a handler failure is rethrown rather than lost. */
  private reportError(error: ClientError, thrown?: unknown): void {
    const onError = this.handlers?.onError;
    if (onError) onError(error);
    else if (thrown !== undefined)
      setImmediate(() => {
        throw thrown;
      });
  }
}
