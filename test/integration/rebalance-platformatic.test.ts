/**
 * @platformatic/kafka (classic protocol, eager range through the library's assigner hook, members
 * in worker threads): scaling 1 → 3 → 1, and a member killed without leaving, noticed only after
 * the session timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { expectEverythingConsumed, expectScaleOutThenIn, expectSoundRebalance, runGroupScenario } from '../helpers/rebalance-runs.js';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
});
afterAll(async () => {
  await cluster?.stop();
});

describe('platformatic, classic eager range', () => {
  it('scaling 1 → 3 → 1 gives a rebalance per step (two joiners may land in two), each leaving every partition with exactly one owner', { timeout: 180_000 }, async () => {
    const schedule = [
      { at: '4s', action: 'scale', members: 3 },
      { at: '16s', action: 'scale', members: 1 },
    ] as const;
    const report = await runGroupScenario('rebalance-platformatic', 'platformatic', cluster.brokers, { members: 1, assignmentStrategy: 'range', schedule: [...schedule] }, 24);
    const { scaleOut } = expectScaleOutThenIn(report, 4_000, 16_000);
    // Eager: the first member gave up everything.
    expect(scaleOut[0]?.members.find((m) => m.consumerId.endsWith('#0'))?.revokedPartitions).toEqual([0, 1, 2, 3, 4, 5]);
    expectEverythingConsumed(report);
  });

  it('a crashed member: the rebalance starts at the kill and lasts about the session timeout', { timeout: 180_000 }, async () => {
    const report = await runGroupScenario('rebalance-platformatic-crash', 'platformatic', cluster.brokers, { members: 2, sessionTimeout: '6s', schedule: [{ at: '4s', action: 'crash' }] }, 16);
    const crash = report.rebalances.find((r) => r.trigger === 'member-crashed');
    expect(crash, JSON.stringify(report.rebalances.map((r) => r.trigger))).toBeDefined();
    if (!crash) return;
    expectSoundRebalance(crash);
    expect(crash.triggeredBy).toEqual([`${report.consumerGroups[0]?.groupId}#1`]);
    expect(crash.startedAtMs).toBe(crash.triggeredAtMs);
    // The group waits for the session timeout (6 s) before giving the partitions to the survivor.
    expect(crash.durationMs).toBeGreaterThan(4_000);
    expect(crash.pauseMs).toBeGreaterThan(4_000);
    expect(crash.membersAfter).toBe(1);
    expect(report.faults).toEqual([expect.objectContaining({ kind: 'consumer-crash', target: crash.triggeredBy[0] })]);
    expect(report.workers.find((w) => w.consumerIds.includes(crash.triggeredBy[0] ?? ''))?.exitStatus).toBe('killed');
    expect(report.counts.consumed).toBeGreaterThanOrEqual(report.counts.acked);
    expect(report.consumerGroups[0]?.lagEnd).toBe(0);
  });
});
