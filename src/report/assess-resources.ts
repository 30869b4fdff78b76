/**
 * From the per-second resource samples of a run (runner/resource-sampler.ts) and its timeline:
 * per-process summaries, CPU per message, and the bottleneck verdict with its reasons. Pure.
 *
 * The verdict looks at the measured seconds only (timeline phase `measure`), first rule that holds:
 * 1. `unknown`: fewer than MIN_SECONDS measured seconds were sampled.
 * 2. `generator-bound`: a load worker was saturated in at least half of them — its thread used
 *    ≥ 90 % of a core (thread workers), or its event loop was busy ≥ 95 % of the second while it
 *    used ≥ 25 % of a core. A loop that busy with less than 80 % of a core was starved of CPU: the
 *    reasons then say so, with the machine's busy share and who took the cores (the generator
 *    still could not drive the load; a machine with more cores might). Below 25 % of a core the
 *    busy loop is mostly waiting for a core for little work: that is left to rule 3 or 5.
 * 3. `machine-saturated`: the machine was ≥ 90 % busy in at least half of them and both the load
 *    generator (runner + workers) and the brokers (or, without sampled brokers, other processes)
 *    used ≥ 20 % of the machine on average: they competed for the same cores.
 * 4. `brokers-saturated`: in at least half of them the brokers used ≥ 85 % of the cores the load
 *    generator left them.
 * 5. `healthy` otherwise.
 */
import type { TimelineEntry } from './report-types.js';
import type { BottleneckVerdict, ProcessRole, ProcessUsage, ResourceSecond, ResourceUsageReport } from './validity-types.js';

/** One process (or worker thread) in one sampled second. */
export interface ProcessSecond {
  key: string;
  role: ProcessRole;
  pid: number | null;
  scope: 'process' | 'thread';
  /** CPU used in the interval, ms; null when unknown (no baseline yet, unreadable). */
  cpuMs: number | null;
  /** Wall time the interval covered, ms. */
  intervalMs: number;
  rssBytes: number | null;
  heapUsedBytes: number | null;
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  eventLoopUtilization: number | null;
  /** Brokers: CPU of the JVM's JIT compiler threads in the interval, ms; null otherwise or when unknown. */
  jitCpuMs: number | null;
}

/** Everything sampled at the end of one timeline second. */
export interface SampledSecond {
  second: number;
  machineBusyPct: number | null;
  stealPct: number | null;
  processes: ProcessSecond[];
}

export interface ResourceAssessmentInput {
  seconds: readonly SampledSecond[];
  timeline: readonly TimelineEntry[];
  /** Logical cores of the machine. */
  cores: number;
  /** True when the brokers run on this machine and were sampled (an embedded cluster). */
  brokersSampled: boolean;
}

/** Fewer measured seconds with samples than this: `unknown`. */
export const MIN_SECONDS = 3;
/** A thread worker using this much of a core is pegged, % of one core. */
export const PEGGED_THREAD_CPU_PCT = 90;
/** An event loop busy this share of the time is saturated. */
export const SATURATED_LOOP_UTILIZATION = 0.95;
/** A busy event loop counts as saturated only with at least this much of a core, % of one core. */
export const SATURATED_LOOP_MIN_CPU_PCT = 25;
/** A saturated worker with less than this much of a core was starved of CPU, % of one core. */
export const STARVED_BELOW_CPU_PCT = 80;
/** The machine is saturated at this busy share of all cores, %. */
export const MACHINE_BUSY_PCT = 90;
/** A party using at least this share of the machine (all cores), %, takes a significant share. */
export const SIGNIFICANT_SHARE_PCT = 20;
/** Brokers using this fraction of the cores the generator left them are saturated. */
export const BROKERS_NEAR_LIMIT = 0.85;
/** A condition holding in at least this fraction of the measured seconds holds for the run. */
export const MOST_SECONDS = 0.5;

const LOAD_ROLES: readonly ProcessRole[] = ['producer-worker', 'consumer-worker', 'worker'];

function cpuPct(process: ProcessSecond): number | null {
  return process.cpuMs === null || process.intervalMs <= 0 ? null : (100 * process.cpuMs) / process.intervalMs;
}

function jitPct(process: ProcessSecond): number | null {
  return process.jitCpuMs === null || process.intervalMs <= 0 ? null : (100 * process.jitCpuMs) / process.intervalMs;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function max(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.max(...values);
}

function present<T>(values: ReadonlyArray<T | null>): T[] {
  return values.filter((value): value is T => value !== null);
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function describeProcess(process: Pick<ProcessSecond, 'key' | 'role'>): string {
  const worker = /^worker-(\d+)$/.exec(process.key);
  if (!worker) return process.key;
  const role = process.role === 'producer-worker' ? ' (producer)' : process.role === 'consumer-worker' ? ' (consumer)' : '';
  return `worker ${worker[1]}${role}`;
}

/** A load worker that could not do more this second: its thread's core pegged, or its event loop never idle. */
function isSaturated(process: ProcessSecond): boolean {
  const pct = cpuPct(process);
  if (process.scope === 'thread' && pct !== null && pct >= PEGGED_THREAD_CPU_PCT) return true;
  return (process.eventLoopUtilization ?? 0) >= SATURATED_LOOP_UTILIZATION && pct !== null && pct >= SATURATED_LOOP_MIN_CPU_PCT;
}

/** The per-second chart data: CPU % by process, machine busy and steal. */
function resourceSeconds(seconds: readonly SampledSecond[]): ResourceSecond[] {
  return seconds.map((sample) => {
    const cpu: Record<string, number> = {};
    const delay: Record<string, number> = {};
    for (const process of sample.processes) {
      const pct = cpuPct(process);
      if (pct !== null) cpu[process.key] = round(pct);
      if (process.eventLoopDelayP99Ms !== null) delay[process.key] = round(process.eventLoopDelayP99Ms, 2);
    }
    return { second: sample.second, machineBusyPct: nullableRound(sample.machineBusyPct), stealPct: nullableRound(sample.stealPct), cpuPct: cpu, eventLoopDelayP99Ms: delay };
  });
}

function nullableRound(value: number | null): number | null {
  return value === null ? null : round(value);
}

function summarise(seconds: readonly SampledSecond[]): ProcessUsage[] {
  const byKey = new Map<string, ProcessSecond[]>();
  for (const sample of seconds) for (const process of sample.processes) byKey.set(process.key, [...(byKey.get(process.key) ?? []), process]);
  return [...byKey.values()].map((samples) => {
    const last = samples[samples.length - 1] as ProcessSecond;
    const pcts = present(samples.map(cpuPct));
    const rss = present(samples.map((s) => s.rssBytes));
    const heap = present(samples.map((s) => s.heapUsedBytes));
    const delayP99 = present(samples.map((s) => s.eventLoopDelayP99Ms));
    const delayMax = present(samples.map((s) => s.eventLoopDelayMaxMs));
    const utilization = present(samples.map((s) => s.eventLoopUtilization));
    const jitPcts = present(samples.map(jitPct));
    return {
      key: last.key,
      role: last.role,
      pid: last.pid,
      scope: last.scope,
      cpuMs: round(present(samples.map((s) => s.cpuMs)).reduce((a, b) => a + b, 0)),
      cpuPctMean: round(mean(pcts)),
      cpuPctMax: round(max(pcts)),
      rssMaxBytes: rss.length > 0 ? max(rss) : null,
      heapUsedMaxBytes: heap.length > 0 ? max(heap) : null,
      eventLoopDelayP99Ms: delayP99.length > 0 ? round(max(delayP99), 2) : null,
      eventLoopDelayMaxMs: delayMax.length > 0 ? round(max(delayMax), 2) : null,
      eventLoopUtilization: utilization.length > 0 ? round(mean(utilization), 3) : null,
      jitCpuPctMean: jitPcts.length > 0 ? round(mean(jitPcts)) : null,
      jitCpuPctMax: jitPcts.length > 0 ? round(max(jitPcts)) : null,
    };
  });
}

/**
 * CPU of the workers of `role` per message counted by `count`, over the measured seconds, µs. The
 * messages of every measured second up to the last sample count: a worker snapshot that came late
 * is a longer interval in the next sample, so its CPU is still counted.
 */
function cpuUsPer(measured: readonly SampledSecond[], timeline: readonly TimelineEntry[], role: ProcessRole, count: (entry: TimelineEntry) => number): number | null {
  const readings = measured.flatMap((sample) => sample.processes.filter((process) => process.role === role && process.cpuMs !== null));
  if (readings.length === 0) return null;
  const cpuMs = readings.reduce((sum, process) => sum + (process.cpuMs as number), 0);
  const lastSampled = Math.max(...measured.map((sample) => sample.second));
  const messages = timeline.filter((entry) => entry.phase === 'measure' && entry.second <= lastSampled).reduce((sum, entry) => sum + count(entry), 0);
  return messages === 0 ? null : round((cpuMs * 1000) / messages, 2);
}

/** Sum of the CPU % of the processes that match, in one second. */
function pctOf(sample: SampledSecond, matches: (process: ProcessSecond) => boolean): number {
  return sample.processes.filter(matches).reduce((sum, process) => sum + (cpuPct(process) ?? 0), 0);
}

const isGenerator = (process: ProcessSecond): boolean => process.role !== 'broker';
const isBroker = (process: ProcessSecond): boolean => process.role === 'broker';

export function assessResources(input: ResourceAssessmentInput): ResourceUsageReport {
  const { cores } = input;
  const byTimeline = new Map(input.timeline.map((entry) => [entry.second, entry]));
  const measured = input.seconds.filter((sample) => byTimeline.get(sample.second)?.phase === 'measure');
  const summarised = measured.length > 0 ? measured : input.seconds;
  const busy = present(measured.map((sample) => sample.machineBusyPct));
  const steal = present(measured.map((sample) => sample.stealPct));
  const { verdict, reasons } = decide(measured, input);
  return {
    verdict,
    reasons,
    cores,
    measuredSeconds: measured.length,
    machine: busy.length === 0 ? null : { busyPctMean: round(mean(busy)), busyPctMax: round(max(busy)), stealPctMean: round(mean(steal)) },
    processes: summarise(summarised),
    cpuUsPerMessage: {
      produced: cpuUsPer(measured, input.timeline, 'producer-worker', (entry) => entry.ackedPerSec),
      consumed: cpuUsPer(measured, input.timeline, 'consumer-worker', (entry) => entry.consumedPerSec),
    },
    seconds: resourceSeconds(input.seconds),
  };
}

function decide(measured: readonly SampledSecond[], input: ResourceAssessmentInput): { verdict: BottleneckVerdict; reasons: string[] } {
  const n = measured.length;
  if (n < MIN_SECONDS) {
    return { verdict: 'unknown', reasons: [`only ${n} measured second(s) had resource samples; at least ${MIN_SECONDS} are needed for a verdict`] };
  }
  const most = (count: number): boolean => count >= MOST_SECONDS * n;
  const machinePct = input.cores * 100;
  const generatorPct = mean(measured.map((sample) => pctOf(sample, isGenerator)));
  const brokersPct = mean(measured.map((sample) => pctOf(sample, isBroker)));
  const busySeconds = measured.filter((sample) => (sample.machineBusyPct ?? 0) >= MACHINE_BUSY_PCT).length;
  const busyMean = mean(present(measured.map((sample) => sample.machineBusyPct)));

  const machineBusy = most(busySeconds);
  const significant = (pct: number): boolean => pct >= (SIGNIFICANT_SHARE_PCT / 100) * machinePct;
  const othersPct = Math.max(0, (busyMean / 100) * machinePct - generatorPct - brokersPct);
  const share =
    `the load generator (runner and workers) used ${round(generatorPct)} % of one core on average, the brokers ` +
    `${input.brokersSampled ? `${round(brokersPct)} %` : 'an unknown share (not on this machine)'}, other processes ${round(othersPct)} %, ` +
    `of the ${machinePct} % the machine's ${input.cores} cores offer`;
  const saturated = saturatedWorkers(measured, most);
  if (saturated.length > 0) {
    const reasons = saturated.map((worker) => worker.reason);
    if (saturated.some((worker) => worker.starved)) {
      reasons.push(
        machineBusy
          ? `its event loop was busy with less than ${STARVED_BELOW_CPU_PCT} % of a core: the machine was ${round(busyMean)} % busy on average (≥ ${MACHINE_BUSY_PCT} % in ${busySeconds} of ${n} measured seconds), so the worker was starved of CPU and a machine with more free cores might drive more`
          : `its event loop was busy with less than ${STARVED_BELOW_CPU_PCT} % of a core while the machine had idle cores (${round(busyMean)} % busy on average): the loop waited in synchronous calls or pauses, not for a core`,
      );
    }
    return { verdict: 'generator-bound', reasons: [...reasons, share] };
  }

  const competitorPct = input.brokersSampled ? brokersPct : othersPct;
  if (machineBusy && significant(generatorPct) && significant(competitorPct)) {
    const who = input.brokersSampled ? 'the load generator and the brokers competed for the same cores' : `the load generator competed with other processes (${round(othersPct)} % of one core) for the cores`;
    return {
      verdict: 'machine-saturated',
      reasons: [`the machine was ≥ ${MACHINE_BUSY_PCT} % busy in ${busySeconds} of ${n} measured seconds (mean ${round(busyMean)} %): ${who}`, share],
    };
  }

  if (input.brokersSampled) {
    const nearLimit = measured.filter((sample) => pctOf(sample, isBroker) >= BROKERS_NEAR_LIMIT * (machinePct - pctOf(sample, isGenerator))).length;
    if (most(nearLimit)) {
      return {
        verdict: 'brokers-saturated',
        reasons: [`the brokers used ≥ ${BROKERS_NEAR_LIMIT * 100} % of the cores the load generator left them in ${nearLimit} of ${n} measured seconds (${round(brokersPct)} % of one core on average) while no load worker was pegged`, share],
      };
    }
  }

  if (machineBusy) {
    return {
      verdict: 'machine-saturated',
      reasons: [`the machine was ≥ ${MACHINE_BUSY_PCT} % busy in ${busySeconds} of ${n} measured seconds (mean ${round(busyMean)} %), other processes used ${round(othersPct)} % of one core`, share],
    };
  }
  return {
    verdict: 'healthy',
    reasons: [`no load worker was pegged and the machine was ${round(busyMean)} % busy on average (≥ ${MACHINE_BUSY_PCT} % in ${busySeconds} of ${n} measured seconds)`, share],
  };
}

/** The load workers saturated in most measured seconds, each with its sentence; `starved`: it had less than STARVED_BELOW_CPU_PCT of a core. */
function saturatedWorkers(measured: readonly SampledSecond[], most: (count: number) => boolean): Array<{ reason: string; starved: boolean }> {
  const keys = [...new Set(measured.flatMap((sample) => sample.processes.filter((p) => LOAD_ROLES.includes(p.role)).map((p) => p.key)))];
  const found: Array<{ reason: string; starved: boolean }> = [];
  for (const key of keys) {
    const samples = present(measured.map((sample) => sample.processes.find((process) => process.key === key) ?? null));
    const saturated = samples.filter(isSaturated);
    if (!most(saturated.length)) continue;
    const first = samples[0] as ProcessSecond;
    const cpu = mean(present(saturated.map(cpuPct)));
    const utilization = present(saturated.map((process) => process.eventLoopUtilization));
    const what = first.scope === 'thread' ? 'its thread used' : 'its process used';
    found.push({
      reason:
        `${describeProcess(first)} was saturated in ${saturated.length} of ${measured.length} measured seconds: ${what} ${round(cpu)} % of a core on average in those seconds` +
        (utilization.length > 0 ? `; its event loop was busy ${round(100 * mean(utilization))} % of the time` : ''),
      starved: cpu < STARVED_BELOW_CPU_PCT,
    });
  }
  return found;
}
