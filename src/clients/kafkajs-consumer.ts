/**
 * The kafkajs consumer behind `ConsumerAdapter`: `run({ eachBatch })` with offsets resolved and
 * committed by kafkajs. kafkajs has no rebalance callback; rebalances are derived from its
 * instrumentation events. Its only protocol is the classic one with eager assignment, where
 * every rebalance takes all partitions away before handing out the new assignment, so:
 * REBALANCING (or a join while partitions are still owned) → `revoked` with everything owned;
 * GROUP_JOIN → `assigned` with the member's new assignment.
 *
 * Commits: kafkajs's auto-commit is off (with it, kafkajs commits after every batch). With
 * `commitMode: 'interval'` kbench commits what was handled every `autoCommitInterval` (5 s),
 * before a rejoin and at stop (`kafkajs-interval-commits.ts`); with 'manual' only `commit`
 * commits. Both go through kafkajs's `commitOffsets`. Trap: kafkajs's `commitOffsets` resolves without committing when its runner
 * is not running (before `run`, after a crash or stop, or when it stops during the commit's
 * retries), so `commit` checks that the consumer ran throughout.
 */
import type { Consumer, ConsumerRunConfig, IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedRecord, ConsumerAdapter, ConsumerHandlers, ConsumerSettings, PartitionOffset, StartFrom, TopicPartition } from './client-adapter.js';
import { boundedOperation, ClientFailure } from './client-failure.js';
import type { FlatConfig } from './effective-config.js';
import { classifyKafkajsError } from './kafkajs-error-kinds.js';
import { KafkajsIntervalCommits } from './kafkajs-interval-commits.js';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { connectKafkajs } from './kafkajs-producer.js';

const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * kafkajs header values are Buffer, string, arrays of them (repeated keys) or undefined; kbench
 * keeps the last value as a Buffer. kafkajs's own object when every value already is one (what
 * it decodes: one Buffer per key unless a key repeats), so a record costs no copy of it.
 */
export function normaliseKafkajsHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  if (!headers) return {};
  let onlyBuffers = true;
  for (const key in headers) {
    if (!Buffer.isBuffer(headers[key])) {
      onlyBuffers = false;
      break;
    }
  }
  if (onlyBuffers) return headers as Record<string, Buffer>;
  const normalised: Record<string, Buffer> = {};
  for (const key in headers) {
    const raw = headers[key];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    normalised[key] = typeof value === 'string' ? Buffer.from(value) : value;
  }
  return normalised;
}

function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key ?? null,
    value: message.value ?? EMPTY_BUFFER,
    headers: normaliseKafkajsHeaders(message.headers),
    timestampMs: Number(message.timestamp),
  };
}

/** kafkajs's errors that mean the group is rebalancing (its own `isRebalancing`). */
function isRebalancingError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION';
}

/** `run()` options kbench passes through from the native settings. */
export type KafkajsRunOptions = Pick<ConsumerRunConfig, 'partitionsConsumedConcurrently' | 'autoCommitInterval'>;

/** Bound on one `commit` (kafkajs retries a failed commit several times within it). */
export const KAFKAJS_COMMIT_TIMEOUT_MS = 30_000;

/** Consumer adapter over a kafkajs consumer. */
export class KafkajsConsumerAdapter implements ConsumerAdapter {
  /** Partitions this member owns now, by the last GROUP_JOIN. */
  private owned: TopicPartition[] = [];
  private removeListeners: Array<() => void> = [];
  private started = false;
  private topic: string | undefined;
  /** kafkajs's runner runs: from `run` until a crash, a stop or `disconnect` (again after a restart's join). */
  private running = false;
  /** Times the runner stopped (crash, stop, disconnect): a commit during which it changed may not have happened. */
  private stops = 0;
  /** With `commitMode: 'interval'`: kbench's commits of what was handled. */
  private intervalCommits: KafkajsIntervalCommits | undefined;
  /** The batch being handled, if any (a stop waits for it before its last commit). */
  private batchInProgress: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly startFrom: StartFrom,
    private readonly runOptions: KafkajsRunOptions,
    private readonly config: FlatConfig,
    /** The consumer's group, for a transactional producer's `sendOffsets`. */
    readonly groupId: string,
    private readonly commitMode: NonNullable<ConsumerSettings['commitMode']> = 'interval',
  ) {}

  async connect(): Promise<void> {
    await connectKafkajs(() => this.consumer.connect(), this.config);
  }

  async start(topic: string, handlers: ConsumerHandlers): Promise<void> {
    if (this.started) throw new Error('this kafkajs consumer has already been started');
    this.started = true;
    this.topic = topic;
    if (this.commitMode === 'interval') {
      this.intervalCommits = new KafkajsIntervalCommits(
        {
          commit: (offsets) => this.commit(offsets),
          running: () => this.running,
          onError: (error) => {
            // A commit refused because the group is rebalancing: the partitions' next owner reads from the last commit.
            if (!isRebalancingError(error)) handlers.onError?.(classifyKafkajsError(error));
          },
        },
        this.runOptions.autoCommitInterval ?? AUTO_COMMIT_INTERVAL_MS,
      );
    }
    this.listen(handlers);
    await this.consumer.subscribe({ topics: [topic], fromBeginning: this.startFrom === 'earliest' });
    const { partitionsConsumedConcurrently } = this.runOptions;
    await this.consumer.run({
      ...(partitionsConsumedConcurrently === undefined ? {} : { partitionsConsumedConcurrently }),
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch, heartbeat }) => {
        const { topic, partition, messages } = batch;
        if (messages.length === 0) return;
        const handling = this.handleBatch(topic, partition, messages, handlers, heartbeat);
        this.batchInProgress = handling.catch(() => {});
        await handling;
      },
    });
    this.running = true;
    this.intervalCommits?.start();
  }

  /** Hands a batch over; with interval commits, records it as handled, commits when due, and commits before a rejoin the heartbeat reveals. */
  private async handleBatch(topic: string, partition: number, messages: KafkaMessage[], handlers: ConsumerHandlers, heartbeat: () => Promise<void>): Promise<void> {
    const records = new Array<ConsumedRecord>(messages.length);
    for (let i = 0; i < messages.length; i++) records[i] = toConsumedRecord(topic, partition, messages[i] as KafkaMessage);
    await handlers.onRecords(records);
    const commits = this.intervalCommits;
    if (!commits) return;
    commits.handledUpTo(topic, partition, Number((messages[messages.length - 1] as KafkaMessage).offset) + 1);
    if (commits.due()) await commits.commit();
    try {
      await heartbeat();
    } catch (error) {
      if (isRebalancingError(error)) await commits.commit();
      throw error;
    }
  }

  /**
   * Commits exactly `offsets` with kafkajs's `commitOffsets` (OffsetCommit with the member's
   * generation): resolves once the broker answered. Rejects when the consumer is not running,
   * or stopped while committing (kafkajs would then have given up silently).
   */
  async commit(offsets: PartitionOffset[]): Promise<void> {
    if (!this.running) throw new ClientFailure('disconnected', `the kafkajs consumer cannot commit: it is ${this.started ? 'not running (stopped, crashed or disconnected)' : 'not started'}`);
    if (offsets.length === 0) return;
    const stopsBefore = this.stops;
    const request = offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) }));
    await boundedOperation('the kafkajs commit', this.consumer.commitOffsets(request), KAFKAJS_COMMIT_TIMEOUT_MS, classifyKafkajsError);
    if (this.stops !== stopsBefore) throw new ClientFailure('disconnected', 'the kafkajs consumer stopped while committing: kafkajs then gives a commit up silently, so it may not have happened');
  }

  async disconnect(): Promise<void> {
    const commits = this.intervalCommits;
    if (commits && this.running && this.topic !== undefined) {
      // What was handled is committed while the runner still runs: no new batch, the current one finished first.
      commits.stop();
      this.consumer.pause([{ topic: this.topic }]);
      await this.batchInProgress;
      await boundedOperation('the last kafkajs commit', commits.commit(), KAFKAJS_COMMIT_TIMEOUT_MS, classifyKafkajsError).catch(() => {});
    }
    this.intervalCommits?.stop();
    this.stopped();
    try {
      await this.consumer.disconnect();
    } finally {
      for (const remove of this.removeListeners.splice(0)) remove();
    }
  }

  /** kafkajs pauses by topic, across rebalances; batches of a paused topic already fetched are not handed over. */
  pause(): void {
    if (this.topic !== undefined) this.consumer.pause([{ topic: this.topic }]);
  }

  resume(): void {
    if (this.topic !== undefined) this.consumer.resume([{ topic: this.topic }]);
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  private stopped(): void {
    this.running = false;
    this.stops++;
  }

  private listen(handlers: ConsumerHandlers): void {
    const { events } = this.consumer;
    const revokeOwned = (): void => {
      if (this.owned.length === 0) return;
      const partitions = this.owned;
      this.owned = [];
      handlers.onRebalance?.({ type: 'revoked', partitions });
    };
    this.removeListeners.push(
      this.consumer.on(events.REBALANCING, () => revokeOwned()),
      this.consumer.on(events.GROUP_JOIN, (event) => {
        // A re-join without a REBALANCING event (e.g. after UNKNOWN_MEMBER_ID) still revoked everything.
        revokeOwned();
        const partitions: TopicPartition[] = [];
        for (const [topic, ids] of Object.entries(event.payload.memberAssignment)) {
          for (const partition of ids) partitions.push({ topic, partition });
        }
        partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        this.owned = partitions;
        this.intervalCommits?.keepOnly(partitions);
        // A restarted runner (after a crash) joins again.
        if (this.started) this.running = true;
        handlers.onRebalance?.({ type: 'assigned', partitions });
      }),
      // Leaving the group (disconnect) gives every partition back.
      this.consumer.on(events.STOP, () => {
        this.stopped();
        revokeOwned();
      }),
      this.consumer.on(events.CRASH, (event) => {
        this.stopped();
        const error = classifyKafkajsError(event.payload.error);
        const outcome = event.payload.restart ? 'kafkajs restarts the consumer' : 'the consumer has stopped';
        handlers.onError?.({ kind: error.kind, message: `${error.message} (${outcome})` });
      }),
    );
  }
}
