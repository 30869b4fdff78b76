import { describe, expect, it } from 'vitest';
import { analyzeGroup, lagAround, type GroupActivity, type GroupEvent } from '../../src/metrics/rebalance-analysis.js';

const S = 1_000_000;
const clock = { runStartUs: 0, epochMsAtUs: (us: number) => 1_700_000_000_000 + us / 1000 };

function activity(events: GroupEvent[], overrides: Partial<GroupActivity> = {}): GroupActivity {
  return { groupId: 'g', partitionCount: 4, events, initialMembers: new Set(['g#0']), duplicates: [], lag: [], ...overrides };
}
const joining = (consumerId: string, atUs: number): GroupEvent => ({ consumerId, atUs, type: 'joining' });
const assigned = (consumerId: string, atUs: number, partitions: number[]): GroupEvent => ({ consumerId, atUs, type: 'assigned', partitions });
const revoked = (consumerId: string, atUs: number, partitions: number[], lastUs: number | null = null): GroupEvent => ({
  consumerId,
  atUs,
  type: 'revoked',
  partitions,
  lastConsumedUs: partitions.map(() => lastUs),
});
const firstRecord = (consumerId: string, atUs: number, partition: number): GroupEvent => ({ consumerId, atUs, type: 'first-record', partition });

describe('analyzeGroup', () => {
  it('finds the initial assignment and an eager scale-out, with pause, moves and no overlap', () => {
    const events = [
      joining('g#0', -2 * S),
      assigned('g#0', -1 * S, [0, 1, 2, 3]),
      joining('g#1', 10 * S),
      revoked('g#0', 11 * S, [0, 1, 2, 3], 10.99 * S),
      assigned('g#0', 11.3 * S, [0, 1]),
      assigned('g#1', 11.4 * S, [2, 3]),
      firstRecord('g#0', 11.31 * S, 0),
      firstRecord('g#0', 11.32 * S, 1),
      firstRecord('g#1', 11.5 * S, 2),
      firstRecord('g#1', 11.6 * S, 3),
    ];
    const { rebalances, inProgress } = analyzeGroup(activity(events), clock, 60 * S);
    expect(inProgress).toBe(false);
    expect(rebalances.map((r) => r.trigger)).toEqual(['initial', 'member-joined']);
    const [initial, scaleOut] = rebalances;
    expect(initial).toMatchObject({ membersBefore: 0, membersAfter: 1, partitionsMoved: 4, startedAtMs: -1000, maxPartitionPauseMs: null });
    expect(scaleOut).toMatchObject({
      triggeredBy: ['g#1'],
      triggeredAtMs: 10_000,
      startedAtMs: 11_000,
      endedAtMs: 11_400,
      durationMs: 400,
      pauseMs: 400,
      overlapMs: 0,
      partitionsMoved: 2,
      membersBefore: 1,
      membersAfter: 2,
      settled: true,
      maxPartitionPauseMs: 610,
      allConsumedAgainMs: 600,
    });
    expect(scaleOut?.startedAt).toBe(new Date(1_700_000_000_000 + 11_000).toISOString());
    expect(scaleOut?.members).toEqual([
      { consumerId: 'g#0', ownedBefore: [0, 1, 2, 3], ownedAfter: [0, 1], revokedAtMs: 11_000, revokedPartitions: [0, 1, 2, 3], assignedAtMs: 11_300, assignedPartitions: [0, 1] },
      { consumerId: 'g#1', ownedBefore: [], ownedAfter: [2, 3], revokedAtMs: null, revokedPartitions: [], assignedAtMs: 11_400, assignedPartitions: [2, 3] },
    ]);
  });

  it('keeps the two rounds of a cooperative rebalance in one, pausing only the moved partitions', () => {
    const events = [
      joining('g#0', 0),
      assigned('g#0', 0.1 * S, [0, 1, 2, 3]),
      joining('g#1', 5 * S),
      revoked('g#0', 5.2 * S, [2, 3]),
      assigned('g#0', 5.21 * S, []),
      assigned('g#1', 5.2 * S + 150_000, []),
      assigned('g#1', 5.5 * S, [2, 3]),
    ];
    const rebalances = analyzeGroup(activity(events), clock, 60 * S).rebalances;
    expect(rebalances).toHaveLength(2);
    expect(rebalances[1]).toMatchObject({ trigger: 'member-joined', durationMs: 300, pauseMs: 300, partitionsMoved: 2 });
    expect(rebalances[1]?.members.find((m) => m.consumerId === 'g#0')?.ownedAfter).toEqual([0, 1]);
  });

  it('starts a crash rebalance at the kill, attributes it, and measures the partition pause from the last record', () => {
    const events = [
      joining('g#0', 0),
      joining('g#1', 0),
      assigned('g#0', 0.5 * S, [0, 1]),
      assigned('g#1', 0.5 * S, [2, 3]),
      { consumerId: 'g#1', atUs: 20 * S, type: 'crashed', partitions: [2, 3], lastConsumedUs: [19.9 * S, 19.95 * S] } as GroupEvent,
      revoked('g#0', 30 * S, [0, 1], 29.99 * S),
      assigned('g#0', 30.2 * S, [0, 1, 2, 3]),
      firstRecord('g#0', 30.25 * S, 0),
      firstRecord('g#0', 30.25 * S, 1),
      firstRecord('g#0', 30.3 * S, 2),
      firstRecord('g#0', 30.3 * S, 3),
    ];
    const rebalances = analyzeGroup(activity(events, { initialMembers: new Set(['g#0', 'g#1']) }), clock, 60 * S).rebalances;
    expect(rebalances.map((r) => r.trigger)).toEqual(['initial', 'member-crashed']);
    expect(rebalances[1]).toMatchObject({
      triggeredBy: ['g#1'],
      triggeredAtMs: 20_000,
      startedAtMs: 20_000,
      endedAtMs: 30_200,
      pauseMs: 10_200,
      membersBefore: 2,
      membersAfter: 1,
      partitionsMoved: 2,
      maxPartitionPauseMs: 10_400,
    });
  });

  it('counts the duplicates between a rebalance and the next, and reports a rebalance cut by the end of the run', () => {
    const events = [joining('g#0', 0), assigned('g#0', 0.1 * S, [0, 1, 2, 3]), joining('g#1', 5 * S), revoked('g#0', 5.1 * S, [0, 1, 2, 3])];
    const duplicates = [
      { partition: 0, count: 7, atUs: 0.05 * S },
      { partition: 1, count: 5, atUs: 5.3 * S },
    ];
    const { rebalances, inProgress } = analyzeGroup(activity(events, { duplicates }), clock, 6 * S);
    expect(inProgress).toBe(true);
    expect(rebalances[1]).toMatchObject({ settled: false, duplicates: 5, startedAtMs: 5_100 });
    expect(rebalances[1]?.pauseMs).toBe(900);
    expect(rebalances[0]?.duplicates).toBe(0);
  });

  it('attributes a graceful leave and waits for the leaver to be gone', () => {
    const events = [
      joining('g#0', 0),
      joining('g#1', 0),
      assigned('g#0', 1 * S, [0, 1]),
      assigned('g#1', 1 * S, [2, 3]),
      { consumerId: 'g#1', atUs: 10 * S, type: 'leaving' } as GroupEvent,
      revoked('g#1', 10.1 * S, [2, 3]),
      { consumerId: 'g#1', atUs: 10.2 * S, type: 'left' } as GroupEvent,
      revoked('g#0', 10.4 * S, [0, 1]),
      assigned('g#0', 10.6 * S, [0, 1, 2, 3]),
    ];
    const rebalances = analyzeGroup(activity(events, { initialMembers: new Set(['g#0', 'g#1']) }), clock, 60 * S).rebalances;
    expect(rebalances[1]).toMatchObject({ trigger: 'member-left', triggeredBy: ['g#1'], startedAtMs: 10_100, endedAtMs: 10_600, membersBefore: 2, membersAfter: 1 });
  });
});

describe('lagAround', () => {
  const lag = [0, 1, 2, 3, 4, 5, 6].map((second) => ({ second, ackedPerSec: 1000, lag: [20, 20, 900, 1500, 400, 30, 20][second] ?? 0 }));
  it('finds the lag before, its peak, and when it came back', () => {
    expect(lagAround(lag, 2.3, 2.8)).toEqual({ before: 20, peak: 1500, recoveredAtSecond: 6 });
  });
  it('says never when the lag does not come back', () => {
    expect(lagAround(lag.slice(0, 4), 2.3, 2.8)).toEqual({ before: 20, peak: 1500, recoveredAtSecond: null });
  });
});
