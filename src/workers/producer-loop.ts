/**
 * One producer under an open model: every message has an intended send time from the rate
 * schedule, whether or not earlier messages were acknowledged. When the client falls behind,
 * that shows as response time (intended → ack); a message due while the in-flight bound is
 * reached, or refused by a full client queue, is counted as not attempted — never skipped silently.
 */
import { SequenceRecorder } from './sequence-recorder.js';
import type { ClientError, DeliveryReport, ProducerAdapter } from '../clients/client-adapter.js';
import { nowUs } from '../metrics/clock.js';
import { countError, countPartition, emptyProducerCounters } from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, recordUs, resetHistogram } from '../metrics/histogram.js';
import type { ProducerSnapshot } from '../metrics/snapshot-types.js';
import type { PlannedProducer } from '../scenario/plan-types.js';
import { IdleSignal } from '../util/idle-signal.js';
import { createCompra, createCompraEncoder, type CompraEncoder } from '../workload/compras.js';
import { createKeyChooser } from '../workload/key-chooser.js';
import { MESSAGE_HEADER_NAME, MESSAGE_HEADER_SIZE_BYTES, encodeMessageHeader, writeMessageHeader } from '../workload/message-header.js';
import { createRandom, type Random } from '../workload/random.js';
import { scheduleOf, type Schedule } from '../workload/rate-schedule.js';

/** Most messages sent in one turn of the event loop before delivery reports get a chance to run. */
const MAX_SENDS_PER_TURN = 2_000;
/** A message due sooner than this is waited for on the next turn of the event loop, not with a timer. */
const SPIN_BELOW_MS = 0.1;

export class ProducerLoop {
  readonly counters = emptyProducerCounters();
  private inFlight = 0;
  private readonly serviceTime = createLatencyHistogram();
  private readonly responseTime = createLatencyHistogram();
  private readonly random: Random;
  private readonly chooseKey: ReturnType<typeof createKeyChooser>;
  private schedule: Schedule | undefined;
  private nextSequence = 0;
  private measureFromUs = Number.POSITIVE_INFINITY;
  private endUs = Number.POSITIVE_INFINITY;
  /** Messages the schedule plans before `endUs`. */
  private lastSequence = Number.POSITIVE_INFINITY;
  private running = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly idle = new IdleSignal();
  /** Event ids are `<producer index>-<sequence>`. */
  private readonly idPrefix: string;
  private readonly encode: CompraEncoder;
  /**
   * With a client that copies each record when it accepts it, one value Buffer, one header
   * Buffer and one frozen headers object serve every message (nothing allocated per message for
   * them); otherwise each message gets its own.
   */
  private readonly reusedHeader: { buffer: Buffer; headers: Readonly<Record<string, Buffer>> } | undefined;

  constructor(
    readonly planned: PlannedProducer,
    private readonly producer: ProducerAdapter,
    private readonly topic: string,
    /** Told about every client error, to keep samples of their messages. */
    private readonly onClientError: (error: ClientError) => void = () => {},
  ) {
    this.random = createRandom(planned.seed);
    this.chooseKey = createKeyChooser(planned.keys, createRandom(planned.seed ^ 0x5bd1e995));
    this.idPrefix = `${planned.index}-`;
    const reuse = producer.copiesRecordOnSend === true;
    this.encode = createCompraEncoder(planned.messageSizeBytes, reuse);
    if (reuse) {
      const buffer = Buffer.alloc(MESSAGE_HEADER_SIZE_BYTES);
      this.reusedHeader = { buffer, headers: Object.freeze({ [MESSAGE_HEADER_NAME]: buffer }) };
    }
  }

  /**
   * Starts sending at `startUs` and sends nothing intended at or after `endUs`; latencies of
   * messages intended before `measureFromUs` are not recorded.
   */
  start(startUs: number, measureFromUs: number, endUs: number): void {
    this.measureFromUs = measureFromUs;
    this.endUs = endUs;
    this.schedule = scheduleOf(this.planned.load, startUs, this.planned.slice);
    // dueCount(t) counts messages intended at or before t: those intended strictly before endUs.
    if (this.schedule !== undefined) this.lastSequence = this.schedule.dueCount(endUs - 0.001);
    this.running = true;
    const delayMs = Math.max(0, (startUs - nowUs()) / 1000);
    this.timer = setTimeout(() => this.tick(), delayMs);
  }

  /**
   * Sends what the schedule planned before `untilUs` and was not sent yet (a timer firing late
   * must not drop the schedule's last messages), then sends nothing more; resolves when every
   * message in flight has its delivery report, or after `timeoutMs`.
   */
  async stop(untilUs: number, timeoutMs: number): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.running && this.schedule) {
      this.lastSequence = Math.min(this.lastSequence, this.schedule.dueCount(untilUs - 0.001));
      this.sendDue(this.lastSequence, Number.POSITIVE_INFINITY);
    }
    this.running = false;
    if (this.inFlight === 0) return;
    await Promise.race([this.producer.flush(timeoutMs).catch(() => {}), this.idle.wait(timeoutMs)]);
  }

  /** Closes the client (after stop). */
  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Sequence numbers acknowledged / failed since the last snapshot (delivery verification). */
  private readonly ackedSequences = new SequenceRecorder();
  private readonly failedSequences = new SequenceRecorder();

  snapshot(): ProducerSnapshot {
    const snapshot: ProducerSnapshot = {
      producerId: this.planned.id,
      counters: structuredClone(this.counters),
      inFlight: this.inFlight,
      serviceTimeUs: encodeHistogram(this.serviceTime),
      responseTimeUs: encodeHistogram(this.responseTime),
      ackedSequences: this.ackedSequences.take()[0]?.ranges ?? [],
      failedSequences: this.failedSequences.take()[0]?.ranges ?? [],
    };
    resetHistogram(this.serviceTime);
    resetHistogram(this.responseTime);
    return snapshot;
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running) return;
    const now = nowUs();
    if (this.schedule === undefined) {
      if (now >= this.endUs) return;
      // As fast as the client goes: the intended time is the send time. At the in-flight bound,
      // the next delivery report resumes sending (onDelivery).
      for (let sent = 0; this.inFlight < this.planned.maxInFlight && sent < MAX_SENDS_PER_TURN; sent++) {
        const sendUs = nowUs();
        this.sendOne(sendUs, sendUs);
      }
      if (this.inFlight < this.planned.maxInFlight) this.scheduleNextTick(0);
      return;
    }
    const schedule = this.schedule as Schedule;
    const due = Math.min(schedule.dueCount(now), this.lastSequence);
    this.sendDue(due, MAX_SENDS_PER_TURN);
    if (this.nextSequence < due) {
      this.scheduleNextTick(0);
      return;
    }
    const nextIntendedUs = this.nextSequence < this.lastSequence ? schedule.intendedTimeUs(this.nextSequence) : undefined;
    if (nextIntendedUs === undefined) return; // the schedule sends nothing more
    this.scheduleNextTick(Math.max(0, (nextIntendedUs - nowUs()) / 1000));
  }

  /** Sends scheduled messages up to (not including) sequence `due`, at most `maxSends` of them. */
  private sendDue(due: number, maxSends: number): void {
    const schedule = this.schedule as Schedule;
    let sent = 0;
    while (this.nextSequence < due && sent < maxSends) {
      if (this.inFlight >= this.planned.maxInFlight) {
        // Not counted as a client error: the scenario's own in-flight bound was reached.
        this.counters.notAttempted += due - this.nextSequence;
        this.nextSequence = due;
        return;
      }
      this.sendOne(schedule.intendedTimeUs(this.nextSequence) ?? nowUs(), nowUs());
      sent++;
    }
  }

  /**
   * Ticks again on the next turn of the event loop when a message is due (or nearly: within
   * `SPIN_BELOW_MS`), else after a timer of the delay rounded to whole ms (setTimeout waits at
   * least 1 ms). Spinning through setImmediate until a message is due would keep a core busy at
   * 1,000 msg/s (measured: 83 % of a core, and 1.2 s p50 acks at linger 0 on two shared cores).
   */
  private scheduleNextTick(delayMs: number): void {
    if (!this.running) return;
    this.timer = delayMs < SPIN_BELOW_MS ? setImmediate(() => this.tick()) : setTimeout(() => this.tick(), Math.max(1, Math.round(delayMs)));
  }

  /** Builds and sends message `nextSequence`, intended at `intendedUs` and sent at `sentUs` (monotonic µs). */
  private sendOne(intendedUs: number, sentUs: number): void {
    const sequence = this.nextSequence++;
    const compra = createCompra(this.random, this.idPrefix + sequence, Date.now());
    const value = this.encode(compra);
    const sizeBytes = value.length;
    const key = this.chooseKey(compra);
    const reused = this.reusedHeader;
    const headers = reused
      ? (writeMessageHeader(reused.buffer, this.planned.index, sequence, intendedUs), reused.headers)
      : { [MESSAGE_HEADER_NAME]: encodeMessageHeader({ producerIndex: this.planned.index, sequence, intendedUs }) };
    const accepted = this.producer.send({ topic: this.topic, key, value, headers }, (error, report) =>
      this.onDelivery(error, report, sizeBytes, intendedUs, sentUs, sequence),
    );
    if (!accepted) {
      this.counters.notAttempted++;
      countError(this.counters.errors, 'queue-full');
      this.onClientError({ kind: 'queue-full', message: 'the client refused the message: its local queue is full' });
      return;
    }
    this.inFlight++;
    this.counters.sent++;
    this.counters.sentBytes += sizeBytes;
  }

  private onDelivery(error: ClientError | undefined, report: DeliveryReport | undefined, sizeBytes: number, intendedUs: number, sentUs: number, sequence: number): void {
    const ackUs = nowUs();
    this.inFlight--;
    if (error || !report) {
      this.failedSequences.add(this.planned.index, sequence);
      this.counters.failed++;
      const failure = error ?? { kind: 'other' as const, message: 'delivery report without error or partition' };
      countError(this.counters.errors, failure.kind);
      this.onClientError(failure);
    } else {
      this.ackedSequences.add(this.planned.index, sequence);
      this.counters.acked++;
      this.counters.ackedBytes += sizeBytes;
      countPartition(this.counters.ackedByPartition, report.partition);
      if (intendedUs >= this.measureFromUs) {
        recordUs(this.serviceTime, ackUs - sentUs);
        recordUs(this.responseTime, ackUs - intendedUs);
      }
    }
    if (this.running && this.timer === undefined && this.schedule === undefined) this.scheduleNextTick(0);
    if (this.inFlight === 0 && !this.running) this.idle.notifyIdle();
  }
}
