/**
 * A fixed workload: produce N `compras` events on a fresh topic, consume them back, count.
 * Runs in this process (the confluent client must run in a process's main thread).
 */
import { randomBytes } from 'node:crypto';
import { loadClientAdapter } from '../clients/index.js';
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import type { ClientName, ConsumedRecord } from '../clients/client-adapter.js';
import { KbenchError } from '../errors.js';
import { createCompra, encodeCompra, validateCompra } from '../workload/compras.js';
import { createRandom } from '../workload/random.js';

export interface SmokeWorkloadOptions {
  client: ClientName;
  brokers: string[];
  messageCount: number;
  replicationFactor: number;
  log: (line: string) => void;
  /** Bound on consuming everything back. @default 60000 */
  consumeTimeoutMs?: number;
}

export interface SmokeCounts {
  sent: number;
  acked: number;
  failed: number;
  consumed: number;
  invalid: number;
  errors: Record<string, number>;
}

export async function runSmokeWorkload(options: SmokeWorkloadOptions): Promise<SmokeCounts> {
  const topic = `compras-${randomBytes(3).toString('hex')}`;
  const admin = createKafkaAdmin({ brokers: options.brokers });
  try {
    await admin.createTopic({ name: topic, partitions: 6, replicationFactor: options.replicationFactor });
  } catch (error) {
    throw new KbenchError('cluster', `could not reach Kafka at ${options.brokers.join(',')} to create topic ${topic}`, { cause: error });
  } finally {
    await admin.close();
  }
  const adapter = await loadClientAdapter(options.client);
  const counts: SmokeCounts = { sent: 0, acked: 0, failed: 0, consumed: 0, invalid: 0, errors: {} };

  const producer = adapter.createProducer({ brokers: options.brokers, clientId: 'kbench-smoke-producer', acks: 'all' });
  await producer.connect();
  const random = createRandom(42);
  options.log(`producing ${options.messageCount} compras events to ${topic} with ${options.client}`);
  for (let sequence = 0; sequence < options.messageCount; sequence++) {
    const compra = createCompra(random, `smoke-${sequence}`, Date.now());
    const accepted = producer.send({ topic, key: Buffer.from(compra.customer), value: encodeCompra(compra) }, (error) => {
      if (error) {
        counts.failed++;
        counts.errors[error.kind] = (counts.errors[error.kind] ?? 0) + 1;
      } else {
        counts.acked++;
      }
    });
    if (accepted) counts.sent++;
    else {
      // The client's queue is full: let it drain, then try the same event again.
      await producer.flush(1_000);
      sequence--;
    }
  }
  await producer.flush(30_000);
  await producer.disconnect();

  const consumer = adapter.createConsumer({ brokers: options.brokers, clientId: 'kbench-smoke-consumer', groupId: `${topic}-group`, startFrom: 'earliest' });
  await consumer.connect();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new KbenchError('cluster', `consumed ${counts.consumed} of ${counts.acked} events before the timeout`)),
      options.consumeTimeoutMs ?? 60_000,
    );
    consumer
      .start(topic, {
        onRecords: (records: ConsumedRecord[]) => {
          for (const record of records) {
            counts.consumed++;
            try {
              if (validateCompra(JSON.parse(record.value.toString('utf8'))).length > 0) counts.invalid++;
            } catch {
              counts.invalid++;
            }
          }
          if (counts.consumed >= counts.acked) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return counts;
}
