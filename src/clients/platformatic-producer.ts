/**
 * The @platformatic/kafka producer behind `ProducerAdapter`. The library's `send()` writes the
 * messages it is given at once (one Produce request per leader), with no linger and no batch
 * size of its own (only its Writable `asStream()` batches, and that stream reports neither
 * offsets per record nor errors without ending). So, as for kafkajs, kbench accumulates: records
 * are queued, cut into batches of up to `batchSizeBytes` once `lingerMs` has passed (or the batch
 * is full), and each batch is one `send()` through the library's callback API (no promise per
 * batch), with up to `maxInFlightRequests` sends outstanding.
 *
 * kbench picks each record's partition itself when the batch leaves (the Java client's murmur2
 * for keyed records, round-robin for keyless ones) from the library's cached metadata, so that
 * the per-partition base offsets the library returns give every record its offset.
 */
import type { MessageToProduce, ProduceResult, Producer } from '@platformatic/kafka';
import type { ClientError, DeliveryCallback, ProduceRecord, ProducerAdapter } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { keyPartition } from './platformatic-assignors.js';
import { classifyPlatformaticError } from './platformatic-error-kinds.js';
import { IdleSignal } from '../util/idle-signal.js';

/** Protocol overhead kbench adds per record when sizing batches (record header, lengths, varints). */
const RECORD_OVERHEAD_BYTES = 24;

export interface PlatformaticSendOptions {
  /** The library's acks: -1 (all), 0 or 1. */
  acks: -1 | 0 | 1;
  /** After this long without an outcome a record fails with a timeout. */
  deliveryTimeoutMs: number;
  lingerMs: number;
  batchSizeBytes: number;
  /** Sends outstanding at once; further batches wait in the queue. */
  maxInFlightRequests: number;
  /** Records accepted and not yet reported; beyond it `send()` refuses records (queue full). */
  maxQueuedRecords: number;
}

/** One accepted record, which is also the message handed to the library (its schema allows more fields). */
interface PendingRecord extends MessageToProduce<Buffer, Buffer, Buffer, Buffer> {
  topic: string;
  partition: number;
  sizeBytes: number;
  enqueuedAtMs: number;
  onDelivery: DeliveryCallback;
  done: boolean;
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

/** `base + index` as a decimal string, exact beyond 2^53. */
function addOffset(base: bigint, index: number): string {
  const sum = Number(base) + index;
  return Number.isSafeInteger(sum) ? String(sum) : (base + BigInt(index)).toString();
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
  private queue: PendingRecord[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  /** Records at the head of the queue whose linger time is over. */
  private readyCount = 0;
  private inFlightSends = 0;
  private outstandingRecords = 0;
  private lingerTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly inFlightBatches = new Set<PendingRecord[]>();
  /** Next partition of keyless records, per topic. */
  private readonly roundRobin = new Map<string, number>();
  /** True while the partition counts of queued records' topics are being loaded. */
  private loadingMetadata = false;
  private flushRequests = 0;
  private readonly idle = new IdleSignal();
  private closed = false;

  constructor(
    private readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>,
    private readonly options: PlatformaticSendOptions,
    private readonly config: FlatConfig,
  ) {}

  async connect(): Promise<void> {
    await connectPlatformatic(() => this.producer.metadata({ topics: [] }), this.config);
  }

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    if (this.outstandingRecords >= this.options.maxQueuedRecords) return false;
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
    this.outstandingRecords++;
    if (this.closed) {
      this.complete(pending, { kind: 'disconnected', message: 'the @platformatic/kafka producer is disconnected' }, undefined, undefined);
      return true;
    }
    this.queue.push(pending);
    this.queuedBytes += sizeBytes;
    this.pump();
    return true;
  }

  async flush(timeoutMs: number): Promise<void> {
    if (this.outstandingRecords === 0) return;
    this.flushRequests++;
    const idle = this.idle.wait(timeoutMs);
    this.pump();
    try {
      await idle;
    } finally {
      this.flushRequests--;
    }
  }

  async disconnect(): Promise<void> {
    if (this.closed) return;
    await this.flush(Math.min(this.options.deliveryTimeoutMs, 5_000));
    this.closed = true;
    this.clearLingerTimer();
    const disconnected: ClientError = { kind: 'disconnected', message: 'the @platformatic/kafka producer disconnected before the record was sent' };
    for (const pending of this.takeQueued(Number.POSITIVE_INFINITY)) this.complete(pending, disconnected, undefined, undefined);
    try {
      await this.producer.close(true);
    } finally {
      const lost: ClientError = { kind: 'disconnected', message: 'the @platformatic/kafka producer disconnected before the send completed' };
      for (const batch of this.inFlightBatches) for (const pending of batch) this.complete(pending, lost, undefined, undefined);
      this.inFlightBatches.clear();
    }
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  /** Sends every batch that is due, while send slots are free; arms the linger timer for the rest. */
  private pump(): void {
    if (this.loadingMetadata) return;
    while (this.inFlightSends < this.options.maxInFlightRequests && this.queueHead < this.queue.length) {
      const due = this.queuedBytes >= this.options.batchSizeBytes || this.readyCount > 0 || this.flushRequests > 0 || this.closed;
      if (!due) break;
      const missing = this.topicsWithoutMetadata();
      if (missing.length > 0) {
        this.loadMetadata(missing);
        return;
      }
      this.sendBatch(this.takeQueued(this.options.batchSizeBytes));
    }
    if (this.queueHead < this.queue.length && this.readyCount < this.queue.length - this.queueHead) this.armLingerTimer();
  }

  /** Topics of queued records whose partition count the library has not loaded yet (a producer writes one topic in practice). */
  private topicsWithoutMetadata(): string[] {
    const topics = this.producer.currentMetadata?.topics;
    const missing = new Set<string>();
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const topic = (this.queue[i] as PendingRecord).topic;
      if (!topics?.has(topic)) missing.add(topic);
    }
    return [...missing];
  }

  private loadMetadata(topics: string[]): void {
    this.loadingMetadata = true;
    this.producer.metadata({ topics }, (error) => {
      this.loadingMetadata = false;
      if (error) {
        // Every queued record of those topics fails: without metadata there is no partition to send to.
        const classified = classifyPlatformaticError(error);
        const failed = new Set(topics);
        const keep: PendingRecord[] = [];
        for (const pending of this.takeQueued(Number.POSITIVE_INFINITY)) {
          if (failed.has(pending.topic)) this.complete(pending, classified, undefined, undefined);
          else keep.push(pending);
        }
        for (const pending of keep) {
          this.queue.push(pending);
          this.queuedBytes += pending.sizeBytes;
        }
        this.readyCount = keep.length;
      }
      this.pump();
    });
  }

  private armLingerTimer(): void {
    if (this.lingerTimer !== undefined || this.closed) return;
    const onLingerOver = (): void => {
      this.lingerTimer = undefined;
      this.markReady();
      this.pump();
    };
    if (this.options.lingerMs <= 0) {
      this.lingerTimer = setImmediate(onLingerOver);
    } else {
      const oldest = this.queue[this.queueHead + this.readyCount];
      const waitMs = oldest ? Math.max(0, oldest.enqueuedAtMs + this.options.lingerMs - Date.now()) : this.options.lingerMs;
      this.lingerTimer = setTimeout(onLingerOver, waitMs);
    }
  }

  private clearLingerTimer(): void {
    if (this.lingerTimer === undefined) return;
    clearTimeout(this.lingerTimer as NodeJS.Timeout);
    clearImmediate(this.lingerTimer as NodeJS.Immediate);
    this.lingerTimer = undefined;
  }

  private markReady(): void {
    const cutoffMs = Date.now() - this.options.lingerMs;
    let index = this.queueHead + this.readyCount;
    while (index < this.queue.length && (this.queue[index] as PendingRecord).enqueuedAtMs <= cutoffMs) index++;
    this.readyCount = index - this.queueHead;
  }

  /** Removes records from the head of the queue up to `maxBytes` (at least one). */
  private takeQueued(maxBytes: number): PendingRecord[] {
    const batch: PendingRecord[] = [];
    let bytes = 0;
    while (this.queueHead < this.queue.length) {
      const pending = this.queue[this.queueHead] as PendingRecord;
      if (batch.length > 0 && bytes + pending.sizeBytes > maxBytes) break;
      batch.push(pending);
      bytes += pending.sizeBytes;
      this.queueHead++;
    }
    this.queuedBytes -= bytes;
    this.readyCount = Math.max(0, this.readyCount - batch.length);
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return batch;
  }

  /** The partition of each record: murmur2 of its key, or the topic's next partition for keyless ones. */
  private assignPartitions(batch: PendingRecord[]): void {
    const topics = this.producer.currentMetadata?.topics;
    for (const pending of batch) {
      const partitions = topics?.get(pending.topic)?.partitionsCount ?? 1;
      if (pending.key !== undefined && pending.key !== null) pending.partition = keyPartition(pending.key, partitions);
      else {
        const next = this.roundRobin.get(pending.topic) ?? 0;
        this.roundRobin.set(pending.topic, next + 1 >= partitions ? 0 : next + 1);
        pending.partition = next % partitions;
      }
    }
  }

  private sendBatch(batch: PendingRecord[]): void {
    const nowMs = Date.now();
    const timedOut: ClientError = { kind: 'timeout', message: `no outcome within the delivery timeout of ${this.options.deliveryTimeoutMs} ms` };
    const live = batch.filter((pending) => {
      if (nowMs - pending.enqueuedAtMs < this.options.deliveryTimeoutMs) return true;
      this.complete(pending, timedOut, undefined, undefined);
      return false;
    });
    if (live.length === 0) return;
    this.assignPartitions(live);
    const oldestMs = (live[0] as PendingRecord).enqueuedAtMs;
    const deadline = setTimeout(() => {
      for (const pending of live) this.complete(pending, timedOut, undefined, undefined);
    }, Math.max(0, oldestMs + this.options.deliveryTimeoutMs - nowMs));

    this.inFlightSends++;
    this.inFlightBatches.add(live);
    this.producer.send({ messages: live, acks: this.options.acks }, (error, result) => {
      clearTimeout(deadline);
      this.inFlightBatches.delete(live);
      this.inFlightSends--;
      if (error) {
        // Destinations that did answer are in `produced`: their records were written.
        const produced = (error as { produced?: ProduceResult }).produced;
        this.reportBatch(live, produced, classifyPlatformaticError(error));
      } else {
        this.reportBatch(live, result, undefined);
      }
      this.pump();
    });
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
      if (baseOffset !== undefined) this.complete(pending, undefined, pending.partition, addOffset(baseOffset, index));
      else if (error === undefined && acksZero) this.complete(pending, undefined, pending.partition, '-1');
      else this.complete(pending, error ?? { kind: 'other', message: `no result for partition ${pending.partition} in the produce response` }, undefined, undefined);
    }
  }

  /** Calls a record's delivery callback, exactly once; a callback that throws is rethrown outside the library's callbacks. */
  private complete(pending: PendingRecord, error: ClientError | undefined, partition: number | undefined, offset: string | undefined): void {
    if (pending.done) return;
    pending.done = true;
    this.outstandingRecords--;
    try {
      pending.onDelivery(error, partition === undefined || offset === undefined ? undefined : { partition, offset });
    } catch (callbackError) {
      setImmediate(() => {
        throw callbackError;
      });
    }
    if (this.outstandingRecords === 0) this.idle.notifyIdle();
  }
}
