/**
 * The checks of a whole report (`KbenchReport`), field by field: what `read-report.ts` proves
 * before any renderer, `compare`, a threshold or `--fail-if` reads a file. Tied to the report's
 * types (`json-checks.ts`): a field added to a type without its check does not compile. Pure.
 */
import { CLIENT_NAMES } from '../clients/client-adapter.js';
import { array, bool, count, int, nullable, nonNegative, num, object, oneOf, optional, record, str, type Check } from './json-checks.js';
import { reportScenario, config } from './report-scenario-shape.js';
import { backlog, consumerEvent, fault, integrity, latencyStats, ownership, rebalance } from './report-sections-shape.js';
import {
  REPORT_KIND,
  type ConsumerGroupReport,
  type ErrorCounts,
  type KbenchReport,
  type PartitionCounts,
  type RateStats,
  type ReportClientConfig,
  type ReportCounts,
  type ReportEnvironment,
  type ResourceSample,
  type ThresholdResult,
  type TimelineEntry,
  type WorkerReport,
} from './report-types.js';
import { ksql, pipeline } from './pipeline-shape.js';
import { deliverySets, mergedShard, shard } from './shard-shape.js';
import { clusterWarmup, resourceUsage, saturation, validity } from './validity-shape.js';

const rateStats = object<RateStats>({ meanPerSec: nonNegative, meanBytesPerSec: nonNegative, p50PerSec: nonNegative, minPerSec: nonNegative, maxPerSec: nonNegative, stddevPerSec: nonNegative });

const counts = object<ReportCounts>({
  sent: count,
  acked: count,
  failed: count,
  notAttempted: count,
  consumed: count,
  sentBytes: count,
  ackedBytes: count,
  consumedBytes: count,
  expected: nullable(num),
});

const timelineEntry = object<TimelineEntry>({
  second: count,
  phase: oneOf(['warmup', 'measure', 'drain']),
  sentPerSec: count,
  ackedPerSec: count,
  failedPerSec: count,
  consumedPerSec: count,
  sentBytesPerSec: num,
  ackedBytesPerSec: num,
  consumedBytesPerSec: num,
  notAttemptedPerSec: count,
  offeredPerSec: optional(num),
  errors: record<TimelineEntry['errors']>(count),
  lag: record<Record<string, number>>(num),
  inFlight: num,
  produceP50Ms: nullable(num),
  produceP99Ms: nullable(num),
  produceMaxMs: nullable(num),
  responseP99Ms: nullable(num),
  e2eP50Ms: nullable(num),
  e2eP99Ms: nullable(num),
  e2eMaxMs: nullable(num),
  members: record<Record<string, number>>(count),
  liveMembers: record<Record<string, number>>(count),
});

const environment = object<ReportEnvironment>({
  kbenchVersion: str,
  nodeVersion: str,
  client: oneOf(CLIENT_NAMES),
  clientVersions: record<Record<string, string>>(str),
  kafkaVersion: nullable(str),
  brokerCount: nullable(count),
  clusterSource: oneOf(['embedded', 'testcontainers', 'external']),
  embeddedLifetime: nullable(oneOf(['run-scoped', 'persistent'])),
  bootstrapServers: array(str),
  securityProtocol: optional(oneOf(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'])),
  platform: str,
  osRelease: str,
  arch: str,
  cpuModel: str,
  cpuCores: count,
  totalMemoryBytes: num,
  hostname: str,
});

const threshold = object<ThresholdResult>({
  metric: str,
  condition: str,
  bound: num,
  unit: oneOf(['ms', 'perSec', 'count']),
  actual: nullable(num),
  passed: bool,
});

const resourceSample = object<ResourceSample>({
  second: num,
  runnerRssBytes: num,
  workers: array(object<ResourceSample['workers'][number]>({ workerId: count, rssBytes: num })),
});

const worker = object<WorkerReport>({
  id: count,
  host: oneOf(['thread', 'process']),
  producerIds: array(str),
  consumerIds: array(str),
  exitStatus: oneOf(['ok', 'error', 'killed', 'not-started']),
  exitCode: nullable(int),
  signal: nullable(str),
  error: optional(str),
});

const clientConfigs = record<Record<string, ReportClientConfig>>(config);

export const kbenchReport: Check<KbenchReport> = object<KbenchReport>({
  schemaVersion: count,
  kind: oneOf([REPORT_KIND]),
  status: oneOf(['completed', 'aborted', 'failed']),
  scenario: reportScenario,
  clientConfig: object<KbenchReport['clientConfig']>({ producers: clientConfigs, consumers: clientConfigs }),
  environment,
  startedAt: str,
  endedAt: str,
  durationMs: nonNegative,
  warmupMs: nonNegative,
  counts,
  errors: record<ErrorCounts>(count),
  errorSamples: record<KbenchReport['errorSamples']>(array(str)),
  throughput: object<KbenchReport['throughput']>({ produced: rateStats, consumed: rateStats }),
  latency: object<KbenchReport['latency']>({ produce: latencyStats, produceResponse: latencyStats, e2e: latencyStats }),
  partitions: array(object<PartitionCounts>({ partition: count, acked: count, consumed: count })),
  consumerGroups: array(object<ConsumerGroupReport>({ groupId: str, members: count, consumed: count, lagEnd: num })),
  timeline: array(timelineEntry),
  rebalances: array(rebalance),
  consumerEvents: array(consumerEvent),
  faults: array(fault),
  integrity: optional(integrity),
  thresholds: optional(array(threshold)),
  resources: array(resourceSample),
  workers: array(worker),
  failure: optional(object<NonNullable<KbenchReport['failure']>>({ message: str, workerId: optional(count) })),
  statusDetail: optional(array(str)),
  clusterWarmup: optional(clusterWarmup),
  saturation: optional(saturation),
  resourceUsage: optional(resourceUsage),
  validity: optional(validity),
  ownership: optional(ownership),
  backlog: optional(backlog),
  pipeline: optional(pipeline),
  ksql: optional(ksql),
  shard: optional(shard),
  deliverySets: optional(deliverySets),
  mergedFrom: optional(array(mergedShard)),
});
