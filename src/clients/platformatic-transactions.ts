/**
 * A transactional @platformatic/kafka producer's transactions (`ProducerTransactions`), over the
 * library's `beginTransaction()` and its `Transaction` (send, addConsumer, addOffset, commit,
 * abort). kbench's accumulator stays in front of the library: while a transaction is open, the
 * producer adapter sends its batches through `current` (the library refuses plain sends then),
 * and commit first sends everything queued and waits for every outcome.
 *
 * What the library (1.35) leaves to the caller, and this file does:
 * - Commit and abort do not wait for sends in flight: both drain kbench's accumulator and the
 *   library's sends first, and a transaction in which a record or offsets failed does not commit
 *   (it rejects; the caller aborts), as the Java client's abortable-error state.
 * - EndTxn for a transaction that added nothing (no record, no offsets) is refused by the broker
 *   (the coordinator never heard of it): such a transaction ends locally (`cancel`).
 * - A failed `beginTransaction()` leaves the library's transaction set ("There is already an
 *   active transaction" ever after): it is cancelled.
 * - `addOffset` is deduplicated under one key: two in flight at once send only the first's
 *   offsets. Offsets are added one partition at a time, in order.
 * - `addOffset` takes a consumed message and commits its offset + 1; `sendOffsets` builds one per
 *   partition from the consumer's group, generation, member and coordinator, so the broker fences
 *   offsets of a member that is no longer in the group's generation (KIP-447).
 * - The transaction timeout the producer registers (InitProducerId) is the client's request
 *   `timeout` (5 s unless the native `timeout` says otherwise): a transaction open longer is
 *   aborted by the broker, and the producer fenced.
 */
import type { Message, Producer } from '@platformatic/kafka';
import type { ClientError, ConsumerAdapter, PartitionOffset, ProducerTransactions } from './client-adapter.js';
import type { BufferConsumer } from './platformatic-consumer.js';
import { classifyPlatformaticError, platformaticFailure } from './platformatic-error-kinds.js';
import { NO_OPEN_TRANSACTION } from './transaction-tracker.js';

type BufferProducer = Producer<Buffer, Buffer, Buffer, Buffer>;
/** The library's `Transaction` (its package does not export the class's type). */
export type BufferTransaction = NonNullable<BufferProducer['transaction']>;

/** What the transactions need of the producer adapter's sending side. */
export interface TransactionalSends {
  /** Sends everything queued; resolves true once every record has its outcome and no send is in flight, false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Fails every record queued and not yet sent with `error`. */
  failQueued(error: ClientError): void;
}

/**
 * none: no transaction; beginning: `begin` under way; open: records are accepted; ending: commit
 * or abort under way (records refused); failed: a commit failed, only `abort` is left.
 */
type TransactionState = 'none' | 'beginning' | 'open' | 'ending' | 'failed';

/** A ConsumerAdapter that hands over its library consumer (kbench's @platformatic/kafka consumer). */
interface WithLibraryConsumer {
  libraryConsumer(): BufferConsumer;
}

function hasLibraryConsumer(consumer: ConsumerAdapter): consumer is ConsumerAdapter & WithLibraryConsumer {
  return typeof (consumer as Partial<WithLibraryConsumer>).libraryConsumer === 'function';
}

function other(message: string): ClientError {
  return { kind: 'other', message };
}

/** The transactions of one transactional producer, one open at a time. */
export class PlatformaticTransactions implements ProducerTransactions {
  private state: TransactionState = 'none';
  private transaction: BufferTransaction | undefined;
  /** The first record or offsets failure of the open transaction: it cannot commit. */
  private failure: ClientError | undefined;
  /** The transaction sent records or offsets (the broker knows it: EndTxn is needed). */
  private started = false;
  /** `sendOffsets` calls, one after the other. */
  private offsetsChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: BufferProducer,
    private readonly sends: TransactionalSends,
    private readonly transactionalId: string,
    /** Bound on draining the sends before commit or abort, ms (the delivery timeout). */
    private readonly drainTimeoutMs: number,
  ) {}

  /** The library transaction batches go through: set from `begin` until the transaction has ended. */
  get current(): BufferTransaction | undefined {
    return this.state === 'open' || this.state === 'ending' || this.state === 'failed' ? this.transaction : undefined;
  }

  /** Why `send` refuses a record now; undefined while a transaction is open. */
  refusal(): ClientError | undefined {
    if (this.state === 'open') return undefined;
    if (this.state === 'ending') return other(`the transaction of producer ${this.transactionalId} is being committed or aborted: begin a new one before sending`);
    return NO_OPEN_TRANSACTION;
  }

  /** A batch went out through the transaction. */
  noteSend(): void {
    this.started = true;
  }

  /** A record of the open transaction failed: it cannot commit. */
  noteFailure(error: ClientError): void {
    if (this.state !== 'none') this.failure ??= error;
  }

  async begin(): Promise<void> {
    if (this.state !== 'none') throw platformaticFailure(other(`producer ${this.transactionalId} already has a transaction (${this.state}): commit or abort it first`));
    this.state = 'beginning';
    this.failure = undefined;
    this.started = false;
    try {
      this.transaction = await this.producer.beginTransaction();
      this.state = 'open';
    } catch (error) {
      this.state = 'none';
      this.transaction = undefined;
      await this.producer.transaction?.cancel().catch(() => undefined);
      throw platformaticFailure(classifyPlatformaticError(error), error);
    }
  }

  sendOffsets(consumer: ConsumerAdapter, offsets: PartitionOffset[]): Promise<void> {
    const result = this.offsetsChain.then(() => this.addOffsets(consumer, offsets));
    this.offsetsChain = result.catch(() => undefined);
    return result;
  }

  async commit(): Promise<void> {
    const transaction = this.transaction;
    if (this.state !== 'open' || transaction === undefined) throw platformaticFailure(this.refusal() ?? other('no transaction to commit'));
    this.state = 'ending';
    await this.offsetsChain;
    if (!(await this.sends.drain(this.drainTimeoutMs))) this.failure ??= { kind: 'timeout', message: `records of the transaction still without an outcome after ${this.drainTimeoutMs} ms` };
    if (this.failure) {
      this.state = 'failed';
      throw platformaticFailure({ kind: this.failure.kind, message: `the transaction cannot commit (abort it): ${this.failure.message}` });
    }
    await this.end(transaction, true);
  }

  async abort(): Promise<void> {
    const transaction = this.transaction;
    if ((this.state !== 'open' && this.state !== 'failed') || transaction === undefined) throw platformaticFailure(other(`producer ${this.transactionalId} has no transaction to abort (${this.state})`));
    this.state = 'ending';
    this.sends.failQueued(other('the transaction was aborted before the record was sent'));
    await this.offsetsChain;
    await this.sends.drain(this.drainTimeoutMs);
    await this.end(transaction, false);
  }

  /** Aborts the open transaction, if any, without throwing (the producer is disconnecting). */
  async abandon(): Promise<void> {
    if (this.state === 'open' || this.state === 'failed') await this.abort().catch(() => undefined);
  }

  /** EndTxn (commit or abort), or a local end for a transaction the broker never saw. */
  private async end(transaction: BufferTransaction, commit: boolean): Promise<void> {
    try {
      if (!this.started) await transaction.cancel();
      else if (commit) await transaction.commit();
      else await transaction.abort();
    } catch (error) {
      // Fenced (another producer took the transactional id): the library dropped the transaction.
      this.state = this.producer.transaction === transaction ? 'failed' : 'none';
      if (this.state === 'none') this.transaction = undefined;
      throw platformaticFailure(classifyPlatformaticError(error), error);
    }
    this.state = 'none';
    this.transaction = undefined;
    this.failure = undefined;
  }

  private async addOffsets(consumer: ConsumerAdapter, offsets: PartitionOffset[]): Promise<void> {
    const transaction = this.transaction;
    if (this.state !== 'open' || transaction === undefined) throw platformaticFailure(this.refusal() ?? NO_OPEN_TRANSACTION);
    if (!hasLibraryConsumer(consumer)) throw platformaticFailure(other('sendOffsets needs a consumer of the @platformatic/kafka adapter'));
    const group = consumer.libraryConsumer();
    const { groupId, generationId, memberId, coordinatorId } = group;
    if (memberId === null || coordinatorId === null) throw platformaticFailure(other(`the consumer of group ${groupId} is not in its group: no offsets to send`));
    try {
      if (offsets.length > 0) {
        await transaction.addConsumer(group);
        this.started = true;
      }
      for (const { topic, partition, offset } of offsets) {
        // The library commits the message's offset + 1: the message before the next one to read.
        const message = { topic, partition, offset: BigInt(offset) - 1n, metadata: { consumer: { groupId, generationId, memberId, coordinatorId } } };
        await transaction.addOffset(message as unknown as Message<Buffer, Buffer, Buffer, Buffer>);
      }
    } catch (error) {
      const classified = classifyPlatformaticError(error);
      this.noteFailure(classified);
      throw platformaticFailure(classified, error);
    }
  }
}
