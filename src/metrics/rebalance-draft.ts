/**
 * What one rebalance gathers while it is open (a draft): when it started, its triggers, who owned
 * what before it, the pause and overlap so far, the partitions it interrupted, each member's
 * revocations and assignments; and what it is once closed. The state machine of
 * `rebalance-state.ts` opens, feeds and closes drafts; `rebalance-analysis.ts` describes them.
 */
import type { RebalanceTrigger } from './rebalance-types.js';
import type { GroupOwnership, OwnershipHealth } from './group-ownership.js';

/** A member's join, leave or crash, waiting to be counted as a cause of the next rebalance. */
export interface Trigger {
  atUs: number;
  kind: Exclude<RebalanceTrigger, 'unknown'>;
  consumerId: string;
}

/** A partition that lost its owner (or never had one) during a rebalance. */
export interface Interruption {
  lastConsumedUs: number | null;
  reassignedAtUs: number | null;
  newOwner: string | null;
}

/** One member's revocations and assignments within a rebalance. */
export interface MemberChanges {
  revokedAtUs: number | null;
  revoked: Set<number>;
  assignedAtUs: number | null;
  assigned: Set<number>;
}

export interface RebalanceDraft {
  startUs: number;
  /** The last change of ownership so far. */
  lastChangeUs: number;
  /** Up to when `pauseUs` and `overlapUs` are counted. */
  tickUs: number;
  pauseUs: number;
  overlapUs: number;
  triggers: Trigger[];
  ownerBefore: Map<number, string | null>;
  ownedBefore: Map<string, number[]>;
  membersBefore: number;
  interruptions: Map<number, Interruption>;
  details: Map<string, MemberChanges>;
}

export interface ClosedRebalance {
  draft: RebalanceDraft;
  endUs: number;
  settled: boolean;
  ownerAfter: Map<number, string | null>;
  ownedAfter: Map<string, number[]>;
  membersAfter: number;
}

/** A draft opening at `atUs`, before the change that opens it is applied to `ownership`; `triggers`: the causes it takes. */
export function openDraft(atUs: number, ownership: GroupOwnership, triggers: Trigger[]): RebalanceDraft {
  const ownerBefore = ownership.ownerByPartition();
  const draft: RebalanceDraft = {
    startUs: atUs,
    lastChangeUs: atUs,
    tickUs: atUs,
    pauseUs: 0,
    overlapUs: 0,
    triggers,
    ownerBefore,
    ownedBefore: ownership.partitionsByMember(),
    // Joiners already count as live; leavers and crashed members were members before.
    membersBefore:
      ownership.liveMembers -
      triggers.filter((t) => t.kind === 'member-joined' || t.kind === 'initial').length +
      triggers.filter((t) => t.kind === 'member-left' || t.kind === 'member-crashed').length,
    interruptions: new Map(),
    details: new Map(),
  };
  for (const [partition, owner] of ownerBefore) {
    if (owner === null) draft.interruptions.set(partition, { lastConsumedUs: null, reassignedAtUs: null, newOwner: null });
  }
  return draft;
}

/** Counts the time from the draft's last count to `toUs` as pause (a partition without owner) and overlap (one with two), given the ownership over that time. */
export function countTimeUntil(draft: RebalanceDraft, toUs: number, health: OwnershipHealth): void {
  const elapsedUs = Math.max(0, toUs - draft.tickUs);
  if (health.unowned > 0) draft.pauseUs += elapsedUs;
  if (health.doubleOwned > 0) draft.overlapUs += elapsedUs;
  draft.tickUs = Math.max(draft.tickUs, toUs);
}

function changesOf(draft: RebalanceDraft, consumerId: string): MemberChanges {
  let entry = draft.details.get(consumerId);
  if (!entry) {
    entry = { revokedAtUs: null, revoked: new Set(), assignedAtUs: null, assigned: new Set() };
    draft.details.set(consumerId, entry);
  }
  return entry;
}

/** A member lost `partitions` (revoked, or its worker was killed) at `atUs`; `lastConsumedUs[i]`: its last record of `partitions[i]`. */
export function recordLoss(draft: RebalanceDraft, consumerId: string, partitions: number[], lastConsumedUs: Array<number | null>, atUs: number): void {
  const entry = changesOf(draft, consumerId);
  partitions.forEach((partition, i) => {
    entry.revoked.add(partition);
    const known = draft.interruptions.get(partition);
    if (!known || known.reassignedAtUs !== null) draft.interruptions.set(partition, { lastConsumedUs: lastConsumedUs[i] ?? null, reassignedAtUs: null, newOwner: null });
  });
  if (partitions.length > 0) entry.revokedAtUs ??= atUs;
}

/** A member was assigned `partitions` at `atUs`. */
export function recordAssignment(draft: RebalanceDraft, consumerId: string, partitions: number[], atUs: number): void {
  const entry = changesOf(draft, consumerId);
  entry.assignedAtUs = atUs;
  for (const partition of partitions) {
    entry.assigned.add(partition);
    const interruption = draft.interruptions.get(partition);
    if (interruption) {
      interruption.reassignedAtUs = atUs;
      interruption.newOwner = consumerId;
    }
  }
}

/** The draft closed at `endUs`, its time counted up to `countUntilUs`, with the ownership as it is now. */
export function closeDraft(draft: RebalanceDraft, countUntilUs: number, endUs: number, settled: boolean, ownership: GroupOwnership): ClosedRebalance {
  countTimeUntil(draft, countUntilUs, ownership.health());
  return { draft, endUs, settled, ownerAfter: ownership.ownerByPartition(), ownedAfter: ownership.partitionsByMember(), membersAfter: ownership.liveMembers };
}
