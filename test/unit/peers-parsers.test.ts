import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerPerformanceArgs, parseConsumerPerformance } from '../../src/peers/consumer-performance.js';
import { endToEndLatencyArgs, parseEndToEndLatency } from '../../src/peers/end-to-end-latency.js';
import { parseProducerPerformance, producerPerformanceArgs } from '../../src/peers/producer-performance.js';

/** Real output of the Apache Kafka 4.2.0 tools, captured on the embedded cluster. */
function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', 'peers', name), 'utf8');
}

describe('ProducerPerformance', () => {
  it('parses the summary line', () => {
    expect(parseProducerPerformance(fixture('producer-performance.stdout.txt'))).toEqual({
      records: 200_000,
      recordsPerSec: 44_218.439089,
      mbPerSec: 43.18,
      avgLatencyMs: 446.95,
      maxLatencyMs: 1221,
      p50Ms: 406,
      p95Ms: 1002,
      p99Ms: 1116,
      p999Ms: 1218,
    });
  });

  it('takes the summary, not a progress line, among progress lines and a warning', () => {
    const result = parseProducerPerformance(fixture('producer-performance-with-progress.txt'));
    expect(result.records).toBe(300_000);
    expect(result.recordsPerSec).toBe(23_164.234422);
    expect(result.p999Ms).toBe(1454);
  });

  it('throws without a summary line (a run that died)', () => {
    const progressOnly = fixture('producer-performance-with-progress.txt').split('\n').slice(0, 3).join('\n');
    expect(() => parseProducerPerformance(progressOnly)).toThrow(/no ProducerPerformance summary/);
  });

  it('passes the same settings kbench uses, unthrottled, idempotence off', () => {
    const args = producerPerformanceArgs({ brokers: ['a:1', 'b:2'], topic: 't', records: 10, recordSizeBytes: 1024, acks: 'all', lingerMs: 5, batchSizeBytes: 262_144 });
    expect(args).toEqual([
      '--bootstrap-server', 'a:1,b:2', '--topic', 't', '--num-records', '10', '--throughput', '-1', '--record-size', '1024',
      '--command-property', 'acks=all', 'linger.ms=5', 'batch.size=262144', 'enable.idempotence=false',
    ]);
  });
});

describe('ConsumerPerformance', () => {
  it('parses the summary by column name', () => {
    expect(parseConsumerPerformance(fixture('consumer-performance.stdout.txt'))).toEqual({
      records: 200_000,
      mb: 195.3125,
      recordsPerSec: 112_170.4992,
      mbPerSec: 109.5415,
      rebalanceMs: 323,
      fetchMs: 1460,
      fetchRecordsPerSec: 136_986.3014,
      fetchMbPerSec: 133.7757,
      incomplete: false,
    });
  });

  it('finds the summary below a timeout warning and flags the run as incomplete', () => {
    const result = parseConsumerPerformance(fixture('consumer-performance-incomplete.stdout.txt'));
    expect(result.incomplete).toBe(true);
    expect(result.records).toBe(200_000);
    expect(result.fetchRecordsPerSec).toBe(41_425.0207);
  });

  it('throws without the header', () => {
    expect(() => parseConsumerPerformance('Exception in thread "main"\n')).toThrow(/no ConsumerPerformance summary/);
  });

  it('reads from a fresh group with a bounded wait', () => {
    expect(consumerPerformanceArgs({ brokers: ['a:1'], topic: 't', records: 5, groupId: 'g', timeoutMs: 30_000 })).toEqual([
      '--bootstrap-server', 'a:1', '--topic', 't', '--num-records', '5', '--group', 'g', '--timeout', '30000',
    ]);
  });
});

describe('EndToEndLatency', () => {
  it('parses the average, the whole-millisecond percentiles and the sampled round trips', () => {
    expect(parseEndToEndLatency(fixture('end-to-end-latency.stdout.txt'))).toEqual({
      avgMs: 7.9645,
      p50Ms: 3,
      p99Ms: 78,
      p999Ms: 222,
      samples: [
        [0, 473.142335],
        [1000, 6.405940999999999],
        [2000, 9.309312],
      ],
    });
  });

  it('throws when the percentiles are missing', () => {
    expect(() => parseEndToEndLatency('0\t12.5\nAvg latency: 3.0000 ms\n')).toThrow(/no EndToEndLatency results/);
  });

  it('uses the named arguments of 4.2', () => {
    expect(endToEndLatencyArgs({ brokers: ['a:1'], topic: 't', records: 100, acks: 'all', recordSizeBytes: 1024 })).toEqual([
      '--bootstrap-server', 'a:1', '--topic', 't', '--num-records', '100', '--producer-acks', 'all', '--record-size', '1024',
    ]);
  });
});
