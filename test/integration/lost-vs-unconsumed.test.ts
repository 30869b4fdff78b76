/**
 * "Lost means lost" (issue 12): a member crashes before the end of the run and its session
 * timeout (30 s) ends long after the drain (5 s), so its partitions' last messages are never
 * consumed. They are in the topic: the log check at the end finds them, so the report calls
 * them unconsumed, not lost, and says why. One kafkajs run on a 1-node embedded cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('a member crashing before the end: unconsumed, not lost', () => {
  it('reports 0 lost when the topic holds every acknowledged message, and the rest as unconsumed with the crash as reason', { timeout: 240_000 }, async () => {
    const scenario: ScenarioInput = {
      name: 'lost-vs-unconsumed',
      client: 'kafkajs',
      cluster: { brokers: cluster.brokers },
      topic: { partitions: 6 },
      duration: '12s',
      drain: '5s',
      producers: [{ load: { type: 'constant', ratePerSec: 300 }, keys: { strategy: 'random', count: 1000 } }],
      // Crashed at 6 s of 12: its partitions get 6 s of messages nobody consumes before the
      // session timeout (30 s) would hand them over, long after the drain's end (17 s).
      consumers: [{ members: 2, sessionTimeout: '30s', schedule: [{ at: '6s', action: 'crash' }] }],
    };
    expect(validateScenario(scenario)).toEqual([]);
    const plan = resolveScenario(scenario, 'lost-vs-unconsumed.ts');
    const lines: string[] = [];
    const report = await runScenario(plan, { observer: { log: (line) => lines.push(line), onSecond: () => {} } });

    expect(report.status).toBe('completed');
    expect(report.counts.failed).toBe(0);
    const crash = report.faults.find((fault) => fault.kind === 'consumer-crash');
    expect(crash, JSON.stringify(report.faults)).toBeDefined();
    const integrity = report.integrity;
    expect(integrity).toBeDefined();
    if (!integrity || !crash) return;
    const groupId = integrity.checkedGroups[0] ?? '';
    const group = integrity.groups[groupId];
    expect(group).toBeDefined();
    if (!group) return;

    // Lost means lost: every acknowledged message is in the topic.
    expect(integrity.logCheck?.method).toBe('log-read');
    expect(integrity.lost).toBe(0);
    expect(group.lost).toBe(0);
    expect(integrity.unconsumed).toBeGreaterThan(0);
    expect(group.unconsumed).toBe(integrity.unconsumed);
    // Acknowledged = consumed (acknowledged ones) + unconsumed + lost, exactly.
    expect(group.consumedUnique - group.unacknowledgedButDelivered + (group.unconsumed ?? 0) + group.lost).toBe(integrity.acknowledged);
    expect(integrity.logCheck?.recordsRead).toBeGreaterThanOrEqual(integrity.unconsumed ?? 0);

    // The drain waited until its bound (the crashed member's partitions could still have come back).
    expect(report.timeline.filter((entry) => entry.phase === 'drain').length).toBeGreaterThanOrEqual(5);
    expect(lines.some((line) => line.startsWith('drain: ') && line.includes(crash.target) && line.includes('30 s session timeout')), lines.join('\n')).toBe(true);

    // Why: the crash, its session timeout, the drain bound — in the integrity section and the status detail.
    const reasons = integrity.unconsumedReasons ?? [];
    expect(reasons.some((reason) => reason.includes(`member ${crash.target} crashed`) && reason.includes('30 s session timeout') && reason.includes('5 s drain bound')), reasons.join('\n')).toBe(true);
    expect(report.statusDetail?.[0]).toMatch(/^completed; [\d,]+ acknowledged messages? (was|were) not consumed before the drain ended — they are in the topic, not lost/);
    expect(report.statusDetail?.join(' ')).toContain(`member ${crash.target} crashed`);
  });
});
