/**
 * The console's word on whether the figures can be believed: a banner under the heading when
 * they cannot, and the "Validity" block (cluster warm-up, saturation, bottleneck, CPU per
 * message, each finding). Pure: functions of the report returning strings.
 */
import { formatCount, formatPercent, formatRate, type Style } from './console-format.js';
import type { KbenchReport } from './report-types.js';
import type { ValidityFinding } from './validity-types.js';

type ValidityInput = Pick<KbenchReport, 'validity' | 'saturation' | 'resourceUsage' | 'clusterWarmup'>;

/** One line under the heading when the figures are not valid; empty otherwise. */
export function renderValidityBanner(report: ValidityInput, style: Style): string {
  const validity = report.validity;
  if (!validity || validity.verdict !== 'invalid') return '';
  const first = validity.findings.find((finding) => finding.severity === 'invalid');
  const saturated = report.saturation?.verdict === 'saturated';
  const head = saturated
    ? `SATURATED: the system did not keep up (sustained ${formatRate(report.saturation?.sustainedPerSec ?? 0)} of ${formatRate(report.saturation?.offeredPerSec ?? 0)} msg/s offered) — latencies below are queueing time`
    : `NOT A STEADY STATE: ${first?.message ?? 'see Validity below'}`;
  return style.red(style.bold(`⚠ ${head}`));
}

/** Whether the latency table must say that its figures include queueing behind a backlog. */
export function latenciesAreQueueing(report: ValidityInput): boolean {
  return report.saturation?.verdict === 'saturated' || report.saturation?.verdict === 'unthrottled';
}

/** The Validity block; empty for reports without the section (schema 1). */
export function renderValidity(report: ValidityInput, style: Style): string {
  const validity = report.validity;
  if (!validity) return '';
  const verdictText = {
    valid: style.green('valid: the figures describe the system under test in a steady state'),
    caveats: style.yellow('valid with caveats (below)'),
    invalid: style.red('NOT VALID: the figures do not describe the system under test in a steady state'),
  }[validity.verdict];
  const lines = [`${style.bold('Validity')} ${verdictText}`];
  const saturation = report.saturation;
  if (saturation && saturation.verdict !== 'no-load') {
    const offered =
      saturation.offeredPerSec === null
        ? 'unthrottled'
        : `offered ${formatRate(saturation.offeredPerSec)} msg/s, acknowledged ${formatPercent(saturation.ackedToOfferedRatio ?? 0)}`;
    lines.push(`  load: ${saturation.verdict} · sustained ${formatRate(saturation.sustainedPerSec)} msg/s · ${offered} · in-flight ${signed(saturation.inFlightGrowthPerSec)}/s`);
  }
  const usage = report.resourceUsage;
  if (usage) lines.push(`  bottleneck: ${usage.verdict}${usage.verdict === 'healthy' ? ' (no process near its limit)' : ''}`);
  const warmup = report.clusterWarmup;
  if (warmup && warmup.outcome !== 'skipped') {
    const start = warmup.clusterStartMs === null ? '' : `cluster start ${(warmup.clusterStartMs / 1000).toFixed(1)} s · `;
    lines.push(`  cluster warm-up: ${start}${warmup.outcome} after ${formatCount(warmup.durationMs / 1000)} s (bound ${formatCount(warmup.boundMs / 1000)} s)`);
  }
  for (const finding of validity.findings) lines.push(`  ${marker(finding, style)} ${finding.message}`);
  return lines.join('\n');
}

function marker(finding: ValidityFinding, style: Style): string {
  if (finding.severity === 'invalid') return style.red('✗');
  if (finding.severity === 'warning') return style.yellow('!');
  return style.dim('·');
}

function signed(value: number): string {
  const rounded = Math.round(value);
  return rounded > 0 ? `+${formatCount(rounded)}` : formatCount(rounded);
}
