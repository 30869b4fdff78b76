import { describe, expect, it } from 'vitest';
import { assessResources, type ProcessSecond, type SampledSecond } from '../../src/report/assess-resources.js';
import type { RunPhase, TimelineEntry } from '../../src/report/report-types.js';

function entry(second: number, phase: RunPhase, ackedPerSec: number, consumedPerSec: number): TimelineEntry {
  return {
    second, phase, sentPerSec: ackedPerSec, ackedPerSec, failedPerSec: 0, consumedPerSec, sentBytesPerSec: 0, ackedBytesPerSec: 0, consumedBytesPerSec: 0,
    notAttemptedPerSec: 0, errors: {}, lag: {}, inFlight: 0, produceP50Ms: null, produceP99Ms: null, produceMaxMs: null, responseP99Ms: null,
    e2eP50Ms: null, e2eP99Ms: null, e2eMaxMs: null, members: {}, liveMembers: {},
  };
}

/** A timeline of 1 warm-up second, `measured` measured seconds and 1 drain second, 10,000 acked and consumed per second. */
function timeline(measured: number): TimelineEntry[] {
  return [entry(0, 'warmup', 10_000, 10_000), ...Array.from({ length: measured }, (_, i) => entry(i + 1, 'measure', 10_000, 10_000)), entry(measured + 1, 'drain', 0, 5_000)];
}

interface Loads {
  /** % of one core, per process key. */
  runner: number;
  producer: number;
  consumer: number;
  broker: number;
  producerUtilization?: number;
  machineBusyPct: number;
}

function proc(key: string, role: ProcessSecond['role'], scope: ProcessSecond['scope'], pct: number, utilization: number | null): ProcessSecond {
  return {
    key, role, pid: role === 'broker' ? 200 : 100, scope, cpuMs: pct * 10, intervalMs: 1000, rssBytes: role === 'broker' ? 400e6 : null, heapUsedBytes: role === 'broker' ? null : 50e6,
    eventLoopDelayP99Ms: utilization === null ? null : 5, eventLoopDelayMaxMs: utilization === null ? null : 20, eventLoopUtilization: utilization, jitCpuMs: null,
  };
}

function seconds(count: number, loads: (second: number) => Loads): SampledSecond[] {
  return Array.from({ length: count }, (_, second) => {
    const l = loads(second);
    return {
      second,
      machineBusyPct: l.machineBusyPct,
      stealPct: 0.5,
      processes: [
        proc('runner', 'runner', 'process', l.runner, null),
        proc('worker-0', 'producer-worker', 'thread', l.producer, l.producerUtilization ?? l.producer / 150),
        proc('worker-1', 'consumer-worker', 'thread', l.consumer, l.consumer / 150),
        proc('broker-1', 'broker', 'process', l.broker, null),
      ],
    };
  });
}

const MEASURED = 10;
const assess = (samples: SampledSecond[], brokersSampled = true) => assessResources({ seconds: samples, timeline: timeline(MEASURED), cores: 2, brokersSampled });

describe('assessResources', () => {
  it('is healthy when nothing is near its limit, with per-process summaries and CPU per message', () => {
    const report = assess(seconds(MEASURED + 2, () => ({ runner: 10, producer: 30, consumer: 20, broker: 40, machineBusyPct: 55 })));
    expect(report.verdict).toBe('healthy');
    expect(report.measuredSeconds).toBe(MEASURED);
    expect(report.machine).toEqual({ busyPctMean: 55, busyPctMax: 55, stealPctMean: 0.5 });
    // 300 ms of producer CPU per second for 10,000 acks: 30 µs each; the consumer 20 µs.
    expect(report.cpuUsPerMessage).toEqual({ produced: 30, consumed: 20 });
    const producer = report.processes.find((p) => p.key === 'worker-0');
    expect(producer).toMatchObject({ role: 'producer-worker', scope: 'thread', cpuMs: 3000, cpuPctMean: 30, cpuPctMax: 30, heapUsedMaxBytes: 50e6, eventLoopUtilization: 0.2 });
    expect(report.processes.find((p) => p.key === 'broker-1')).toMatchObject({ cpuMs: 4000, rssMaxBytes: 400e6, eventLoopUtilization: null });
    expect(report.seconds).toHaveLength(MEASURED + 2);
    expect(report.seconds[3]?.cpuPct).toEqual({ runner: 10, 'worker-0': 30, 'worker-1': 20, 'broker-1': 40 });
  });

  it('is generator-bound when a worker thread uses a whole core in most measured seconds, with figures', () => {
    const report = assess(seconds(MEASURED + 2, (s) => ({ runner: 10, producer: s % 5 === 0 ? 60 : 97, consumer: 20, broker: 40, producerUtilization: 0.9, machineBusyPct: 85 })));
    expect(report.verdict).toBe('generator-bound');
    expect(report.reasons[0]).toMatch(/^worker 0 \(producer\) was saturated in 8 of 10 measured seconds: its thread used 97 % of a core/);
  });

  it('is generator-bound when a starved worker\'s event loop never idles, and says the machine was busy', () => {
    const report = assess(seconds(MEASURED + 2, () => ({ runner: 15, producer: 60, consumer: 10, broker: 30, producerUtilization: 0.99, machineBusyPct: 99 })));
    expect(report.verdict).toBe('generator-bound');
    expect(report.reasons[0]).toContain('its event loop was busy 99 % of the time');
    expect(report.reasons[1]).toMatch(/starved of CPU/);
    expect(report.reasons.join(' ')).toContain('other processes 83 %');
  });

  it('does not call a busy loop with little CPU generator-bound: on a busy machine that is the machine', () => {
    const report = assess(seconds(MEASURED + 2, () => ({ runner: 10, producer: 20, consumer: 10, broker: 60, producerUtilization: 0.99, machineBusyPct: 97 })));
    expect(report.verdict).toBe('machine-saturated');
    expect(report.processes.find((p) => p.key === 'worker-0')?.eventLoopUtilization).toBe(0.99);
  });

  it('is not generator-bound when the worker is saturated in fewer than half the measured seconds', () => {
    const report = assess(seconds(MEASURED + 2, (s) => ({ runner: 10, producer: s <= 4 ? 95 : 40, consumer: 20, broker: 40, machineBusyPct: 60 })));
    expect(report.verdict).toBe('healthy');
  });

  it('is machine-saturated when the machine is busy and generator and brokers both take a share', () => {
    const report = assess(seconds(MEASURED + 2, () => ({ runner: 20, producer: 50, consumer: 30, broker: 90, machineBusyPct: 96 })));
    expect(report.verdict).toBe('machine-saturated');
    expect(report.reasons[0]).toBe('the machine was ≥ 90 % busy in 10 of 10 measured seconds (mean 96 %): the load generator and the brokers competed for the same cores');
    expect(report.reasons[1]).toContain('used 100 % of one core on average, the brokers 90 %');
  });

  it('is brokers-saturated when the brokers use the cores the generator leaves them', () => {
    const report = assess(seconds(MEASURED + 2, () => ({ runner: 5, producer: 15, consumer: 10, broker: 165, machineBusyPct: 98 })));
    expect(report.verdict).toBe('brokers-saturated');
    expect(report.reasons[0]).toContain('in 10 of 10 measured seconds (165 % of one core on average)');
  });

  it('without sampled brokers, a busy machine is never blamed on the brokers', () => {
    const samples = seconds(MEASURED + 2, () => ({ runner: 5, producer: 15, consumer: 10, broker: 165, machineBusyPct: 98 })).map((sample) => ({
      ...sample,
      processes: sample.processes.filter((p) => p.role !== 'broker'),
    }));
    const report = assess(samples, false);
    expect(report.verdict).toBe('machine-saturated');
    expect(report.reasons[0]).toContain('other processes used 166 % of one core');
  });

  it('is unknown with fewer than 3 measured seconds sampled', () => {
    const report = assess(seconds(3, () => ({ runner: 10, producer: 99, consumer: 20, broker: 40, machineBusyPct: 60 })));
    expect(report.measuredSeconds).toBe(2);
    expect(report.verdict).toBe('unknown');
    expect(report.cpuUsPerMessage.produced).toBe(99);
  });

  it('counts a late worker snapshot\'s CPU against the messages of both seconds it covers', () => {
    const samples = seconds(MEASURED + 2, () => ({ runner: 10, producer: 30, consumer: 20, broker: 40, machineBusyPct: 55 })).map((sample) => ({
      ...sample,
      processes: sample.processes.flatMap((p): ProcessSecond[] => {
        if (p.key !== 'worker-0' || (sample.second !== 4 && sample.second !== 5)) return [p];
        // No snapshot in second 4; second 5's covers two seconds.
        return sample.second === 4 ? [] : [{ ...p, cpuMs: 600, intervalMs: 2000 }];
      }),
    }));
    expect(assess(samples).cpuUsPerMessage.produced).toBe(30);
  });

  it('has no CPU per message without messages or worker CPU readings', () => {
    const samples = seconds(MEASURED + 2, () => ({ runner: 10, producer: 30, consumer: 20, broker: 40, machineBusyPct: 50 })).map((sample) => ({
      ...sample,
      processes: sample.processes.map((p) => (p.role === 'consumer-worker' ? { ...p, cpuMs: null } : p)),
    }));
    const report = assessResources({ seconds: samples, timeline: timeline(MEASURED).map((e) => ({ ...e, ackedPerSec: 0 })), cores: 2, brokersSampled: true });
    expect(report.cpuUsPerMessage).toEqual({ produced: null, consumed: null });
    expect(report.processes.find((p) => p.key === 'worker-1')).toMatchObject({ cpuMs: 0, cpuPctMean: 0 });
  });
});
