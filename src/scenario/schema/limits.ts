/** Bounds of scenario values, each derived from what the code can carry. */

/** Most instances one group may have (producers per group, members per consumer group). */
export const MAX_INSTANCES_PER_GROUP = 64;
/** Most producer instances plus consumer members in one run. */
export const MAX_CLIENTS_PER_RUN = 256;
/** Most load workers. */
export const MAX_WORKERS = 64;
/**
 * Most distinct keys of a key strategy: each producer keeps every key it has sent as a Buffer
 * (about 100 bytes each) and a Zipf strategy a table of 8 bytes per key, so a million keys cost
 * at most about 100 MB per producer; far more would exhaust a worker's memory mid-run.
 */
export const MAX_KEY_COUNT = 1_000_000;
export const MIN_MESSAGE_SIZE_BYTES = 64;
export const MAX_MESSAGE_SIZE_BYTES = 10_485_760;
/** A backlog's pause comes at least this long after the warm-up: the group's lag before it is its baseline. */
export const MIN_BACKLOG_BASELINE_MS = 1_000;
export const CLUSTER_WARMUP_MODES = ['auto', 'always', 'off'] as const;
/** Bounds of `clusterWarmup.maxDuration`: two settle windows at least, half an hour at most. */
export const MIN_CLUSTER_WARMUP_MS = 10_000;
export const MAX_CLUSTER_WARMUP_MS = 30 * 60_000;
export { MAX_TIMER_MS } from '../../util/durations.js';
/**
 * The highest rate one producer instance may be given, messages per second: ten times the fastest
 * client measured here (about 100,000 msg/s); more makes a producer's every tick a catch-up of
 * millions of messages it cannot send.
 */
export const MAX_RATE_PER_PRODUCER = 1_000_000;
/** librdkafka's bound on `linger.ms` (the Java producer's is the same order). */
export const MAX_LINGER_MS = 900_000;
/** `batch.size` is a 32-bit signed integer in every client. */
export const MAX_BATCH_SIZE_BYTES = 2_147_483_647;
/** Partition counts are 32-bit and replication factors 16-bit signed integers in Kafka's protocol. */
export const MAX_PARTITIONS = 2_147_483_647;
export const MAX_REPLICATION_FACTOR = 32_767;
/** The brokers' default `group.min.session.timeout.ms` and `group.max.session.timeout.ms`. */
export const BROKER_MIN_SESSION_TIMEOUT_MS = 6_000;
export const BROKER_MAX_SESSION_TIMEOUT_MS = 1_800_000;
/** librdkafka's range of `session.timeout.ms`, what an external cluster's session timeout is held to. */
export const CLIENT_MAX_SESSION_TIMEOUT_MS = 3_600_000;
