/**
 * Both client adapters against a real one-node Kafka: a keyed round trip with acks 'all'
 * (every delivery callback once, offsets as the consumer sees them), murmur2 agreement on key
 * placement, and the rebalance events of a consumer joining and leaving its group.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, type ClientError, type ClientName, type ConsumedRecord, type DeliveryReport, type RebalanceEvent } from '../../src/clients/client-adapter.js';
import { loadClientAdapter, loadRawConsumer } from '../../src/clients/index.js';
import { createKafkaAdmin, type KafkaAdmin } from '../../src/clients/kafka-admin.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { waitUntil } from '../helpers/processes.js';

const RECORD_COUNT = 200;
const HEADER_NAME = 'kbench-sequence';
/** Keys produced after the records under test; murmur2 spreads these 12 over all 3 partitions. */
const MARKER_KEYS = Array.from({ length: 12 }, (_, i) => `end-marker-${i}`);

interface Delivery {
  calls: number;
  error: ClientError | undefined;
  report: DeliveryReport | undefined;
}

describe('client adapters against a real broker', () => {
  let cluster: EmbeddedCluster;
  let admin: KafkaAdmin;
  const runId = randomBytes(3).toString('hex');

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1 });
    admin = createKafkaAdmin({ brokers: cluster.brokers });
  });
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  async function createTopic(name: string, partitions: number): Promise<string> {
    await admin.createTopic({ name, partitions, replicationFactor: 1 });
    return name;
  }

  /** Sends `keys` (value = JSON of the key's index) and waits for every delivery callback. */
  async function produce(client: ClientName, topic: string, keys: string[]): Promise<Delivery[]> {
    const adapter = await loadClientAdapter(client);
    const producer = adapter.createProducer({ brokers: cluster.brokers, clientId: `kbench-test-${client}`, acks: 'all' });
    await producer.connect();
    const deliveries: Delivery[] = keys.map(() => ({ calls: 0, error: undefined, report: undefined }));
    try {
      keys.forEach((key, index) => {
        const delivery = deliveries[index] as Delivery;
        const accepted = producer.send(
          { topic, key: Buffer.from(key), value: Buffer.from(JSON.stringify({ index, key })), headers: { [HEADER_NAME]: Buffer.from(String(index)) } },
          (error, report) => {
            delivery.calls++;
            delivery.error = error;
            delivery.report = report;
          },
        );
        expect(accepted).toBe(true);
      });
      await producer.flush(20_000);
    } finally {
      await producer.disconnect();
    }
    return deliveries;
  }

  describe.each(CLIENT_NAMES)('the %s adapter', (client) => {
    const topic = `roundtrip-${client}-${runId}`;
    const keys = Array.from({ length: RECORD_COUNT }, (_, i) => `k${i}`);

    it('produces 200 keyed records with acks all and consumes exactly them back', async () => {
      await createTopic(topic, 3);
      const deliveries = await produce(client, topic, keys);
      // Then end markers, at least one per partition: once the consumer has each partition's
      // marker it has read every partition past the 200 (a partition is consumed in order), so
      // anything more it would hand over (a duplicate) has arrived by then.
      const markerDeliveries = await produce(client, topic, MARKER_KEYS);
      const markerOffsets = new Map<number, number>();
      for (const delivery of markerDeliveries) {
        const partition = delivery.report?.partition ?? -1;
        markerOffsets.set(partition, Math.max(markerOffsets.get(partition) ?? -1, Number(delivery.report?.offset)));
      }
      expect([...markerOffsets.keys()].sort()).toEqual([0, 1, 2]);

      for (const delivery of deliveries) {
        expect(delivery.calls).toBe(1);
        expect(delivery.error).toBeUndefined();
        expect(delivery.report?.partition).toBeGreaterThanOrEqual(0);
        expect(delivery.report?.partition).toBeLessThan(3);
        expect(Number(delivery.report?.offset)).toBeGreaterThanOrEqual(0);
      }
      const placements = deliveries.map((d) => `${d.report?.partition}@${d.report?.offset}`);
      expect(new Set(placements).size).toBe(RECORD_COUNT);

      const adapter = await loadClientAdapter(client);
      const consumer = adapter.createConsumer({ brokers: cluster.brokers, clientId: `kbench-test-${client}`, groupId: `roundtrip-${client}-${runId}`, startFrom: 'earliest' });
      const received: ConsumedRecord[] = [];
      const errors: ClientError[] = [];
      await consumer.connect();
      try {
        await consumer.start(topic, { onRecords: (records) => void received.push(...records), onError: (error) => void errors.push(error) });
        const lastMarkerSeen = (): boolean =>
          [...markerOffsets].every(([partition, offset]) => received.some((record) => record.partition === partition && record.offset === offset));
        expect(await waitUntil(lastMarkerSeen, 30_000)).toBe(true);
      } finally {
        await consumer.disconnect();
      }

      expect(errors).toEqual([]);
      const markers = received.filter((record) => MARKER_KEYS.includes(record.key?.toString() ?? ''));
      expect(markers).toHaveLength(MARKER_KEYS.length);
      received.splice(0, received.length, ...received.filter((record) => !markers.includes(record)));
      expect(received).toHaveLength(RECORD_COUNT);
      const byKey = new Map(received.map((record) => [record.key?.toString(), record]));
      expect([...byKey.keys()].sort()).toEqual([...keys].sort());
      keys.forEach((key, index) => {
        const record = byKey.get(key) as ConsumedRecord;
        expect(record.topic).toBe(topic);
        expect(JSON.parse(record.value.toString())).toEqual({ index, key });
        expect(Object.keys(record.headers)).toEqual([HEADER_NAME]);
        expect(record.headers[HEADER_NAME]?.toString()).toBe(String(index));
        expect(Math.abs(record.timestampMs - Date.now())).toBeLessThan(120_000);
        // Delivery reports name the very partition and offset the record was stored at.
        // (Delivery reports carry offsets as strings, consumed records as numbers.)
        expect({ partition: record.partition, offset: String(record.offset) }).toEqual(deliveries[index]?.report);
        expect(Number.isSafeInteger(record.offset)).toBe(true);
      });
    });

    it('alone (the raw consumer bench:peers measures) counts exactly the records of a topic, from its start', async () => {
      const rawTopic = await createTopic(`raw-${client}-${runId}`, 3);
      await produce(client, rawTopic, keys.slice(0, 50));
      const rawConsume = await loadRawConsumer(client);
      const all = await rawConsume({ brokers: cluster.brokers, topic: rawTopic, groupId: `raw-${client}-${runId}`, records: 50, timeoutMs: 30_000 });
      expect(all.records).toBe(50);
      expect(all.fetchMs).toBeGreaterThanOrEqual(0);
      expect(all.fetchCpuUs).toBeGreaterThan(0);
      // Asked for one more than the topic holds, it waits out its bound and reports the 50 it saw.
      const bounded = await rawConsume({ brokers: cluster.brokers, topic: rawTopic, groupId: `raw-more-${client}-${runId}`, records: 51, timeoutMs: 3_000 });
      expect(bounded.records).toBe(50);
    });

    it('reports an assignment of every partition on joining and a revocation on leaving', async () => {
      const rebalanceTopic = await createTopic(`rebalance-${client}-${runId}`, 4);
      const adapter = await loadClientAdapter(client);
      const consumer = adapter.createConsumer({ brokers: cluster.brokers, clientId: `kbench-test-${client}`, groupId: `rebalance-${client}-${runId}`, startFrom: 'latest' });
      const events: RebalanceEvent[] = [];
      await consumer.connect();
      try {
        await consumer.start(rebalanceTopic, { onRecords: () => {}, onRebalance: (event) => void events.push(event) });
        await waitUntil(() => events.some((event) => event.type === 'assigned' && event.partitions.length > 0), 30_000);
      } finally {
        await consumer.disconnect();
      }
      const everyPartition = [0, 1, 2, 3].map((partition) => ({ topic: rebalanceTopic, partition }));
      const assigned = events.find((event) => event.type === 'assigned' && event.partitions.length > 0);
      expect(assigned?.partitions).toEqual(everyPartition);
      expect(events.at(-1)).toEqual({ type: 'revoked', partitions: everyPartition });
    });
  });

  it("gives a confluent consumer of the 'consumer' group protocol (KIP-848) every partition, incrementally", async () => {
    const topic = await createTopic(`kip848-${runId}`, 3);
    const adapter = await loadClientAdapter('confluent');
    const consumer = adapter.createConsumer({ brokers: cluster.brokers, clientId: 'kbench-test-kip848', groupId: `kip848-${runId}`, startFrom: 'earliest', groupProtocol: 'consumer' });
    expect(consumer.effectiveConfig()).toMatchObject({ 'group.protocol': 'consumer' });
    expect(consumer.effectiveConfig()).not.toHaveProperty('partition.assignment.strategy');
    const events: RebalanceEvent[] = [];
    const errors: ClientError[] = [];
    await consumer.connect();
    try {
      await consumer.start(topic, { onRecords: () => {}, onRebalance: (event) => void events.push(event), onError: (error) => void errors.push(error) });
      await waitUntil(() => events.some((event) => event.type === 'assigned'), 30_000);
    } finally {
      await consumer.disconnect();
    }
    expect(errors).toEqual([]);
    const assignedPartitions = events.filter((event) => event.type === 'assigned').flatMap((event) => event.partitions.map((p) => p.partition));
    expect(assignedPartitions.sort()).toEqual([0, 1, 2]);
  });

  it('places every key on the same partition with every client (murmur2)', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `customer-${i}`);
    const partitionsByClient = new Map<ClientName, number[]>();
    for (const client of CLIENT_NAMES) {
      const topic = await createTopic(`murmur2-${client}-${runId}`, 6);
      const deliveries = await produce(client, topic, keys);
      for (const delivery of deliveries) expect(delivery.error).toBeUndefined();
      partitionsByClient.set(
        client,
        deliveries.map((delivery) => delivery.report?.partition ?? -1),
      );
    }
    const kafkajs = partitionsByClient.get('kafkajs') as number[];
    for (const client of CLIENT_NAMES) expect(partitionsByClient.get(client), client).toEqual(kafkajs);
    expect(new Set(kafkajs).size).toBeGreaterThan(3);
  });
});
