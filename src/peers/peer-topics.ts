/** The topics of a peers run: each created fresh with one layout, deleted once measured. */
import { createKafkaAdmin, type KafkaAdmin } from '../clients/kafka-admin.js';
import { errorMessage } from '../errors.js';

const REPLICATION_FACTOR = 3;
const MIN_INSYNC_REPLICAS = '2';
/** kafkajs's wait for the new topic's leaders failed, not the create itself. */
const LEADER_WAIT_FAILED = /does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i;
const LEADER_WAIT_MS = 30_000;

export class PeerTopics {
  private readonly admin: KafkaAdmin;
  private sequence = 0;

  constructor(
    brokers: string[],
    private readonly partitions: number,
  ) {
    this.admin = createKafkaAdmin({ brokers, retries: 5, requestTimeoutMs: 30_000 });
  }

  /** Creates a new, empty topic (`peers-<label>-<n>`) and returns its name once every partition has a leader. */
  async createFresh(label: string): Promise<string> {
    const name = `peers-${label}-${++this.sequence}`;
    try {
      await this.admin.createTopic({
        name,
        partitions: this.partitions,
        replicationFactor: REPLICATION_FACTOR,
        configs: { 'min.insync.replicas': MIN_INSYNC_REPLICAS },
      });
    } catch (error) {
      // On a busy machine the create goes through but kafkajs's wait for the leaders fails.
      if (!LEADER_WAIT_FAILED.test(errorMessage(error))) throw error;
      await this.waitForLeaders(name);
    }
    return name;
  }

  private async waitForLeaders(topic: string): Promise<void> {
    const deadlineMs = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      const partitions = await this.admin.describeTopic(topic).catch(() => []);
      if (partitions.length === this.partitions && partitions.every((partition) => partition.leader >= 0)) return;
      if (Date.now() > deadlineMs) throw new Error(`topic ${topic} has no leader for every partition after ${LEADER_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Records in a topic (high minus low watermark over its partitions). */
  countRecords(topic: string): Promise<number> {
    return this.admin.countMessages(topic);
  }

  /** Deletes a measured topic, freeing its disk; a failure only costs disk space. */
  async delete(topic: string): Promise<void> {
    await this.admin.deleteTopic(topic).catch(() => {});
  }

  async close(): Promise<void> {
    await this.admin.close().catch(() => {});
  }
}
