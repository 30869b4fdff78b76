/**
 * The @platformatic/kafka producer behind `ProducerAdapter`. The library's `send()` writes the
 * messages it is given at once (one Produce request per leader), with no linger and no batch
 * size of its own (only its Writable `asStream()` batches, and that stream reports neither
 * offsets per record nor errors without ending). So, as for kafkajs, kbench's accumulator
 * (record-accumulator.ts) sits in front of it: each batch it cuts is one `send()` through the
 * library's callback API (no promise per batch).
 *
 * kbench picks each record's partition itself when it is queued (partition-picker.ts: the Java
 * client's murmur2 for keyed records, round robin for keyless ones), with partition counts from
 * the library's metadata, so that the accumulator can cut per partition and the per-partition
 * base offsets the library returns give every record its offset.
 *
 * A transactional producer (`transactionalId`) sends through the open library transaction
 * instead (platformatic-transactions.ts); outside one, `send` fails each record at once with a
 * ClientError of kind 'other'.
 */
import type { MessageToProduce, ProduceResult, Producer } from '@platformatic/kafka';
import type { ClientError, DeliveryCallback, ProduceRecord, ProducerAdapter } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { IdleSignal } from '../util/idle-signal.js';
import { PartitionPicker } from './partition-picker.js';
import { classifyPlatformaticError } from './platformatic-error-kinds.js';
import { PlatformaticTransactions } from './platformatic-transactions.js';
import { addOffset, RECORD_OVERHEAD_BYTES, RecordAccumulator, type AccumulatorOptions, type QueuedRecord } from './record-accumulator.js';

export interface PlatformaticSendOptions extends AccumulatorOptions {
  /** The library's acks: -1 (all), 0 or 1. */
  acks: -1 | 0 | 1;
}

/** One accepted record, which is also the message handed to the library (its schema allows more fields). */
interface PendingRecord extends MessageToProduce<Buffer, Buffer, Buffer, Buffer>, QueuedRecord {
  topic: string;
  partition: number;
}

/** Header names as Buffers, made once each (the library writes header keys as bytes). */
const headerNames = new Map<string, Buffer>();
function headerName(name: string): Buffer {
  let buffer = headerNames.get(name);
  if (buffer === undefined) {
    buffer = Buffer.from(name);
    if (headerNames.size < 1024) headerNames.set(name, buffer);
  }
  return buffer;
}

/** Bound on aborting a transaction left open when the producer disconnects, ms. */
const ABANDON_WAIT_MS = 5_000;

/** Waits for `promise` (its failure ignored) or `ms`, whichever comes first. */
export function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** Calls a delivery callback at once; a callback that throws is the caller's bug, rethrown outside (as the accumulator does). */
function deliverNow(onDelivery: DeliveryCallback, error: ClientError): void {
  try {
    onDelivery(error, undefined);
  } catch (callbackError) {
    setImmediate(() => {
      throw callbackError;
    });
  }
}

/** Runs a library call that checks the connection, turning its failure into an error naming the brokers and the kind. */
export async function connectPlatformatic(check: () => Promise<unknown>, config: FlatConfig): Promise<void> {
  try {
    await check();
  } catch (error) {
    const classified = classifyPlatformaticError(error);
    throw new Error(`could not connect to Kafka at ${String(config.brokers)}: ${classified.message} (${classified.kind})`, { cause: error });
  }
}

/** Producer adapter over a @platformatic/kafka producer, with kbench's accumulator in front of it. */
export class PlatformaticProducerAdapter implements ProducerAdapter {
  readonly copiesRecordOnSend = false;
  /** Present for a transactional producer (created with a `transactionalId`). */
  readonly transactions?: PlatformaticTransactions;
  private readonly accumulator: RecordAccumulator<PendingRecord>;
  /** The library's sends not answered yet (the accumulator may have timed their records out already). */
  private librarySendsInFlight = 0;
  private readonly librarySendsIdle = new IdleSignal();

  constructor(
    private readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>,
    private readonly options: PlatformaticSendOptions,
    private readonly config: FlatConfig,
    transactionalId?: string,
  ) {
    const picker = new PartitionPicker(async (topics) => {
      const metadata = await this.producer.metadata({ topics });
      const counts = new Map<string, number>();
      for (const topic of topics) {
        const partitions = metadata.topics.get(topic)?.partitionsCount;
        if (partitions !== undefined) counts.set(topic, partitions);
      }
      return counts;
    }, classifyPlatformaticError);
    this.accumulator = new RecordAccumulator<PendingRecord>(options, picker);
    this.accumulator.sendWith({ send: (batch, settled) => this.sendBatch(batch, settled) });
    if (transactionalId !== undefined) {
      const sends = { drain: (timeoutMs: number) => this.drain(timeoutMs), failQueued: (error: ClientError) => this.accumulator.failQueued(error) };
      this.transactions = new PlatformaticTransactions(producer, sends, transactionalId, options.deliveryTimeoutMs);
    }
  }

  async connect(): Promise<void> {
    await connectPlatformatic(() => this.producer.metadata({ topics: [] }), this.config);
  }

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    const transactions = this.transactions;
    if (transactions) {
      const refusal = transactions.refusal();
      if (refusal) {
        deliverNow(onDelivery, refusal);
        return true;
      }
      const deliver = onDelivery;
      onDelivery = (error, report) => {
        if (error) transactions.noteFailure(error);
        deliver(error, report);
      };
    }
    if (!this.accumulator.hasRoom()) return false;
    let sizeBytes = record.value.length + (record.key?.length ?? 0) + RECORD_OVERHEAD_BYTES;
    let headers: Map<Buffer, Buffer> | undefined;
    if (record.headers) {
      headers = new Map();
      for (const name in record.headers) {
        const value = record.headers[name] as Buffer;
        headers.set(headerName(name), value);
        sizeBytes += name.length + value.length + 2;
      }
    }
    const nowMs = Date.now();
    const pending: PendingRecord = {
      topic: record.topic,
      key: record.key ?? undefined,
      value: record.value,
      headers,
      timestamp: BigInt(nowMs),
      partition: -1,
      sizeBytes,
      enqueuedAtMs: nowMs,
      onDelivery,
      done: false,
    };
    this.accumulator.add(pending, { kind: 'disconnected', message: 'the @platformatic/kafka producer is disconnected' });
    return true;
  }

  async flush(timeoutMs: number): Promise<void> {
    await this.accumulator.flush(timeoutMs);
  }

  async disconnect(): Promise<void> {
    // A transaction left open would hold back read_committed consumers until the broker's transaction timeout.
    if (this.transactions) await bounded(this.transactions.abandon(), ABANDON_WAIT_MS);
    await this.accumulator.close(
      async () => {
        await this.producer.close(true);
      },
      { kind: 'disconnected', message: 'the @platformatic/kafka producer disconnected before the record was sent' },
      { kind: 'disconnected', message: 'the @platformatic/kafka producer disconnected before the send completed' },
    );
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  /**
   * Sends what the accumulator holds and waits for every record's outcome and for the library's
   * sends in flight; true when both are done within `timeoutMs`.
   */
  private async drain(timeoutMs: number): Promise<boolean> {
    const deadlineMs = Date.now() + timeoutMs;
    await this.accumulator.flush(timeoutMs);
    while (this.librarySendsInFlight > 0) {
      const leftMs = deadlineMs - Date.now();
      if (leftMs <= 0) return false;
      await this.librarySendsIdle.wait(leftMs);
    }
    return this.accumulator.outstanding === 0;
  }

  /** One `send()` for the batch, through the library's callback API (through the open transaction for a transactional producer). */
  private sendBatch(batch: PendingRecord[], settled: () => void): void {
    this.librarySendsInFlight++;
    const answered = (error: unknown, result: ProduceResult | undefined): void => {
      if (error) {
        // Destinations that did answer are in `produced`: their records were written.
        const produced = (error as { produced?: ProduceResult }).produced;
        this.reportBatch(batch, produced, classifyPlatformaticError(error));
      } else {
        this.reportBatch(batch, result, undefined);
      }
      if (--this.librarySendsInFlight === 0) this.librarySendsIdle.notifyIdle();
      settled();
    };
    if (!this.transactions) {
      this.producer.send({ messages: batch, acks: this.options.acks }, answered);
      return;
    }
    const transaction = this.transactions.current;
    if (transaction === undefined) {
      // Not reached: records are refused outside a transaction, and a transaction ends only after its records went out.
      answered(new Error('the transaction ended before this batch was sent'), undefined);
      return;
    }
    this.transactions.noteSend();
    transaction.send({ messages: batch, acks: this.options.acks }, answered);
  }

  /**
   * The library reports one base offset per partition; within a partition the records of one
   * send keep their order, so record i of partition p sits at baseOffset(p) + i. With acks=0 there
   * are no offsets: '-1'. Records of partitions without a result get `error`.
   */
  private reportBatch(batch: PendingRecord[], result: ProduceResult | undefined, error: ClientError | undefined): void {
    const offsets = result?.offsets;
    const acksZero = this.options.acks === 0;
    const base = new Map<string, bigint>();
    if (offsets) for (const { topic, partition, offset } of offsets) base.set(`${partition}\u0000${topic}`, offset);
    const nextIndex = new Map<string, number>();
    for (const pending of batch) {
      const key = `${pending.partition}\u0000${pending.topic}`;
      const index = nextIndex.get(key) ?? 0;
      nextIndex.set(key, index + 1);
      const baseOffset = base.get(key);
      if (baseOffset !== undefined) this.accumulator.complete(pending, undefined, { partition: pending.partition, offset: addOffset(baseOffset, index) });
      else if (error === undefined && acksZero) this.accumulator.complete(pending, undefined, { partition: pending.partition, offset: '-1' });
      else this.accumulator.complete(pending, error ?? { kind: 'other', message: `no result for partition ${pending.partition} in the produce response` }, undefined);
    }
  }
}
