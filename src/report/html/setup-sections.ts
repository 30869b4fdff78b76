/**
 * What the run was: the scenario's resolved plan, the effective client configuration and the
 * environment, as HTML. Pure.
 */
import { formatDurationMs } from '../console-format.js';
import { reportSecurityProtocol, type ReportConsumerGroup, type ReportLoad, type ReportProducer, type ReportScenario } from '../report-scenario-types.js';
import type { KbenchReport, ReportClientConfig } from '../report-types.js';
import { escapeHtml } from './html-text.js';
import { htmlTable, keyValueTable, section } from './html-table.js';

export function scenarioSection(plan: ReportScenario): string {
  const cluster =
    plan.cluster.kind === 'embedded'
      ? `embedded, ${plan.cluster.nodes} node(s)`
      : plan.cluster.kind === 'testcontainers'
        ? `containers (testcontainers), ${plan.cluster.nodes} node(s) of ${plan.cluster.image}`
        : `external: ${plan.cluster.brokers.join(', ')} (${reportSecurityProtocol(plan.cluster.security)})`;
  const topicConfigs = Object.entries(plan.topic.configs).map(([key, value]) => `${key}=${value}`).join(', ');
  const overview = keyValueTable([
    ['scenario', plan.name],
    ['file', plan.scenarioFile],
    ['client', plan.client],
    ['cluster', cluster],
    ['topic', `${plan.topic.name}: ${plan.topic.partitions} partitions, replication factor ${plan.topic.replicationFactor === -1 ? 'broker default' : plan.topic.replicationFactor}${topicConfigs === '' ? '' : `, ${topicConfigs}`}`],
    ['warm-up · duration · drain bound', `${formatDurationMs(plan.warmupMs)} · ${formatDurationMs(plan.durationMs)} · ${formatDurationMs(plan.drainMs)}`],
    ['expected messages', plan.expectedMessages === undefined ? 'unthrottled' : String(plan.expectedMessages)],
    ['thresholds', Object.entries(plan.thresholds ?? {}).map(([metric, condition]) => `${metric} ${condition}`).join(', ') || 'none'],
  ]);
  const producers = htmlTable(
    ['producer', 'worker', 'load', 'acks', 'idempotent', 'compression', 'linger', 'batch', 'keys', 'message size'],
    plan.producers.map((producer) => producerRow(producer)),
    { numericFrom: 99 },
  );
  const groups = plan.consumerGroups.length === 0 ? '<p class="empty">No consumers.</p>' : htmlTable(
    ['consumer group', 'members', 'start from', 'protocol', 'assignor', 'session timeout', 'processing', 'schedule'],
    plan.consumerGroups.map((group) => groupRow(group)),
    { numericFrom: 99 },
  );
  const json = `<details><summary>the whole plan as JSON</summary><pre>${escapeHtml(JSON.stringify(plan, null, 2))}</pre></details>`;
  return section('scenario', 'Scenario (the resolved plan)', `${overview}<h3>Producers</h3>${producers}<h3>Consumer groups</h3>${groups}${json}`);
}

function producerRow(producer: ReportProducer): string[] {
  const { strategy, ...keyOptions } = producer.keys;
  const options = Object.entries(keyOptions).map(([key, value]) => `${key}=${String(value)}`);
  const keys = options.length === 0 ? strategy : `${strategy} (${options.join(', ')})`;
  return [
    producer.id,
    String(producer.workerId),
    loadText(producer.load),
    String(producer.acks),
    String(producer.idempotent),
    producer.compression,
    producer.lingerMs === undefined ? 'client default' : `${producer.lingerMs} ms`,
    producer.batchSizeBytes === undefined ? 'client default' : `${producer.batchSizeBytes} B`,
    keys,
    producer.messageSizeBytes === undefined ? 'natural' : `${producer.messageSizeBytes} B`,
  ];
}

function loadText(load: ReportLoad): string {
  switch (load.type) {
    case 'constant':
      return `constant ${round(load.ratePerSec)} msg/s`;
    case 'ramping':
      return `ramping from ${round(load.startRatePerSec)}: ${load.stages.map((stage) => `${round(stage.targetRatePerSec)} msg/s over ${formatDurationMs(stage.durationMs)}`).join(', then ')}`;
    case 'unthrottled':
      return `unthrottled, at most ${load.maxInFlight} in flight`;
  }
}

function groupRow(group: ReportConsumerGroup): string[] {
  const schedule = (group.schedule ?? [])
    .map((step) => `${formatDurationMs(step.atMs)} ${step.action} ${step.consumerIds.join(', ')}${step.action === 'slow' ? ` (${step.processingTimeMs} ms/msg)` : ''}`)
    .join('; ');
  const processing = [...new Set(group.members.map((member) => member.processingTimeMs))].map((ms) => `${ms} ms`).join(', ');
  return [
    group.groupId,
    String(group.members.length),
    group.startFrom,
    group.groupProtocol ?? 'classic',
    group.assignmentStrategy ?? 'client default',
    group.sessionTimeoutMs === undefined ? 'client default' : `${group.sessionTimeoutMs} ms`,
    processing || '0 ms',
    schedule || 'none',
  ];
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Each client instance's effective settings; instances with identical settings share one table. */
export function clientConfigSection(clientConfig: KbenchReport['clientConfig']): string {
  const parts = [
    ...groupIdentical(clientConfig.producers).map(([ids, config]) => configTable(ids, config)),
    ...groupIdentical(clientConfig.consumers).map(([ids, config]) => configTable(ids, config)),
  ];
  const body = parts.length === 0 ? '<p class="empty">No client configuration recorded.</p>' : parts.join('');
  return section('client-config', 'Effective client configuration', body);
}

/** Client ids with the same settings, ignoring per-instance ids (`client.id`, `clientId`). */
function groupIdentical(configs: Record<string, ReportClientConfig>): Array<[string[], ReportClientConfig]> {
  const groups = new Map<string, [string[], ReportClientConfig]>();
  for (const [id, config] of Object.entries(configs)) {
    const key = JSON.stringify(Object.entries(config).filter(([setting]) => setting !== 'client.id' && setting !== 'clientId'));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [[id], config]);
    else group[0].push(id);
  }
  return [...groups.values()];
}

function configTable(ids: readonly string[], config: ReportClientConfig): string {
  const entries = Object.entries(config).sort(([a], [b]) => a.localeCompare(b));
  const note = ids.length > 1 ? ' (same settings; client ids differ)' : '';
  return `<h3>${escapeHtml(ids.join(', '))}${escapeHtml(note)}</h3>${keyValueTable(entries.map(([key, value]) => [key, String(value)]))}`;
}

export function environmentSection(report: KbenchReport): string {
  const environment = report.environment;
  return section(
    'environment',
    'Environment',
    keyValueTable([
      ['kbench', environment.kbenchVersion],
      ['Node.js', environment.nodeVersion],
      ['client', `${environment.client}: ${Object.entries(environment.clientVersions).map(([library, version]) => `${library} ${version}`).join(', ') || 'version unknown'}`],
      ['Kafka', `${environment.kafkaVersion ?? 'version unknown'}, ${environment.brokerCount ?? '?'} broker(s), ${environment.clusterSource}${environment.embeddedLifetime === null ? '' : ` (${environment.embeddedLifetime})`}`],
      ['bootstrap servers', environment.bootstrapServers.join(', ')],
      ['machine', `${environment.hostname}: ${environment.cpuModel} × ${environment.cpuCores}, ${(environment.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB`],
      ['OS', `${environment.platform} ${environment.osRelease} ${environment.arch}`],
      ['run', `${report.startedAt} → ${report.endedAt}`],
    ]),
  );
}
