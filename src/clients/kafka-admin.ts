/**
 * Cluster administration over the Kafka protocol (metadata, topics), done with kafkajs:
 * pure JavaScript, loads in milliseconds, and works in any thread. One of the client adapter
 * files: no other folder imports a Kafka library.
 */
import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';

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
   * Waits until every partition of a new topic has a leader. kafkajs's own wait gives up when the
   * broker it asks does not know the topic yet (UNKNOWN_TOPIC_OR_PARTITION, seen on a 3-node
   * cluster right after creation); that answer is retried here like LEADER_NOT_AVAILABLE.
   */
  private async waitForLeaders(name: string, timeoutMs: number): Promise<void> {
    const deadlineMs = Date.now() + timeoutMs;
    for (;;) {
      try {
        const partitions = await this.describeTopic(name);
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch (error) {
        const type = (error as { type?: unknown }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
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
  });
  return new KafkajsAdmin(kafka.admin());
}

/** What a bounded check of one bootstrap address found: the brokers it advertises, or why it failed. */
export interface BrokerProbe {
  /** The bootstrap address, as given (`host:port`). */
  address: string;
  /** The brokers the cluster advertises (`host:port`), when the address answered. */
  advertised?: string[];
  /** Why the check failed, in a few words (`connection refused`, `host name not found`…). */
  problem?: string;
}

/**
 * Asks one bootstrap address for the cluster's metadata, once, within `timeoutMs` (connection,
 * API versions and metadata together; no retries), and says what went wrong when it fails.
 * Never throws.
 */
export async function probeBroker(address: string, timeoutMs: number): Promise<BrokerProbe> {
  const kafka = new Kafka({
    clientId: 'kbench-probe',
    brokers: [address],
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    enforceRequestTimeout: true,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs);
  });
  try {
    const description = await Promise.race([admin.connect().then(() => admin.describeCluster()), timedOut]);
    return { address, advertised: description.brokers.map((broker) => `${broker.host}:${broker.port}`) };
  } catch (error) {
    return { address, problem: connectionProblem(error, address) };
  } finally {
    clearTimeout(timer);
    // Closes the sockets, so nothing keeps the process alive; bounded in case the client hangs.
    await Promise.race([admin.disconnect().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}

class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}

type ErrorDetails = { code?: unknown; broker?: unknown; message?: unknown; cause?: unknown } | null;

/** The innermost error that says which broker failed (kafkajs wraps it once per retry layer). */
function connectionError(error: unknown): ErrorDetails {
  let current = error as ErrorDetails;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    if (current.broker !== undefined || current.code !== undefined) return current;
    current = (current.cause ?? null) as ErrorDetails;
  }
  return error as ErrorDetails;
}

/** Short reasons for the socket errors a wrong or dead address gives. */
const REASON_BY_CODE: Record<string, string> = {
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ECONNRESET: 'connection reset (is it a Kafka listener, without TLS or SASL?)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

/**
 * Why talking to `address` failed, from a kafkajs error (or a probe timeout). When the failing
 * connection was to another broker than `address`, the address answered but the cluster
 * advertises brokers that cannot be reached from here (`advertised.listeners`). Pure.
 */
export function connectionProblem(error: unknown, address: string): string {
  const details = connectionError(error);
  const message = typeof details?.message === 'string' ? details.message : String(error);
  let reason: string;
  if (error instanceof ProbeTimeout) reason = `no Kafka answer within ${error.timeoutMs / 1000} s (is it a Kafka listener, without TLS or SASL?)`;
  else if (typeof details?.code === 'string' && REASON_BY_CODE[details.code] !== undefined) reason = REASON_BY_CODE[details.code] as string;
  else if (/Connection timeout/i.test(message)) reason = 'connection timed out';
  else if (/Connection closed by the server|Closed connection/i.test(message)) reason = 'connection closed by the other side (is it a Kafka listener, without TLS or SASL?)';
  else reason = message.replace(/^Connection error: /, '');
  const broker = typeof details?.broker === 'string' ? details.broker : undefined;
  if (broker !== undefined && broker !== address) {
    return `answered, but the cluster advertises the broker ${broker}, which fails from here: ${reason} (check the brokers' advertised.listeners)`;
  }
  return reason;
}
