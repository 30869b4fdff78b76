/**
 * What pipeline stages need of each client adapter, against a real one-node Kafka: transactional
 * producers (what read_committed and read_uncommitted consumers see of committed and aborted
 * transactions; consumer offsets sent in a transaction; records sent outside one) and manual
 * commits. One cluster serves every client in `CLIENTS`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientError, ClientName, ConsumedRecord, ConsumerAdapter, ConsumerSettings, DeliveryReport, ProducerAdapter, ProducerTransactions } from '../../src/clients/client-adapter.js';
import { loadClientAdapter } from '../../src/clients/index.js';
import { createKafkaAdmin, type KafkaAdmin } from '../../src/clients/kafka-admin.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { waitFor } from '../helpers/wait.js';

/** The clients whose adapters have transactions and manual commits. */
const CLIENTS: ClientName[] = ['confluent', 'kafkajs', 'platformatic'];

/** Each client's native setting for its interval commits, set to 1 s on both groups of the manual-commit case. */
const ONE_SECOND_COMMIT_INTERVAL: Partial<Record<ClientName, Record<string, number>>> = {
  confluent: { 'auto.commit.interval.ms': 1_000 },
  kafkajs: { autoCommitInterval: 1_000 },
};

/** Bound on waiting for a consumer to join and read what is there (the first group of a fresh cluster creates __consumer_offsets). */
const CONSUME_WAIT_MS = 30_000;

interface Outcome {
  calls: number;
  error: ClientError | undefined;
  report: DeliveryReport | undefined;
}

interface StartedConsumer {
  consumer: ConsumerAdapter;
  records: ConsumedRecord[];
  errors: ClientError[];
  assigned: boolean;
}

describe('transactions and manual commits against a real broker', () => {
  let cluster: EmbeddedCluster;
  let admin: KafkaAdmin;
  const runId = randomBytes(3).toString('hex');
  /** Clients opened by the running test, closed after it. */
  const opened: Array<ProducerAdapter | ConsumerAdapter> = [];

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1 });
    admin = createKafkaAdmin({ brokers: cluster.brokers });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.disconnect().catch(() => {})));
  });
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  async function createTopic(name: string, partitions: number): Promise<string> {
    await admin.createTopic({ name, partitions, replicationFactor: 1 });
    return name;
  }

  async function producerOf(client: ClientName, transactionalId?: string): Promise<ProducerAdapter> {
    const adapter = await loadClientAdapter(client);
    const producer = adapter.createProducer({ brokers: cluster.brokers, clientId: `kbench-test-${client}`, acks: 'all', ...(transactionalId ? { transactionalId } : {}) });
    opened.push(producer);
    await producer.connect();
    return producer;
  }

  function transactionsOf(producer: ProducerAdapter): ProducerTransactions {
    expect(producer.transactions).toBeDefined();
    return producer.transactions as ProducerTransactions;
  }

  async function startConsumer(client: ClientName, topic: string, settings: Partial<ConsumerSettings> & { groupId: string }): Promise<StartedConsumer> {
    const adapter = await loadClientAdapter(client);
    const consumer = adapter.createConsumer({ brokers: cluster.brokers, clientId: `kbench-test-${client}`, startFrom: 'earliest', ...settings });
    opened.push(consumer);
    const started: StartedConsumer = { consumer, records: [], errors: [], assigned: false };
    await consumer.connect();
    await consumer.start(topic, {
      onRecords: (records) => void started.records.push(...records),
      onRebalance: (event) => {
        if (event.type === 'assigned' && event.partitions.length > 0) started.assigned = true;
      },
      onError: (error) => void started.errors.push(error),
    });
    return started;
  }

  /** Sends one keyless record per value; returns each record's delivery outcome, updated as callbacks come. */
  function sendAll(producer: ProducerAdapter, topic: string, values: string[]): Outcome[] {
    return values.map((value) => {
      const outcome: Outcome = { calls: 0, error: undefined, report: undefined };
      const accepted = producer.send({ topic, key: null, value: Buffer.from(value) }, (error, report) => {
        outcome.calls++;
        outcome.error = error;
        outcome.report = report;
      });
      expect(accepted).toBe(true);
      return outcome;
    });
  }

  const valuesOf = (consumer: StartedConsumer): string[] => consumer.records.map((record) => record.value.toString());
  const acknowledged = (outcomes: Outcome[]): boolean => outcomes.every((outcome) => outcome.calls === 1 && outcome.error === undefined && outcome.report !== undefined);
  const committedOf = async (groupId: string, topic: string): Promise<Record<number, number>> => Object.fromEntries(await admin.committedOffsets(groupId, topic));

  describe.each(CLIENTS)('the %s adapter', (client) => {
    it('makes a committed transaction visible to read_committed consumers, and an aborted one only to read_uncommitted ones', async () => {
      const topic = await createTopic(`txn-visibility-${client}-${runId}`, 1);
      const producer = await producerOf(client, `kbench-test-visibility-${client}-${runId}`);
      const transactions = transactionsOf(producer);

      await transactions.begin();
      const committed = sendAll(producer, topic, ['committed-0', 'committed-1', 'committed-2']);
      await transactions.commit();
      // commit() resolves only after every record of the transaction was acknowledged.
      expect(acknowledged(committed)).toBe(true);

      await transactions.begin();
      const aborted = sendAll(producer, topic, ['aborted-0', 'aborted-1', 'aborted-2']);
      // Acknowledged, so in the log, before the abort discards them: their callbacks stay successful.
      await producer.flush(20_000);
      expect(acknowledged(aborted)).toBe(true);
      await transactions.abort();
      expect(aborted.map((outcome) => outcome.calls)).toEqual([1, 1, 1]);

      // Aborted right after sending: each record still gets exactly one outcome (failed unless the broker had it already).
      await transactions.begin();
      const unacknowledged = sendAll(producer, topic, ['unacknowledged-0', 'unacknowledged-1']);
      await transactions.abort();
      await waitFor('an outcome for each record of the abandoned transaction', () => unacknowledged.every((outcome) => outcome.calls >= 1));
      expect(unacknowledged.map((outcome) => outcome.calls)).toEqual([1, 1]);

      await transactions.begin();
      const after = sendAll(producer, topic, ['after-0', 'after-1']);
      await transactions.commit();
      expect(acknowledged(after)).toBe(true);

      const readCommitted = await startConsumer(client, topic, { groupId: `txn-rc-${client}-${runId}`, isolationLevel: 'read_committed' });
      // No isolation level: kbench's default, read_uncommitted (kafkajs and librdkafka default to read_committed themselves).
      const readUncommitted = await startConsumer(client, topic, { groupId: `txn-ru-${client}-${runId}` });
      expect(JSON.stringify(readUncommitted.consumer.effectiveConfig())).toContain('read_uncommitted');
      expect(JSON.stringify(readCommitted.consumer.effectiveConfig())).toContain('read_committed');
      const sawLast = (consumer: StartedConsumer) => (): boolean => valuesOf(consumer).includes('after-1');
      await waitFor('the read_committed consumer to read the last transaction', sawLast(readCommitted), { timeoutMs: CONSUME_WAIT_MS });
      await waitFor('the read_uncommitted consumer to read the last transaction', sawLast(readUncommitted), { timeoutMs: CONSUME_WAIT_MS });

      expect(valuesOf(readCommitted)).toEqual(['committed-0', 'committed-1', 'committed-2', 'after-0', 'after-1']);
      // Records of the abandoned transaction that reached the log are read_uncommitted's too; the rest is exact.
      expect(valuesOf(readUncommitted).filter((value) => !value.startsWith('unacknowledged-'))).toEqual([
        'committed-0',
        'committed-1',
        'committed-2',
        'aborted-0',
        'aborted-1',
        'aborted-2',
        'after-0',
        'after-1',
      ]);
      expect([...readCommitted.errors, ...readUncommitted.errors]).toEqual([]);
    });

    it("commits the offsets sent in a committed transaction as the consumer group's, and none sent in an aborted one", async () => {
      const input = await createTopic(`txn-offsets-in-${client}-${runId}`, 2);
      const output = await createTopic(`txn-offsets-out-${client}-${runId}`, 1);
      const groupId = `txn-offsets-${client}-${runId}`;
      // Manual commits: the member itself commits nothing that could be taken for the transactions'.
      const member = await startConsumer(client, input, { groupId, commitMode: 'manual', isolationLevel: 'read_committed' });
      await waitFor('the member to join its group', () => member.assigned, { timeoutMs: CONSUME_WAIT_MS });
      const producer = await producerOf(client, `kbench-test-offsets-${client}-${runId}`);
      const transactions = transactionsOf(producer);

      await transactions.begin();
      const produced = sendAll(producer, output, ['transformed-0']);
      await transactions.sendOffsets(member.consumer, [{ topic: input, partition: 0, offset: 2 }]);
      await transactions.commit();
      expect(acknowledged(produced)).toBe(true);
      // The coordinator writes the commit markers after answering: the offsets appear shortly after.
      await waitFor('the committed transaction’s offset', async () => (await committedOf(groupId, input))[0] === 2, { pollMs: 50 });

      await transactions.begin();
      await transactions.sendOffsets(member.consumer, [{ topic: input, partition: 0, offset: 5 }]);
      await transactions.abort();

      await transactions.begin();
      await transactions.sendOffsets(member.consumer, [{ topic: input, partition: 1, offset: 1 }]);
      await transactions.commit();
      await waitFor('the last transaction’s offset', async () => (await committedOf(groupId, input))[1] === 1, { pollMs: 50 });
      // The abort was complete before the last transaction could begin, and the group's offsets are
      // one log: once the last transaction's offset is visible, the aborted one's fate is final.
      expect(await committedOf(groupId, input)).toEqual({ 0: 2, 1: 1 });
      expect(member.errors).toEqual([]);
    });

    it('with manual commits commits nothing by itself, and commit(offsets) stores exactly those offsets', async () => {
      const topic = await createTopic(`manual-commit-${client}-${runId}`, 1);
      const plain = await producerOf(client);
      const sent = sendAll(plain, topic, ['m-0', 'm-1', 'm-2', 'm-3']);
      await plain.flush(20_000);
      expect(acknowledged(sent)).toBe(true);

      const manualGroup = `manual-${client}-${runId}`;
      const intervalGroup = `interval-${client}-${runId}`;
      const interval = ONE_SECOND_COMMIT_INTERVAL[client] ?? {};
      // The same native commit interval on both groups: manual mode must ignore it.
      const manual = await startConsumer(client, topic, { groupId: manualGroup, commitMode: 'manual', native: interval });
      await waitFor('the manual member to read the 4 records', () => manual.records.length === 4, { timeoutMs: CONSUME_WAIT_MS });
      // Started only now: the interval member's automatic commit comes after the one the manual
      // member would have made by now (same interval, records handled earlier).
      const automatic = await startConsumer(client, topic, { groupId: intervalGroup, native: interval });
      await waitFor('the interval member to read the 4 records', () => automatic.records.length === 4, { timeoutMs: CONSUME_WAIT_MS });
      await waitFor('the interval group’s automatic commit', async () => (await committedOf(intervalGroup, topic))[0] === 4, { timeoutMs: 15_000, pollMs: 50 });
      expect(await committedOf(manualGroup, topic)).toEqual({});

      // commit() resolves once the broker has the offsets: read back at once, no waiting.
      await manual.consumer.commit([{ topic, partition: 0, offset: 4 }]);
      expect(await committedOf(manualGroup, topic)).toEqual({ 0: 4 });
      // Exactly what is given, even behind what the member handled.
      await manual.consumer.commit([{ topic, partition: 0, offset: 3 }]);
      expect(await committedOf(manualGroup, topic)).toEqual({ 0: 3 });

      // Leaving the group commits nothing either (an automatic commit at close would store 4).
      await manual.consumer.disconnect();
      expect(await committedOf(manualGroup, topic)).toEqual({ 0: 3 });
      await expect(manual.consumer.commit([{ topic, partition: 0, offset: 1 }])).rejects.toMatchObject({ kind: 'disconnected' });
      expect([...manual.errors, ...automatic.errors]).toEqual([]);
    });

    it('fails records sent outside a transaction instead of sending them', async () => {
      const adapter = await loadClientAdapter(client);
      expect(() => adapter.createProducer({ brokers: cluster.brokers, clientId: 'kbench-test', acks: 1, transactionalId: 'never-used' })).toThrow(/acks 'all'/);

      const topic = await createTopic(`txn-outside-${client}-${runId}`, 1);
      const transactionalId = `kbench-test-outside-${client}-${runId}`;
      const producer = await producerOf(client, transactionalId);
      expect(Object.values(producer.effectiveConfig())).toContain(transactionalId);
      const transactions = transactionsOf(producer);

      const before = sendAll(producer, topic, ['outside-0']);
      await transactions.begin();
      const inside = sendAll(producer, topic, ['inside-0']);
      await transactions.commit();
      const after = sendAll(producer, topic, ['outside-1']);
      await waitFor('an outcome for each record', () => [...before, ...inside, ...after].every((outcome) => outcome.calls > 0));

      expect(acknowledged(inside)).toBe(true);
      for (const outcome of [...before, ...after]) {
        expect(outcome.calls).toBe(1);
        expect(outcome.error).toMatchObject({ kind: 'other', message: expect.stringMatching(/no transaction is open/) });
      }
      // The log holds the one record of the transaction and its commit marker, nothing else (the
      // coordinator writes the marker after answering the commit: wait for it, then count).
      await waitFor('the commit marker', async () => (await admin.countMessages(topic)) >= 2, { pollMs: 50 });
      expect(await admin.countMessages(topic)).toBe(2);
      await expect(transactions.commit()).rejects.toMatchObject({ kind: 'other' });
    });
  });
});
