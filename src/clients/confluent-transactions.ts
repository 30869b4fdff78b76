/**
 * The confluent producer's transactions (`ProducerTransactions`) on librdkafka's transactional
 * API, through @confluentinc/kafka-javascript's callback methods: `initTransactions` once at
 * connect (it fences an older producer of the same `transactional.id`), then per transaction
 * `beginTransaction`, `sendOffsetsToTransaction` (librdkafka reads the consumer's group metadata —
 * group id, generation, member id — from the consumer handle itself, so the broker fences a
 * member that was rebalanced away), `commitTransaction` / `abortTransaction`.
 *
 * - Every call runs on a libuv thread and is bounded twice: librdkafka's own timeout, and a
 *   JavaScript bound a little later (librdkafka's send_offsets_to_transaction has been seen to
 *   ignore its timeout while the group coordinator is down).
 * - commit: waits first for every delivery report of the transaction (librdkafka would flush too,
 *   but the reports reach JavaScript asynchronously), and refuses to commit when a record failed.
 * - abort: librdkafka purges what it still holds; those records' reports fail. Records already
 *   acknowledged keep their successful report although the abort discards them.
 *
 * Only types are imported from the library.
 */
import type { LibrdKafkaError, Producer } from '@confluentinc/kafka-javascript';
import type { ClientError, ConsumerAdapter, PartitionOffset, ProducerTransactions } from './client-adapter.js';
import { boundedOperation, ClientFailure } from './client-failure.js';
import { ConfluentConsumerAdapter } from './confluent-consumer.js';
import { classifyRdkafkaError } from './confluent-error-kinds.js';
import { TRANSACTION_ABORTED, TRANSACTION_OPERATION_TIMEOUT_MS, TransactionTracker } from './transaction-tracker.js';

/** How long the JavaScript bound waits past librdkafka's own timeout for its answer. */
const ANSWER_GRACE_MS = 2_000;
/** After an abort, how long the purged records' delivery reports may take to reach JavaScript. */
const PURGED_REPORTS_WAIT_MS = 5_000;

/** What the transactions need of the producer adapter: its delivery reports. */
export interface ConfluentDeliveries {
  /** Resolves once every accepted record has had its delivery callback, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  /** Records accepted and not yet reported. */
  readonly pendingCount: number;
  /** Calls every pending delivery callback with `error` (reports arriving later are ignored). */
  failPending(error: ClientError): void;
}

/** A librdkafka error of the transactional API, classified, with what it asks of the application. */
export function classifyTransactionError(error: unknown): ClientError {
  const classified = classifyRdkafkaError(error);
  const flags = error as { isFatal?: unknown; isTxnRequiresAbort?: unknown; isRetriable?: unknown };
  if (flags?.isFatal === true) return { ...classified, message: `${classified.message} (fatal: the producer must be recreated)` };
  if (flags?.isTxnRequiresAbort === true) return { ...classified, message: `${classified.message} (the transaction must be aborted)` };
  if (flags?.isRetriable === true) return { ...classified, message: `${classified.message} (retriable)` };
  return classified;
}

/** A librdkafka callback-style call as a promise. */
function call(invoke: (done: (error: LibrdKafkaError | null | undefined) => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    try {
      invoke((error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

export class ConfluentTransactions implements ProducerTransactions {
  readonly tracker = new TransactionTracker();

  constructor(
    private readonly producer: Producer,
    private readonly deliveries: ConfluentDeliveries,
    /** The producer's delivery timeout (`message.timeout.ms`): every record has its report within it. */
    private readonly deliveryTimeoutMs: number,
  ) {}

  /** `initTransactions`: once, after connecting. */
  async init(): Promise<void> {
    await this.run('initTransactions', (done) => this.producer.initTransactions(TRANSACTION_OPERATION_TIMEOUT_MS, done));
  }

  async begin(): Promise<void> {
    this.tracker.checkBegin();
    // begin_transaction is local (no broker round trip) and answers at once.
    await this.run('beginTransaction', (done) => this.producer.beginTransaction(done));
    this.tracker.opened();
  }

  async sendOffsets(consumer: ConsumerAdapter, offsets: PartitionOffset[]): Promise<void> {
    this.tracker.checkOpen('send offsets');
    if (!(consumer instanceof ConfluentConsumerAdapter)) {
      throw new ClientFailure('other', 'the confluent producer can send offsets only of a confluent consumer (librdkafka reads the group metadata from the consumer handle)');
    }
    if (offsets.length === 0) return;
    const rdOffsets = offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
    await this.run('sendOffsetsToTransaction', (done) =>
      this.producer.sendOffsetsToTransaction(rdOffsets, consumer.rdkafkaConsumer, TRANSACTION_OPERATION_TIMEOUT_MS, done),
    );
  }

  async commit(): Promise<void> {
    this.tracker.checkEnd('commit');
    this.tracker.ending();
    try {
      await this.deliveries.flush(this.deliveryTimeoutMs + ANSWER_GRACE_MS);
      const unreported = this.deliveries.pendingCount;
      if (unreported > 0) throw new ClientFailure('timeout', `the transaction cannot commit: ${unreported} of its records have no delivery report after the delivery timeout; abort it`);
      const refusal = this.tracker.commitRefusal();
      if (refusal) throw refusal;
      await this.run('commitTransaction', (done) => this.producer.commitTransaction(TRANSACTION_OPERATION_TIMEOUT_MS, done));
    } catch (error) {
      this.tracker.endFailed();
      throw error;
    }
    this.tracker.ended();
  }

  async abort(): Promise<void> {
    this.tracker.checkEnd('abort');
    this.tracker.ending();
    try {
      await this.run('abortTransaction', (done) => this.producer.abortTransaction(TRANSACTION_OPERATION_TIMEOUT_MS, done));
    } catch (error) {
      this.tracker.endFailed();
      throw error;
    }
    // librdkafka purged what it held: those reports (failed) are on their way to JavaScript.
    await this.deliveries.flush(PURGED_REPORTS_WAIT_MS);
    this.deliveries.failPending(TRANSACTION_ABORTED);
    this.tracker.ended();
  }

  /** Aborts an open transaction before the producer closes (else read_committed consumers wait for its timeout); errors are ignored. */
  async abortIfOpen(): Promise<void> {
    if (this.tracker.phase !== 'open' && this.tracker.phase !== 'failed') return;
    await this.abort().catch(() => {});
  }

  private run(what: string, invoke: (done: (error: LibrdKafkaError | null | undefined) => void) => void): Promise<void> {
    return boundedOperation(`librdkafka ${what}`, call(invoke), TRANSACTION_OPERATION_TIMEOUT_MS + ANSWER_GRACE_MS, classifyTransactionError);
  }
}
