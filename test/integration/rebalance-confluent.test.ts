/**
 * A consumer group scaled 1 → 3 → 1 during a run, with each protocol the confluent client has:
 * classic eager (range), classic cooperative-sticky, and KIP-848's consumer protocol. Each scale
 * step must show up as one rebalance with the right trigger, after which every partition has
 * exactly one owner, with no partition owned twice at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { ConsumerGroupInput } from '../../src/scenario/scenario-types.js';
import { expectEverythingConsumed, expectSoundRebalance, membersOverTime, runGroupScenario } from '../helpers/rebalance-runs.js';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
});
afterAll(async () => {
  await cluster?.stop();
});

const scaling: ConsumerGroupInput['schedule'] = [
  { at: '4s', action: 'scale', members: 3 },
  { at: '12s', action: 'scale', members: 1 },
];

describe.each([
  { label: 'classic eager range', group: { assignmentStrategy: 'range' } },
  { label: 'classic cooperative-sticky', group: { assignmentStrategy: 'cooperative-sticky' } },
  { label: 'KIP-848 consumer protocol', group: { groupProtocol: 'consumer' } },
] as Array<{ label: string; group: ConsumerGroupInput }>)('confluent, $label: scaling 1 → 3 → 1', ({ label, group }) => {
  it('measures one rebalance per step, each leaving every partition with exactly one owner', { timeout: 180_000 }, async () => {
    const report = await runGroupScenario(`rebalance-${label.replace(/\W+/g, '-')}`, 'confluent', cluster.brokers, { ...group, members: 1, schedule: scaling }, 20);
    expect(report.rebalances.map((r) => `${r.trigger}:${r.membersBefore}→${r.membersAfter}`)).toEqual(['initial:0→1', 'member-joined:1→3', 'member-left:3→1']);
    for (const rebalance of report.rebalances) expectSoundRebalance(rebalance);
    const [, scaleOut, scaleIn] = report.rebalances;
    expect(scaleOut?.triggeredBy).toHaveLength(2);
    expect(scaleOut?.startedAtMs).toBeGreaterThanOrEqual(scaleOut?.triggeredAtMs ?? Infinity);
    expect(scaleOut?.startedAtMs).toBeGreaterThanOrEqual(4_000);
    expect(scaleIn?.startedAtMs).toBeGreaterThanOrEqual(12_000);
    // 6 partitions over 3 members: 4 of them change owner either way.
    expect(scaleOut?.partitionsMoved).toBe(4);
    expect(scaleIn?.partitionsMoved).toBe(4);
    if (label.includes('eager')) {
      // Eager: everything was revoked, so every partition paused.
      expect(scaleOut?.members.find((m) => m.consumerId.endsWith('#0'))?.revokedPartitions).toEqual([0, 1, 2, 3, 4, 5]);
    } else {
      // Incremental: the first member kept what it keeps; only the moved partitions were revoked.
      expect(scaleOut?.members.find((m) => m.consumerId.endsWith('#0'))?.revokedPartitions).toHaveLength(4);
    }
    expect(Math.max(...membersOverTime(report))).toBe(3);
    expect(membersOverTime(report).at(-1)).toBe(1);
    expect(report.consumerEvents.filter((e) => e.type === 'joining')).toHaveLength(3);
    expect(report.consumerEvents.filter((e) => e.type === 'left')).toHaveLength(2);
    expectEverythingConsumed(report);
  });
});
