/**
 * The one mapping from the runner's `Plan` to the report's `scenario` section (its own type,
 * `report/report-scenario-types.ts`). Field by field on purpose: a new plan field reaches the
 * versioned JSON only when it is added here (and to docs/report-format.md). Pure.
 */
import type { ConnectionSecurity, SecretSource } from '../clients/connection-security.js';
import type {
  ReportCluster,
  ReportConsumer,
  ReportConsumerGroup,
  ReportConsumerStep,
  ReportLoad,
  ReportProducer,
  ReportStage,
  ReportTopic,
  ReportScenario,
  ReportSecretSource,
  ReportSecurity,
} from '../report/report-scenario-types.js';
import type { Plan, PlannedCluster, PlannedConsumer, PlannedConsumerGroup, PlannedConsumerStep, PlannedLoad, PlannedProducer, PlannedStage, PlannedTopic } from '../scenario/plan-types.js';
import { describeTransform } from '../workload/transforms/transforms.js';
import { redactPlan } from '../scenario/redact-secrets.js';

/** The report's `scenario` for `plan`, secret settings shown as `***`. */
export function reportScenarioOf(plan: Plan): ReportScenario {
  const redacted = redactPlan(plan);
  return {
    name: redacted.name,
    description: redacted.description,
    scenarioFile: redacted.scenarioFile,
    client: redacted.client,
    cluster: clusterOf(redacted.cluster),
    topic: topicOf(redacted.topic),
    outputTopics: redacted.outputTopics.map(topicOf),
    warmupMs: redacted.warmupMs,
    durationMs: redacted.durationMs,
    drainMs: redacted.drainMs,
    clusterWarmup: { mode: redacted.clusterWarmup.mode, maxDurationMs: redacted.clusterWarmup.maxDurationMs },
    producers: redacted.producers.map(producerOf),
    consumerGroups: redacted.consumerGroups.map(groupOf),
    workers: redacted.workers.map((worker) => ({ id: worker.id, host: worker.host, producerIds: [...worker.producerIds], consumerIds: [...worker.consumerIds] })),
    faults: redacted.faults.map((fault) => ({ atMs: fault.atMs, action: fault.action, node: fault.node, durationMs: fault.durationMs })),
    expectedMessages: redacted.expectedMessages,
    thresholds: { ...redacted.thresholds },
  };
}

function clusterOf(cluster: PlannedCluster): ReportCluster {
  switch (cluster.kind) {
    case 'embedded':
      return { kind: 'embedded', nodes: cluster.nodes, brokerConfig: { ...cluster.brokerConfig } };
    case 'testcontainers':
      return { kind: 'testcontainers', nodes: cluster.nodes, image: cluster.image, brokerConfig: { ...cluster.brokerConfig } };
    case 'external':
      return { kind: 'external', brokers: [...cluster.brokers], security: securityOf(cluster.security) };
  }
}

function securityOf(security: ConnectionSecurity): ReportSecurity {
  const { tls, sasl } = security;
  return {
    tls: tls && { caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile, keyPassword: tls.keyPassword && sourceOf(tls.keyPassword), verifyHostname: tls.verifyHostname },
    sasl:
      sasl === undefined
        ? undefined
        : sasl.mechanism === 'oauthbearer'
          ? { mechanism: sasl.mechanism, token: sourceOf(sasl.token) }
          : { mechanism: sasl.mechanism, username: typeof sasl.username === 'string' ? sasl.username : sourceOf(sasl.username), password: sourceOf(sasl.password) },
  };
}

function sourceOf(source: SecretSource): ReportSecretSource {
  return 'env' in source ? { env: source.env } : { file: source.file };
}

function loadOf(load: PlannedLoad): ReportLoad {
  switch (load.type) {
    case 'constant':
      return { type: 'constant', ratePerSec: load.ratePerSec };
    case 'ramping':
      return { type: 'ramping', startRatePerSec: load.startRatePerSec, stages: load.stages.map((stage) => ({ durationMs: stage.durationMs, targetRatePerSec: stage.targetRatePerSec })) };
    case 'unthrottled':
      return { type: 'unthrottled', maxInFlight: load.maxInFlight };
  }
}

function producerOf(producer: PlannedProducer): ReportProducer {
  return {
    id: producer.id,
    index: producer.index,
    group: producer.group,
    workerId: producer.workerId,
    load: loadOf(producer.load),
    maxInFlight: producer.maxInFlight,
    acks: producer.acks,
    idempotent: producer.idempotent,
    compression: producer.compression,
    lingerMs: producer.lingerMs,
    batchSizeBytes: producer.batchSizeBytes,
    keys: { ...producer.keys },
    messageSizeBytes: producer.messageSizeBytes,
    seed: producer.seed,
    clientConfig: { ...producer.clientConfig },
  };
}

function topicOf(topic: PlannedTopic): ReportTopic {
  return {
    name: topic.name,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configs: { ...topic.configs },
    recreate: topic.recreate,
    keep: topic.keep,
    recreateExisting: topic.recreateExisting,
  };
}

function stageOf(stage: PlannedStage): ReportStage {
  return {
    stageIndex: stage.stageIndex,
    transform: describeTransform(stage.transform),
    semantics: stage.semantics,
    outputTopic: stage.outputTopic,
    processingCostUs: stage.processingCostUs,
    transactionTimeoutMs: stage.transactionTimeoutMs,
    commitIntervalMs: stage.commitIntervalMs,
    maxInFlight: stage.maxInFlight,
    producerConfig: { ...stage.producerConfig },
    carriesMessages: stage.carriesMessages,
  };
}

function groupOf(group: PlannedConsumerGroup): ReportConsumerGroup {
  return {
    topicName: group.topicName,
    readCommitted: group.readCommitted,
    checkedByMessage: group.checkedByMessage,
    upstreamStages: [...group.upstreamStages],
    ...(group.stage ? { stage: stageOf(group.stage) } : {}),
    groupId: group.groupId,
    members: group.members.map(consumerOf),
    startFrom: group.startFrom,
    groupProtocol: group.groupProtocol,
    assignmentStrategy: group.assignmentStrategy,
    sessionTimeoutMs: group.sessionTimeoutMs,
    schedule: group.schedule.map(stepOf),
    ...(group.backlog ? { backlog: { atMs: group.backlog.atMs, size: { ...group.backlog.size } } } : {}),
  };
}

function stepOf(step: PlannedConsumerStep): ReportConsumerStep {
  return step.action === 'slow'
    ? { atMs: step.atMs, action: 'slow', consumerIds: [...step.consumerIds], processingTimeMs: step.processingTimeMs }
    : { atMs: step.atMs, action: step.action, consumerIds: [...step.consumerIds] };
}

function consumerOf(member: PlannedConsumer): ReportConsumer {
  return {
    id: member.id,
    groupId: member.groupId,
    workerId: member.workerId,
    startFrom: member.startFrom,
    groupProtocol: member.groupProtocol,
    assignmentStrategy: member.assignmentStrategy,
    processingTimeMs: member.processingTimeMs,
    sessionTimeoutMs: member.sessionTimeoutMs,
    origin: member.origin,
    clientConfig: { ...member.clientConfig },
  };
}
