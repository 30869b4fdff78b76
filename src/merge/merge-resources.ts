/**
 * The processes of a merged run: its workers (ids made unique: shard k's worker w is
 * `w + workerIdBase`), memory samples, and `resourceUsage`. The bottleneck verdict needs each
 * process's per-second readings (event-loop utilisation, sampled intervals), which reports do not
 * keep, so it is not assessed again: the shards' verdicts are combined, the worst one wins
 * (generator-bound, machine-saturated, brokers-saturated, unknown, healthy), and every reason
 * names its shard. Process keys get the shard as a prefix (`shard-1/worker-5`, `shard-1/runner`);
 * a broker sampled by several shards on one machine (same host, same pid) is listed once, under the
 * first shard that sampled it. Pure.
 */
import type { KbenchReport, ResourceSample, WorkerReport } from '../report/report-types.js';
import type { BottleneckVerdict, ResourceSecond, ResourceUsageReport } from '../report/validity-types.js';
import { processKey, secondsAcross, type AlignedShard } from './shard-alignment.js';

/** Worst first. */
const VERDICT_ORDER: readonly BottleneckVerdict[] = ['generator-bound', 'machine-saturated', 'brokers-saturated', 'unknown', 'healthy'];

export function mergeWorkers(shards: readonly AlignedShard[]): WorkerReport[] {
  return shards.flatMap((shard) => shard.report.workers.map((worker) => ({ ...worker, id: worker.id + shard.workerIdBase })));
}

/** Every shard's memory samples, on the merged time base, in time order (each sample is one shard's runner and workers). */
export function mergeMemorySamples(shards: readonly AlignedShard[]): ResourceSample[] {
  return shards
    .flatMap((shard) =>
      shard.report.resources.map((sample) => ({
        second: Math.round((sample.second + shard.offsetMs / 1000) * 1000) / 1000,
        runnerRssBytes: sample.runnerRssBytes,
        workers: sample.workers.map((worker) => ({ ...worker, workerId: worker.workerId + shard.workerIdBase })),
      })),
    )
    .sort((a, b) => a.second - b.second);
}

/** The shards' resource use together; undefined when no shard has any. */
export function mergeResourceUsage(shards: readonly AlignedShard[], timeline: KbenchReport['timeline']): ResourceUsageReport | undefined {
  const parts = shards.flatMap((shard) => (shard.report.resourceUsage === undefined ? [] : [{ shard, usage: shard.report.resourceUsage }]));
  if (parts.length === 0) return undefined;
  const verdict = VERDICT_ORDER.find((candidate) => parts.some(({ usage }) => usage.verdict === candidate)) ?? 'unknown';
  const repeated = repeatedBrokerKeys(parts);
  const seconds = mergeResourceSeconds(parts.map(({ shard }) => shard)).map((second) => ({
    ...second,
    cpuPct: withoutKeys(second.cpuPct, repeated),
    eventLoopDelayP99Ms: withoutKeys(second.eventLoopDelayP99Ms, repeated),
  }));
  const measured = new Set(timeline.filter((entry) => entry.phase === 'measure').map((entry) => entry.second));
  return {
    verdict,
    reasons: parts.map(({ shard, usage }) => `${shard.label}: ${usage.verdict}${usage.reasons.length > 0 ? ` (${usage.reasons.join('; ')})` : ''}`),
    cores: coresOfHosts(parts.map(({ shard, usage }) => ({ host: shard.shard.host, cores: usage.cores }))),
    measuredSeconds: seconds.filter((second) => measured.has(second.second)).length,
    machine: busiestMachine(parts.map(({ usage }) => usage.machine)),
    processes: parts.flatMap(({ shard, usage }) => usage.processes.map((process) => ({ ...process, key: processKey(shard, process.key) }))).filter((process) => !repeated.has(process.key)),
    cpuUsPerMessage: {
      produced: cpuPerMessage(parts, (entry) => entry.ackedPerSec, (usage) => usage.cpuUsPerMessage.produced),
      consumed: cpuPerMessage(parts, (entry) => entry.consumedPerSec, (usage) => usage.cpuUsPerMessage.consumed),
    },
    seconds,
  };
}

/** Prefixed keys of brokers an earlier shard on the same host already sampled (same pid): one JVM, listed once. */
function repeatedBrokerKeys(parts: ReadonlyArray<{ shard: AlignedShard; usage: ResourceUsageReport }>): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { shard, usage } of parts) {
    for (const process of usage.processes) {
      if (process.role !== 'broker' || process.pid === null) continue;
      const identity = `${shard.shard.host}\u0000${process.pid}`;
      if (seen.has(identity)) repeated.add(processKey(shard, process.key));
      seen.add(identity);
    }
  }
  return repeated;
}

function withoutKeys(values: Record<string, number>, keys: ReadonlySet<string>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.has(key)));
}

/** Per merged second: every shard's processes under their prefixed keys; the machine's busy and steal shares the highest a shard saw. */
function mergeResourceSeconds(shards: readonly AlignedShard[]): ResourceSecond[] {
  return secondsAcross(shards, (shard) => shard.report.resourceUsage?.seconds ?? []).flatMap(({ second, present }) => {
    if (present.length === 0) return [];
    const prefixed = (pick: (entry: ResourceSecond) => Record<string, number>): Record<string, number> =>
      Object.fromEntries(present.flatMap(({ shard, entry }) => Object.entries(pick(entry)).map(([key, value]) => [processKey(shard, key), value])));
    return [
      {
        second,
        machineBusyPct: highest(present.map(({ entry }) => entry.machineBusyPct)),
        stealPct: highest(present.map(({ entry }) => entry.stealPct)),
        cpuPct: prefixed((entry) => entry.cpuPct),
        eventLoopDelayP99Ms: prefixed((entry) => entry.eventLoopDelayP99Ms),
      },
    ];
  });
}

/** Cores of the machines the shards ran on: each host counted once. */
function coresOfHosts(parts: ReadonlyArray<{ host: string; cores: number }>): number {
  const byHost = new Map<string, number>();
  for (const { host, cores } of parts) byHost.set(host, Math.max(byHost.get(host) ?? 0, cores));
  return [...byHost.values()].reduce((a, b) => a + b, 0);
}

/** The busiest machine's figures (shards on one machine see the same one). */
function busiestMachine(machines: ReadonlyArray<ResourceUsageReport['machine']>): ResourceUsageReport['machine'] {
  const known = machines.filter((machine) => machine !== null);
  if (known.length === 0) return null;
  return { busyPctMean: Math.max(...known.map((m) => m.busyPctMean)), busyPctMax: Math.max(...known.map((m) => m.busyPctMax)), stealPctMean: Math.max(...known.map((m) => m.stealPctMean)) };
}

/**
 * CPU per message over the shards: each shard's CPU (its µs per message × its measured messages)
 * over all their messages. Shards without a figure are left out; null when none has one.
 */
function cpuPerMessage(
  parts: ReadonlyArray<{ shard: AlignedShard; usage: ResourceUsageReport }>,
  count: (entry: KbenchReport['timeline'][number]) => number,
  pick: (usage: ResourceUsageReport) => number | null,
): number | null {
  let cpuUs = 0;
  let messages = 0;
  for (const { shard, usage } of parts) {
    const perMessage = pick(usage);
    if (perMessage === null) continue;
    const shardMessages = shard.report.timeline.filter((entry) => entry.phase === 'measure').reduce((sum, entry) => sum + count(entry), 0);
    cpuUs += perMessage * shardMessages;
    messages += shardMessages;
  }
  return messages === 0 ? null : Math.round((cpuUs / messages) * 100) / 100;
}

function highest(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}
