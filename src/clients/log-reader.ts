/**
 * Reads chosen offset ranges of a topic back from the brokers, for the delivery check at the end
 * of a run (runner/log-check.ts): were the messages a group did not consume in the log?
 *
 * Done with kafkajs in the runner's own thread (pure JavaScript, already used there for
 * administration): a consumer of a throwaway group (`kbench-log-check-…`, deleted afterwards)
 * that never commits, seeks each partition to its first wanted offset, skips ahead over
 * offsets it was not asked for, and pauses a partition once its ranges are read. It gives the
 * value of one header per record, so the caller can tell which message sits at an offset (after
 * an acks=1 leader failover an offset can hold another message than the one acknowledged there).
 * One of the client adapter files: no other folder imports a Kafka library.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { ClusterConnection } from './connection-security.js';
import { kafkajsSecurity } from './kafkajs-security.js';

/** Offsets a partition holds: `lowOffset` its first, `highOffset` its high watermark (the next offset to be written). */
export interface PartitionWatermarks {
  partition: number;
  lowOffset: number;
  highOffset: number;
}

/** Inclusive offset ranges to read, per partition, ascending and disjoint. */
export type OffsetRanges = Map<number, Array<[number, number]>>;

/** What one read got through. */
export interface LogReadResult {
  /** Records read within the requested ranges. */
  recordsRead: number;
  /** True when every requested range was read; false when the deadline or an error cut it short. */
  complete: boolean;
  /** Why it stopped early (an error); undefined otherwise. */
  problem?: string;
}

/** Every call opens and closes its own connections: nothing to close afterwards. */
export interface LogReader {
  watermarks(topic: string): Promise<PartitionWatermarks[]>;
  /**
   * Reads the given ranges until each is read or `deadlineMs` (epoch ms) passes, calling
   * `onRecord` with the record's partition, offset and the value of its header `headerName`.
   */
  read(topic: string, ranges: OffsetRanges, headerName: string, deadlineMs: number, onRecord: (partition: number, offset: number, header: Buffer | undefined) => void): Promise<LogReadResult>;
}

/** Bound on leaving the throwaway group, deleting it and closing connections (after the read's own deadline). */
const CLOSE_TIMEOUT_MS = 2_000;

let readsStarted = 0;

function bounded<T>(work: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  return Promise.race([work.catch(() => undefined), timedOut]).finally(() => clearTimeout(timer));
}

function headerValue(raw: unknown): Buffer | undefined {
  const value = Array.isArray(raw) ? (raw[raw.length - 1] as unknown) : raw;
  if (Buffer.isBuffer(value)) return value;
  return typeof value === 'string' ? Buffer.from(value) : undefined;
}

class KafkajsLogReader implements LogReader {
  private readonly kafka: Kafka;

  constructor(connection: ClusterConnection) {
    this.kafka = new Kafka({
      clientId: 'kbench-log-check',
      brokers: connection.brokers,
      ...kafkajsSecurity(connection.security),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
  }

  async watermarks(topic: string): Promise<PartitionWatermarks[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map((p) => ({ partition: p.partition, lowOffset: Number(p.low), highOffset: Number(p.high) })).sort((a, b) => a.partition - b.partition);
    } finally {
      await bounded(admin.disconnect(), CLOSE_TIMEOUT_MS);
    }
  }

  async read(
    topic: string,
    ranges: OffsetRanges,
    headerName: string,
    deadlineMs: number,
    onRecord: (partition: number, offset: number, header: Buffer | undefined) => void,
  ): Promise<LogReadResult> {
    const pending = new Map<number, Array<[number, number]>>();
    for (const [partition, list] of ranges) if (list.length > 0) pending.set(partition, list.map(([from, to]) => [from, to]));
    if (pending.size === 0) return { recordsRead: 0, complete: true };
    const groupId = `kbench-log-check-${process.pid}-${Date.now()}-${readsStarted++}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250, retry: { retries: 3 } });
    let recordsRead = 0;
    let problem: string | undefined;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const timer = setTimeout(finish, Math.max(0, deadlineMs - Date.now()));
    const pause = (partition: number): void => consumer.pause([{ topic, partitions: [partition] }]);
    const removeCrash = consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart) return;
      problem = event.payload.error.message;
      finish();
    });
    let joined = false;
    const setUp = async (): Promise<void> => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset }) => {
          const wanted = pending.get(batch.partition);
          if (!wanted || wanted.length === 0) {
            pause(batch.partition);
            return;
          }
          let last = -1;
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            last = offset;
            while (wanted.length > 0 && (wanted[0] as [number, number])[1] < offset) wanted.shift();
            const first = wanted[0];
            if (!first || offset < first[0]) continue;
            recordsRead++;
            onRecord(batch.partition, offset, headerValue(message.headers?.[headerName]));
          }
          if (last < 0) return;
          resolveOffset(String(last));
          while (wanted.length > 0 && (wanted[0] as [number, number])[1] <= last) wanted.shift();
          const next = wanted[0];
          if (!next) {
            pending.delete(batch.partition);
            pause(batch.partition);
            if (pending.size === 0) finish();
          } else if (next[0] > last + 1) {
            consumer.seek({ topic, partition: batch.partition, offset: String(next[0]) });
          }
        },
      });
      joined = true;
      // A seek is kept until its partition is assigned; a partition with nothing wanted is paused at its first batch.
      for (const [partition, wanted] of pending) consumer.seek({ topic, partition, offset: String((wanted[0] as [number, number])[0]) });
    };
    try {
      // The deadline also bounds connecting and joining (an unreachable cluster retries for long).
      await Promise.race([setUp().then(() => finished), finished]);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      removeCrash();
      await bounded(consumer.disconnect(), CLOSE_TIMEOUT_MS);
      if (joined) await this.deleteGroup(groupId);
    }
    return { recordsRead, complete: pending.size === 0, ...(problem !== undefined ? { problem } : {}) };
  }

  /** The throwaway group never committed; deleting it leaves nothing behind (best effort). */
  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    await bounded(
      admin.connect().then(() => admin.deleteGroups([groupId])),
      CLOSE_TIMEOUT_MS,
    );
    await bounded(admin.disconnect(), CLOSE_TIMEOUT_MS);
  }
}

/** A log reader over kafkajs (see the file comment). */
export function createLogReader(connection: ClusterConnection): LogReader {
  return new KafkajsLogReader(connection);
}
