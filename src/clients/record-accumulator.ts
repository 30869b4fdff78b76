/**
 * kbench's client-side accumulator, for clients whose send writes what it is given at once (no
 * linger, no batch size of their own: kafkajs, @platformatic/kafka), so they compare fairly with
 * librdkafka: records are queued, cut into batches of up to `batchSizeBytes` once `lingerMs` has
 * passed (or the batch is full, or a flush asks), and each batch is handed to the client's
 * `send`, with up to `maxInFlightRequests` batches outstanding. A record gets exactly one outcome:
 * its delivery report, its client's error, or a timeout once `deliveryTimeoutMs` has passed since
 * it was queued. The adapters keep what differs: the record as their library wants it, how a
 * batch is sent, and how its result gives each record its partition and offset.
 */
import type { ClientError, DeliveryCallback, DeliveryReport } from './client-adapter.js';
import { IdleSignal } from '../util/idle-signal.js';

/** Protocol overhead kbench adds per record when sizing batches (record header, lengths, varints). */
export const RECORD_OVERHEAD_BYTES = 24;

export interface AccumulatorOptions {
  /** After this long without an outcome a record fails with a timeout. */
  deliveryTimeoutMs: number;
  lingerMs: number;
  batchSizeBytes: number;
  /** Sends outstanding at once; further batches wait in the queue. */
  maxInFlightRequests: number;
  /** Records accepted and not yet reported; beyond it the adapter refuses records (queue full). */
  maxQueuedRecords: number;
}

/** What the accumulator keeps of each record until its delivery callback has been called. */
export interface QueuedRecord {
  topic: string;
  sizeBytes: number;
  enqueuedAtMs: number;
  onDelivery: DeliveryCallback;
  done: boolean;
}

/** How batches leave: the adapter's side. */
export interface BatchSender<R extends QueuedRecord> {
  /**
   * Sends one batch (oldest record first). Each record is completed through `complete`; `settled`
   * is called once the client has answered (after the records are completed), freeing the slot.
   */
  send(batch: R[], settled: () => void): void;
  /** Before each batch is cut: false to send nothing now (the adapter calls `pump` when it can go on). */
  canSend?(): boolean;
}

/** `base + index` as a decimal string, exact beyond 2^53. */
export function addOffset(base: string | bigint, index: number): string {
  const sum = Number(base) + index;
  return Number.isSafeInteger(sum) ? String(sum) : (BigInt(base) + BigInt(index)).toString();
}

export class RecordAccumulator<R extends QueuedRecord> {
  /** Records waiting to be sent, oldest first; `queueHead` is the first live index. */
  private queue: R[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  /** Records at the head of the queue whose linger time is over. */
  private readyCount = 0;
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

  constructor(private readonly options: AccumulatorOptions) {}

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
    this.queue.push(record);
    this.queuedBytes += record.sizeBytes;
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
    for (const record of this.takeQueued(Number.POSITIVE_INFINITY)) this.complete(record, unsent, undefined);
    try {
      await closeClient();
    } finally {
      for (const batch of this.inFlightBatches) for (const record of batch) this.complete(record, lost, undefined);
      this.inFlightBatches.clear();
    }
  }

  /** The records waiting to be sent, oldest first. */
  *queued(): IterableIterator<R> {
    for (let i = this.queueHead; i < this.queue.length; i++) yield this.queue[i] as R;
  }

  /** Fails every queued record `failed` picks with `error`; the others stay queued, in order, due at once. */
  failQueued(failed: (record: R) => boolean, error: ClientError): void {
    const keep: R[] = [];
    for (const record of this.takeQueued(Number.POSITIVE_INFINITY)) {
      if (failed(record)) this.complete(record, error, undefined);
      else keep.push(record);
    }
    for (const record of keep) {
      this.queue.push(record);
      this.queuedBytes += record.sizeBytes;
    }
    this.readyCount = keep.length;
  }

  /** Sends every batch that is due, while send slots are free; arms the linger timer for the rest. */
  pump(): void {
    const sender = this.sender;
    if (!sender) return;
    while (this.inFlightSends < this.options.maxInFlightRequests && this.queueHead < this.queue.length) {
      const due = this.queuedBytes >= this.options.batchSizeBytes || this.readyCount > 0 || this.flushRequests > 0 || this.closed;
      if (!due) break;
      if (sender.canSend && !sender.canSend()) return;
      this.sendBatch(sender, this.takeQueued(this.options.batchSizeBytes));
    }
    if (this.queueHead < this.queue.length && this.readyCount < this.queue.length - this.queueHead) this.armLingerTimer();
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
    while (index < this.queue.length && (this.queue[index] as R).enqueuedAtMs <= cutoffMs) index++;
    this.readyCount = index - this.queueHead;
  }

  /** Removes records from the head of the queue up to `maxBytes` (at least one). */
  private takeQueued(maxBytes: number): R[] {
    const batch: R[] = [];
    let bytes = 0;
    while (this.queueHead < this.queue.length) {
      const record = this.queue[this.queueHead] as R;
      if (batch.length > 0 && bytes + record.sizeBytes > maxBytes) break;
      batch.push(record);
      bytes += record.sizeBytes;
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

  /** Fails the records already past their delivery timeout, arms the timeout of the rest, and hands them to the sender. */
  private sendBatch(sender: BatchSender<R>, batch: R[]): void {
    const nowMs = Date.now();
    const timedOut: ClientError = { kind: 'timeout', message: `no outcome within the delivery timeout of ${this.options.deliveryTimeoutMs} ms` };
    const live = batch.filter((record) => {
      if (nowMs - record.enqueuedAtMs < this.options.deliveryTimeoutMs) return true;
      this.complete(record, timedOut, undefined);
      return false;
    });
    if (live.length === 0) return;
    // The queue is in arrival order: the first record is the oldest.
    const oldestMs = (live[0] as R).enqueuedAtMs;
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
