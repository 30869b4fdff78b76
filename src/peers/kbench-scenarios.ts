/**
 * The kbench scenarios `bench:peers` runs, built in code with the same settings the Apache tool
 * of each measurement gets. Pure: returns scenario objects (validated and resolved by the caller).
 */
import type { Acks, ClientName } from '../clients/client-adapter.js';
import type { ScenarioInput } from '../scenario/scenario-types.js';

/** Every peers topic: replication factor 3 and min.insync.replicas 2, as the Apache tools' topics. */
const REPLICATION_FACTOR = 3;
const MIN_INSYNC_REPLICAS = 2;

/** The Java producer's `max.in.flight.requests.per.connection` (kbench's kafkajs accumulator already uses 5). */
function javaInFlight(client: ClientName): Record<string, number> {
  return client === 'confluent' ? { 'max.in.flight.requests.per.connection': 5 } : {};
}

function durationText(ms: number): string {
  return `${Math.round(ms)}ms`;
}

export interface ProducerScenarioInput {
  client: ClientName;
  brokers: string[];
  topic: string;
  partitions: number;
  acks: Acks;
  durationMs: number;
  lingerMs: number;
  batchSizeBytes: number;
  recordSizeBytes: number;
  maxInFlight: number;
}

/**
 * One unthrottled producer (as ProducerPerformance is one producer), no key, no consumer, no
 * warm-up (ProducerPerformance's rate includes its start too). The confluent producer gets the
 * Java producer's `max.in.flight.requests.per.connection` of 5 (librdkafka's default is 1,000,000;
 * kbench's kafkajs accumulator already uses 5).
 */
export function producerScenario(input: ProducerScenarioInput): ScenarioInput {
  return {
    name: `peers-producer-${input.client}`,
    client: input.client,
    cluster: { brokers: input.brokers },
    topic: { name: input.topic, partitions: input.partitions, replicationFactor: REPLICATION_FACTOR, minInsyncReplicas: MIN_INSYNC_REPLICAS, recreate: false },
    duration: durationText(input.durationMs),
    warmup: '0s',
    drain: '10s',
    workers: 1,
    producers: [
      {
        count: 1,
        load: { type: 'unthrottled', maxInFlight: input.maxInFlight },
        acks: input.acks,
        idempotent: false,
        compression: 'none',
        lingerMs: input.lingerMs,
        batchSizeBytes: input.batchSizeBytes,
        keys: { strategy: 'none' },
        message: { sizeBytes: input.recordSizeBytes },
        clientConfig: javaInFlight(input.client),
      },
    ],
    consumers: [],
  };
}

export interface ConsumerScenarioInput {
  client: ClientName;
  brokers: string[];
  /** The pre-filled topic; it is read, never recreated. */
  topic: string;
  groupId: string;
  warmupMs: number;
  durationMs: number;
}

/** One consumer member (as ConsumerPerformance is one consumer) reading from the earliest offset, no producer. */
export function consumerScenario(input: ConsumerScenarioInput): ScenarioInput {
  return {
    name: `peers-consumer-${input.client}`,
    client: input.client,
    cluster: { brokers: input.brokers },
    topic: { name: input.topic, recreate: false },
    duration: durationText(input.durationMs),
    warmup: durationText(input.warmupMs),
    drain: '0s',
    workers: 1,
    producers: [],
    consumers: [{ groupId: input.groupId, members: 1, startFrom: 'earliest' }],
  };
}

export interface EndToEndScenarioInput {
  client: ClientName;
  brokers: string[];
  topic: string;
  partitions: number;
  ratePerSec: number;
  warmupMs: number;
  durationMs: number;
  recordSizeBytes: number;
}

/**
 * One producer at a constant rate with acks=all and linger 0 (EndToEndLatency's producer
 * settings) and one consumer member, on separate workers. The confluent producer also gets the
 * Java producer's 5 requests in flight per connection, and keeps keyless records on one
 * partition for 10 ms (`sticky.partitioning.linger.ms`, librdkafka's default at linger 5): at
 * linger 0 librdkafka would otherwise send each record in a request of its own to a random
 * partition, where the Java producer sticks to a partition until a batch is full. Measured at
 * 1,000 msg/s on two cores shared with other work: ack p50 3.6–17 ms with both, 5.5–76 ms with the
 * in-flight bound alone, 0.45–5.5 s with neither.
 */
export function endToEndScenario(input: EndToEndScenarioInput): ScenarioInput {
  return {
    name: `peers-e2e-${input.client}`,
    client: input.client,
    cluster: { brokers: input.brokers },
    topic: { name: input.topic, partitions: input.partitions, replicationFactor: REPLICATION_FACTOR, minInsyncReplicas: MIN_INSYNC_REPLICAS, recreate: false },
    duration: durationText(input.durationMs),
    warmup: durationText(input.warmupMs),
    drain: '10s',
    workers: 1,
    producers: [
      {
        count: 1,
        load: { type: 'constant', ratePerSec: input.ratePerSec },
        acks: 'all',
        idempotent: false,
        lingerMs: 0,
        keys: { strategy: 'none' },
        message: { sizeBytes: input.recordSizeBytes },
        clientConfig: input.client === 'confluent' ? { ...javaInFlight(input.client), 'sticky.partitioning.linger.ms': 10 } : {},
      },
    ],
    consumers: [{ members: 1, startFrom: 'earliest' }],
  };
}
