/**
 * How a merged run went and where: its status (failed when a shard failed, else aborted when one
 * was, else completed), the times of its phases on the merged time base, its environment and
 * ownership (the first shard's: shard 0 sets the topic up), and its cluster warm-up (the shard
 * whose warm-up says the most: one that did not settle, else one that ran). Whatever is taken
 * from one shard names it. Pure.
 */
import { isShardStatusDetail } from '../report/shard-status.js';
import type { KbenchReport, RunFailure, RunStatus } from '../report/report-types.js';
import type { ClusterWarmupReport } from '../report/validity-types.js';
import { mergedStartEpochMs, type AlignedShard } from './shard-alignment.js';

export interface MergedRunState {
  status: RunStatus;
  failure?: RunFailure;
  statusDetail?: string[];
  startedAt: string;
  endedAt: string;
  warmupMs: number;
  durationMs: number;
}

export function mergeRunState(shards: readonly AlignedShard[]): MergedRunState {
  const statuses = shards.map((shard) => shard.report.status);
  const status: RunStatus = statuses.includes('failed') ? 'failed' : statuses.includes('aborted') ? 'aborted' : 'completed';
  const troubled = shards.find((shard) => shard.report.status === status && shard.report.failure !== undefined);
  const failure: RunFailure | undefined =
    status === 'completed' || troubled?.report.failure === undefined
      ? undefined
      : {
          message: `${troubled.label}: ${troubled.report.failure.message}`,
          ...(troubled.report.failure.workerId === undefined ? {} : { workerId: troubled.report.failure.workerId + troubled.workerIdBase }),
        };
  const statusDetail = shards.flatMap((shard) => [
    ...(shard.report.status === 'completed' ? [] : [`${shard.label} ${shard.report.status === 'failed' ? 'failed' : 'was aborted'}${shard.report.failure ? `: ${shard.report.failure.message}` : ''}`]),
    ...(shard.report.statusDetail ?? []).filter((detail) => !isShardStatusDetail(detail, shard.shard)).map((detail) => `${shard.label}: ${detail}`),
  ]);
  // The merged measured phase: from the last shard's end of warm-up to the first shard's stop of its producers.
  const warmupEnds = shards.map((shard) => shard.offsetMs + shard.report.warmupMs);
  const producerStops = shards.map((shard) => shard.offsetMs + shard.report.warmupMs + shard.report.durationMs);
  const warmupMs = Math.max(...warmupEnds);
  return {
    status,
    ...(failure ? { failure } : {}),
    ...(statusDetail.length > 0 ? { statusDetail } : {}),
    startedAt: new Date(mergedStartEpochMs(shards)).toISOString(),
    endedAt: new Date(Math.max(...shards.map((shard) => Date.parse(shard.report.endedAt)))).toISOString(),
    warmupMs: Math.round(warmupMs),
    durationMs: Math.max(0, Math.round(Math.min(...producerStops) - warmupMs)),
  };
}

/** The first shard's environment; `hostname` lists every shard's host. */
export function mergeEnvironment(shards: readonly AlignedShard[]): KbenchReport['environment'] {
  const first = shards[0] as AlignedShard;
  const hosts = [...new Set(shards.map((shard) => shard.report.environment.hostname))];
  return { ...first.report.environment, hostname: hosts.join(', ') };
}

/** Every shard's client configurations (producer and consumer ids are unique across shards). */
export function mergeClientConfig(shards: readonly AlignedShard[]): KbenchReport['clientConfig'] {
  return {
    producers: Object.assign({}, ...shards.map((shard) => shard.report.clientConfig.producers)) as KbenchReport['clientConfig']['producers'],
    consumers: Object.assign({}, ...shards.map((shard) => shard.report.clientConfig.consumers)) as KbenchReport['clientConfig']['consumers'],
  };
}

const WARMUP_RANK: Record<ClusterWarmupReport['outcome'], number> = { 'not-settled': 0, settled: 1, skipped: 2 };

/** The warm-up that says the most about the cluster the shards shared, its reason naming the shard. */
export function mergeClusterWarmup(shards: readonly AlignedShard[]): ClusterWarmupReport | undefined {
  const parts = shards.flatMap((shard) => (shard.report.clusterWarmup === undefined ? [] : [{ shard, warmup: shard.report.clusterWarmup }]));
  const chosen = [...parts].sort((a, b) => WARMUP_RANK[a.warmup.outcome] - WARMUP_RANK[b.warmup.outcome])[0];
  return chosen === undefined ? undefined : { ...chosen.warmup, reason: `${chosen.shard.label}: ${chosen.warmup.reason}` };
}

/** The first shard's `ownership` (shard 0 prepares the topic), with every group any shard used. */
export function mergeOwnership(shards: readonly AlignedShard[]): KbenchReport['ownership'] {
  const owned = shards.flatMap((shard) => (shard.report.ownership === undefined ? [] : [shard.report.ownership]));
  const first = owned[0];
  if (first === undefined) return undefined;
  const groups = new Map(owned.flatMap((ownership) => ownership.consumerGroups).map((group) => [group.groupId, group] as const));
  for (const group of first.consumerGroups) groups.set(group.groupId, group);
  return { ...first, consumerGroups: [...groups.values()] };
}
