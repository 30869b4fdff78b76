/**
 * The HTML report's word on whether its figures can be believed: a callout under the header
 * (the validity verdict and every finding) and the cluster warm-up's own chart. Pure.
 */
import type { KbenchReport } from '../report-types.js';
import type { ClusterWarmupReport } from '../validity-types.js';
import { chartFigure } from './chart-figure.js';
import { colorAt, type LineChartSpec } from './chart-spec.js';
import { section } from './html-table.js';
import { escapeHtml } from './html-text.js';

const VERDICT_TEXT = {
  valid: 'Valid: the figures describe the system under test in a steady state.',
  caveats: 'Valid with caveats: read the figures with the warnings below.',
  invalid: 'NOT VALID: the figures do not describe the system under test in a steady state.',
} as const;

const SEVERITY_MARK = { invalid: '✗', warning: '!', info: '·' } as const;

/** The validity callout; empty for reports without the section (schema 1). */
export function validityCallout(report: KbenchReport): string {
  const validity = report.validity;
  if (!validity) return '';
  const kind = validity.verdict === 'invalid' ? 'failed' : validity.verdict === 'caveats' ? 'warning' : 'valid';
  const items = validity.findings.map((finding) => `<li class="${finding.severity}">${SEVERITY_MARK[finding.severity]} ${escapeHtml(finding.message)}</li>`).join('');
  return `<div class="banner ${kind}" id="validity"><div>${escapeHtml(VERDICT_TEXT[validity.verdict])}</div>${items === '' ? '' : `<ul class="findings">${items}</ul>`}</div>`;
}

/** The warm-up's acknowledged and offered rates and its produce p99, per second. */
export function warmupChart(warmup: ClusterWarmupReport): LineChartSpec {
  const seconds = warmup.seconds;
  return {
    id: 'cluster-warmup',
    title: `Cluster warm-up: ${warmup.outcome} after ${Math.round(warmup.durationMs / 1000)} s (not measured)`,
    xAxis: 'seconds',
    xLabel: 'seconds of warm-up load',
    yLabel: 'msg/s and ms',
    yUnit: '',
    data: [seconds.map((s) => s.second), seconds.map((s) => s.offeredPerSec), seconds.map((s) => s.ackedPerSec), seconds.map((s) => s.produceP99Ms)],
    series: [
      { label: 'offered msg/s', color: '#9aa5b1', dash: [4, 3] },
      { label: 'acked msg/s', color: colorAt(0) },
      { label: 'produce p99 ms', color: colorAt(4) },
    ],
    bands: [],
  };
}

/** The section on the cluster warm-up: what ran, the settle rule, and the chart (empty when none ran). */
export function warmupSection(report: KbenchReport): { html: string; charts: LineChartSpec[] } {
  const warmup = report.clusterWarmup;
  if (!warmup) return { html: '', charts: [] };
  const start = warmup.clusterStartMs === null ? '' : ` The cluster took ${(warmup.clusterStartMs / 1000).toFixed(1)} s to start.`;
  const text = `<p>${escapeHtml(`${warmup.outcome}: ${warmup.reason}.${start}`)}</p><p class="note">${escapeHtml(`Rule: ${warmup.criterion}.`)}</p>`;
  if (warmup.seconds.length === 0) return { html: section('cluster-warmup', 'Cluster warm-up', text), charts: [] };
  const chart = warmupChart(warmup);
  return { html: section('cluster-warmup', 'Cluster warm-up', text + chartFigure(chart, 'No warm-up second.')), charts: [chart] };
}
