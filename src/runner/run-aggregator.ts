/**
 * Folds the workers' snapshots into the run's figures: cumulative counters (from the latest
 * snapshot of each worker), exact merges of the per-interval histograms (per second for the
 * timeline, and over the whole run), and one timeline entry per second.
 */
import type { ClientErrorKind } from '../clients/client-adapter.js';
import {
  addConsumerCounters,
  addProducerCounters,
  emptyConsumerCounters,
  emptyProducerCounters,
  subtractConsumerCounters,
  subtractProducerCounters,
} from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, mergeInto, resetHistogram, summarizeUs } from '../metrics/histogram.js';
import type { ConsumerCounters, ProducerCounters, WorkerSnapshot } from '../metrics/snapshot-types.js';
import {
  MAX_ERROR_SAMPLES_PER_KIND,
  type LatencyStats,
  type ReportLatency,
  type RunPhase,
  type TimelineEntry,
} from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { scheduleOf, type Schedule } from '../workload/rate-schedule.js';
import { BacklogRecorder } from './backlog-recorder.js';
import { DeliveryVerifier } from './delivery-verifier.js';
import { MembershipRecorder } from './membership-recorder.js';
import { StageRecorder } from './stage-recorder.js';

type Histogram = ReturnType<typeof createLatencyHistogram>;

interface LatencyHistograms {
  produce: Histogram;
  response: Histogram;
  e2e: Histogram;
}

function createLatencyHistograms(): LatencyHistograms {
  return { produce: createLatencyHistogram(), response: createLatencyHistogram(), e2e: createLatencyHistogram() };
}

export interface RunTotals {
  producers: ProducerCounters;
  /** Per consumer group id. */
  groups: Map<string, ConsumerCounters>;
  /** Over every group. */
  consumers: ConsumerCounters;
  inFlight: number;
  /** Per group: members owning at least one partition. */
  activeMembers: Record<string, number>;
}

/** Producer and consumer errors together, by kind. */
export function allErrors(totals: Pick<RunTotals, 'producers' | 'consumers'>): Partial<Record<ClientErrorKind, number>> {
  const errors: Partial<Record<ClientErrorKind, number>> = {};
  for (const source of [totals.producers.errors, totals.consumers.errors]) {
    for (const [kind, count] of Object.entries(source) as Array<[ClientErrorKind, number]>) errors[kind] = (errors[kind] ?? 0) + count;
  }
  return errors;
}

export class RunAggregator {
  private readonly latest = new Map<number, WorkerSnapshot>();
  private readonly overall = createLatencyHistograms();
  private readonly interval = createLatencyHistograms();
  private previous: RunTotals;
  readonly timeline: TimelineEntry[] = [];
  readonly errorSamples: Partial<Record<ClientErrorKind, string[]>> = {};
  /** Group membership, rebalance events and re-deliveries. */
  readonly membership: MembershipRecorder;
  /** Acknowledged versus consumed, by producer and sequence number. */
  readonly verifier: DeliveryVerifier;
  /** The deliberate backlog of one group, when the plan has one. */
  readonly backlog: BacklogRecorder | undefined;
  /** The pipeline's stages and each group's latency. */
  readonly stages: StageRecorder;
  private readonly producerIndex: Map<string, number>;
  /** The producers' send schedules once the load started (unthrottled producers have none). */
  private schedules: { startUs: number; endUs: number; list: Schedule[]; unthrottled: boolean } | undefined;

  constructor(private readonly plan: Plan) {
    this.membership = new MembershipRecorder(plan);
    this.verifier = new DeliveryVerifier(plan);
    this.backlog = BacklogRecorder.forPlan(plan);
    this.stages = new StageRecorder(plan);
    this.producerIndex = new Map(plan.producers.map((p) => [p.id, p.index]));
    this.previous = this.totals();
  }

  /**
   * The load starts at `startUs` and sends nothing intended at or after `endUs`: from then on each
   * second's `offeredPerSec` is what the schedules intended in it (whatever the producers managed).
   */
  startSchedule(startUs: number, endUs: number): void {
    const list: Schedule[] = [];
    let unthrottled = false;
    for (const producer of this.plan.producers) {
      const schedule = scheduleOf(producer.load, startUs, producer.slice);
      if (schedule === undefined) unthrottled = true;
      else list.push(schedule);
    }
    this.schedules = { startUs, endUs, list, unthrottled };
  }

  /** Messages the schedules intended in `second` (0-based from the load's start); undefined before `startSchedule`. */
  private scheduledIn(second: number): number | undefined {
    const schedules = this.schedules;
    if (!schedules) return undefined;
    const fromUs = Math.min(schedules.startUs + second * 1_000_000, schedules.endUs);
    const toUs = Math.min(schedules.startUs + (second + 1) * 1_000_000, schedules.endUs);
    // dueCount counts messages intended at or before a time; the end bound is exclusive.
    const due = (schedule: Schedule, us: number): number => (us <= schedules.startUs ? 0 : schedule.dueCount(us - 0.001));
    return schedules.list.reduce((sum, schedule) => sum + due(schedule, toUs) - due(schedule, fromUs), 0);
  }

  /** Takes in one snapshot: its counters replace the worker's previous ones; its histograms are merged. */
  addSnapshot(snapshot: WorkerSnapshot): void {
    // Counters are cumulative: an older snapshot arriving late (asked for before the worker's
    // last one, answered after) must not replace a newer one. Its histograms and events are new.
    const previous = this.latest.get(snapshot.workerId);
    if (!previous || previous.atUs <= snapshot.atUs) this.latest.set(snapshot.workerId, snapshot);
    for (const producer of snapshot.producers) {
      mergeInto(this.overall.produce, producer.serviceTimeUs);
      mergeInto(this.interval.produce, producer.serviceTimeUs);
      mergeInto(this.overall.response, producer.responseTimeUs);
      mergeInto(this.interval.response, producer.responseTimeUs);
      const index = this.producerIndex.get(producer.producerId);
      if (index !== undefined) this.verifier.addProducer(index, producer);
    }
    for (const consumer of snapshot.consumers) {
      // With a pipeline, end to end is to the groups at its ends: a stage's members see the messages half-way.
      if (!this.stages.isStage(consumer.groupId)) {
        mergeInto(this.overall.e2e, consumer.endToEndUs);
        mergeInto(this.interval.e2e, consumer.endToEndUs);
      }
      this.stages.addConsumer(consumer);
      if (consumer.stage) this.verifier.addFiltered(consumer.groupId, consumer.stage.filteredSequences);
      if (consumer.groupId === this.backlog?.groupId) this.backlog.addGroupE2e(consumer.endToEndUs);
      this.membership.addConsumerSnapshot(consumer);
      this.verifier.addConsumer(consumer);
    }
  }

  addErrorSample(kind: ClientErrorKind, message: string): void {
    const samples = (this.errorSamples[kind] ??= []);
    if (samples.length < MAX_ERROR_SAMPLES_PER_KIND) samples.push(message);
  }

  /** The latest snapshot of every worker. */
  latestSnapshots(): WorkerSnapshot[] {
    return [...this.latest.values()];
  }

  /** Counters over every worker, as of their latest snapshots. */
  totals(): RunTotals {
    let producers = emptyProducerCounters();
    let consumers = emptyConsumerCounters();
    const groups = new Map<string, ConsumerCounters>(this.plan.consumerGroups.map((g) => [g.groupId, emptyConsumerCounters()]));
    const activeMembers: Record<string, number> = Object.fromEntries(this.plan.consumerGroups.map((g) => [g.groupId, 0]));
    let inFlight = 0;
    for (const snapshot of this.latest.values()) {
      for (const producer of snapshot.producers) {
        producers = addProducerCounters(producers, producer.counters);
        inFlight += producer.inFlight;
      }
      for (const consumer of snapshot.consumers) {
        consumers = addConsumerCounters(consumers, consumer.counters);
        groups.set(consumer.groupId, addConsumerCounters(groups.get(consumer.groupId) ?? emptyConsumerCounters(), consumer.counters));
        if (consumer.assignedPartitions.length > 0 && !this.membership.isDeparted(consumer.consumerId)) {
          activeMembers[consumer.groupId] = (activeMembers[consumer.groupId] ?? 0) + 1;
        }
      }
    }
    return { producers, groups, consumers, inFlight, activeMembers };
  }

  /** Per group: messages written to its topic so far (acknowledged by the producers, or by the stage writing it) that the group has not consumed. */
  lagByGroup(totals: RunTotals = this.totals()): Record<string, number> {
    const lag: Record<string, number> = {};
    // A shard's own difference, negative too: its members read other shards' records, and the shards' differences add up to the group's lag.
    const floor = this.plan.shard === undefined ? 0 : Number.NEGATIVE_INFINITY;
    const topicOf = new Map(this.plan.consumerGroups.map((g) => [g.groupId, g.topicName]));
    for (const [groupId, counters] of totals.groups) {
      const writer = this.stages.writerOf(topicOf.get(groupId) ?? this.plan.topic.name);
      const written = writer === undefined ? totals.producers.acked : this.stages.written(writer.groupId);
      lag[groupId] = Math.max(floor, written - counters.consumed);
    }
    return lag;
  }

  /** Closes one second of the timeline: rates are the counter deltas since the previous second. */
  closeSecond(second: number, phase: RunPhase): TimelineEntry {
    const now = this.totals();
    const produced = subtractProducerCounters(now.producers, this.previous.producers);
    const consumed = subtractConsumerCounters(now.consumers, this.previous.consumers);
    const errors = allErrors({ ...now, producers: produced, consumers: consumed });
    const produce = this.interval.produce.totalCount > 0 ? summarizeUs(this.interval.produce) : undefined;
    const response = this.interval.response.totalCount > 0 ? summarizeUs(this.interval.response) : undefined;
    const e2e = this.interval.e2e.totalCount > 0 ? summarizeUs(this.interval.e2e) : undefined;
    const entry: TimelineEntry = {
      second,
      phase,
      sentPerSec: produced.sent,
      ackedPerSec: produced.acked,
      failedPerSec: produced.failed,
      consumedPerSec: consumed.consumed,
      sentBytesPerSec: produced.sentBytes,
      ackedBytesPerSec: produced.ackedBytes,
      consumedBytesPerSec: consumed.consumedBytes,
      notAttemptedPerSec: produced.notAttempted,
      offeredPerSec: this.offeredIn(second, produced),
      errors,
      lag: this.lagByGroup(now),
      inFlight: now.inFlight,
      produceP50Ms: produce?.p50 ?? null,
      produceP99Ms: produce?.p99 ?? null,
      produceMaxMs: produce?.max ?? null,
      responseP99Ms: response?.p99 ?? null,
      e2eP50Ms: e2e?.p50 ?? null,
      e2eP99Ms: e2e?.p99 ?? null,
      e2eMaxMs: e2e?.max ?? null,
      members: now.activeMembers,
      liveMembers: Object.fromEntries(this.plan.consumerGroups.map((g) => [g.groupId, this.membership.liveMembers(g.groupId)])),
    };
    if (this.backlog) {
      const group = now.groups.get(this.backlog.groupId);
      this.backlog.closeSecond(
        second,
        phase,
        { acked: now.producers.acked, ackedBytes: now.producers.ackedBytes, consumed: group?.consumed ?? 0, consumedBytes: group?.consumedBytes ?? 0 },
        this.interval.produce,
      );
    }
    this.stages.closeSecond(phase);
    resetHistogram(this.interval.produce);
    resetHistogram(this.interval.response);
    resetHistogram(this.interval.e2e);
    this.previous = now;
    this.timeline.push(entry);
    return entry;
  }

  /** Scheduled messages of the second, plus what unthrottled producers tried to send (they have no schedule). */
  private offeredIn(second: number, produced: ProducerCounters): number {
    const scheduled = this.scheduledIn(second);
    if (scheduled === undefined) return produced.sent + produced.notAttempted;
    if (!this.schedules?.unthrottled) return scheduled;
    // Mixed: the scheduled part exactly, the unthrottled part as attempted (an approximation; the verdict is `unthrottled` anyway).
    return Math.max(scheduled, produced.sent + produced.notAttempted);
  }

  latency(): ReportLatency {
    const stats = (histogram: Histogram): LatencyStats => ({ ...summarizeUs(histogram), hdr: encodeHistogram(histogram) });
    return { produce: stats(this.overall.produce), produceResponse: stats(this.overall.response), e2e: stats(this.overall.e2e) };
  }
}
