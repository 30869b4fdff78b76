import { describe, expect, it } from 'vitest';
import { finish, newGroupBook, SETTLE_QUIET_US, STEADY, transition, type GroupBook, type GroupEvent, type RebalanceState } from '../../src/metrics/rebalance-state.js';

const S = 1_000_000;
const joining = (consumerId: string, atUs: number): GroupEvent => ({ consumerId, atUs, type: 'joining' });
const leaving = (consumerId: string, atUs: number): GroupEvent => ({ consumerId, atUs, type: 'leaving' });
const left = (consumerId: string, atUs: number): GroupEvent => ({ consumerId, atUs, type: 'left' });
const assigned = (consumerId: string, atUs: number, partitions: number[]): GroupEvent => ({ consumerId, atUs, type: 'assigned', partitions });
const revoked = (consumerId: string, atUs: number, partitions: number[]): GroupEvent => ({ consumerId, atUs, type: 'revoked', partitions, lastConsumedUs: partitions.map(() => null) });
const crashed = (consumerId: string, atUs: number, partitions: number[]): GroupEvent => ({ consumerId, atUs, type: 'crashed', partitions, lastConsumedUs: partitions.map(() => null) });
const firstRecord = (consumerId: string, atUs: number, partition: number): GroupEvent => ({ consumerId, atUs, type: 'first-record', partition });
const slow = (consumerId: string, atUs: number): GroupEvent => ({ consumerId, atUs, type: 'slow', processingTimeMs: 10 });

/** Runs `events` from `steady` on a group of 2 partitions, checking no rebalance closes on the way. */
function run(events: GroupEvent[], book: GroupBook = newGroupBook(2, new Set(['g#0']))): { state: RebalanceState; book: GroupBook } {
  let state: RebalanceState = STEADY;
  for (const event of events) {
    const next = transition(state, event, book);
    expect(next.closed).toBeUndefined();
    state = next.state;
  }
  return { state, book };
}

/** g#0 joined and owns both partitions; its initial rebalance settled at 1 s. */
const initialSettled = (): { state: RebalanceState; book: GroupBook } => run([joining('g#0', 0), assigned('g#0', 1 * S, [0, 1])]);

describe('rebalance state machine: steady', () => {
  it('stays steady on membership events and first records, keeping joins and leaves as pending triggers', () => {
    const { state, book } = run([joining('g#0', 0), joining('g#1', 1), leaving('g#1', 2), left('g#1', 3), firstRecord('g#0', 4, 0), slow('g#0', 5)]);
    expect(state).toEqual(STEADY);
    expect(book.pending.map((t) => t.kind)).toEqual(['initial', 'member-joined', 'member-left']);
    expect(book.ownership.liveMembers).toBe(1);
    expect(book.firstRecords.size).toBe(1);
  });

  it('opens a rebalance on an assignment, taking the pending triggers; settles at once when it leaves every partition owned', () => {
    const { state, book } = initialSettled();
    expect(state).toMatchObject({ kind: 'settling', settledAtUs: 1 * S });
    if (state.kind === 'steady') throw new Error('unreachable');
    expect(state.draft).toMatchObject({ startUs: 1 * S, membersBefore: 0 });
    expect(state.draft.triggers.map((t) => t.kind)).toEqual(['initial']);
    expect(book.pending).toEqual([]);
  });

  it('opens a rebalance on a revocation and on a crash that takes partitions, not on empty ones', () => {
    const afterRevoke = transition(STEADY, revoked('g#0', 5 * S, [0]), initialBookOwningBoth());
    expect(afterRevoke.state).toMatchObject({ kind: 'rebalancing', draft: { startUs: 5 * S } });
    const book = initialBookOwningBoth();
    const afterCrash = transition(STEADY, crashed('g#0', 5 * S, [0, 1]), book);
    expect(afterCrash.state).toMatchObject({ kind: 'rebalancing', draft: { startUs: 5 * S, membersBefore: 1 } });
    if (afterCrash.state.kind === 'steady') throw new Error('unreachable');
    expect(afterCrash.state.draft.triggers.map((t) => t.kind)).toEqual(['member-crashed']);
    expect(transition(STEADY, revoked('g#0', 5 * S, []), initialBookOwningBoth()).state).toEqual(STEADY);
    expect(transition(STEADY, assigned('g#0', 5 * S, []), initialBookOwningBoth()).state).toEqual(STEADY);
  });
});

/** The book of a group whose only member g#0 owns both partitions (no rebalance open). */
function initialBookOwningBoth(): GroupBook {
  const book = newGroupBook(2, new Set(['g#0']));
  book.ownership.join('g#0');
  book.ownership.assign('g#0', 0);
  book.ownership.assign('g#0', 1);
  return book;
}

describe('rebalance state machine: rebalancing', () => {
  const opened = (): { state: RebalanceState; book: GroupBook } => run([joining('g#1', 10 * S), revoked('g#0', 11 * S, [0, 1])], initialBookOwningBoth());

  it('stays rebalancing while partitions lack an owner, counting the pause', () => {
    const { state, book } = opened();
    const next = transition(state, assigned('g#0', 11.3 * S, [0]), book);
    expect(next.state.kind).toBe('rebalancing');
    if (next.state.kind === 'steady') throw new Error('unreachable');
    expect(next.state.draft.pauseUs).toBe(0.3 * S);
    expect(next.state.draft.lastChangeUs).toBe(11.3 * S);
  });

  it('settles at the assignment that gives every partition one live owner and every member a share', () => {
    const { state, book } = opened();
    const partly = transition(state, assigned('g#0', 11.3 * S, [0]), book).state;
    const next = transition(partly, assigned('g#1', 11.4 * S, [1]), book);
    expect(next.state).toMatchObject({ kind: 'settling', settledAtUs: 11.4 * S });
  });

  it('does not settle while a live member owns nothing, nor on first records or slow events', () => {
    const { state, book } = opened();
    const next = transition(state, assigned('g#0', 11.3 * S, [0, 1]), book).state;
    expect(next.kind).toBe('rebalancing');
    expect(transition(next, firstRecord('g#0', 11.4 * S, 0), book).state.kind).toBe('rebalancing');
    expect(transition(next, slow('g#0', 11.5 * S), book).state.kind).toBe('rebalancing');
  });

  it('settles on a membership event that makes the ownership complete (the member owning nothing leaves)', () => {
    const { state, book } = opened();
    const next = transition(state, assigned('g#0', 11.3 * S, [0, 1]), book).state;
    expect(transition(next, leaving('g#1', 12 * S), book).state).toMatchObject({ kind: 'settling', settledAtUs: 11.3 * S });
  });

  it('at the end of what is known: closed unsettled and in progress', () => {
    const { state, book } = opened();
    const end = finish(state, 20 * S, book.ownership);
    expect(end.inProgress).toBe(true);
    expect(end.closed).toMatchObject({ endUs: 20 * S, settled: false, draft: { pauseUs: 9 * S } });
  });
});

describe('rebalance state machine: settling', () => {
  it('closes the rebalance at its settling time on any event after the quiet time, then handles the event', () => {
    const { state, book } = initialSettled();
    const late = 1 * S + SETTLE_QUIET_US + 1;
    const afterRecord = transition(state, firstRecord('g#0', late, 0), book);
    expect(afterRecord.state).toEqual(STEADY);
    expect(afterRecord.closed).toMatchObject({ endUs: 1 * S, settled: true, membersAfter: 1 });
    const afterRevoke = transition(state, revoked('g#0', late, [1]), initialSettled().book);
    expect(afterRevoke.closed).toMatchObject({ endUs: 1 * S });
    expect(afterRevoke.state).toMatchObject({ kind: 'rebalancing', draft: { startUs: late } });
  });

  it('keeps a change within the quiet time in the same rebalance', () => {
    const { state, book } = initialSettled();
    if (state.kind === 'steady') throw new Error('unreachable');
    const soon = 1 * S + SETTLE_QUIET_US;
    const next = transition(state, revoked('g#0', soon, [1]), book);
    expect(next.closed).toBeUndefined();
    expect(next.state).toEqual({ kind: 'rebalancing', draft: state.draft });
    expect(transition(next.state, assigned('g#0', soon + 1, [1]), book).state).toMatchObject({ kind: 'settling', settledAtUs: soon + 1, draft: state.draft });
  });

  it('goes back to rebalancing when a member joins within the quiet time, and keeps its settling time on events that change nothing', () => {
    const { state, book } = initialSettled();
    expect(transition(state, firstRecord('g#0', 1.2 * S, 0), book).state).toEqual(state);
    expect(transition(state, joining('g#1', 1.3 * S), book).state.kind).toBe('rebalancing');
  });

  it('at the end of what is known: closed settled, in progress only within the quiet time', () => {
    const { state, book } = initialSettled();
    expect(finish(state, 1 * S + SETTLE_QUIET_US, book.ownership)).toMatchObject({ inProgress: true, closed: { endUs: 1 * S, settled: true } });
    expect(finish(state, 1 * S + SETTLE_QUIET_US + 1, book.ownership)).toMatchObject({ inProgress: false, closed: { endUs: 1 * S, settled: true } });
    expect(finish(STEADY, 5 * S, book.ownership)).toEqual({ inProgress: false });
  });
});
