/**
 * The @platformatic/kafka adapter's side of exactly-once pipelines against a real one-node Kafka:
 * transactional producers (records and consumer offsets committed or aborted together),
 * read_committed consumers, manual commits, and records sent outside a transaction.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientAdapter, ClientError, ConsumedRecord, ConsumerAdapter, ConsumerSettings, DeliveryReport, ProducerAdapter } from '../../src/clients/client-adapter.js';
import { loadClientAdapter } from '../../src/clients/index.js';
import { createKafkaAdmin, type KafkaAdmin } from '../../src/clients/kafka-admin.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { waitFor } from '../helpers/wait.js';

const CLIENT = 'platformatic';
/** Bound on waiting for what the broker does after a call returns (transaction markers, joins, interval commits). */
const WAIT_MS = 20_000;

interface Delivery {
  calls: number;
  error: ClientError | undefined;
  report: DeliveryReport | undefined;
}

interface Reader {
  consumer: ConsumerAdapter;
  records: ConsumedRecord[];
  errors: ClientError[];
}

describe(`${CLIENT}: transactions, read_committed and manual commits against a real broker`, () => {
  let cluster: EmbeddedCluster;
  let admin: KafkaAdmin;
  let adapter: ClientAdapter;
  const runId = randomBytes(3).toString('hex');
  const opened: Array<{ disconnect(): Promise<void> }> = [];

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1 });
    admin = createKafkaAdmin({ brokers: cluster.brokers });
    adapter = await loadClientAdapter(CLIENT);
  });
  afterAll(async () => {
    for (const client of opened.reverse()) await client.disconnect().catch(() => undefined);
    await admin?.close();
    await cluster?.stop();
  });

  async function topic(name: string, partitions: number): Promise<string> {
    const full = `${name}-${CLIENT}-${runId}`;
    await admin.createTopic({ name: full, partitions, replicationFactor: 1 });
    return full;
  }

  async function producer(transactionalId?: string): Promise<ProducerAdapter> {
    const created = adapter.createProducer({ brokers: cluster.brokers, clientId: `kbench-tx-${CLIENT}`, acks: 'all', transactionalId });
    await created.connect();
    opened.push(created);
    return created;
  }

  /** Sends one record per value (its key too); returns each record's delivery, filled in as its callback comes. */
  function send(to: ProducerAdapter, topicName: string, values: string[]): Delivery[] {
    return values.map((value) => {
      const delivery: Delivery = { calls: 0, error: undefined, report: undefined };
      const accepted = to.send({ topic: topicName, key: Buffer.from(value), value: Buffer.from(value) }, (error, report) => {
        delivery.calls++;
        delivery.error = error;
        delivery.report = report;
      });
      expect(accepted).toBe(true);
      return delivery;
    });
  }

  async function read(topicName: string, settings: Pick<ConsumerSettings, 'groupId'> & Partial<ConsumerSettings>): Promise<Reader> {
    const consumer = adapter.createConsumer({ brokers: cluster.brokers, clientId: `kbench-tx-${CLIENT}`, startFrom: 'earliest', ...settings });
    const reader: Reader = { consumer, records: [], errors: [] };
    await consumer.connect();
    opened.push(consumer);
    await consumer.start(topicName, { onRecords: (records) => void reader.records.push(...records), onError: (error) => void reader.errors.push(error) });
    return reader;
  }

  const values = (reader: Reader): string[] => reader.records.map((record) => record.value.toString());

  it('read_committed sees only the committed transaction (after two aborted ones, also reading one batch per fetch); read_uncommitted sees all three', { timeout: 60_000 }, async () => {
    const name = await topic('tx-visibility', 1);
    const transactional = await producer(`tx-visibility-${runId}`);
    const transactions = transactional.transactions;
    expect(transactions).toBeDefined();
    if (!transactions) return;
    const deliveries: Delivery[] = [];
    for (const [prefix, end] of [['aborted1', 'abort'], ['aborted2', 'abort'], ['committed', 'commit']] as const) {
      await transactions.begin();
      const sent = send(transactional, name, [1, 2, 3, 4].map((i) => `${prefix}-${i}`));
      deliveries.push(...sent);
      if (end === 'commit') {
        await transactions.commit();
        // commit() waits for every record of the transaction first.
        expect(sent.map((d) => d.calls)).toEqual([1, 1, 1, 1]);
      } else {
        // Written first (abort() would fail records still queued), so that there are aborted records to hide.
        await transactional.flush(WAIT_MS);
        await transactions.abort();
      }
    }
    expect(transactional.effectiveConfig()).toMatchObject({ transactionalId: `tx-visibility-${runId}`, idempotent: true, acks: -1 });

    const committedReader = await read(name, { groupId: `tx-visibility-rc-${runId}`, isolationLevel: 'read_committed' });
    // One batch per fetch: an aborted transaction's records arrive in a response without its abort marker.
    const batchByBatchReader = await read(name, { groupId: `tx-visibility-rc1-${runId}`, isolationLevel: 'read_committed', native: { maxBytesPerPartition: 1 } });
    const uncommittedReader = await read(name, { groupId: `tx-visibility-ru-${runId}` });
    expect(committedReader.consumer.effectiveConfig()).toMatchObject({ isolationLevel: 'read_committed' });
    expect(uncommittedReader.consumer.effectiveConfig()).toMatchObject({ isolationLevel: 'read_uncommitted' });
    const readAll = (): boolean => [committedReader, batchByBatchReader, uncommittedReader].every((reader) => values(reader).includes('committed-4'));
    await waitFor('every reader to reach the last committed record', readAll, { timeoutMs: WAIT_MS });
    // One partition: the aborted records lie before the committed ones, so they would have come first.
    expect(values(committedReader)).toEqual(['committed-1', 'committed-2', 'committed-3', 'committed-4']);
    expect(values(batchByBatchReader)).toEqual(['committed-1', 'committed-2', 'committed-3', 'committed-4']);
    expect(values(uncommittedReader)).toEqual(['aborted1', 'aborted2', 'committed'].flatMap((prefix) => [1, 2, 3, 4].map((i) => `${prefix}-${i}`)));
    expect([...committedReader.errors, ...batchByBatchReader.errors]).toEqual([]);
    // Records of aborted transactions were written too (then aborted): one successful callback each.
    for (const delivery of deliveries) expect(delivery).toMatchObject({ calls: 1, error: undefined });
  });

  it('offsets given to sendOffsets become the group’s committed offsets with the commit, and not with an abort', { timeout: 60_000 }, async () => {
    const input = await topic('tx-offsets-in', 2);
    const output = await topic('tx-offsets-out', 1);
    const feeder = await producer();
    const fed = send(feeder, input, Array.from({ length: 12 }, (_, i) => `in-${i}`));
    await feeder.flush(WAIT_MS);
    expect(fed.every((d) => d.calls === 1 && d.error === undefined)).toBe(true);
    const groupId = `tx-offsets-${runId}`;
    // A member of the group (manual commits: nothing commits beside the transactions).
    const stage = await read(input, { groupId, commitMode: 'manual' });
    await waitFor('the stage to read its 12 input records', () => stage.records.length >= 12, { timeoutMs: WAIT_MS });
    const transactional = await producer(`tx-offsets-${runId}`);
    const transactions = transactional.transactions;
    if (!transactions) throw new Error('no transactions');

    await transactions.begin();
    send(transactional, output, ['out-1']);
    await transactions.sendOffsets(stage.consumer, [
      { topic: input, partition: 0, offset: 4 },
      { topic: input, partition: 1, offset: 2 },
    ]);
    await transactions.commit();
    const committed = (): Promise<Map<number, number>> => admin.committedOffsets(groupId, input);
    await waitFor('the committed offsets of the first transaction', async () => (await committed()).get(0) === 4, { timeoutMs: WAIT_MS });
    expect(Object.fromEntries(await committed())).toEqual({ 0: 4, 1: 2 });

    await transactions.begin();
    send(transactional, output, ['out-2']);
    await transactions.sendOffsets(stage.consumer, [{ topic: input, partition: 0, offset: 9 }]);
    await transactions.abort();
    // A third transaction starts only once the broker has finished the aborted one; its offset landing shows that.
    await transactions.begin();
    await transactions.sendOffsets(stage.consumer, [{ topic: input, partition: 1, offset: 3 }]);
    await transactions.commit();
    await waitFor('the committed offset of the third transaction', async () => (await committed()).get(1) === 3, { timeoutMs: WAIT_MS });
    expect(Object.fromEntries(await committed())).toEqual({ 0: 4, 1: 3 });
    expect(stage.errors).toEqual([]);
  });

  it('manual commit mode commits nothing by itself (an interval-mode group on the same topic does), and commit(offsets) stores exactly those', { timeout: 60_000 }, async () => {
    const name = await topic('manual-commit', 1);
    const feeder = await producer();
    send(feeder, name, Array.from({ length: 6 }, (_, i) => `m-${i}`));
    await feeder.flush(WAIT_MS);
    const manualGroup = `manual-${runId}`;
    const intervalGroup = `interval-${runId}`;
    const manual = await read(name, { groupId: manualGroup, commitMode: 'manual' });
    const interval = await read(name, { groupId: intervalGroup });
    expect(manual.consumer.effectiveConfig()).toMatchObject({ commitMode: 'manual' });
    await waitFor('both groups to read the 6 records', () => manual.records.length >= 6 && interval.records.length >= 6, { timeoutMs: WAIT_MS });
    // The interval committer commits within its 5 s interval; the manual group had as long.
    await waitFor('the interval-mode group to commit by itself', async () => (await admin.committedOffsets(intervalGroup, name)).get(0) === 6, { timeoutMs: WAIT_MS, pollMs: 200 });
    expect(Object.fromEntries(await admin.committedOffsets(manualGroup, name))).toEqual({});

    const commit = manual.consumer.commit?.bind(manual.consumer);
    expect(commit).toBeDefined();
    if (!commit) return;
    await commit([{ topic: name, partition: 0, offset: 3 }]);
    expect(Object.fromEntries(await admin.committedOffsets(manualGroup, name))).toEqual({ 0: 3 });
    await commit([{ topic: name, partition: 0, offset: 5 }]);
    expect(Object.fromEntries(await admin.committedOffsets(manualGroup, name))).toEqual({ 0: 5 });
    expect(manual.errors).toEqual([]);

    await manual.consumer.disconnect();
    // Leaving the group commits nothing either; a commit after it rejects with a kind.
    expect(Object.fromEntries(await admin.committedOffsets(manualGroup, name))).toEqual({ 0: 5 });
    await expect(commit([{ topic: name, partition: 0, offset: 6 }])).rejects.toMatchObject({ kind: 'disconnected' });
  });

  it('a transactional producer fails a record sent outside a transaction (before the first and after a commit), once, with kind other', { timeout: 60_000 }, async () => {
    const name = await topic('tx-outside', 1);
    const transactional = await producer(`tx-outside-${runId}`);
    const transactions = transactional.transactions;
    if (!transactions) throw new Error('no transactions');
    const before = send(transactional, name, ['outside-before']);
    // A transaction that sent nothing ends without asking the broker (which would refuse it).
    await transactions.begin();
    await transactions.commit();
    await transactions.begin();
    const inside = send(transactional, name, ['inside']);
    await transactions.commit();
    const after = send(transactional, name, ['outside-after']);
    await transactional.flush(WAIT_MS);
    for (const delivery of [...before, ...after]) {
      expect(delivery.calls).toBe(1);
      expect(delivery.error?.kind).toBe('other');
      expect(delivery.error?.message).toMatch(/no open transaction/);
      expect(delivery.report).toBeUndefined();
    }
    expect(inside[0]).toMatchObject({ calls: 1, error: undefined, report: { partition: 0, offset: '0' } });
    await expect(transactions.commit()).rejects.toMatchObject({ kind: 'other' });

    const reader = await read(name, { groupId: `tx-outside-${runId}`, isolationLevel: 'read_committed' });
    await waitFor('the committed record', () => reader.records.length >= 1, { timeoutMs: WAIT_MS });
    expect(values(reader)).toEqual(['inside']);
  });
});
