/**
 * The JSON report of one run: self-describing (`kind`, `schemaVersion`), complete (the resolved
 * plan, the effective client configuration, the environment) and stable — scripts read these
 * field names, so they change only with a new `REPORT_SCHEMA_VERSION` (see docs/report-format.md).
 *
 * Units are in the names: `…Ms` milliseconds, `…Bytes` bytes, `…PerSec` per second.
 * Plain data only (it is written with JSON.stringify and read back with JSON.parse).
 */
import type { KsqlReport, PipelineReport } from './pipeline-types.js';
import type { ClientErrorKind, ClientName } from '../clients/client-adapter.js';
import type { LatencySummary } from '../metrics/histogram.js';
import type { ReportScenario } from './report-scenario-types.js';
import type { DeliverySetsReport, ShardReport } from './shard-types.js';
import type { ClusterWarmupReport, ResourceUsageReport, SaturationReport, ValidityReport } from './validity-types.js';

/**
 * Version of the report's format. Adding a field keeps the version; renaming or removing a
 * field, or changing its meaning or unit, increments it.
 */
export const REPORT_SCHEMA_VERSION = 2;

/** The value of every report's `kind` field. */
export const REPORT_KIND = 'kbench-report';

/** The error kinds, in the order reports and tables list them (defined with the clients' error kinds). */
export { CLIENT_ERROR_KINDS as REPORT_ERROR_KINDS } from '../clients/client-adapter.js';

/** How many messages `errorSamples` keeps per error kind (the first ones seen). */
export const MAX_ERROR_SAMPLES_PER_KIND = 5;

/**
 * How the run ended: `completed` ran its whole plan; `aborted` was interrupted (SIGINT / SIGTERM)
 * and holds what was measured until then; `failed` stopped on an error (a worker crash, the
 * cluster lost); `failure` says why for the last two.
 */
export type RunStatus = 'completed' | 'aborted' | 'failed';

/** Part of the run a timeline second belongs to. `drain`: producers have stopped, consumers catch up. */
export type RunPhase = 'warmup' | 'measure' | 'drain';

/** A flat client configuration, as the client really runs with it (secrets masked as `***`). */
export type ReportClientConfig = Record<string, string | number | boolean>;

/** Counts per error kind. */
export type ErrorCounts = Record<ClientErrorKind, number>;

/** One latency distribution: its percentiles in ms, plus the full histogram. */
export interface LatencyStats extends LatencySummary {
  /**
   * The whole distribution as an HdrHistogram in its compressed, base64 encoding (the format of
   * `encodeIntoCompressedBase64` in HdrHistogram's Java, C, Rust and JS libraries). Its values
   * are integer **microseconds**, not milliseconds. Decode it to merge runs or read any percentile.
   */
  hdr: string;
}

/** The three latencies kbench measures, after the warm-up (see `KbenchReport.latency`). */
export interface ReportLatency {
  /** Service time: send (record handed to the client) → broker acknowledgement. */
  produce: LatencyStats;
  /**
   * Response time: intended send time (from the schedule) → broker acknowledgement. Includes the
   * time a message waited because the producer was behind schedule, so it is free of
   * coordinated omission; equals `produce` when the producer never falls behind.
   */
  produceResponse: LatencyStats;
  /** End to end: intended send time → consumed by a group member, over every consumer group. */
  e2e: LatencyStats;
}

/**
 * Statistics of a rate over the per-second timeline samples of the measured phase
 * (`phase: 'measure'` only). All 0 when the run has no measured second.
 */
export interface RateStats {
  /** Mean messages per second. */
  meanPerSec: number;
  /** Mean bytes per second (encoded record values). */
  meanBytesPerSec: number;
  /** Median of the per-second message rates. */
  p50PerSec: number;
  /** Slowest second, messages per second. */
  minPerSec: number;
  /** Fastest second, messages per second. */
  maxPerSec: number;
  /** Population standard deviation of the per-second message rates. */
  stddevPerSec: number;
}

export interface ReportThroughput {
  /** Acknowledged messages (`ackedPerSec`, `ackedBytes`) per measured second, all producers together. */
  produced: RateStats;
  /** Consumed messages (`consumedPerSec`, `consumedBytesPerSec`) per measured second, all consumer groups together. */
  consumed: RateStats;
}

/**
 * Message counts over the **whole** run (warm-up, measure and drain), so they can be compared
 * with the topic's contents. Bytes are encoded record values (keys and headers excluded).
 */
export interface ReportCounts {
  /** Messages handed to the client (accepted by send). */
  sent: number;
  /** Messages the broker acknowledged. */
  acked: number;
  /** Messages whose delivery report was an error. `sent − acked − failed` were still unresolved at the end. */
  failed: number;
  /** Messages due by the schedule but never handed to the client (in-flight bound reached, client queue full). */
  notAttempted: number;
  /** Records consumed, summed over every consumer group (two groups reading everything consume twice `acked`). */
  consumed: number;
  sentBytes: number;
  ackedBytes: number;
  consumedBytes: number;
  /** Messages the schedule planned for warm-up plus duration; null for unthrottled load. */
  expected: number | null;
}

/** Acknowledged and consumed messages of one partition, over the whole run. */
export interface PartitionCounts {
  partition: number;
  acked: number;
  /** Summed over every consumer group. */
  consumed: number;
}

export interface ConsumerGroupReport {
  groupId: string;
  /** Number of members (consumer instances) of the group. */
  members: number;
  /** Records this group consumed over the whole run. */
  consumed: number;
  /** Lag at the end of the run: messages acknowledged by the broker that this group did not consume. */
  lagEnd: number;
}

/** One second of the run, all workers together. Rates are counts within that second. */
export interface TimelineEntry {
  /** Seconds since the run started (warm-up included), 0-based: entry `n` covers [n, n+1). */
  second: number;
  phase: RunPhase;
  sentPerSec: number;
  ackedPerSec: number;
  failedPerSec: number;
  /** Over every consumer group. */
  consumedPerSec: number;
  sentBytesPerSec: number;
  /** Bytes (record values) of the messages acknowledged this second. */
  ackedBytesPerSec: number;
  consumedBytesPerSec: number;
  notAttemptedPerSec: number;
  /** Messages the schedule intended this second (`sentPerSec + notAttemptedPerSec`); absent in schema 1 reports. */
  offeredPerSec?: number;
  /** Errors of this second by kind; kinds without errors are left out. */
  errors: Partial<Record<ClientErrorKind, number>>;
  /** Per consumer group: acknowledged so far − consumed so far by that group, at the end of the second. */
  lag: Record<string, number>;
  /** Messages sent and not yet acknowledged or failed, at the end of the second. */
  inFlight: number;
  /** Service time (send → ack) of this second's acks, ms; null when there was none. */
  produceP50Ms: number | null;
  produceP99Ms: number | null;
  produceMaxMs: number | null;
  /** Response time (intended → ack) of this second's acks, ms; null when there was none. */
  responseP99Ms: number | null;
  /** End-to-end latency (intended → consumed) of this second's records, ms; null when none was consumed. */
  e2eP50Ms: number | null;
  e2eP99Ms: number | null;
  e2eMaxMs: number | null;
  /** Per consumer group: members owning at least one partition at the end of the second. */
  members: Record<string, number>;
  /** Per consumer group: members in the group at the end of the second (joined, not yet left or crashed). */
  liveMembers: Record<string, number>;
}

import type { RebalanceReport } from '../metrics/rebalance-types.js';
export type { RebalanceMemberDetail, RebalanceReport, RebalanceTrigger } from '../metrics/rebalance-types.js';
export type * from './report-scenario-types.js';
export type * from './shard-types.js';

/** A change seen by one consumer member, in time order (the rebalance chart's raw data). */
export interface ConsumerEventReport {
  consumerId: string;
  groupId: string;
  /** ms since the run started (negative before the load started). */
  atMs: number;
  /** `joining`: subscribed; `assigned` / `revoked`: partitions given / taken; `left`: closed; `crashed`: killed by kbench; `slow`: processing time changed. */
  type: 'joining' | 'assigned' | 'revoked' | 'left' | 'crashed' | 'slow';
  partitions?: number[];
  /** For `slow`: the new processing time per message. */
  processingTimeMs?: number;
}

/** A fault kbench injected: drawn as a band on the charts. */
export interface FaultReport {
  kind: 'broker-kill' | 'broker-stop' | 'broker-pause' | 'broker-restart' | 'consumer-crash' | 'consumer-leave' | 'worker-crash';
  /** What it hit, e.g. `node 2` or a consumer id. */
  target: string;
  /** ms since the run started. */
  atMs: number;
  /** When it ended (a resumed pause, a restarted node); null for instant faults. */
  endedAtMs: number | null;
}

/**
 * Delivery verification: every message carries its producer and sequence number; after the
 * drain kbench compares what the producers saw acknowledged with what each consumer group
 * consumed. Top-level counts are summed over `checkedGroups`: the groups that read the topic
 * from its start (`startFrom: 'earliest'`, members from the run's start).
 */
export interface IntegrityReport {
  checkedGroups: string[];
  /** Distinct messages the producers saw acknowledged, and saw fail. */
  acknowledged: number;
  failed: number;
  /** Acknowledged by the broker, never consumed. */
  lost: number;
  /** Consumed more than once by one group (same producer and sequence): re-deliveries after a rebalance, producer retries without idempotence. */
  duplicated: number;
  /** Consumed after a message of the same producer and partition with a higher sequence, within one member's ownership of the partition. */
  reordered: number;
  /** Consumed although its producer saw an error or no acknowledgement for it (acks=0, a timeout whose write did land). */
  unacknowledgedButDelivered: number;
  /**
   * Acknowledged, not consumed by the end of the run, yet found in the topic's log: not lost, just
   * not consumed in time (a crashed member's partitions waiting for its session timeout, a slow
   * group, the drain bound). Absent in schema 1 reports (which counted these as lost).
   */
  unconsumed?: number;
  /** Why messages were left unconsumed, one sentence each (empty when none were). */
  unconsumedReasons?: string[];
  /**
   * How kbench told lost from unconsumed: `log-read` read the unconsumed part of each partition
   * back from the brokers at the end; `not-needed` when every acknowledged message was consumed;
   * `unavailable` when the log could not be read (then every unconsumed message counts as lost and
   * `note` says why).
   */
  logCheck?: { method: 'log-read' | 'not-needed' | 'unavailable'; recordsRead: number; note: string | null };
  /** The same per group, every group included. */
  groups: Record<string, GroupIntegrity>;
}

/**
 * What a metric's values are: `ms` latencies and durations, `perSec` message rates, `count` plain
 * numbers of messages or events (the metric table: `report/metric-table.ts`).
 */
export type MetricUnit = 'ms' | 'perSec' | 'count';

/**
 * One of the scenario's thresholds, checked against this report. Values are in the metric's unit:
 * `ms`, messages per second (`perSec`) or a plain `count` (metric names: docs/report-format.md).
 */
export interface ThresholdResult {
  /** Metric name, e.g. `e2e.p99`. */
  metric: string;
  /** The condition as the scenario wrote it, e.g. `< 50ms`. */
  condition: string;
  /** The bound of the condition, in the metric's unit (`50` for `< 50ms`). */
  bound: number;
  unit: MetricUnit;
  /** The report's value of the metric; null when it has none (no latency sample, no integrity check). */
  actual: number | null;
  /** True when the condition held; a metric without a value fails. */
  passed: boolean;
}

export interface GroupIntegrity {
  /** True when the group read the topic from its start: its `lost` count is meaningful. */
  readsEverything: boolean;
  /** Distinct messages the group consumed. */
  consumedUnique: number;
  lost: number;
  duplicated: number;
  reordered: number;
  unacknowledgedButDelivered: number;
  /** Acknowledged, not consumed by this group, but present in the log (see `IntegrityReport.unconsumed`). */
  unconsumed?: number;
}

/** Resident memory of a worker's process (a worker thread reports its whole process's). */
export interface WorkerMemory {
  workerId: number;
  rssBytes: number;
}

/** Memory at one moment: at the start, periodically, and at the end of the run. */
export interface ResourceSample {
  /** Seconds since the run started (fractional for the start and end samples). */
  second: number;
  /** Resident memory of the runner (the main kbench process). */
  runnerRssBytes: number;
  workers: WorkerMemory[];
}

/**
 * How a worker ended: `ok` finished its plan (or its member left) and exited cleanly; `error`
 * threw or exited with a non-zero code; `killed` was terminated (a crash step, the runner on
 * abort or timeout, or a signal); `not-started`: its member was to join after the run ended (its worker may have waited as a standby).
 */
export type WorkerExitStatus = 'ok' | 'error' | 'killed' | 'not-started';

export interface WorkerReport {
  id: number;
  /** `thread` (worker_threads) or `process` (child_process.fork). */
  host: 'thread' | 'process';
  producerIds: string[];
  consumerIds: string[];
  exitStatus: WorkerExitStatus;
  /** Exit code of the thread or process; null when it was killed by a signal or never exited. */
  exitCode: number | null;
  /** Signal that ended a worker process (e.g. `SIGKILL`); null otherwise. */
  signal: string | null;
  /** What the worker reported before it died, when `exitStatus` is `error`. */
  error?: string;
}

/** Where the brokers came from: started by kbench (`embedded` JVMs, or `testcontainers` containers), or given by the user (`external`). */
export type ReportClusterSource = 'embedded' | 'testcontainers' | 'external';

export interface ReportEnvironment {
  kbenchVersion: string;
  /** `process.version`, e.g. `v20.19.0`. */
  nodeVersion: string;
  client: ClientName;
  /** Library versions of the client, e.g. `{ kafkajs: '2.2.4' }` or `{ '@confluentinc/kafka-javascript': '1.10.1', librdkafka: '2.12.0' }`. */
  clientVersions: Record<string, string>;
  /** Apache Kafka version of the brokers; null when unknown (external clusters). */
  kafkaVersion: string | null;
  /** Number of brokers; null when unknown. */
  brokerCount: number | null;
  clusterSource: ReportClusterSource;
  /** For clusters kbench started: for this run only (`run-scoped`, containers always) or by `kbench cluster start` (`persistent`); null for external ones. */
  embeddedLifetime: 'run-scoped' | 'persistent' | null;
  bootstrapServers: string[];
  /** How the clients connected: `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL` (absent in reports of kbench before TLS support: PLAINTEXT). */
  securityProtocol?: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  /** `os.platform()`, e.g. `linux`. */
  platform: string;
  /** `os.release()`, the kernel version. */
  osRelease: string;
  /** `os.arch()`, e.g. `x64`. */
  arch: string;
  cpuModel: string;
  /** Logical CPU cores (`os.availableParallelism()`). */
  cpuCores: number;
  totalMemoryBytes: number;
  hostname: string;
}

/** Why a run failed or was aborted. */
export interface RunFailure {
  message: string;
  /** The worker that failed, when one did. */
  workerId?: number;
}

export interface KbenchReport {
  /** Format version of this report (see `REPORT_SCHEMA_VERSION`). */
  schemaVersion: number;
  kind: typeof REPORT_KIND;
  status: RunStatus;
  /** The resolved plan the run executed (every default filled in, durations in ms): the report's own type, mapped from the plan by `runner/report-scenario.ts`. */
  scenario: ReportScenario;
  /** Effective configuration of each client instance, by producer / consumer id. */
  clientConfig: {
    producers: Record<string, ReportClientConfig>;
    consumers: Record<string, ReportClientConfig>;
  };
  environment: ReportEnvironment;
  /** When the producers started (second 0 of the timeline), ISO 8601 UTC. */
  startedAt: string;
  /** When the run ended (after the drain), ISO 8601 UTC. */
  endedAt: string;
  /** Measured time actually run after the warm-up until the producers stopped, ms (shorter than planned when aborted). */
  durationMs: number;
  /** Warm-up time actually run, ms. */
  warmupMs: number;
  /** Whole run, warm-up included. */
  counts: ReportCounts;
  /** Errors over the whole run by kind; every kind is present (0 when none). */
  errors: ErrorCounts;
  /** The first messages seen of each error kind (at most `MAX_ERROR_SAMPLES_PER_KIND`); kinds without errors are left out. */
  errorSamples: Partial<Record<ClientErrorKind, string[]>>;
  /** Rates over the measured seconds only. */
  throughput: ReportThroughput;
  /** Latency samples recorded after the warm-up ended (measure and drain phases); warm-up samples are left out. */
  latency: ReportLatency;
  /** One entry per partition of the topic, ascending. */
  partitions: PartitionCounts[];
  consumerGroups: ConsumerGroupReport[];
  /** One entry per second of the run, warm-up and drain included. */
  timeline: TimelineEntry[];
  /** Every rebalance of every group, in start order. */
  rebalances: RebalanceReport[];
  /** What each consumer member saw (joins, assignments, revocations, leaves, crashes), in time order. */
  consumerEvents: ConsumerEventReport[];
  /** Faults injected during the run, in time order (empty when none). */
  faults: FaultReport[];
  /** Delivery verification; absent in reports of kbench versions that did not check it. */
  integrity?: IntegrityReport;
  /** The scenario's thresholds checked against this report, in the scenario's order; absent when it declared none. */
  thresholds?: ThresholdResult[];
  /** Memory samples, in time order. */
  resources: ResourceSample[];
  workers: WorkerReport[];
  /** Present when `status` is `failed` or `aborted`. */
  failure?: RunFailure;
  /** What happened beyond the status, one sentence each (e.g. messages left unconsumed and why); absent or empty when nothing did. */
  statusDetail?: string[];
  /** The cluster warm-up before the run (schema 2). */
  clusterWarmup?: ClusterWarmupReport;
  /** Whether the system kept up with the offered load (schema 2). */
  saturation?: SaturationReport;
  /** CPU, event-loop delay and memory per process, and the bottleneck verdict (schema 2). */
  resourceUsage?: ResourceUsageReport;
  /** Whether the figures describe the system under test in a steady state, and why not (schema 2). */
  validity?: ValidityReport;
  /** The topic and consumer groups the run used on the cluster, and what kbench did with them; absent in reports of kbench versions before it. */
  ownership?: OwnershipReport;
  /** A consumer group's deliberate outage and its catch-up; present when the scenario has a `backlog`. */
  backlog?: BacklogReport;
  /** The pipeline's stages and the latency to each of its groups; present when the scenario has stages. */
  pipeline?: PipelineReport;
  /** What kbench did on the ksqlDB server (statements, queries, teardown); present when the scenario has a `ksql` section. */
  ksql?: KsqlReport;
  /** One shard of a sharded run (`--shard i/n`): its place, host and clock. Absent for unsharded runs. */
  shard?: ShardReport;
  /** A shard's exact delivery data, for `kbench merge`; present with `shard`. */
  deliverySets?: DeliverySetsReport;
  /** A merged report (`kbench merge`): the shards' reports it was built from, in shard order. */
  mergedFrom?: MergedShardReport[];
}

/** One shard's report as `kbench merge` read it. */
export interface MergedShardReport {
  /** The file it was read from, as given. */
  file: string;
  shard: ShardReport;
  status: RunStatus;
}

/**
 * A consumer group paused on purpose while the producers went on (scenario `consumers[i].backlog`),
 * then resumed: the backlog built and the catch-up. Times are ms since the run started. The
 * members paused fetching (the clients' `pause()`): they stayed in the group, so the catch-up is
 * Kafka's fetch path, not a rejoin. See `criterion` for when the group counts as caught up.
 */
export interface BacklogReport {
  groupId: string;
  /** How the group stopped consuming, in words. */
  mechanism: string;
  /** The size asked for, in words (e.g. `30,000 messages`). */
  size: string;
  pausedAtMs: number;
  /** Null when the group never resumed (the run ended first). */
  resumedAtMs: number | null;
  /** `size-reached`; `producers-stopped`: the producers stopped before the backlog reached its size; `run-ended`: interrupted or failed. */
  resumeReason: 'size-reached' | 'producers-stopped' | 'run-ended' | null;
  /** The definition of caught up, in words. */
  criterion: string;
  /** The group's median lag before the pause (messages). */
  baselineLag: number;
  /** The backlog above the baseline when the group resumed, and how long it took to build (pause → resume). */
  built: { messages: number; bytes: number; durationMs: number };
  /** Highest lag from the pause until caught up. */
  peakLag: number;
  /** The lag at or below which the group counts as caught up. */
  targetLag: number;
  caughtUp: boolean;
  caughtUpAtMs: number | null;
  /** Resume → caught up; null when it never caught up. */
  catchUpMs: number | null;
  /** Messages the group consumed per second from the resume until caught up (whole seconds to the caught-up one). */
  drainRatePerSec: number | null;
  /** How fast the backlog shrank: (lag at the resume − lag at the end of the catch-up) per second of it. */
  netDrainRatePerSec: number | null;
  /** Messages acknowledged per second meanwhile. */
  producedDuringDrainPerSec: number | null;
  /**
   * Latencies by part of the backlog phase, exact HdrHistogram merges of whole seconds:
   * `produceBefore` the measured seconds before the pause, `producePaused` the seconds while paused,
   * `produceDrain` and `e2eDrain` (the group's records only) the seconds from the resume's to the
   * caught-up one (to the end when it never caught up).
   */
  latency: { produceBefore: LatencyStats; producePaused: LatencyStats; produceDrain: LatencyStats; e2eDrain: LatencyStats };
  /** The group's figures per second of the run: lag (messages, bytes), consumed, acknowledged. */
  seconds: Array<{ second: number; lag: number; lagBytes: number; consumedPerSec: number; ackedPerSec: number }>;
}

/**
 * Which topic and groups the run used, who created them and what was left behind. On an
 * external cluster kbench deletes only what this run created; `scenario.topic.name` and the
 * group ids in `scenario.consumerGroups` are the real names (these fields give the configured ones).
 */
export interface OwnershipReport {
  /** Short id of the run, part of the names of what it created. */
  runId: string;
  /** `kbench`: an embedded cluster (run-scoped or from `kbench cluster start`); `external`: `--brokers` / `cluster.brokers`. */
  cluster: 'kbench' | 'external';
  topic: TopicOwnershipReport;
  /** The topics the pipeline's stages wrote (absent without stages): created for the run like `topic`, deleted with it on an external cluster. */
  outputTopics?: TopicOwnershipReport[];
  consumerGroups: GroupOwnershipReport[];
  /** The cluster warm-up's topic, when a warm-up ran. */
  warmupTopic?: { name: string; createdByKbench: boolean; deleted: boolean };
}

export interface TopicOwnershipReport {
  /** The topic the run wrote to and read from. */
  name: string;
  /** The scenario's `topic.name`. */
  configuredName: string;
  /** `recreated`: deleted and created before the run; `created`: new; `existing`: used as it was (kbench did not create it). */
  action: 'recreated' | 'created' | 'existing';
  createdByKbench: boolean;
  /** An existing topic: its partitions and messages (high minus low watermarks) before the run. */
  before?: { partitions: number; messages: number };
  /** Deleted at the end of the run. */
  deleted: boolean;
  /** Why it was kept, or why deleting it failed. */
  note?: string;
}

export interface GroupOwnershipReport {
  /** The group id the run used (the configured id plus the run id). */
  groupId: string;
  /** The scenario's (or default) group id. */
  configuredId: string;
  /** Deleted at the end (external clusters). */
  deleted: boolean;
  /** Why it was not deleted (kept on kbench's own cluster, or the broker's refusal, e.g. `NON_EMPTY_GROUP`). */
  note?: string;
}
