/**
 * What the rebalance analysis finds, as it appears in reports (`rebalances`). Defined here, with
 * the analysis that produces it; the report's types take it from here.
 */

/**
 * What set a rebalance off: the group's first assignment (`initial`), a member joining,
 * leaving (graceful close), crashing (killed without leaving: the group notices after the
 * session timeout), or `unknown` (e.g. a member that exceeded its poll interval).
 */
export type RebalanceTrigger = 'initial' | 'member-joined' | 'member-left' | 'member-crashed' | 'unknown';

/** One member's part in a rebalance. Times are ms since the run started (second 0 of the timeline). */
export interface RebalanceMemberDetail {
  consumerId: string;
  /** Partitions the member owned when the rebalance started, and when it ended. */
  ownedBefore: number[];
  ownedAfter: number[];
  /** First revocation of this rebalance; null when the member lost nothing. */
  revokedAtMs: number | null;
  revokedPartitions: number[];
  /** Last assignment of this rebalance; null when the member got none. */
  assignedAtMs: number | null;
  assignedPartitions: number[];
}

/**
 * One rebalance of one consumer group, measured from the members' own revoke / assign callbacks
 * (one monotonic clock across workers). Times are ms since the run started; the group's first
 * assignment happens before the load starts, so it has negative times.
 */
export interface RebalanceReport {
  /** 0-based, in start order over every group. */
  index: number;
  groupId: string;
  trigger: RebalanceTrigger;
  /** The members whose join, leave or crash set it off. */
  triggeredBy: string[];
  /** When that happened (a joiner's subscribe, a leaver's close, the kill); null for `initial` and `unknown`. */
  triggeredAtMs: number | null;
  /** ISO 8601 UTC. A crash's rebalance starts at the kill (its partitions stop being consumed then); others at the first revoke or assign. */
  startedAt: string;
  endedAt: string;
  startedAtMs: number;
  endedAtMs: number;
  /** `endedAtMs − startedAtMs`: until every partition had exactly one owner again. */
  durationMs: number;
  /** Time within the rebalance during which at least one partition had no live owner. Never more than `durationMs`. */
  pauseMs: number;
  /** Time within the rebalance during which some partition had two owners at once (a protocol breach; 0 expected). */
  overlapMs: number;
  /** Longest time one partition went without a record consumed: last record before losing it → first record by its next owner. Null when no partition was interrupted or no record followed. */
  maxPartitionPauseMs: number | null;
  /** From the start until every interrupted partition had a record consumed again; null when some never did (e.g. no more data). */
  allConsumedAgainMs: number | null;
  /** Partitions whose owner after differs from their owner before (a first assignment counts). */
  partitionsMoved: number;
  /** Records consumed again by the group (same partition and offset) between this rebalance's start and the next one's. */
  duplicates: number;
  /** Group lag (acknowledged − consumed) in the second before the start, its highest value from the start until it was back at that level, and when it was back (ms after the start; null when it never was). */
  lagBefore: number;
  lagPeak: number;
  lagRecoveredMs: number | null;
  membersBefore: number;
  membersAfter: number;
  /** False when the run ended before every partition had one owner again. */
  settled: boolean;
  members: RebalanceMemberDetail[];
}
