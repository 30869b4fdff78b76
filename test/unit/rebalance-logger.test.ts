import { describe, expect, it } from 'vitest';
import type { RebalanceReport } from '../../src/report/report-types.js';
import { RebalanceLogger } from '../../src/runner/rebalance-logger.js';

function rebalance(groupId: string, index: number, startedAtMs: number, settled = true): RebalanceReport {
  return {
    index, groupId, trigger: 'member-joined', triggeredBy: [`${groupId}#1`], triggeredAtMs: startedAtMs, startedAt: '', endedAt: '', startedAtMs, endedAtMs: startedAtMs + 400,
    durationMs: 400, pauseMs: 250, overlapMs: 0, maxPartitionPauseMs: null, allConsumedAgainMs: null, partitionsMoved: 2, duplicates: 0,
    lagBefore: 0, lagPeak: 0, lagRecoveredMs: null, membersBefore: 1, membersAfter: 2, settled, members: [],
  };
}

describe('RebalanceLogger', () => {
  it('logs each settled rebalance once, and a group\'s last one only when no longer under way', () => {
    const lines: string[] = [];
    const logger = new RebalanceLogger((line) => lines.push(line));
    const first = rebalance('g', 0, 1_000);
    const second = rebalance('g', 1, 9_000);
    logger.logSettled([first, second], ['g']);
    expect(lines).toEqual(['rebalance #0 of g (member-joined g#1): 0.40 s, pause 0.25 s, 2 partition(s) moved, members 1 → 2']);
    logger.logSettled([first, second], []);
    logger.logSettled([first, second], []);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^rebalance #1 of g /);
  });

  it('does not log a rebalance that has not settled', () => {
    const lines: string[] = [];
    new RebalanceLogger((line) => lines.push(line)).logSettled([rebalance('g', 0, 1_000, false)], []);
    expect(lines).toEqual([]);
  });
});
