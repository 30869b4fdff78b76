/**
 * Apache Kafka's ConsumerPerformance (kafka-consumer-perf-test): its arguments and the parser of
 * its CSV-like summary. kbench compares with `fetch.nMsg.sec`: records ÷ time spent fetching,
 * the group join left out.
 */

export const CONSUMER_PERFORMANCE_CLASS = 'ConsumerPerformance';

export interface ConsumerPerformanceInput {
  brokers: string[];
  topic: string;
  /** Records to consume: the run ends when it has them. */
  records: number;
  /** A fresh group id per run, so it starts from the earliest offset (the tool's default reset). */
  groupId: string;
  /** Longest wait between two returned batches before the tool gives up, ms. */
  timeoutMs: number;
}

export function consumerPerformanceArgs(input: ConsumerPerformanceInput): string[] {
  return [
    '--bootstrap-server', input.brokers.join(','),
    '--topic', input.topic,
    '--num-records', String(input.records),
    '--group', input.groupId,
    '--timeout', String(input.timeoutMs),
  ];
}

export interface ConsumerPerformanceResult {
  records: number;
  mb: number;
  /** Over the whole run, group join included. */
  recordsPerSec: number;
  mbPerSec: number;
  rebalanceMs: number;
  fetchMs: number;
  /** Over the fetch time only (group join left out). */
  fetchRecordsPerSec: number;
  fetchMbPerSec: number;
  /** The tool stopped before it had every record (its timeout passed). */
  incomplete: boolean;
}

const COLUMNS = {
  mb: 'data.consumed.in.MB',
  mbPerSec: 'MB.sec',
  records: 'data.consumed.in.nMsg',
  recordsPerSec: 'nMsg.sec',
  rebalanceMs: 'rebalance.time.ms',
  fetchMs: 'fetch.time.ms',
  fetchMbPerSec: 'fetch.MB.sec',
  fetchRecordsPerSec: 'fetch.nMsg.sec',
} as const;

/** A summary line starts with its start time, `2026-11-21 11:36:36:023,`. */
const SUMMARY_LINE = /^\d{4}-\d{2}-\d{2} [\d:]+,/;

/**
 * Parses ConsumerPerformance's header line and the summary line under it (a timeout warning may
 * come between them); throws when they are missing.
 */
export function parseConsumerPerformance(stdout: string): ConsumerPerformanceResult {
  const lines = stdout.split('\n').map((line) => line.trim());
  const headerIndex = lines.findIndex((line) => line.startsWith('start.time, end.time,'));
  const values = headerIndex >= 0 ? lines.slice(headerIndex + 1).find((line) => SUMMARY_LINE.test(line)) : undefined;
  if (headerIndex < 0 || !values) throw new Error(`no ConsumerPerformance summary in its output: ${JSON.stringify(stdout.slice(-300))}`);
  const header = (lines[headerIndex] as string).split(',').map((name) => name.trim());
  const cells = values.split(',').map((cell) => cell.trim());
  const column = (name: string): number => {
    const index = header.indexOf(name);
    const value = Number(cells[index]);
    if (index < 0 || cells[index] === undefined || !Number.isFinite(value)) throw new Error(`ConsumerPerformance summary has no number for ${name}: ${values}`);
    return value;
  };
  return {
    records: column(COLUMNS.records),
    mb: column(COLUMNS.mb),
    recordsPerSec: column(COLUMNS.recordsPerSec),
    mbPerSec: column(COLUMNS.mbPerSec),
    rebalanceMs: column(COLUMNS.rebalanceMs),
    fetchMs: column(COLUMNS.fetchMs),
    fetchRecordsPerSec: column(COLUMNS.fetchRecordsPerSec),
    fetchMbPerSec: column(COLUMNS.fetchMbPerSec),
    incomplete: /Exiting before consuming the expected number of/.test(stdout),
  };
}
