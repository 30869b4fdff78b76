/**
 * Strict validation of a scenario as loaded from its file, k6-style: every problem is collected
 * (never only the first), each with the path of the field (`producers[0].acks`) and a message
 * that shows the value received and what was expected; unknown keys are errors, with a
 * "did you mean" when a known key is close. The rules mirror the TSDoc of `scenario-types.ts`.
 */
import { REDACTED, isSecretKey } from '../clients/effective-config.js';
import { securityIssues } from './validate-security.js';
import { parseDuration } from './durations.js';
import { parseBacklogSize } from './backlog-size.js';
import { combinationIssues, minIsrAboveReplicationFactor } from './validate-combinations.js';
import { containerSettingProblem } from '../cluster/container-cluster-config.js';
import { CLUSTER_PROVIDERS } from './plan-types.js';
import { closestName as closest } from '../util/edit-distance.js';
import { findMetric } from '../thresholds/metric-vocabulary.js';
import { expectedConditionText, metricNameProblem, parseCondition } from '../thresholds/parse-threshold.js';

export { levenshtein } from '../util/edit-distance.js';

/** One problem in a scenario: where (`producers[0].load.ratePerSec`) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Most instances one group may have (producers per group, members per consumer group). */
export const MAX_INSTANCES_PER_GROUP = 64;
/** Most producer instances plus consumer members in one run. */
export const MAX_CLIENTS_PER_RUN = 256;
/** Most load workers. */
export const MAX_WORKERS = 64;
/**
 * Most distinct keys of a key strategy: each producer keeps every key it has sent as a Buffer
 * (about 100 bytes each) and a Zipf strategy a table of 8 bytes per key, so a million keys cost
 * at most about 100 MB per producer; far more would exhaust a worker's memory mid-run.
 */
export const MAX_KEY_COUNT = 1_000_000;
export const MIN_MESSAGE_SIZE_BYTES = 64;
export const MAX_MESSAGE_SIZE_BYTES = 10_485_760;
/** A backlog's pause comes at least this long after the warm-up: the group's lag before it is its baseline. */
export const MIN_BACKLOG_BASELINE_MS = 1_000;

const CLIENTS = ['confluent', 'kafkajs'] as const;
const ACKS = [0, 1, 'all'] as const;
const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const KAFKAJS_COMPRESSIONS: readonly unknown[] = ['none', 'gzip'];
const START_FROM = ['earliest', 'latest'] as const;
const KEY_FIELDS = ['customer', 'product', 'category', 'store', 'paymentMethod'] as const;

const SCENARIO_KEYS = ['name', 'description', 'client', 'cluster', 'topic', 'duration', 'warmup', 'drain', 'clusterWarmup', 'workers', 'producers', 'consumers', 'thresholds', 'faults'];
const CLUSTER_WARMUP_KEYS = ['mode', 'maxDuration'];
export const CLUSTER_WARMUP_MODES = ['auto', 'always', 'off'] as const;
/** Bounds of `clusterWarmup.maxDuration`: two settle windows at least, half an hour at most. */
export const MIN_CLUSTER_WARMUP_MS = 10_000;
export const MAX_CLUSTER_WARMUP_MS = 30 * 60_000;
const CLUSTER_KEYS = ['provider', 'nodes', 'image', 'brokerConfig', 'brokers', 'tls', 'sasl'];
const TOPIC_KEYS = ['name', 'partitions', 'replicationFactor', 'minInsyncReplicas', 'configs', 'recreate', 'keep'];
const PRODUCER_KEYS = ['name', 'count', 'load', 'acks', 'idempotent', 'compression', 'lingerMs', 'batchSizeBytes', 'keys', 'message', 'clientConfig'];
const MESSAGE_KEYS = ['sizeBytes', 'seed'];
const CONSUMER_KEYS = ['groupId', 'members', 'groupProtocol', 'assignmentStrategy', 'sessionTimeout', 'schedule', 'startFrom', 'processingTimeMs', 'backlog', 'clientConfig'];
const BACKLOG_KEYS = ['after', 'size'];
const GROUP_PROTOCOLS = ['classic', 'consumer'] as const;
const ASSIGNMENT_STRATEGIES = ['range', 'roundrobin', 'cooperative-sticky'] as const;
const STAGE_KEYS = ['duration', 'targetRatePerSec'];
const LOAD_KEYS: Record<string, string[]> = {
  constant: ['type', 'ratePerSec'],
  ramping: ['type', 'startRatePerSec', 'stages'],
  unthrottled: ['type', 'maxInFlight'],
};
const KEYS_KEYS: Record<string, string[]> = {
  none: ['strategy'],
  'round-robin': ['strategy', 'count'],
  random: ['strategy', 'count'],
  hot: ['strategy', 'count', 'hotKeys', 'hotShare'],
  zipf: ['strategy', 'count', 'exponent'],
  field: ['strategy', 'field'],
};

/** Returns the problem with a value, or undefined when it is fine. */
type Check = (value: unknown) => string | undefined;
type Obj = Record<string, unknown>;

/**
 * Checks a scenario file's default export against every rule of `ScenarioInput` and returns all
 * problems found, in the order of the fields; an empty list means the scenario is valid.
 */
export function validateScenario(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const v = new Validator(issues);
  const scenario = v.object(value, '', SCENARIO_KEYS, 'a scenario object');
  if (scenario === undefined) return issues;

  const name = v.field<string>(scenario, 'name', '', nameCheck('scenario name'), true);
  v.field(scenario, 'description', '', stringCheck);
  const client = v.field<string>(scenario, 'client', '', oneOf(CLIENTS));
  const cluster = validateCluster(v, scenario.cluster);
  validateTopic(v, scenario.topic, cluster.nodes);
  v.field(scenario, 'duration', '', durationCheck(true), true);
  v.field(scenario, 'warmup', '', durationCheck(false));
  v.field(scenario, 'drain', '', durationCheck(false));
  validateClusterWarmup(v, scenario.clusterWarmup);
  v.field(scenario, 'workers', '', integerCheck(1, MAX_WORKERS));
  validateThresholds(v, scenario.thresholds);
  // A consumer-only scenario (`producers: []`) reads what an existing topic holds: never recreate it.
  const readsExistingTopic = Array.isArray(scenario.consumers) && scenario.consumers.length > 0 && (scenario.topic as Obj | undefined)?.recreate === false;
  const producerInstances = validateProducers(v, scenario.producers, client, readsExistingTopic);
  issues.push(...combinationIssues(scenario));
  const runMs = sumDurations(scenario.warmup ?? '0s', scenario.duration);
  validateFaults(v, scenario.faults, cluster, runMs);
  const warmupMs = typeof (scenario.warmup ?? '0s') === 'string' ? parseDuration((scenario.warmup ?? '0s') as string) : undefined;
  const hasProducers = !Array.isArray(scenario.producers) || scenario.producers.length > 0;
  const consumerMembers = validateConsumers(v, scenario.consumers, name, client, runMs, { warmupMs, hasProducers });

  const clients = producerInstances + consumerMembers;
  if (clients > MAX_CLIENTS_PER_RUN) {
    v.add(
      consumerMembers > 0 ? 'consumers' : 'producers',
      `${producerInstances} producer instances and ${consumerMembers} consumer members make ${clients} clients, more than the ${MAX_CLIENTS_PER_RUN} a run can have`,
    );
  }
  return issues;
}

function validateClusterWarmup(v: Validator, value: unknown): void {
  if (value === undefined) return;
  const warmup = v.object(value, 'clusterWarmup', CLUSTER_WARMUP_KEYS, "an object such as { mode: 'off' } or { maxDuration: '90s' }");
  if (warmup === undefined) return;
  v.field(warmup, 'mode', 'clusterWarmup', oneOf(CLUSTER_WARMUP_MODES));
  v.field(warmup, 'maxDuration', 'clusterWarmup', (x) => {
    const ms = typeof x === 'string' ? parseDuration(x) : undefined;
    if (ms === undefined) return `expected a duration such as "90s" or "3m", got ${show(x)}`;
    if (ms < MIN_CLUSTER_WARMUP_MS || ms > MAX_CLUSTER_WARMUP_MS) return `expected a duration from 10s to 30m, got ${show(x)}`;
    return undefined;
  });
}

/** What `cluster` describes: who runs the nodes, and their count when kbench starts them (undefined for an external or invalid cluster). */
interface ClusterShape {
  kind: 'embedded' | 'testcontainers' | 'external' | undefined;
  nodes: number | undefined;
}

/** Validates `cluster`, every kind in one place. */
function validateCluster(v: Validator, value: unknown): ClusterShape {
  if (value === undefined) return { kind: 'embedded', nodes: 3 };
  const cluster = v.object(value, 'cluster', CLUSTER_KEYS, "{ nodes } for an embedded cluster, { provider: 'testcontainers' } for containers or { brokers } for an existing one");
  if (cluster === undefined) return { kind: undefined, nodes: undefined };
  const external = cluster.brokers !== undefined;
  const embedded = cluster.nodes !== undefined || cluster.brokerConfig !== undefined;
  if (external && embedded) v.add('cluster', 'either brokers (an existing cluster) or nodes/brokerConfig (an embedded one), not both');
  if (external) validateBrokers(v, cluster.brokers, 'cluster.brokers');
  const provider = v.field<string>(cluster, 'provider', 'cluster', oneOf(CLUSTER_PROVIDERS));
  if (external && cluster.provider !== undefined) v.add('cluster.provider', 'a provider says how kbench starts a cluster; brokers name an existing one: keep one of them');
  const containers = provider === 'testcontainers' && !external;
  if (cluster.image !== undefined && !containers && !external) {
    v.add('cluster.image', "an image is for a cluster in containers: add provider: 'testcontainers' (the embedded cluster runs the Kafka jars, not an image)");
  } else if (cluster.image !== undefined && containers) {
    v.field(cluster, 'image', 'cluster', imageCheck);
  } else if (cluster.image !== undefined) {
    v.add('cluster.image', 'an image is for a cluster kbench starts in containers; brokers name an existing one: remove it');
  }
  const brokerConfig = v.flatRecord(cluster.brokerConfig, 'cluster.brokerConfig', ['string', 'number', 'boolean']);
  if (containers && brokerConfig !== undefined) {
    for (const [key, setting] of Object.entries(brokerConfig)) {
      if (typeof setting !== 'string' && typeof setting !== 'number' && typeof setting !== 'boolean') continue;
      const problem = containerSettingProblem(key, setting);
      if (problem !== undefined) v.add(at('cluster.brokerConfig', key), problem);
    }
  }
  const nodes = v.field<number>(cluster, 'nodes', 'cluster', oneOf([1, 3])) ?? (cluster.nodes === undefined ? 3 : undefined);
  for (const issue of securityIssues(cluster, external)) v.add(issue.path, issue.message);
  if (external) return { kind: 'external', nodes: undefined };
  return { kind: containers ? 'testcontainers' : provider === undefined && cluster.provider !== undefined ? undefined : 'embedded', nodes };
}

/** A container image reference such as `apache/kafka:4.2.0` or `registry.example:5000/kafka@sha256:…`. */
const imageCheck: Check = (x) =>
  typeof x === 'string' && /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(x) && x.length <= 255
    ? undefined
    : `expected an image reference such as "apache/kafka:4.2.0", got ${show(x)}`;

function validateBrokers(v: Validator, value: unknown, path: string): void {
  if (typeof value === 'string') {
    const valid = value.split(',').every((entry) => isHostPort(entry.trim()));
    if (!valid) v.add(path, `expected "host:port" (several separated by commas), got ${show(value)}`);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    v.add(path, `expected "host:port", a comma-separated string of them or a non-empty array of them, got ${show(value)}`);
    return;
  }
  value.forEach((entry, i) => {
    if (typeof entry !== 'string' || !isHostPort(entry)) v.add(at(path, i), `expected "host:port", got ${show(entry)}`);
  });
}

function isHostPort(text: string): boolean {
  const match = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):(\d{1,5})$/.exec(text);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 65_535;
}

function validateTopic(v: Validator, value: unknown, nodes: number | undefined): void {
  if (value === undefined) return;
  const topic = v.object(value, 'topic', TOPIC_KEYS, 'an object such as { name: "compras", partitions: 6 }');
  if (topic === undefined) return;
  v.field(topic, 'name', 'topic', topicNameCheck);
  v.field(topic, 'partitions', 'topic', integerCheck(1));
  let replicationFactor = v.field<number>(topic, 'replicationFactor', 'topic', integerCheck(1));
  if (replicationFactor !== undefined && nodes !== undefined && replicationFactor > nodes) {
    v.add('topic.replicationFactor', `replication factor ${replicationFactor} needs ${replicationFactor} nodes, the embedded cluster has ${nodes}`);
    replicationFactor = undefined;
  } else if (topic.replicationFactor === undefined && nodes !== undefined) {
    replicationFactor = Math.min(3, nodes);
  }
  const minInsyncReplicas = v.field<number>(topic, 'minInsyncReplicas', 'topic', integerCheck(1));
  if (minInsyncReplicas !== undefined && replicationFactor !== undefined && minInsyncReplicas > replicationFactor) {
    v.add('topic.minInsyncReplicas', minIsrAboveReplicationFactor(minInsyncReplicas, replicationFactor));
  }
  const configs = v.flatRecord(topic.configs, 'topic.configs', ['string', 'number']);
  if (configs?.['min.insync.replicas'] !== undefined && topic.minInsyncReplicas !== undefined) {
    v.add('topic.configs["min.insync.replicas"]', 'min.insync.replicas is already set by topic.minInsyncReplicas: keep one of them');
  }
  v.field(topic, 'recreate', 'topic', booleanCheck);
  v.field(topic, 'keep', 'topic', booleanCheck);
}

/** Validates `producers`; returns how many producer instances the valid groups make. */
function validateProducers(v: Validator, value: unknown, client: string | undefined, readsExistingTopic: boolean): number {
  if (value === undefined) {
    v.add('producers', 'required');
    return 0;
  }
  if (!Array.isArray(value)) {
    v.add('producers', `expected an array of producer groups, got ${show(value)}`);
    return 0;
  }
  if (value.length === 0) {
    if (readsExistingTopic) return 0;
    v.add('producers', 'expected at least one producer group, got [] (a consumer-only scenario needs consumer groups and topic.recreate: false, to read a topic that holds records)');
    return 0;
  }
  const namesSeen = new Map<string, number>();
  let instances = 0;
  value.forEach((item, i) => {
    const path = at('producers', i);
    const group = v.object(item, path, PRODUCER_KEYS, 'a producer group such as { load: { type: "constant", ratePerSec: 1000 } }');
    if (group === undefined) return;
    const name = v.field<string>(group, 'name', path, nameCheck('group name')) ?? (group.name === undefined ? defaultProducerGroupName(i) : undefined);
    if (name !== undefined) {
      const first = namesSeen.get(name);
      if (first !== undefined) v.add(at(path, 'name'), `group name "${name}" is already used by producers[${first}]`);
      else namesSeen.set(name, i);
    }
    instances += v.field<number>(group, 'count', path, integerCheck(1, MAX_INSTANCES_PER_GROUP)) ?? 1;
    validateLoad(v, group.load, at(path, 'load'));
    const acks = v.field<number | string>(group, 'acks', path, oneOf(ACKS));
    const idempotent = v.field<boolean>(group, 'idempotent', path, booleanCheck);
    if (idempotent === true && acks !== undefined && acks !== 'all') {
      v.add(at(path, 'idempotent'), `idempotence needs acks "all", this group has acks ${show(acks)}`);
    }
    const compression = v.field<string>(group, 'compression', path, oneOf(COMPRESSIONS));
    if (client === 'kafkajs' && compression !== undefined && !KAFKAJS_COMPRESSIONS.includes(compression)) {
      v.add(at(path, 'compression'), `client "kafkajs" supports compression "none" and "gzip" only, got ${show(compression)} (client "confluent" supports all)`);
    }
    v.field(group, 'lingerMs', path, nonNegativeCheck('milliseconds'));
    v.field(group, 'batchSizeBytes', path, integerCheck(1));
    validateKeys(v, group.keys, at(path, 'keys'));
    validateMessage(v, group.message, at(path, 'message'));
    v.flatRecord(group.clientConfig, at(path, 'clientConfig'), ['string', 'number', 'boolean']);
  });
  return instances;
}

/** The name of producer group `index` when the scenario gives none: `producers`, `producers-2`, … */
export function defaultProducerGroupName(index: number): string {
  return index === 0 ? 'producers' : `producers-${index + 1}`;
}

/** The group id of consumer group `index` when the scenario gives none. */
export function defaultConsumerGroupId(scenarioName: string, index: number): string {
  return `kbench-${scenarioName}-${index}`;
}

function validateLoad(v: Validator, value: unknown, path: string): void {
  if (value === undefined) {
    v.add(path, 'required');
    return;
  }
  const load = v.object(value, path, undefined, 'a load such as { type: "constant", ratePerSec: 1000 }');
  if (load === undefined) return;
  const type = v.field<string>(load, 'type', path, oneOf(Object.keys(LOAD_KEYS)), true);
  if (type === undefined) return;
  v.keys(load, path, LOAD_KEYS[type] ?? []);
  const rate = 'messages per second';
  if (type === 'constant') v.field(load, 'ratePerSec', path, positiveCheck(rate), true);
  if (type === 'unthrottled') v.field(load, 'maxInFlight', path, integerCheck(1));
  if (type !== 'ramping') return;
  const startRatePerSec = v.field<number>(load, 'startRatePerSec', path, nonNegativeCheck(rate)) ?? 0;
  const stagesPath = at(path, 'stages');
  if (load.stages === undefined) {
    v.add(stagesPath, 'required');
    return;
  }
  if (!Array.isArray(load.stages) || load.stages.length === 0) {
    v.add(stagesPath, `expected a non-empty array of stages such as { duration: "1m", targetRatePerSec: 1000 }, got ${show(load.stages)}`);
    return;
  }
  let everyRateZero = startRatePerSec === 0;
  load.stages.forEach((item, i) => {
    const stage = v.object(item, at(stagesPath, i), STAGE_KEYS, 'a stage such as { duration: "1m", targetRatePerSec: 1000 }');
    if (stage === undefined) {
      everyRateZero = false;
      return;
    }
    v.field(stage, 'duration', at(stagesPath, i), durationCheck(true), true);
    const target = v.field<number>(stage, 'targetRatePerSec', at(stagesPath, i), nonNegativeCheck(rate), true);
    if (target !== 0) everyRateZero = false;
  });
  if (everyRateZero) v.add(stagesPath, 'every rate of this ramp is 0: the group would send nothing');
}

function validateKeys(v: Validator, value: unknown, path: string): void {
  if (value === undefined) return;
  const keys = v.object(value, path, undefined, 'a key strategy such as { strategy: "random", count: 1000 }');
  if (keys === undefined) return;
  const strategy = v.field<string>(keys, 'strategy', path, oneOf(Object.keys(KEYS_KEYS)), true);
  if (strategy === undefined) return;
  v.keys(keys, path, KEYS_KEYS[strategy] ?? []);
  if (strategy === 'none') return;
  if (strategy === 'field') {
    v.field(keys, 'field', path, oneOf(KEY_FIELDS), true);
    return;
  }
  const count = v.field<number>(keys, 'count', path, integerCheck(1, MAX_KEY_COUNT), true);
  if (strategy === 'zipf') v.field(keys, 'exponent', path, positiveCheck('', 'exponent'));
  if (strategy !== 'hot') return;
  const hotKeys = v.field<number>(keys, 'hotKeys', path, integerCheck(1), true);
  if (hotKeys !== undefined && count !== undefined && hotKeys >= count) {
    v.add(at(path, 'hotKeys'), `expected fewer hot keys than keys (count is ${count}), got ${hotKeys}`);
  }
  v.field(keys, 'hotShare', path, (x) => (isNumber(x) && x > 0 && x < 1 ? undefined : `expected a share between 0 and 1 such as 0.9, got ${show(x)}`), true);
}

function validateMessage(v: Validator, value: unknown, path: string): void {
  if (value === undefined) return;
  const message = v.object(value, path, MESSAGE_KEYS, 'an object such as { sizeBytes: 512 }');
  if (message === undefined) return;
  v.field(message, 'sizeBytes', path, integerCheck(MIN_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES, 'bytes'));
  v.field(message, 'seed', path, (x) => (Number.isSafeInteger(x) ? undefined : `expected an integer, got ${show(x)}`));
}

/** Warm-up plus duration in ms, when both parse. */
function sumDurations(warmup: unknown, duration: unknown): number | undefined {
  const warmupMs = typeof warmup === 'string' ? parseDuration(warmup) : undefined;
  const durationMs = typeof duration === 'string' ? parseDuration(duration) : undefined;
  return warmupMs === undefined || durationMs === undefined ? undefined : warmupMs + durationMs;
}

/** Validates `consumers`; returns how many consumer members the valid groups make (every member that ever joins). */
function validateConsumers(
  v: Validator,
  value: unknown,
  scenarioName: string | undefined,
  client: string | undefined,
  runMs: number | undefined,
  backlogContext: { warmupMs: number | undefined; hasProducers: boolean },
): number {
  if (value === undefined) return 1;
  if (!Array.isArray(value)) {
    v.add('consumers', `expected an array of consumer groups (possibly empty), got ${show(value)}`);
    return 0;
  }
  const groupIdsSeen = new Map<string, number>();
  let members = 0;
  let firstBacklog: number | undefined;
  value.forEach((item, i) => {
    const path = at('consumers', i);
    const group = v.object(item, path, CONSUMER_KEYS, 'a consumer group such as { members: 2 }');
    if (group === undefined) return;
    const explicitId = v.field<string>(group, 'groupId', path, nonEmptyStringCheck);
    const groupId = explicitId ?? (group.groupId === undefined && scenarioName !== undefined ? defaultConsumerGroupId(scenarioName, i) : undefined);
    if (groupId !== undefined) {
      const first = groupIdsSeen.get(groupId);
      if (first !== undefined) v.add(at(path, 'groupId'), `group id "${groupId}" is already used by consumers[${first}]`);
      else groupIdsSeen.set(groupId, i);
    }
    const initialMembers = v.field<number>(group, 'members', path, integerCheck(0, MAX_INSTANCES_PER_GROUP)) ?? (group.members === undefined ? 1 : 0);
    const joining = validateGroupMembership(v, group, path, client, initialMembers, runMs);
    if (group.members === 0 && joining === 0) v.add(at(path, 'members'), 'the group never has a member: give it members, or a schedule step that adds some');
    members += initialMembers + joining;
    v.field(group, 'startFrom', path, oneOf(START_FROM));
    v.field(group, 'processingTimeMs', path, nonNegativeCheck('milliseconds'));
    if (group.backlog !== undefined) {
      if (firstBacklog !== undefined) v.add(at(path, 'backlog'), `only one consumer group may have a backlog; consumers[${firstBacklog}] has one`);
      else firstBacklog = i;
      validateBacklog(v, group, path, { ...backlogContext, runMs });
    }
    v.flatRecord(group.clientConfig, at(path, 'clientConfig'), ['string', 'number', 'boolean']);
  });
  return members;
}

/** Validates a group's protocol, assignor, session timeout and schedule; returns how many members join by the schedule. */
function validateGroupMembership(v: Validator, group: Obj, path: string, client: string | undefined, initialMembers: number, runMs: number | undefined): number {
  const protocol = v.field<string>(group, 'groupProtocol', path, oneOf(GROUP_PROTOCOLS));
  const strategy = v.field<string>(group, 'assignmentStrategy', path, oneOf(ASSIGNMENT_STRATEGIES));
  v.field(group, 'sessionTimeout', path, durationCheck(true));
  const problem = membershipClientProblem(client, protocol, strategy);
  if (problem !== undefined) v.add(at(path, problem.field), problem.message);
  if (protocol === 'consumer') {
    if (strategy !== undefined) v.add(at(path, 'assignmentStrategy'), 'the "consumer" group protocol (KIP-848) assigns on the broker: leave assignmentStrategy out (group.remote.assignor in clientConfig chooses the broker\'s assignor)');
    if (group.sessionTimeout !== undefined) v.add(at(path, 'sessionTimeout'), 'the "consumer" group protocol (KIP-848) takes its session timeout from the broker (group.consumer.session.timeout.ms in cluster.brokerConfig)');
  }
  return validateSchedule(v, group.schedule, at(path, 'schedule'), initialMembers, runMs);
}

/**
 * Validates a group's `backlog`: an outage after the warm-up and before the producers stop, a
 * size in messages, bytes or time (a time ends before the producers stop), a group without a
 * schedule, in a scenario with producers (a group that never has a member is refused anyway).
 */
function validateBacklog(v: Validator, group: Obj, path: string, context: { warmupMs: number | undefined; runMs: number | undefined; hasProducers: boolean }): void {
  const backlogPath = at(path, 'backlog');
  const backlog = v.object(group.backlog, backlogPath, BACKLOG_KEYS, "an object such as { after: '20s', size: '50000 messages' }");
  if (backlog === undefined) return;
  const afterText = v.field<string>(backlog, 'after', backlogPath, durationCheck(false), true);
  const afterMs = afterText === undefined ? undefined : parseDuration(afterText);
  if (afterMs !== undefined && context.warmupMs !== undefined && afterMs < context.warmupMs + MIN_BACKLOG_BASELINE_MS) {
    v.add(at(backlogPath, 'after'), `expected a time at least 1 s after the warm-up (it ends at ${context.warmupMs / 1000} s), so the group's lag before the pause is measured, got ${show(afterText)}`);
  } else if (afterMs !== undefined && context.runMs !== undefined && afterMs >= context.runMs) {
    v.add(at(backlogPath, 'after'), `expected a time before the producers stop (warm-up plus duration: ${context.runMs / 1000} s), got ${show(afterText)}`);
  }
  const size = v.field<string>(
    backlog,
    'size',
    backlogPath,
    (x) => (typeof x === 'string' && parseBacklogSize(x) !== undefined ? undefined : `expected a size above 0 such as "200000 messages", "100MB", "64MiB" or "60s", got ${show(x)}`),
    true,
  );
  const parsed = size === undefined ? undefined : parseBacklogSize(size);
  if (parsed?.kind === 'time' && afterMs !== undefined && context.runMs !== undefined && afterMs < context.runMs && afterMs + parsed.durationMs >= context.runMs) {
    v.add(at(backlogPath, 'size'), `the group would resume at ${(afterMs + parsed.durationMs) / 1000} s, after the producers stop (${context.runMs / 1000} s): shorten the backlog or lengthen the run`);
  }
  if (Array.isArray(group.schedule) && group.schedule.length > 0) {
    v.add(backlogPath, 'a group with a backlog has no schedule: a membership change would make the catch-up a rebalance, not the fetch path');
  }
  if (!context.hasProducers) v.add(backlogPath, 'a backlog needs producers that keep producing while the group is paused (this scenario has none)');
}

/**
 * The problem with a client / protocol / assignor combination, if any (also used when `--client`
 * overrides the scenario's client).
 */
export function membershipClientProblem(client: string | undefined, protocol: string | undefined, strategy: string | undefined): { field: string; message: string } | undefined {
  if (client !== 'kafkajs') return undefined;
  if (protocol === 'consumer') return { field: 'groupProtocol', message: 'client "kafkajs" has only the "classic" group protocol (the KIP-848 "consumer" protocol needs client "confluent")' };
  if (strategy !== undefined && strategy !== 'roundrobin') {
    return { field: 'assignmentStrategy', message: `client "kafkajs" has only the eager "roundrobin" assignor, got ${show(strategy)} (client "confluent" has "range", "roundrobin" and "cooperative-sticky")` };
  }
  return undefined;
}

const STEP_KEYS: Record<string, string[]> = {
  scale: ['at', 'action', 'members'],
  join: ['at', 'action', 'count'],
  leave: ['at', 'action', 'count'],
  crash: ['at', 'action', 'count'],
  slow: ['at', 'action', 'count', 'processingTimeMs'],
};

/** Validates a consumer schedule, following the member count step by step; returns how many members join by it. */
function validateSchedule(v: Validator, value: unknown, path: string, initialMembers: number, runMs: number | undefined): number {
  if (value === undefined) return 0;
  if (!Array.isArray(value)) {
    v.add(path, `expected an array of steps such as { at: "10s", action: "scale", members: 4 }, got ${show(value)}`);
    return 0;
  }
  let live = initialMembers;
  let joined = 0;
  let previousMs = -1;
  value.forEach((item, i) => {
    const stepPath = at(path, i);
    const step = v.object(item, stepPath, undefined, 'a step such as { at: "10s", action: "scale", members: 4 }');
    if (step === undefined) return;
    const action = v.field<string>(step, 'action', stepPath, oneOf(Object.keys(STEP_KEYS)), true);
    if (action !== undefined) v.keys(step, stepPath, STEP_KEYS[action] ?? []);
    previousMs = validateAt(v, step, stepPath, runMs, previousMs, 'step');
    if (action === 'scale') {
      const target = v.field<number>(step, 'members', stepPath, integerCheck(0, MAX_INSTANCES_PER_GROUP), true);
      if (target !== undefined) {
        if (target > live) joined += target - live;
        live = target;
      }
      return;
    }
    const count = action === undefined ? undefined : v.field<number>(step, 'count', stepPath, integerCheck(1, MAX_INSTANCES_PER_GROUP)) ?? (step.count === undefined ? 1 : undefined);
    if (action === 'slow') v.field(step, 'processingTimeMs', stepPath, nonNegativeCheck('milliseconds'), true);
    if (count === undefined || action === undefined) return;
    if (action === 'join') {
      joined += count;
      live += count;
    } else if (count > live) {
      v.add(at(stepPath, 'count'), `the group has ${live} member(s) at this step, cannot ${action === 'slow' ? 'slow down' : action} ${count}`);
    } else if (action !== 'slow') {
      live -= count;
    }
  });
  if (initialMembers + joined > MAX_INSTANCES_PER_GROUP) {
    v.add(path, `${initialMembers} initial member(s) and ${joined} joining make ${initialMembers + joined}, more than the ${MAX_INSTANCES_PER_GROUP} a group can have over a run`);
  }
  return joined;
}

/** Validates `thresholds`: known metric names (with a "did you mean"), each with a condition such as "< 50ms". */
function validateThresholds(v: Validator, value: unknown): void {
  if (value === undefined) return;
  const thresholds = v.object(value, 'thresholds', undefined, `an object of metric → condition such as { "e2e.p99": "< 50ms", "counts.failed": "== 0" }`);
  if (thresholds === undefined) return;
  for (const [name, condition] of Object.entries(thresholds)) {
    const path = at('thresholds', name);
    const nameProblem = metricNameProblem(name);
    const metric = findMetric(name);
    if (nameProblem !== undefined || metric === undefined) {
      v.add(path, nameProblem ?? `unknown metric ${show(name)}`);
      continue;
    }
    if (typeof condition !== 'string') {
      v.add(path, `expected ${expectedConditionText(metric, false)}, got ${show(condition)}`);
      continue;
    }
    const parsed = parseCondition(condition, metric, false);
    if (!parsed.ok) v.add(path, parsed.problem);
  }
}

/**
 * Checks the `at` of a timed entry (a schedule step, a fault): a duration, before the end of
 * warm-up plus duration, not before the previous entry's. Returns the latest time seen so far.
 */
function validateAt(v: Validator, entry: Obj, path: string, runMs: number | undefined, previousMs: number, noun: 'step' | 'fault'): number {
  const atText = v.field<string>(entry, 'at', path, durationCheck(false), true);
  const atMs = atText === undefined ? undefined : parseDuration(atText);
  if (atMs === undefined) return previousMs;
  if (runMs !== undefined && atMs >= runMs) v.add(at(path, 'at'), `expected a time before the end of warm-up plus duration (${runMs / 1000} s), got ${show(atText)}`);
  if (atMs < previousMs) v.add(at(path, 'at'), `${noun}s must be in time order: ${show(atText)} comes before the previous ${noun}'s time`);
  return Math.max(previousMs, atMs);
}

const FAULT_ACTIONS = ['kill', 'stop', 'pause', 'restart'] as const;
const FAULT_KEYS = ['at', 'action', 'node', 'duration'];

/** Validates `faults`: embedded clusters only, nodes that exist, times within the run, a duration for pauses. */
function validateFaults(v: Validator, value: unknown, cluster: ClusterShape, runMs: number | undefined): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    v.add('faults', `expected an array of faults such as { at: "20s", action: "kill", node: "leader", duration: "10s" }, got ${show(value)}`);
    return;
  }
  if (cluster.kind === 'external' && value.length > 0) v.add('faults', 'faults need an embedded cluster (kbench controls its nodes); this scenario uses external brokers');
  if (cluster.kind === 'testcontainers' && value.length > 0) {
    v.add('faults', "faults need the embedded cluster (kbench signals its broker JVMs); this scenario runs Kafka in containers (provider 'testcontainers'): drop the provider to break nodes");
  }
  const nodes = cluster.nodes;
  let previousMs = -1;
  value.forEach((item, i) => {
    const path = at('faults', i);
    const fault = v.object(item, path, FAULT_KEYS, 'a fault such as { at: "20s", action: "kill", node: "leader" }');
    if (fault === undefined) return;
    const action = v.field<string>(fault, 'action', path, oneOf(FAULT_ACTIONS), true);
    previousMs = validateAt(v, fault, path, runMs, previousMs, 'fault');
    const maxNode = typeof nodes === 'number' ? nodes : 3;
    v.field(fault, 'node', path, (x) => (x === 'leader' || (Number.isInteger(x) && (x as number) >= 1 && (x as number) <= maxNode) ? undefined : `expected a node id from 1 to ${maxNode} or "leader", got ${show(x)}`), true);
    v.field(fault, 'duration', path, durationCheck(true));
    if (action === 'pause' && fault.duration === undefined) v.add(at(path, 'duration'), 'required for a pause (how long the node stays stopped)');
    if (action === 'restart' && fault.duration !== undefined) v.add(at(path, 'duration'), 'a restart takes no duration');
    if (action === 'restart' && fault.node === 'leader') v.add(at(path, 'node'), 'a node that is down leads nothing: name the node id to restart');
  });
}

/** Collects issues; the small vocabulary the rules above are written in. */
class Validator {
  constructor(private readonly issues: ValidationIssue[]) {}

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** A plain object whose keys are all in `allowed` (any keys when `allowed` is undefined), or undefined. */
  object(value: unknown, path: string, allowed: readonly string[] | undefined, expected: string): Obj | undefined {
    if (!isPlainObject(value)) {
      this.add(path, `expected ${expected}, got ${show(value)}`);
      return undefined;
    }
    if (allowed !== undefined) this.keys(value, path, allowed);
    return value;
  }

  /** Records every key of `object` that is not in `allowed`. */
  keys(object: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (allowed.includes(key)) continue;
      const suggestion = closest(key, allowed);
      const help = suggestion === undefined ? `accepted keys: ${allowed.join(', ')}` : `did you mean "${suggestion}"?`;
      this.add(at(path, key), `unknown key ${show(key)} (${help})`);
    }
  }

  /** The value of `object[key]` if present and valid; records `required` or the check's problem otherwise. */
  field<T>(object: Obj, key: string, basePath: string, check: Check, required = false): T | undefined {
    const value = object[key];
    const path = at(basePath, key);
    if (value === undefined) {
      if (required) this.add(path, 'required');
      return undefined;
    }
    const problem = check(value);
    if (problem !== undefined) {
      this.add(path, problem);
      return undefined;
    }
    return value as T;
  }

  /**
   * An optional flat object whose values are of the given primitive types. Settings may hold
   * secrets (`sasl.password`): a secret setting's value, or a whole string given instead of the
   * object, is described by its type, never shown.
   */
  flatRecord(value: unknown, path: string, types: ReadonlyArray<'string' | 'number' | 'boolean'>): Obj | undefined {
    if (value === undefined) return undefined;
    const expected = list(types.map((t) => `a ${t}`));
    if (typeof value === 'string') {
      this.add(path, `expected an object of settings (${expected} each), got a string`);
      return undefined;
    }
    const record = this.object(value, path, undefined, `an object of settings (${expected} each)`);
    if (record === undefined) return undefined;
    for (const [key, entry] of Object.entries(record)) {
      const ok = (types as readonly string[]).includes(typeof entry) && (typeof entry !== 'number' || Number.isFinite(entry));
      if (!ok) this.add(at(path, key), `expected ${expected}, got ${isSecretKey(key) ? describeType(entry) : show(entry)}`);
    }
    return record;
  }
}

const stringCheck: Check = (x) => (typeof x === 'string' ? undefined : `expected a string, got ${show(x)}`);
const booleanCheck: Check = (x) => (typeof x === 'boolean' ? undefined : `expected true or false, got ${show(x)}`);
const nonEmptyStringCheck: Check = (x) => (typeof x === 'string' && x.trim() !== '' ? undefined : `expected a non-empty string, got ${show(x)}`);

function nameCheck(what: string): Check {
  return (x) => {
    if (typeof x !== 'string' || x === '') return `expected a non-empty ${what}, got ${show(x)}`;
    return /^[A-Za-z0-9._-]+$/.test(x) ? undefined : `expected a ${what} of letters, digits, ".", "_" and "-" only, got ${show(x)}`;
  };
}

const topicNameCheck: Check = (x) => {
  if (typeof x !== 'string' || x === '') return `expected a non-empty topic name, got ${show(x)}`;
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(x) || x === '.' || x === '..') {
    return `expected a topic name of at most 249 letters, digits, ".", "_" and "-", got ${show(x)}`;
  }
  return undefined;
};

function oneOf(values: readonly (string | number)[]): Check {
  return (x) => {
    if (values.includes(x as string | number)) return undefined;
    const suggestion = typeof x === 'string' ? closest(x, values.filter((v): v is string => typeof v === 'string')) : undefined;
    return `expected ${list(values.map((v) => JSON.stringify(v)))}, got ${show(x)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
  };
}

/** An integer in [min, max]; the message names `unit` when given. */
function integerCheck(min: number, max?: number, unit?: string): Check {
  const unitText = unit === undefined ? '' : ` ${unit}`;
  const expected =
    max !== undefined ? `an integer from ${min} to ${max}${unitText}` : min === 1 ? `a positive integer${unit === undefined ? '' : ` of ${unit}`}` : `an integer ≥ ${min}`;
  return (x) => (Number.isSafeInteger(x) && (x as number) >= min && (max === undefined || (x as number) <= max) ? undefined : `expected ${expected}, got ${show(x)}`);
}

/** A finite number > 0: `expected a positive number of <unit>` (or `a positive <noun>`). */
function positiveCheck(unit: string, noun = 'number'): Check {
  const expected = unit === '' ? `a positive ${noun}` : `a positive ${noun} of ${unit}`;
  return (x) => (isNumber(x) && x > 0 ? undefined : `expected ${expected}, got ${show(x)}`);
}

function nonNegativeCheck(unit: string): Check {
  return (x) => (isNumber(x) && x >= 0 ? undefined : `expected 0 or more ${unit}, got ${show(x)}`);
}

function durationCheck(mustBePositive: boolean): Check {
  return (x) => {
    const ms = typeof x === 'string' ? parseDuration(x) : undefined;
    if (ms === undefined) return `expected a duration such as "30s" or "2m", got ${show(x)}`;
    if (mustBePositive && ms <= 0) return `expected a duration longer than 0, got ${show(x)}`;
    return undefined;
  };
}

/** `an array`, `an object`, `a number`…: what a value is, without showing it. */
function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isPlainObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `base.key`, `base[3]` or `base["linger.ms"]`; a bare key at the top. */
function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A received value as it would be written in the file: JSON, shortened past 40 characters. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return String(value);
  let text: string;
  try {
    // Nested settings may hold secrets (a kafkajs-style `ssl: { passphrase }`): masked, never shown.
    text = JSON.stringify(value, (key, entry: unknown) => (key !== '' && isSecretKey(key) && entry !== null && typeof entry !== 'object' ? REDACTED : entry)) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'an array' : 'an object';
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
