/**
 * The kafkajs producer behind `ProducerAdapter`. kafkajs has no client-side accumulator (no
 * linger, no batch size): each `send()` is one request, acks are per send. This file adds the
 * accumulator kbench needs to compare it fairly with librdkafka: records are queued, cut into
 * batches of up to `batchSizeBytes` once `lingerMs` has passed (or the batch is full), and sent
 * as one `sendBatch` each, with up to `maxInFlightRequests` sends outstanding.
 */
import type { Message, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { ClientError, DeliveryCallback, DeliveryReport, ProduceRecord, ProducerAdapter } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { classifyKafkajsError } from './kafkajs-error-kinds.js';
import { IdleSignal } from '../util/idle-signal.js';

/** Runs a kafkajs connect, turning its failure into an error that names the brokers and the kind. */
export async function connectKafkajs(connect: () => Promise<void>, config: FlatConfig): Promise<void> {
  try {
    await connect();
  } catch (error) {
    const classified = classifyKafkajsError(error);
    throw new Error(`could not connect to Kafka at ${String(config.brokers)}: ${classified.message} (${classified.kind})`, { cause: error });
  }
}

/** Protocol overhead kbench adds per record when sizing batches (record header, lengths, varints). */
const RECORD_OVERHEAD_BYTES = 24;

/** How the accumulator sends: resolved from the producer settings by the adapter. */
export interface KafkajsSendOptions {
  /** kafkajs acks: 0, 1 or -1 (all). */
  acks: 0 | 1 | -1;
  /** kafkajs `CompressionTypes` value. */
  compressionCode: number;
  /** Broker-side wait for acks, sent in each produce request. */
  ackTimeoutMs: number;
  /** After this long without an outcome a record fails with a timeout. */
  deliveryTimeoutMs: number;
  lingerMs: number;
  batchSizeBytes: number;
  /** Sends outstanding at once; further batches wait in the queue. */
  maxInFlightRequests: number;
  /** Records accepted and not yet reported; beyond it `send()` refuses records (queue full). */
  maxQueuedRecords: number;
}

/** One accepted record until its delivery callback has been called. */
interface PendingRecord {
  topic: string;
  message: Message;
  sizeBytes: number;
  enqueuedAtMs: number;
  onDelivery: DeliveryCallback;
  done: boolean;
}


function recordSizeBytes(record: ProduceRecord): number {
  let size = record.value.length + (record.key?.length ?? 0) + RECORD_OVERHEAD_BYTES;
  if (record.headers) for (const [key, value] of Object.entries(record.headers)) size += key.length + value.length + 2;
  return size;
}

/** `base + index` as a decimal string, exact beyond 2^53. */
function addOffset(base: string, index: number): string {
  const baseNumber = Number(base);
  const sum = baseNumber + index;
  return Number.isSafeInteger(sum) ? String(sum) : (BigInt(base) + BigInt(index)).toString();
}

/** Producer adapter over a kafkajs producer, with kbench's accumulator in front of it. */
export class KafkajsProducerAdapter implements ProducerAdapter {
  /** Records waiting to be sent, oldest first; `queueHead` is the first live index. */
  private queue: PendingRecord[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  /** Records at the head of the queue whose linger time is over. */
  private readyCount = 0;
  private inFlightSends = 0;
  /** Records accepted and not yet called back. */
  private outstandingRecords = 0;
  private lingerTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** Every in-flight record, so that disconnect can fail the ones kafkajs never settles. */
  private readonly inFlightRecords = new Set<PendingRecord[]>();
  private flushRequests = 0;
  private readonly idle = new IdleSignal();
  private closed = false;

  constructor(
    private readonly producer: Producer,
    private readonly options: KafkajsSendOptions,
    private readonly config: FlatConfig,
  ) {}

  async connect(): Promise<void> {
    await connectKafkajs(() => this.producer.connect(), this.config);
  }

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    if (this.outstandingRecords >= this.options.maxQueuedRecords) return false;
    const message: Message = { key: record.key, value: record.value, timestamp: String(Date.now()) };
    if (record.headers) message.headers = record.headers;
    const pending: PendingRecord = {
      topic: record.topic,
      message,
      sizeBytes: recordSizeBytes(record),
      enqueuedAtMs: Date.now(),
      onDelivery,
      done: false,
    };
    if (this.closed) {
      this.outstandingRecords++;
      this.complete(pending, { kind: 'disconnected', message: 'the kafkajs producer is disconnected' }, undefined);
      return true;
    }
    this.queue.push(pending);
    this.queuedBytes += pending.sizeBytes;
    this.outstandingRecords++;
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
    const disconnected: ClientError = { kind: 'disconnected', message: 'the kafkajs producer disconnected before the record was sent' };
    for (const pending of this.takeQueued(Number.POSITIVE_INFINITY)) this.complete(pending, disconnected, undefined);
    try {
      await this.producer.disconnect();
    } finally {
      const lost: ClientError = { kind: 'disconnected', message: 'the kafkajs producer disconnected before the send completed' };
      for (const batch of this.inFlightRecords) for (const pending of batch) this.complete(pending, lost, undefined);
      this.inFlightRecords.clear();
    }
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  /** Sends every batch that is due, while send slots are free; arms the linger timer for the rest. */
  private pump(): void {
    while (this.inFlightSends < this.options.maxInFlightRequests && this.queueHead < this.queue.length) {
      const due = this.queuedBytes >= this.options.batchSizeBytes || this.readyCount > 0 || this.flushRequests > 0 || this.closed;
      if (!due) break;
      this.sendBatch(this.takeQueued(this.options.batchSizeBytes));
    }
    if (this.queueHead < this.queue.length && this.readyCount < this.queue.length - this.queueHead) this.armLingerTimer();
  }

  private armLingerTimer(): void {
    if (this.lingerTimer !== undefined || this.closed) return;
    const onLingerOver = (): void => {
      this.lingerTimer = undefined;
      this.markReady();
      this.pump();
    };
    if (this.options.lingerMs <= 0) {
      // Records handed over in the same tick go out together.
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

  /** Counts the queued records whose linger time is over (all of them when linger is 0). */
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

  private sendBatch(batch: PendingRecord[]): void {
    const nowMs = Date.now();
    const timedOut: ClientError = { kind: 'timeout', message: `no outcome within the delivery timeout of ${this.options.deliveryTimeoutMs} ms` };
    const live = batch.filter((pending) => {
      if (nowMs - pending.enqueuedAtMs < this.options.deliveryTimeoutMs) return true;
      this.complete(pending, timedOut, undefined);
      return false;
    });
    if (live.length === 0) return;

    const topicMessages: TopicMessages[] = [];
    const byTopic = new Map<string, Message[]>();
    for (const pending of live) {
      let messages = byTopic.get(pending.topic);
      if (!messages) {
        messages = [];
        byTopic.set(pending.topic, messages);
        topicMessages.push({ topic: pending.topic, messages });
      }
      messages.push(pending.message);
    }

    // The queue is in arrival order: the first record is the oldest.
    const oldestMs = (live[0] as PendingRecord).enqueuedAtMs;
    const deadline = setTimeout(() => {
      for (const pending of live) this.complete(pending, timedOut, undefined);
    }, Math.max(0, oldestMs + this.options.deliveryTimeoutMs - nowMs));

    this.inFlightSends++;
    this.inFlightRecords.add(live);
    this.producer
      .sendBatch({ topicMessages, acks: this.options.acks, timeout: this.options.ackTimeoutMs, compression: this.options.compressionCode })
      .then(
        (results) => this.reportDelivered(live, results),
        (error: unknown) => {
          const classified = classifyKafkajsError(error);
          for (const pending of live) this.complete(pending, classified, undefined);
        },
      )
      .finally(() => {
        clearTimeout(deadline);
        this.inFlightRecords.delete(live);
        this.inFlightSends--;
        this.pump();
      });
  }

  /**
   * kafkajs reports one base offset per partition; within a partition the records of one request
   * keep their order, so record i of partition p sits at baseOffset(p) + i. With acks=0 there
   * are no results: offsets are reported as '-1'.
   */
  private reportDelivered(batch: PendingRecord[], results: RecordMetadata[]): void {
    const baseOffsets = new Map<string, string>();
    for (const result of results) if (result.baseOffset !== undefined) baseOffsets.set(`${result.partition}\u0000${result.topicName}`, result.baseOffset);
    const nextIndex = new Map<string, number>();
    for (const pending of batch) {
      const partition = pending.message.partition ?? -1;
      const key = `${partition}\u0000${pending.topic}`;
      const index = nextIndex.get(key) ?? 0;
      nextIndex.set(key, index + 1);
      const base = baseOffsets.get(key);
      const report: DeliveryReport = { partition, offset: base === undefined ? '-1' : addOffset(base, index) };
      this.complete(pending, undefined, report);
    }
  }

  /**
   * Calls a record's delivery callback, exactly once. A callback that throws is a bug of the
   * caller: its error is rethrown outside kafkajs's promise chain (an uncaught exception) rather
   * than being mistaken for a failed send.
   */
  private complete(pending: PendingRecord, error: ClientError | undefined, report: DeliveryReport | undefined): void {
    if (pending.done) return;
    pending.done = true;
    this.outstandingRecords--;
    try {
      pending.onDelivery(error, report);
    } catch (callbackError) {
      setImmediate(() => {
        throw callbackError;
      });
    }
    if (this.outstandingRecords === 0) this.idle.notifyIdle();
  }
}
