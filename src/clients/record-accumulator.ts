/**
 * kbench's client-side accumulator, for clients whose send writes what it is given at once (no
 * linger, no batch size of their own: kafkajs, @platformatic/kafka), so they compare fairly with
 * librdkafka and the Java client. Each record gets its partition when it is queued (`Placement`:
 * partition-picker.ts, which may first have to load the topic's partition count) and waits in its
 * partition's queue. Once a send is due — the oldest record's `lingerMs` has passed, a partition
 * holds `batchSizeBytes`, the queue fills a request, a flush asks, or the accumulator closes — a
 * cut takes up to `batchSizeBytes` from each partition in turn (Java's and librdkafka's
 * `batch.size`, a single larger record alone), up to `maxRequestSizeBytes` in all (Java's
 * `max.request.size`), and hands it to the client's `send`, with up to `maxInFlightRequests` sends
 * outstanding. A record gets exactly one outcome: its delivery report, its client's error, or a
 * timeout once `deliveryTimeoutMs` has passed since it was queued. The adapters keep what
 * differs: the record as their library wants it, how a cut is sent, and how its result gives each
 * record its offset.
 */
import type { ClientError, DeliveryCallback, DeliveryReport } from './client-adapter.js';
import { IdleSignal } from '../util/idle-signal.js';

/** Protocol overhead kbench adds per record when sizing batches (record header, lengths, varints). */
export const RECORD_OVERHEAD_BYTES = 24;

/** The Java producer's default `max.request.size`: the bound of one send, all partitions together. */
export const DEFAULT_MAX_REQUEST_SIZE_BYTES = 1_048_576;

export interface AccumulatorOptions {
  /** After this long without an outcome a record fails with a timeout. */
  deliveryTimeoutMs: number;
  lingerMs: number;
  /** Bound of one partition's batch within a send (a single larger record goes alone). */
  batchSizeBytes: number;
  /** Bound of one send, all partitions together (a single larger record goes alone). */
  maxRequestSizeBytes: number;
  /** Sends outstanding at once; further batches wait in the queue. */
  maxInFlightRequests: number;
  /** Records accepted and not yet reported; beyond it the adapter refuses records (queue full). */
  maxQueuedRecords: number;
}

/** Where a queued record is: lingering (its linger time not over yet), ready, or taken (cut, failed). */
type RecordStage = 'lingering' | 'ready' | 'taken';

/** What the accumulator keeps of each record until its delivery callback has been called. */
export interface QueuedRecord {
  topic: string;
  sizeBytes: number;
  enqueuedAtMs: number;
  onDelivery: DeliveryCallback;
  done: boolean;
  /** Set by the accumulator once the record's partition is known (-1 before). */
  partition: number;
  /** The accumulator's own bookkeeping: leave it unset. */
  stage?: RecordStage;
}

/** Topics whose partitions could not be found, and why: their records fail with `error`. */
export interface PlacementFailure {
  topics: ReadonlySet<string>;
  error: ClientError;
}

/** Where records go (partition-picker.ts). */
export interface Placement<R> {
  /** The record's partition, or undefined until its topic's partition count is known (see `loadMissing`). */
  partitionOf(record: R): number | undefined;
  /** Loads what `partitionOf` lacked, then calls `done` once, with the topics that could not be loaded. */
  loadMissing(done: (failure: PlacementFailure | undefined) => void): void;
}

/** How batches leave: the adapter's side. */
export interface BatchSender<R extends QueuedRecord> {
  /**
   * Sends one cut: partition after partition, each partition's records in their order. Each
   * record is completed through `complete`; `settled` is called once the client has answered
   * (after the records are completed), freeing the slot.
   */
  send(batch: R[], settled: () => void): void;
}

/** `base + index` as a decimal string, exact beyond 2^53. */
export function addOffset(base: string | bigint, index: number): string {
  const sum = Number(base) + index;
  return Number.isSafeInteger(sum) ? String(sum) : (BigInt(base) + BigInt(index)).toString();
}

/** A queue on an array: push at the back, O(1) shift from the front, compacted now and then. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** One partition's queued records, oldest first. */
interface PartitionQueue<R> {
  records: Fifo<R>;
  bytes: number;
  /** In the turn of partitions with queued records. */
  inTurn: boolean;
}

export class RecordAccumulator<R extends QueuedRecord> {
  /** Queued records per topic and partition. */
  private readonly partitions = new Map<string, Array<PartitionQueue<R> | undefined>>();
  /** The partitions with queued records, in turn: a cut starts with the first. */
  private readonly turn = new Fifo<PartitionQueue<R>>();
  /** Records whose partition is not known yet, oldest first (also the records queued behind them). */
  private unplaced: R[] = [];
  /** A load of partition counts is under way. */
  private loadingPlacement = false;
  private placedRecords = 0;
  private placedBytes = 0;
  /** Partitions holding `batchSizeBytes` or more. */
  private fullPartitions = 0;
  /** Queued records in arrival order whose linger time was not over when last looked at (taken ones are skipped lazily). */
  private readonly lingering = new Fifo<R>();
  /** Queued records whose linger time is over. */
  private readyRecords = 0;
  private inFlightSends = 0;
  /** Records accepted and not yet called back. */
  private outstandingRecords = 0;
  private lingerTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** Every in-flight batch, so that closing can fail the records the client never settles. */
  private readonly inFlightBatches = new Set<R[]>();
  private flushRequests = 0;
  private readonly idle = new IdleSignal();
  private closed = false;
  private sender: BatchSender<R> | undefined;

  constructor(
    private readonly options: AccumulatorOptions,
    private readonly placement: Placement<R>,
  ) {}

  /** Who sends the batches (set once, before the first record). */
  sendWith(sender: BatchSender<R>): void {
    this.sender = sender;
  }


  /** False when `maxQueuedRecords` records are outstanding (the queue is full). */
  hasRoom(): boolean {
    return this.outstandingRecords < this.options.maxQueuedRecords;
  }

  /** Takes a record (the caller checked `hasRoom`); after `close`, it fails at once with `closedError`. */
  add(record: R, closedError: ClientError): void {
    this.outstandingRecords++;
    if (this.closed) {
      this.complete(record, closedError, undefined);
      return;
    }
    record.stage = 'lingering';
    this.lingering.push(record);
    // Behind records still waiting for their partition, a record waits too: a partition's records keep their order.
    const partition = this.unplaced.length === 0 ? this.placement.partitionOf(record) : undefined;
    if (partition === undefined) {
      record.partition = -1;
      this.unplaced.push(record);
      this.loadPlacement();
    } else {
      this.enqueue(record, partition);
    }
    this.pump();
  }

  /** Sends what is queued now, without waiting for linger; resolves when every record has its outcome, or after `timeoutMs`. */
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

  /**
   * Flushes (bounded by the delivery timeout, at most 5 s), then accepts nothing more: records
   * still queued fail with `unsent`; `closeClient` runs, and the records its sends never settled
   * fail with `lost`.
   */
  async close(closeClient: () => Promise<void>, unsent: ClientError, lost: ClientError): Promise<void> {
    if (this.closed) return;
    await this.flush(Math.min(this.options.deliveryTimeoutMs, 5_000));
    this.closed = true;
    this.clearLingerTimer();
    for (const record of this.takeAll()) this.complete(record, unsent, undefined);
    try {
      await closeClient();
    } finally {
      for (const batch of this.inFlightBatches) for (const record of batch) this.complete(record, lost, undefined);
      this.inFlightBatches.clear();
    }
  }

  /** Records accepted and not yet called back (queued or in flight). */
  get outstanding(): number {
    return this.outstandingRecords;
  }

  /**
   * Fails every record still queued (not handed to the client yet) with `error`, at once; records
   * in flight keep their outcome. For a transaction being aborted: what it holds is never sent.
   */
  failQueued(error: ClientError): void {
    for (const record of this.takeAll()) this.complete(record, error, undefined);
  }

  /** Sends every batch that is due, while send slots are free; arms the linger timer for the rest. */
  pump(): void {
    const sender = this.sender;
    if (!sender) return;
    while (this.inFlightSends < this.options.maxInFlightRequests && this.placedRecords > 0 && this.isDue()) this.sendBatch(sender, this.cut());
    if (this.oldestLingering() !== undefined) this.armLingerTimer();
  }

  /**
   * Calls a record's delivery callback, exactly once. A callback that throws is a bug of the
   * caller: its error is rethrown outside the client's callbacks (an uncaught exception) rather
   * than being mistaken for a failed send.
   */
  complete(record: R, error: ClientError | undefined, report: DeliveryReport | undefined): void {
    if (record.done) return;
    record.done = true;
    this.outstandingRecords--;
    try {
      record.onDelivery(error, report);
    } catch (callbackError) {
      setImmediate(() => {
        throw callbackError;
      });
    }
    if (this.outstandingRecords === 0) this.idle.notifyIdle();
  }

  /** A send is due: a record's linger is over, a partition's batch or a request is full, a flush asks, or closing. */
  private isDue(): boolean {
    return (
      this.readyRecords > 0 || this.fullPartitions > 0 || this.placedBytes >= this.options.maxRequestSizeBytes || this.flushRequests > 0 || this.closed
    );
  }

  /** Queues a record in its partition's queue. */
  private enqueue(record: R, partition: number): void {
    record.partition = partition;
    let byPartition = this.partitions.get(record.topic);
    if (byPartition === undefined) {
      byPartition = [];
      this.partitions.set(record.topic, byPartition);
    }
    let queue = byPartition[partition];
    if (queue === undefined) {
      queue = { records: new Fifo<R>(), bytes: 0, inTurn: false };
      byPartition[partition] = queue;
    }
    queue.records.push(record);
    if (queue.bytes < this.options.batchSizeBytes && queue.bytes + record.sizeBytes >= this.options.batchSizeBytes) this.fullPartitions++;
    queue.bytes += record.sizeBytes;
    this.placedRecords++;
    this.placedBytes += record.sizeBytes;
    if (!queue.inTurn) {
      queue.inTurn = true;
      this.turn.push(queue);
    }
  }

  /** Marks a record as no longer queued. */
  private untrack(record: R): void {
    if (record.stage === 'ready') this.readyRecords--;
    record.stage = 'taken';
  }

  /** Loads the partition counts the records waiting for their partition need, one load at a time. */
  private loadPlacement(): void {
    if (this.loadingPlacement) return;
    this.loadingPlacement = true;
    this.placement.loadMissing((failure) => {
      this.loadingPlacement = false;
      // Closing failed the waiting records already.
      if (this.closed) return;
      const waiting = this.unplaced;
      this.unplaced = [];
      const failed: R[] = [];
      for (const record of waiting) {
        if (failure?.topics.has(record.topic)) {
          failed.push(record);
          continue;
        }
        const partition = this.unplaced.length === 0 ? this.placement.partitionOf(record) : undefined;
        if (partition === undefined) this.unplaced.push(record);
        else this.enqueue(record, partition);
      }
      if (this.unplaced.length > 0) this.loadPlacement();
      // After the others are placed, so that a callback sending more cannot overtake them.
      for (const record of failed) {
        this.untrack(record);
        this.complete(record, (failure as PlacementFailure).error, undefined);
      }
      this.pump();
    });
  }

  /**
   * Takes the next batch: each partition in turn gives its records in order up to
   * `batchSizeBytes` (at least one), until the next record would take the batch past
   * `maxRequestSizeBytes` (a first record goes alone whatever its size). A partition left with
   * records goes to the end of the turn; one the request bound stopped before its first record
   * stays first.
   */
  private cut(): R[] {
    const { batchSizeBytes, maxRequestSizeBytes } = this.options;
    const batch: R[] = [];
    let batchBytes = 0;
    let requestFull = false;
    for (let partitionsLeft = this.turn.length; partitionsLeft > 0 && !requestFull; partitionsLeft--) {
      const queue = this.turn.peek() as PartitionQueue<R>;
      let partitionBytes = 0;
      for (let record = queue.records.peek(); record !== undefined; record = queue.records.peek()) {
        if (partitionBytes > 0 && partitionBytes + record.sizeBytes > batchSizeBytes) break;
        if (batch.length > 0 && batchBytes + record.sizeBytes > maxRequestSizeBytes) {
          requestFull = true;
          break;
        }
        queue.records.shift();
        this.untrack(record);
        batch.push(record);
        partitionBytes += record.sizeBytes;
        batchBytes += record.sizeBytes;
      }
      if (partitionBytes === 0) break;
      this.turn.shift();
      if (queue.bytes >= batchSizeBytes && queue.bytes - partitionBytes < batchSizeBytes) this.fullPartitions--;
      queue.bytes -= partitionBytes;
      if (queue.records.length > 0) this.turn.push(queue);
      else queue.inTurn = false;
    }
    this.placedRecords -= batch.length;
    this.placedBytes -= batchBytes;
    return batch;
  }

  /** Every queued record, taken out of the queue (closing). */
  private takeAll(): R[] {
    const all: R[] = [];
    for (let queue = this.turn.shift(); queue !== undefined; queue = this.turn.shift()) {
      for (let record = queue.records.shift(); record !== undefined; record = queue.records.shift()) all.push(record);
      queue.bytes = 0;
      queue.inTurn = false;
    }
    all.push(...this.unplaced);
    this.unplaced = [];
    for (const record of all) this.untrack(record);
    this.placedRecords = 0;
    this.placedBytes = 0;
    this.fullPartitions = 0;
    return all;
  }

  /** The oldest queued record whose linger time has not been seen to be over (taken records dropped on the way). */
  private oldestLingering(): R | undefined {
    let record = this.lingering.peek();
    while (record !== undefined && record.stage !== 'lingering') {
      this.lingering.shift();
      record = this.lingering.peek();
    }
    return record;
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
      const oldest = this.oldestLingering();
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
    for (let record = this.oldestLingering(); record !== undefined && record.enqueuedAtMs <= cutoffMs; record = this.oldestLingering()) {
      this.lingering.shift();
      record.stage = 'ready';
      this.readyRecords++;
    }
  }

  /** Fails the records already past their delivery timeout, arms the timeout of the rest, and hands them to the sender. */
  private sendBatch(sender: BatchSender<R>, batch: R[]): void {
    const nowMs = Date.now();
    const timedOut: ClientError = { kind: 'timeout', message: `no outcome within the delivery timeout of ${this.options.deliveryTimeoutMs} ms` };
    let oldestMs = Number.POSITIVE_INFINITY;
    const live = batch.filter((record) => {
      if (nowMs - record.enqueuedAtMs < this.options.deliveryTimeoutMs) {
        oldestMs = Math.min(oldestMs, record.enqueuedAtMs);
        return true;
      }
      this.complete(record, timedOut, undefined);
      return false;
    });
    if (live.length === 0) return;
    const deadline = setTimeout(() => {
      for (const record of live) this.complete(record, timedOut, undefined);
    }, Math.max(0, oldestMs + this.options.deliveryTimeoutMs - nowMs));
    this.inFlightSends++;
    this.inFlightBatches.add(live);
    let settled = false;
    sender.send(live, () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      this.inFlightBatches.delete(live);
      this.inFlightSends--;
      this.pump();
    });
  }
}
