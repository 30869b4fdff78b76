/**
 * The stage loop's order of operations per delivery semantics, over fake adapters that log every
 * call (commits, sends, delivery reports, transaction steps): at-most-once commits before it
 * sends, at-least-once commits after the last delivery report, exactly-once runs begin → sends →
 * sendOffsets → commit and aborts on any failure, halting so nothing later is committed over it.
 * Also: headers carried and hops stamped, fates counted, windowed state rolled back, the
 * processing cost spent. Real brokers come when the stage is wired into runs.
 */
import { describe, expect, it } from 'vitest';
import type {
  ClientError,
  ConsumedRecord,
  ConsumerAdapter,
  DeliveryCallback,
  PartitionOffset,
  ProduceRecord,
  ProducerAdapter,
  ProducerTransactions,
} from '../../src/clients/client-adapter.js';
import { nowUs } from '../../src/metrics/clock.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { createCompra, encodeCompra, type Compra } from '../../src/workload/compras.js';
import type { DeliverySemantics } from '../../src/workload/delivery-semantics.js';
import { HOP_HEADER_NAME, appendHopEntry, decodeHopHeader } from '../../src/workload/hop-header.js';
import { MESSAGE_HEADER_NAME, decodeMessageHeader, encodeMessageHeader } from '../../src/workload/message-header.js';
import { createRandom } from '../../src/workload/random.js';
import { AGGREGATE_HEADER_NAME, decodeAggregateHeader } from '../../src/workload/transforms/aggregate-header.js';
import type { Transform } from '../../src/workload/transforms/transform.js';
import { createTransform, type TransformSettings } from '../../src/workload/transforms/transforms.js';
import { burnCpuUs } from '../../src/workers/processing-cost.js';
import type { StageHalt } from '../../src/workers/stage-halt.js';
import { StageLoop, nextOffsets, type StageLoopOptions } from '../../src/workers/stage-loop.js';

const INPUT = 'compras';
const OUTPUT = 'compras-out';
const TIMEOUT: ClientError = { kind: 'timeout', message: 'request timed out' };
const FENCED: ClientError = { kind: 'other', message: 'producer fenced' };

/** One turn of the event loop: every promise callback due has run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const offsetsText = (offsets: PartitionOffset[]): string => offsets.map((o) => `p${o.partition}@${o.offset}`).join(' ');

/** What the logs call an output: its input's sequence, or `<store>` for an aggregate. */
function outputName(record: ProduceRecord): string {
  const origin = decodeMessageHeader(record.headers?.[MESSAGE_HEADER_NAME]);
  return origin === undefined ? `<${record.key?.toString()}>` : String(origin.sequence);
}

/** A promise settled from outside. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: ClientError) => void } {
  let resolve = (): void => {};
  let reject = (_error: ClientError): void => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeConsumer implements ConsumerAdapter {
  /** What the next commit does (resolves by default). */
  commitOutcome: () => Promise<void> = async () => {};
  constructor(
    private readonly log: string[],
    private readonly name = '',
  ) {}
  connect = async (): Promise<void> => {};
  start = async (): Promise<void> => {};
  disconnect = async (): Promise<void> => {};
  pause(): void {
    this.log.push(`pause${this.name}`);
  }
  resume(): void {}
  commit(offsets: PartitionOffset[]): Promise<void> {
    this.log.push(`commit${this.name} ${offsetsText(offsets)}`);
    return this.commitOutcome();
  }
  effectiveConfig = (): Record<string, string> => ({});
}

class FakeProducer implements ProducerAdapter {
  readonly sent: ProduceRecord[] = [];
  private readonly pending = new Map<string, DeliveryCallback>();
  /** When set, every send is reported on a microtask: acked, or failed with what it returns. */
  autoReport: ((record: ProduceRecord) => ClientError | undefined) | undefined;
  refuse = false;
  transactions: ProducerTransactions | undefined;

  constructor(private readonly log: string[]) {}

  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean {
    const name = outputName(record);
    if (this.refuse) {
      this.log.push(`refused ${name}`);
      return false;
    }
    this.log.push(`send ${name}`);
    this.sent.push(record);
    this.pending.set(name, onDelivery);
    const auto = this.autoReport;
    if (auto !== undefined) queueMicrotask(() => this.report(name, auto(record)));
    return true;
  }

  /** Reports on the output named `name`: acked, or failed with `error`. */
  report(name: string, error?: ClientError): void {
    const callback = this.pending.get(name);
    if (callback === undefined) throw new Error(`no output ${name} in flight`);
    this.pending.delete(name);
    this.log.push(`${error ? 'fail' : 'ack'} ${name}`);
    callback(error, error ? undefined : { partition: 0, offset: '0' });
  }

  connect = async (): Promise<void> => {};
  flush = async (): Promise<void> => {};
  disconnect = async (): Promise<void> => {};
  effectiveConfig = (): Record<string, string> => ({});
}

/** Which transaction steps fail, and how: read at each call, so a test may change it between batches. */
type TransactionFailures = Partial<Record<'begin' | 'sendOffsets' | 'commit' | 'abort', ClientError>>;

/** Transactions that log each step and fail the steps named in `failures`. */
function loggedTransactions(log: string[], failures: TransactionFailures = {}): ProducerTransactions {
  const step = (name: keyof TransactionFailures, text: string): Promise<void> => {
    log.push(text);
    const failure = failures[name];
    return failure ? Promise.reject(failure) : Promise.resolve();
  };
  return {
    begin: () => step('begin', 'begin'),
    sendOffsets: (_consumer, offsets) => step('sendOffsets', `sendOffsets ${offsetsText(offsets)}`),
    commit: () => step('commit', 'commitTransaction'),
    abort: () => step('abort', 'abort'),
  };
}

const random = createRandom(3);

/** A kbench input record: sequence `sequence` of producer 0, intended at `intendedUs`. */
function record(partition: number, offset: number, sequence: number, overrides: Partial<Compra> = {}, intendedUs = nowUs(), headers: Record<string, Buffer> = {}): ConsumedRecord {
  const compra = { ...createCompra(random, `0-${sequence}`, 0), ...overrides };
  return {
    topic: INPUT,
    partition,
    offset,
    key: Buffer.from(compra.customer),
    value: encodeCompra(compra),
    headers: { [MESSAGE_HEADER_NAME]: encodeMessageHeader({ producerIndex: 0, sequence, intendedUs }), ...headers },
    timestampMs: 0,
  };
}

/** Records at offsets `fromOffset`… of partition 0, sequences from `fromSequence`. */
function batch(count: number, fromOffset = 10, fromSequence = 0): ConsumedRecord[] {
  return Array.from({ length: count }, (_, i) => record(0, fromOffset + i, fromSequence + i));
}

interface Harness {
  log: string[];
  consumer: FakeConsumer;
  producer: FakeProducer;
  loop: StageLoop;
  halts: StageHalt[];
}

function stage(semantics: DeliverySemantics, options: Partial<StageLoopOptions> & { transformSettings?: TransformSettings; failures?: TransactionFailures } = {}): Harness {
  const log: string[] = [];
  const consumer = new FakeConsumer(log);
  const producer = new FakeProducer(log);
  if (semantics === 'exactly-once') producer.transactions = loggedTransactions(log, options.failures);
  const halts: StageHalt[] = [];
  const transform: Transform = options.transform ?? createTransform(options.transformSettings ?? { type: 'enrich' });
  const loop = new StageLoop(consumer, producer, {
    stageMemberId: 'stage-0#1',
    stageIndex: 0,
    outputTopic: OUTPUT,
    semantics,
    processingCostUs: 0,
    maxInFlight: 1_000,
    onHalt: (halt) => halts.push(halt),
    ...options,
    transform,
  });
  loop.measureFrom(0);
  return { log, consumer, producer, loop, halts };
}

/** Tracks whether a promise has settled. */
function watch(promise: Promise<void>): { done: () => boolean } {
  let done = false;
  void promise.then(() => (done = true));
  return { done: () => done };
}

describe('nextOffsets', () => {
  it('is the offset after the last record of each partition', () => {
    expect(nextOffsets([record(0, 10, 0), record(0, 11, 1), record(2, 5, 2), record(0, 12, 3)])).toEqual([
      { topic: INPUT, partition: 0, offset: 13 },
      { topic: INPUT, partition: 2, offset: 6 },
    ]);
  });
});

describe('at-most-once', () => {
  it('commits the batch before it sends anything', async () => {
    const { log, consumer, producer, loop } = stage('at-most-once');
    const commit = deferred();
    consumer.commitOutcome = () => commit.promise;
    producer.autoReport = () => undefined;
    const handled = loop.handleBatch(batch(3));
    await settle();
    expect(log).toEqual(['commit p0@13']);
    commit.resolve();
    await handled;
    expect(log).toEqual(['commit p0@13', 'send 0', 'send 1', 'send 2', 'ack 0', 'ack 1', 'ack 2']);
    expect(loop.counters).toMatchObject({ consumed: 3, transformed: 3, produced: 3, acked: 3, committedBatches: 1 });
  });

  it('takes the next batch while outputs are in flight, up to its bound', async () => {
    const { producer, loop } = stage('at-most-once', { maxInFlight: 1 });
    const handled = watch(loop.handleBatch(batch(3)));
    await settle();
    expect(producer.sent).toHaveLength(3);
    producer.report('0');
    await settle();
    expect(handled.done()).toBe(false);
    producer.report('1');
    await settle();
    expect(handled.done()).toBe(true);
    expect(loop.snapshot().inFlight).toBe(1);
  });

  it('skips a batch whose commit failed, and loses failed outputs without halting', async () => {
    const { log, consumer, producer, loop, halts } = stage('at-most-once');
    consumer.commitOutcome = () => Promise.reject(TIMEOUT);
    await loop.handleBatch(batch(3));
    expect(log).toEqual(['commit p0@13']);
    expect(loop.counters).toMatchObject({ consumed: 3, skippedUncommitted: 3, produced: 0, committedBatches: 0, errors: { timeout: 1 } });

    consumer.commitOutcome = async () => {};
    producer.autoReport = (output) => (outputName(output) === '4' ? TIMEOUT : undefined);
    await loop.handleBatch(batch(2, 13, 3));
    await settle();
    expect(loop.counters).toMatchObject({ produced: 2, acked: 1, failed: 1, committedBatches: 1, errors: { timeout: 2 } });
    expect(halts).toEqual([]);
    expect(log).not.toContain('pause');
  });
});

describe('at-least-once', () => {
  it('commits only after the last delivery report', async () => {
    const { log, producer, loop } = stage('at-least-once');
    const handled = loop.handleBatch(batch(3));
    await settle();
    expect(log).toEqual(['send 0', 'send 1', 'send 2']);
    producer.report('0');
    producer.report('2');
    await settle();
    expect(log).not.toContain('commit p0@13');
    producer.report('1');
    await handled;
    expect(log).toEqual(['send 0', 'send 1', 'send 2', 'ack 0', 'ack 2', 'ack 1', 'commit p0@13']);
    const snapshot = loop.snapshot();
    expect(decodeHistogram(snapshot.receiveToAckUs).totalCount).toBe(3);
    expect(decodeHistogram(snapshot.intendedToReceiveUs).totalCount).toBe(3);
    expect(snapshot.counters.committedBatches).toBe(1);
  });

  it('commits the next offset of every partition in the batch', async () => {
    const { log, producer, loop } = stage('at-least-once');
    producer.autoReport = () => undefined;
    await loop.handleBatch([record(0, 10, 0), record(0, 11, 1), record(1, 5, 2)]);
    expect(log.at(-1)).toBe('commit p0@12 p1@6');
  });

  it('halts on a failed output: no commit, the consumer paused, later batches skipped until a restart', async () => {
    const { log, producer, loop, halts } = stage('at-least-once');
    producer.autoReport = (output) => (outputName(output) === '1' ? TIMEOUT : undefined);
    await loop.handleBatch(batch(3));
    expect(log).toEqual(['send 0', 'send 1', 'send 2', 'ack 0', 'fail 1', 'ack 2', 'pause']);
    expect(halts).toMatchObject([{ step: 'send', error: TIMEOUT }]);
    expect(loop.halted?.step).toBe('send');

    await loop.handleBatch(batch(2, 13, 3));
    expect(log.at(-1)).toBe('pause');
    expect(loop.counters).toMatchObject({ consumed: 5, skippedWhileHalted: 2, committedBatches: 0, failed: 1 });
    expect(loop.snapshot().halted).toBe(true);

    // The owner restarts the member: a new consumer of the group reads from the committed offsets.
    const restarted = new FakeConsumer(log, '#2');
    loop.resumeWith(restarted);
    producer.autoReport = () => undefined;
    await loop.handleBatch(batch(3));
    expect(log.at(-1)).toBe('commit#2 p0@13');
    expect(loop.counters.committedBatches).toBe(1);
  });

  it('counts a failed commit and goes on without halting: every output was acknowledged, the inputs are only read again', async () => {
    const { log, consumer, producer, loop, halts } = stage('at-least-once');
    producer.autoReport = () => undefined;
    consumer.commitOutcome = () => Promise.reject(TIMEOUT);
    await loop.handleBatch(batch(2));
    expect(halts).toEqual([]);
    expect(loop.counters).toMatchObject({ failedCommits: 1, committedBatches: 0, errors: { timeout: 1 } });
    consumer.commitOutcome = async () => {};
    await loop.handleBatch(batch(2, 12, 2));
    // The failed offsets are not retried: the next commit carries the newer batch's.
    expect(log.at(-1)).toBe('commit p0@14');
    expect(loop.counters.committedBatches).toBe(1);
  });

  it('with a commit interval, commits the acknowledged batches together once it has passed, and what is left when it stops', async () => {
    const { log, producer, loop } = stage('at-least-once', { commitIntervalMs: 60_000 });
    producer.autoReport = () => undefined;
    await loop.handleBatch(batch(2, 10, 0));
    await loop.handleBatch([record(1, 5, 2)]);
    await loop.handleBatch(batch(2, 12, 3));
    expect(log.filter((line) => line.startsWith('commit'))).toEqual([]);
    await loop.stop(1_000);
    expect(log.filter((line) => line.startsWith('commit'))).toEqual(['commit p0@14 p1@6']);
    expect(loop.counters.committedBatches).toBe(1);
  });
});

describe('exactly-once', () => {
  it('runs begin → sends → sendOffsets → commit, after every output is acknowledged, and never commits through the consumer', async () => {
    const { log, producer, loop } = stage('exactly-once');
    producer.autoReport = () => undefined;
    await loop.handleBatch(batch(3));
    expect(log).toEqual(['begin', 'send 0', 'send 1', 'send 2', 'sendOffsets p0@13', 'ack 0', 'ack 1', 'ack 2', 'commitTransaction']);
    expect(loop.counters).toMatchObject({ committedBatches: 1, acked: 3, abortedTransactions: 0 });
    expect(decodeHistogram(loop.snapshot().receiveToAckUs).totalCount).toBe(3);
  });

  it('commits a batch whose every input was filtered out: its offsets still go in a transaction', async () => {
    const { log, loop } = stage('exactly-once', { transformSettings: { type: 'filter', categories: ['libros'] } });
    await loop.handleBatch([record(0, 10, 0, { category: 'ropa' })]);
    expect(log).toEqual(['begin', 'sendOffsets p0@11', 'commitTransaction']);
    expect(loop.counters).toMatchObject({ filtered: 1, produced: 0, committedBatches: 1 });
  });

  it('aborts on a failed output and halts: the next batch is neither begun nor committed', async () => {
    const { log, producer, loop, halts } = stage('exactly-once');
    producer.autoReport = (output) => (outputName(output) === '1' ? TIMEOUT : undefined);
    await loop.handleBatch(batch(3));
    expect(log).toEqual(['begin', 'send 0', 'send 1', 'send 2', 'sendOffsets p0@13', 'ack 0', 'fail 1', 'ack 2', 'abort', 'pause']);
    expect(halts).toMatchObject([{ step: 'send', error: TIMEOUT }]);
    expect(loop.counters).toMatchObject({ abortedTransactions: 1, abortedOutputs: 3, committedBatches: 0 });

    const before = log.length;
    await loop.handleBatch(batch(2, 13, 3));
    expect(log.length).toBe(before);
    expect(loop.counters.skippedWhileHalted).toBe(2);
  });

  it('aborts without sendOffsets when the producer refuses an output', async () => {
    const { log, producer, loop, halts } = stage('exactly-once');
    producer.refuse = true;
    await loop.handleBatch(batch(1));
    expect(log).toEqual(['begin', 'refused 0', 'abort', 'pause']);
    expect(halts[0]?.error.kind).toBe('queue-full');
    expect(loop.counters.notAttempted).toBe(1);
  });

  it('aborts when sendOffsets or the commit fails, and reports a failed abort', async () => {
    const offsets = stage('exactly-once', { failures: { sendOffsets: TIMEOUT } });
    offsets.producer.autoReport = () => undefined;
    await offsets.loop.handleBatch(batch(1));
    expect(offsets.log).toEqual(['begin', 'send 0', 'sendOffsets p0@11', 'ack 0', 'abort', 'pause']);
    expect(offsets.halts).toMatchObject([{ step: 'send-offsets', error: TIMEOUT }]);

    const commit = stage('exactly-once', { failures: { commit: TIMEOUT, abort: FENCED } });
    commit.producer.autoReport = () => undefined;
    await commit.loop.handleBatch(batch(1));
    expect(commit.log).toEqual(['begin', 'send 0', 'sendOffsets p0@11', 'ack 0', 'commitTransaction', 'abort', 'pause']);
    expect(commit.halts).toMatchObject([{ step: 'commit-transaction', error: TIMEOUT, abortError: FENCED }]);
    expect(commit.loop.counters.errors).toEqual({ timeout: 1, other: 1 });
  });

  it('halts before processing when begin fails', async () => {
    const { log, loop, halts } = stage('exactly-once', { failures: { begin: TIMEOUT } });
    await loop.handleBatch(batch(2));
    expect(log).toEqual(['begin', 'pause']);
    expect(halts).toMatchObject([{ step: 'begin' }]);
    expect(loop.counters).toMatchObject({ consumed: 2, skippedWhileHalted: 2, transformed: 0 });
  });

  it('rolls a windowed state back on abort, so the batch read again after the restart counts once', async () => {
    const failures: TransactionFailures = {};
    const aggregate = createTransform({ type: 'aggregate', window: '1s', grace: '1s' });
    const { log, producer, loop } = stage('exactly-once', { transform: aggregate, failures });
    producer.autoReport = () => undefined;
    const at = 5_000_000;
    const purchase = (offset: number, sequence: number): ConsumedRecord => record(0, offset, sequence, { store: 'online', total: 1 }, at + sequence);
    const held = (): number => loop.snapshot().heldInputs;

    await loop.handleBatch([purchase(10, 0), purchase(11, 1)]);
    expect(held()).toBe(2);
    failures.commit = TIMEOUT;
    await loop.handleBatch([purchase(12, 2), purchase(13, 3)]);
    expect(loop.counters.aggregated).toBe(4);
    expect(held()).toBe(2);
    expect(log).toEqual(['begin', 'sendOffsets p0@12', 'commitTransaction', 'begin', 'sendOffsets p0@14', 'commitTransaction', 'abort', 'pause']);

    delete failures.commit;
    loop.resumeWith(new FakeConsumer(log, '#2'));
    await loop.handleBatch([purchase(12, 2), purchase(13, 3)]);
    expect(held()).toBe(4);
    await loop.stop(10_000);
    expect(log.slice(8)).toEqual(['begin', 'sendOffsets p0@14', 'commitTransaction', 'begin', 'send <online>', 'ack <online>', 'commitTransaction']);
    const output = producer.sent.at(-1);
    expect(decodeAggregateHeader(output?.headers?.[AGGREGATE_HEADER_NAME])).toMatchObject({ inputCount: 4, minIntendedUs: at, maxIntendedUs: at + 3 });
    expect(JSON.parse(output?.value.toString() ?? '{}')).toMatchObject({ store: 'online', count: 4, totalSum: 4 });
    expect(held()).toBe(0);
  });
});

describe('records and headers', () => {
  it("carries the input's kb header unchanged and appends the stage's hop entry to the hops so far", async () => {
    const { producer, loop } = stage('at-least-once', { stageIndex: 2 });
    producer.autoReport = () => undefined;
    const earlier = appendHopEntry(undefined, { stageIndex: 1, receivedUs: 1, sentUs: 2 });
    const inputs = [record(0, 10, 0), record(0, 11, 1, {}, nowUs(), { [HOP_HEADER_NAME]: earlier })];
    const beforeUs = nowUs();
    await loop.handleBatch(inputs);
    const afterUs = nowUs();
    expect(producer.sent.map((output) => output.topic)).toEqual([OUTPUT, OUTPUT]);
    for (const [i, output] of producer.sent.entries()) {
      expect(output.headers?.[MESSAGE_HEADER_NAME]?.equals(inputs[i]?.headers[MESSAGE_HEADER_NAME] as Buffer)).toBe(true);
      expect(output.key).toBe(inputs[i]?.key);
      const hops = decodeHopHeader(output.headers?.[HOP_HEADER_NAME]) ?? [];
      const own = hops.at(-1);
      expect(own?.stageIndex).toBe(2);
      expect(own?.receivedUs).toBeGreaterThanOrEqual(beforeUs);
      expect(own?.sentUs).toBeGreaterThanOrEqual(own?.receivedUs ?? Infinity);
      expect(own?.sentUs).toBeLessThanOrEqual(afterUs);
      expect(hops).toHaveLength(i + 1);
    }
    expect(decodeHopHeader(producer.sent[1]?.headers?.[HOP_HEADER_NAME])?.[0]).toEqual({ stageIndex: 1, receivedUs: 1, sentUs: 2 });
  });

  it('counts filtered, foreign and undecodable inputs, and commits their offsets with the batch', async () => {
    const { log, producer, loop } = stage('at-least-once', { transformSettings: { type: 'filter', categories: ['electronica'] } });
    producer.autoReport = () => undefined;
    const foreign: ConsumedRecord = { ...record(0, 12, 2), headers: {} };
    const undecodable: ConsumedRecord = { ...record(0, 13, 3), value: Buffer.from('{"id":') };
    await loop.handleBatch([record(0, 10, 0, { category: 'electronica' }), record(0, 11, 1, { category: 'ropa' }), foreign, undecodable]);
    expect(loop.counters).toMatchObject({ consumed: 4, transformed: 1, filtered: 1, foreign: 1, undecodable: 1, produced: 1, acked: 1 });
    expect(log).toEqual(['send 0', 'ack 0', 'commit p0@14']);
  });

  it('does not record latencies of inputs intended before the measured part of the run', async () => {
    const { producer, loop } = stage('at-least-once');
    producer.autoReport = () => undefined;
    loop.measureFrom(1_000);
    await loop.handleBatch([record(0, 10, 0, {}, 999), record(0, 11, 1, {}, 1_000)]);
    const snapshot = loop.snapshot();
    expect(decodeHistogram(snapshot.intendedToReceiveUs).totalCount).toBe(1);
    expect(decodeHistogram(snapshot.receiveToAckUs).totalCount).toBe(1);
  });

  it('emits what a windowed transform holds when it stops, and takes no batch after', async () => {
    const { log, producer, loop } = stage('at-least-once', { transformSettings: { type: 'aggregate', window: '1s', grace: '1s' } });
    producer.autoReport = () => undefined;
    await loop.handleBatch([record(0, 10, 0, { store: 'online' }, 7_000_000), record(0, 11, 1, { store: 'bilbao-abando' }, 7_100_000)]);
    expect(log).toEqual(['commit p0@12']);
    await loop.stop(10_000);
    expect(log).toEqual(['commit p0@12', 'send <online>', 'send <bilbao-abando>', 'ack <online>', 'ack <bilbao-abando>']);
    await loop.handleBatch(batch(1, 12, 2));
    expect(loop.counters.skippedWhileHalted).toBe(1);
  });

  it('refuses adapters that cannot carry out the semantics', () => {
    const log: string[] = [];
    const options = { stageMemberId: 's', stageIndex: 0, outputTopic: OUTPUT, transform: createTransform({ type: 'enrich' }), processingCostUs: 0, maxInFlight: 1 };
    const withoutCommit = Object.assign(new FakeConsumer(log), { commit: undefined });
    expect(() => new StageLoop(withoutCommit, new FakeProducer(log), { ...options, semantics: 'at-least-once' })).toThrow(/commitMode "manual"/);
    expect(() => new StageLoop(new FakeConsumer(log), new FakeProducer(log), { ...options, semantics: 'exactly-once' })).toThrow(/transactional producer/);
  });
});

describe('processing cost', () => {
  it('spends the cost on every input before the stage takes the next batch', async () => {
    const { producer, loop } = stage('at-least-once', { processingCostUs: 2_000 });
    producer.autoReport = () => undefined;
    const startUs = nowUs();
    await loop.handleBatch(batch(5));
    expect(nowUs() - startUs).toBeGreaterThanOrEqual(10_000);
  });

  it('is a busy loop holding the thread, not a wait', async () => {
    let turned = false;
    const turn = new Promise<void>((resolve) =>
      setImmediate(() => {
        turned = true;
        resolve();
      }),
    );
    const cpuBefore = process.cpuUsage();
    const startUs = nowUs();
    burnCpuUs(30_000);
    const elapsedUs = nowUs() - startUs;
    const cpu = process.cpuUsage(cpuBefore);
    expect(turned).toBe(false);
    expect(elapsedUs).toBeGreaterThanOrEqual(30_000);
    // CPU, not idle time: on a shared machine the loop may be preempted, so only a floor is certain.
    expect(cpu.user + cpu.system).toBeGreaterThanOrEqual(1_000);
    await turn;
    burnCpuUs(0);
    burnCpuUs(-5);
  });
});
