/**
 * The rebalance part of the HTML report: the member timeline (who owned which partitions when,
 * with revoke / assign marks) and a table of every rebalance. Pure.
 */
import { formatCount, formatMs } from '../console-format.js';
import type { KbenchReport, RebalanceReport } from '../report-types.js';
import { escapeHtml } from './html-text.js';
import { emptyNote, htmlTable, section } from './html-table.js';
import { memberRows } from './member-timeline.js';
import { renderMemberTimelineSvg } from './member-timeline-svg.js';
import { faultBands, rebalanceBands } from './timeline-charts.js';

/** ms since the start at which the report's timeline ends. */
export function reportEndMs(report: KbenchReport): number {
  const lastSecond = report.timeline.at(-1)?.second;
  const fromTimes = Date.parse(report.endedAt) - Date.parse(report.startedAt);
  return Math.max(lastSecond === undefined ? 0 : (lastSecond + 1) * 1000, Number.isFinite(fromTimes) ? fromTimes : 0);
}

const MARK_LEGEND =
  '<p class="legend-marks"><span>▲ <b style="color:#1a7f37">assigned</b></span><span>▼ <b style="color:#cf222e">revoked</b></span>' +
  '<span>○ joining</span><span>▮ left</span><span><b style="color:#cf222e">✕</b> crashed</span><span><b style="color:#ff7f0e">●</b> slowed down</span>' +
  '<span>bars: partitions owned (hover for details)</span><span style="background:rgba(255,159,64,0.3)">&nbsp;R: rebalance&nbsp;</span>' +
  '<span style="background:rgba(220,53,69,0.25)">&nbsp;F: fault&nbsp;</span></p>';

export function rebalanceSection(report: KbenchReport): string {
  const events = report.consumerEvents ?? [];
  const rebalances = report.rebalances ?? [];
  const endMs = reportEndMs(report);
  const fromMs = Math.min(0, ...events.map((event) => event.atMs), ...rebalances.map((rebalance) => rebalance.startedAtMs));
  const timeline =
    events.length === 0
      ? emptyNote('No consumer events in this report (no consumers, or a kbench version that did not record them).')
      : `<div class="svg-chart" data-svg-chart="member-timeline">${renderMemberTimelineSvg(memberRows(events, endMs), [...rebalanceBands(report), ...faultBands(report)], fromMs, endMs)}</div>${MARK_LEGEND}`;
  const table = rebalances.length === 0 ? emptyNote('No rebalances.') : rebalanceTable(rebalances);
  return section('rebalances', 'Consumer group rebalances', `<h3>Partitions owned by each member over time</h3>${timeline}<h3>Rebalances</h3>${table}`);
}

function rebalanceTable(rebalances: readonly RebalanceReport[]): string {
  const ms = (value: number | null): string => (value === null ? '-' : value === 0 ? '0' : formatMs(value));
  const rows = rebalances.map((rebalance) => [
    `R${rebalance.index + 1}`,
    rebalance.groupId,
    `${rebalance.trigger}${rebalance.triggeredBy.length > 0 ? ` (${rebalance.triggeredBy.join(', ')})` : ''}${rebalance.settled ? '' : ' · not settled'}`,
    (rebalance.startedAtMs / 1000).toFixed(2),
    ms(rebalance.durationMs),
    ms(rebalance.pauseMs),
    ms(rebalance.maxPartitionPauseMs),
    formatCount(rebalance.partitionsMoved),
    formatCount(rebalance.duplicates),
    `${formatCount(rebalance.lagBefore)} → ${formatCount(rebalance.lagPeak)}`,
    rebalance.lagRecoveredMs === null ? 'never' : ms(rebalance.lagRecoveredMs),
    `${rebalance.membersBefore} → ${rebalance.membersAfter}`,
  ]);
  return (
    htmlTable(
      ['', 'group', 'trigger', 'start (s)', 'duration (ms)', 'pause (ms)', 'longest partition pause (ms)', 'partitions moved', 'duplicates', 'lag before → peak', 'lag recovered after (ms)', 'members'],
      rows,
      { numericFrom: 3 },
    ) +
    `<p class="note">${escapeHtml('Times from the members’ own revoke / assign callbacks. Pause: time some partition had no live owner. The first assignment of a group happens before the load starts (negative start).')}</p>`
  );
}
