/**
 * Prepares the run's topic as `preparation` says (scenario/cluster-ownership.ts decides): deleted
 * and created fresh, created only when new, or used as it is. Without `preparation`: recreated,
 * or used as is (created when missing) under `topic.recreate: false`.
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import { KbenchError, errorMessage } from '../errors.js';
import { topicStep, type TopicPreparation } from '../scenario/cluster-ownership.js';
import type { Plan, PlannedTopic } from '../scenario/plan-types.js';

const TOPIC_GONE_TIMEOUT_MS = 30_000;

/** What preparing the topic did. */
export interface PreparedTopic {
  /** This run created the topic (after deleting an older one of that name when `deleted`). */
  created: boolean;
  deleted: boolean;
  /** A topic used as it was: its partitions and messages before the run. */
  existing?: { partitions: number; messages: number };
}

export async function prepareTopic(connection: ClusterConnection, topic: PlannedTopic, log: (line: string) => void, preparation?: TopicPreparation): Promise<PreparedTopic> {
  const { brokers, security } = connection;
  const admin = createKafkaAdmin({ brokers, security, retries: 2 });
  try {
    let existing: string[];
    try {
      existing = await admin.listTopics();
    } catch (error) {
      throw new KbenchError('cluster', `Kafka is unreachable at ${brokers.join(',')}: ${errorMessage(error)}`, {
        hint: 'check the address and that the brokers are up (an embedded cluster: `kbench cluster status`)',
        cause: error,
      });
    }
    const step = topicStep(
      { name: topic.name, configuredName: topic.name, preparation: preparation ?? (topic.recreate ? 'recreate' : 'use-or-create'), deleteAtEnd: false, keptBecause: undefined },
      existing.includes(topic.name),
    );
    if ('error' in step) throw new KbenchError('cluster', step.error, { hint: step.hint });
    if (!step.create) {
      const partitions = (await admin.describeTopic(topic.name)).length;
      const messages = await admin.countMessages(topic.name);
      // An existing topic of an external cluster is announced by the caller (run-ownership.ts), more loudly.
      if (preparation !== 'use-existing') log(`using the existing topic ${topic.name} (${partitions} partition(s), ${messages.toLocaleString('en-US')} message(s))`);
      return { created: false, deleted: false, existing: { partitions, messages } };
    }
    if (step.deleteFirst) {
      await admin.deleteTopic(topic.name);
      const deadline = Date.now() + TOPIC_GONE_TIMEOUT_MS;
      while ((await admin.listTopics()).includes(topic.name)) {
        if (Date.now() > deadline) throw new KbenchError('cluster', `topic ${topic.name} was not deleted within ${TOPIC_GONE_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    // A topic that must be new is created once: an "already exists" then is someone else's, never ours.
    const mayRetry = step.deleteFirst || preparation !== 'create-new';
    // Right after a delete, the brokers may still be removing the old partitions: retry the create briefly.
    // A create whose wait for leaders failed ("does not host this topic-partition") did create the topic:
    // a later "already exists" is then ours.
    let createSent = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await admin.createTopic({ name: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor, configs: topic.configs });
        if (!created && !mayRetry && !createSent) throw new Error('a topic of that name already exists (created by someone else just now)');
        break;
      } catch (error) {
        const message = errorMessage(error);
        if (createSent && /already exists|TOPIC_ALREADY_EXISTS/i.test(message) && (await hasLeaders(admin, topic))) break;
        if (/does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i.test(message)) createSent = true;
        const racedAnother = !mayRetry && !createSent && /already exists|TOPIC_ALREADY_EXISTS/i.test(message);
        if (attempt >= 20 || racedAnother || !/already exists|marked for deletion|TOPIC_ALREADY_EXISTS|does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i.test(message)) {
          throw new KbenchError('cluster', `could not create topic ${topic.name}: ${message}`, {
            hint: 'check the topic settings against the cluster (replication factor ≤ brokers, min.insync.replicas ≤ replication factor)',
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    return { created: true, deleted: step.deleteFirst };
  } finally {
    await admin.close().catch(() => {});
  }
}

/** True when the topic has all its partitions, each with a leader. */
async function hasLeaders(admin: ReturnType<typeof createKafkaAdmin>, topic: PlannedTopic): Promise<boolean> {
  const partitions = await admin.describeTopic(topic.name).catch(() => []);
  return partitions.length === topic.partitions && partitions.every((p) => p.leader >= 0);
}

/** How long a shard waits for shard 0's topic: shard 0 may first warm the cluster up. */
export function awaitTopicTimeoutMs(plan: Plan): number {
  return plan.clusterWarmup.maxDurationMs + AWAIT_TOPIC_MARGIN_MS;
}

const AWAIT_TOPIC_MARGIN_MS = 120_000;
const AWAIT_TOPIC_POLL_MS = 500;

/**
 * Waits until another shard has created `topic` with its planned partitions, every one with a
 * leader (a sharded run's shards other than 0). Bounded; ends early on `interrupt`.
 */
export async function awaitTopic(connection: ClusterConnection, topic: PlannedTopic, timeoutMs: number, interrupt?: AbortSignal): Promise<PreparedTopic> {
  const { brokers, security } = connection;
  const admin = createKafkaAdmin({ brokers, security, retries: 2 });
  const deadline = Date.now() + timeoutMs;
  let seen = 'not created yet';
  try {
    for (;;) {
      if (interrupt?.aborted) throw new KbenchError('interrupted', `interrupted while waiting for topic ${topic.name}`);
      try {
        if ((await admin.listTopics()).includes(topic.name)) {
          const partitions = await admin.describeTopic(topic.name);
          if (partitions.length === topic.partitions && partitions.every((p) => p.leader >= 0)) {
            return { created: false, deleted: false, existing: { partitions: partitions.length, messages: await admin.countMessages(topic.name) } };
          }
          seen = `${partitions.length} partition(s), ${partitions.filter((p) => p.leader >= 0).length} with a leader; the scenario has ${topic.partitions}`;
        }
      } catch (error) {
        seen = errorMessage(error);
      }
      if (Date.now() > deadline) {
        throw new KbenchError('cluster', `topic ${topic.name} was not ready within ${Math.round(timeoutMs / 1000)} s (${seen}): shard 0 creates it`, {
          hint: 'start shard 0 with the same --run-id against the same cluster; check its output for errors',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, AWAIT_TOPIC_POLL_MS));
    }
  } finally {
    await admin.close().catch(() => {});
  }
}
