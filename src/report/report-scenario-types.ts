/**
 * The report's `scenario` section: the resolved plan as the versioned JSON carries it. Its own
 * type, not the runner's internal `Plan`: a change to the plan changes the report only when
 * `runner/report-scenario.ts` (the one mapping from plan to this type) is changed with it, and
 * then docs/report-format.md and, for a rename or removal, `REPORT_SCHEMA_VERSION` too.
 *
 * Fields that are undefined in the plan (a client default, no description) are absent in the
 * JSON, so they are optional here. Fields added after the first reports (`schedule`, `faults`,
 * `thresholds`, `clusterWarmup`, `backlog`, `security`, …) are optional too: older reports of
 * the same schema version lack them, and readers treat them as empty.
 * Durations are in ms, rates in messages per second, sizes in bytes. Plain data.
 */
import type { ClientName } from '../clients/client-registry.js';

/** A producer instance's load: its own share of the scenario's rate. */
export type ReportLoad =
  | { type: 'constant'; ratePerSec: number }
  /** Stage i changes linearly from the previous end rate to `targetRatePerSec` over `durationMs`. */
  | { type: 'ramping'; startRatePerSec: number; stages: Array<{ durationMs: number; targetRatePerSec: number }> }
  | { type: 'unthrottled'; maxInFlight: number };

export type ReportKeys =
  | { strategy: 'none' }
  | { strategy: 'round-robin'; count: number }
  | { strategy: 'random'; count: number }
  | { strategy: 'hot'; count: number; hotKeys: number; hotShare: number }
  | { strategy: 'zipf'; count: number; exponent: number }
  | { strategy: 'field'; field: 'customer' | 'product' | 'category' | 'store' | 'paymentMethod' };

/** A flat client or broker configuration; secret values are `***`. */
export type ReportConfig = Record<string, string | number | boolean>;

export interface ReportProducer {
  /** Unique in the run, e.g. `producers#0`. */
  id: string;
  index: number;
  /** Name of the producer group in the scenario. */
  group: string;
  workerId: number;
  load: ReportLoad;
  maxInFlight: number;
  acks: 0 | 1 | 'all';
  idempotent: boolean;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  /** Absent: the client's default. */
  lingerMs?: number;
  batchSizeBytes?: number;
  keys: ReportKeys;
  /** Absent: each event's natural size. */
  messageSizeBytes?: number;
  seed: number;
  clientConfig: ReportConfig;
}

export type ReportStartFrom = 'earliest' | 'latest';
export type ReportGroupProtocol = 'classic' | 'consumer';
export type ReportAssignmentStrategy = 'range' | 'roundrobin' | 'cooperative-sticky';

export interface ReportConsumer {
  /** Unique in the run, e.g. `kbench-acks-all-0-3f9a1c#1`. */
  id: string;
  groupId: string;
  workerId: number;
  startFrom: ReportStartFrom;
  groupProtocol: ReportGroupProtocol;
  assignmentStrategy?: ReportAssignmentStrategy;
  processingTimeMs: number;
  sessionTimeoutMs?: number;
  /** `initial`, `scheduled` (joins by a schedule step) or `live` (added with a key press). */
  origin?: 'initial' | 'scheduled' | 'live';
  clientConfig: ReportConfig;
}

export type ReportConsumerStep =
  | { atMs: number; action: 'join' | 'leave' | 'crash'; consumerIds: string[] }
  | { atMs: number; action: 'slow'; consumerIds: string[]; processingTimeMs: number };

/** A deliberate backlog's size: messages, bytes or time. */
export type ReportBacklogSize = { kind: 'messages'; messages: number } | { kind: 'bytes'; bytes: number } | { kind: 'time'; durationMs: number };

export interface ReportConsumerGroup {
  groupId: string;
  members: ReportConsumer[];
  startFrom: ReportStartFrom;
  /** Absent in the earliest reports: `classic`. */
  groupProtocol?: ReportGroupProtocol;
  assignmentStrategy?: ReportAssignmentStrategy;
  sessionTimeoutMs?: number;
  /** Membership changes in time order; absent = none. */
  schedule?: ReportConsumerStep[];
  /** The group stops fetching `atMs` after the start until the backlog reaches `size`. */
  backlog?: { atMs: number; size: ReportBacklogSize };
  /** The topic it reads; absent in reports before pipelines: the scenario's topic. */
  topicName?: string;
  /** Read with `read_committed` (behind an exactly-once stage). */
  readCommitted?: boolean;
  /** Checked message by message (false behind an aggregating stage). */
  checkedByMessage?: boolean;
  /** The stages whose outputs lead to its topic, nearest first. */
  upstreamStages?: string[];
  /** The group is a pipeline stage. */
  stage?: ReportStage;
}

/** A pipeline stage as planned (plan-types.ts `PlannedStage`); its transform in words. */
export interface ReportStage {
  stageIndex: number;
  transform: string;
  semantics: 'at-most-once' | 'at-least-once' | 'exactly-once';
  outputTopic: string;
  processingCostUs: number;
  transactionTimeoutMs: number;
  commitIntervalMs: number;
  maxInFlight: number;
  producerConfig: Record<string, string | number | boolean>;
  carriesMessages: boolean;
}

export interface ReportFault {
  atMs: number;
  action: 'kill' | 'stop' | 'pause' | 'restart';
  node: number | 'leader';
  durationMs?: number;
}

/** Where a secret was read from (never the secret). */
export type ReportSecretSource = { env: string } | { file: string };

/** TLS and SASL of an external cluster; both absent = PLAINTEXT. */
export interface ReportSecurity {
  tls?: { caFile?: string; certFile?: string; keyFile?: string; keyPassword?: ReportSecretSource; verifyHostname: boolean };
  sasl?:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string | ReportSecretSource; password: ReportSecretSource }
    | { mechanism: 'oauthbearer'; token: ReportSecretSource };
}

export type ReportCluster =
  | { kind: 'embedded'; nodes: number; brokerConfig: ReportConfig }
  | { kind: 'testcontainers'; nodes: number; image: string; brokerConfig: ReportConfig }
  | { kind: 'external'; brokers: string[]; security?: ReportSecurity };

export interface ReportTopic {
  /** The topic the run really used. */
  name: string;
  partitions: number;
  /** -1 = the broker's default. */
  replicationFactor: number;
  configs: Record<string, string>;
  recreate: boolean;
  keep?: boolean;
  recreateExisting?: boolean;
}

export interface ReportWorker {
  id: number;
  host: 'thread' | 'process';
  producerIds: string[];
  consumerIds: string[];
}

/** The report's `scenario`: the resolved plan the run executed. */
export interface ReportScenario {
  name: string;
  description?: string;
  /** Absolute path of the scenario file. */
  scenarioFile: string;
  client: ClientName;
  cluster: ReportCluster;
  topic: ReportTopic;
  /** The topics pipeline stages write; absent in reports before pipelines. */
  outputTopics?: ReportTopic[];
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  clusterWarmup?: { mode: 'auto' | 'always' | 'off'; maxDurationMs: number };
  producers: ReportProducer[];
  consumerGroups: ReportConsumerGroup[];
  workers: ReportWorker[];
  faults?: ReportFault[];
  /** Messages scheduled in warm-up plus duration; absent for unthrottled load. */
  expectedMessages?: number;
  /** Metric → condition as written; absent or `{}` when none. */
  thresholds?: Record<string, string>;
}

/** Kafka's name for a security setting (`security.protocol`). */
export function reportSecurityProtocol(security: ReportSecurity | undefined): 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL' {
  if (security?.sasl) return security.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  return security?.tls ? 'SSL' : 'PLAINTEXT';
}
