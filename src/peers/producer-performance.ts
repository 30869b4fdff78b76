/**
 * Apache Kafka's ProducerPerformance (kafka-producer-perf-test): its arguments and the parser of
 * its summary line. Its rate is records acknowledged ÷ time from before the first send to after
 * the last acknowledgement (producer start-up included).
 */
import type { Acks } from '../clients/client-adapter.js';

export const PRODUCER_PERFORMANCE_CLASS = 'ProducerPerformance';

export interface ProducerPerformanceInput {
  brokers: string[];
  topic: string;
  records: number;
  recordSizeBytes: number;
  acks: Acks;
  lingerMs: number;
  batchSizeBytes: number;
}

/**
 * Unthrottled (`--throughput -1`), random payload of `recordSizeBytes`, no key. Idempotence is
 * turned off explicitly (the Java producer turns it on by default with acks=all; kbench's
 * producers are not idempotent). `--command-property` is 4.2's name for `--producer-props`.
 */
export function producerPerformanceArgs(input: ProducerPerformanceInput): string[] {
  return [
    '--bootstrap-server', input.brokers.join(','),
    '--topic', input.topic,
    '--num-records', String(input.records),
    '--throughput', '-1',
    '--record-size', String(input.recordSizeBytes),
    '--command-property',
    `acks=${input.acks === 'all' ? 'all' : input.acks}`,
    `linger.ms=${input.lingerMs}`,
    `batch.size=${input.batchSizeBytes}`,
    'enable.idempotence=false',
  ];
}

/** ProducerPerformance's final line. Latencies are the tool's (send → acknowledgement), in ms. */
export interface ProducerPerformanceResult {
  /** Records acknowledged (the tool counts only successful sends). */
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
}

const SUMMARY_LINE =
  /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/m;

/** Parses the summary line out of ProducerPerformance's stdout; throws when there is none. */
export function parseProducerPerformance(stdout: string): ProducerPerformanceResult {
  const match = SUMMARY_LINE.exec(stdout);
  if (!match) throw new Error(`no ProducerPerformance summary line in its output: ${JSON.stringify(stdout.slice(-300))}`);
  const n = (i: number): number => Number(match[i]);
  return {
    records: n(1),
    recordsPerSec: n(2),
    mbPerSec: n(3),
    avgLatencyMs: n(4),
    maxLatencyMs: n(5),
    p50Ms: n(6),
    p95Ms: n(7),
    p99Ms: n(8),
    p999Ms: n(9),
  };
}
