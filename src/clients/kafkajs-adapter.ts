/**
 * The kafkajs client adapter (pure JavaScript, usable in worker threads).
 *
 * `native` settings are kafkajs constructor options by name, routed to where kafkajs takes
 * them; an unknown name is an error rather than silently ignored:
 * - client: connectionTimeout, authenticationTimeout, reauthenticationThreshold, requestTimeout,
 *   enforceRequestTimeout, socketNoDelay (kbench's: Nagle's algorithm off unless false, see
 *   `kafkajs-socket.ts`), retry.retries / retry.initialRetryTime / retry.maxRetryTime /
 *   retry.factor / retry.multiplier (TLS and SASL come from the connection's `security`);
 * - producer: metadataMaxAge, allowAutoTopicCreation (no topic is created by sending: kbench
 *   first reads a topic's partition count with an admin client, which never creates topics),
 *   maxInFlightRequests (also kbench's bound on concurrent sends), maxQueuedRecords (kbench's
 *   accumulator bound, like librdkafka's queue.buffering.max.messages);
 * - consumer: metadataMaxAge, allowAutoTopicCreation, maxInFlightRequests, rebalanceTimeout,
 *   heartbeatInterval, maxBytesPerPartition, minBytes, maxBytes, maxWaitTimeInMs,
 *   readUncommitted (kbench's `isolationLevel` otherwise: read_uncommitted unless it says
 *   read_committed, whereas kafkajs's own default is read_committed), and the run options
 *   partitionsConsumedConcurrently and autoCommitInterval (how often kbench commits what was
 *   handled, with `commitMode: 'interval'`: kafkajs's own auto-commit is off, see
 *   kafkajs-interval-commits.ts).
 *
 * A producer with a `transactionalId` is kafkajs's transactional producer: idempotent, one
 * request in flight, acks all (see kafkajs-transactions.ts).
 */
import { createRequire } from 'node:module';
import {
  CompressionTypes,
  Kafka,
  PartitionAssigners,
  Partitioners,
  logLevel,
  type ConsumerConfig,
  type KafkaConfig,
  type ProducerConfig,
  type RetryOptions,
} from 'kafkajs';
import {
  DEFAULT_ISOLATION_LEVEL,
  type Acks,
  type ClientAdapter,
  type Compression,
  type ConnectionSettings,
  type ConsumerAdapter,
  type ConsumerSettings,
  type ProducerAdapter,
  type ProducerSettings,
} from './client-adapter.js';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { redactSecrets, type FlatConfig } from './effective-config.js';
import { kafkajsSecurity } from './kafkajs-security.js';
import { KAFKAJS_SOCKET_NO_DELAY_DEFAULT, kafkajsSocketFactory } from './kafkajs-socket.js';
import { PLAINTEXT, securityProtocol } from './connection-security.js';
import { KafkajsConsumerAdapter, type KafkajsRunOptions } from './kafkajs-consumer.js';
import { KafkajsProducerAdapter, type KafkajsSendOptions } from './kafkajs-producer.js';
import { KAFKAJS_TRANSACTION_TIMEOUT_MS, KafkajsTransactions, type KafkajsQueue } from './kafkajs-transactions.js';
import { TRANSACTION_OPERATION_TIMEOUT_MS } from './transaction-tracker.js';
import { DEFAULT_MAX_REQUEST_SIZE_BYTES } from './record-accumulator.js';

/** kbench's defaults for the kafkajs accumulator (Java-like, where kafkajs has no setting). */
export const KAFKAJS_PRODUCER_DEFAULTS = {
  lingerMs: 0,
  batchSizeBytes: 1024 * 1024,
  maxRequestSizeBytes: DEFAULT_MAX_REQUEST_SIZE_BYTES,
  maxInFlightRequests: 5,
  maxQueuedRecords: 100_000,
  deliveryTimeoutMs: 30_000,
  /** kafkajs's own default for the broker-side ack wait. */
  ackTimeoutMs: 30_000,
} as const;


type NativeValue = string | number | boolean;
type Native = Record<string, NativeValue>;

const CLIENT_NUMBER_KEYS = ['connectionTimeout', 'authenticationTimeout', 'reauthenticationThreshold', 'requestTimeout'] as const;
const RETRY_KEYS = ['retries', 'initialRetryTime', 'maxRetryTime', 'factor', 'multiplier'] as const;
const CLIENT_KEYS = new Set<string>([...CLIENT_NUMBER_KEYS, 'enforceRequestTimeout', 'socketNoDelay', ...RETRY_KEYS.map((key) => `retry.${key}`)]);
const PRODUCER_KEYS = new Set(['metadataMaxAge', 'allowAutoTopicCreation', 'maxInFlightRequests', 'maxQueuedRecords']);
const CONSUMER_CONFIG_KEYS = [
  'metadataMaxAge',
  'allowAutoTopicCreation',
  'maxInFlightRequests',
  'rebalanceTimeout',
  'heartbeatInterval',
  'maxBytesPerPartition',
  'minBytes',
  'maxBytes',
  'maxWaitTimeInMs',
  'readUncommitted',
] as const;
const CONSUMER_RUN_KEYS = ['partitionsConsumedConcurrently', 'autoCommitInterval'] as const;
const CONSUMER_KEYS = new Set<string>([...CONSUMER_CONFIG_KEYS, ...CONSUMER_RUN_KEYS]);

function checkNativeKeys(native: Native, allowed: Set<string>, role: string): void {
  for (const key of Object.keys(native)) {
    if (!CLIENT_KEYS.has(key) && !allowed.has(key)) {
      throw new Error(`unknown kafkajs ${role} setting "${key}" in native settings; known: ${[...CLIENT_KEYS, ...allowed].sort().join(', ')}`);
    }
  }
}

function numberSetting(native: Native, key: string): number | undefined {
  const value = native[key];
  if (value === undefined) return undefined;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(parsed)) throw new Error(`kafkajs setting "${key}" must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}

function booleanSetting(native: Native, key: string): boolean | undefined {
  const value = native[key];
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`kafkajs setting "${key}" must be true or false, got ${JSON.stringify(value)}`);
}

function socketNoDelay(native: Native): boolean {
  return booleanSetting(native, 'socketNoDelay') ?? KAFKAJS_SOCKET_NO_DELAY_DEFAULT;
}

/** A kafkajs client that never writes to the console. */
function createKafka(settings: ConnectionSettings): Kafka {
  const native = settings.native ?? {};
  const config: KafkaConfig = { clientId: settings.clientId, brokers: settings.brokers, logLevel: logLevel.NOTHING };
  for (const key of CLIENT_NUMBER_KEYS) {
    const value = numberSetting(native, key);
    if (value !== undefined) config[key] = value;
  }
  const enforceRequestTimeout = booleanSetting(native, 'enforceRequestTimeout');
  if (enforceRequestTimeout !== undefined) config.enforceRequestTimeout = enforceRequestTimeout;
  config.socketFactory = kafkajsSocketFactory(socketNoDelay(native));
  Object.assign(config, kafkajsSecurity(settings.security));
  const retry: RetryOptions = {};
  for (const key of RETRY_KEYS) {
    const value = numberSetting(native, `retry.${key}`);
    if (value !== undefined) retry[key] = value;
  }
  if (Object.keys(retry).length > 0) config.retry = retry;
  return new Kafka(config);
}

function kafkajsAcks(acks: Acks): 0 | 1 | -1 {
  return acks === 'all' ? -1 : acks;
}

function kafkajsCompression(compression: Compression): number {
  switch (compression) {
    case 'none':
      return CompressionTypes.None;
    case 'gzip':
      return CompressionTypes.GZIP;
    default:
      throw new Error(
        `kafkajs has no built-in ${compression} codec (only gzip; ${compression} needs a codec plugin kbench does not install): use compression 'none' or 'gzip' with the kafkajs client`,
      );
  }
}

function createProducer(settings: ProducerSettings): ProducerAdapter {
  const native = settings.native ?? {};
  checkNativeKeys(native, PRODUCER_KEYS, 'producer');
  const transactionalId = settings.transactionalId;
  const transactional = transactionalId !== undefined;
  // A transactional producer is an idempotent one.
  const idempotent = (settings.idempotent ?? false) || transactional;
  if (idempotent && settings.acks !== 'all') {
    const what = transactional ? 'a transactional producer' : 'an idempotent producer';
    throw new Error(`${what} needs acks 'all' (kafkajs refuses acks ${settings.acks} with idempotent: true)`);
  }
  const nativeInFlight = numberSetting(native, 'maxInFlightRequests');
  if (transactional && nativeInFlight !== undefined && nativeInFlight !== 1) {
    throw new Error(`a transactional kafkajs producer sends one request at a time: maxInFlightRequests must be 1, got ${nativeInFlight}`);
  }
  const compression = settings.compression ?? 'none';
  const deliveryTimeoutMs = settings.deliveryTimeoutMs ?? KAFKAJS_PRODUCER_DEFAULTS.deliveryTimeoutMs;
  const options: KafkajsSendOptions = {
    acks: kafkajsAcks(settings.acks),
    compressionCode: kafkajsCompression(compression),
    deliveryTimeoutMs,
    ackTimeoutMs: Math.min(deliveryTimeoutMs, KAFKAJS_PRODUCER_DEFAULTS.ackTimeoutMs),
    lingerMs: settings.lingerMs ?? KAFKAJS_PRODUCER_DEFAULTS.lingerMs,
    batchSizeBytes: settings.batchSizeBytes ?? KAFKAJS_PRODUCER_DEFAULTS.batchSizeBytes,
    maxRequestSizeBytes: KAFKAJS_PRODUCER_DEFAULTS.maxRequestSizeBytes,
    // kafkajs serialises idempotent produce requests per broker; one send at a time keeps order.
    maxInFlightRequests: nativeInFlight ?? (idempotent ? 1 : KAFKAJS_PRODUCER_DEFAULTS.maxInFlightRequests),
    maxQueuedRecords: numberSetting(native, 'maxQueuedRecords') ?? KAFKAJS_PRODUCER_DEFAULTS.maxQueuedRecords,
  };
  if (options.maxInFlightRequests < 1) throw new Error('kafkajs maxInFlightRequests must be at least 1');
  // kbench sets each message's partition (kafkajs-producer.ts); kafkajs's default partitioner keeps a set partition.
  const producerConfig: ProducerConfig = { createPartitioner: Partitioners.DefaultPartitioner, idempotent, maxInFlightRequests: options.maxInFlightRequests };
  if (transactional) producerConfig.transactionalId = transactionalId;
  if (transactional && settings.transactionTimeoutMs !== undefined) producerConfig.transactionTimeout = settings.transactionTimeoutMs;
  const metadataMaxAge = numberSetting(native, 'metadataMaxAge');
  if (metadataMaxAge !== undefined) producerConfig.metadataMaxAge = metadataMaxAge;
  const allowAutoTopicCreation = booleanSetting(native, 'allowAutoTopicCreation');
  if (allowAutoTopicCreation !== undefined) producerConfig.allowAutoTopicCreation = allowAutoTopicCreation;

  const kafka = createKafka(settings);
  const producer = kafka.producer(producerConfig);
  const effective: FlatConfig = redactSecrets({
    ...native,
    client: 'kafkajs',
    clientId: settings.clientId,
    brokers: settings.brokers.join(','),
    securityProtocol: securityProtocol(settings.security ?? PLAINTEXT),
    socketNoDelay: socketNoDelay(native),
    acks: options.acks,
    idempotent,
    compression,
    lingerMs: options.lingerMs,
    batchSizeBytes: options.batchSizeBytes,
    maxRequestSizeBytes: options.maxRequestSizeBytes,
    maxInFlightRequests: options.maxInFlightRequests,
    maxQueuedRecords: options.maxQueuedRecords,
    deliveryTimeoutMs: options.deliveryTimeoutMs,
    ackTimeoutMs: options.ackTimeoutMs,
    partitioner: 'murmur2 (Java-compatible, kbench), round-robin without key',
    ...(transactional ? { transactionalId, transactionTimeoutMs: settings.transactionTimeoutMs ?? KAFKAJS_TRANSACTION_TIMEOUT_MS, transactionOperationTimeoutMs: TRANSACTION_OPERATION_TIMEOUT_MS } : {}),
  });
  const transactions = transactional ? (queue: KafkajsQueue) => new KafkajsTransactions(producer, queue, options.deliveryTimeoutMs) : undefined;
  return new KafkajsProducerAdapter(producer, kafka.admin(), options, effective, transactions);
}

function createConsumer(settings: ConsumerSettings): ConsumerAdapter {
  const native = settings.native ?? {};
  checkNativeKeys(native, CONSUMER_KEYS, 'consumer');
  if (settings.groupProtocol === 'consumer') {
    throw new Error("kafkajs supports only the classic group protocol with eager round-robin assignment, not the 'consumer' protocol (KIP-848): use the confluent client");
  }
  if (settings.assignmentStrategy !== undefined && settings.assignmentStrategy !== 'roundrobin') {
    throw new Error(`kafkajs supports only eager round-robin assignment, not '${settings.assignmentStrategy}': leave assignmentStrategy unset or use 'roundrobin'`);
  }
  const commitMode = settings.commitMode ?? 'interval';
  const config: ConsumerConfig = {
    groupId: settings.groupId,
    partitionAssigners: [PartitionAssigners.roundRobin],
    // kafkajs's own default is read_committed.
    readUncommitted: (settings.isolationLevel ?? DEFAULT_ISOLATION_LEVEL) === 'read_uncommitted',
  };
  if (settings.sessionTimeoutMs !== undefined) config.sessionTimeout = settings.sessionTimeoutMs;
  for (const key of CONSUMER_CONFIG_KEYS) {
    if (native[key] === undefined) continue;
    if (key === 'allowAutoTopicCreation' || key === 'readUncommitted') config[key] = booleanSetting(native, key);
    else config[key] = numberSetting(native, key);
  }
  // kbench commits every 5 s (commit-interval.ts); `autoCommitInterval` in `native` sets another.
  const runOptions: KafkajsRunOptions = { autoCommitInterval: AUTO_COMMIT_INTERVAL_MS };
  for (const key of CONSUMER_RUN_KEYS) {
    const value = numberSetting(native, key);
    if (value !== undefined) runOptions[key] = value;
  }
  const consumer = createKafka(settings).consumer(config);
  const effective: FlatConfig = redactSecrets({
    ...native,
    client: 'kafkajs',
    clientId: settings.clientId,
    brokers: settings.brokers.join(','),
    securityProtocol: securityProtocol(settings.security ?? PLAINTEXT),
    socketNoDelay: socketNoDelay(native),
    groupId: settings.groupId,
    groupProtocol: 'classic',
    assignmentStrategy: 'roundrobin',
    startFrom: settings.startFrom,
    isolationLevel: config.readUncommitted ? 'read_uncommitted' : 'read_committed',
    commitMode,
    autoCommit: false,
    autoCommitInterval: commitMode === 'manual' ? 'none (manual commits)' : `${runOptions.autoCommitInterval ?? AUTO_COMMIT_INTERVAL_MS} ms, before a rejoin and at stop (kbench's commits)`,
    ...(settings.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: settings.sessionTimeoutMs } : {}),
  });
  return new KafkajsConsumerAdapter(consumer, settings.startFrom, runOptions, effective, settings.groupId, commitMode);
}

function kafkajsVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('kafkajs/package.json') as { version: string }).version;
}

/** The kafkajs client adapter. */
export function createKafkajsAdapter(): ClientAdapter {
  return {
    name: 'kafkajs',
    versions: () => ({ kafkajs: kafkajsVersion() }),
    createProducer,
    createConsumer,
  };
}
