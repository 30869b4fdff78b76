/**
 * The console section of a deliberate backlog: what was built and how fast, when the group
 * resumed, how long it took to catch up and at what rate, and latency before, during the pause
 * and during the drain. Pure: a function of the report; empty without a backlog.
 */
import { createTable, formatCount, formatMs, formatRate, type Style } from './console-format.js';
import type { BacklogReport, KbenchReport, LatencyStats } from './report-types.js';

export function renderBacklog(report: Pick<KbenchReport, 'backlog'>, style: Style): string {
  const backlog = report.backlog;
  if (!backlog) return '';
  const seconds = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const facts = createTable(['backlog', ''], style, ['left', 'right']);
  facts.push(
    ['group', backlog.groupId],
    ['paused at', seconds(backlog.pausedAtMs)],
    ['resumed at', backlog.resumedAtMs === null ? 'never' : `${seconds(backlog.resumedAtMs)} (${describeReason(backlog)})`],
    ['backlog built', `${formatCount(backlog.built.messages)} msgs, ${(backlog.built.bytes / 1e6).toFixed(1)} MB in ${seconds(backlog.built.durationMs)}`],
    ['lag before → peak', `${formatCount(backlog.baselineLag)} → ${formatCount(backlog.peakLag)}`],
    ['catch-up time', backlog.catchUpMs === null ? style.red('not caught up') : seconds(backlog.catchUpMs)],
    ['drain rate (consumed)', rate(backlog.drainRatePerSec)],
    ['net drain rate (backlog shrank)', rate(backlog.netDrainRatePerSec)],
    ['produced meanwhile', rate(backlog.producedDuringDrainPerSec)],
  );
  const latency = createTable(['latency ms', 'count', 'p50', 'p99', 'max'], style);
  const row = (label: string, stats: LatencyStats): string[] =>
    stats.count === 0 ? [label, '0', '-', '-', '-'] : [label, formatCount(stats.count), formatMs(stats.p50), formatMs(stats.p99), formatMs(stats.max)];
  latency.push(
    row('produce before the pause', backlog.latency.produceBefore),
    row('produce while paused', backlog.latency.producePaused),
    row('produce during the drain', backlog.latency.produceDrain),
    row('e2e during the drain', backlog.latency.e2eDrain),
  );
  const note = style.dim('(fetching paused, members stayed in the group; caught up: lag back within 1 % of the backlog of its level before the pause, for 3 s)');
  return `${style.bold('Backlog and catch-up')} ${note}\n${facts.toString()}\n${latency.toString()}`;
}

function rate(perSec: number | null): string {
  return perSec === null ? '-' : `${formatRate(perSec)} msg/s`;
}

function describeReason(backlog: BacklogReport): string {
  switch (backlog.resumeReason) {
    case 'size-reached':
      return `size ${backlog.size} reached`;
    case 'producers-stopped':
      return `producers stopped before ${backlog.size}`;
    case 'run-ended':
      return 'run ended';
    default:
      return '';
  }
}
