/**
 * The end-of-run summary as console tables. Pure: returns a string, prints nothing; colours
 * only when asked (the caller decides from the TTY and `NO_COLOR`).
 */
import { renderOwnershipLine } from './render-ownership.js';
import {
  createStyle,
  createTable,
  formatCount,
  formatDurationMs,
  formatMegabytes,
  formatMs,
  formatPercent,
  formatRate,
  truncate,
  type Style,
} from './console-format.js';
import { renderBacklog } from './render-backlog.js';
import { renderIntegrity } from './render-integrity.js';
import { renderPipeline } from './render-pipeline.js';
import { renderRebalances } from './render-rebalances.js';
import { latenciesAreQueueing, renderValidity, renderValidityBanner } from './render-validity.js';
import { renderResources } from './render-resources.js';
import type { ClientErrorKind } from '../clients/client-adapter.js';
import {
  REPORT_ERROR_KINDS,
  type KbenchReport,
  type LatencyStats,
  type RateStats,
  type ReportEnvironment,
  type RunStatus,
} from './report-types.js';

export interface RenderOptions {
  /** Use ANSI colours and bold; false gives plain text without any escape code. */
  color: boolean;
}

/** Partitions per row of the per-partition table; more wrap onto further tables. */
const PARTITIONS_PER_ROW = 12;

/** Renders the whole summary: heading, tables, status line and environment line. */
export function renderSummary(report: KbenchReport, options: RenderOptions): string {
  const style = createStyle(options.color);
  const sections = [
    renderHeading(report, style),
    renderValidityBanner(report, style),
    renderThroughput(report, style),
    renderLatency(report, style),
    renderCounts(report, style),
    renderIntegrity(report, style),
    renderPipeline(report, style),
    renderErrors(report, style),
    renderPartitions(report, style),
    renderRebalances(report, style),
    renderBacklog(report, style),
    renderResources(report, style),
    renderValidity(report, style),
    `${renderStatusLine(report, style)}\n${renderEnvironmentLine(report.environment)}`,
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function renderHeading(report: KbenchReport, style: Style): string {
  const planned = report.scenario;
  const parts = [
    `started ${report.startedAt}`,
    `warm-up ${formatDurationMs(report.warmupMs)}`,
    `measured ${formatDurationMs(report.durationMs)}${report.durationMs < planned.durationMs ? ` of ${formatDurationMs(planned.durationMs)}` : ''}`,
    `${planned.producers.length} producer(s)`,
    `${planned.consumerGroups.length} consumer group(s)`,
    `topic ${planned.topic.name} (${planned.topic.partitions} partitions)`,
  ];
  const ownership = renderOwnershipLine(report);
  return `${style.bold(`kbench · ${planned.name}`)}\n${parts.join(' · ')}${ownership === undefined ? '' : `\n${ownership}`}`;
}

function renderThroughput(report: KbenchReport, style: Style): string {
  const table = createTable(['', 'mean msg/s', 'p50 msg/s', 'min msg/s', 'max msg/s', 'stddev msg/s', 'MB/s'], style);
  const row = (label: string, stats: RateStats): string[] => [
    label,
    formatRate(stats.meanPerSec),
    formatRate(stats.p50PerSec),
    formatRate(stats.minPerSec),
    formatRate(stats.maxPerSec),
    formatRate(stats.stddevPerSec),
    formatMegabytes(stats.meanBytesPerSec),
  ];
  table.push(row('produced (acked)', report.throughput.produced), row('consumed', report.throughput.consumed));
  return `${style.bold('Throughput')} ${style.dim('(measured seconds; MB = 10^6 bytes)')}\n${table.toString()}`;
}

function renderLatency(report: KbenchReport, style: Style): string {
  const table = createTable(['', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'], style);
  const row = (label: string, stats: LatencyStats): string[] => {
    const value = (ms: number): string => (stats.count === 0 ? '-' : formatMs(ms));
    return [label, formatCount(stats.count), value(stats.p50), value(stats.p90), value(stats.p99), value(stats.p999), value(stats.max)];
  };
  table.push(
    row('produce (send → ack)', report.latency.produce),
    row('produce response (intended → ack)', report.latency.produceResponse),
    row('e2e (intended → consumed)', report.latency.e2e),
  );
  const label = latenciesAreQueueing(report)
    ? style.yellow('(ms, after warm-up; the load exceeded what the system sustained: these include queueing behind a backlog)')
    : style.dim('(ms, after warm-up)');
  return `${style.bold('Latency')} ${label}\n${table.toString()}`;
}

function renderCounts(report: KbenchReport, style: Style): string {
  const counts = report.counts;
  const head = ['sent', 'acked', 'failed', 'not attempted', 'consumed', 'expected'];
  const table = createTable(head, style, head.map(() => 'right'));
  table.push([
    formatCount(counts.sent),
    formatCount(counts.acked),
    formatCount(counts.failed),
    formatCount(counts.notAttempted),
    formatCount(counts.consumed),
    counts.expected === null ? '-' : formatCount(counts.expected),
  ]);
  return `${style.bold('Counts')} ${style.dim('(messages, whole run including warm-up)')}\n${table.toString()}`;
}

/** Errors by kind with the first message seen of each; empty when the run had none. */
function renderErrors(report: KbenchReport, style: Style): string {
  const kinds = REPORT_ERROR_KINDS.filter((kind) => (report.errors[kind] ?? 0) > 0);
  const otherKinds = (Object.keys(report.errors) as ClientErrorKind[]).filter((kind) => !kinds.includes(kind) && (report.errors[kind] ?? 0) > 0);
  const shown = [...kinds, ...otherKinds];
  if (shown.length === 0) return '';
  const table = createTable(['kind', 'count', 'first message'], style, ['left', 'right', 'left']);
  for (const kind of shown) {
    table.push([kind, formatCount(report.errors[kind]), truncate(report.errorSamples[kind]?.[0] ?? '', 80)]);
  }
  return `${style.bold('Errors by kind')}\n${table.toString()}`;
}

/** Acked messages per partition with their share of the total, one compact row per 12 partitions. */
function renderPartitions(report: KbenchReport, style: Style): string {
  if (report.partitions.length === 0) return '';
  const partitions = [...report.partitions].sort((a, b) => a.partition - b.partition);
  const total = partitions.reduce((sum, p) => sum + p.acked, 0);
  const tables: string[] = [];
  for (let start = 0; start < partitions.length; start += PARTITIONS_PER_ROW) {
    const chunk = partitions.slice(start, start + PARTITIONS_PER_ROW);
    const table = createTable(['partition', ...chunk.map((p) => String(p.partition))], style);
    table.push(['acked', ...chunk.map((p) => `${formatCount(p.acked)} (${total === 0 ? '-' : formatPercent(p.acked / total)})`)]);
    tables.push(table.toString());
  }
  return `${style.bold('Acked per partition')} ${style.dim('(share of all acked)')}\n${tables.join('\n')}`;
}

/** `status: completed`, or the status with the failure's message; then the status detail, one sentence per line. */
export function renderStatusLine(report: Pick<KbenchReport, 'status' | 'failure' | 'statusDetail'>, style: Style = createStyle(false)): string {
  const colour: Record<RunStatus, (text: string) => string> = { completed: style.green, aborted: style.yellow, failed: style.red };
  const status = colour[report.status](report.status === 'failed' ? 'FAILED' : report.status);
  const failure = report.failure;
  const where = failure?.workerId === undefined ? '' : ` (worker ${failure.workerId})`;
  const line = failure ? `status: ${status}: ${failure.message}${where}` : `status: ${status}`;
  const detail = (report.statusDetail ?? []).map((sentence) => `\n  ${style.yellow(sentence)}`).join('');
  return line + detail;
}

/** One line describing where the run ran. */
export function renderEnvironmentLine(environment: ReportEnvironment): string {
  const libraries = Object.entries(environment.clientVersions).map(([library, version]) => `${library} ${version}`);
  // `kafkajs 2.2.4`, or `confluent (@confluentinc/kafka-javascript 1.10.1, librdkafka 2.12.0)`.
  const client =
    environment.clientVersions[environment.client] !== undefined
      ? libraries.join(', ')
      : `${environment.client} (${libraries.length > 0 ? libraries.join(', ') : 'version unknown'})`;
  const brokers = environment.brokerCount === null ? 'brokers' : `${environment.brokerCount} broker(s)`;
  const source = environment.embeddedLifetime === null ? environment.clusterSource : `${environment.clusterSource}, ${environment.embeddedLifetime}`;
  const parts = [
    `kbench ${environment.kbenchVersion}`,
    `Node ${environment.nodeVersion}`,
    client,
    `Kafka ${environment.kafkaVersion ?? 'version unknown'}, ${brokers} (${source}) at ${environment.bootstrapServers.join(',')}`,
    `${environment.platform} ${environment.arch}`,
    `${environment.cpuModel} × ${environment.cpuCores}`,
    `${(environment.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB`,
    environment.hostname,
  ];
  return `environment: ${parts.join(' · ')}`;
}

/** The formatting kit lives in console-format.ts; re-exported for the renderers that import it from here. */
