import { describe, expect, it } from 'vitest';
import { emptyProducerCounters } from '../../src/metrics/counters.js';
import { createLatencyHistogram, encodeHistogram } from '../../src/metrics/histogram.js';
import type { WorkerSnapshot } from '../../src/metrics/snapshot-types.js';
import { RunAggregator } from '../../src/runner/run-aggregator.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { samplePlan } from '../fixtures/sample-report.js';

const empty = encodeHistogram(createLatencyHistogram());

function snapshot(atUs: number, sent: number): WorkerSnapshot {
  return {
    workerId: 0,
    atUs,
    rssBytes: 1,
    heapUsedBytes: 1,
    usage: { pid: 1, cpuScope: 'process', cpuUs: 0, eventLoopDelayP99Ms: null, eventLoopDelayMaxMs: null, eventLoopUtilization: 0 },
    producers: [{ producerId: 'producers#0', counters: { ...emptyProducerCounters(), sent, acked: sent }, inFlight: 0, serviceTimeUs: empty, responseTimeUs: empty, ackedSequences: [], failedSequences: [] }],
    consumers: [],
  };
}

describe('RunAggregator offered rate', () => {
  it('counts what the schedule intended each second, not what the producer managed to send', () => {
    const plan: Plan = { ...structuredClone(samplePlan), consumerGroups: [] };
    plan.producers = [{ ...plan.producers[0]!, load: { type: 'constant', ratePerSec: 2000 } }];
    const aggregator = new RunAggregator(plan);
    const startUs = 1_000_000_000;
    aggregator.startSchedule(startUs, startUs + 2_500_000);
    aggregator.addSnapshot(snapshot(startUs + 1_000_000, 1200));
    const first = aggregator.closeSecond(0, 'measure');
    expect(first.sentPerSec).toBe(1200);
    expect(first.offeredPerSec).toBe(2000);
    aggregator.addSnapshot(snapshot(startUs + 2_000_000, 3000));
    expect(aggregator.closeSecond(1, 'measure').offeredPerSec).toBe(2000);
    // The schedule ends half-way through the third second, and nothing is offered after it.
    aggregator.addSnapshot(snapshot(startUs + 3_000_000, 5000));
    expect(aggregator.closeSecond(2, 'measure').offeredPerSec).toBe(1000);
    expect(aggregator.closeSecond(3, 'drain').offeredPerSec).toBe(0);
  });

  it('falls back to sent + not attempted before the load has a schedule', () => {
    const aggregator = new RunAggregator({ ...structuredClone(samplePlan), consumerGroups: [] });
    aggregator.addSnapshot(snapshot(5, 700));
    expect(aggregator.closeSecond(0, 'warmup').offeredPerSec).toBe(700);
  });
});
