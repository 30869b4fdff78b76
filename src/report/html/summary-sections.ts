/**
 * The top of the HTML report: heading, status banner, key figures, latency table, thresholds,
 * delivery integrity and errors. Pure.
 */
import { renderOwnershipLine } from '../render-ownership.js';
import { formatMetricValue } from '../format-metric.js';
import { laterRebalances, readMetric, totalErrors } from '../metric-values.js';
import { formatCount, formatDurationMs, formatMs, formatRate } from '../console-format.js';
import { REPORT_ERROR_KINDS, type IntegrityReport, type KbenchReport, type LatencyStats, type ThresholdResult } from '../report-types.js';
import { escapeHtml } from './html-text.js';
import { emptyNote, htmlTable, raw, section } from './html-table.js';

/** Title, scenario description and the run's shape in one line. */
export function reportHeader(report: KbenchReport): string {
  const plan = report.scenario;
  const shape = [
    `started ${report.startedAt}`,
    `warm-up ${formatDurationMs(report.warmupMs)}`,
    `measured ${formatDurationMs(report.durationMs)}${report.durationMs < plan.durationMs ? ` of ${formatDurationMs(plan.durationMs)}` : ''}`,
    `client ${report.environment.client}`,
    `topic ${plan.topic.name} (${plan.topic.partitions} partitions)`,
  ].join(' · ');
  const ownership = renderOwnershipLine(report);
  return `<header><h1>kbench · ${escapeHtml(plan.name)}</h1>${plan.description ? `<p>${escapeHtml(plan.description)}</p>` : ''}<p>${escapeHtml(shape)}</p>${ownership === undefined ? '' : `<p class="ownership">${escapeHtml(ownership)}</p>`}</header>`;
}

/** A banner for a run that did not complete, with why, and the status detail; empty for a completed run without detail. */
export function statusBanner(report: KbenchReport): string {
  const detail = (report.statusDetail ?? []).map((sentence) => `<p>${escapeHtml(sentence)}</p>`).join('');
  if (report.status === 'completed') return detail === '' ? '' : `<div class="banner detail" id="status">${detail}</div>`;
  const why = report.failure === undefined ? '' : `: ${report.failure.message}${report.failure.workerId === undefined ? '' : ` (worker ${report.failure.workerId})`}`;
  const what = report.status === 'failed' ? 'The run FAILED' : 'The run was aborted';
  return `<div class="banner ${report.status}" id="status">${escapeHtml(`${what}${why}. The figures cover only what ran.`)}${detail}</div>`;
}

/** The figures to read first, as cards. */
export function keyFigureCards(report: KbenchReport): string {
  const latency = (stats: LatencyStats): string => (stats.count === 0 ? '-' : `${formatMs(stats.p99)} ms`);
  const rate = (metric: string): string => {
    const value = readMetric(report, metric);
    return value === null ? '-' : formatRate(value);
  };
  const later = laterRebalances(report).length;
  const initial = (report.rebalances ?? []).length - later;
  const cards: Array<[string, string]> = [
    ['status', report.status],
    ['throughput, acked msg/s (mean)', rate('throughput.mean')],
    ['consumed msg/s (mean)', rate('consumed.mean')],
    ['produce p99', latency(report.latency.produce)],
    ['end-to-end p99', latency(report.latency.e2e)],
    ['acked', formatCount(report.counts.acked)],
    ['failed / not attempted', `${formatCount(report.counts.failed)} / ${formatCount(report.counts.notAttempted)}`],
    ['errors', formatCount(totalErrors(report.errors))],
    [`rebalances under load${initial > 0 ? ` (+${initial} initial)` : ''}`, formatCount(later)],
  ];
  if (report.thresholds !== undefined && report.thresholds.length > 0) {
    const failed = report.thresholds.filter((result) => !result.passed).length;
    cards.push(['thresholds', failed === 0 ? 'all passed' : `${failed} failed`]);
  }
  const html = cards.map(([label, value]) => `<div class="card"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`);
  return `<div class="cards" id="key-figures">${html.join('')}</div>`;
}

/** Count and percentiles of the three latencies. */
export function latencyTable(report: KbenchReport): string {
  const row = (label: string, stats: LatencyStats): Array<string | number> => {
    const value = (ms: number): string => (stats.count === 0 ? '-' : formatMs(ms));
    return [label, formatCount(stats.count), value(stats.p50), value(stats.p90), value(stats.p99), value(stats.p999), value(stats.max), value(stats.mean)];
  };
  return htmlTable(
    ['latency (ms, after warm-up)', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean'],
    [
      row('produce (send → ack)', report.latency.produce),
      row('produce response (intended → ack)', report.latency.produceResponse),
      row('end to end (intended → consumed)', report.latency.e2e),
    ],
  );
}

/** The ✓/✗ list of the scenario's thresholds; empty when it declared none. */
export function thresholdsSection(results: readonly ThresholdResult[] | undefined): string {
  if (results === undefined || results.length === 0) return '';
  const rows = results.map((result) => [
    raw(result.passed ? '<span class="pass">✓ pass</span>' : '<span class="fail">✗ fail</span>'),
    result.metric,
    result.condition,
    result.actual === null ? 'no value in this report' : formatMetricValue(result.actual, result.unit),
  ]);
  return section('thresholds', 'Thresholds', htmlTable(['', 'metric', 'condition', 'measured'], rows, { numericFrom: 3 }));
}

/** Delivery verification; empty when the report has none. */
export function integritySection(integrity: IntegrityReport | undefined): string {
  if (integrity === undefined) return '';
  const checked = integrity.logCheck !== undefined;
  const rows: Array<[string, number, string, 'fail' | 'warn']> = [
    ...(checked ? [['unconsumed', integrity.unconsumed ?? 0, 'acknowledged, not consumed by the end of the run, but found in the topic: not lost', 'warn'] as [string, number, string, 'warn']] : []),
    ['lost', integrity.lost, checked && integrity.logCheck?.method === 'log-read' ? 'acknowledged by the broker, never consumed, and not in the topic' : 'acknowledged by the broker, never consumed', 'fail'],
    ['duplicated', integrity.duplicated, 'consumed more than once by one group', 'fail'],
    ['reordered', integrity.reordered, 'consumed after a later message of the same producer and partition', 'fail'],
    ['unacknowledged but delivered', integrity.unacknowledgedButDelivered, 'consumed although the producer saw no acknowledgement', 'fail'],
  ];
  const cells = rows.map(([label, count, meaning, bad]) => [label, meaning, raw(`<span class="${count === 0 ? 'pass' : bad}">${escapeHtml(formatCount(count))}</span>`)]);
  const checkedGroups = integrity.checkedGroups ?? [];
  const notes: string[] = [];
  if (checkedGroups.length > 0) notes.push(`Counted over the groups that read the topic from its start: ${checkedGroups.join(', ')}.`);
  const logCheck = integrity.logCheck;
  if (logCheck?.method === 'log-read') notes.push(`Log check: ${formatCount(logCheck.recordsRead)} records read back from the topic to tell unconsumed from lost${logCheck.note ? ` (${logCheck.note})` : ''}.`);
  else if (logCheck?.method === 'unavailable') notes.push(`Log check unavailable: ${logCheck.note ?? 'the topic could not be read back'}.`);
  const reasons = integrity.unconsumedReasons ?? [];
  const reasonList = reasons.length === 0 ? '' : `<p class="note">Why messages were left unconsumed:</p><ul class="reasons">${reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`;
  const noteHtml = notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('');
  return section('integrity', 'Delivery integrity', htmlTable(['', 'meaning', 'messages'], cells, { numericFrom: 2 }) + noteHtml + reasonList);
}

/** Errors by kind with the first message of each; a note when there were none. */
export function errorsSection(report: KbenchReport): string {
  const kinds = REPORT_ERROR_KINDS.filter((kind) => (report.errors[kind] ?? 0) > 0);
  if (kinds.length === 0) return section('errors', 'Errors', emptyNote('No client errors.'));
  const rows = kinds.map((kind) => [kind, report.errorSamples[kind]?.[0] ?? '', formatCount(report.errors[kind])]);
  return section('errors', 'Errors', htmlTable(['kind', 'first message', 'count'], rows, { numericFrom: 2 }));
}
