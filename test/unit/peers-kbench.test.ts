import { describe, expect, it } from 'vitest';
import { consumerThroughput, endToEndLatency, producerThroughput } from '../../src/peers/kbench-figures.js';
import { consumerScenario, endToEndScenario, producerScenario } from '../../src/peers/kbench-scenarios.js';
import type { RunPhase } from '../../src/report/report-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';

const brokers = ['127.0.0.1:9092'];

describe('peers scenarios', () => {
  it('are valid scenarios, the consumer-only one included', () => {
    const scenarios = [
      producerScenario({ client: 'confluent', brokers, topic: 't', partitions: 6, acks: 'all', durationMs: 3_000, lingerMs: 5, batchSizeBytes: 262_144, recordSizeBytes: 1024, maxInFlight: 32_768 }),
      producerScenario({ client: 'kafkajs', brokers, topic: 't', partitions: 6, acks: 1, durationMs: 3_000, lingerMs: 5, batchSizeBytes: 262_144, recordSizeBytes: 1024, maxInFlight: 32_768 }),
      consumerScenario({ client: 'confluent', brokers, topic: 't', groupId: 'g', warmupMs: 1_000, durationMs: 2_000 }),
      endToEndScenario({ client: 'confluent', brokers, topic: 't', partitions: 6, ratePerSec: 1_000, warmupMs: 1_000, durationMs: 3_000, recordSizeBytes: 1024 }),
    ];
    for (const scenario of scenarios) expect(validateScenario(scenario), scenario.name).toEqual([]);
  });

  it('a consumer-only scenario must read an existing topic, not recreate it', () => {
    const scenario = consumerScenario({ client: 'confluent', brokers, topic: 't', groupId: 'g', warmupMs: 1_000, durationMs: 2_000 });
    const recreating = { ...scenario, topic: { name: 't' } };
    expect(validateScenario(recreating)).toEqual([expect.objectContaining({ path: 'producers', message: expect.stringContaining('topic.recreate: false') })]);
    expect(validateScenario({ ...scenario, consumers: [] })[0]?.path).toBe('producers');
  });

  it('gives the confluent producer the Java producer in-flight requests, and kafkajs none of librdkafka settings', () => {
    const input = { brokers, topic: 't', partitions: 6, acks: 1 as const, durationMs: 3_000, lingerMs: 5, batchSizeBytes: 1, recordSizeBytes: 1024, maxInFlight: 1 };
    expect(producerScenario({ ...input, client: 'confluent' }).producers[0]?.clientConfig).toEqual({ 'max.in.flight.requests.per.connection': 5 });
    expect(producerScenario({ ...input, client: 'kafkajs' }).producers[0]?.clientConfig).toEqual({});
  });

  it('end to end: acks=all, linger 0, and Java-like batching of keyless records for librdkafka', () => {
    const input = { brokers, topic: 't', partitions: 6, ratePerSec: 1_000, warmupMs: 1_000, durationMs: 3_000, recordSizeBytes: 1024 };
    const [producer] = endToEndScenario({ ...input, client: 'confluent' }).producers;
    expect([producer?.acks, producer?.lingerMs, producer?.load]).toEqual(['all', 0, { type: 'constant', ratePerSec: 1_000 }]);
    expect(producer?.clientConfig).toEqual({ 'max.in.flight.requests.per.connection': 5, 'sticky.partitioning.linger.ms': 10 });
    expect(endToEndScenario({ ...input, client: 'kafkajs' }).producers[0]?.clientConfig).toEqual({});
  });
});

/** A report whose timeline has these acked and consumed counts per second. */
function reportWith(seconds: Array<{ phase: RunPhase; acked?: number; consumed?: number }>, consumedTotal = 0) {
  const report = cloneSampleReport();
  const template = report.timeline[0];
  if (!template) throw new Error('the sample report has a timeline');
  report.timeline = seconds.map((s, second) => ({ ...template, second, phase: s.phase, ackedPerSec: s.acked ?? 0, consumedPerSec: s.consumed ?? 0 }));
  report.counts.consumed = consumedTotal;
  return report;
}

describe('kbench figures', () => {
  it('producer: acknowledged within the measured seconds ÷ those seconds', () => {
    const report = reportWith([{ phase: 'measure', acked: 100 }, { phase: 'measure', acked: 300 }, { phase: 'drain', acked: 5_000 }]);
    expect(producerThroughput(report).value).toBe(200);
  });

  it('consumer: the mean of the measured seconds while it still had records to read', () => {
    const busy = reportWith([{ phase: 'warmup', consumed: 900 }, { phase: 'measure', consumed: 100 }, { phase: 'measure', consumed: 300 }], 1_300);
    expect(consumerThroughput(busy, 10_000).value).toBe(200);
  });

  it('consumer: the second in which it read the topic to its end, and every second after, are left out', () => {
    const ranOut = reportWith(
      [{ phase: 'warmup', consumed: 900 }, { phase: 'measure', consumed: 400 }, { phase: 'measure', consumed: 200 }, { phase: 'measure', consumed: 50 }, { phase: 'measure', consumed: 0 }],
      1_550,
    );
    const figure = consumerThroughput(ranOut, 1_550);
    expect(figure.value).toBe(300);
    expect(figure.note).toContain('read to the end');
  });

  it('consumer: fails without a full second', () => {
    const tooShort = reportWith([{ phase: 'warmup', consumed: 900 }, { phase: 'measure', consumed: 100 }], 1_000);
    expect(() => consumerThroughput(tooShort, 1_000)).toThrow(/no full measured second/);
  });

  it('end to end: percentiles truncated to whole ms as EndToEndLatency prints them, the mean exact', () => {
    const report = cloneSampleReport();
    report.latency.e2e = { ...report.latency.e2e, p50: 2.85, p99: 90.37, mean: 6.58 };
    const figures = endToEndLatency(report);
    expect([figures.p50Ms, figures.p99Ms, figures.meanMs]).toEqual([2, 90, 6.58]);
    expect(figures.note).toContain('exact p50 2.85 ms, p99 90.37 ms');
  });
});
