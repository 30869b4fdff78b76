/** The topics of a peers run: each created fresh with one layout, deleted once measured. */
import { createKafkaAdmin, type KafkaAdmin } from '../clients/kafka-admin.js';

const REPLICATION_FACTOR = 3;
const MIN_INSYNC_REPLICAS = '2';

export class PeerTopics {
  private readonly admin: KafkaAdmin;
  private sequence = 0;

  constructor(
    brokers: string[],
    private readonly partitions: number,
  ) {
    this.admin = createKafkaAdmin({ brokers, retries: 5, requestTimeoutMs: 30_000 });
  }

  /** Creates a new, empty topic (`peers-<label>-<n>`) and returns its name. */
  async createFresh(label: string): Promise<string> {
    const name = `peers-${label}-${++this.sequence}`;
    await this.admin.createTopic({
      name,
      partitions: this.partitions,
      replicationFactor: REPLICATION_FACTOR,
      configs: { 'min.insync.replicas': MIN_INSYNC_REPLICAS },
    });
    return name;
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
