/**
 * A consumer group scaled 1 → 3 → 1 during a run, with each protocol the confluent client has:
 * classic eager (range), classic cooperative-sticky, and KIP-848's consumer protocol. Each scale
 * step must show up as rebalances with the right trigger, after which every partition has
 * exactly one owner, with no partition owned twice at once. On a busy machine the two joiners
 * may land in two rebalances (the second subscribes after the first rebalance began): Kafka
 * does that legitimately, so the test accepts one or two, and checks what must hold either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { ConsumerGroupInput } from '../../src/scenario/scenario-types.js';
import { expectEverythingConsumed, expectScaleOutThenIn, runGroupScenario } from '../helpers/rebalance-runs.js';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
});
afterAll(async () => {
  await cluster?.stop();
});

const SCALE_OUT_MS = 4_000;
const SCALE_IN_MS = 16_000;
const scaling: ConsumerGroupInput['schedule'] = [
  { at: `${SCALE_OUT_MS}ms`, action: 'scale', members: 3 },
  { at: `${SCALE_IN_MS}ms`, action: 'scale', members: 1 },
];

describe.each([
  { label: 'classic eager range', group: { assignmentStrategy: 'range' } },
  { label: 'classic cooperative-sticky', group: { assignmentStrategy: 'cooperative-sticky' } },
  { label: 'KIP-848 consumer protocol', group: { groupProtocol: 'consumer' } },
] as Array<{ label: string; group: ConsumerGroupInput }>)('confluent, $label: scaling 1 → 3 → 1', ({ label, group }) => {
  it('measures one rebalance per step, each leaving every partition with exactly one owner', { timeout: 180_000 }, async () => {
    const report = await runGroupScenario(`rebalance-${label.replace(/\W+/g, '-')}`, 'confluent', cluster.brokers, { ...group, members: 1, schedule: scaling }, 24);
    const { scaleOut, scaleIn } = expectScaleOutThenIn(report, SCALE_OUT_MS, SCALE_IN_MS);
    // 6 partitions over 3 members: 4 of them change owner (counted once when the two joiners came in one rebalance).
    if (scaleOut.length === 1) expect(scaleOut[0]?.partitionsMoved).toBe(4);
    expect(scaleIn[0]?.partitionsMoved).toBe(4);
    const firstOut = scaleOut[0];
    if (label.includes('eager')) {
      // Eager: everything was revoked, so every partition paused.
      expect(firstOut?.members.find((m) => m.consumerId.endsWith('#0'))?.revokedPartitions).toEqual([0, 1, 2, 3, 4, 5]);
    } else if (scaleOut.length === 1) {
      // Incremental: the first member kept what it keeps; only the moved partitions were revoked.
      expect(firstOut?.members.find((m) => m.consumerId.endsWith('#0'))?.revokedPartitions).toHaveLength(4);
    }
    expect(report.consumerEvents.filter((e) => e.type === 'joining')).toHaveLength(3);
    expect(report.consumerEvents.filter((e) => e.type === 'left')).toHaveLength(2);
    expectEverythingConsumed(report);
  });
});
