/**
 * The options of `npm run bench:peers` and the settings of each mode. Pure: parses arguments,
 * returns plain data or throws a usage KbenchError.
 */
import { KbenchError } from '../errors.js';
import { MEASUREMENT_IDS, toolsFor, type MeasurementId, type ToolId } from './peer-types.js';

/** Everything one peers run does; every figure has its unit in its name. */
export interface PeersSettings {
  mode: 'full' | 'quick';
  /** Rounds of alternating runs; each figure is the median over them. */
  rounds: number;
  measurements: MeasurementId[];
  /** The tools run per measurement, in round order (the Apache tool first). */
  tools: Record<MeasurementId, ToolId[]>;
  /** Partitions of every topic (replication factor 3, min.insync.replicas 2). */
  partitions: number;
  recordSizeBytes: number;
  /** Records ProducerPerformance sends per run; kbench runs as long as it took. */
  producerRecords: number;
  lingerMs: number;
  batchSizeBytes: number;
  /**
   * kbench's bound on unacknowledged messages: 32 MiB of 1 KiB records, the Java producer's
   * default `buffer.memory`.
   */
  kbenchMaxInFlight: number;
  /** Shortest kbench producer run, ms. */
  minProducerDurationMs: number;
  /** How long kbench's producer fills the topic both consumers read (unthrottled, acks=1). */
  consumerPrefillMs: number;
  /** kbench consumer: first second left out (group join, ramp-up), then this window. */
  consumerWarmupMs: number;
  consumerDurationMs: number;
  /** EndToEndLatency round trips per run (closed loop, one message at a time). */
  e2eRecords: number;
  /** kbench's constant rate for end-to-end latency when no EndToEndLatency run gave one, msg/s (else kbench offers that run's rate). */
  e2eRatePerSec: number;
  e2eWarmupMs: number;
  e2eDurationMs: number;
  /**
   * Before the first round, kbench loads the cluster this long (acks=all, linger 0, one consumer,
   * at `clusterWarmupRatePerSec`), and nothing of it is measured: the brokers' JIT compiles the
   * produce, replicate and fetch paths. Without it the first rounds' end-to-end p50s on a fresh
   * cluster fell round by round (EndToEndLatency 19 → 9 → 6 → 5 → 3 ms, kbench 109 → 9 ms).
   */
  clusterWarmupMs: number;
  clusterWarmupRatePerSec: number;
  /** Folder the JSON and HTML results go to. */
  reportsDir: string;
}

export const PEERS_USAGE = `usage: npm run bench:peers -- [--quick] [--rounds N] [--only producer,consumer,e2e] [--reports DIR]

  --quick       shorter runs, no kafkajs runs (about 2.5 minutes)
  --rounds N    rounds of alternating runs, 1 to 50 (default 3)
  --only LIST   measure only these: producer, consumer, e2e (comma-separated)
  --reports DIR where the JSON and HTML results go (default reports/)`;

/** Quick mode measures the default client only. */
const QUICK_CLIENTS = ['confluent'] as const;

function settingsFor(mode: 'full' | 'quick', reportsDir: string): PeersSettings {
  const quick = mode === 'quick';
  return {
    mode,
    rounds: 3,
    measurements: [...MEASUREMENT_IDS],
    // Quick mode measures only the default client: the project's targets are its.
    tools: Object.fromEntries(MEASUREMENT_IDS.map((measurement) => [measurement, quick ? toolsFor(measurement, QUICK_CLIENTS) : toolsFor(measurement)])) as Record<MeasurementId, ToolId[]>,
    partitions: 6,
    recordSizeBytes: 1024,
    producerRecords: quick ? 100_000 : 500_000,
    lingerMs: 5,
    batchSizeBytes: 256 * 1024,
    kbenchMaxInFlight: 32_768,
    minProducerDurationMs: 2_000,
    consumerPrefillMs: quick ? 12_000 : 25_000,
    consumerWarmupMs: 1_000,
    consumerDurationMs: quick ? 1_000 : 4_000,
    e2eRecords: quick ? 300 : 2_000,
    e2eRatePerSec: 1_000,
    e2eWarmupMs: 1_000,
    e2eDurationMs: quick ? 3_000 : 10_000,
    clusterWarmupMs: quick ? 25_000 : 30_000,
    clusterWarmupRatePerSec: 5_000,
    reportsDir,
  };
}

function positiveInteger(flag: string, text: string | undefined, max: number): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 1 || value > max) {
    throw new KbenchError('usage', `${flag} expects an integer from 1 to ${max}, got ${JSON.stringify(text ?? '')}`, { hint: PEERS_USAGE });
  }
  return value;
}

function parseOnly(text: string | undefined): MeasurementId[] {
  const names = (text ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const measurements = new Set<MeasurementId>();
  for (const name of names) {
    if (name === 'producer') measurements.add('producer-acks-1').add('producer-acks-all');
    else if ((MEASUREMENT_IDS as readonly string[]).includes(name)) measurements.add(name as MeasurementId);
    else throw new KbenchError('usage', `--only: unknown measurement "${name}" (known: producer, ${MEASUREMENT_IDS.join(', ')})`, { hint: PEERS_USAGE });
  }
  if (measurements.size === 0) throw new KbenchError('usage', '--only needs at least one measurement', { hint: PEERS_USAGE });
  return MEASUREMENT_IDS.filter((id) => measurements.has(id));
}

/** Parses the command line (the arguments after the script name). `--help` returns undefined. */
export function parsePeersArgs(argv: readonly string[], defaultReportsDir: string): PeersSettings | undefined {
  let quick = false;
  let rounds: number | undefined;
  let only: MeasurementId[] | undefined;
  let reportsDir = defaultReportsDir;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return undefined;
      case '--quick':
        quick = true;
        break;
      case '--rounds':
        rounds = positiveInteger('--rounds', value(), 50);
        break;
      case '--only':
        only = parseOnly(value());
        break;
      case '--reports': {
        const dir = value();
        if (!dir) throw new KbenchError('usage', '--reports expects a folder', { hint: PEERS_USAGE });
        reportsDir = dir;
        break;
      }
      default:
        throw new KbenchError('usage', `unknown option ${JSON.stringify(arg)}`, { hint: PEERS_USAGE });
    }
  }
  const settings = settingsFor(quick ? 'quick' : 'full', reportsDir);
  if (rounds !== undefined) settings.rounds = rounds;
  if (only) settings.measurements = only;
  return settings;
}
