import { describe, expect, it } from 'vitest';
import { createStyle } from '../../src/report/console-format.js';
import { renderRebalances } from '../../src/report/render-rebalances.js';
import type { RebalanceReport } from '../../src/report/report-types.js';

function rebalance(overrides: Partial<RebalanceReport>): RebalanceReport {
  return {
    index: 0,
    groupId: 'g',
    trigger: 'member-joined',
    triggeredBy: ['g#1'],
    triggeredAtMs: 9_800,
    startedAt: '2026-11-21T10:00:10.000Z',
    endedAt: '2026-11-21T10:00:10.450Z',
    startedAtMs: 10_000,
    endedAtMs: 10_450,
    durationMs: 450,
    pauseMs: 320,
    overlapMs: 0,
    maxPartitionPauseMs: 610,
    allConsumedAgainMs: 500,
    partitionsMoved: 6,
    duplicates: 42,
    lagBefore: 10,
    lagPeak: 1_234,
    lagRecoveredMs: 2_000,
    membersBefore: 1,
    membersAfter: 2,
    settled: true,
    members: [],
    ...overrides,
  };
}

describe('renderRebalances', () => {
  const style = createStyle(false);
  it('renders nothing without rebalances', () => {
    expect(renderRebalances({ rebalances: [] }, style)).toBe('');
  });

  it('shows one row per rebalance with its trigger, pause and cost', () => {
    const text = renderRebalances({ rebalances: [rebalance({}), rebalance({ index: 1, trigger: 'member-crashed', triggeredBy: ['g#1'], startedAtMs: 20_000, settled: false, lagRecoveredMs: null })] }, style);
    const rows = text.split('\n').filter((line) => line.startsWith('│'));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/│ 0 .*10\.0 .*member-joined \(#1\).*1 → 2 .*450 .*320 .*610 .*6 .*42 .*1,234 .*2,000/);
    expect(rows[2]).toMatch(/member-crashed \(#1\).*\(unsettled\).*never/);
    expect(text).not.toMatch(/two members at once/);
  });

  it('adds a group column for several groups and flags double ownership', () => {
    const text = renderRebalances({ rebalances: [rebalance({}), rebalance({ index: 1, groupId: 'h', overlapMs: 12 })] }, style);
    expect(text).toMatch(/│ group/);
    expect(text).toMatch(/partitions owned by two members at once in rebalance\(s\) #1/);
  });
});
