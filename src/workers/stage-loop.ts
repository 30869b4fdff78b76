/**
 * The per-batch engine of a pipeline stage member: reads a batch from its consumer (commit mode
 * `manual`), decodes each `compras` event, spends the stage's processing cost on it (CPU),
 * hands it to the transform, sends the outputs to the output topic and commits the batch's
 * offsets in the order its delivery semantics demand (workload/delivery-semantics.ts):
 *
 * - at-most-once: commit the batch's next offsets, then transform and send; the next batch is
 *   taken while outputs are in flight, up to `maxInFlight`. A failed commit skips the batch
 *   (`skippedUncommitted`); failed outputs are counted and lost.
 * - at-least-once: transform and send, wait for every delivery report, then commit — the batch's
 *   offsets at once, or with those of later batches once `commitIntervalMs` has passed since the
 *   last commit (Kafka Streams commits at-least-once every 30 s; a crash re-reads what was not
 *   committed: the duplicates the semantics allow). A failed output halts the stage
 *   (stage-halt.ts): nothing later is committed over it. A failed commit loses nothing (every
 *   output was acknowledged): it is counted, and its inputs are read again by whoever owns the
 *   partition next — duplicates.
 * - exactly-once: begin, transform and send, `sendOffsets` with the batch's next offsets, then
 *   (every output acknowledged) commit. A refused or failed output, a failed `sendOffsets` or
 *   commit aborts the transaction and halts the stage.
 *
 * A windowed transform's state is checkpointed after each commit and rolled back on a halt, so
 * the batch read again after the restart counts once; see transforms/transform.ts for what a
 * crash loses. Outputs carry the stage's hop entry (workload/hop-header.ts).
 */
import type { ClientError, ConsumedRecord, ConsumerAdapter, DeliveryReport, PartitionOffset, ProducerAdapter, ProducerTransactions } from '../clients/client-adapter.js';
import { nowUs } from '../metrics/clock.js';
import { countError, emptyStageCounters } from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, recordUs, resetHistogram } from '../metrics/histogram.js';
import type { StageSnapshot } from '../metrics/snapshot-types.js';
import { decodeCompra } from '../workload/compras.js';
import type { DeliverySemantics } from '../workload/delivery-semantics.js';
import { HOP_HEADER_NAME, appendHopEntry } from '../workload/hop-header.js';
import { MESSAGE_HEADER_NAME, decodeMessageHeader } from '../workload/message-header.js';
import type { Emit, Transform, TransformOutput } from '../workload/transforms/transform.js';
import { OutputDeliveries } from './output-deliveries.js';
import { burnCpuUs } from './processing-cost.js';
import { SequenceRecorder } from './sequence-recorder.js';
import { clientErrorOf, type StageHalt, type StageStep } from './stage-halt.js';

export interface StageLoopOptions {
  /** The stage member's id in snapshots. */
  stageMemberId: string;
  /** The stage's place in its pipeline, 0 first (written in each output's hop entry). */
  stageIndex: number;
  outputTopic: string;
  /** This member's own instance (a windowed transform's state is the member's). */
  transform: Transform;
  semantics: DeliverySemantics;
  /** CPU time spent on each input record before the transform, µs. */
  processingCostUs: number;
  /** At-most-once: outputs in flight beyond which the stage waits before it takes the next batch. */
  maxInFlight: number;
  /** At-least-once: the least time between two commits (0: after every batch). @default 0 */
  commitIntervalMs?: number;
  /** Told once per halt; the owner restarts the member from the committed offsets (`resumeWith`). */
  onHalt?: (halt: StageHalt) => void;
  /** Told about every client error, to keep samples of their messages. */
  onClientError?: (error: ClientError) => void;
}

/** The outputs of one batch (or of the final flush of a windowed transform's state). */
interface OutputBatch {
  /** When the stage received the batch, monotonic µs. */
  receivedUs: number;
  deliveries: OutputDeliveries;
  /** Exactly-once: outputs acknowledged whose latency counts, recorded when the transaction commits. */
  measuredAcked: number;
}

/** Makes a batch's outputs: the transform's, through `emit`. */
type Fill = (batch: OutputBatch, emit: Emit) => void;

/** The next offset of each partition in `records`: what a commit of the batch stores. */
export function nextOffsets(records: readonly ConsumedRecord[]): PartitionOffset[] {
  const next = new Map<string, PartitionOffset>();
  for (const record of records) {
    const key = `${record.partition}\u0000${record.topic}`;
    const known = next.get(key);
    if (known === undefined) next.set(key, { topic: record.topic, partition: record.partition, offset: record.offset + 1 });
    else known.offset = Math.max(known.offset, record.offset + 1);
  }
  return [...next.values()];
}

export class StageLoop {
  readonly counters = emptyStageCounters();
  private readonly intendedToReceive = createLatencyHistogram();
  private readonly receiveToAck = createLatencyHistogram();
  private readonly filtered = new SequenceRecorder();
  private restarts = 0;
  /** At-most-once: outputs in flight across batches. */
  private readonly inFlight = new OutputDeliveries();
  /** At-least-once, exactly-once: the deliveries of the batch being handled. */
  private batchDeliveries: OutputDeliveries | undefined;
  private commit: (offsets: PartitionOffset[]) => Promise<void> = async () => {};
  /** At-least-once: offsets whose outputs are all acknowledged, not committed yet (partition key → offset). */
  private readonly uncommitted = new Map<string, PartitionOffset>();
  private lastCommitMs = Date.now();
  private transactions: ProducerTransactions | undefined;
  private halt: StageHalt | undefined;
  private stopped = false;
  /** The batch being handled (stop waits for it). */
  private current: Promise<void> = Promise.resolve();
  private measureFromUs = Number.POSITIVE_INFINITY;

  constructor(
    private consumer: ConsumerAdapter,
    private producer: ProducerAdapter,
    private readonly options: StageLoopOptions,
  ) {
    this.bind(consumer, producer);
  }

  /** Latencies of inputs (and outputs) intended before `measureFromUs` (the warm-up) are not recorded. */
  measureFrom(measureFromUs: number): void {
    this.measureFromUs = measureFromUs;
  }

  /** Handles one batch (the consumer's `onRecords`): resolves when the next batch may be handed over. */
  handleBatch(records: ConsumedRecord[]): Promise<void> {
    const handled = this.handle(records);
    this.current = handled;
    return handled;
  }

  /** Whether a batch handed over now would be processed (not halted, not stopping). */
  get accepting(): boolean {
    return this.halt === undefined && !this.stopped;
  }

  /** The halt the stage waits in, if any. */
  get halted(): StageHalt | undefined {
    return this.halt;
  }

  /**
   * After a halt: goes on with a new consumer of the group, started from the committed offsets
   * (and a new producer when the old one could not abort). The windowed state was rolled back
   * to the last commit when the stage halted.
   */
  resumeWith(consumer: ConsumerAdapter, producer: ProducerAdapter = this.producer): void {
    if (this.halt === undefined) throw new Error('the stage is not halted');
    this.bind(consumer, producer);
    this.halt = undefined;
    this.restarts++;
  }

  /**
   * Takes no more batches, waits for the one being handled, emits what a windowed transform still
   * holds (per the semantics; not after a halt: the restart owns that state) and waits up to
   * `timeoutMs` for outputs in flight.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    await this.current;
    const state = this.options.transform.state;
    const flush = state.kind === 'windowed' && this.halt === undefined && state.heldInputs() > 0 ? this.deliver([], nowUs(), 0, (_batch, emit) => state.flushAll(emit)) : Promise.resolve();
    await within(
      flush.then(() => this.inFlight.atMost(0)),
      timeoutMs,
    );
    if (this.options.semantics === 'at-least-once' && this.halt === undefined) await within(this.commitAcknowledged(), timeoutMs);
  }

  snapshot(): StageSnapshot {
    const state = this.options.transform.state;
    const snapshot: StageSnapshot = {
      stageMemberId: this.options.stageMemberId,
      counters: structuredClone(this.counters),
      inFlight: this.inFlight.inFlight + (this.batchDeliveries?.inFlight ?? 0),
      heldInputs: state.kind === 'windowed' ? state.heldInputs() : 0,
      halted: this.halt !== undefined,
      intendedToReceiveUs: encodeHistogram(this.intendedToReceive),
      receiveToAckUs: encodeHistogram(this.receiveToAck),
      filteredSequences: this.filtered.take(),
      restarts: this.restarts,
    };
    resetHistogram(this.intendedToReceive);
    resetHistogram(this.receiveToAck);
    return snapshot;
  }

  private bind(consumer: ConsumerAdapter, producer: ProducerAdapter): void {
    if (consumer.commit === undefined) throw new Error('a pipeline stage needs a consumer that commits on demand (commitMode "manual")');
    if (this.options.semantics === 'exactly-once' && producer.transactions === undefined) throw new Error('an exactly-once stage needs a transactional producer (transactionalId)');
    this.consumer = consumer;
    this.producer = producer;
    this.commit = consumer.commit.bind(consumer);
    this.transactions = producer.transactions;
  }

  private async handle(records: ConsumedRecord[]): Promise<void> {
    this.counters.consumed += records.length;
    if (this.halt !== undefined || this.stopped) {
      this.counters.skippedWhileHalted += records.length;
      return;
    }
    if (records.length === 0) return;
    await this.deliver(nextOffsets(records), nowUs(), records.length, (batch, emit) => this.transformRecords(records, batch, emit));
  }

  /** Makes a batch's outputs with `fill` and commits `offsets` (none for the final flush) in the order the semantics demand. */
  private deliver(offsets: PartitionOffset[], receivedUs: number, inputs: number, fill: Fill): Promise<void> {
    switch (this.options.semantics) {
      case 'at-most-once':
        return this.atMostOnce(offsets, receivedUs, inputs, fill);
      case 'at-least-once':
        return this.atLeastOnce(offsets, receivedUs, fill);
      case 'exactly-once':
        return this.exactlyOnce(offsets, receivedUs, inputs, fill);
    }
  }

  private async atMostOnce(offsets: PartitionOffset[], receivedUs: number, inputs: number, fill: Fill): Promise<void> {
    if (offsets.length > 0) {
      try {
        await this.commit(offsets);
      } catch (reason) {
        this.countFailure(clientErrorOf(reason));
        this.counters.skippedUncommitted += inputs;
        return;
      }
      this.counters.committedBatches++;
    }
    this.fillBatch({ receivedUs, deliveries: this.inFlight, measuredAcked: 0 }, fill);
    await this.inFlight.atMost(this.options.maxInFlight);
  }

  private async atLeastOnce(offsets: PartitionOffset[], receivedUs: number, fill: Fill): Promise<void> {
    const batch = this.fillBatch({ receivedUs, deliveries: new OutputDeliveries(), measuredAcked: 0 }, fill);
    await batch.deliveries.atMost(0);
    const failure = batch.deliveries.firstFailure;
    if (failure !== undefined) return this.stopOn('send', failure, 0);
    for (const offset of offsets) this.uncommitted.set(`${offset.partition}\u0000${offset.topic}`, { ...offset });
    if (Date.now() - this.lastCommitMs >= (this.options.commitIntervalMs ?? 0)) await this.commitAcknowledged();
    this.checkpoint();
  }

  /** At-least-once: commits the offsets whose outputs are all acknowledged; a failure is counted (their inputs are read again: duplicates, nothing lost). */
  private async commitAcknowledged(): Promise<void> {
    if (this.uncommitted.size === 0) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    this.lastCommitMs = Date.now();
    try {
      await this.commit(offsets);
    } catch (reason) {
      this.countFailure(clientErrorOf(reason));
      this.counters.failedCommits++;
      return;
    }
    this.counters.committedBatches++;
  }

  private async exactlyOnce(offsets: PartitionOffset[], receivedUs: number, inputs: number, fill: Fill): Promise<void> {
    const transactions = this.transactions as ProducerTransactions;
    try {
      await transactions.begin();
    } catch (reason) {
      return this.stopOn('begin', this.countFailure(clientErrorOf(reason)), inputs);
    }
    const batch = this.fillBatch({ receivedUs, deliveries: new OutputDeliveries(), measuredAcked: 0 }, fill);
    const failed = await this.completeTransaction(transactions, offsets, batch);
    if (failed !== undefined) {
      this.counters.abortedTransactions++;
      this.counters.abortedOutputs += batch.deliveries.sent;
      let abortError: ClientError | undefined;
      await transactions.abort().catch((reason: unknown) => {
        abortError = this.countFailure(clientErrorOf(reason));
      });
      return this.stopOn(failed.step, failed.error, 0, abortError);
    }
    if (offsets.length > 0) this.counters.committedBatches++;
    const committedUs = nowUs();
    for (let i = 0; i < batch.measuredAcked; i++) recordUs(this.receiveToAck, committedUs - receivedUs);
    this.checkpoint();
  }

  /** `sendOffsets`, every output acknowledged, then commit: the failed step, or undefined once committed. */
  private async completeTransaction(transactions: ProducerTransactions, offsets: PartitionOffset[], batch: OutputBatch): Promise<{ step: StageStep; error: ClientError } | undefined> {
    const refused = batch.deliveries.firstFailure;
    if (refused !== undefined) return { step: 'send', error: refused };
    let offsetsError: ClientError | undefined;
    const offsetsSent = offsets.length === 0 ? undefined : transactions.sendOffsets(this.consumer, offsets).catch((reason: unknown) => {
      offsetsError = this.countFailure(clientErrorOf(reason));
    });
    await Promise.all([offsetsSent, batch.deliveries.atMost(0)]);
    const failure = batch.deliveries.firstFailure;
    if (failure !== undefined) return { step: 'send', error: failure };
    if (offsetsError !== undefined) return { step: 'send-offsets', error: offsetsError };
    try {
      await transactions.commit();
    } catch (reason) {
      return { step: 'commit-transaction', error: this.countFailure(clientErrorOf(reason)) };
    }
    return undefined;
  }

  private fillBatch(batch: OutputBatch, fill: Fill): OutputBatch {
    if (batch.deliveries !== this.inFlight) this.batchDeliveries = batch.deliveries;
    fill(batch, (output) => this.send(output, batch));
    return batch;
  }

  /** Decodes each record, spends the processing cost and hands it to the transform. */
  private transformRecords(records: ConsumedRecord[], batch: OutputBatch, emit: Emit): void {
    const { transform, processingCostUs } = this.options;
    const counters = this.counters;
    const receivedUs = batch.receivedUs;
    for (const record of records) {
      const origin = decodeMessageHeader(record.headers[MESSAGE_HEADER_NAME]);
      if (origin === undefined) {
        counters.foreign++;
        continue;
      }
      const compra = decodeCompra(record.value);
      if (compra === undefined) {
        counters.undecodable++;
        continue;
      }
      if (origin.intendedUs >= this.measureFromUs) recordUs(this.intendedToReceive, receivedUs - origin.intendedUs);
      burnCpuUs(processingCostUs);
      const fate = transform.apply({ compra, key: record.key, value: record.value, headers: record.headers, origin, receivedUs }, emit);
      counters[fate]++;
      if (fate === 'filtered') this.filtered.add(origin.producerIndex, origin.sequence);
    }
  }

  /** Stamps the stage's hop entry on an output and hands it to the producer. */
  private send(output: TransformOutput, batch: OutputBatch): void {
    const headers = output.headers;
    headers[HOP_HEADER_NAME] = appendHopEntry(headers[HOP_HEADER_NAME], { stageIndex: this.options.stageIndex, receivedUs: batch.receivedUs, sentUs: nowUs() });
    const measured = output.intendedUs >= this.measureFromUs;
    const accepted = this.producer.send({ topic: this.options.outputTopic, key: output.key, value: output.value, headers }, (error, report) =>
      this.onDelivery(error, report, batch, measured),
    );
    if (!accepted) {
      this.counters.notAttempted++;
      batch.deliveries.refused(this.countFailure({ kind: 'queue-full', message: 'the client refused the output: its local queue is full' }));
      return;
    }
    this.counters.produced++;
    batch.deliveries.accepted();
  }

  private onDelivery(error: ClientError | undefined, report: DeliveryReport | undefined, batch: OutputBatch, measured: boolean): void {
    if (error !== undefined || report === undefined) {
      this.counters.failed++;
      batch.deliveries.reported(this.countFailure(error ?? { kind: 'other', message: 'delivery report without error or partition' }));
      return;
    }
    this.counters.acked++;
    if (measured) {
      if (this.options.semantics === 'exactly-once') batch.measuredAcked++;
      else recordUs(this.receiveToAck, nowUs() - batch.receivedUs);
    }
    batch.deliveries.reported(undefined);
  }

  /** Counts an error by kind and passes it on; returns it. */
  private countFailure(error: ClientError): ClientError {
    countError(this.counters.errors, error.kind);
    this.options.onClientError?.(error);
    return error;
  }

  private checkpoint(): void {
    const state = this.options.transform.state;
    if (state.kind === 'windowed') state.checkpoint();
  }

  /**
   * Halts on a failure: the windowed state goes back to the last commit, the consumer stops
   * fetching, later batches are skipped uncommitted until `resumeWith`; `unprocessed` inputs of
   * this batch were not handed to the transform.
   */
  private stopOn(step: StageStep, error: ClientError, unprocessed: number, abortError?: ClientError): void {
    this.counters.skippedWhileHalted += unprocessed;
    const state = this.options.transform.state;
    if (state.kind === 'windowed') state.rollback();
    this.halt = { step, error, ...(abortError === undefined ? {} : { abortError }), atUs: nowUs() };
    this.consumer.pause();
    this.options.onHalt?.(this.halt);
  }
}

/** Waits for `promise`, at most `timeoutMs`. */
async function within(promise: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
