/**
 * @platformatic/kafka's read_committed trap against a real one-node Kafka: the library keeps one
 * aborted range per producer and skips a range whose abort marker is not in the same fetch, so
 * kbench filters aborted records itself (`platformatic-read-committed.ts`). The contract every
 * client shares (transactions, offsets, manual commits) is `transactions.test.ts`.
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

describe(`${CLIENT}: read_committed after several aborted transactions`, () => {
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

});
