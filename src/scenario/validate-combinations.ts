/**
 * Scenario rules that span fields, which no single field's check can see: broker settings kbench
 * owns, client settings that would silently contradict a scenario field (the plan and the report
 * would then show one thing while the client did another), topics the embedded cluster cannot
 * hold, and messages the brokers or the client would refuse. A rule looks only at values that
 * passed their own field's check, so each mistake is reported once. Pure.
 */
import { DEFAULT_CLIENT, capabilitiesOf, isClientName } from '../clients/client-registry.js';
import type { ValidationIssue } from '../util/schema-kit.js';
import { settingSecurityProblem } from './validate-security.js';

/** Partition replicas one embedded node may hold (Kafka's rule of thumb per broker; the embedded nodes also share one machine). */
export const MAX_REPLICAS_PER_EMBEDDED_NODE = 4_000;
/** Kafka's default `message.max.bytes`: the largest record batch a broker accepts. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
/** Room kept in a batch for its header, the record's own fields, its key and kbench's `kb` header. */
export const RECORD_OVERHEAD_BYTES = 256;

/** Broker settings kbench writes for every embedded node: listeners on 127.0.0.1, its ports, ids and folders. */
const KBENCH_BROKER_SETTINGS = [
  'process.roles',
  'node.id',
  'controller.quorum.voters',
  'listeners',
  'advertised.listeners',
  'inter.broker.listener.name',
  'controller.listener.names',
  'listener.security.protocol.map',
  'log.dirs',
  'log.dir',
];

/** Client settings (librdkafka names, and kafkajs ones) that a producer group field already sets. */
const PRODUCER_FIELD_OF_SETTING: Record<string, string> = {
  acks: 'acks',
  'request.required.acks': 'acks',
  'enable.idempotence': 'idempotent',
  idempotent: 'idempotent',
  'compression.codec': 'compression',
  'compression.type': 'compression',
  compression: 'compression',
  'linger.ms': 'lingerMs',
  'queue.buffering.max.ms': 'lingerMs',
  lingerMs: 'lingerMs',
  'batch.size': 'batchSizeBytes',
};
/** Client settings naming the brokers, which come from `cluster` (or `--brokers`). */
const BROKER_LIST_SETTINGS = ['bootstrap.servers', 'metadata.broker.list', 'brokers'];

type Obj = Record<string, unknown>;

const MIN_INSYNC_REPLICAS_SETTING = 'min.insync.replicas';

/** The problems of combinations in a scenario object (already checked field by field). */
export function combinationIssues(scenario: Obj): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cluster = embeddedCluster(scenario.cluster);
  const topic = isObject(scenario.topic) ? scenario.topic : {};
  if (cluster !== undefined) {
    for (const key of Object.keys(cluster.brokerConfig)) {
      if (KBENCH_BROKER_SETTINGS.includes(key)) {
        issues.push({
          path: settingPath('cluster.brokerConfig', key),
          message: `${key} is set by kbench for its embedded nodes (127.0.0.1 only, its own ports and folders): remove it (to test other listeners, run against your own cluster with cluster.brokers)`,
        });
      }
    }
  }
  const replicationFactor = effectiveReplicationFactor(topic, cluster);
  checkPartitions(issues, topic, cluster, replicationFactor);
  checkTopicMinIsr(issues, topic, replicationFactor);
  const clientName = scenario.client ?? DEFAULT_CLIENT;
  if (isObject(scenario.cluster)) checkSecuritySettings(issues, scenario.cluster.brokerConfig, 'cluster.brokerConfig', false);
  checkSecuritySettings(issues, topic.configs, 'topic.configs', false);
  (Array.isArray(scenario.consumers) ? scenario.consumers : []).forEach((group, i) => {
    if (isObject(group)) checkSecuritySettings(issues, group.clientConfig, `consumers[${i}].clientConfig`, true);
  });
  (Array.isArray(scenario.producers) ? scenario.producers : []).forEach((group, i) => {
    if (!isObject(group)) return;
    checkSecuritySettings(issues, group.clientConfig, `producers[${i}].clientConfig`, true);
    checkClientSettings(issues, group, `producers[${i}]`);
    checkMessageSize(issues, group, `producers[${i}]`, clientName, topic, cluster);
  });
  return issues;
}

interface EmbeddedCluster {
  nodes: number;
  brokerConfig: Obj;
}

/** The embedded cluster a valid `cluster` describes; undefined for an external or invalid one. */
function embeddedCluster(value: unknown): EmbeddedCluster | undefined {
  if (value === undefined) return { nodes: 3, brokerConfig: {} };
  if (!isObject(value) || value.brokers !== undefined) return undefined;
  const nodes = value.nodes ?? 3;
  if (nodes !== 1 && nodes !== 3) return undefined;
  return { nodes, brokerConfig: isObject(value.brokerConfig) ? value.brokerConfig : {} };
}

/** The topic's replication factor when known: the valid one given, or the embedded cluster's default. */
function effectiveReplicationFactor(topic: Obj, cluster: EmbeddedCluster | undefined): number | undefined {
  if (topic.replicationFactor === undefined) return cluster === undefined ? undefined : Math.min(3, cluster.nodes);
  const given = topic.replicationFactor;
  if (!isPositiveInteger(given)) return undefined;
  return cluster !== undefined && given > cluster.nodes ? undefined : given;
}

function checkPartitions(issues: ValidationIssue[], topic: Obj, cluster: EmbeddedCluster | undefined, replicationFactor: number | undefined): void {
  if (cluster === undefined || replicationFactor === undefined || !isPositiveInteger(topic.partitions)) return;
  const most = Math.floor((MAX_REPLICAS_PER_EMBEDDED_NODE * cluster.nodes) / replicationFactor);
  if (topic.partitions <= most) return;
  issues.push({
    path: 'topic.partitions',
    message: `expected at most ${most} partitions with replication factor ${replicationFactor} on ${cluster.nodes} embedded node(s) (${MAX_REPLICAS_PER_EMBEDDED_NODE} partition replicas per node), got ${topic.partitions}`,
  });
}

/** `min.insync.replicas` given in `topic.configs` (the `minInsyncReplicas` field has its own rule). */
function checkTopicMinIsr(issues: ValidationIssue[], topic: Obj, replicationFactor: number | undefined): void {
  if (!isObject(topic.configs) || topic.minInsyncReplicas !== undefined || replicationFactor === undefined) return;
  const minIsr = integerSetting(topic.configs[MIN_INSYNC_REPLICAS_SETTING]);
  if (minIsr === undefined || minIsr <= replicationFactor) return;
  issues.push({ path: settingPath('topic.configs', MIN_INSYNC_REPLICAS_SETTING), message: minIsrAboveReplicationFactor(minIsr, replicationFactor) });
}

/** The message for a min ISR above the replication factor, shared with the `topic.minInsyncReplicas` rule. */
export function minIsrAboveReplicationFactor(minIsr: number, replicationFactor: number): string {
  return `expected at most the replication factor (${replicationFactor}), got ${minIsr}: only ${replicationFactor} replicas can be in sync (Kafka 4 brokers quietly use ${replicationFactor}, older ones refuse every acks "all" send)`;
}

function checkClientSettings(issues: ValidationIssue[], group: Obj, path: string): void {
  if (!isObject(group.clientConfig)) return;
  for (const key of Object.keys(group.clientConfig)) {
    const field = PRODUCER_FIELD_OF_SETTING[key];
    const where = settingPath(`${path}.clientConfig`, key);
    if (field !== undefined) {
      issues.push({ path: where, message: `${key} is set by ${path}.${field}: use that field instead (the plan and the report would show the field's value, not what the client did)` });
    } else if (BROKER_LIST_SETTINGS.includes(key)) {
      issues.push({ path: where, message: `${key} comes from cluster (or --brokers): remove it` });
    }
  }
}

/** Literal secrets anywhere a settings map is written, and TLS/SASL client settings outside `cluster`. */
function checkSecuritySettings(issues: ValidationIssue[], settings: unknown, path: string, client: boolean): void {
  if (!isObject(settings)) return;
  for (const [key, value] of Object.entries(settings)) {
    // A value of the wrong type already has its issue (one per mistake).
    if (typeof value === 'object' && value !== null) continue;
    const message = settingSecurityProblem(key, client);
    if (message !== undefined) issues.push({ path: settingPath(path, key), message });
  }
}

/** A padded message larger than the brokers or the client take: every send would fail. */
function checkMessageSize(issues: ValidationIssue[], group: Obj, path: string, client: unknown, topic: Obj, cluster: EmbeddedCluster | undefined): void {
  const sizeBytes = isObject(group.message) ? group.message.sizeBytes : undefined;
  if (!isPositiveInteger(sizeBytes)) return;
  const limits: Array<{ bytes: number; what: string; raise: string }> = [];
  const compressed = group.compression !== undefined && group.compression !== 'none';
  // A compressed batch may fit where its messages would not: the brokers' limit counts compressed bytes.
  if (!compressed) {
    const topicLimit = isObject(topic.configs) ? integerSetting(topic.configs['max.message.bytes']) : undefined;
    const brokerLimit = cluster === undefined ? undefined : (integerSetting(cluster.brokerConfig['message.max.bytes']) ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
    if (topicLimit !== undefined) limits.push({ bytes: topicLimit, what: 'the topic\'s max.message.bytes', raise: 'topic.configs["max.message.bytes"]' });
    else if (brokerLimit !== undefined) limits.push({ bytes: brokerLimit, what: 'the brokers\' message.max.bytes', raise: 'topic.configs["max.message.bytes"]' });
  }
  const clientDefault = isClientName(client) ? capabilitiesOf(client).maxMessageBytes : undefined;
  if (clientDefault !== undefined) {
    const clientLimit = isObject(group.clientConfig) ? integerSetting(group.clientConfig['message.max.bytes']) : undefined;
    limits.push({ bytes: clientLimit ?? clientDefault, what: `the ${String(client)} client's message.max.bytes`, raise: `${path}.clientConfig["message.max.bytes"]` });
  }
  const exceeded = limits.filter((limit) => sizeBytes + RECORD_OVERHEAD_BYTES > limit.bytes).sort((a, b) => a.bytes - b.bytes)[0];
  if (exceeded === undefined) return;
  issues.push({
    path: `${path}.message.sizeBytes`,
    message: `expected at most ${exceeded.bytes - RECORD_OVERHEAD_BYTES} bytes (${exceeded.what}, ${exceeded.bytes}, less ${RECORD_OVERHEAD_BYTES} for the record's key, headers and batch), got ${sizeBytes}: every send would fail; raise ${exceeded.raise} or send smaller messages`,
  });
}

/** A whole number given as a number or a numeric string, as Kafka settings are. */
function integerSetting(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return Number.isSafeInteger(number) ? (number as number) : undefined;
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base.key`, or `base["linger.ms"]` for keys that are not identifiers (as validate-scenario writes paths). */
function settingPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
