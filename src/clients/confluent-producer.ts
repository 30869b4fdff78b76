/**
 * The confluent producer behind `ProducerAdapter`, on @confluentinc/kafka-javascript's callback
 * API: `produce(..., opaque)` with `dr_cb`, where the opaque is the record's slot among the
 * pending deliveries and comes back in its delivery report. librdkafka batches, lingers and
 * retries by itself, and copies each record's bytes when it accepts it (`RK_MSG_COPY`), so
 * callers may reuse their Buffers. Only types are imported here; the adapter hands over the
 * loaded module's classes.
 */
import type { DeliveryReport as RdDeliveryReport, LibrdKafkaError, MessageHeader, Producer } from '@confluentinc/kafka-javascript';
import { IdleSignal } from '../util/idle-signal.js';
import type { ClientError, DeliveryCallback, DeliveryReport, ProduceRecord, ProducerAdapter } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { RDKAFKA_CODES, classifyRdkafkaError } from './confluent-error-kinds.js';
import type { ConfluentDeliveries, ConfluentTransactions } from './confluent-transactions.js';
import { PendingDeliveries } from './pending-deliveries.js';
import { NO_OPEN_TRANSACTION } from './transaction-tracker.js';

/**
 * How delivery reports reach JavaScript: librdkafka's background thread wakes the event loop
 * as soon as a report is ready ('background'), or a JavaScript timer polls every few ms.
 */
export type ConfluentPollMode = { kind: 'background' } | { kind: 'interval'; intervalMs: number };

/** Bound on waiting for librdkafka to connect and fetch metadata. */
export const CONFLUENT_CONNECT_TIMEOUT_MS = 15_000;

function errorCodeOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : undefined;
}

/**
 * Producer adapter over a librdkafka producer. A transactional one (built with `transactions`)
 * initialises its transactions when it connects, and fails every record sent while no
 * transaction is open (`NO_OPEN_TRANSACTION`) instead of handing it to librdkafka.
 */
export class ConfluentProducerAdapter implements ProducerAdapter, ConfluentDeliveries {
  /** librdkafka copies key, value and headers in `produce` (RK_MSG_COPY). */
  readonly copiesRecordOnSend = true;
  private readonly pending = new PendingDeliveries();
  private readonly idle = new IdleSignal();
  /** The last frozen headers object sent, and its librdkafka form (reused while the caller reuses it). */
  private frozenHeaders: Record<string, Buffer> | undefined;
  private frozenRdHeaders: MessageHeader[] | undefined;
  private lastClientError: LibrdKafkaError | undefined;
  private connected = false;
  readonly transactions: ConfluentTransactions | undefined;

  /** `transactions` builds the producer's transactions over its delivery reports (a transactional producer only). */
  constructor(
    private readonly producer: Producer,
    private readonly pollMode: ConfluentPollMode,
    private readonly brokers: string,
    private readonly config: FlatConfig,
    transactions?: (deliveries: ConfluentDeliveries) => ConfluentTransactions,
  ) {
    this.transactions = transactions?.(this);
    producer.on('delivery-report', (error, report) => this.onDeliveryReport(error, report));
    // Client-level errors (broker down, authentication…) are not per record: librdkafka retries
    // and the affected records fail in their delivery reports. The last one explains a failed connect.
    producer.on('event.error', (error) => {
      this.lastClientError = error;
    });
  }

  async connect(): Promise<void> {
    await connectClient(this.producer, this.brokers, () => this.lastClientError);
    this.connected = true;
    if (this.pollMode.kind === 'background') this.producer.setPollInBackground(true);
    else this.producer.setPollInterval(this.pollMode.intervalMs);
    await this.transactions?.init();
  }

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    const transactions = this.transactions;
    if (transactions) {
      if (!transactions.tracker.acceptsRecords) {
        this.call(onDelivery, NO_OPEN_TRANSACTION, undefined);
        return true;
      }
      onDelivery = transactions.tracker.track(onDelivery);
    }
    const slot = this.pending.add(onDelivery);
    try {
      // No timestamp: librdkafka stamps the record with its own clock when it accepts it.
      this.producer.produce(record.topic, null, record.value, record.key, null, slot, this.rdHeaders(record.headers));
    } catch (error) {
      if (errorCodeOf(error) === RDKAFKA_CODES.ERR__QUEUE_FULL) {
        this.pending.take(slot);
        return false;
      }
      this.complete(slot, classifyRdkafkaError(error), undefined);
    }
    return true;
  }

  /**
   * Headers in librdkafka's form (one single-key object each). A frozen headers object cannot
   * change its keys or values, so its converted form is kept while the caller sends it again
   * (with new bytes in the same Buffers).
   */
  private rdHeaders(headers: Record<string, Buffer> | undefined): MessageHeader[] | undefined {
    if (!headers) return undefined;
    if (headers === this.frozenHeaders) return this.frozenRdHeaders;
    const converted: MessageHeader[] = [];
    for (const key in headers) converted.push({ [key]: headers[key] as Buffer });
    if (Object.isFrozen(headers)) {
      this.frozenHeaders = headers;
      this.frozenRdHeaders = converted;
    }
    return converted;
  }

  /** Records accepted and not yet reported. */
  get pendingCount(): number {
    return this.pending.size;
  }

  failPending(error: ClientError): void {
    for (const onDelivery of this.pending.takeAll()) this.call(onDelivery, error, undefined);
    this.idle.notifyIdle();
  }

  async flush(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    const idle = this.idle.wait(timeoutMs);
    // librdkafka sends what lingers at once; the reports then arrive through polling.
    if (this.producer.isConnected()) this.producer.flush(timeoutMs, () => {});
    await idle;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.transactions?.abortIfOpen();
    this.connected = false;
    await this.flush(5_000);
    await new Promise<void>((resolve) => {
      this.producer.disconnect(5_000, () => resolve());
    });
    // librdkafka serves no delivery report after it is destroyed.
    this.failPending({ kind: 'disconnected', message: 'the confluent producer disconnected before the record was acknowledged' });
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  private onDeliveryReport(error: LibrdKafkaError | null | undefined, report: RdDeliveryReport): void {
    if (error) this.complete(report.opaque, classifyRdkafkaError(error), undefined);
    // librdkafka reports -1001 (no offset) for acks=0.
    else this.complete(report.opaque, undefined, { partition: report.partition, offset: report.offset >= 0 ? String(report.offset) : '-1' });
  }

  /** Calls the delivery callback of a slot, exactly once (a slot already reported is ignored). */
  private complete(slot: unknown, error: ClientError | undefined, report: DeliveryReport | undefined): void {
    const onDelivery = this.pending.take(slot);
    if (!onDelivery) return;
    this.call(onDelivery, error, report);
    if (this.pending.size === 0) this.idle.notifyIdle();
  }

  /** A callback that throws is the caller's bug: its error is rethrown as an uncaught exception, outside librdkafka's dispatcher. */
  private call(onDelivery: DeliveryCallback, error: ClientError | undefined, report: DeliveryReport | undefined): void {
    try {
      onDelivery(error, report);
    } catch (callbackError) {
      setImmediate(() => {
        throw callbackError;
      });
    }
  }
}

/** The part of a librdkafka client (producer or consumer) that `connectClient` uses. */
interface ConnectableClient {
  connect(options: { timeout: number; allTopics: boolean }, cb: (error: LibrdKafkaError | null | undefined) => void): unknown;
}

/** Extra wait past the metadata timeout before giving up on librdkafka's connect callback. */
const CONNECT_GRACE_MS = 2_000;

/**
 * Connects a librdkafka client: resolves once librdkafka is up and a metadata request answered,
 * rejects with a clear error when the metadata request fails or times out
 * (`CONFLUENT_CONNECT_TIMEOUT_MS`; librdkafka then closes the client itself).
 */
export function connectClient(client: ConnectableClient, brokers: string, lastError: () => LibrdKafkaError | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const last = lastError();
      const detail = last ? `; last client error: ${classifyRdkafkaError(last).message}` : '';
      reject(new Error(`could not connect to Kafka at ${brokers}: ${reason}${detail}`));
    };
    // A safety net only: librdkafka's metadata timeout normally answers first.
    const timer = setTimeout(() => fail(`no answer within ${CONFLUENT_CONNECT_TIMEOUT_MS} ms`), CONFLUENT_CONNECT_TIMEOUT_MS + CONNECT_GRACE_MS);
    client.connect({ timeout: CONFLUENT_CONNECT_TIMEOUT_MS, allTopics: false }, (error) => {
      if (error) {
        fail(classifyRdkafkaError(error).message);
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve();
    });
  });
}
