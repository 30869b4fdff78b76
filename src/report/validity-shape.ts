/** The checks of a report's validity sections (`validity-types.ts`): warm-up, saturation, resources, validity. Pure. */
import { CLIENT_NAMES } from '../clients/client-adapter.js';
import { array, bool, count, int, nullable, nonNegative, num, object, oneOf, optional, record, str, type Check } from './json-checks.js';
import type { ClusterWarmupReport, ConsumerSaturation, ProcessUsage, ResourceSecond, ResourceUsageReport, SaturationReport, ValidityReport, WarmupSecond } from './validity-types.js';

const warmupSecond = object<WarmupSecond>({
  second: count,
  offeredPerSec: num,
  ackedPerSec: num,
  produceP50Ms: nullable(num),
  produceP99Ms: nullable(num),
  jitCpuMs: nullable(num),
  inFlight: num,
});

export const clusterWarmup: Check<ClusterWarmupReport> = object<ClusterWarmupReport>({
  outcome: oneOf(['settled', 'not-settled', 'skipped']),
  reason: str,
  clusterStartMs: nullable(num),
  durationMs: nonNegative,
  boundMs: nonNegative,
  load: nullable(
    object<NonNullable<ClusterWarmupReport['load']>>({ client: oneOf(CLIENT_NAMES), ratePerSec: num, acks: oneOf([0, 1, 'all']), sizeBytes: count, partitions: count }),
  ),
  criterion: str,
  seconds: array(warmupSecond),
});

const consumerSaturation = object<ConsumerSaturation>({
  groupId: str,
  lagGrowthPerSec: num,
  lagAtEnd: num,
  keptUp: bool,
  deliberateBacklog: optional(object<NonNullable<ConsumerSaturation['deliberateBacklog']>>({ fromSecond: num, toSecond: nullable(num), caughtUp: bool })),
});

export const saturation: Check<SaturationReport> = object<SaturationReport>({
  verdict: oneOf(['kept-up', 'saturated', 'unthrottled', 'no-load']),
  offeredPerSec: nullable(num),
  sustainedPerSec: num,
  ackedToOfferedRatio: nullable(num),
  inFlightGrowthPerSec: num,
  notAttempted: count,
  saturatedSeconds: count,
  measuredSeconds: count,
  consumers: array(consumerSaturation),
  reasons: array(str),
});

const processUsage = object<ProcessUsage>({
  key: str,
  role: oneOf(['runner', 'producer-worker', 'consumer-worker', 'worker', 'broker']),
  pid: nullable(int),
  scope: oneOf(['process', 'thread']),
  cpuMs: nonNegative,
  cpuPctMean: num,
  cpuPctMax: num,
  rssMaxBytes: nullable(num),
  heapUsedMaxBytes: nullable(num),
  eventLoopDelayP99Ms: nullable(num),
  eventLoopDelayMaxMs: nullable(num),
  eventLoopUtilization: nullable(num),
  jitCpuPctMean: optional(nullable(num)),
  jitCpuPctMax: optional(nullable(num)),
});

const resourceSecond = object<ResourceSecond>({
  second: num,
  machineBusyPct: nullable(num),
  stealPct: nullable(num),
  cpuPct: record<Record<string, number>>(num),
  eventLoopDelayP99Ms: record<Record<string, number>>(num),
});

export const resourceUsage: Check<ResourceUsageReport> = object<ResourceUsageReport>({
  verdict: oneOf(['healthy', 'generator-bound', 'brokers-saturated', 'machine-saturated', 'unknown']),
  reasons: array(str),
  cores: count,
  measuredSeconds: count,
  machine: nullable(object<NonNullable<ResourceUsageReport['machine']>>({ busyPctMean: num, busyPctMax: num, stealPctMean: num })),
  processes: array(processUsage),
  cpuUsPerMessage: object<ResourceUsageReport['cpuUsPerMessage']>({ produced: nullable(num), consumed: nullable(num) }),
  seconds: array(resourceSecond),
});

export const validity: Check<ValidityReport> = object<ValidityReport>({
  verdict: oneOf(['valid', 'caveats', 'invalid']),
  findings: array(object<ValidityReport['findings'][number]>({ source: oneOf(['warmup', 'saturation', 'resources', 'delivery', 'run']), severity: oneOf(['info', 'warning', 'invalid']), message: str })),
});
