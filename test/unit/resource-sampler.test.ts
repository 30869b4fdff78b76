import { describe, expect, it } from 'vitest';
import { nowUs } from '../../src/metrics/clock.js';
import { readTaskUsage } from '../../src/metrics/proc-stat.js';
import type { WorkerSnapshot, WorkerUsage } from '../../src/metrics/snapshot-types.js';
import { ResourceSampler } from '../../src/runner/resource-sampler.js';

function snapshot(workerId: number, atUs: number, usage: Partial<WorkerUsage>, producer: boolean): WorkerSnapshot {
  return {
    workerId,
    atUs,
    rssBytes: 123e6,
    heapUsedBytes: 45e6,
    usage: { pid: process.pid, cpuScope: 'thread', cpuUs: 0, eventLoopDelayP99Ms: 2, eventLoopDelayMaxMs: 9, eventLoopUtilization: 0.4, ...usage },
    producers: producer ? [{} as WorkerSnapshot['producers'][number]] : [],
    consumers: producer ? [] : [{} as WorkerSnapshot['consumers'][number]],
  };
}

/** Busy work so the process has CPU time to account for. */
function spin(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) Math.sqrt(Math.random());
}

describe('ResourceSampler', () => {
  it('takes a worker\'s first snapshot as its baseline, then its CPU delta over its own interval', () => {
    const sampler = new ResourceSampler(undefined);
    sampler.start();
    const t0 = nowUs();
    sampler.sample(0, [snapshot(0, t0, { cpuUs: 5_000_000 }, true), snapshot(1, t0, { cpuUs: 1_000_000, cpuScope: 'process', pid: 999 }, false)]);
    sampler.sample(1, [snapshot(0, t0 + 1_000_000, { cpuUs: 5_600_000 }, true), snapshot(1, t0 + 500_000, { cpuUs: 1_100_000, cpuScope: 'process', pid: 999 }, false)]);
    // No new snapshot from worker 1: it is left out of that second.
    sampler.sample(2, [snapshot(0, t0 + 2_000_000, { cpuUs: 6_500_000 }, true), snapshot(1, t0 + 500_000, { cpuUs: 1_100_000, cpuScope: 'process', pid: 999 }, false)]);
    const report = sampler.report([]);
    expect(report.seconds.map((second) => second.cpuPct['worker-0'])).toEqual([undefined, 60, 90]);
    expect(report.seconds.map((second) => second.cpuPct['worker-1'])).toEqual([undefined, 20, undefined]);
    expect(report.processes.find((p) => p.key === 'worker-1')).toMatchObject({ role: 'consumer-worker', scope: 'process', pid: 999, rssMaxBytes: 123e6 });
    // A thread's memory is its process's: only its heap is its own.
    expect(report.processes.find((p) => p.key === 'worker-0')).toMatchObject({ role: 'producer-worker', rssMaxBytes: null, heapUsedMaxBytes: 45e6 });
    expect(report.processes.find((p) => p.key === 'runner')?.pid).toBe(process.pid);
  });

  it('follows a broker by pid and counts a restarted node (new pid) from zero', () => {
    const nodes = [{ nodeId: 1, pid: process.pid, status: 'up' as const }];
    const sampler = new ResourceSampler({ nodeStatuses: () => nodes });
    sampler.start();
    spin(60);
    sampler.sample(0, []);
    // The node "restarted": pid 1 now (some process whose whole CPU time counts).
    nodes[0] = { nodeId: 1, pid: 1, status: 'up' };
    const before = readTaskUsage('/proc/1/stat');
    sampler.sample(1, []);
    const report = sampler.report([]);
    const [first, second] = report.seconds.map((s) => s.cpuPct['broker-1']);
    expect(first).toBeGreaterThan(0);
    if (before) {
      const broker = report.processes.find((p) => p.key === 'broker-1');
      expect(broker?.pid).toBe(1);
      // Second 1 counted pid 1's CPU since its start, not since second 0's reading of another pid.
      expect(broker?.cpuMs).toBeGreaterThanOrEqual(before.cpuUs / 1000);
      expect(second).toBeGreaterThan(0);
    }
  });
});
