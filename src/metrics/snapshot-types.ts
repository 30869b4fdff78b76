/**
 * What a worker reports about itself every interval, and once more at the end. Plain data:
 * it crosses the thread / process boundary through `runner/protocol.ts`. Counters are
 * cumulative since the start of the run (so a lost snapshot loses no message); histograms are
 * per interval (encoded HdrHistograms of integer microseconds) plus a cumulative one at the end.
 */
import type { ClientErrorKind } from '../clients/client-adapter.js';

/** Encoded HdrHistogram (compressed base64) of integer microsecond values. */
export type EncodedHistogram = string;

export interface ProducerCounters {
  /** Messages handed to the client (accepted by send). */
  sent: number;
  sentBytes: number;
  /** Acknowledged by the broker (delivery report without error). */
  acked: number;
  ackedBytes: number;
  /** Delivery reports with an error. */
  failed: number;
  /** Due by the schedule but never handed to the client: the in-flight bound was reached or the client's queue was full. */
  notAttempted: number;
  /** Failures and refusals by kind. */
  errors: Partial<Record<ClientErrorKind, number>>;
  /** Messages per partition, acknowledged. */
  ackedByPartition: Record<number, number>;
}

export interface ConsumerCounters {
  consumed: number;
  consumedBytes: number;
  /** Records without kbench's headers (not sent by this run). */
  foreign: number;
  /**
   * Records consumed after a record of the same producer and partition with a higher sequence
   * number, while this member owned the partition (Kafka keeps a producer's order per partition;
   * a retry without idempotence can break it).
   */
  reordered: number;
  errors: Partial<Record<ClientErrorKind, number>>;
  consumedByPartition: Record<number, number>;
}

/**
 * A pipeline stage member's counts (workers/stage-loop.ts). Every input is counted once under
 * `consumed` and once under what became of it: `foreign`, `undecodable`, `transformed`,
 * `filtered`, `aggregated`, `late`, `skippedUncommitted` or `skippedWhileHalted`.
 */
export interface StageCounters {
  /** Input records handed to the stage. */
  consumed: number;
  /** Inputs without kbench's `kb` header: not transformed; their offsets are committed with their batch. */
  foreign: number;
  /** Inputs whose value is not a `compras` event: likewise. */
  undecodable: number;
  /** Inputs an output of their own carries (enriched, or passed the filter). */
  transformed: number;
  /** Inputs the transform's rule dropped. */
  filtered: number;
  /** Inputs added to an open window (emitted later, in an aggregate). */
  aggregated: number;
  /** Inputs whose window had already been emitted: dropped. */
  late: number;
  /** At-most-once: inputs not processed because their batch's commit failed (lost, as the semantics allow). */
  skippedUncommitted: number;
  /** Inputs handed over while the stage was halted or stopped: neither processed nor committed, read again after a restart. */
  skippedWhileHalted: number;
  /** Outputs handed to the producer. */
  produced: number;
  /** Outputs acknowledged (delivery report without error). */
  acked: number;
  /** Outputs whose delivery failed. */
  failed: number;
  /** Outputs the producer refused at once (its queue was full). */
  notAttempted: number;
  /** Exactly-once: outputs of aborted transactions (never visible to read_committed readers). */
  abortedOutputs: number;
  /** Commits of input offsets (a transaction's, exactly-once) that succeeded. */
  committedBatches: number;
  /** At-least-once: commits that failed (a rebalance took the partitions): their inputs are read again. */
  failedCommits: number;
  abortedTransactions: number;
  /** Failed sends, commits and transaction steps, by kind. */
  errors: Partial<Record<ClientErrorKind, number>>;
}

/** What a stage member reports each interval. */
export interface StageSnapshot {
  stageMemberId: string;
  counters: StageCounters;
  /** Outputs sent and not yet reported on, at snapshot time. */
  inFlight: number;
  /** Inputs held in the transform's open windows at snapshot time: what a crash would lose (0 for a stateless transform). */
  heldInputs: number;
  /** Set once the stage stopped on a failure and waits for a restart from the committed offsets. */
  halted: boolean;
  /** Intended send time of the original message → the stage received it, this interval. */
  intendedToReceiveUs: EncodedHistogram;
  /** Stage received the input → its output acknowledged (exactly-once: its transaction committed), this interval. */
  receiveToAckUs: EncodedHistogram;
  /** The original messages (`kb`) the transform filtered out this interval, per producer: readers of the output are not expected to see them. */
  filteredSequences: SequenceRanges[];
  /** Times the member halted on a failure and restarted from the committed offsets, since the start. */
  restarts: number;
}

export interface ProducerSnapshot {
  producerId: string;
  counters: ProducerCounters;
  /** Messages in flight (sent, no delivery report yet) at snapshot time. */
  inFlight: number;
  /** send → ack, this interval. */
  serviceTimeUs: EncodedHistogram;
  /** intended send time → ack, this interval (free of coordinated omission). */
  responseTimeUs: EncodedHistogram;
  /** Sequence numbers acknowledged this interval, as ranges of consecutive ones. */
  ackedSequences: Array<[number, number]>;
  /** Sequence numbers whose delivery failed this interval. */
  failedSequences: Array<[number, number]>;
}

export interface ConsumerSnapshot {
  consumerId: string;
  groupId: string;
  counters: ConsumerCounters;
  /** Partitions this member owns at snapshot time. */
  assignedPartitions: number[];
  /** intended send time → consumed, this interval. */
  endToEndUs: EncodedHistogram;
  /** What happened to the member this interval (joins, assignments, revocations…), with monotonic times. */
  memberEvents: MemberEvent[];
  /** Offsets consumed this interval, as runs of consecutive offsets per partition (re-deliveries show as overlaps). */
  offsetRuns: OffsetRun[];
  /** Per partition owned now: when its last record was consumed (monotonic µs); absent before the first record. */
  lastConsumedUs: Record<number, number>;
  /** Sequence numbers consumed this interval, per producer (index), as ranges; `repeats`: seen twice within the interval. */
  sequences: SequenceRanges[];
  /** The member is a pipeline stage's: what its stage did. */
  stage?: StageSnapshot;
}

/** A producer's sequence numbers (acknowledged, failed or consumed) as ranges of consecutive ones. */
export interface SequenceRanges {
  producerIndex: number;
  ranges: Array<[number, number]>;
  /** Numbers that occurred more than once in what these ranges summarise. */
  repeats: number;
}

/**
 * A change seen by one consumer member. `first-record`: the first record consumed from a
 * partition since it was assigned (when consumption resumed). `revoked` carries, per partition,
 * when its last record was consumed (null when none was).
 */
export type MemberEvent =
  | { atUs: number; type: 'joining' | 'left' }
  | { atUs: number; type: 'assigned'; partitions: number[] }
  | { atUs: number; type: 'revoked'; partitions: number[]; lastConsumedUs: Array<number | null> }
  | { atUs: number; type: 'first-record'; partition: number }
  | { atUs: number; type: 'slow'; processingTimeMs: number };

/** Records of one partition with consecutive offsets `fromOffset`..`toOffset` (inclusive), the first consumed at `firstAtUs`. */
export interface OffsetRun {
  partition: number;
  fromOffset: number;
  toOffset: number;
  firstAtUs: number;
}

export interface WorkerSnapshot {
  workerId: number;
  /** Monotonic time of the snapshot (clock.ts). */
  atUs: number;
  /** Resident memory of the worker's process (a thread reports its process's). */
  rssBytes: number;
  heapUsedBytes: number;
  /** The worker's own CPU and event loop. */
  usage: WorkerUsage;
  producers: ProducerSnapshot[];
  consumers: ConsumerSnapshot[];
}

/**
 * What a worker measures of itself for the runner's resource accounting (workers/self-usage.ts).
 * CPU is cumulative; the event-loop figures cover the interval since the previous snapshot.
 */
export interface WorkerUsage {
  /** Pid of the worker's process (the runner's own for a worker thread). */
  pid: number;
  /**
   * `process`: `cpuUs` is the whole process (a child-process worker: its JS thread, libuv and
   * the client's native threads); `thread`: only the worker thread's own CPU (/proc/thread-self/stat).
   */
  cpuScope: 'process' | 'thread';
  /** CPU time (user + system) since the worker started, µs; null where it cannot be read (a thread without /proc). */
  cpuUs: number | null;
  /** Event-loop delay over the interval (perf_hooks monitorEventLoopDelay, timer resolution subtracted), ms; null without samples. */
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  /** Share of the interval the event loop was busy (performance.eventLoopUtilization), 0–1. */
  eventLoopUtilization: number;
}
