/**
 * A worker's measure of itself: its CPU (the whole process for a child-process worker, its own
 * thread for a worker thread, which shares the runner's process) and its event loop's delay and
 * utilisation per snapshot interval.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import type { WorkerUsage } from '../metrics/snapshot-types.js';
import { readTaskUsage } from '../metrics/proc-stat.js';

/** Timer resolution of the delay monitor, ms; every sample includes it, so it is subtracted. */
const DELAY_RESOLUTION_MS = 10;
const NS_PER_MS = 1_000_000;

export class SelfUsageMeter {
  private readonly delay: IntervalHistogram;
  private utilization: EventLoopUtilization;
  /** A worker thread reads its own CPU; a process worker (the main thread of its process) the whole process's. */
  private readonly scope: WorkerUsage['cpuScope'] = isMainThread ? 'process' : 'thread';

  constructor() {
    this.delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    this.delay.enable();
    this.utilization = performance.eventLoopUtilization();
  }

  /** The usage now; the event-loop figures cover the time since the previous call (or the start). */
  read(): WorkerUsage {
    const utilization = performance.eventLoopUtilization();
    const interval = performance.eventLoopUtilization(utilization, this.utilization);
    this.utilization = utilization;
    const hasDelay = this.delay.count > 0;
    const usage: WorkerUsage = {
      pid: process.pid,
      cpuScope: this.scope,
      cpuUs: this.cpuUs(),
      eventLoopDelayP99Ms: hasDelay ? delayMs(this.delay.percentile(99)) : null,
      eventLoopDelayMaxMs: hasDelay ? delayMs(this.delay.max) : null,
      eventLoopUtilization: interval.utilization,
    };
    this.delay.reset();
    return usage;
  }

  stop(): void {
    this.delay.disable();
  }

  private cpuUs(): number | null {
    if (this.scope === 'process') {
      const { user, system } = process.cpuUsage();
      return user + system;
    }
    return readTaskUsage('/proc/thread-self/stat')?.cpuUs ?? null;
  }
}

function delayMs(valueNs: number): number {
  return Math.max(0, valueNs / NS_PER_MS - DELAY_RESOLUTION_MS);
}
