/**
 * The kafkajs producer behind `ProducerAdapter`. kafkajs has no client-side accumulator (no
 * linger, no batch size): each `send()` is one request, acks are per send. kbench's accumulator
 * (record-accumulator.ts) sits in front of it to compare it fairly with librdkafka: each batch it
 * cuts is one `sendBatch`. kbench picks each record's partition itself when it is queued
 * (partition-picker.ts: murmur2 for keyed records, as kafkajs's own partitioner does, round robin
 * for keyless ones), with partition counts from an admin client's metadata, and sets it on the
 * message, so kafkajs's partitioner keeps it and its retries keep the record on that partition.
 * A transactional producer (built with `transactions`, see kafkajs-transactions.ts) sends each
 * batch through the open kafkajs transaction, and fails records sent while none is open.
 */
import type { Admin, Message, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { ClientError, DeliveryCallback, DeliveryReport, ProduceRecord, ProducerAdapter } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';
import { classifyKafkajsError } from './kafkajs-error-kinds.js';
import type { KafkajsQueue, KafkajsTransactions } from './kafkajs-transactions.js';
import { PartitionPicker } from './partition-picker.js';
import { NO_OPEN_TRANSACTION } from './transaction-tracker.js';
import { addOffset, RECORD_OVERHEAD_BYTES, RecordAccumulator, type AccumulatorOptions, type QueuedRecord } from './record-accumulator.js';

/** Runs a kafkajs connect, turning its failure into an error that names the brokers and the kind. */
export async function connectKafkajs(connect: () => Promise<void>, config: FlatConfig): Promise<void> {
  try {
    await connect();
  } catch (error) {
    const classified = classifyKafkajsError(error);
    throw new Error(`could not connect to Kafka at ${String(config.brokers)}: ${classified.message} (${classified.kind})`, { cause: error });
  }
}

/** How the accumulator sends: resolved from the producer settings by the adapter. */
export interface KafkajsSendOptions extends AccumulatorOptions {
  /** kafkajs acks: 0, 1 or -1 (all). */
  acks: 0 | 1 | -1;
  /** kafkajs `CompressionTypes` value. */
  compressionCode: number;
  /** Broker-side wait for acks, sent in each produce request. */
  ackTimeoutMs: number;
}

/** One accepted record until its delivery callback has been called. */
interface PendingRecord extends QueuedRecord {
  key: Buffer | null;
  message: Message;
}

function recordSizeBytes(record: ProduceRecord): number {
  let size = record.value.length + (record.key?.length ?? 0) + RECORD_OVERHEAD_BYTES;
  if (record.headers) for (const [key, value] of Object.entries(record.headers)) size += key.length + value.length + 2;
  return size;
}

/** Producer adapter over a kafkajs producer, with kbench's accumulator in front of it. */
export class KafkajsProducerAdapter implements ProducerAdapter {
  private readonly accumulator: RecordAccumulator<PendingRecord>;
  readonly transactions: KafkajsTransactions | undefined;

  /**
   * `admin` (of the same client) loads the partition counts of the topics records are sent to;
   * `transactions` builds a transactional producer's transactions over the accumulator.
   */
  constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly options: KafkajsSendOptions,
    private readonly config: FlatConfig,
    transactions?: (queue: KafkajsQueue) => KafkajsTransactions,
  ) {
    const picker = new PartitionPicker(async (topics) => {
      const metadata = await this.admin.fetchTopicMetadata({ topics });
      return new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    }, classifyKafkajsError);
    this.accumulator = new RecordAccumulator<PendingRecord>(options, picker);
    this.accumulator.sendWith({ send: (batch, settled) => this.sendBatch(batch, settled) });
    this.transactions = transactions?.(this.accumulator);
  }

  async connect(): Promise<void> {
    await connectKafkajs(async () => {
      await this.producer.connect();
      await this.admin.connect();
    }, this.config);
    await this.transactions?.init();
  }

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    const transactions = this.transactions;
    if (transactions && !transactions.tracker.acceptsRecords) {
      callBack(onDelivery, NO_OPEN_TRANSACTION);
      return true;
    }
    if (!this.accumulator.hasRoom()) return false;
    if (transactions) onDelivery = transactions.tracker.track(onDelivery);
    const message: Message = { key: record.key, value: record.value, timestamp: String(Date.now()) };
    if (record.headers) message.headers = record.headers;
    const pending: PendingRecord = {
      topic: record.topic,
      key: record.key,
      message,
      partition: -1,
      sizeBytes: recordSizeBytes(record),
      enqueuedAtMs: Date.now(),
      onDelivery,
      done: false,
    };
    this.accumulator.add(pending, { kind: 'disconnected', message: 'the kafkajs producer is disconnected' });
    return true;
  }

  async flush(timeoutMs: number): Promise<void> {
    await this.accumulator.flush(timeoutMs);
  }

  async disconnect(): Promise<void> {
    await this.transactions?.abortIfOpen();
    await this.accumulator.close(
      async () => {
        await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
      },
      { kind: 'disconnected', message: 'the kafkajs producer disconnected before the record was sent' },
      { kind: 'disconnected', message: 'the kafkajs producer disconnected before the send completed' },
    );
  }

  effectiveConfig(): FlatConfig {
    return { ...this.config };
  }

  /**
   * One `sendBatch` for the batch (its records grouped by topic, each on the partition the
   * accumulator gave it): the producer's, or the open transaction's for a transactional producer.
   */
  private sendBatch(batch: PendingRecord[], settled: () => void): void {
    const sender = this.transactions ? this.transactions.open : this.producer;
    if (!sender) {
      // Records are refused outside a transaction and an abort fails what is queued: not expected.
      for (const pending of batch) this.accumulator.complete(pending, NO_OPEN_TRANSACTION, undefined);
      settled();
      return;
    }
    const topicMessages: TopicMessages[] = [];
    const byTopic = new Map<string, Message[]>();
    for (const pending of batch) {
      let messages = byTopic.get(pending.topic);
      if (!messages) {
        messages = [];
        byTopic.set(pending.topic, messages);
        topicMessages.push({ topic: pending.topic, messages });
      }
      pending.message.partition = pending.partition;
      messages.push(pending.message);
    }
    sender
      .sendBatch({ topicMessages, acks: this.options.acks, timeout: this.options.ackTimeoutMs, compression: this.options.compressionCode })
      .then(
        (results) => this.reportDelivered(batch, results),
        (error: unknown) => {
          const classified = classifyKafkajsError(error);
          for (const pending of batch) this.accumulator.complete(pending, classified, undefined);
        },
      )
      .finally(settled);
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
      const partition = pending.partition;
      const key = `${partition}\u0000${pending.topic}`;
      const index = nextIndex.get(key) ?? 0;
      nextIndex.set(key, index + 1);
      const base = baseOffsets.get(key);
      const report: DeliveryReport = { partition, offset: base === undefined ? '-1' : addOffset(base, index) };
      this.accumulator.complete(pending, undefined, report);
    }
  }
}

/** Calls the delivery callback of a record refused before it was queued; a callback that throws is the caller's bug, rethrown outside. */
function callBack(onDelivery: DeliveryCallback, error: ClientError): void {
  try {
    onDelivery(error, undefined);
  } catch (callbackError) {
    setImmediate(() => {
      throw callbackError;
    });
  }
}
