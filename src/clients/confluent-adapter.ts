/**
 * The confluent client adapter: @confluentinc/kafka-javascript (librdkafka) through its
 * callback API, where per-message delivery reports are cheapest.
 *
 * The package is loaded only when `createConfluentAdapter()` runs, never when this module is
 * imported: its native addon is not context-aware and must stay out of worker threads.
 * `native` settings are librdkafka properties, applied after kbench's own mapping (they win);
 * the one non-librdkafka key is `js.consumer.max.batch.size` (records per `consume` call, the
 * name the package's KafkaJS API uses).
 */
import { createRequire } from 'node:module';
import type { ConsumerGlobalConfig, ConsumerTopicConfig, LibrdKafkaError, ProducerGlobalConfig, TopicPartition as RdTopicPartition } from '@confluentinc/kafka-javascript';
import { DEFAULT_ISOLATION_LEVEL, type Acks, type ClientAdapter, type ConsumerAdapter, type ConsumerSettings, type ProducerAdapter, type ProducerSettings } from './client-adapter.js';
import { CONFLUENT_IDLE_POLL_MS, ConfluentConsumerAdapter, type RebalancingConsumer } from './confluent-consumer.js';
import { ConfluentProducerAdapter, type ConfluentPollMode } from './confluent-producer.js';
import { ConfluentTransactions, type ConfluentDeliveries } from './confluent-transactions.js';
import { redactSecrets, type FlatConfig } from './effective-config.js';
import { librdkafkaSecurity, type LibrdkafkaSecurity } from './librdkafka-security.js';
import { TRANSACTION_OPERATION_TIMEOUT_MS } from './transaction-tracker.js';

type RdKafkaModule = typeof import('@confluentinc/kafka-javascript');

/**
 * How delivery reports are polled. Measured against a one-node embedded Kafka, one record at a
 * time with acks all and linger 0 (300 records, second round): background polling gave ack
 * latency p50 0.46 ms / p99 3.4 ms, a 1 ms interval p50 1.16 / p99 3.4 ms, a 5 ms interval
 * p50 3.2 / p99 7.4 ms. At full speed (300k records of 100 B) background polling cost about 10%
 * more CPU than a 5 ms interval (139k vs 153k records/s); kbench measures ack latency, so background.
 */
export const CONFLUENT_POLL_MODE: ConfluentPollMode = { kind: 'background' };
/** Records per `consume` call unless `js.consumer.max.batch.size` says otherwise. */
export const CONFLUENT_CONSUME_BATCH_SIZE = 500;
/**
 * How long librdkafka waits before fetching a partition again once its prefetch queue passed
 * `queued.min.messages` / `queued.max.messages.kbytes` (librdkafka's default is 1000 ms). With
 * the default, a consumer that drains the queue faster than that sits idle for most of each
 * second: reading 600,000 pre-filled 1 KiB records from 6 partitions on the 3-node embedded
 * cluster went from 70–77k to 190–245k records/s with 10 ms (any batch size, 2-core VM).
 */
export const CONFLUENT_FETCH_QUEUE_BACKOFF_MS = 10;
/** kbench's delivery timeout default (librdkafka's own `message.timeout.ms` is 300000). */
const DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;
/** librdkafka's default `transaction.timeout.ms`, shown in a transactional producer's effective configuration. */
const LIBRDKAFKA_TRANSACTION_TIMEOUT_MS = 60_000;
const CONSUME_BATCH_SIZE_KEY = 'js.consumer.max.batch.size';
/** Settings librdkafka rejects with the KIP-848 `consumer` group protocol. */
const CLASSIC_ONLY_KEYS = ['partition.assignment.strategy', 'session.timeout.ms', 'heartbeat.interval.ms', 'group.protocol.type'];

function loadRdkafka(): RdKafkaModule {
  const require = createRequire(import.meta.url);
  return require('@confluentinc/kafka-javascript') as RdKafkaModule;
}

function rdkafkaAcks(acks: Acks): number {
  return acks === 'all' ? -1 : acks;
}

function createProducer(rdkafka: RdKafkaModule, settings: ProducerSettings): ProducerAdapter {
  const transactionalId = settings.transactionalId;
  // A transactional producer is an idempotent one.
  const idempotent = (settings.idempotent ?? false) || transactionalId !== undefined;
  if (idempotent && settings.acks !== 'all') {
    const what = transactionalId === undefined ? 'an idempotent producer' : 'a transactional producer';
    throw new Error(`${what} needs acks 'all' (librdkafka refuses enable.idempotence with acks ${settings.acks})`);
  }
  const deliveryTimeoutMs = settings.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const mapped: FlatConfig = {
    'bootstrap.servers': settings.brokers.join(','),
    'client.id': settings.clientId,
    acks: rdkafkaAcks(settings.acks),
    'enable.idempotence': idempotent,
    'compression.codec': settings.compression ?? 'none',
    'message.timeout.ms': deliveryTimeoutMs,
    // librdkafka's default (consistent_random, CRC32) places keys unlike Java and kafkajs.
    partitioner: 'murmur2_random',
  };
  if (transactionalId !== undefined) mapped['transactional.id'] = transactionalId;
  if (transactionalId !== undefined && settings.transactionTimeoutMs !== undefined) {
    mapped['transaction.timeout.ms'] = settings.transactionTimeoutMs;
    // librdkafka refuses a transactional producer whose records may outlive its transactions.
    mapped['message.timeout.ms'] = Math.min(deliveryTimeoutMs, settings.transactionTimeoutMs);
  }
  if (settings.lingerMs !== undefined) mapped['linger.ms'] = settings.lingerMs;
  if (settings.batchSizeBytes !== undefined) mapped['batch.size'] = settings.batchSizeBytes;
  const security = librdkafkaSecurity(settings.security);
  const config: FlatConfig = { ...mapped, ...security.config, ...(settings.native ?? {}) };
  const producer = new rdkafka.Producer({ ...config, ...tokenCallback(security), dr_cb: true } as ProducerGlobalConfig);
  const effective = redactSecrets({
    client: 'confluent',
    // librdkafka defaults kbench relies on, shown when not overridden.
    'linger.ms': 5,
    'batch.size': 1_000_000,
    'queue.buffering.max.messages': 100_000,
    ...(transactionalId !== undefined ? { 'transaction.timeout.ms': settings.transactionTimeoutMs ?? LIBRDKAFKA_TRANSACTION_TIMEOUT_MS, transactionOperationTimeoutMs: TRANSACTION_OPERATION_TIMEOUT_MS } : {}),
    ...config,
    pollMode: CONFLUENT_POLL_MODE.kind === 'background' ? 'background' : `interval ${CONFLUENT_POLL_MODE.intervalMs} ms`,
  });
  // librdkafka times records out after message.timeout.ms (a native setting may change it).
  const recordTimeoutMs = Number(config['message.timeout.ms']);
  const transactions = transactionalId === undefined ? undefined : (deliveries: ConfluentDeliveries) => new ConfluentTransactions(producer, deliveries, recordTimeoutMs);
  return new ConfluentProducerAdapter(producer, CONFLUENT_POLL_MODE, String(config['bootstrap.servers']), effective, transactions);
}

function createConsumer(rdkafka: RdKafkaModule, settings: ConsumerSettings): ConsumerAdapter {
  const { [CONSUME_BATCH_SIZE_KEY]: batchSizeSetting, ...native } = settings.native ?? {};
  const batchSize = batchSizeSetting === undefined ? CONFLUENT_CONSUME_BATCH_SIZE : Number(batchSizeSetting);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${CONSUME_BATCH_SIZE_KEY} must be a positive integer, got ${JSON.stringify(batchSizeSetting)}`);
  const groupProtocol = settings.groupProtocol ?? 'classic';
  const commitMode = settings.commitMode ?? 'interval';
  const mapped: FlatConfig = {
    'bootstrap.servers': settings.brokers.join(','),
    'client.id': settings.clientId,
    'group.id': settings.groupId,
    // 'manual': librdkafka commits nothing by itself (no interval, no commit on revocation or close).
    'enable.auto.commit': commitMode === 'interval',
    // Offsets are stored (for the next auto-commit) only once kbench has handled the records, not
    // when librdkafka hands them over: a batch dropped while closing is consumed again by the
    // partition's next owner (at-least-once) instead of being committed unseen.
    'enable.auto.offset.store': false,
    // librdkafka's own default is read_committed.
    'isolation.level': settings.isolationLevel ?? DEFAULT_ISOLATION_LEVEL,
    'fetch.queue.backoff.ms': CONFLUENT_FETCH_QUEUE_BACKOFF_MS,
  };
  if (groupProtocol === 'consumer') {
    mapped['group.protocol'] = 'consumer';
    const rejected = CLASSIC_ONLY_KEYS.filter((key) => native[key] !== undefined);
    if (settings.assignmentStrategy !== undefined) rejected.push('assignmentStrategy');
    if (settings.sessionTimeoutMs !== undefined) rejected.push('sessionTimeoutMs');
    if (rejected.length > 0) {
      throw new Error(`with group protocol 'consumer' (KIP-848) the assignment and session timeouts are the broker's: remove ${rejected.join(', ')} (use group.remote.assignor)`);
    }
  } else {
    if (settings.assignmentStrategy !== undefined) mapped['partition.assignment.strategy'] = settings.assignmentStrategy;
    if (settings.sessionTimeoutMs !== undefined) mapped['session.timeout.ms'] = settings.sessionTimeoutMs;
  }
  const security = librdkafkaSecurity(settings.security);
  const config: FlatConfig = { ...mapped, ...security.config, ...native };
  const topicConfig: ConsumerTopicConfig = { 'auto.offset.reset': settings.startFrom };

  let adapter: ConfluentConsumerAdapter | undefined;
  const rebalance = (error: LibrdKafkaError, assignment: RdTopicPartition[]): void => adapter?.rebalanceCallback(error, assignment);
  // `queue_non_empty_cb` is the package's own (its KafkaJS-style consumer wakes on it), left out
  // of its type declarations: called when librdkafka's consumer queue turns non-empty.
  const queueNonEmpty = (): void => adapter?.queueNonEmpty();
  // offset_commit_cb: true makes the package emit 'offset.commit' with each commit's result (how `commit` learns it).
  const consumer = new rdkafka.KafkaConsumer(
    { ...config, ...tokenCallback(security), rebalance_cb: rebalance, queue_non_empty_cb: queueNonEmpty, offset_commit_cb: true } as ConsumerGlobalConfig,
    topicConfig,
  ) as RebalancingConsumer;
  const effective = redactSecrets({
    client: 'confluent',
    ...config,
    'auto.offset.reset': settings.startFrom,
    commitMode,
    [CONSUME_BATCH_SIZE_KEY]: batchSize,
    idlePollMs: CONFLUENT_IDLE_POLL_MS,
  });
  adapter = new ConfluentConsumerAdapter(consumer, batchSize, String(config['bootstrap.servers']), effective, commitMode);
  return adapter;
}

/** librdkafka's OAUTHBEARER refresh callback (it takes a promise-returning function), when the connection uses it. */
function tokenCallback(security: LibrdkafkaSecurity): { oauthbearer_token_refresh_cb?: unknown } {
  const refresh = security.tokenRefresh;
  return refresh ? { oauthbearer_token_refresh_cb: () => refresh() } : {};
}

/** The confluent client adapter; loads the native addon (main thread only). */
export function createConfluentAdapter(): ClientAdapter {
  const rdkafka = loadRdkafka();
  const require = createRequire(import.meta.url);
  const packageVersion = (require('@confluentinc/kafka-javascript/package.json') as { version: string }).version;
  return {
    name: 'confluent',
    versions: () => ({ '@confluentinc/kafka-javascript': packageVersion, librdkafka: rdkafka.librdkafkaVersion }),
    createProducer: (settings) => createProducer(rdkafka, settings),
    createConsumer: (settings) => createConsumer(rdkafka, settings),
  };
}
