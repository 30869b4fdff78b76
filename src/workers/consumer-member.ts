/**
 * One member of a consumer group: counts what it consumes, records end-to-end latency from
 * each message's intended send time (carried in kbench's header), and keeps what rebalance
 * analysis needs: its partitions and the changes to them (member events), when each partition
 * last gave a record, when consumption resumed after an assignment, and the offsets consumed.
 */
import type { ClientError, ConsumedRecord, ConsumerAdapter, RebalanceEvent } from '../clients/client-adapter.js';
import { nowUs } from '../metrics/clock.js';
import { countError, countPartition, emptyConsumerCounters } from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, recordUs, resetHistogram } from '../metrics/histogram.js';
import type { ConsumerSnapshot, MemberEvent, StageSnapshot } from '../metrics/snapshot-types.js';
import type { PlannedConsumer } from '../scenario/plan-types.js';
import { MESSAGE_HEADER_NAME, readMessageHeader, type MessageHeader } from '../workload/message-header.js';
import { OffsetRunRecorder } from './offset-runs.js';
import { SequenceRecorder } from './sequence-recorder.js';

/**
 * What a pipeline stage adds to a member (workers/stage-member.ts): each batch, once counted, is
 * handed on to the stage, which transforms, writes and commits it.
 */
export interface MemberStage {
  /** False while the stage is halted or stopping: its batches are neither processed nor committed (read again later), so the member does not count them consumed. */
  accepting(): boolean;
  handleBatch(records: ConsumedRecord[]): Promise<void>;
  measureFrom(measureFromUs: number): void;
  snapshot(): StageSnapshot;
  /** Takes no more batches and finishes the one in progress (before the member leaves its group). */
  stop(): Promise<void>;
  /** Closes the stage's producer (after the member left). */
  close(): Promise<void>;
}

export class ConsumerMember {
  readonly counters = emptyConsumerCounters();
  private readonly endToEnd = createLatencyHistogram();
  /** Owned partitions → when their last record was consumed (undefined before the first since the assignment). */
  private readonly owned = new Map<number, number | undefined>();
  private readonly lastConsumedUs = new Map<number, number>();
  private readonly offsets = new OffsetRunRecorder();
  private readonly sequences = new SequenceRecorder();
  /** Per owned partition: the highest sequence consumed from each producer since it was assigned (order check). */
  private readonly highestSequence = new Map<number, Map<number, number>>();
  /** Where each record's header is decoded (no allocation per record). */
  private readonly header: MessageHeader = { producerIndex: 0, sequence: 0, intendedUs: 0 };
  private memberEvents: MemberEvent[] = [];
  private processingTimeMs: number;
  private measureFromUs = Number.POSITIVE_INFINITY;
  /** Set just before a crash: records are no longer handled (see `freeze`). */
  private frozen = false;
  private firstAssignment: Promise<void>;
  private resolveFirstAssignment: () => void = () => {};

  constructor(
    readonly planned: PlannedConsumer,
    private consumer: ConsumerAdapter,
    private readonly topic: string,
    private readonly onClientError: (error: ClientError) => void = () => {},
    private readonly stage?: MemberStage,
  ) {
    this.processingTimeMs = planned.processingTimeMs;
    this.firstAssignment = new Promise((resolve) => {
      this.resolveFirstAssignment = resolve;
    });
  }

  /** Connects, joins the group (the `joining` event) and starts consuming. */
  async start(): Promise<void> {
    await this.consumer.connect();
    this.memberEvents.push({ atUs: nowUs(), type: 'joining' });
    await this.consumer.start(this.topic, {
      onRecords: (records) => this.onRecords(records),
      onRebalance: (event) => this.onRebalance(event),
      onError: (error) => {
        countError(this.counters.errors, error.kind);
        this.onClientError(error);
      },
    });
  }

  /** Resolves once the member got its first assignment, or after `timeoutMs` (returns false then). */
  async waitForAssignment(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.firstAssignment.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** End-to-end latencies of messages intended before `measureFromUs` (the warm-up) are not recorded. */
  measureFrom(measureFromUs: number): void {
    this.measureFromUs = measureFromUs;
    this.stage?.measureFrom(measureFromUs);
  }

  /**
   * Leaves the group and joins it again with `consumer` (a stage restarting from the committed
   * offsets after a failure): `beforeStart` runs between the two, before any record can arrive.
   */
  async rejoinWith(consumer: ConsumerAdapter, beforeStart: () => void): Promise<void> {
    await this.leave();
    this.consumer = consumer;
    beforeStart();
    await this.start();
  }

  /** From now on, each record takes `processingTimeMs` (a slow member). */
  setProcessingTime(processingTimeMs: number): void {
    this.processingTimeMs = processingTimeMs;
    this.memberEvents.push({ atUs: nowUs(), type: 'slow', processingTimeMs });
  }

  /** Stops fetching (`true`) or fetches again (`false`), staying in the group: a deliberate backlog (see `ConsumerAdapter.pause`). */
  setPaused(paused: boolean): void {
    if (paused) this.consumer.pause();
    else this.consumer.resume();
  }

  /** Leaves the group and closes the client (the `left` event); a stage finishes its batch first and closes its producer after. */
  async stop(): Promise<void> {
    await this.stage?.stop();
    await this.leave();
    await this.stage?.close();
  }

  private async leave(): Promise<void> {
    await this.consumer.disconnect();
    // A client that gives partitions back on close without a callback: record the revocation.
    if (this.owned.size > 0) this.onRebalance({ type: 'revoked', partitions: [...this.owned.keys()].map((partition) => ({ topic: this.topic, partition })) });
    this.memberEvents.push({ atUs: nowUs(), type: 'left' });
  }

  snapshot(): ConsumerSnapshot {
    const lastConsumedUs: Record<number, number> = {};
    for (const partition of this.owned.keys()) {
      const atUs = this.lastConsumedUs.get(partition);
      if (atUs !== undefined) lastConsumedUs[partition] = atUs;
    }
    const snapshot: ConsumerSnapshot = {
      consumerId: this.planned.id,
      groupId: this.planned.groupId,
      counters: structuredClone(this.counters),
      assignedPartitions: [...this.owned.keys()].sort((a, b) => a - b),
      endToEndUs: encodeHistogram(this.endToEnd),
      memberEvents: this.memberEvents,
      offsetRuns: this.offsets.take(),
      lastConsumedUs,
      sequences: this.sequences.take(),
      ...(this.stage ? { stage: this.stage.snapshot() } : {}),
    };
    this.memberEvents = [];
    resetHistogram(this.endToEnd);
    return snapshot;
  }

  /**
   * Stops handling records for good (just before the member is killed): batches handed over from
   * now on never complete, so the client neither counts nor commits them; the group's next owner
   * reads them.
   */
  freeze(): void {
    this.frozen = true;
  }

  /**
   * Counts a batch, checks each record's sequence and order and records its end-to-end latency.
   * Clients hand records over partition by partition, so what is kept per partition (counts,
   * last consumed, offset runs, order) is looked up once per run of one partition's records,
   * and the order check's highest sequence once per run of one producer's records.
   */
  private async onRecords(records: ConsumedRecord[]): Promise<void> {
    if (this.frozen) return new Promise<void>(() => {});
    if (this.stage && !this.stage.accepting()) return this.stage.handleBatch(records);
    const consumedUs = nowUs();
    const counters = this.counters;
    const header = this.header;
    const measureFromUs = this.measureFromUs;
    const ownFrom = this.planned.e2eProducerIndexes?.from ?? 0;
    const ownTo = this.planned.e2eProducerIndexes?.toExclusive ?? Number.POSITIVE_INFINITY;
    let bytes = 0;
    // The run of one partition: its records so far, and its offsets not yet recorded, consecutive.
    let partition = -1;
    let runLength = 0;
    let fromOffset = -1;
    let toOffset = -1;
    let highest: Map<number, number> | undefined;
    // The order check's producer and its highest sequence in this partition (-1: none yet).
    let producer = -1;
    let producerHighest = -1;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as ConsumedRecord;
      if (record.partition !== partition) {
        if (runLength > 0) {
          countPartition(counters.consumedByPartition, partition, runLength);
          this.offsets.addRange(partition, fromOffset, toOffset, consumedUs);
          if (producer !== -1) (highest as Map<number, number>).set(producer, producerHighest);
        }
        partition = record.partition;
        runLength = 0;
        fromOffset = toOffset = record.offset;
        producer = -1;
        highest = this.highestSequence.get(partition);
        if (!highest) this.highestSequence.set(partition, (highest = new Map()));
        this.noteConsumed(partition, consumedUs);
      } else if (record.offset === toOffset + 1) {
        toOffset = record.offset;
      } else {
        this.offsets.addRange(partition, fromOffset, toOffset, consumedUs);
        fromOffset = toOffset = record.offset;
      }
      runLength++;
      bytes += record.value.length;
      if (!readMessageHeader(record.headers[MESSAGE_HEADER_NAME], header)) {
        counters.foreign++;
        continue;
      }
      const sequence = header.sequence;
      this.sequences.add(header.producerIndex, sequence);
      if (header.producerIndex !== producer) {
        if (producer !== -1) (highest as Map<number, number>).set(producer, producerHighest);
        producer = header.producerIndex;
        producerHighest = (highest as Map<number, number>).get(producer) ?? -1;
      }
      if (sequence < producerHighest) counters.reordered++;
      else producerHighest = sequence;
      // In a sharded run only the own shard's producers' send times are on this host's clock (`e2eProducerIndexes`).
      if (header.intendedUs >= measureFromUs && header.producerIndex >= ownFrom && header.producerIndex < ownTo) recordUs(this.endToEnd, consumedUs - header.intendedUs);
    }
    if (runLength > 0) {
      countPartition(counters.consumedByPartition, partition, runLength);
      this.offsets.addRange(partition, fromOffset, toOffset, consumedUs);
      if (producer !== -1) (highest as Map<number, number>).set(producer, producerHighest);
    }
    counters.consumed += records.length;
    counters.consumedBytes += bytes;
    const processingMs = this.processingTimeMs * records.length;
    if (processingMs > 0) await new Promise((resolve) => setTimeout(resolve, processingMs));
    if (this.stage) await this.stage.handleBatch(records);
  }

  private noteConsumed(partition: number, atUs: number): void {
    if (this.lastConsumedUs.get(partition) === atUs) return;
    if (this.owned.has(partition) && this.owned.get(partition) === undefined) {
      this.owned.set(partition, atUs);
      this.memberEvents.push({ atUs, type: 'first-record', partition });
    }
    this.lastConsumedUs.set(partition, atUs);
  }

  private onRebalance(event: RebalanceEvent): void {
    const atUs = nowUs();
    const partitions = event.partitions.filter((tp) => tp.topic === this.topic).map((tp) => tp.partition);
    if (event.type === 'assigned') {
      for (const partition of partitions) {
        this.owned.set(partition, undefined);
        this.lastConsumedUs.delete(partition);
        this.highestSequence.delete(partition);
      }
      this.memberEvents.push({ atUs, type: 'assigned', partitions });
      this.resolveFirstAssignment();
      return;
    }
    const revoked = partitions.filter((partition) => this.owned.has(partition));
    if (revoked.length === 0 && partitions.length > 0) return;
    const lastConsumedUs = revoked.map((partition) => this.lastConsumedUs.get(partition) ?? null);
    for (const partition of revoked) this.owned.delete(partition);
    this.memberEvents.push({ atUs, type: 'revoked', partitions: revoked, lastConsumedUs });
  }
}
