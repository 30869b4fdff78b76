/**
 * How often kbench's kafkajs and @platformatic/kafka consumers commit the offsets of what they
 * handled, ms: the Java client's and librdkafka's `auto.commit.interval.ms` (5 s; kbench's
 * confluent consumers leave it to librdkafka). Committing after every batch instead (kafkajs's
 * own auto-commit, whatever its `autoCommitInterval`) is a replicated write to
 * `__consumer_offsets` that the next batch waits for. Both also commit before a rejoin and when
 * they stop, so a clean stop or a rebalance leaves nothing handled uncommitted.
 */
export const AUTO_COMMIT_INTERVAL_MS = 5_000;
