/**
 * Apache Kafka's EndToEndLatency (kafka-e2e-latency): its arguments and the parser of its
 * output. The tool is closed-loop: it sends one record, waits for its acknowledgement, then polls
 * until its consumer has it, and only then sends the next (linger.ms 0, fetch.max.wait.ms 0).
 * Its percentiles are whole milliseconds, truncated; its average is exact.
 */
import type { Acks } from '../clients/client-adapter.js';

export const END_TO_END_LATENCY_CLASS = 'EndToEndLatency';

export interface EndToEndLatencyInput {
  brokers: string[];
  topic: string;
  records: number;
  acks: Acks;
  recordSizeBytes: number;
}

export function endToEndLatencyArgs(input: EndToEndLatencyInput): string[] {
  return [
    '--bootstrap-server', input.brokers.join(','),
    '--topic', input.topic,
    '--num-records', String(input.records),
    '--producer-acks', input.acks === 'all' ? 'all' : String(input.acks),
    '--record-size', String(input.recordSizeBytes),
  ];
}

export interface EndToEndLatencyResult {
  avgMs: number;
  /** Whole ms, truncated (the tool's `%d` of a ms value). */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** The tool prints every 1000th round trip: [index, ms]. */
  samples: Array<[number, number]>;
}

const AVERAGE_LINE = /^Avg latency: ([\d.]+) ms$/m;
const PERCENTILES_LINE = /^Percentiles: 50th = (\d+), 99th = (\d+), 99\.9th = (\d+)$/m;
const SAMPLE_LINE = /^(\d+)\t([\d.]+)$/gm;

/** Parses EndToEndLatency's stdout; throws when the average or the percentiles are missing. */
export function parseEndToEndLatency(stdout: string): EndToEndLatencyResult {
  const average = AVERAGE_LINE.exec(stdout);
  const percentiles = PERCENTILES_LINE.exec(stdout);
  if (!average || !percentiles) throw new Error(`no EndToEndLatency results in its output: ${JSON.stringify(stdout.slice(-300))}`);
  const samples: Array<[number, number]> = [...stdout.matchAll(SAMPLE_LINE)].map((match) => [Number(match[1]), Number(match[2])]);
  return {
    avgMs: Number(average[1]),
    p50Ms: Number(percentiles[1]),
    p99Ms: Number(percentiles[2]),
    p999Ms: Number(percentiles[3]),
    samples,
  };
}
