/**
 * One member of a consumer group: counts what it consumes, records end-to-end latency from
 * each message's intended send time (carried in kbench's header), and keeps track of the
 * partitions it owns through the client's rebalance events.
 */
import type { ClientError, ConsumedRecord, ConsumerAdapter, RebalanceEvent } from '../clients/client-adapter.js';
import { nowUs } from '../metrics/clock.js';
import { countError, countPartition, emptyConsumerCounters } from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, recordUs, resetHistogram } from '../metrics/histogram.js';
import type { ConsumerSnapshot } from '../metrics/snapshot-types.js';
import type { PlannedConsumer } from '../scenario/plan-types.js';
import { MESSAGE_HEADER_NAME, decodeMessageHeader } from '../workload/message-header.js';

export class ConsumerMember {
  readonly counters = emptyConsumerCounters();
  private readonly endToEnd = createLatencyHistogram();
  private readonly assigned = new Set<number>();
  private rebalanceEvents: ConsumerSnapshot['rebalanceEvents'] = [];
  private measureFromUs = Number.POSITIVE_INFINITY;
  private firstAssignment: Promise<void>;
  private resolveFirstAssignment: () => void = () => {};

  constructor(
    readonly planned: PlannedConsumer,
    private readonly consumer: ConsumerAdapter,
    private readonly topic: string,
    private readonly onClientError: (error: ClientError) => void = () => {},
  ) {
    this.firstAssignment = new Promise((resolve) => {
      this.resolveFirstAssignment = resolve;
    });
  }

  /** Joins the group and starts consuming. */
  async start(): Promise<void> {
    await this.consumer.connect();
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

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  snapshot(): ConsumerSnapshot {
    const snapshot: ConsumerSnapshot = {
      consumerId: this.planned.id,
      groupId: this.planned.groupId,
      counters: structuredClone(this.counters),
      assignedPartitions: [...this.assigned].sort((a, b) => a - b),
      endToEndUs: encodeHistogram(this.endToEnd),
      rebalanceEvents: this.rebalanceEvents,
    };
    this.rebalanceEvents = [];
    resetHistogram(this.endToEnd);
    return snapshot;
  }

  private async onRecords(records: ConsumedRecord[]): Promise<void> {
    const consumedUs = nowUs();
    for (const record of records) {
      this.counters.consumed++;
      this.counters.consumedBytes += record.value.length;
      countPartition(this.counters.consumedByPartition, record.partition);
      const header = decodeMessageHeader(record.headers[MESSAGE_HEADER_NAME]);
      if (!header) {
        this.counters.foreign++;
        continue;
      }
      if (header.intendedUs >= this.measureFromUs) recordUs(this.endToEnd, consumedUs - header.intendedUs);
    }
    const processingMs = this.planned.processingTimeMs * records.length;
    if (processingMs > 0) await new Promise((resolve) => setTimeout(resolve, processingMs));
  }

  private onRebalance(event: RebalanceEvent): void {
    this.rebalanceEvents.push({ atUs: nowUs(), event });
    for (const tp of event.partitions) {
      if (tp.topic !== this.topic) continue;
      if (event.type === 'assigned') this.assigned.add(tp.partition);
      else this.assigned.delete(tp.partition);
    }
    if (event.type === 'assigned') this.resolveFirstAssignment();
  }
}
