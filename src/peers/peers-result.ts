/** The result of one `bench:peers` run, as written to JSON, and the notes on its method. */
import type { PeersSettings } from './peers-options.js';
import type { MeasurementId, PeerSample, SummaryLine } from './peer-types.js';

export const PEERS_RESULT_KIND = 'kbench-peers';
export const PEERS_RESULT_SCHEMA_VERSION = 1;

export interface PeersEnvironment {
  cpuModel: string;
  cpuCores: number;
  totalMemoryBytes: number;
  platform: string;
  osRelease: string;
  nodeVersion: string;
  /** First line of `java -version`. */
  javaVersion: string;
  kafkaVersion: string;
  /** kbench's client libraries, e.g. `{ kafkajs: '2.2.4', librdkafka: '2.12.0' }`. */
  clientVersions: Record<string, string>;
}

export interface PeersResult {
  kind: typeof PEERS_RESULT_KIND;
  schemaVersion: number;
  /** `completed`, or `interrupted` / `failed` with what was measured until then. */
  status: 'completed' | 'interrupted' | 'failed';
  failure?: string;
  startedAt: string;
  endedAt: string;
  settings: PeersSettings;
  environment: PeersEnvironment;
  /** Medians and ratios, one line per figure. */
  lines: SummaryLine[];
  /** Every run, in the order they ran. */
  samples: PeerSample[];
  /** How each figure was taken, and what differs between the tools. */
  notes: string[];
}

/** The Apache Kafka tool of each measurement. */
export const APACHE_TOOL_OF: Record<MeasurementId, string> = {
  'producer-acks-1': 'ProducerPerformance',
  'producer-acks-all': 'ProducerPerformance',
  consumer: 'ConsumerPerformance',
  e2e: 'EndToEndLatency',
};

/** What a reader must know to read the table right. Pure. */
export function methodNotes(settings: PeersSettings): string[] {
  const kib = settings.batchSizeBytes / 1024;
  return [
    `One embedded 3-node Apache Kafka cluster; every topic has ${settings.partitions} partitions, replication factor 3, min.insync.replicas 2. Runs alternate tool by tool, round by round (${settings.rounds} rounds); each figure is the median over the rounds; each ratio (a tool ÷ the Apache tool, kbench ÷ its client alone) is the median of the rounds' own ratios, so drift between rounds (a cluster still warming) cancels. Before the first round kbench loads the cluster for ${settings.clusterWarmupMs / 1000} s (${settings.clusterWarmupRatePerSec.toLocaleString('en-US')} msg/s, acks=all, one consumer; not measured) so that the brokers' JIT has compiled the paths every tool uses.`,
    `Producer: ${settings.recordSizeBytes}-byte records, no key, unthrottled, linger ${settings.lingerMs} ms, batch ${kib} KiB, 5 requests in flight per connection, not idempotent, a fresh topic per run. ProducerPerformance sends ${settings.producerRecords.toLocaleString('en-US')} records (random bytes) and reports records ÷ time to the last acknowledgement; kbench cannot stop after a message count, so it runs unthrottled for as long as ProducerPerformance took in the same round (whole seconds, at least ${settings.minProducerDurationMs / 1000} s) and reports messages acknowledged within that window ÷ its length. Both include their start-up. kbench's records are padded JSON events with its 20-byte "kb" header; at most ${settings.kbenchMaxInFlight.toLocaleString('en-US')} messages in flight (the Java producer's 32 MiB buffer.memory).`,
    `Consumer: one consumer, a fresh group per run, from the earliest offset of one topic filled once by kbench's confluent producer (unthrottled, acks=1, ${settings.consumerPrefillMs / 1000} s; each sample notes the record count), so all read the same records and kbench's consumer does its whole per-record work (kbench header, sequences, order, offsets). Each client alone (count-only) reads them too, in a process of its own with the library's fastest API and kbench's throughput settings for it, doing nothing per record but count: records ÷ time from the first record to the last; "÷ client alone" is kbench on that client ÷ this ceiling. ConsumerPerformance: fetch.nMsg.sec (records ÷ fetch time, the group join left out). kbench: mean of its fully busy seconds after a ${settings.consumerWarmupMs / 1000} s warm-up that covers the group join (${settings.consumerDurationMs / 1000} s window).`,
    `End to end, acks=all, linger 0: EndToEndLatency is closed-loop (sends one record, waits for its acknowledgement, then polls until its consumer has it, ${settings.e2eRecords.toLocaleString('en-US')} times; its consumer busy-polls with fetch.max.wait.ms 0) and prints p50/p99 as whole milliseconds, truncated. kbench offers the same load open-model: the rate EndToEndLatency's closed loop reached in the same round (1,000 ÷ its mean latency in ms, noted with each sample; ${settings.e2eRatePerSec.toLocaleString('en-US')} msg/s without an Apache run), for ${settings.e2eDurationMs / 1000} s after a ${settings.e2eWarmupMs / 1000} s warm-up and measures from each message's intended send time to its consumption (exact to 0.1 %); its confluent producer has 5 requests in flight per connection and keeps keyless records on one partition for 10 ms (sticky.partitioning.linger.ms), as the Java producer batches them, where librdkafka's default at linger 0 is one request per record.`,
  ];
}
