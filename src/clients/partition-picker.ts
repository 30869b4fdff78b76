/**
 * Where a record goes, for the clients whose partition kbench picks itself so that its
 * accumulator (record-accumulator.ts) can cut per partition: kafkajs and @platformatic/kafka.
 * Keyed records take the Java client's murmur2 placement (also librdkafka's `murmur2_random` and
 * kafkajs's own), so a key lands on the same partition whichever client sent it; keyless records
 * go round robin over the topic's partitions. A topic's partition count is loaded from the
 * cluster's metadata, through the adapter's library, the first time the topic is seen, and kept
 * (kbench adds no partitions during a run).
 */
import type { ClientError } from './client-adapter.js';
import type { Placement, PlacementFailure } from './record-accumulator.js';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`) as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[whole] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The Java client's partition of a keyed record: `toPositive(murmur2(key)) % partitions`. */
export function keyPartition(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** Loads topics' partition counts from the cluster's metadata; a topic missing from the answer has none. */
export type PartitionCountLoader = (topics: string[]) => Promise<ReadonlyMap<string, number>>;

/** What the picker reads of a record. */
export interface PlacedRecord {
  topic: string;
  /** null or undefined for keyless records. */
  key?: Uint8Array | null;
}

/** Murmur2 for keyed records, round robin for keyless ones, with partition counts loaded when a topic is first seen. */
export class PartitionPicker implements Placement<PlacedRecord> {
  private readonly partitionCounts = new Map<string, number>();
  /** Next partition of keyless records, per topic. */
  private readonly nextKeyless = new Map<string, number>();
  /** Topics asked about whose partition count is not known yet. */
  private readonly missing = new Set<string>();

  /** `classify` turns the library's error into kbench's kinds. */
  constructor(
    private readonly loadCounts: PartitionCountLoader,
    private readonly classify: (error: unknown) => ClientError,
  ) {}

  partitionOf(record: PlacedRecord): number | undefined {
    const partitions = this.partitionCounts.get(record.topic);
    if (partitions === undefined) {
      this.missing.add(record.topic);
      return undefined;
    }
    if (record.key !== undefined && record.key !== null) return keyPartition(record.key, partitions);
    const next = this.nextKeyless.get(record.topic) ?? 0;
    this.nextKeyless.set(record.topic, next + 1 >= partitions ? 0 : next + 1);
    return next;
  }

  loadMissing(done: (failure: PlacementFailure | undefined) => void): void {
    const topics = [...this.missing];
    this.missing.clear();
    if (topics.length === 0) {
      queueMicrotask(() => done(undefined));
      return;
    }
    const loaded = (counts: ReadonlyMap<string, number>): void => {
      const unknown = new Set<string>();
      for (const topic of topics) {
        const partitions = counts.get(topic);
        if (partitions !== undefined && Number.isSafeInteger(partitions) && partitions > 0) this.partitionCounts.set(topic, partitions);
        else unknown.add(topic);
      }
      if (unknown.size === 0) done(undefined);
      else done({ topics: unknown, error: { kind: 'unknown-topic', message: `no partitions of ${[...unknown].join(', ')} in the cluster's metadata` } });
    };
    this.loadCounts(topics).then(loaded, (error: unknown) => done({ topics: new Set(topics), error: this.classify(error) }));
  }
}
