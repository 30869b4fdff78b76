/**
 * The kafkajs producer's transactions (`ProducerTransactions`) on kafkajs's own: the producer is
 * built with `transactionalId`, `idempotent: true` and one request in flight, and each
 * transaction is a kafkajs `Transaction` (`producer.transaction()`), whose `sendBatch` the
 * producer adapter's accumulator sends through while it is open.
 *
 * - connect: kafkajs initialises the transactional producer id only with the first
 *   `transaction()`; kbench opens and at once aborts an empty one (kafkajs then sends no EndTxn)
 *   so that the id is initialised, and an older producer of the same id fenced, when connecting.
 * - commit: kafkajs's own commit does not wait for sends in flight. kbench first sends what the
 *   accumulator holds and waits for every delivery callback, refuses to commit when a record
 *   failed, then ends the transaction.
 * - abort: records still queued in the accumulator fail at once (never sent); sends in flight are
 *   waited for, then the transaction is aborted. Records already acknowledged keep their
 *   successful callback although the abort discards them.
 * - sendOffsets: kafkajs needs only the group id (its TxnOffsetCommit carries no generation or
 *   member id, so the broker does not fence a member rebalanced away). Trap: kafkajs does not
 *   retry its AddOffsetsToTxn, which the coordinator refuses with CONCURRENT_TRANSACTIONS while
 *   the previous transaction's markers are being written (just after a commit or abort); kbench
 *   retries that refusal itself.
 * - A failed commit or abort leaves kafkajs's transaction state machine in COMMITTING or ABORTING,
 *   from which it cannot begin another transaction: the producer must be recreated.
 */
import type { Producer, Transaction } from 'kafkajs';
import type { ClientError, ConsumerAdapter, PartitionOffset, ProducerTransactions } from './client-adapter.js';
import { boundedOperation, ClientFailure } from './client-failure.js';
import { KafkajsConsumerAdapter } from './kafkajs-consumer.js';
import { classifyKafkajsError } from './kafkajs-error-kinds.js';
import { TRANSACTION_ABORTED, TRANSACTION_OPERATION_TIMEOUT_MS, TransactionTracker } from './transaction-tracker.js';

/** kafkajs's default transaction timeout (`transactionTimeout`), ms: the broker aborts a transaction open longer. */
export const KAFKAJS_TRANSACTION_TIMEOUT_MS = 60_000;

/** What the transactions need of the producer adapter: its accumulator. */
export interface KafkajsQueue {
  /** Sends what is queued now; resolves once every accepted record has had its callback, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  /** Records accepted and not yet called back. */
  readonly outstanding: number;
  /** Fails every record not handed to kafkajs yet. */
  failQueued(error: ClientError): void;
}

/** First and longest pause between attempts of a call the coordinator refused with CONCURRENT_TRANSACTIONS. */
const CONCURRENT_RETRY_FIRST_MS = 10;
const CONCURRENT_RETRY_MAX_MS = 500;

/** The coordinator is still completing the previous transaction: the Java client retries such a refusal. */
function isConcurrentTransactions(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    if ((current as { type?: unknown }).type === 'CONCURRENT_TRANSACTIONS') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Runs `attempt` again while the coordinator answers CONCURRENT_TRANSACTIONS, with growing pauses, until `deadlineMs`. */
async function retryingConcurrent<T>(attempt: () => Promise<T>, deadlineMs: number): Promise<T> {
  for (let pauseMs = CONCURRENT_RETRY_FIRST_MS; ; pauseMs = Math.min(pauseMs * 2, CONCURRENT_RETRY_MAX_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConcurrentTransactions(error) || Date.now() + pauseMs > deadlineMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Offsets grouped by topic, as kafkajs's `sendOffsets` takes them (offsets as strings). */
function byTopic(offsets: PartitionOffset[]): Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> {
  const topics = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) {
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = []));
    partitions.push({ partition, offset: String(offset) });
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

export class KafkajsTransactions implements ProducerTransactions {
  readonly tracker = new TransactionTracker();
  private transaction: Transaction | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly queue: KafkajsQueue,
    /** Every record has its outcome within this time (the accumulator's delivery timeout). */
    private readonly deliveryTimeoutMs: number,
  ) {}

  /** The open transaction, where the accumulator's batches go; undefined when none is open. */
  get open(): Transaction | undefined {
    return this.transaction;
  }

  /** Initialises the transactional producer id (after the producer connected). */
  async init(): Promise<void> {
    const empty = await this.run('initialising transactions', this.producer.transaction());
    await this.run('initialising transactions', empty.abort());
  }

  async begin(): Promise<void> {
    this.tracker.checkBegin();
    this.transaction = await this.run('beginning a transaction', this.producer.transaction());
    this.tracker.opened();
  }

  async sendOffsets(consumer: ConsumerAdapter, offsets: PartitionOffset[]): Promise<void> {
    this.tracker.checkOpen('send offsets');
    const transaction = this.transaction as Transaction;
    if (!(consumer instanceof KafkajsConsumerAdapter)) throw new ClientFailure('other', 'the kafkajs producer can send offsets only of a kafkajs consumer');
    if (offsets.length === 0) return;
    const request = { consumerGroupId: consumer.groupId, topics: byTopic(offsets) };
    const deadlineMs = Date.now() + TRANSACTION_OPERATION_TIMEOUT_MS;
    await this.run('sending offsets to the transaction', retryingConcurrent(() => transaction.sendOffsets(request), deadlineMs));
  }

  async commit(): Promise<void> {
    this.tracker.checkEnd('commit');
    this.tracker.ending();
    try {
      await this.queue.flush(this.deliveryTimeoutMs);
      const unreported = this.queue.outstanding;
      if (unreported > 0) throw new ClientFailure('timeout', `the transaction cannot commit: ${unreported} of its records have no outcome after the delivery timeout; abort it`);
      const refusal = this.tracker.commitRefusal();
      if (refusal) throw refusal;
      await this.run('committing the transaction', (this.transaction as Transaction).commit());
    } catch (error) {
      this.tracker.endFailed();
      throw error;
    }
    this.transaction = undefined;
    this.tracker.ended();
  }

  async abort(): Promise<void> {
    this.tracker.checkEnd('abort');
    this.tracker.ending();
    this.queue.failQueued(TRANSACTION_ABORTED);
    // The sends in flight end (acknowledged or failed) before the transaction does.
    await this.queue.flush(this.deliveryTimeoutMs);
    try {
      await this.run('aborting the transaction', (this.transaction as Transaction).abort());
    } catch (error) {
      this.tracker.endFailed();
      throw error;
    }
    this.transaction = undefined;
    this.tracker.ended();
  }

  /** Aborts an open transaction before the producer closes (else read_committed consumers wait for its timeout); errors are ignored. */
  async abortIfOpen(): Promise<void> {
    if (this.tracker.phase !== 'open' && this.tracker.phase !== 'failed') return;
    await this.abort().catch(() => {});
  }

  private run<T>(what: string, operation: Promise<T>): Promise<T> {
    return boundedOperation(`kafkajs ${what}`, operation, TRANSACTION_OPERATION_TIMEOUT_MS, classifyKafkajsError);
  }
}
