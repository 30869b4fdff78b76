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
 */
import type { RebalanceMemberDetail, RebalanceReport, RebalanceTrigger } from './rebalance-types.js';
import type { DuplicateRun } from './offset-coverage.js';
import type { MemberEvent } from './snapshot-types.js';

/** After settling, a change within this time still belongs to the same rebalance. */
export const SETTLE_QUIET_US = 500_000;

/**
 * A member event with its member. The runner adds `leaving` (it asked the member to close) and
 * `crashed` (it killed the member's worker; its partitions are no longer consumed from then).
 */
export type GroupEvent = (
  | MemberEvent
  | { atUs: number; type: 'leaving' }
  | { atUs: number; type: 'crashed'; partitions: number[]; lastConsumedUs: Array<number | null> }
) & { consumerId: string };

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

interface Trigger {
  atUs: number;
  kind: Exclude<RebalanceTrigger, 'unknown'>;
  consumerId: string;
}

/** A partition that lost its owner (or never had one) during a rebalance. */
interface Interruption {
  lastConsumedUs: number | null;
  reassignedAtUs: number | null;
  newOwner: string | null;
}

interface Draft {
  startUs: number;
  lastChangeUs: number;
  settledAtUs: number | undefined;
  tickUs: number;
  pauseUs: number;
  overlapUs: number;
  triggers: Trigger[];
  ownerBefore: Map<number, string | null>;
  ownedBefore: Map<string, number[]>;
  membersBefore: number;
  interruptions: Map<number, Interruption>;
  details: Map<string, { revokedAtUs: number | null; revoked: Set<number>; assignedAtUs: number | null; assigned: Set<number> }>;
}

interface Closed {
  draft: Draft;
  endUs: number;
  settled: boolean;
  ownerAfter: Map<number, string | null>;
  ownedAfter: Map<string, number[]>;
  membersAfter: number;
}

export function analyzeGroup(activity: GroupActivity, clock: AnalysisClock, untilUs: number): GroupAnalysis {
  const events = [...activity.events].sort((a, b) => a.atUs - b.atUs);
  const owners = new Map<number, Set<string>>();
  const ownedBy = new Map<string, Set<number>>();
  const live = new Set<string>();
  const pending: Trigger[] = [];
  const firstRecords = new Map<string, number[]>();
  const closed: Closed[] = [];
  let draft: Draft | undefined;

  const ownerOf = (partition: number): string | null => {
    const set = owners.get(partition);
    return set && set.size === 1 ? ([...set][0] ?? null) : null;
  };
  const snapshotOwned = (): Map<string, number[]> => new Map([...ownedBy].filter(([, set]) => set.size > 0).map(([id, set]) => [id, [...set].sort((a, b) => a - b)]));
  const state = (): { unowned: number; doubleOwned: number; settled: boolean } => {
    let unowned = 0;
    let doubleOwned = 0;
    let ownersAlive = true;
    for (let p = 0; p < activity.partitionCount; p++) {
      const set = owners.get(p);
      if (!set || set.size === 0) unowned++;
      else if (set.size > 1) doubleOwned++;
      for (const id of set ?? []) if (!live.has(id)) ownersAlive = false;
    }
    const owning = [...ownedBy.values()].filter((set) => set.size > 0).length;
    const settled = unowned === 0 && doubleOwned === 0 && ownersAlive && owning === Math.min(live.size, activity.partitionCount);
    return { unowned, doubleOwned, settled };
  };
  let current = state();

  const advance = (toUs: number): void => {
    if (!draft) return;
    const elapsed = Math.max(0, toUs - draft.tickUs);
    if (current.unowned > 0) draft.pauseUs += elapsed;
    if (current.doubleOwned > 0) draft.overlapUs += elapsed;
    draft.tickUs = Math.max(draft.tickUs, toUs);
  };
  const open = (atUs: number): Draft => {
    const ownerBefore = new Map<number, string | null>();
    for (let p = 0; p < activity.partitionCount; p++) ownerBefore.set(p, ownerOf(p));
    const taken = pending.filter((t) => t.atUs <= atUs);
    pending.splice(0, pending.length, ...pending.filter((t) => t.atUs > atUs));
    draft = {
      startUs: atUs,
      lastChangeUs: atUs,
      settledAtUs: undefined,
      tickUs: atUs,
      pauseUs: 0,
      overlapUs: 0,
      triggers: taken,
      ownerBefore,
      ownedBefore: snapshotOwned(),
      // Joiners already count as live; leavers and crashed members were members before.
      membersBefore: live.size - taken.filter((t) => t.kind === 'member-joined' || t.kind === 'initial').length + taken.filter((t) => t.kind === 'member-left' || t.kind === 'member-crashed').length,
      interruptions: new Map(),
      details: new Map(),
    };
    for (let p = 0; p < activity.partitionCount; p++) {
      if (ownerBefore.get(p) === null) draft.interruptions.set(p, { lastConsumedUs: null, reassignedAtUs: null, newOwner: null });
    }
    return draft;
  };
  const close = (endUs: number, settled: boolean): void => {
    if (!draft) return;
    const ownerAfter = new Map<number, string | null>();
    for (let p = 0; p < activity.partitionCount; p++) ownerAfter.set(p, ownerOf(p));
    closed.push({ draft, endUs, settled, ownerAfter, ownedAfter: snapshotOwned(), membersAfter: live.size });
    draft = undefined;
  };
  const detail = (d: Draft, consumerId: string) => {
    let entry = d.details.get(consumerId);
    if (!entry) {
      entry = { revokedAtUs: null, revoked: new Set(), assignedAtUs: null, assigned: new Set() };
      d.details.set(consumerId, entry);
    }
    return entry;
  };
  const loseOwnership = (d: Draft, consumerId: string, partitions: number[], lastConsumedUs: Array<number | null>, atUs: number): void => {
    const entry = detail(d, consumerId);
    partitions.forEach((partition, i) => {
      owners.get(partition)?.delete(consumerId);
      ownedBy.get(consumerId)?.delete(partition);
      entry.revoked.add(partition);
      const known = d.interruptions.get(partition);
      if (!known || known.reassignedAtUs !== null) d.interruptions.set(partition, { lastConsumedUs: lastConsumedUs[i] ?? null, reassignedAtUs: null, newOwner: null });
    });
    if (partitions.length > 0) entry.revokedAtUs ??= atUs;
  };

  for (const event of events) {
    if (event.atUs > untilUs) break;
    const changesOwnership =
      ((event.type === 'assigned' || event.type === 'revoked') && event.partitions.length > 0) ||
      (event.type === 'crashed' && event.partitions.length > 0);
    if (draft && draft.settledAtUs !== undefined && event.atUs - draft.settledAtUs > SETTLE_QUIET_US) {
      advance(draft.settledAtUs);
      close(draft.settledAtUs, true);
    }
    advance(event.atUs);
    switch (event.type) {
      case 'joining':
        live.add(event.consumerId);
        pending.push({ atUs: event.atUs, kind: activity.initialMembers.has(event.consumerId) ? 'initial' : 'member-joined', consumerId: event.consumerId });
        break;
      case 'leaving':
        live.delete(event.consumerId);
        pending.push({ atUs: event.atUs, kind: 'member-left', consumerId: event.consumerId });
        break;
      case 'left':
        live.delete(event.consumerId);
        break;
      case 'crashed': {
        live.delete(event.consumerId);
        pending.push({ atUs: event.atUs, kind: 'member-crashed', consumerId: event.consumerId });
        if (event.partitions.length > 0) loseOwnership(draft ?? open(event.atUs), event.consumerId, event.partitions, event.lastConsumedUs, event.atUs);
        break;
      }
      case 'revoked':
        if (event.partitions.length > 0) loseOwnership(draft ?? open(event.atUs), event.consumerId, event.partitions, event.lastConsumedUs, event.atUs);
        break;
      case 'assigned': {
        if (event.partitions.length === 0) break;
        const d = draft ?? open(event.atUs);
        const entry = detail(d, event.consumerId);
        entry.assignedAtUs = event.atUs;
        for (const partition of event.partitions) {
          entry.assigned.add(partition);
          let set = owners.get(partition);
          if (!set) owners.set(partition, (set = new Set()));
          set.add(event.consumerId);
          let owned = ownedBy.get(event.consumerId);
          if (!owned) ownedBy.set(event.consumerId, (owned = new Set()));
          owned.add(partition);
          const interruption = d.interruptions.get(partition);
          if (interruption) {
            interruption.reassignedAtUs = event.atUs;
            interruption.newOwner = event.consumerId;
          }
        }
        break;
      }
      case 'first-record': {
        const key = `${event.consumerId}\u0000${event.partition}`;
        const list = firstRecords.get(key) ?? [];
        list.push(event.atUs);
        firstRecords.set(key, list);
        break;
      }
      case 'slow':
        break;
    }
    current = state();
    if (draft) {
      if (changesOwnership || event.type === 'leaving' || event.type === 'left' || event.type === 'joining') {
        if (changesOwnership) draft.lastChangeUs = event.atUs;
        draft.settledAtUs = current.settled ? (changesOwnership ? event.atUs : (draft.settledAtUs ?? draft.lastChangeUs)) : undefined;
      }
    }
  }
  let inProgress = false;
  if (draft) {
    const d: Draft = draft;
    if (d.settledAtUs !== undefined) {
      // Settled, though a change within the quiet time could still join it.
      inProgress = untilUs - d.settledAtUs <= SETTLE_QUIET_US;
      advance(d.settledAtUs);
      close(d.settledAtUs, true);
    } else {
      // Cut by the end of the run (or of what is known so far).
      inProgress = true;
      advance(untilUs);
      close(Math.max(untilUs, d.lastChangeUs), false);
    }
  }

  const rebalances = closed.map((entry, i) => describe(entry, closed[i + 1]?.draft.startUs, activity, clock, firstRecords));
  return { rebalances, inProgress };
}

function describe(entry: Closed, nextStartUs: number | undefined, activity: GroupActivity, clock: AnalysisClock, firstRecords: Map<string, number[]>): GroupRebalance {
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
  return firstRecords.get(`${consumerId}\u0000${partition}`)?.find((atUs) => atUs >= afterUs);
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
