/** Renders a resolved plan as text for `kbench validate`: what would run, where, and how much. Pure. */
import { describeTransform } from '../workload/transforms/transforms.js';
import { loadShapeOf } from '../workload/loads/load-shapes.js';
import { describeSecurity } from '../clients/connection-security.js';
import { describeBacklogSize } from './backlog-size.js';
import { describeOwnership } from './cluster-ownership.js';
import { formatDuration } from '../util/durations.js';
import { redactPlan } from './redact-secrets.js';
import type { Plan, PlannedCluster, PlannedConsumer, PlannedConsumerGroup, PlannedKeys, PlannedLoad, PlannedProducer, PlannedTopic, PlannedWorker } from './plan-types.js';

/** The plan as lines of text, ending with a newline; secret settings show as `***`. */
export function renderPlan(resolved: Plan): string {
  const plan = redactPlan(resolved);
  const members = plan.consumerGroups.flatMap((group) => group.members);
  const lines = [
    `scenario  ${plan.name}${plan.description === undefined ? '' : ` - ${plan.description}`}`,
    `file      ${plan.scenarioFile}`,
    `client    ${plan.client}`,
    `cluster   ${renderCluster(plan.cluster)}`,
    `topic     ${renderTopic(plan.topic)}`,
    `ownership ${describeOwnership(plan)}`,
    ...(plan.ksql ? [`ksql      ${renderKsql(plan)}`] : []),
    `timing    warm-up ${formatDuration(plan.warmupMs)}, duration ${formatDuration(plan.durationMs)}, drain up to ${formatDuration(plan.drainMs)}`,
    '',
    `producers (${plan.producers.length})`,
    ...table(plan.producers.map(producerCells)),
    '',
    `consumers (${members.length} in ${plural(plan.consumerGroups.length, 'group')})`,
    ...(members.length === 0 ? ['  none'] : table(members.map(consumerCells))),
    ...(plan.outputTopics.length > 0 || plan.consumerGroups.some((group) => group.topicName !== plan.topic.name) ? ['', 'pipeline', ...plan.consumerGroups.map((group) => `  ${renderPipelineGroup(plan, group)}`)] : []),
    ...plan.consumerGroups.flatMap((group) =>
      group.backlog
        ? [`  backlog: ${group.groupId} stops fetching at ${formatDuration(group.backlog.atMs)} (no rebalance) and resumes once its backlog reaches ${describeBacklogSize(group.backlog.size)}`]
        : [],
    ),
    '',
    `workers (${plan.workers.length})`,
    ...table(plan.workers.map(workerCells)),
    '',
    `expected messages  ${plan.expectedMessages === undefined ? 'as many as the producers manage (unthrottled)' : formatCount(plan.expectedMessages)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A group's place in the pipeline: what it reads (and how), and for a stage what it does and writes. */
function renderPipelineGroup(plan: Plan, group: PlannedConsumerGroup): string {
  const reads = `${group.groupId} reads ${group.topicName}${group.readCommitted ? ' (read_committed)' : ''}`;
  const check = group.checkedByMessage ? '' : ', not checked message by message (behind an aggregate or ksqlDB)';
  const stage = group.stage;
  if (stage === undefined) return `${reads}${check}`;
  const topic = plan.outputTopics.find((t) => t.name === stage.outputTopic);
  const cost = stage.processingCostUs > 0 ? `, ${stage.processingCostUs} µs CPU per event` : '';
  const commits =
    stage.semantics === 'exactly-once'
      ? `a transaction per batch (timeout ${formatDuration(stage.transactionTimeoutMs)})`
      : stage.semantics === 'at-least-once'
        ? `commits ${stage.commitIntervalMs === 0 ? 'after every batch' : `every ${formatDuration(stage.commitIntervalMs)}`}`
        : 'commits each batch before writing it';
  return `${reads}${check} → stage ${stage.stageIndex}: ${describeTransform(stage.transform)}, ${stage.semantics} (${commits})${cost} → ${stage.outputTopic}${topic ? ` (${plural(topic.partitions, 'partition')})` : ''}`;
}

function renderKsql(plan: Plan): string {
  const ksql = plan.ksql;
  if (ksql === undefined) return '';
  const readers = plan.consumerGroups.filter((group) => group.topicName === ksql.outputTopic).map((group) => group.groupId);
  const server = ksql.url === undefined ? 'NO SERVER: kbench run needs --ksql-url' : `server ${ksql.url}${ksql.auth ? ' (basic authentication)' : ''}`;
  return (
    `${ksql.query} on ${server}; its output "${ksql.outputTopic}" (the run's kbench-ksql-compras-per-store-<run id>) read by ${readers.length === 0 ? 'no group' : readers.join(', ')}, ` +
    'measured without per-message latency or delivery check (windows, not messages); dropped at the end'
  );
}

function renderCluster(cluster: PlannedCluster): string {
  if (cluster.kind === 'external') return `external, bootstrap servers ${cluster.brokers.join(',')}, over ${describeSecurity(cluster.security)}`;
  const settings = Object.entries(cluster.brokerConfig).map(([key, value]) => `${key}=${String(value)}`);
  const nodes = cluster.kind === 'testcontainers' ? `containers (testcontainers), ${plural(cluster.nodes, 'node')} of ${cluster.image}` : `embedded, ${plural(cluster.nodes, 'node')}`;
  return `${nodes}${settings.length === 0 ? '' : ` (${settings.join(', ')})`}`;
}

function renderTopic(topic: PlannedTopic): string {
  const replication = topic.replicationFactor === -1 ? "the broker's default replication factor" : `replication factor ${topic.replicationFactor}`;
  const configs = Object.entries(topic.configs).map(([key, value]) => `${key}=${value}`);
  return [
    `${topic.name}: ${plural(topic.partitions, 'partition')}, ${replication}`,
    ...configs,
  ].join(', ');
}

function producerCells(producer: PlannedProducer): string[] {
  const extras = [
    producer.idempotent ? 'idempotent' : '',
    producer.compression === 'none' ? '' : producer.compression,
    producer.lingerMs === undefined ? '' : `linger ${producer.lingerMs} ms`,
    producer.batchSizeBytes === undefined ? '' : `batch ${formatCount(producer.batchSizeBytes)} B`,
  ].filter((text) => text !== '');
  return [
    producer.id,
    `worker ${producer.workerId}`,
    renderLoad(producer.load),
    `acks ${producer.acks}`,
    `keys ${renderKeys(producer.keys)}`,
    producer.messageSizeBytes === undefined ? 'natural size' : `${formatCount(producer.messageSizeBytes)} B`,
    extras.join(', '),
  ];
}

function renderLoad(load: PlannedLoad): string {
  return loadShapeOf(load).describe(load, { rate: formatRate, count: formatCount, durationMs: formatDuration });
}

function renderKeys(keys: PlannedKeys): string {
  switch (keys.strategy) {
    case 'none':
      return 'none';
    case 'round-robin':
    case 'random':
      return `${keys.strategy} over ${formatCount(keys.count)}`;
    case 'hot':
      return `hot: ${Math.round(keys.hotShare * 100)} % on ${keys.hotKeys} of ${formatCount(keys.count)}`;
    case 'zipf':
      return `zipf over ${formatCount(keys.count)} (exponent ${keys.exponent})`;
    case 'field':
      return `field ${keys.field}`;
  }
}

function consumerCells(member: PlannedConsumer): string[] {
  return [
    member.id,
    `worker ${member.workerId}`,
    `group ${member.groupId}`,
    `from ${member.startFrom}`,
    member.processingTimeMs === 0 ? '' : `${member.processingTimeMs} ms per message`,
  ];
}

function workerCells(worker: PlannedWorker): string[] {
  const carries = [...worker.producerIds, ...worker.consumerIds];
  return [`worker ${worker.id}`, worker.host === 'process' ? 'child process' : 'thread', carries.join(', ')];
}

/** Rows of cells as lines indented by two spaces, each column padded to its widest cell. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

/** `1234.5678` → `'1,234.57'`: at most two decimals. */
function formatRate(ratePerSec: number): string {
  const [whole = '0', decimals] = String(Number(ratePerSec.toFixed(2))).split('.');
  return decimals === undefined ? formatCount(Number(whole)) : `${formatCount(Number(whole))}.${decimals}`;
}

/** `1234567` → `'1,234,567'`, independent of the locale. */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
