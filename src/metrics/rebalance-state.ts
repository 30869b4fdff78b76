/**
 * The rebalance analysis as an explicit state machine over one group's member events (in time
 * order). The state says whether a rebalance is open:
 * - `steady`: none is; a change of ownership (a revocation, an assignment, or a crash that leaves
 *   partitions without a live owner) opens one → `rebalancing`;
 * - `rebalancing`: open, the group not settled yet; a change after which every partition has
 *   exactly one live owner and as many members own partitions as can → `settling`;
 * - `settling`: settled at `settledAtUs`, but a change within `SETTLE_QUIET_US` still belongs to
 *   it (e.g. the second round of a cooperative rebalance): such a change → `rebalancing` or
 *   `settling` again; any event later than that first closes it (ended at `settledAtUs`) → `steady`.
 * A membership event (joining, leaving, left) during an open rebalance re-checks whether it has
 * settled. What every state shares — who owns what, the live members, the joins / leaves /
 * crashes not yet part of a rebalance, the first records after assignments — is the `GroupBook`,
 * which `transition` updates as it reads each event (as does the open draft's tally).
 */
import { GroupOwnership } from './group-ownership.js';
import { closeDraft, countTimeUntil, openDraft, recordAssignment, recordLoss, type ClosedRebalance, type RebalanceDraft, type Trigger } from './rebalance-draft.js';
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

export type RebalanceState =
  | { kind: 'steady' }
  | { kind: 'rebalancing'; draft: RebalanceDraft }
  | { kind: 'settling'; draft: RebalanceDraft; settledAtUs: number };

/** What the analysis knows of the group whatever its state. */
export interface GroupBook {
  ownership: GroupOwnership;
  /** Members in the group from the start: their joins are the `initial` trigger. */
  initialMembers: ReadonlySet<string>;
  /** Joins, leaves and crashes not yet taken by a rebalance. */
  pending: Trigger[];
  /** Per `consumerId \0 partition`: when its first records after an assignment were consumed. */
  firstRecords: Map<string, number[]>;
}

export interface Transition {
  state: RebalanceState;
  /** The rebalance this event closed (a `settling` one, by coming after its quiet time). */
  closed?: ClosedRebalance;
}

export const STEADY: RebalanceState = { kind: 'steady' };

export function newGroupBook(partitionCount: number, initialMembers: ReadonlySet<string>): GroupBook {
  return { ownership: new GroupOwnership(partitionCount), initialMembers, pending: [], firstRecords: new Map() };
}

export function firstRecordKey(consumerId: string, partition: number): string {
  return `${consumerId}\u0000${partition}`;
}

/** True for the events that change who owns a partition. */
export function changesOwnership(event: GroupEvent): boolean {
  return (event.type === 'assigned' || event.type === 'revoked' || event.type === 'crashed') && event.partitions.length > 0;
}

/** The state after `event` (not earlier than any event before it); updates `book`. */
export function transition(state: RebalanceState, event: GroupEvent, book: GroupBook): Transition {
  let closed: ClosedRebalance | undefined;
  if (state.kind === 'settling' && event.atUs - state.settledAtUs > SETTLE_QUIET_US) {
    closed = closeDraft(state.draft, state.settledAtUs, state.settledAtUs, true, book.ownership);
    state = STEADY;
  }
  if (state.kind !== 'steady') countTimeUntil(state.draft, event.atUs, book.ownership.health());
  const draft = applyEvent(state.kind === 'steady' ? undefined : state.draft, event, book);
  const next = draft ? afterChange(state, draft, event, book.ownership) : STEADY;
  return closed ? { state: next, closed } : { state: next };
}

/** The open rebalance's draft after `event` is applied to the book (opened by it when it changes ownership). */
function applyEvent(open: RebalanceDraft | undefined, event: GroupEvent, book: GroupBook): RebalanceDraft | undefined {
  const { ownership } = book;
  const draft = (): RebalanceDraft => (open ??= openDraft(event.atUs, ownership, takeTriggers(book, event.atUs)));
  switch (event.type) {
    case 'joining':
      ownership.join(event.consumerId);
      book.pending.push({ atUs: event.atUs, kind: book.initialMembers.has(event.consumerId) ? 'initial' : 'member-joined', consumerId: event.consumerId });
      break;
    case 'leaving':
      ownership.depart(event.consumerId);
      book.pending.push({ atUs: event.atUs, kind: 'member-left', consumerId: event.consumerId });
      break;
    case 'left':
      ownership.depart(event.consumerId);
      break;
    case 'crashed':
    case 'revoked':
      if (event.type === 'crashed') {
        ownership.depart(event.consumerId);
        book.pending.push({ atUs: event.atUs, kind: 'member-crashed', consumerId: event.consumerId });
      }
      if (event.partitions.length > 0) {
        recordLoss(draft(), event.consumerId, event.partitions, event.lastConsumedUs, event.atUs);
        for (const partition of event.partitions) ownership.revoke(event.consumerId, partition);
      }
      break;
    case 'assigned':
      if (event.partitions.length > 0) {
        recordAssignment(draft(), event.consumerId, event.partitions, event.atUs);
        for (const partition of event.partitions) ownership.assign(event.consumerId, partition);
      }
      break;
    case 'first-record': {
      const key = firstRecordKey(event.consumerId, event.partition);
      const list = book.firstRecords.get(key) ?? [];
      list.push(event.atUs);
      book.firstRecords.set(key, list);
      break;
    }
    case 'slow':
      break;
  }
  return open;
}

/** The triggers up to `atUs`, taken out of the pending ones. */
function takeTriggers(book: GroupBook, atUs: number): Trigger[] {
  const taken = book.pending.filter((t) => t.atUs <= atUs);
  book.pending = book.pending.filter((t) => t.atUs > atUs);
  return taken;
}

/** An open rebalance after `event`: settled or not, by a change of ownership or of membership. */
function afterChange(before: RebalanceState, draft: RebalanceDraft, event: GroupEvent, ownership: GroupOwnership): RebalanceState {
  const wasSettledAtUs = before.kind === 'settling' && before.draft === draft ? before.settledAtUs : undefined;
  const ownershipChanged = changesOwnership(event);
  const membershipChanged = event.type === 'leaving' || event.type === 'left' || event.type === 'joining';
  let settledAtUs = wasSettledAtUs;
  if (ownershipChanged || membershipChanged) {
    if (ownershipChanged) draft.lastChangeUs = event.atUs;
    settledAtUs = ownership.health().settled ? (ownershipChanged ? event.atUs : (wasSettledAtUs ?? draft.lastChangeUs)) : undefined;
  }
  return settledAtUs === undefined ? { kind: 'rebalancing', draft } : { kind: 'settling', draft, settledAtUs };
}

/**
 * The end of what is known (`untilUs`): a `settling` rebalance closes at `settledAtUs` (still in
 * progress when a change within the quiet time could join it); a `rebalancing` one is cut there,
 * unsettled.
 */
export function finish(state: RebalanceState, untilUs: number, ownership: GroupOwnership): { closed?: ClosedRebalance; inProgress: boolean } {
  switch (state.kind) {
    case 'steady':
      return { inProgress: false };
    case 'settling':
      return { closed: closeDraft(state.draft, state.settledAtUs, state.settledAtUs, true, ownership), inProgress: untilUs - state.settledAtUs <= SETTLE_QUIET_US };
    case 'rebalancing':
      return { closed: closeDraft(state.draft, untilUs, Math.max(untilUs, state.draft.lastChangeUs), false, ownership), inProgress: true };
  }
}
