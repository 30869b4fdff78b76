/**
 * The checks of a report's event and outcome sections: latencies (with their histograms),
 * rebalances, consumer events, faults, integrity, ownership and the backlog. Pure.
 */
import { decodeHistogram } from '../metrics/histogram.js';
import { array, bool, count, int, nullable, nonNegative, num, object, oneOf, optional, record, str, type Check } from './json-checks.js';
import type {
  BacklogReport,
  ConsumerEventReport,
  FaultReport,
  GroupIntegrity,
  IntegrityReport,
  LatencyStats,
  OwnershipReport,
  RebalanceMemberDetail,
  RebalanceReport,
} from './report-types.js';

const latencyFields = object<LatencyStats>({ count, p50: num, p90: num, p99: num, p999: num, max: num, mean: num, hdr: str });

/** A latency's figures and its histogram: `hdr` must decode and hold `count` values. */
export const latencyStats: Check<LatencyStats> = (value, path, issues) => {
  const before = issues.length;
  latencyFields(value, path, issues);
  if (issues.length > before) return;
  const stats = value as LatencyStats;
  const problem = histogramProblem(stats);
  if (problem !== undefined) issues.push(`${path}.hdr: ${problem}`);
};

function histogramProblem(stats: LatencyStats): string | undefined {
  if (stats.hdr === '') return stats.count === 0 ? undefined : `empty, but count is ${stats.count}`;
  let total: number;
  try {
    total = decodeHistogram(stats.hdr).totalCount;
  } catch (error) {
    return `not an encoded HdrHistogram (${(error as Error).message})`;
  }
  return total === stats.count ? undefined : `holds ${total} values, but count is ${stats.count}`;
}

const memberDetail = object<RebalanceMemberDetail>({
  consumerId: str,
  ownedBefore: array(count),
  ownedAfter: array(count),
  revokedAtMs: nullable(num),
  revokedPartitions: array(count),
  assignedAtMs: nullable(num),
  assignedPartitions: array(count),
});

export const rebalance: Check<RebalanceReport> = object<RebalanceReport>({
  index: count,
  groupId: str,
  trigger: oneOf(['initial', 'member-joined', 'member-left', 'member-crashed', 'unknown']),
  triggeredBy: array(str),
  triggeredAtMs: nullable(num),
  startedAt: str,
  endedAt: str,
  startedAtMs: num,
  endedAtMs: num,
  durationMs: nonNegative,
  pauseMs: nonNegative,
  overlapMs: num,
  maxPartitionPauseMs: nullable(num),
  allConsumedAgainMs: nullable(num),
  partitionsMoved: count,
  duplicates: count,
  lagBefore: num,
  lagPeak: num,
  lagRecoveredMs: nullable(num),
  membersBefore: count,
  membersAfter: count,
  settled: bool,
  members: array(memberDetail),
});

export const consumerEvent: Check<ConsumerEventReport> = object<ConsumerEventReport>({
  consumerId: str,
  groupId: str,
  atMs: num,
  type: oneOf(['joining', 'assigned', 'revoked', 'left', 'crashed', 'slow']),
  partitions: optional(array(count)),
  processingTimeMs: optional(num),
});

export const fault: Check<FaultReport> = object<FaultReport>({
  kind: oneOf(['broker-kill', 'broker-stop', 'broker-pause', 'broker-restart', 'consumer-crash', 'consumer-leave', 'worker-crash']),
  target: str,
  atMs: num,
  endedAtMs: nullable(num),
});

const groupIntegrity = object<GroupIntegrity>({
  readsEverything: bool,
  consumedUnique: count,
  lost: count,
  duplicated: count,
  reordered: count,
  unacknowledgedButDelivered: count,
  unconsumed: optional(count),
});

export const integrity: Check<IntegrityReport> = object<IntegrityReport>({
  checkedGroups: array(str),
  acknowledged: count,
  failed: count,
  lost: count,
  duplicated: count,
  reordered: count,
  unacknowledgedButDelivered: count,
  unconsumed: optional(count),
  unconsumedReasons: optional(array(str)),
  logCheck: optional(object<NonNullable<IntegrityReport['logCheck']>>({ method: oneOf(['log-read', 'not-needed', 'unavailable']), recordsRead: count, note: nullable(str) })),
  groups: record<Record<string, GroupIntegrity>>(groupIntegrity),
});

const topicOwnership = object<OwnershipReport['topic']>({
  name: str,
  configuredName: str,
  action: oneOf(['recreated', 'created', 'existing']),
  createdByKbench: bool,
  before: optional(object<{ partitions: number; messages: number }>({ partitions: count, messages: num })),
  deleted: bool,
  note: optional(str),
});

export const ownership: Check<OwnershipReport> = object<OwnershipReport>({
  runId: str,
  cluster: oneOf(['kbench', 'external']),
  topic: topicOwnership,
  outputTopics: optional(array(topicOwnership)),
  consumerGroups: array(object<OwnershipReport['consumerGroups'][number]>({ groupId: str, configuredId: str, deleted: bool, note: optional(str) })),
  warmupTopic: optional(object<NonNullable<OwnershipReport['warmupTopic']>>({ name: str, createdByKbench: bool, deleted: bool })),
});

export const backlog: Check<BacklogReport> = object<BacklogReport>({
  groupId: str,
  mechanism: str,
  size: str,
  pausedAtMs: num,
  resumedAtMs: nullable(num),
  resumeReason: nullable(oneOf(['size-reached', 'producers-stopped', 'run-ended'])),
  criterion: str,
  baselineLag: num,
  built: object<BacklogReport['built']>({ messages: num, bytes: num, durationMs: nonNegative }),
  peakLag: num,
  targetLag: num,
  caughtUp: bool,
  caughtUpAtMs: nullable(num),
  catchUpMs: nullable(num),
  drainRatePerSec: nullable(num),
  netDrainRatePerSec: nullable(num),
  producedDuringDrainPerSec: nullable(num),
  latency: object<BacklogReport['latency']>({ produceBefore: latencyStats, producePaused: latencyStats, produceDrain: latencyStats, e2eDrain: latencyStats }),
  seconds: array(object<BacklogReport['seconds'][number]>({ second: int, lag: num, lagBytes: num, consumedPerSec: num, ackedPerSec: num })),
});
