/**
 * A scenario resolved into a plan: every default filled in, every duration in milliseconds,
 * every rate split per producer instance and every producer and consumer placed on a worker.
 * Plain data (it crosses into workers as is).
 */
import type { BacklogSize } from './backlog-size.js';
import type { Acks, AssignmentStrategy, ClientName, Compression, GroupProtocol, StartFrom } from '../clients/client-adapter.js';
import type { ConnectionSecurity } from '../clients/connection-security.js';

export type { PlannedLoad } from '../workload/loads/load-shapes.js';
export type { PlannedKeys } from '../workload/key-chooser.js';
import type { PlannedLoad } from '../workload/loads/load-shapes.js';
import type { PlannedKeys } from '../workload/key-chooser.js';
import type { ScheduleSlice } from '../workload/sliced-schedule.js';
import type { DeliverySemantics } from '../workload/delivery-semantics.js';
import type { TransformSettings } from '../workload/transforms/transforms.js';
import type { KsqlBasicAuth } from '../ksql/ksql-credentials.js';
import type { KsqlQueryName } from './schema/ksql-schema.js';

export interface PlannedProducer {
  /** Unique in the run, e.g. `producers#0`; carried in every message so deliveries can be verified. */
  id: string;
  /** Index of the producer in the whole run, 0-based (a compact id for headers). */
  index: number;
  /** Name of the group in the scenario. */
  group: string;
  workerId: number;
  load: PlannedLoad;
  /** Bound on messages sent and not yet acknowledged; a message due while the bound is reached is counted as not attempted. */
  maxInFlight: number;
  acks: Acks;
  idempotent: boolean;
  compression: Compression;
  lingerMs: number | undefined;
  batchSizeBytes: number | undefined;
  keys: PlannedKeys;
  /** Target encoded size of each event; undefined = natural size. */
  messageSizeBytes: number | undefined;
  /** Seed of this producer's event stream (the scenario's seed plus the producer index). */
  seed: number;
  clientConfig: Record<string, string | number | boolean>;
  /** In a sharded run: this shard's slice of the scenario producer's schedule (sliced-schedule.ts). */
  slice?: ScheduleSlice;
}

export interface PlannedConsumerGroup {
  groupId: string;
  /** The topic the group reads: the plan's `topic.name` or a stage's output topic (`outputTopics`). */
  topicName: string;
  /** Members read with `read_committed` (the topic is written by an exactly-once stage); `read_uncommitted` otherwise. */
  readCommitted: boolean;
  /** The topic's records identify the producers' messages (`kb`): false behind an aggregating stage, whose outputs stand for windows. */
  checkedByMessage: boolean;
  /** The stages whose outputs lead to the group's topic, nearest first (`[]` for the producers' topic): what they filtered is not expected here. */
  upstreamStages: string[];
  /** The group is a pipeline stage: its members transform what they read and write it to `stage.outputTopic`. */
  stage?: PlannedStage;
  /** Every member the group will have during the run (initial ones, scheduled joiners, and those added live), each its own consumer instance on its own worker. */
  members: PlannedConsumer[];
  startFrom: StartFrom;
  groupProtocol: GroupProtocol;
  assignmentStrategy: AssignmentStrategy | undefined;
  /** Classic protocol only: how long the group waits for a silent member (a crashed one) before rebalancing without it; undefined = the client's default. */
  sessionTimeoutMs: number | undefined;
  /** Membership changes, in time order. */
  schedule: PlannedConsumerStep[];
  /** A deliberate outage and catch-up of the group (scenario `backlog`); absent when none. */
  backlog?: PlannedBacklog;
}

/** What a pipeline stage's members do (scenario `consumers[].stage`; workers/stage-loop.ts). */
export interface PlannedStage {
  /** Its depth in the pipeline: 0 reads the producers' topic, 1 reads a depth-0 stage's output… (written in each output's hop entry). */
  stageIndex: number;
  transform: TransformSettings;
  semantics: DeliverySemantics;
  /** The topic it writes (one of the plan's `outputTopics`). */
  outputTopic: string;
  processingCostUs: number;
  /** Exactly-once: the members' `transaction.timeout.ms`. */
  transactionTimeoutMs: number;
  /** At-least-once: the least time between two commits (0: after every batch; other semantics: 0). */
  commitIntervalMs: number;
  /** At-most-once: outputs in flight before a member takes its next batch. */
  maxInFlight: number;
  /** Client-native settings of the members' producers. */
  producerConfig: Record<string, string | number | boolean>;
  /**
   * Every original message reaching the output is identified by its `kb` header (stateless
   * transforms: enrich, filter), so readers of the output are checked message by message; an
   * aggregate's outputs stand for windows, not messages.
   */
  carriesMessages: boolean;
}

/**
 * The group's members stop fetching `atMs` after the run's start (they stay in the group) and
 * resume once the backlog has reached `size` (or when the producers stop, if that comes first).
 */
export interface PlannedBacklog {
  atMs: number;
  size: BacklogSize;
}

/**
 * One change of a group's membership at `atMs` after the run's start (second 0 of the
 * timeline, warm-up included): members `join` (subscribe), `leave` (close gracefully),
 * `crash` (their worker is killed: no leave request, the group notices after the session
 * timeout), or turn `slow` (a processing time per message).
 */
export type PlannedConsumerStep =
  | { atMs: number; action: 'join' | 'leave' | 'crash'; consumerIds: string[] }
  | { atMs: number; action: 'slow'; consumerIds: string[]; processingTimeMs: number };

export interface PlannedConsumer {
  /** Unique in the run, e.g. `kbench-acks-all-0#1`. */
  id: string;
  groupId: string;
  workerId: number;
  startFrom: StartFrom;
  groupProtocol: GroupProtocol;
  assignmentStrategy: AssignmentStrategy | undefined;
  processingTimeMs: number;
  sessionTimeoutMs: number | undefined;
  /** `initial`: in the group when the load starts; `scheduled`: joins by a schedule step; `live`: added during the run (a key press). */
  origin: 'initial' | 'scheduled' | 'live';
  clientConfig: Record<string, string | number | boolean>;
  /**
   * In a sharded run: end-to-end latency is recorded only for records of these producer indexes
   * (the member's own shard's, whose send times are on this host's clock); absent: every record's.
   */
  e2eProducerIndexes?: { from: number; toExclusive: number };
}

/** A fault at `atMs` after the run's start; `durationMs`: a pause's length, or the time before a killed or stopped node is restarted. */
export interface PlannedFault {
  atMs: number;
  action: 'kill' | 'stop' | 'pause' | 'restart';
  node: number | 'leader';
  durationMs: number | undefined;
}

export type PlannedCluster =
  | { kind: 'embedded'; nodes: 1 | 3; brokerConfig: Record<string, string | number | boolean> }
  /** Containers of `image` kbench starts for the run through testcontainers. */
  | { kind: 'testcontainers'; nodes: 1 | 3; image: string; brokerConfig: Record<string, string | number | boolean> }
  /** `security`: TLS and SASL (secrets as sources, never values). */
  | { kind: 'external'; brokers: string[]; security: ConnectionSecurity };

/** The cluster providers kbench can start a cluster with (`cluster.provider`, `--cluster`). */
export const CLUSTER_PROVIDERS = ['embedded', 'testcontainers'] as const;
export type ClusterProvider = (typeof CLUSTER_PROVIDERS)[number];

export type ClusterWarmupMode = 'auto' | 'always' | 'off';

export interface PlannedClusterWarmup {
  mode: ClusterWarmupMode;
  maxDurationMs: number;
}

export interface PlannedTopic {
  name: string;
  partitions: number;
  /** -1 = the broker's default. */
  replicationFactor: number;
  configs: Record<string, string>;
  recreate: boolean;
  /** External clusters: keep the topic kbench created for the run instead of deleting it at the end (`topic.keep` or `--keep-topic`). */
  keep: boolean;
  /** External clusters: delete and recreate an existing topic of this name (`--recreate-topic`, never from the scenario file). */
  recreateExisting: boolean;
}

export interface PlannedWorker {
  id: number;
  /** `thread` (worker_threads) for kafkajs, `process` (child_process.fork) for confluent, whose addon cannot run in threads. */
  host: 'thread' | 'process';
  producerIds: string[];
  consumerIds: string[];
}

export interface Plan {
  name: string;
  description: string | undefined;
  /** Absolute path of the scenario file (workers need nothing from it: the plan is complete). */
  scenarioFile: string;
  client: ClientName;
  cluster: PlannedCluster;
  topic: PlannedTopic;
  /** The topics pipeline stages write, in the order of the stages writing them; `[]` without stages. */
  outputTopics: PlannedTopic[];
  warmupMs: number;
  /** Measured part of the run, after the warm-up. */
  durationMs: number;
  /** Bound on the time consumers get to catch up after producers stop. */
  drainMs: number;
  /** The cluster warm-up before the run (see `ScenarioInput.clusterWarmup`). */
  clusterWarmup: PlannedClusterWarmup;
  producers: PlannedProducer[];
  consumerGroups: PlannedConsumerGroup[];
  workers: PlannedWorker[];
  /** Broker faults, in time order (embedded clusters only). */
  faults: PlannedFault[];
  /** Messages the producers are scheduled to send in warm-up plus duration; undefined for unthrottled load. */
  expectedMessages: number | undefined;
  /** Kafka SQL (ksqlDB) as an external stage (scenario `ksql`; runner/ksql-stage.ts); absent without it. */
  ksql?: PlannedKsql;
  /** The scenario's pass/fail criteria, metric name → condition as written (`'e2e.p99': '< 50ms'`); `{}` when none. */
  thresholds: Record<string, string>;
  /** One shard of a sharded run (`--shard k/n`, shard-plan.ts); absent for a whole run. */
  shard?: PlannedShard;
}

/** The ksqlDB stage: which query, the topic its readers name, and the server (`--ksql-url`). */
export interface PlannedKsql {
  query: KsqlQueryName;
  /**
   * The query's output topic: the scenario's `ksql.output.name` in a resolved plan (what its
   * readers' `topicName` says); the run's own `kbench-ksql-compras-per-store-<run id>` once the run's
   * names are given (cluster-ownership.ts `withRunNames`).
   */
  outputTopic: string;
  /** The server's REST address (`--ksql-url`); undefined: `kbench run` refuses the plan. */
  url?: string;
  /** Basic authentication: where the user name and the password are read from, never the values. */
  auth?: KsqlBasicAuth;
}

/** Which part of the scenario a shard runs: see scenario/shard-plan.ts. */
export interface PlannedShard {
  /** 0-based. */
  index: number;
  count: number;
  /** The run id all shards share: the topic's and groups' names. */
  runId: string;
  /** Wall-clock time (ms since the epoch) at which every shard starts its load; undefined: as soon as it is ready. */
  startAtEpochMs: number | undefined;
  /** The scenario's producer instances (P): shard k's producer indexes are k×P … k×P + P − 1. */
  producersPerShard: number;
}
