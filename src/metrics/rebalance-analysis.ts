/**
 * Turns what the members of one consumer group saw (joins, assignments, revocations, first
 * records after an assignment, leaves, crashes — all on one monotonic clock) into rebalances:
 * when each started and settled, what set it off, the pause, partitions moved, duplicates,
 * the lag it caused. Pure: the same events always give the same rebalances.
 *
 * A rebalance opens with the first change of ownership (a revocation, an assignment, or a crash
 * that leaves partitions without a live owner) and is settled when every partition has exactly
 * one owner, every owner is a live member, and as many members own partitions as can
 * (min(members, partitions)); it ends at the change that settled it, unless another change
 * follows within `SETTLE_QUIET_US` (one rebalance then, e.g. the two rounds of a cooperative one).
 * The reading of the events is the state machine of `rebalance-state.ts` (states steady,
 * rebalancing, settling); this file describes the rebalances it closes.
 */
import type { RebalanceMemberDetail, RebalanceReport, RebalanceTrigger } from './rebalance-types.js';
import type { DuplicateRun } from './offset-coverage.js';
import type { ClosedRebalance, Trigger } from './rebalance-draft.js';
import { finish, firstRecordKey, newGroupBook, STEADY, transition, type GroupEvent, type RebalanceState } from './rebalance-state.js';

export { SETTLE_QUIET_US, type GroupEvent } from './rebalance-state.js';

/** Lag of the group at the end of each second of the run. */
export interface LagSecond {
  /** Seconds since the run started: covers [second, second + 1). */
  second: number;
  lag: number;
  ackedPerSec: number;
}

export interface GroupActivity {
  groupId: string;
  partitionCount: number;
  events: readonly GroupEvent[];
  /** Members in the group from the start: their joins make the `initial` rebalance. */
  initialMembers: ReadonlySet<string>;
  duplicates: readonly DuplicateRun[];
  lag: readonly LagSecond[];
}

export interface AnalysisClock {
  /** Monotonic time of the run's second 0. */
  runStartUs: number;
  epochMsAtUs(us: number): number;
}

/** A rebalance without its run-wide `index`. */
export type GroupRebalance = Omit<RebalanceReport, 'index'>;

export interface GroupAnalysis {
  rebalances: GroupRebalance[];
  /** True when the last rebalance has not settled by `untilUs` (shown live as "rebalancing"). */
  inProgress: boolean;
}

/** Runs the events up to `untilUs` through the state machine of `rebalance-state.ts`, then describes each rebalance it closed. */
export function analyzeGroup(activity: GroupActivity, clock: AnalysisClock, untilUs: number): GroupAnalysis {
  const events = [...activity.events].sort((a, b) => a.atUs - b.atUs);
  const book = newGroupBook(activity.partitionCount, activity.initialMembers);
  const closed: ClosedRebalance[] = [];
  let state: RebalanceState = STEADY;
  for (const event of events) {
    if (event.atUs > untilUs) break;
    const next = transition(state, event, book);
    if (next.closed) closed.push(next.closed);
    state = next.state;
  }
  const end = finish(state, untilUs, book.ownership);
  if (end.closed) closed.push(end.closed);
  const rebalances = closed.map((entry, i) => describe(entry, closed[i + 1]?.draft.startUs, activity, clock, book.firstRecords));
  return { rebalances, inProgress: end.inProgress };
}

function describe(entry: ClosedRebalance, nextStartUs: number | undefined, activity: GroupActivity, clock: AnalysisClock, firstRecords: Map<string, number[]>): GroupRebalance {
  const { draft, endUs } = entry;
  const msAt = (us: number): number => round3((us - clock.runStartUs) / 1000);
  const trigger = chooseTrigger(draft.triggers);
  let partitionsMoved = 0;
  for (let p = 0; p < activity.partitionCount; p++) if (draft.ownerBefore.get(p) !== entry.ownerAfter.get(p)) partitionsMoved++;

  let maxPartitionPauseUs: number | null = null;
  let lastResumedUs: number | null = draft.interruptions.size > 0 ? draft.startUs : null;
  for (const [partition, interruption] of draft.interruptions) {
    const resumedUs = interruption.newOwner === null || interruption.reassignedAtUs === null ? undefined : firstRecordAfter(firstRecords, interruption.newOwner, partition, interruption.reassignedAtUs);
    if (resumedUs === undefined) {
      lastResumedUs = null;
      continue;
    }
    if (lastResumedUs !== null) lastResumedUs = Math.max(lastResumedUs, resumedUs);
    if (interruption.lastConsumedUs !== null) maxPartitionPauseUs = Math.max(maxPartitionPauseUs ?? 0, resumedUs - interruption.lastConsumedUs);
  }

  const duplicates = activity.duplicates.filter((d) => d.atUs >= draft.startUs && (nextStartUs === undefined || d.atUs < nextStartUs)).reduce((sum, d) => sum + d.count, 0);
  const lag = lagAround(activity.lag, (draft.startUs - clock.runStartUs) / 1e6, (endUs - clock.runStartUs) / 1e6);
  const members: RebalanceMemberDetail[] = [];
  const ids = new Set([...draft.ownedBefore.keys(), ...entry.ownedAfter.keys(), ...draft.details.keys()]);
  for (const consumerId of [...ids].sort(compareMemberIds)) {
    const d = draft.details.get(consumerId);
    members.push({
      consumerId,
      ownedBefore: draft.ownedBefore.get(consumerId) ?? [],
      ownedAfter: entry.ownedAfter.get(consumerId) ?? [],
      revokedAtMs: d?.revokedAtUs == null ? null : msAt(d.revokedAtUs),
      revokedPartitions: sorted(d?.revoked),
      assignedAtMs: d?.assignedAtUs == null ? null : msAt(d.assignedAtUs),
      assignedPartitions: sorted(d?.assigned),
    });
  }
  return {
    groupId: activity.groupId,
    trigger: trigger.kind,
    triggeredBy: trigger.consumerIds,
    triggeredAtMs: trigger.atUs === null ? null : msAt(trigger.atUs),
    startedAt: new Date(clock.epochMsAtUs(draft.startUs)).toISOString(),
    endedAt: new Date(clock.epochMsAtUs(endUs)).toISOString(),
    startedAtMs: msAt(draft.startUs),
    endedAtMs: msAt(endUs),
    durationMs: round3((endUs - draft.startUs) / 1000),
    pauseMs: round3(Math.min(draft.pauseUs, endUs - draft.startUs) / 1000),
    overlapMs: round3(draft.overlapUs / 1000),
    // The first assignment precedes the load: nothing was being consumed, nothing resumed.
    maxPartitionPauseMs: maxPartitionPauseUs === null || trigger.kind === 'initial' ? null : round3(maxPartitionPauseUs / 1000),
    allConsumedAgainMs: lastResumedUs === null || trigger.kind === 'initial' ? null : round3((lastResumedUs - draft.startUs) / 1000),
    partitionsMoved,
    duplicates,
    lagBefore: lag.before,
    lagPeak: lag.peak,
    lagRecoveredMs: lag.recoveredAtSecond === null || trigger.kind === 'initial' ? null : Math.max(0, round3(lag.recoveredAtSecond * 1000 - (draft.startUs - clock.runStartUs) / 1000)),
    membersBefore: draft.membersBefore,
    membersAfter: entry.membersAfter,
    settled: entry.settled,
    members,
  };
}

/** The kind that set a rebalance off: a crash wins over a leave, a leave over a join, a join over the initial joins. */
function chooseTrigger(triggers: Trigger[]): { kind: RebalanceTrigger; consumerIds: string[]; atUs: number | null } {
  for (const kind of ['member-crashed', 'member-left', 'member-joined', 'initial'] as const) {
    const chosen = triggers.filter((t) => t.kind === kind);
    if (chosen.length > 0) {
      return { kind, consumerIds: [...new Set(chosen.map((t) => t.consumerId))], atUs: kind === 'initial' ? null : Math.min(...chosen.map((t) => t.atUs)) };
    }
  }
  return { kind: 'unknown', consumerIds: [], atUs: null };
}

function firstRecordAfter(firstRecords: Map<string, number[]>, consumerId: string, partition: number, afterUs: number): number | undefined {
  return firstRecords.get(firstRecordKey(consumerId, partition))?.find((atUs) => atUs >= afterUs);
}

/**
 * The group's lag in the last whole second before the start, its peak from the start's second
 * until it was back at that level (within 10 records or 5 % of that second's acknowledged
 * rate), and the end of the second it was back (at or after the rebalance's end).
 */
export function lagAround(lag: readonly LagSecond[], startSecond: number, endSecond: number): { before: number; peak: number; recoveredAtSecond: number | null } {
  const startIndex = Math.floor(startSecond);
  const before = lag.find((entry) => entry.second === startIndex - 1)?.lag ?? 0;
  let peak = before;
  for (const entry of lag) {
    if (entry.second < startIndex) continue;
    peak = Math.max(peak, entry.lag);
    const tolerance = Math.max(10, 0.05 * entry.ackedPerSec);
    if (entry.second + 1 >= endSecond && entry.lag <= before + tolerance) return { before, peak, recoveredAtSecond: entry.second + 1 };
  }
  return { before, peak, recoveredAtSecond: null };
}

function sorted(set: Set<number> | undefined): number[] {
  return set ? [...set].sort((a, b) => a - b) : [];
}

/** `group#2` before `group#10`. */
function compareMemberIds(a: string, b: string): number {
  const na = Number(a.slice(a.lastIndexOf('#') + 1));
  const nb = Number(b.slice(b.lastIndexOf('#') + 1));
  return Number.isFinite(na) && Number.isFinite(nb) && a.slice(0, a.lastIndexOf('#')) === b.slice(0, b.lastIndexOf('#')) ? na - nb : a.localeCompare(b);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
