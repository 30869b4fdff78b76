/**
 * Samples, once per timeline second, the CPU of the runner, of every load worker (from the
 * usage in its snapshot), of every embedded broker JVM (by pid, from /proc) and of the machine
 * (/proc/stat); `report` turns the samples into the report's `resourceUsage` section.
 */
import { availableParallelism } from 'node:os';
import type { EmbeddedCluster } from '../cluster/embedded-cluster.js';
import { machineShares, readJitCompilerCpuUs, readMachineStat, readTaskUsage, type MachineCpuStat } from '../metrics/proc-stat.js';
import type { WorkerSnapshot } from '../metrics/snapshot-types.js';
import { assessResources, type ProcessSecond, type SampledSecond } from '../report/assess-resources.js';
import type { TimelineEntry } from '../report/report-types.js';
import type { ProcessRole, ResourceUsageReport } from '../report/validity-types.js';
import { nowUs } from '../metrics/clock.js';

type BrokerPids = Pick<EmbeddedCluster, 'nodeStatuses'>;

export class ResourceSampler {
  private readonly seconds: SampledSecond[] = [];
  private machine: MachineCpuStat | undefined;
  private runner = { atUs: 0, cpuUs: 0 };
  private readonly workers = new Map<number, { atUs: number; cpuUs: number | null }>();
  private readonly brokers = new Map<number, { pid: number; cpuUs: number; jitCpuUs: number | undefined }>();
  private started = false;

  /** `brokers`: the embedded cluster whose JVMs run on this machine; undefined for external brokers. */
  constructor(private readonly brokerSource: BrokerPids | undefined) {}

  /** Takes the baselines; call when the load starts. */
  start(): void {
    this.started = true;
    this.machine = readMachineStat();
    this.runner = { atUs: nowUs(), cpuUs: processCpuUs() };
    for (const { nodeId, pid } of this.brokerPids()) {
      const usage = readTaskUsage(`/proc/${pid}/stat`);
      if (usage) this.brokers.set(nodeId, { pid, cpuUs: usage.cpuUs, jitCpuUs: readJitCompilerCpuUs(pid) });
    }
  }

  /** Samples the interval since the previous call, as timeline second `second`; `snapshots`: every worker's latest. */
  sample(second: number, snapshots: readonly WorkerSnapshot[]): void {
    if (!this.started) this.start();
    const processes: ProcessSecond[] = [];
    let threadWorkersCpuMs = 0;
    for (const snapshot of snapshots) {
      const sampled = this.sampleWorker(snapshot);
      if (!sampled) continue;
      processes.push(sampled);
      if (sampled.scope === 'thread' && sampled.cpuMs !== null) threadWorkersCpuMs += sampled.cpuMs;
    }
    const atUs = nowUs();
    const cpuUs = processCpuUs();
    const intervalMs = (atUs - this.runner.atUs) / 1000;
    processes.unshift({
      ...noEventLoop('runner', 'runner', process.pid, 'process'),
      // Worker threads run in the runner's process: their CPU (read in each thread) is taken out.
      cpuMs: Math.max(0, (cpuUs - this.runner.cpuUs) / 1000 - threadWorkersCpuMs),
      intervalMs,
      rssBytes: process.memoryUsage.rss(),
    });
    this.runner = { atUs, cpuUs };
    processes.push(...this.sampleBrokers(intervalMs));
    const machine = readMachineStat();
    const shares = this.machine && machine ? machineShares(this.machine, machine) : undefined;
    this.machine = machine;
    this.seconds.push({ second, machineBusyPct: shares?.busyPct ?? null, stealPct: shares?.stealPct ?? null, processes });
  }

  /** The report section from the samples so far. */
  report(timeline: readonly TimelineEntry[]): ResourceUsageReport {
    return assessResources({ seconds: this.seconds, timeline, cores: this.machine?.cores ?? availableParallelism(), brokersSampled: this.brokerSource !== undefined });
  }

  /** A worker's interval since its previous snapshot; undefined when it sent no new one. */
  private sampleWorker(snapshot: WorkerSnapshot): ProcessSecond | undefined {
    const previous = this.workers.get(snapshot.workerId);
    if (previous && previous.atUs >= snapshot.atUs) return undefined;
    const { usage } = snapshot;
    this.workers.set(snapshot.workerId, { atUs: snapshot.atUs, cpuUs: usage.cpuUs });
    const role: ProcessRole = snapshot.producers.length > 0 ? (snapshot.consumers.length > 0 ? 'worker' : 'producer-worker') : 'consumer-worker';
    const known = previous !== undefined && previous.cpuUs !== null && usage.cpuUs !== null;
    return {
      key: `worker-${snapshot.workerId}`,
      role,
      pid: usage.pid,
      scope: usage.cpuScope,
      // The first snapshot of a worker is its baseline (its CPU before includes connecting).
      cpuMs: known ? Math.max(0, ((usage.cpuUs as number) - (previous.cpuUs as number)) / 1000) : null,
      intervalMs: previous ? (snapshot.atUs - previous.atUs) / 1000 : 0,
      rssBytes: usage.cpuScope === 'process' ? snapshot.rssBytes : null,
      heapUsedBytes: snapshot.heapUsedBytes,
      eventLoopDelayP99Ms: usage.eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: usage.eventLoopDelayMaxMs,
      eventLoopUtilization: usage.eventLoopUtilization,
      jitCpuMs: null,
    };
  }

  /** Every broker JVM's CPU since the previous sample; a node with a new pid (restarted after the previous sample) counts from 0. */
  private sampleBrokers(intervalMs: number): ProcessSecond[] {
    const sampled: ProcessSecond[] = [];
    for (const { nodeId, pid } of this.brokerPids()) {
      const usage = readTaskUsage(`/proc/${pid}/stat`);
      if (!usage) continue;
      const jitCpuUs = readJitCompilerCpuUs(pid);
      const previous = this.brokers.get(nodeId);
      const samePid = previous?.pid === pid;
      const baselineUs = samePid ? previous.cpuUs : 0;
      const jitBaselineUs = samePid ? previous.jitCpuUs : 0;
      this.brokers.set(nodeId, { pid, cpuUs: usage.cpuUs, jitCpuUs });
      sampled.push({
        ...noEventLoop(`broker-${nodeId}`, 'broker', pid, 'process'),
        cpuMs: Math.max(0, (usage.cpuUs - baselineUs) / 1000),
        jitCpuMs: jitCpuUs === undefined || jitBaselineUs === undefined ? null : Math.max(0, (jitCpuUs - jitBaselineUs) / 1000),
        intervalMs,
        rssBytes: usage.rssBytes,
      });
    }
    return sampled;
  }

  private brokerPids(): Array<{ nodeId: number; pid: number }> {
    return (this.brokerSource?.nodeStatuses() ?? []).filter((node) => node.pid > 0);
  }
}

function processCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function noEventLoop(key: string, role: ProcessRole, pid: number, scope: ProcessSecond['scope']): Omit<ProcessSecond, 'cpuMs' | 'intervalMs' | 'rssBytes'> {
  return { key, role, pid, scope, heapUsedBytes: null, eventLoopDelayP99Ms: null, eventLoopDelayMaxMs: null, eventLoopUtilization: null, jitCpuMs: null };
}
