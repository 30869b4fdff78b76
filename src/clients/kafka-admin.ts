/**
 * Cluster administration over the Kafka protocol (metadata, topics), done with kafkajs:
 * pure JavaScript, loads in milliseconds, and works in any thread. One of the client adapter
 * files: no other folder imports a Kafka library.
 */
import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import type { ConnectionSecurity } from './connection-security.js';
import { kafkajsSecurity } from './kafkajs-security.js';

/** Bound on waiting for a new topic's partitions to have leaders. */
const TOPIC_READY_TIMEOUT_MS = 30_000;
const TOPIC_READY_POLL_MS = 100;

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level configs such as `min.insync.replicas`. */
  configs?: Record<string, string>;
}

export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface KafkaAdmin {
  describeBrokers(): Promise<BrokerInfo[]>;
  /** Creates a topic and waits for its leaders; false when a topic of that name already existed (left as it is). */
  createTopic(spec: TopicSpec): Promise<boolean>;
  deleteTopic(name: string): Promise<void>;
  listTopics(): Promise<string[]>;
  describeTopic(name: string): Promise<PartitionInfo[]>;
  /** Sum over partitions of the high watermark minus the low watermark. */
  countMessages(topic: string): Promise<number>;
  /** Deletes consumer groups (only empty ones can be: no member left); says per group what happened. */
  deleteGroups(groupIds: string[]): Promise<GroupDeletion[]>;
  /** Ids of the cluster's consumer groups. */
  listGroups(): Promise<string[]>;
  /**
   * A group's committed lag on `topic`: per partition the high watermark minus the group's
   * committed offset (the low watermark when it committed none), summed.
   */
  committedLag(groupId: string, topic: string): Promise<number>;
  /** A group's committed offsets on `topic` (the next offset to read), by partition; partitions without a commit are left out. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, number>>;
  close(): Promise<void>;
}

/** One group's deletion: done, or why not (`problem` is the broker's error type, e.g. `NON_EMPTY_GROUP`, `GROUP_ID_NOT_FOUND`). */
export interface GroupDeletion {
  groupId: string;
  deleted: boolean;
  problem?: string;
}

export interface AdminOptions {
  brokers: string[];
  /** TLS and SASL; undefined = PLAINTEXT. */
  security?: ConnectionSecurity;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** How many times a failing request is retried before it throws. */
  retries?: number;
}

class KafkajsAdmin implements KafkaAdmin {
  private connected: Promise<void> | undefined;

  constructor(private readonly admin: Admin) {}

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect();
    return this.connected;
  }

  async describeBrokers(): Promise<BrokerInfo[]> {
    await this.connect();
    const description = await this.admin.describeCluster();
    return description.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId);
  }

  async createTopic(spec: TopicSpec): Promise<boolean> {
    await this.connect();
    const topic: ITopicConfig = {
      topic: spec.name,
      numPartitions: spec.partitions,
      replicationFactor: spec.replicationFactor,
      configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
    };
    const created = await this.admin.createTopics({ topics: [topic], waitForLeaders: false, timeout: 30_000 });
    await this.waitForLeaders(spec.name, TOPIC_READY_TIMEOUT_MS);
    return created;
  }

  /**
   * Waits until every partition of a new topic has a leader that serves it. kafkajs's own wait gives up when the
   * broker it asks does not know the topic yet (UNKNOWN_TOPIC_OR_PARTITION, seen on a 3-node
   * cluster right after creation); that answer is retried here like LEADER_NOT_AVAILABLE.
   */
  private async waitForLeaders(name: string, timeoutMs: number): Promise<void> {
    const deadlineMs = Date.now() + timeoutMs;
    for (;;) {
      try {
        const partitions = await this.describeTopic(name);
        // Leaders in the metadata are not enough: right after creation a leader may still answer
        // NOT_LEADER_OR_FOLLOWER to a produce (kafkajs then retries a whole request, partitions
        // already written included: duplicates). A ListOffsets answered by every leader is.
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) {
          await this.admin.fetchTopicOffsets(name);
          return;
        }
      } catch (error) {
        const type = (error as { type?: unknown }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE' && type !== 'NOT_LEADER_FOR_PARTITION' && type !== 'NOT_LEADER_OR_FOLLOWER') throw error;
      }
      if (Date.now() > deadlineMs) throw new Error(`topic ${name} has partitions without a leader ${timeoutMs} ms after its creation`);
      await new Promise((resolve) => setTimeout(resolve, TOPIC_READY_POLL_MS));
    }
  }

  async deleteTopic(name: string): Promise<void> {
    await this.connect();
    await this.admin.deleteTopics({ topics: [name], timeout: 30_000 });
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return this.admin.listTopics();
  }

  async describeTopic(name: string): Promise<PartitionInfo[]> {
    await this.connect();
    const metadata = await this.admin.fetchTopicMetadata({ topics: [name] });
    const topic = metadata.topics[0];
    if (!topic) return [];
    return topic.partitions
      .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
      .sort((a, b) => a.partition - b.partition);
  }

  async countMessages(topic: string): Promise<number> {
    await this.connect();
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
  }

  async deleteGroups(groupIds: string[]): Promise<GroupDeletion[]> {
    if (groupIds.length === 0) return [];
    await this.connect();
    try {
      await this.admin.deleteGroups(groupIds);
      return groupIds.map((groupId) => ({ groupId, deleted: true }));
    } catch (error) {
      // KafkaJSDeleteGroupsError lists the groups that failed, each with the broker's error.
      const failed = (error as { groups?: Array<{ groupId: string; error?: { type?: string; message?: string } }> }).groups;
      if (!Array.isArray(failed) || failed.length === 0) throw error;
      const problems = new Map(failed.map((group) => [group.groupId, group.error?.type ?? group.error?.message ?? 'unknown error']));
      return groupIds.map((groupId) => (problems.has(groupId) ? { groupId, deleted: false, problem: problems.get(groupId) as string } : { groupId, deleted: true }));
    }
  }

  async listGroups(): Promise<string[]> {
    await this.connect();
    return (await this.admin.listGroups()).groups.map((group) => group.groupId);
  }

  async committedLag(groupId: string, topic: string): Promise<number> {
    await this.connect();
    const ends = await this.admin.fetchTopicOffsets(topic);
    const committed = new Map<number, number>();
    for (const entry of await this.admin.fetchOffsets({ groupId, topics: [topic] })) {
      if (entry.topic === topic) for (const p of entry.partitions) committed.set(p.partition, Number(p.offset));
    }
    return ends.reduce((lag, p) => {
      const from = committed.get(p.partition);
      return lag + Math.max(0, Number(p.high) - (from === undefined || from < 0 ? Number(p.low) : from));
    }, 0);
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    await this.connect();
    const committed = new Map<number, number>();
    for (const entry of await this.admin.fetchOffsets({ groupId, topics: [topic] })) {
      if (entry.topic !== topic) continue;
      for (const p of entry.partitions) if (Number(p.offset) >= 0) committed.set(p.partition, Number(p.offset));
    }
    return committed;
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
  }
}

export function createKafkaAdmin(options: AdminOptions): KafkaAdmin {
  const kafka = new Kafka({
    clientId: 'kbench-admin',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    retry: { retries: options.retries ?? 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    ...kafkajsSecurity(options.security),
  });
  return new KafkajsAdmin(kafka.admin());
}
