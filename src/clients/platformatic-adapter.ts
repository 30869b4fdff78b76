/**
 * The @platformatic/kafka client adapter (pure JavaScript, usable in worker threads). Version
 * 1.35: its 2.x line calls `Promise.withResolvers`, which Node 20 lacks.
 *
 * kbench's mapping, then `native` settings by the library's option names (they win), routed to
 * where the library takes them; an unknown name is an error rather than silently ignored:
 * - client: timeout (request timeout, ms), connectTimeout, retries, retryDelay, metadataMaxAge,
 *   maxInflights (requests in flight per connection);
 * - producer: maxInFlightRequests (kbench's bound on concurrent sends), maxQueuedRecords
 *   (kbench's accumulator bound, like librdkafka's queue.buffering.max.messages);
 * - consumer: rebalanceTimeout, heartbeatInterval, minBytes, maxBytes, maxBytesPerPartition,
 *   maxWaitTime, highWaterMark, isolationLevel (0 read uncommitted, 1 read committed; kbench's
 *   `isolationLevel` setting otherwise, read uncommitted by default where the library's default is
 *   read committed), and kbench's batchSize (records per `onRecords` call).
 *
 * A `transactionalId` makes the producer transactional (idempotent, acks all, one send in flight:
 * platformatic-transactions.ts). A read_committed consumer's fetches are filtered again by kbench
 * (platformatic-read-committed.ts: the library lets some aborted records through).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Consumer, Producer, type ConsumerOptions, type ProducerOptions } from '@platformatic/kafka';
import type { Acks, ClientAdapter, Compression, ConnectionSettings, ConsumerAdapter, ConsumerSettings, IsolationLevel, ProducerAdapter, ProducerSettings } from './client-adapter.js';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { PLAINTEXT, securityProtocol } from './connection-security.js';
import { redactSecrets, type FlatConfig } from './effective-config.js';
import { rangeAssigner } from './platformatic-assignors.js';
import { PlatformaticConsumerAdapter, type PlatformaticConsumeOptions } from './platformatic-consumer.js';
import { PlatformaticProducerAdapter, type PlatformaticSendOptions } from './platformatic-producer.js';
import { filterAbortedTransactions } from './platformatic-read-committed.js';
import { platformaticSecurity } from './platformatic-security.js';
import { DEFAULT_MAX_REQUEST_SIZE_BYTES } from './record-accumulator.js';

/** kbench's defaults where the library has none (the accumulator) or where its own do not fit a benchmark. */
export const PLATFORMATIC_PRODUCER_DEFAULTS = {
  lingerMs: 0,
  batchSizeBytes: 1024 * 1024,
  maxRequestSizeBytes: DEFAULT_MAX_REQUEST_SIZE_BYTES,
  maxInFlightRequests: 5,
  maxQueuedRecords: 100_000,
  deliveryTimeoutMs: 30_000,
  /**
   * Between retries of a failed request (the library's default is 1000 ms, with 3 retries: about
   * 3 s of a leader's absence before a send fails). kbench retries every 250 ms until the delivery
   * timeout, as the Java client retries within delivery.timeout.ms.
   */
  retryDelayMs: 250,
} as const;
/** Records per `onRecords` call unless `batchSize` says otherwise. */
export const PLATFORMATIC_CONSUME_BATCH_SIZE = 500;
/** The library's consumer defaults kbench reports (defaultConsumerOptions, 1.35). */
const LIBRARY_CONSUMER_DEFAULTS = { rebalanceTimeout: 102_000, heartbeatInterval: 3_000, maxWaitTime: 5_000, maxBytes: 10_485_760, highWaterMark: 1024, isolationLevel: 1 };
/** The library's client defaults kbench reports (defaultBaseOptions, 1.35). */
const LIBRARY_CLIENT_DEFAULTS = { timeout: 5_000, connectTimeout: 5_000, retries: 3, retryDelay: 1_000, metadataMaxAge: 5_000, maxInflights: 5 };

type Native = Record<string, string | number | boolean>;

const CLIENT_KEYS = ['timeout', 'connectTimeout', 'retries', 'retryDelay', 'metadataMaxAge', 'maxInflights'] as const;
const PRODUCER_KEYS = ['maxInFlightRequests', 'maxQueuedRecords'] as const;
const CONSUMER_KEYS = ['rebalanceTimeout', 'heartbeatInterval', 'minBytes', 'maxBytes', 'maxBytesPerPartition', 'maxWaitTime', 'highWaterMark', 'isolationLevel', 'batchSize'] as const;

function checkNativeKeys(native: Native, allowed: readonly string[], role: string): void {
  const known = new Set<string>([...CLIENT_KEYS, ...allowed]);
  for (const key of Object.keys(native)) {
    if (!known.has(key)) throw new Error(`unknown @platformatic/kafka ${role} setting "${key}" in native settings; known: ${[...known].sort().join(', ')}`);
  }
}

function numberSetting(native: Native, key: string): number | undefined {
  const value = native[key];
  if (value === undefined) return undefined;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(parsed) || parsed < 0) throw new Error(`@platformatic/kafka setting "${key}" must be a number of at least 0, got ${JSON.stringify(value)}`);
  return parsed;
}

/** The client options of every producer and consumer: brokers, TLS / SASL, and the native client settings. */
function baseOptions(settings: ConnectionSettings, defaults: Partial<Record<(typeof CLIENT_KEYS)[number], number>>): { options: Record<string, unknown>; reported: FlatConfig } {
  const native = settings.native ?? {};
  const options: Record<string, unknown> = { clientId: settings.clientId, bootstrapBrokers: settings.brokers, ...platformaticSecurity(settings.security) };
  const reported: FlatConfig = { ...LIBRARY_CLIENT_DEFAULTS };
  for (const key of CLIENT_KEYS) {
    const value = numberSetting(native, key) ?? defaults[key];
    if (value === undefined) continue;
    options[key] = value;
    reported[key] = value;
  }
  return { options, reported };
}

function platformaticAcks(acks: Acks): -1 | 0 | 1 {
  return acks === 'all' ? -1 : acks;
}

/** The library's fetch isolation levels (FetchIsolationLevels). */
const ISOLATION_LEVELS: Record<IsolationLevel, 0 | 1> = { read_uncommitted: 0, read_committed: 1 };

function checkCompression(compression: Compression): 'none' | 'gzip' | 'snappy' | 'lz4' {
  if (compression === 'zstd') {
    throw new Error("@platformatic/kafka sends zstd only on a Node.js whose node:zlib has zstd (22.15 and later), not on this one: use compression 'none', 'gzip', 'snappy' or 'lz4'");
  }
  return compression;
}

function createProducer(settings: ProducerSettings): ProducerAdapter {
  const native = settings.native ?? {};
  checkNativeKeys(native, PRODUCER_KEYS, 'producer');
  const transactionalId = settings.transactionalId;
  if (transactionalId !== undefined && transactionalId.length === 0) throw new Error('a transactionalId cannot be empty');
  const transactional = transactionalId !== undefined;
  const idempotent = transactional || (settings.idempotent ?? false);
  if (idempotent && settings.acks !== 'all') {
    throw new Error(`${transactional ? 'a transactional' : 'an idempotent'} producer needs acks 'all' (@platformatic/kafka refuses acks ${settings.acks} with idempotent: true)`);
  }
  const compression = checkCompression(settings.compression ?? 'none');
  const deliveryTimeoutMs = settings.deliveryTimeoutMs ?? PLATFORMATIC_PRODUCER_DEFAULTS.deliveryTimeoutMs;
  const retryDelay = numberSetting(native, 'retryDelay') ?? PLATFORMATIC_PRODUCER_DEFAULTS.retryDelayMs;
  const base = baseOptions(settings, { retryDelay, retries: Math.max(1, Math.ceil(deliveryTimeoutMs / Math.max(1, retryDelay))) });
  const sendOptions: PlatformaticSendOptions = {
    acks: platformaticAcks(settings.acks),
    deliveryTimeoutMs,
    lingerMs: settings.lingerMs ?? PLATFORMATIC_PRODUCER_DEFAULTS.lingerMs,
    batchSizeBytes: settings.batchSizeBytes ?? PLATFORMATIC_PRODUCER_DEFAULTS.batchSizeBytes,
    maxRequestSizeBytes: PLATFORMATIC_PRODUCER_DEFAULTS.maxRequestSizeBytes,
    // The library numbers an idempotent producer's batches when their response arrives: one send at a time keeps the sequence right.
    maxInFlightRequests: numberSetting(native, 'maxInFlightRequests') ?? (idempotent ? 1 : PLATFORMATIC_PRODUCER_DEFAULTS.maxInFlightRequests),
    maxQueuedRecords: numberSetting(native, 'maxQueuedRecords') ?? PLATFORMATIC_PRODUCER_DEFAULTS.maxQueuedRecords,
  };
  if (sendOptions.maxInFlightRequests < 1) throw new Error('@platformatic/kafka maxInFlightRequests must be at least 1');
  // In a transaction the library adds each send's partitions under one deduplicated request: a second send in flight could skip its own.
  if (transactional && sendOptions.maxInFlightRequests !== 1) throw new Error('a transactional @platformatic/kafka producer sends one batch at a time: maxInFlightRequests must be 1');
  const options = { ...base.options, acks: sendOptions.acks, compression, idempotent, ...(transactional ? { transactionalId } : {}) } as ProducerOptions<Buffer, Buffer, Buffer, Buffer>;
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>(options);
  const effective = redactSecrets({
    ...native,
    client: 'platformatic',
    clientId: settings.clientId,
    brokers: settings.brokers.join(','),
    securityProtocol: securityProtocol(settings.security ?? PLAINTEXT),
    ...base.reported,
    // The library forces one request in flight per connection for an idempotent producer.
    ...(idempotent ? { maxInflights: 1 } : {}),
    acks: sendOptions.acks,
    idempotent,
    ...(transactional
      ? {
          transactionalId,
          // The library registers its request timeout as the transaction timeout (InitProducerId).
          transactionTimeoutMs: Number(base.reported.timeout),
        }
      : {}),
    compression,
    lingerMs: sendOptions.lingerMs,
    batchSizeBytes: sendOptions.batchSizeBytes,
    maxRequestSizeBytes: sendOptions.maxRequestSizeBytes,
    maxInFlightRequests: sendOptions.maxInFlightRequests,
    maxQueuedRecords: sendOptions.maxQueuedRecords,
    deliveryTimeoutMs,
    partitioner: 'murmur2 (Java-compatible, kbench), round-robin without key',
  });
  return new PlatformaticProducerAdapter(producer, sendOptions, effective, transactionalId);
}

function createConsumer(settings: ConsumerSettings): ConsumerAdapter {
  const native = settings.native ?? {};
  checkNativeKeys(native, CONSUMER_KEYS, 'consumer');
  if ((settings.groupProtocol ?? 'classic') !== 'classic') {
    throw new Error("kbench drives @platformatic/kafka with the classic group protocol only (the library reports no assignment changes under KIP-848's 'consumer' protocol): use the confluent client for it");
  }
  const strategy = settings.assignmentStrategy ?? 'roundrobin';
  if (strategy !== 'roundrobin' && strategy !== 'range') {
    throw new Error(`@platformatic/kafka has eager 'range' and 'roundrobin' assignment only, not '${strategy}' (no cooperative protocol)`);
  }
  const batchSize = numberSetting(native, 'batchSize') ?? PLATFORMATIC_CONSUME_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`@platformatic/kafka batchSize must be a positive integer, got ${JSON.stringify(native.batchSize)}`);
  const base = baseOptions(settings, {});
  const options: Record<string, unknown> = {
    ...base.options,
    groupId: settings.groupId,
    protocols: [{ name: strategy, version: 1 }],
  };
  if (strategy === 'range') options.partitionAssigner = rangeAssigner;
  const reported: FlatConfig = { ...LIBRARY_CONSUMER_DEFAULTS };
  if (settings.sessionTimeoutMs !== undefined) {
    options.sessionTimeout = settings.sessionTimeoutMs;
    reported.sessionTimeout = settings.sessionTimeoutMs;
    // The library requires rebalanceTimeout >= sessionTimeout.
    if (settings.sessionTimeoutMs > LIBRARY_CONSUMER_DEFAULTS.rebalanceTimeout) options.rebalanceTimeout = reported.rebalanceTimeout = settings.sessionTimeoutMs;
  }
  // kbench's isolation level (read_uncommitted unless set), on the consumer (its offset lookups) and on each fetch; a native isolationLevel wins.
  const isolationLevel = ISOLATION_LEVELS[settings.isolationLevel ?? 'read_uncommitted'];
  options.isolationLevel = isolationLevel;
  const consumeOptions: PlatformaticConsumeOptions = { isolationLevel };
  reported.isolationLevel = isolationLevel;
  for (const key of CONSUMER_KEYS) {
    if (key === 'batchSize') continue;
    const value = numberSetting(native, key);
    if (value === undefined) continue;
    if (key === 'rebalanceTimeout' || key === 'heartbeatInterval' || key === 'isolationLevel') options[key] = value;
    if (key !== 'rebalanceTimeout' && key !== 'heartbeatInterval') consumeOptions[key] = value;
    reported[key] = value;
  }
  const commitMode = settings.commitMode ?? 'interval';
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>(options as unknown as ConsumerOptions<Buffer, Buffer, Buffer, Buffer>);
  if (options.isolationLevel === ISOLATION_LEVELS.read_committed) filterAbortedTransactions();
  const effective = redactSecrets({
    ...native,
    client: 'platformatic',
    clientId: settings.clientId,
    brokers: settings.brokers.join(','),
    securityProtocol: securityProtocol(settings.security ?? PLAINTEXT),
    ...base.reported,
    groupId: settings.groupId,
    groupProtocol: 'classic',
    assignmentStrategy: strategy,
    startFrom: settings.startFrom,
    ...reported,
    isolationLevel: reported.isolationLevel === ISOLATION_LEVELS.read_committed ? 'read_committed' : 'read_uncommitted',
    commitMode,
    autocommit: commitMode === 'manual' ? 'none: only the offsets given to commit()' : `what was handled (kbench): every ${AUTO_COMMIT_INTERVAL_MS} ms, at a revocation and at stop`,
    batchSize,
  });
  return new PlatformaticConsumerAdapter(consumer, settings.startFrom, consumeOptions, batchSize, effective, AUTO_COMMIT_INTERVAL_MS, commitMode);
}

/** The installed library's version, from its package.json (its `exports` do not list that file). */
function platformaticVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@platformatic/kafka');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** The @platformatic/kafka client adapter. */
export function createPlatformaticAdapter(): ClientAdapter {
  const version = platformaticVersion();
  return {
    name: 'platformatic',
    versions: () => ({ '@platformatic/kafka': version }),
    createProducer,
    createConsumer,
  };
}
