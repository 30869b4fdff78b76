/**
 * Kafka's placement rules for the @platformatic/kafka client, where the library's own differ or
 * are missing: the Java client's murmur2 key placement (the library's default partitioner takes
 * the hash unsigned, `>>> 0`, so about half the keys land elsewhere than with Java, librdkafka's
 * murmur2 or kafkajs) and the classic protocol's `range` assignment (the library ships only
 * round-robin; it takes others through its `partitionAssigner` hook). Only types are imported.
 */
import type { GroupAssignment, GroupPartitionsAssigner, GroupPartitionsAssignments } from '@platformatic/kafka';

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

/**
 * Kafka's eager range assignment (`RangeAssignor`): per topic, the members subscribed to it in
 * member-id order each take a contiguous range, the first `partitions % members` one more.
 */
export const rangeAssigner: GroupPartitionsAssigner = (_current, members, topics, metadata) => {
  const result = new Map<string, GroupPartitionsAssignments>();
  for (const memberId of members.keys()) result.set(memberId, { memberId, assignments: new Map<string, GroupAssignment>() });
  for (const topic of topics) {
    const partitions = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const subscribed = [...members.values()].filter((member) => member.topics?.includes(topic) ?? true).map((member) => member.memberId).sort();
    if (subscribed.length === 0) continue;
    const perMember = Math.floor(partitions / subscribed.length);
    const extra = partitions % subscribed.length;
    subscribed.forEach((memberId, i) => {
      const start = i * perMember + Math.min(i, extra);
      const count = perMember + (i < extra ? 1 : 0);
      if (count === 0) return;
      const list = Array.from({ length: count }, (_, j) => start + j);
      result.get(memberId)?.assignments.set(topic, { topic, partitions: list });
    });
  }
  return [...result.values()];
};
