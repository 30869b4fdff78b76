/**
 * The classic protocol's `range` assignment for the @platformatic/kafka client (the library ships
 * only round-robin; it takes others through its `partitionAssigner` hook). Key placement is
 * kbench's own for this client too (partition-picker.ts: the library's default partitioner takes
 * the murmur2 hash unsigned, `>>> 0`, so about half the keys would land elsewhere than with Java,
 * librdkafka or kafkajs). Only types are imported.
 */
import type { GroupAssignment, GroupPartitionsAssigner, GroupPartitionsAssignments } from '@platformatic/kafka';

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
