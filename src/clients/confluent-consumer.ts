/**
 * The confluent consumer behind `ConsumerAdapter`, on @confluentinc/kafka-javascript's callback
 * API: a `FetchLoop` takes the records librdkafka has prefetched without waiting for batches to
 * fill, woken by the queue's non-empty callback, and a `rebalance_cb` applies assignments itself,
 * eagerly or incrementally as the group's protocol requires, and reports them as RebalanceEvents.
 * With `commitMode: 'interval'` offsets are stored once a batch is handled and committed by
 * librdkafka (enable.auto.commit); with 'manual' nothing is stored and only `commit` commits.
 * `commit` waits for librdkafka's offset commit callback (see confluent-commits.ts).
 * Only types are imported here.
 */
import type { KafkaConsumer, LibrdKafkaError, Message, MessageHeader, TopicPartition as RdTopicPartition } from '@confluentinc/kafka-javascript';
import type { ClientError, ConsumedRecord, ConsumerAdapter, ConsumerHandlers, ConsumerSettings, PartitionOffset, TopicPartition } from './client-adapter.js';
import { ClientFailure } from './client-failure.js';
import { PendingCommits } from './confluent-commits.js';
import { FetchLoop } from './confluent-fetch-loop.js';
import { connectClient } from './confluent-producer.js';
import type { FlatConfig } from './effective-config.js';
import { RDKAFKA_CODES, classifyRdkafkaError } from './confluent-error-kinds.js';

/** The KafkaConsumer methods the package implements but its type declarations leave out. */
export type RebalancingConsumer = KafkaConsumer & {
  incrementalAssign(partitions: RdTopicPartition[]): KafkaConsumer;
  incrementalUnassign(partitions: RdTopicPartition[]): KafkaConsumer;
  /** 'EAGER', 'COOPERATIVE', or 'NONE' when not connected. */
  rebalanceProtocol(): string;
  /** With true, consume(n) waits its timeout for the first record only (marked private in the package). */
  setDefaultIsTimeoutOnlyForFirstMessage(isTimeoutOnlyForFirstMessage: boolean): void;
};

/**
 * Longest sleep on an empty queue without a non-empty callback: librdkafka serves rebalances and
 * errors from the queue it is polled on, so it is polled at least this often.
 */
export const CONFLUENT_IDLE_POLL_MS = 100;
/** Pause after a failed `consume` before the next one, so a persistent error does not spin. */
const CONSUME_ERROR_BACKOFF_MS = 100;
/** Fetched but unhandled records held per member, in batches (see FetchLoop). */
const BUFFERED_BATCHES = 4;
/** Bound on waiting for the batch in progress when disconnecting. */
const STOP_WAIT_MS = 10_000;

const EMPTY_BUFFER = Buffer.alloc(0);

/** librdkafka headers arrive as an array of one-key objects; kbench keeps the last value per key, as a Buffer. */
export function normaliseRdkafkaHeaders(headers: MessageHeader[] | undefined): Record<string, Buffer> {
  const normalised: Record<string, Buffer> = {};
  if (!headers) return normalised;
  for (const header of headers) {
    for (const key in header) {
      const value = header[key];
      if (value === undefined) continue;
      normalised[key] = typeof value === 'string' ? Buffer.from(value) : value;
    }
  }
  return normalised;
}

/**
 * Per topic-partition of a batch, the offset after its highest record: what to store once the
 * batch is handled. A consumer reads one topic, so the partition number is the key in practice.
 */
export function offsetsAfter(messages: Message[]): Array<RdTopicPartition & { offset: number }> {
  const next: Array<RdTopicPartition & { offset: number }> = [];
  // Records come partition by partition: the entry of the run's partition is looked up once per run.
  let entry: (RdTopicPartition & { offset: number }) | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message;
    const offset = message.offset + 1;
    if (entry === undefined || entry.partition !== message.partition || entry.topic !== message.topic) {
      const { topic, partition } = message;
      entry = next.find((e) => e.partition === partition && e.topic === topic);
      if (!entry) {
        next.push((entry = { topic, partition, offset }));
        continue;
      }
    }
    if (entry.offset < offset) entry.offset = offset;
  }
  return next;
}

/** librdkafka's ERR__STATE: the operation does not fit the client's state (e.g. storing an offset of an unassigned partition). */
const ERR_STATE = -172;

/** A librdkafka message as kbench's `ConsumedRecord`. */
export function toConsumedRecord(message: Message): ConsumedRecord {
  const key = message.key;
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: key === null || key === undefined ? null : typeof key === 'string' ? Buffer.from(key) : key,
    value: message.value ?? EMPTY_BUFFER,
    headers: normaliseRdkafkaHeaders(message.headers),
    timestampMs: message.timestamp ?? 0,
  };
}

function toTopicPartitions(assignment: RdTopicPartition[]): TopicPartition[] {
  return assignment.map(({ topic, partition }) => ({ topic, partition })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/**
 * Consumer adapter over a librdkafka consumer. The adapter builds the consumer with
 * `rebalance_cb` pointing at `rebalanceCallback` and `queue_non_empty_cb` at `queueNonEmpty`.
 */
export class ConfluentConsumerAdapter implements ConsumerAdapter {
  private handlers: ConsumerHandlers | undefined;
  private lastClientError: LibrdKafkaError | undefined;
  private connected = false;
  /** Partitions assigned now; records of others are dropped before they are handed over. */
  private readonly assigned = new Set<number>();
  private readonly loop: FetchLoop<Message>;
  private topic: string | undefined;
  /** Fetching stopped by `pause` (librdkafka pauses per partition: partitions assigned meanwhile are paused as they come). */
  private paused = false;
  private readonly commits = new PendingCommits(classifyRdkafkaError);

  constructor(
    private readonly consumer: RebalancingConsumer,
    batchSize: number,
    private readonly brokers: string,
    private readonly config: FlatConfig,
    private readonly commitMode: NonNullable<ConsumerSettings['commitMode']> = 'interval',
  ) {
    // consume(n) takes only what librdkafka has already fetched and never waits: waiting is the
    // loop's, until the queue's non-empty callback. (With a timeout, consume(n) keeps waiting up
    // to 1 ms for each further record, so at low rates the first record of a batch waits for
    // the last.)
    consumer.setDefaultConsumeTimeout(0);
    consumer.setDefaultIsTimeoutOnlyForFirstMessage(false);
    consumer.on('event.error', (error) => {
      this.lastClientError = error;
      this.reportError(classifyRdkafkaError(error));
    });
    consumer.on('rebalance.error', (error) => this.reportError({ kind: 'other', message: `rebalance failed: ${error.message}` }));
    // Results of every commit, automatic ones included (the consumer is built with offset_commit_cb).
    consumer.on('offset.commit', (error, offsets) => this.commits.settle(error, offsets));
    this.loop = new FetchLoop<Message>(
      { fetch: (max, done) => consumer.consume(max, (error, messages) => done(error, messages)) },
      {
        batchSize,
        maxBufferedMessages: batchSize * BUFFERED_BATCHES,
        idlePollMs: CONFLUENT_IDLE_POLL_MS,
        errorBackoffMs: CONSUME_ERROR_BACKOFF_MS,
        accepts: (message) => this.assigned.has(message.partition),
        // A commit's result is served by a poll: a handler awaiting it must not stop the polling.
        mustPoll: () => this.commits.size > 0,
        handle: (messages) => this.handle(messages),
        onError: (error) => this.reportError(classifyRdkafkaError(error)),
      },
    );
  }

  /** The `queue_non_empty_cb` for this consumer: librdkafka has records (or events) to serve. */
  readonly queueNonEmpty = (): void => this.loop.wake();

  /** The `rebalance_cb` for this consumer: applies the assignment and reports it. */
  readonly rebalanceCallback = (error: LibrdKafkaError, assignment: RdTopicPartition[]): void => {
    const cooperative = this.consumer.rebalanceProtocol() === 'COOPERATIVE';
    try {
      if (error.code === RDKAFKA_CODES.ERR__ASSIGN_PARTITIONS) {
        // Eager: the assignment replaces the old one; incremental: it adds to it.
        if (!cooperative) this.assigned.clear();
        for (const { partition } of assignment) this.assigned.add(partition);
        if (cooperative) this.consumer.incrementalAssign(assignment);
        else this.consumer.assign(assignment);
        if (this.paused && assignment.length > 0) this.consumer.pause(assignment);
        this.handlers?.onRebalance?.({ type: 'assigned', partitions: toTopicPartitions(assignment) });
      } else if (error.code === RDKAFKA_CODES.ERR__REVOKE_PARTITIONS) {
        // Eager revokes everything; incremental only the partitions listed.
        for (const { partition } of assignment) this.assigned.delete(partition);
        if (!cooperative) this.assigned.clear();
        this.handlers?.onRebalance?.({ type: 'revoked', partitions: toTopicPartitions(assignment) });
        if (cooperative) this.consumer.incrementalUnassign(assignment);
        else this.consumer.unassign();
      } else {
        // Any other error: librdkafka asks the application to drop its assignment.
        this.assigned.clear();
        this.reportError(classifyRdkafkaError(error));
        this.consumer.unassign();
      }
    } catch (applyError) {
      // Assigning fails harmlessly while the consumer is closing.
      if (this.consumer.isConnected()) this.reportError({ kind: 'other', message: `applying a rebalance failed: ${classifyRdkafkaError(applyError).message}` });
    }
  };

  async connect(): Promise<void> {
    await connectClient(this.consumer, this.brokers, () => this.lastClientError);
    this.connected = true;
  }

  async start(topic: string, handlers: ConsumerHandlers): Promise<void> {
    if (this.handlers) throw new Error('this confluent consumer has already been started');
    this.handlers = handlers;
    this.topic = topic;
    this.consumer.subscribe([topic]);
    this.loop.start();
  }

  /** The librdkafka consumer, for a transactional producer's sendOffsetsToTransaction (it reads the group metadata from it). */
  get rdkafkaConsumer(): KafkaConsumer {
    return this.consumer;
  }

  /**
   * Commits exactly `offsets` (librdkafka's asynchronous commit) and resolves with the broker's
   * answer, which librdkafka serves while the fetch loop polls: the consumer must be started.
   */
  async commit(offsets: PartitionOffset[]): Promise<void> {
    if (!this.connected || this.handlers === undefined) {
      throw new ClientFailure('disconnected', `the confluent consumer cannot commit: it is ${this.connected ? 'not started' : 'not connected'}`);
    }
    if (offsets.length === 0) return;
    const rdOffsets = offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
    const committed = this.commits.commit(offsets, () => this.consumer.commit(rdOffsets));
    this.loop.pollForResult();
    await committed;
  }

  async disconnect(): Promise<void> {
    // Commits in flight get their answer while the loop still polls.
    await this.commits.answered(STOP_WAIT_MS);
    this.commits.failAll({ kind: 'disconnected', message: 'the confluent consumer disconnected before its commit was answered' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
    if (!this.connected) return;
    this.connected = false;
    // Closing leaves the group: librdkafka calls rebalance_cb with the revocation first.
    await new Promise<void>((resolve) => this.consumer.disconnect(() => resolve()));
  }

  /**
   * librdkafka's pause: its fetcher stops for these partitions and drops what it had queued for
   * them; `resume` fetches again from the position after the last record handed over. The loop
   * keeps polling, so rebalances and the poll interval are served while paused.
   */
  pause(): void {
    this.paused = true;
    this.setPaused(true);
  }

  resume(): void {
    this.paused = false;
    this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    const topic = this.topic;
    if (topic === undefined || this.assigned.size === 0) return;
    const partitions = [...this.assigned].map((partition) => ({ topic, partition }));
    try {
      if (paused) this.consumer.pause(partitions);
      else this.consumer.resume(partitions);
    } catch (error) {
      this.reportError({ kind: 'other', message: `${paused ? 'pausing' : 'resuming'} fetching failed: ${classifyRdkafkaError(error).message}` });
    }
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  /** Hands a batch to `onRecords`, then stores its offsets (committed by the next auto-commit; not in manual mode). */
  private async handle(messages: Message[]): Promise<void> {
    const records = new Array<ConsumedRecord>(messages.length);
    for (let i = 0; i < messages.length; i++) records[i] = toConsumedRecord(messages[i] as Message);
    try {
      await this.handlers?.onRecords(records);
    } catch (handlerError) {
      const message = handlerError instanceof Error ? handlerError.message : String(handlerError);
      this.reportError({ kind: 'other', message: `onRecords failed: ${message}` }, handlerError);
      return;
    }
    if (this.commitMode === 'interval') this.storeOffsets(messages);
  }

  /** Marks a handled batch as consumed: per partition, the offset after its last record. */
  private storeOffsets(messages: Message[]): void {
    try {
      this.consumer.offsetsStore(offsetsAfter(messages));
    } catch (error) {
      // Storing fails (ERR__STATE) for partitions revoked meanwhile: their next owner consumes them again.
      const revokedMeanwhile = (error as { code?: unknown }).code === ERR_STATE;
      if (!revokedMeanwhile && this.consumer.isConnected()) this.reportError(classifyRdkafkaError(error));
    }
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
