/**
 * The console table of a run's rebalances: one row per rebalance, what set it off, how long
 * the group worked with some partition unconsumed, what moved, what it cost (duplicates, lag).
 * Pure: a function of the report.
 */
import { createTable, formatCount, formatMs, type Style } from './console-format.js';
import type { KbenchReport, RebalanceReport } from './report-types.js';

/** Empty when the run had no rebalance (no consumers). */
export function renderRebalances(report: Pick<KbenchReport, 'rebalances'>, style: Style): string {
  const rebalances = report.rebalances ?? [];
  if (rebalances.length === 0) return '';
  const groups = new Set(rebalances.map((r) => r.groupId));
  const head = ['#', ...(groups.size > 1 ? ['group'] : []), 'at s', 'trigger', 'members', 'duration ms', 'pause ms', 'max partition pause ms', 'moved', 'duplicates', 'lag peak', 'lag back ms'];
  const table = createTable(head, style, head.map((_, i) => (i === 0 || head[i] === 'trigger' || head[i] === 'group' ? 'left' : 'right')));
  for (const rebalance of rebalances) {
    table.push([
      String(rebalance.index),
      ...(groups.size > 1 ? [rebalance.groupId] : []),
      (rebalance.startedAtMs / 1000).toFixed(1),
      describeTrigger(rebalance),
      `${rebalance.membersBefore} → ${rebalance.membersAfter}`,
      formatMs(rebalance.durationMs) + (rebalance.settled ? '' : ' (unsettled)'),
      formatMs(rebalance.pauseMs),
      rebalance.maxPartitionPauseMs === null ? '-' : formatMs(rebalance.maxPartitionPauseMs),
      String(rebalance.partitionsMoved),
      formatCount(rebalance.duplicates),
      formatCount(rebalance.lagPeak),
      rebalance.trigger === 'initial' ? '-' : rebalance.lagRecoveredMs === null ? 'never' : formatMs(rebalance.lagRecoveredMs),
    ]);
  }
  const overlap = rebalances.filter((r) => r.overlapMs > 0);
  const warning = overlap.length > 0 ? `\n${style.red(`partitions owned by two members at once in rebalance(s) ${overlap.map((r) => `#${r.index}`).join(', ')}`)}` : '';
  return `${style.bold('Rebalances')} ${style.dim('(times since the run started; pause: some partition without a live owner)')}\n${table.toString()}${warning}`;
}

function describeTrigger(rebalance: RebalanceReport): string {
  if (rebalance.triggeredBy.length === 0) return rebalance.trigger;
  const who = rebalance.triggeredBy.length <= 2 ? rebalance.triggeredBy.map(shortId).join(', ') : `${rebalance.triggeredBy.length} members`;
  return `${rebalance.trigger} (${who})`;
}

/** `kbench-x-0#3` → `#3`. */
function shortId(consumerId: string): string {
  const hash = consumerId.lastIndexOf('#');
  return hash >= 0 ? consumerId.slice(hash) : consumerId;
}
