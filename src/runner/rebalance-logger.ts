/**
 * The run's log lines for rebalances: each one once, when it has settled. A group's rebalance
 * still under way is its last one; it is logged on a later second, once it is over.
 */
import type { RebalanceReport } from '../report/report-types.js';

export class RebalanceLogger {
  private readonly logged = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** Logs the rebalances not logged yet that are over; `inProgress`: the groups with one under way. */
  logSettled(rebalances: readonly RebalanceReport[], inProgress: readonly string[]): void {
    const lastOfGroup = new Map(rebalances.map((rebalance) => [rebalance.groupId, rebalance]));
    for (const rebalance of rebalances) {
      const key = `${rebalance.groupId}@${rebalance.startedAtMs}`;
      const underWay = !rebalance.settled || (inProgress.includes(rebalance.groupId) && lastOfGroup.get(rebalance.groupId) === rebalance);
      if (underWay || this.logged.has(key)) continue;
      this.logged.add(key);
      this.log(describeRebalance(rebalance));
    }
  }
}

export function describeRebalance(rebalance: RebalanceReport): string {
  const trigger = rebalance.triggeredBy.length > 0 ? `${rebalance.trigger} ${rebalance.triggeredBy.join(', ')}` : rebalance.trigger;
  return (
    `rebalance #${rebalance.index} of ${rebalance.groupId} (${trigger}): ${(rebalance.durationMs / 1000).toFixed(2)} s, ` +
    `pause ${(rebalance.pauseMs / 1000).toFixed(2)} s, ${rebalance.partitionsMoved} partition(s) moved, members ${rebalance.membersBefore} → ${rebalance.membersAfter}`
  );
}
