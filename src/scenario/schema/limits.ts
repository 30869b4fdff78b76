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
