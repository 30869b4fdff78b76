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
import type { ConsumerSnapshot, MemberEvent } from '../metrics/snapshot-types.js';
import type { PlannedConsumer } from '../scenario/plan-types.js';
import { MESSAGE_HEADER_NAME, decodeMessageHeader } from '../workload/message-header.js';
import { OffsetRunRecorder } from './offset-runs.js';
import { SequenceRecorder } from './sequence-recorder.js';

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
  private memberEvents: MemberEvent[] = [];
  private processingTimeMs: number;
  private measureFromUs = Number.POSITIVE_INFINITY;
  /** Set just before a crash: records are no longer handled (see `freeze`). */
  private frozen = false;
  private firstAssignment: Promise<void>;
  private resolveFirstAssignment: () => void = () => {};

  constructor(
    readonly planned: PlannedConsumer,
    private readonly consumer: ConsumerAdapter,
    private readonly topic: string,
    private readonly onClientError: (error: ClientError) => void = () => {},
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

  /** Leaves the group and closes the client (the `left` event). */
  async stop(): Promise<void> {
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

  private async onRecords(records: ConsumedRecord[]): Promise<void> {
    if (this.frozen) return new Promise<void>(() => {});
    const consumedUs = nowUs();
    for (const record of records) {
      this.counters.consumed++;
      this.counters.consumedBytes += record.value.length;
      countPartition(this.counters.consumedByPartition, record.partition);
      this.noteConsumed(record.partition, consumedUs);
      this.offsets.add(record.partition, record.offset, consumedUs);
      const header = decodeMessageHeader(record.headers[MESSAGE_HEADER_NAME]);
      if (!header) {
        this.counters.foreign++;
        continue;
      }
      this.sequences.add(header.producerIndex, header.sequence);
      this.checkOrder(record.partition, header.producerIndex, header.sequence);
      if (header.intendedUs >= this.measureFromUs && this.ownClock(header.producerIndex)) recordUs(this.endToEnd, consumedUs - header.intendedUs);
    }
    const processingMs = this.processingTimeMs * records.length;
    if (processingMs > 0) await new Promise((resolve) => setTimeout(resolve, processingMs));
  }

  /** True when the record's send time is on this host's clock (always, but in a sharded run: see `e2eProducerIndexes`). */
  private ownClock(producerIndex: number): boolean {
    const own = this.planned.e2eProducerIndexes;
    return own === undefined || (producerIndex >= own.from && producerIndex < own.toExclusive);
  }

  private checkOrder(partition: number, producerIndex: number, sequence: number): void {
    let highest = this.highestSequence.get(partition);
    if (!highest) this.highestSequence.set(partition, (highest = new Map()));
    const previous = highest.get(producerIndex);
    if (previous !== undefined && sequence < previous) this.counters.reordered++;
    else highest.set(producerIndex, sequence);
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
