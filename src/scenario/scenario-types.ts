/**
 * What a scenario file can say. These types are the editor's view (completion and hover docs);
 * `validate-scenario.ts` checks the same rules at load time, strictly, and `resolve-scenario.ts`
 * turns a valid scenario into a plan with every default filled in and every unit explicit.
 *
 * Durations are strings with a unit: `'500ms'`, `'30s'`, `'5m'`, `'1h'`, or combinations like `'1m30s'`.
 */

/** A duration with its unit: `'500ms'`, `'30s'`, `'2m'`, `'1m30s'`. */
export type DurationText = string;

export type ClientChoice = 'confluent' | 'kafkajs';
export type AcksChoice = 0 | 1 | 'all';
export type CompressionChoice = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** An embedded Apache Kafka cluster that kbench starts (or the one from `kbench cluster start`). */
export interface EmbeddedClusterInput {
  /** How kbench starts the nodes: JVMs of its own (the default), or containers (see `ContainerClusterInput`). @default 'embedded' */
  provider?: 'embedded';
  /** Number of Kafka nodes. Three nodes give replication factor 3 with min.insync.replicas 2. @default 3 */
  nodes?: 1 | 3;
  /** Broker settings for every node (server.properties keys), applied over kbench's defaults; listeners, node ids and folders stay kbench's. Secret values show as `***`. */
  brokerConfig?: Record<string, string | number | boolean>;
}

/**
 * Where a secret is read when the run starts: an environment variable or a file (its content,
 * without a trailing newline). A secret itself is never written in a scenario file.
 */
export type SecretSourceInput = { env: string } | { file: string };

/** TLS to the brokers. File paths are relative to the scenario file. */
export interface TlsInput {
  /** PEM file of the certificate authorities to trust. @default the system's trust store */
  caFile?: string;
  /** PEM client certificate, for clusters that authenticate clients by certificate (mutual TLS); needs `keyFile`. */
  certFile?: string;
  /** PEM private key of `certFile`. */
  keyFile?: string;
  /** Password of an encrypted `keyFile`. */
  keyPassword?: SecretSourceInput;
  /** Check that the broker's certificate names the host kbench connects to. Turn off only for a test cluster. @default true */
  verifyHostname?: boolean;
}

/** SASL with a user name and password (SASL/PLAIN: use it over TLS only). */
export interface PasswordSaslInput {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  /** The user name, or where to read it. */
  username: string | SecretSourceInput;
  password: SecretSourceInput;
}

/** SASL/OAUTHBEARER with a token obtained beforehand (a JWT in a file or a variable), read when each client connects. */
export interface OauthSaslInput {
  mechanism: 'oauthbearer';
  token: SecretSourceInput;
}

export type SaslInput = PasswordSaslInput | OauthSaslInput;

/**
 * An Apache Kafka cluster in containers (the `apache/kafka` image) that kbench starts for this
 * run through the testcontainers library and removes when the run ends: KRaft combined nodes
 * with the same settings as the embedded cluster, each reachable on 127.0.0.1 only. Needs a
 * container runtime (Docker or compatible); without one the run stops at once (exit code 3).
 * Broker faults need the embedded cluster.
 */
export interface ContainerClusterInput {
  provider: 'testcontainers';
  /** Number of Kafka nodes (one container each). Three nodes give replication factor 3 with min.insync.replicas 2. @default 3 */
  nodes?: 1 | 3;
  /** The image of every node. @default 'apache/kafka:4.2.0' (the Kafka release of the embedded cluster) */
  image?: string;
  /**
   * Broker settings for every node, applied over kbench's defaults; listeners, node ids and folders stay kbench's.
   * They reach the image as `KAFKA_*` environment variables, so names must survive that (lower case) and values hold no `=`.
   */
  brokerConfig?: Record<string, string | number | boolean>;
}

/** An existing cluster, reached at these bootstrap servers. */
export interface ExternalClusterInput {
  /** Bootstrap servers, e.g. `['127.0.0.1:9092']` or `'host1:9092,host2:9092'`. */
  brokers: string[] | string;
  /** TLS: `true` (trust the system's authorities, check host names) or its settings. @default no TLS */
  tls?: true | TlsInput;
  /** SASL authentication. @default none */
  sasl?: SaslInput;
}

export interface TopicInput {
  /** @default 'compras' */
  name?: string;
  /** On an embedded cluster, at most 4000 partition replicas per node. @default 6 */
  partitions?: number;
  /** At most the node count of an embedded cluster. @default the embedded cluster's node count, at most 3; the broker's default on an external cluster */
  replicationFactor?: number;
  /** Topic-level `min.insync.replicas`. @default the broker's (2 on three nodes) */
  minInsyncReplicas?: number;
  /** Other topic configs, e.g. `{ 'retention.ms': '600000' }`. */
  configs?: Record<string, string | number>;
  /**
   * Start every run on an empty topic. On an embedded cluster: delete and create the topic
   * before the run. On an external cluster kbench never deletes a topic it did not create: it
   * creates a topic of its own instead, `kbench-<name>-<run id>`, deleted at the end (see `keep`).
   * `false`: use the existing topic named `name` as it is (on an external cluster it must exist;
   * it is never deleted). Deleting an existing topic on an external cluster takes the command
   * line's `--recreate-topic`. @default true
   */
  recreate?: boolean;
  /** External clusters: keep the topic kbench created for the run after it ends (also `--keep-topic`). @default false */
  keep?: boolean;
}

/** A fixed rate for the whole run (open model: sends are scheduled whether or not acks came back). */
export interface ConstantLoadInput {
  type: 'constant';
  /** Messages per second, over all producers of this group together. */
  ratePerSec: number;
}

export interface RampStageInput {
  /** How long this stage takes (longer than 0). */
  duration: DurationText;
  /** The rate (messages/s, whole group) reached at the end of this stage, changing linearly from the previous one. 0 or more: ramp down to 0 to stop. */
  targetRatePerSec: number;
}

/**
 * A rate that changes over stages, linearly within each. The stages start with the warm-up; past the
 * last stage the rate stays at the last target until the run ends. At least one rate must be above 0.
 */
export interface RampingLoadInput {
  type: 'ramping';
  /** Rate at the start of the first stage. @default 0 */
  startRatePerSec?: number;
  stages: RampStageInput[];
}

/** As fast as the client goes: a new message as soon as fewer than `maxInFlight` await their ack. */
export interface UnthrottledLoadInput {
  type: 'unthrottled';
  /** Bound on messages sent but not yet acknowledged, per producer. @default 10000 */
  maxInFlight?: number;
}

export type LoadInput = ConstantLoadInput | RampingLoadInput | UnthrottledLoadInput;

/** Every message without a key: the client spreads them over partitions. */
export interface NoKeysInput {
  strategy: 'none';
}
/** Keys `key-0` … `key-(count-1)` in turn. */
export interface RoundRobinKeysInput {
  strategy: 'round-robin';
  /** Distinct keys, 1 to 1,000,000. */
  count: number;
}
/** A key drawn uniformly from `count` keys. */
export interface RandomKeysInput {
  strategy: 'random';
  /** Distinct keys, 1 to 1,000,000. */
  count: number;
}
/** Skewed keys: `hotShare` of the traffic goes to the `hotKeys` first keys, the rest spreads over the others. */
export interface HotKeysInput {
  strategy: 'hot';
  /** Distinct keys, 1 to 1,000,000. */
  count: number;
  /** How many keys are hot. */
  hotKeys: number;
  /** Share of messages on the hot keys, between 0 and 1 (0.9 = 90 %). */
  hotShare: number;
}
/** Zipf-distributed keys: key of rank k is drawn with probability ∝ 1/k^exponent. */
export interface ZipfKeysInput {
  strategy: 'zipf';
  /** Distinct keys, 1 to 1,000,000. */
  count: number;
  /** @default 1 */
  exponent?: number;
}
/** The value of a field of the event as key, e.g. `'customer'`: keeps each customer's purchases in order. */
export interface FieldKeysInput {
  strategy: 'field';
  field: 'customer' | 'product' | 'category' | 'store' | 'paymentMethod';
}

export type KeysInput = NoKeysInput | RoundRobinKeysInput | RandomKeysInput | HotKeysInput | ZipfKeysInput | FieldKeysInput;

export interface MessageInput {
  /**
   * Pad each `compras` event to this size in bytes, 64 to 10485760 (JSON with a padding field), and within what the
   * client (confluent: `message.max.bytes`, 1000000) and the brokers (`max.message.bytes`, 1048588) take. Unset: the event's natural size (~250 B).
   */
  sizeBytes?: number;
  /** Seed of the event generator (an integer): the same seed gives the same stream. Producer instance i of the run uses seed + i. @default 1 */
  seed?: number;
}

export interface ProducerGroupInput {
  /** Name in reports, unique among the groups: letters, digits, `-`, `_`, `.`. @default 'producers' (or 'producers-N' for later groups) */
  name?: string;
  /** Number of producer instances, 1 to 64; the group's rate is split evenly among them. @default 1 */
  count?: number;
  load: LoadInput;
  /** @default 'all' */
  acks?: AcksChoice;
  /** Idempotent producer: no duplicates from retries (needs acks 'all'). @default false */
  idempotent?: boolean;
  /** kafkajs supports only `'none'` and `'gzip'`. @default 'none' */
  compression?: CompressionChoice;
  /** How long the client waits to fill a batch, in milliseconds. @default the client's (5 ms for confluent, 0 for kafkajs) */
  lingerMs?: number;
  /** Largest batch per partition, in bytes. @default the client's */
  batchSizeBytes?: number;
  /** @default `{ strategy: 'none' }` */
  keys?: KeysInput;
  message?: MessageInput;
  /**
   * Client-native settings passed through verbatim (librdkafka properties for confluent); recorded in the report, secrets
   * (passwords, SASL, keys, tokens) as `***`. Settings a field above covers (acks, linger.ms, compression…) are refused.
   */
  clientConfig?: Record<string, string | number | boolean>;
}

/**
 * One change of a consumer group's membership, `at` a time since the run started (second 0 of
 * the timeline, warm-up included; before the end of warm-up plus duration). Steps are in time order.
 * - `scale`: to `members` members — newcomers join, the newest members leave gracefully;
 * - `join` / `leave`: `count` members join, or the newest `count` leave gracefully (close: the group rebalances at once);
 * - `crash`: the newest `count` members are killed without leaving: the group notices only after the session timeout;
 * - `slow`: the newest `count` members take `processingTimeMs` per message from then on.
 */
export type ConsumerStepInput =
  | { at: DurationText; action: 'scale'; members: number }
  | { at: DurationText; action: 'join' | 'leave' | 'crash'; /** @default 1 */ count?: number }
  | { at: DurationText; action: 'slow'; processingTimeMs: number; /** @default 1 */ count?: number };

/**
 * A deliberate consumer outage: `after` a time since the run started (after the warm-up), every
 * member of the group stops fetching (the client's `pause()`: the members stay in the group, keep
 * heartbeating and own their partitions, so nothing rebalances) while the producers keep
 * producing; once the backlog has reached `size` the members resume fetching, and kbench measures
 * the catch-up (report section `backlog`). At most one group per scenario has one, and that group
 * has no `schedule`.
 */
export interface BacklogInput {
  /** When the group stops fetching, since the run started: at least 1 s after the warm-up, before the producers stop. */
  after: DurationText;
  /**
   * How big the backlog grows before the group resumes: a message count (`'200000 messages'`),
   * bytes of record values (`'100MB'`, `'64MiB'`, `'500KB'`; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024)
   * or a time (`'60s'`: resume that long after the pause). Counts and bytes are the growth of the
   * group's lag since the pause, checked every second; if the producers stop first, the group resumes then.
   */
  size: string;
}

export interface ConsumerGroupInput {
  /** Kafka group id, unique among the groups. @default 'kbench-<scenario name>-<index>' */
  groupId?: string;
  /** Members of the group when the load starts, 0 to 64. Each member runs on its own worker. @default 1 */
  members?: number;
  /**
   * Group protocol: `classic` (join/sync rounds, client-side assignors) or `consumer`, the
   * KIP-848 protocol of Kafka 4 brokers (server-side assignment, incremental). Client
   * `confluent` only for `consumer`. @default 'classic'
   */
  groupProtocol?: 'classic' | 'consumer';
  /**
   * Classic protocol only: `range` and `roundrobin` are eager (every member gives up every
   * partition at each rebalance), `cooperative-sticky` is incremental. kafkajs has only
   * `roundrobin`. @default 'range' for confluent, 'roundrobin' for kafkajs
   */
  assignmentStrategy?: 'range' | 'roundrobin' | 'cooperative-sticky';
  /** Classic protocol only: how long the group waits for a silent (crashed) member, 6s to 30m by the broker's defaults. @default the client's (45s) */
  sessionTimeout?: DurationText;
  /** Membership changes during the run (scale out and in, crashes, slow members). */
  schedule?: ConsumerStepInput[];
  /** Where a member starts when the group has no committed offset. @default 'earliest' */
  startFrom?: 'earliest' | 'latest';
  /** A deliberate outage of the whole group while the producers go on, then the catch-up (see `BacklogInput`). @default none */
  backlog?: BacklogInput;
  /** Simulated work per message, in milliseconds (a slow consumer). @default 0 */
  processingTimeMs?: number;
  /** Client-native settings passed through verbatim; recorded in the report. */
  clientConfig?: Record<string, string | number | boolean>;
}

/**
 * A fault kbench injects into its embedded cluster `at` a time since the run started:
 * - `kill`: SIGKILL (a crash: no controlled shutdown); `stop`: SIGTERM (a controlled shutdown);
 *   with `duration`, the node is restarted after it;
 * - `pause`: SIGSTOP for `duration` (required), then SIGCONT — the node hangs without closing anything;
 * - `restart`: starts a node that is down.
 * `node` is a node id (1 to the node count) or `'leader'`: the leader of the topic's partition 0 at that moment.
 */
export interface FaultInput {
  at: DurationText;
  action: 'kill' | 'stop' | 'pause' | 'restart';
  node: number | 'leader';
  duration?: DurationText;
}

/** See `ScenarioInput.clusterWarmup`. */
export interface ClusterWarmupInput {
  /** @default 'auto' */
  mode?: 'auto' | 'always' | 'off';
  /** Bound on the warm-up load, 10s to 30m. @default '300s' */
  maxDuration?: DurationText;
}

export interface ScenarioInput {
  /** Name in reports and report file names: letters, digits, `-`, `_`, `.`. */
  name: string;
  description?: string;
  /** Kafka client library. @default 'confluent' */
  client?: ClientChoice;
  /** Where Kafka is. @default an embedded cluster of 3 nodes */
  cluster?: EmbeddedClusterInput | ContainerClusterInput | ExternalClusterInput;
  topic?: TopicInput;
  /** How long producers send, after the warm-up (longer than 0). */
  duration: DurationText;
  /** Load before measuring: statistics are reset when it ends. @default '0s' */
  warmup?: DurationText;
  /** Bound on the time consumers get to catch up once producers stop. @default '30s' */
  drain?: DurationText;
  /**
   * The cluster warm-up before the run: on a cluster kbench has just started (run-scoped, or a
   * `kbench cluster start` cluster no warm-up has used yet) an unmeasured load runs on a topic of
   * its own until the brokers' figures are stable (their JIT compilers have done their work), at
   * most `maxDuration`; then the scenario's topic is created and its own `warmup` and measured
   * phase follow. `mode: 'auto'` does that; `'always'` warms any cluster, an external one or one
   * already warm included (on an external cluster it creates and deletes its own topic); `'off'` never.
   * The report's `clusterWarmup` says what ran and whether the cluster settled.
   * @default { mode: 'auto', maxDuration: '300s' } (mode from `--cluster-warmup` or `KBENCH_CLUSTER_WARMUP` when set)
   */
  clusterWarmup?: ClusterWarmupInput;
  /**
   * Load workers (1 to 64) the producers are spread on (never more than producer instances).
   * Every consumer member gets a worker of its own besides: a producer and a consumer never
   * share one, and a member can crash alone.
   * @default the machine's cores (`availableParallelism()`), at most the producer instances
   */
  workers?: number;
  /**
   * At least one group, or `[]` for a consumer-only run that reads a topic already holding records
   * (it needs consumer groups and `topic.recreate: false`). A run has at most 256 producer
   * instances and consumer members together.
   */
  producers: ProducerGroupInput[];
  /** `[]` for none. @default one group with one member */
  consumers?: ConsumerGroupInput[];
  /** Broker faults during the run (the embedded cluster only: not external brokers, not containers), in time order. */
  faults?: FaultInput[];
  /**
   * Pass/fail criteria checked after the run, by metric name, e.g.
   * `{ 'e2e.p99': '< 50ms', 'counts.failed': '== 0', 'throughput.mean': '> 20000/s', 'produce.p999': '<= 200ms' }`.
   * A condition is an operator (`<`, `<=`, `>`, `>=`, `==`, `!=`) and a bound in the metric's unit:
   * a duration (`800us`, `50ms`, `1.5s`) for latencies and pauses, a rate (`20000/s`) for throughput,
   * a plain number for counts. The results are in the report and listed after the summary; when
   * one fails, `kbench run` exits with code 99 (the report is still written). A metric without a
   * value (e.g. e2e latency of a run without consumers) fails. Metric names: docs/report-format.md.
   * @default no thresholds
   */
  thresholds?: Record<string, string>;
}

/**
 * Declares a scenario. Returns its argument unchanged: it exists so editors type-check the file
 * and show each field's documentation. Validation happens when kbench loads the file.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
