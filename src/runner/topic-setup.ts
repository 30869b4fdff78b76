/** Prepares the run's topic: deleted and created fresh (unless the scenario says otherwise). */
import type { ClusterConnection } from '../clients/connection-security.js';
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import { KbenchError, errorMessage } from '../errors.js';
import type { PlannedTopic } from '../scenario/plan-types.js';

const TOPIC_GONE_TIMEOUT_MS = 30_000;

export async function prepareTopic(connection: ClusterConnection, topic: PlannedTopic, log: (line: string) => void): Promise<void> {
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
    if (existing.includes(topic.name)) {
      if (!topic.recreate) {
        log(`using the existing topic ${topic.name}`);
        return;
      }
      await admin.deleteTopic(topic.name);
      const deadline = Date.now() + TOPIC_GONE_TIMEOUT_MS;
      while ((await admin.listTopics()).includes(topic.name)) {
        if (Date.now() > deadline) throw new KbenchError('cluster', `topic ${topic.name} was not deleted within ${TOPIC_GONE_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    // Right after a delete, the brokers may still be removing the old partitions: retry the create briefly.
    // A create whose wait for leaders failed ("does not host this topic-partition") did create the topic:
    // a later "already exists" is then ours.
    let createSent = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.createTopic({ name: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor, configs: topic.configs });
        break;
      } catch (error) {
        const message = errorMessage(error);
        if (createSent && /already exists|TOPIC_ALREADY_EXISTS/i.test(message) && (await hasLeaders(admin, topic))) break;
        if (/does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i.test(message)) createSent = true;
        if (attempt >= 20 || !/already exists|marked for deletion|TOPIC_ALREADY_EXISTS|does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i.test(message)) {
          throw new KbenchError('cluster', `could not create topic ${topic.name}: ${message}`, {
            hint: 'check the topic settings against the cluster (replication factor ≤ brokers, min.insync.replicas ≤ replication factor)',
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.close().catch(() => {});
  }
}

/** True when the topic has all its partitions, each with a leader. */
async function hasLeaders(admin: ReturnType<typeof createKafkaAdmin>, topic: PlannedTopic): Promise<boolean> {
  const partitions = await admin.describeTopic(topic.name).catch(() => []);
  return partitions.length === topic.partitions && partitions.every((p) => p.leader >= 0);
}
