/**
 * Turns a validated scenario into a plan: every default filled in, durations in milliseconds,
 * each group's rate split among its instances, and every producer and consumer placed on a
 * worker. Pure: the same scenario and overrides always give the same plan.
 */
import { dirname, resolve } from 'node:path';
import type { ConnectionSecurity } from '../clients/connection-security.js';
import type { KsqlBasicAuth } from '../ksql/ksql-credentials.js';
import { resolveSecurity, type SecurityOverrides } from './resolve-security.js';
import { capabilitiesOf, type ClientName } from '../clients/client-registry.js';
import { KbenchError } from '../errors.js';
import { parseDuration } from '../util/durations.js';
import { DEFAULT_KAFKA_IMAGE, containerSettingProblem } from '../cluster/container-cluster-config.js';
import type {
  ClusterProvider,
  ClusterWarmupMode,
  Plan,
  PlannedCluster,
  PlannedConsumer,
  PlannedConsumerGroup,
  PlannedConsumerStep,
  PlannedKeys,
  PlannedProducer,
  PlannedTopic,
  PlannedWorker,
} from './plan-types.js';
import type { ParsedScenario, ScenarioInput } from './scenario-types.js';
import { parseBacklogSize } from './backlog-size.js';
import { resolvePipeline, type ResolvedPipeline } from './resolve-pipeline.js';
import { GroupMembership, type MembershipStep } from './consumer-membership.js';
import { brokerFaultsProblem, compressionProblem, membershipClientProblem } from './rules/client-rules.js';
import { defaultConsumerGroupId } from './schema/consumer-schema.js';
import { defaultProducerGroupName } from './schema/producer-schema.js';
import { parseScenario } from './validate-scenario.js';
import { loadShapeOf } from '../workload/loads/load-shapes.js';

type ParsedCluster = ParsedScenario['cluster'];
type StartedCluster = Exclude<ParsedCluster, { brokers: unknown }>;
type KeysInput = ParsedScenario['producers'][number]['keys'];

/** Command-line flags that win over the scenario file. */
export interface RunOverrides {
  durationMs?: number;
  client?: ClientName;
  /** Run against these bootstrap servers instead of the scenario's cluster. */
  brokers?: string[];
  /** `--cluster`: start the cluster this way whatever the scenario's `cluster` says (its nodes and brokerConfig are kept). */
  clusterProvider?: ClusterProvider;
  workers?: number;
  /**
   * Producer workers when neither the command line nor the file says: the CLI passes the
   * machine's cores (`availableParallelism()`), so producers spread over every core.
   */
  defaultWorkers?: number;
  /** `--tls-…` / `--sasl-…`: TLS and SASL of the external cluster, each replacing the scenario's. */
  security?: SecurityOverrides;
  /** `--cluster-warmup`: wins over the scenario. */
  clusterWarmupMode?: ClusterWarmupMode;
  /** The mode when neither the command line nor the scenario says (the CLI passes `KBENCH_CLUSTER_WARMUP`). */
  defaultClusterWarmupMode?: ClusterWarmupMode;
  /** `--keep-topic`: keep the topic kbench created on an external cluster (as `topic.keep`). */
  keepTopic?: boolean;
  /** `--recreate-topic`: delete and recreate an existing topic on an external cluster (only ever from the command line). */
  recreateTopic?: boolean;
  /** `--ksql-url` and `--ksql-user…`/`--ksql-password-…`: the ksqlDB server of the scenario's `ksql` section (refused without one). */
  ksql?: { url: string; auth?: KsqlBasicAuth };
}

/** Producer workers when nothing says (see `RunOverrides.defaultWorkers`). */
export const DEFAULT_WORKERS = 2;
/** Bound on in-flight messages of a rate-driven producer: high, so the schedule rarely hits it. */
export const RATED_MAX_IN_FLIGHT = 100_000;

/**
 * Resolves a valid scenario (see `validateScenario`) into the plan the runner executes.
 * `file` is the scenario's path (made absolute). Throws a usage KbenchError only when an
 * override makes the scenario inconsistent (e.g. `--client kafkajs` with lz4 compression).
 */
export function resolveScenario(input: ScenarioInput, file: string, overrides: RunOverrides = {}): Plan {
  const scenario = parseScenario(input);
  const client = overrides.client ?? scenario.client;
  const cluster = resolveCluster(scenario.cluster, file, overrides);
  const warmupMs = durationMs(scenario.warmup);
  const runMs = overrides.durationMs ?? durationMs(scenario.duration);
  if (cluster.kind === 'external' && scenario.faults.length > 0) {
    throw new KbenchError('usage', 'this scenario injects broker faults, which needs the embedded cluster kbench starts: drop --brokers', {
      hint: 'faults kill, stop or pause nodes kbench controls; an external cluster is not kbench\'s to break',
    });
  }
  const faultsProblem = brokerFaultsProblem(client, scenario.faults.length);
  // The file was validated with its own client; --client comes in after.
  if (faultsProblem !== undefined) throw new KbenchError('usage', `faults: ${faultsProblem}`, { hint: 'use another --client, or drop the faults' });
  if (cluster.kind === 'testcontainers' && scenario.faults.length > 0) {
    throw new KbenchError('usage', 'this scenario injects broker faults, which needs the embedded cluster: drop --cluster testcontainers', {
      hint: 'faults signal the broker JVMs kbench runs itself; containers are not supported for faults',
    });
  }
  // The file's times were validated against its own duration; --duration and --step come in after.
  checkTimesWithin(scenario, warmupMs + runMs);
  const producers = resolveProducers(scenario, client);
  const topic = resolveTopic(scenario, cluster, overrides);
  if (overrides.ksql !== undefined && scenario.ksql === undefined) {
    throw new KbenchError('usage', '--ksql-url was given, but this scenario has no ksql section: nothing would be sent to ksqlDB', {
      hint: "add ksql: { query: 'sales-per-store', output: { name: '…' } } to the scenario (see scenarios/pipeline-ksql.ts), or drop --ksql-url",
    });
  }
  const pipeline = resolvePipeline(scenario, topic, scenario.consumers.map((group, i) => group.groupId ?? defaultConsumerGroupId(scenario.name, i)));
  const consumerGroups = resolveConsumerGroups(scenario, client, pipeline);
  const workers = placeOnWorkers(capabilitiesOf(client).host, overrides.workers ?? scenario.workers ?? overrides.defaultWorkers ?? DEFAULT_WORKERS, producers, consumerGroups);
  return {
    name: scenario.name,
    description: scenario.description,
    scenarioFile: resolve(file),
    client,
    cluster,
    topic,
    outputTopics: pipeline.outputTopics,
    warmupMs,
    durationMs: runMs,
    drainMs: durationMs(scenario.drain),
    clusterWarmup: {
      mode: overrides.clusterWarmupMode ?? scenario.clusterWarmup.mode ?? overrides.defaultClusterWarmupMode ?? 'auto',
      maxDurationMs: durationMs(scenario.clusterWarmup.maxDuration),
    },
    producers,
    consumerGroups,
    workers,
    faults: scenario.faults.map((fault) => ({
      atMs: durationMs(fault.at),
      action: fault.action,
      node: fault.node,
      durationMs: fault.duration === undefined ? undefined : durationMs(fault.duration),
    })),
    expectedMessages: expectedMessages(producers, warmupMs + runMs),
    thresholds: { ...scenario.thresholds },
    ...(scenario.ksql ? { ksql: resolveKsql(scenario.ksql, overrides) } : {}),
  };
}

/** The ksqlDB stage: the URL is checked at run time (`kbench validate` resolves without one). */
function resolveKsql(ksql: NonNullable<ParsedScenario['ksql']>, overrides: RunOverrides): NonNullable<Plan['ksql']> {
  return {
    query: ksql.query,
    outputTopic: ksql.output.name,
    ...(overrides.ksql ? { url: overrides.ksql.url, ...(overrides.ksql.auth ? { auth: overrides.ksql.auth } : {}) } : {}),
  };
}

function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`unvalidated duration ${JSON.stringify(text)} reached resolveScenario`);
  return ms;
}

function resolveCluster(cluster: ParsedCluster, scenarioFile: string, overrides: RunOverrides): PlannedCluster {
  const brokersOverride = overrides.brokers;
  if (brokersOverride !== undefined && overrides.clusterProvider !== undefined) {
    throw new KbenchError('usage', `--brokers names an existing cluster and --cluster ${overrides.clusterProvider} asks kbench to start one: keep one of them`);
  }
  const external = 'brokers' in cluster ? cluster : undefined;
  const security = (): ConnectionSecurity => resolveSecurity(external, dirname(scenarioFile), overrides.security);
  if (brokersOverride !== undefined) return { kind: 'external', brokers: [...brokersOverride], security: security() };
  if (external !== undefined && overrides.clusterProvider === undefined) {
    const list = typeof external.brokers === 'string' ? external.brokers.split(',') : external.brokers;
    return { kind: 'external', brokers: list.map((broker) => broker.trim()).filter((broker) => broker !== ''), security: security() };
  }
  if (overrides.security?.tls !== undefined || overrides.security?.sasl !== undefined) {
    throw new KbenchError('usage', 'the --tls-… and --sasl-… options are for an existing cluster: give its brokers with --brokers (or cluster.brokers in the scenario)', {
      hint: 'the clusters kbench starts listen on PLAINTEXT; `kbench cluster start --secure` starts an embedded one with a SASL_SSL listener',
    });
  }
  // --cluster with a scenario naming brokers: a cluster of the default shape.
  const started: StartedCluster = 'brokers' in cluster ? { nodes: 3 } : cluster;
  return resolveStartedCluster(started, overrides.clusterProvider);
}

/** A cluster kbench starts: embedded JVMs or containers, by `--cluster` first, else by the scenario's provider. */
function resolveStartedCluster(started: StartedCluster, providerOverride: ClusterProvider | undefined): PlannedCluster {
  const nodes = started.nodes;
  const brokerConfig = { ...started.brokerConfig };
  if ((providerOverride ?? started.provider ?? 'embedded') === 'embedded') return { kind: 'embedded', nodes, brokerConfig };
  // The scenario's validation checked these for containers only when it asked for containers itself.
  const problems = Object.entries(brokerConfig).flatMap(([key, value]) => {
    const problem = containerSettingProblem(key, value);
    return problem === undefined ? [] : [`cluster.brokerConfig["${key}"]: ${problem}`];
  });
  if (problems.length > 0) throw new KbenchError('usage', 'this scenario\'s broker settings cannot reach Kafka containers', { details: problems, hint: 'drop --cluster testcontainers, or change the settings' });
  const image = started.provider === 'testcontainers' ? started.image : undefined;
  return { kind: 'testcontainers', nodes, image: image ?? DEFAULT_KAFKA_IMAGE, brokerConfig };
}

function resolveTopic(scenario: ParsedScenario, cluster: PlannedCluster, overrides: RunOverrides): PlannedTopic {
  const topic = scenario.topic;
  if (overrides.recreateTopic === true && topic.recreate === false) {
    throw new KbenchError('usage', '--recreate-topic contradicts the scenario\'s topic.recreate: false (which uses the existing topic as it is)', {
      hint: 'drop --recreate-topic to write into the existing topic, or drop recreate: false from the scenario',
    });
  }
  const configs: Record<string, string> = {};
  for (const [key, value] of Object.entries(topic.configs ?? {})) configs[key] = String(value);
  if (topic.minInsyncReplicas !== undefined) configs['min.insync.replicas'] = String(topic.minInsyncReplicas);
  return {
    name: topic.name,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor ?? (cluster.kind === 'external' ? -1 : Math.min(3, cluster.nodes)),
    configs,
    recreate: topic.recreate,
    keep: overrides.keepTopic === true || topic.keep,
    recreateExisting: overrides.recreateTopic === true,
  };
}

function resolveProducers(scenario: ParsedScenario, client: ClientName): PlannedProducer[] {
  const producers: PlannedProducer[] = [];
  scenario.producers.forEach((group, groupIndex) => {
    const name = group.name ?? defaultProducerGroupName(groupIndex);
    const { count, compression } = group;
    const problem = compressionProblem(client, compression);
    if (problem !== undefined) {
      // The file was validated with its own client; --client comes in after.
      throw new KbenchError('usage', `producers[${groupIndex}].compression (group "${name}"): ${problem}`, { hint: 'use another --client, or another compression in the scenario' });
    }
    for (let i = 0; i < count; i++) {
      const index = producers.length;
      const shape = loadShapeOf(group.load);
      const load = shape.plan(group.load, count);
      producers.push({
        id: `${name}#${i}`,
        index,
        group: name,
        workerId: 0,
        load,
        maxInFlight: shape.maxInFlight(load) ?? RATED_MAX_IN_FLIGHT,
        acks: group.acks,
        idempotent: group.idempotent,
        compression,
        lingerMs: group.lingerMs,
        batchSizeBytes: group.batchSizeBytes,
        keys: resolveKeys(group.keys),
        messageSizeBytes: group.message.sizeBytes,
        seed: group.message.seed + index,
        clientConfig: { ...group.clientConfig },
      });
    }
  });
  return producers;
}

function resolveKeys(keys: KeysInput): PlannedKeys {
  return { ...keys };
}

function resolveConsumerGroups(scenario: ParsedScenario, client: ClientName, pipeline: ResolvedPipeline): PlannedConsumerGroup[] {
  return scenario.consumers.map((group, groupIndex) => {
    const { topic, readCommitted, checkedByMessage, upstreamStages, stage } = pipeline.groups[groupIndex] ?? { topic: scenario.topic.name, readCommitted: false, checkedByMessage: true, upstreamStages: [], stage: undefined };
    const groupId = group.groupId ?? defaultConsumerGroupId(scenario.name, groupIndex);
    const groupProtocol = group.groupProtocol;
    const problem = membershipClientProblem(client, groupProtocol, group.assignmentStrategy);
    if (problem !== undefined) {
      throw new KbenchError('usage', `consumers[${groupIndex}].${problem.field}: ${problem.message}`, { hint: 'use another --client, or change the group in the scenario' });
    }
    const settings = {
      groupId,
      startFrom: group.startFrom,
      groupProtocol,
      assignmentStrategy: groupProtocol === 'consumer' ? undefined : (group.assignmentStrategy ?? capabilitiesOf(client).defaultAssignor),
      sessionTimeoutMs: group.sessionTimeout === undefined ? undefined : durationMs(group.sessionTimeout),
    } as const;
    const membership = new GroupMembership(settings, { processingTimeMs: group.processingTimeMs, clientConfig: { ...group.clientConfig } }, group.members);
    const members: PlannedConsumer[] = [...membership.initial];
    const schedule: PlannedConsumerStep[] = [];
    for (const step of group.schedule) {
      const atMs = durationMs(step.at);
      const resolved: MembershipStep =
        step.action === 'scale'
          ? { atMs, action: 'scale', members: step.members }
          : step.action === 'slow'
            ? { atMs, action: 'slow', count: step.count, processingTimeMs: step.processingTimeMs }
            : { atMs, action: step.action, count: step.count };
      const { planned, created } = membership.apply(resolved, 'scheduled');
      members.push(...created);
      if (planned) schedule.push(planned);
    }
    if (group.backlog !== undefined && schedule.length > 0) {
      // The file's own schedule was refused by validation; a --step comes in after it.
      throw new KbenchError('usage', `consumers[${groupIndex}] builds a backlog (it pauses and resumes on its own): membership steps cannot be added to it`, {
        hint: 'drop the --step, or give the steps to another group',
      });
    }
    const backlogSize = group.backlog === undefined ? undefined : parseBacklogSize(group.backlog.size);
    const backlog = group.backlog !== undefined && backlogSize !== undefined ? { atMs: durationMs(group.backlog.after), size: backlogSize } : undefined;
    return { ...settings, topicName: topic, readCommitted, checkedByMessage, upstreamStages, ...(stage ? { stage } : {}), members, schedule, ...(backlog ? { backlog } : {}) };
  });
}

/**
 * Creates the workers and sets every producer's and member's `workerId`. Up to `requested`
 * workers carry the producers (round-robin); every consumer member gets a worker of its own, so
 * a producer and a consumer never share one (measured: with the confluent client, a consumer in
 * the producer's process delayed its delivery reports by seconds at 2,000 msg/s on three brokers)
 * and a member can join, leave or crash on its own.
 */
export function placeOnWorkers(host: PlannedWorker['host'], requested: number, producers: PlannedProducer[], groups: PlannedConsumerGroup[]): PlannedWorker[] {
  const producerWorkers = Math.min(Math.max(1, Math.floor(requested)), producers.length);
  const workers: PlannedWorker[] = Array.from({ length: producerWorkers }, (_, id) => ({ id, host, producerIds: [], consumerIds: [] }));
  producers.forEach((producer, i) => {
    producer.workerId = i % producerWorkers;
    workers[producer.workerId]?.producerIds.push(producer.id);
  });
  for (const member of groups.flatMap((group) => group.members)) workers.push(workerForMember(member, workers.length, host));
  return workers;
}

/** A worker of its own for `member` (sets its `workerId`). */
export function workerForMember(member: PlannedConsumer, id: number, host: PlannedWorker['host']): PlannedWorker {
  member.workerId = id;
  return { id, host, producerIds: [], consumerIds: [member.id] };
}

/**
 * The file's consumer steps and faults were validated against its own duration; with
 * `--duration` (and steps from `--step`) each must still come before the end of warm-up plus duration.
 */
function checkTimesWithin(scenario: ParsedScenario, endMs: number): void {
  const late: string[] = [];
  scenario.consumers.forEach((group, g) => {
    group.schedule.forEach((step, i) => {
      if (durationMs(step.at) >= endMs) late.push(`consumers[${g}].schedule[${i}] at ${step.at}`);
    });
  });
  scenario.faults.forEach((fault, i) => {
    if (durationMs(fault.at) >= endMs) late.push(`faults[${i}] at ${fault.at}`);
  });
  if (late.length > 0) {
    throw new KbenchError('usage', `the run ends at ${endMs / 1000} s (warm-up included), before ${late.length === 1 ? 'a step' : `${late.length} steps`} of the scenario`, {
      details: late,
      hint: 'give a longer --duration, or drop the steps that would never happen (a --step must come before the end too)',
    });
  }
}

/** Messages the producers are scheduled to send over `runMs` (warm-up plus duration); undefined when any load is open-ended. */
function expectedMessages(producers: PlannedProducer[], runMs: number): number | undefined {
  let total = 0;
  for (const { load } of producers) {
    const messages = loadShapeOf(load).scheduledMessages(load, runMs);
    if (messages === undefined) return undefined;
    total += messages;
  }
  return total;
}
