/** The bounds every run of a worker fleet uses (the scenario's run and the cluster warm-up alike). */

/** Time between sending `start` and the first intended send, so every worker gets it in time. */
export const START_MARGIN_US = 300_000;
/** Bound on the workers connecting their clients (and the members getting their first partitions). */
export const READY_TIMEOUT_MS = 90_000;
/** Bound on a worker answering a snapshot request. */
export const SNAPSHOT_TIMEOUT_MS = 2_000;
/** Bound on the workers closing their clients and leaving. */
export const SHUTDOWN_TIMEOUT_MS = 15_000;
