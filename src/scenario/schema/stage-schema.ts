/**
 * `consumers[].stage`: makes a consumer group a pipeline stage. Each member reads the group's
 * `topic`, hands every `compras` event to the stage's transform and writes the outputs to the
 * stage's `output` topic, committing what it read per its delivery semantics
 * (workload/delivery-semantics.ts, carried out by workers/stage-loop.ts). The group is otherwise
 * a consumer group like any other: members, schedule (join, leave, crash), rebalances measured.
 */
import { DELIVERY_SEMANTICS } from '../../workload/delivery-semantics.js';
import { transformSchema } from '../../workload/transforms/transforms.js';
import { MAX_PARTITIONS, MAX_REPLICATION_FACTOR } from './limits.js';
import { duration, integer, nonNegative, oneOf, section, settings } from '../../util/schema-kit.js';
import { topicName } from './topic-schema.js';

/** Bound on a stage's CPU cost per input: one second. */
export const MAX_PROCESSING_COST_US = 1_000_000;
/** At-most-once: outputs in flight beyond which a member waits before taking its next batch. */
export const DEFAULT_STAGE_MAX_IN_FLIGHT = 10_000;
/**
 * How long a stage member's open transaction may stay open (`transaction.timeout.ms`). A killed
 * exactly-once member leaves its transaction open; `read_committed` readers of the output topic
 * wait at that transaction (the last stable offset) until the broker aborts it after this time.
 * Kafka's default is 60 s; kbench's stages use 10 s so a crash's stall is bounded and visible.
 */
export const DEFAULT_TRANSACTION_TIMEOUT = '10s';
/** At-least-once: the least time between two commits when the scenario gives none. */
export const DEFAULT_STAGE_COMMIT_INTERVAL = '5s';

/** The topic a stage writes: created with the run like the scenario's topic (deleted with it when kbench created it). */
const outputTopicSchema = section(
  {
    /** Unique among the run's topics, not the scenario's `topic.name`. */
    name: topicName,
    /** @default the partitions of the topic the stage reads */
    partitions: integer(1, MAX_PARTITIONS).optional(),
    /** @default the scenario topic's */
    replicationFactor: integer(1, MAX_REPLICATION_FACTOR).optional(),
    /** Other topic configs, e.g. `{ 'retention.ms': '600000' }`. */
    configs: settings<string | number>(['string', 'number']).optional(),
  },
  'an output topic such as { name: "compras-enriched" }',
);

export const stageSchema = section(
  {
    /** What each member does to an event: `enrich`, `filter` or `aggregate` (see workload/transforms/). */
    transform: transformSchema,
    /**
     * When a member commits what it read, relative to what it writes: `at-most-once` (commit, then
     * write), `at-least-once` (write, every output acknowledged, then commit), `exactly-once` (a
     * transaction per batch with the read offsets in it; readers of the output read `read_committed`).
     * @default 'at-least-once'
     */
    semantics: oneOf(DELIVERY_SEMANTICS).default('at-least-once'),
    output: outputTopicSchema,
    /** CPU spent on each input before the transform (a busy loop), microseconds, at most 1 s. @default 0 */
    processingCostUs: nonNegative('microseconds', MAX_PROCESSING_COST_US).default(0),
    /**
     * At-least-once only: the least time between two commits of what the member wrote (outputs all
     * acknowledged first); a crash re-reads what was not committed yet. `'0s'`: after every batch.
     * @default '5s' (the Java consumer's and librdkafka's `auto.commit.interval.ms`; Kafka Streams commits at-least-once every 30 s)
     */
    commitInterval: duration(false).optional(),
    /** Exactly-once: how long a member's transaction may stay open (`transaction.timeout.ms`). @default '10s' */
    transactionTimeout: duration(true).default(DEFAULT_TRANSACTION_TIMEOUT),
    /** At-most-once: outputs in flight before a member waits to take its next batch. @default 10000 */
    maxInFlight: integer(1, 1_000_000).default(DEFAULT_STAGE_MAX_IN_FLIGHT),
    /** Client-native settings of the members' producers, passed through verbatim; recorded in the report. */
    producerConfig: settings(['string', 'number', 'boolean']).default({}),
  },
  "a stage such as { transform: { type: 'enrich' }, output: { name: 'compras-enriched' } }",
);
