/**
 * The @platformatic/kafka consumer behind `ConsumerAdapter`, on the library's `MessagesStream`
 * (a Readable of messages) read in paused mode: on 'readable', kbench takes what the stream holds
 * (up to a batch), hands it to `onRecords`, and reads again once it is handled, so a slow member
 * stops the stream's fetching (its buffer, `highWaterMark` messages, fills up).
 *
 * - Offsets: the stream's autocommit commits what was fetched, before it is handled, so it is off;
 *   kbench commits, per partition, the offset after the last record handled: every
 *   `AUTO_COMMIT_INTERVAL_MS` (5 s, as the Java client and librdkafka), when partitions are
 *   revoked (before they move: what was handled is taken for the commit at once, so a rebalance
 *   re-delivers only what was not handled yet) and when the consumer stops (awaited before it
 *   leaves the group). One commit in flight at a time; the next carries everything taken meanwhile.
 * - `commitMode: 'manual'`: none of these commits; only `commit(offsets)`, which commits exactly the
 *   offsets given (through the library's commit, outside the one-at-a-time queue above) and
 *   resolves once the broker has them.
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
import type { ClientError, ConsumedRecord, ConsumerAdapter, ConsumerHandlers, ConsumerSettings, PartitionOffset, StartFrom, TopicPartition } from './client-adapter.js';
import { ClientFailure } from './client-failure.js';
import type { FlatConfig } from './effective-config.js';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { classifyPlatformaticError, isRejoinError, platformaticFailure } from './platformatic-error-kinds.js';
import { bounded, connectPlatformatic } from './platformatic-producer.js';

/** The library's consumer as kbench creates it (Buffer keys, values and headers). */
export type BufferConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;
/** Who commits: kbench's interval committer, or only the caller through `commit`. */
export type CommitMode = NonNullable<ConsumerSettings['commitMode']>;
type BufferMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type BufferStream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;
/** The consume() options kbench passes through (the topic is added at start). */
export type PlatformaticConsumeOptions = Omit<ConsumeOptions<Buffer, Buffer, Buffer, Buffer>, 'topics'>;

/** Pause before opening a new stream after the last one failed. */
const RESTART_BACKOFF_MS = 1_000;
/** Bound on waiting for the batch in progress, the last commit and the stream's end when disconnecting. */
const STOP_WAIT_MS = 10_000;
const EMPTY_BUFFER = Buffer.alloc(0);

type HeaderMap = Map<Buffer | string, Buffer | string | undefined>;

/** The last header key decoded, its bytes and its string: records carry the same few keys, so most keys are a byte comparison away from their string. */
let lastKeyBytes: Buffer | undefined;
let lastKeyString = '';

/** A header key as a string (UTF-8), without decoding the bytes of a key just decoded. */
function headerKey(key: Buffer | string): string {
  if (typeof key === 'string') return key;
  const last = lastKeyBytes;
  if (last !== undefined && last.length === key.length) {
    let same = true;
    for (let i = 0; i < key.length; i++) {
      if (last[i] !== key[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastKeyString;
  }
  lastKeyString = key.toString();
  // A copy: the key is a view into the fetch response's memory.
  lastKeyBytes = Buffer.from(key);
  return lastKeyString;
}

function setHeader(this: Record<string, Buffer>, value: Buffer | string | undefined, key: Buffer | string): void {
  if (value === undefined || value === null) return;
  this[headerKey(key)] = typeof value === 'string' ? Buffer.from(value) : value;
}

/** The library's header map (Buffer keys, repeated keys collapsed) as kbench's record of Buffers; the last value wins. */
export function normalisePlatformaticHeaders(headers: HeaderMap | undefined): Record<string, Buffer> {
  const normalised: Record<string, Buffer> = {};
  if (headers) headers.forEach(setHeader, normalised);
  return normalised;
}

/** A message as kbench's record; `offset` is the message's offset, already a number when the caller has it. */
export function toConsumedRecord(message: BufferMessage, offset: number = Number(message.offset)): ConsumedRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset,
    key: message.key ?? null,
    value: message.value ?? EMPTY_BUFFER,
    headers: normalisePlatformaticHeaders(message.headers as HeaderMap),
    timestampMs: Number(message.timestamp),
  };
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
  /** Handled and not yet taken for a commit: per partition, the offset to commit. */
  private readonly toCommit = new Map<number, number>();
  /** Taken for a commit (partitions owned when taken) while another was in flight: the next commit's offsets. */
  private readonly queued = new Map<number, number>();
  private commitInFlight: Promise<void> | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
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
    private readonly commitIntervalMs: number = AUTO_COMMIT_INTERVAL_MS,
    private readonly commitMode: CommitMode = 'interval',
  ) {}

  async connect(): Promise<void> {
    await connectPlatformatic(() => this.consumer.metadata({ topics: [] }), this.config);
  }

  async start(topic: string, handlers: ConsumerHandlers): Promise<void> {
    if (this.handlers) throw new Error('this @platformatic/kafka consumer has already been started');
    this.handlers = handlers;
    this.topic = topic;
    this.listen();
    if (this.commitMode === 'interval') {
      this.commitTimer = setInterval(() => this.commitHandled(), this.commitIntervalMs);
      this.commitTimer.unref();
    }
    // consume() joins the group first: it resolves once this member has its assignment.
    await this.openStream();
  }

  async disconnect(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.commitTimer);
    if (this.handling) await bounded(this.handling, STOP_WAIT_MS);
    // What was handled, committed before leaving the group.
    this.commitHandled();
    await this.commitsDone(STOP_WAIT_MS);
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

  /**
   * Commits exactly `offsets` (each the next offset to read) for the group, in one OffsetCommit
   * request, and resolves once the broker has stored them. Rejects with an `Error` that carries
   * the `ClientError` kind (`kind`), e.g. when the member is not in the group's generation.
   */
  async commit(offsets: PartitionOffset[]): Promise<void> {
    if (this.consumer.closed) throw new ClientFailure('disconnected', 'the @platformatic/kafka consumer cannot commit: it is closed');
    if (offsets.length === 0) return;
    const request = offsets.map(({ topic, partition, offset }) => {
      if (!Number.isSafeInteger(offset) || offset < 0) throw platformaticFailure({ kind: 'other', message: `cannot commit offset ${offset} of ${topic}-${partition}: not an offset` });
      return { topic, partition, offset: BigInt(offset), leaderEpoch: -1 };
    });
    await new Promise<void>((resolve, reject) => {
      this.consumer.commit({ offsets: request }, (error) => (error ? reject(platformaticFailure(classifyPlatformaticError(error), error)) : resolve()));
    });
  }

  /** The library's consumer, for a transactional producer's `sendOffsets` (its group, generation, member and coordinator). */
  libraryConsumer(): BufferConsumer {
    return this.consumer;
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
      // Records come partition by partition: ownership and position are looked up once per run of a partition.
      let partition = -1;
      let owned = false;
      let position = -1;
      while (batch.length < this.batchSize) {
        const message = stream.read() as BufferMessage | null;
        if (message === null) break;
        if (message.partition !== partition) {
          partition = message.partition;
          owned = this.owned.has(partition);
          position = this.positions.get(partition) ?? -1;
        }
        // Records of a partition not assigned, or below the position handled (fetched twice by the library), are dropped.
        if (!owned) continue;
        const offset = Number(message.offset);
        if (offset < position) continue;
        batch.push(toConsumedRecord(message, offset));
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

  /** A batch was handled: its partitions' positions move past it, to be committed by the next commit. */
  private handled(batch: ConsumedRecord[]): void {
    let partition = -1;
    let next = -1;
    for (let i = 0; i < batch.length; i++) {
      const record = batch[i] as ConsumedRecord;
      if (record.partition !== partition) {
        if (partition !== -1) this.advance(partition, next);
        partition = record.partition;
        next = -1;
      }
      if (record.offset >= next) next = record.offset + 1;
    }
    if (partition !== -1) this.advance(partition, next);
  }

  private advance(partition: number, next: number): void {
    if ((this.positions.get(partition) ?? -1) < next) this.positions.set(partition, next);
    // A partition revoked while its batch was handled is not committed: its next owner reads the batch again.
    if (this.owned.has(partition) && (this.toCommit.get(partition) ?? -1) < next) this.toCommit.set(partition, next);
  }

  private handlerFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.reportError({ kind: 'other', message: `onRecords failed: ${message}` }, error);
  }

  /**
   * Takes what was handled for partitions owned now and commits it: at once, or right after the
   * commit in flight (one at a time). Taking it here, not when the commit is sent, keeps the
   * offsets of partitions being revoked.
   */
  private commitHandled(): void {
    if (this.commitMode === 'manual') return;
    for (const [partition, offset] of this.toCommit) if (this.owned.has(partition)) this.queued.set(partition, offset);
    this.toCommit.clear();
    this.sendQueued();
  }

  private sendQueued(): void {
    const topic = this.topic;
    if (this.commitInFlight || this.queued.size === 0 || topic === undefined) return;
    const offsets: Array<{ topic: string; partition: number; offset: bigint; leaderEpoch: number }> = [];
    for (const [partition, offset] of this.queued) offsets.push({ topic, partition, offset: BigInt(offset), leaderEpoch: -1 });
    this.queued.clear();
    if (this.consumer.closed) return;
    this.commitInFlight = new Promise<void>((resolve) => {
      this.consumer.commit({ offsets }, (error) => {
        // A commit refused during a rebalance: the partitions' next owner reads from the last commit.
        if (error && !isRejoinError(error) && !this.consumer.closed) this.reportError(classifyPlatformaticError(error));
        resolve();
      });
    }).finally(() => {
      this.commitInFlight = undefined;
      this.sendQueued();
    });
  }

  /** Resolves once no commit is in flight or queued, or after `ms`. */
  private async commitsDone(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.commitInFlight) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await bounded(this.commitInFlight, left);
    }
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
    this.commitHandled();
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
