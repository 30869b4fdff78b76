/**
 * A deliberate backlog on a real 1-node cluster, with each client: the group stops fetching for a
 * few seconds while the producers go on, resumes at its size, and catches up through Kafka's fetch
 * path — no rebalance, a catch-up time and a drain rate reported, lag back to 0, nothing lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientName } from '../../src/clients/client-adapter.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
});
afterAll(async () => {
  await cluster?.stop();
});

const RATE = 1_000;

async function runBacklog(client: ClientName): Promise<{ report: KbenchReport; log: string[] }> {
  const scenario: ScenarioInput = {
    name: `backlog-${client}`,
    client,
    cluster: { brokers: cluster.brokers },
    clusterWarmup: { mode: 'off' },
    topic: { partitions: 6 },
    warmup: '2s',
    // The pause comes 4 measured seconds after the warm-up: on a cold cluster under CI load the first acks can take seconds, and `produceBefore` needs some.
    duration: '16s',
    drain: '15s',
    producers: [{ load: { type: 'constant', ratePerSec: RATE }, keys: { strategy: 'random', count: 1000 } }],
    consumers: [{ members: 2, backlog: { after: '6s', size: '4000 messages' } }],
    thresholds: { 'backlog.catchUpTime': '< 10s', 'backlog.drainRate': `> ${RATE}/s` },
  };
  expect(validateScenario(scenario)).toEqual([]);
  const log: string[] = [];
  const report = await runScenario(resolveScenario(scenario, `${scenario.name}.ts`), { observer: { log: (line) => log.push(line), onSecond: () => {} } });
  return { report, log };
}

function expectCaughtUp(report: KbenchReport, log: string[]): void {
  const backlog = report.backlog;
  expect(backlog, log.join('\n')).toBeDefined();
  if (!backlog) return;
  expect(report.status).toBe('completed');
  expect(backlog.resumeReason).toBe('size-reached');
  // At the tick of second 6 (the clocks' rounding may put it a fraction of a millisecond before).
  expect(backlog.pausedAtMs).toBeGreaterThanOrEqual(5_990);
  expect(backlog.pausedAtMs).toBeLessThan(6_500);
  // The lag grew by 4,000 (checked each second: up to a second of load more), in about 4 s.
  expect(backlog.built.messages).toBeGreaterThanOrEqual(3_500);
  expect(backlog.built.messages).toBeLessThan(7_000);
  expect(backlog.built.bytes).toBeGreaterThan(0);
  expect(backlog.caughtUp, JSON.stringify(backlog.seconds)).toBe(true);
  expect(backlog.catchUpMs).toBeGreaterThanOrEqual(0);
  expect(backlog.catchUpMs).toBeLessThan(10_000);
  // Catching up means consuming faster than the producers produce.
  expect(backlog.drainRatePerSec).toBeGreaterThan(RATE);
  expect(backlog.netDrainRatePerSec).toBeGreaterThan(0);
  expect(backlog.latency.produceBefore.count).toBeGreaterThan(0);
  expect(backlog.latency.e2eDrain.count).toBeGreaterThan(0);
  // Records that waited in the backlog: the drain's e2e p99 is seconds, not milliseconds.
  expect(backlog.latency.e2eDrain.p99).toBeGreaterThan(1_000);
  expect(report.thresholds?.every((t) => t.passed), JSON.stringify(report.thresholds)).toBe(true);
  // Pausing is not a rebalance: only the initial assignment.
  expect(report.rebalances.filter((r) => r.trigger !== 'initial'), JSON.stringify(report.rebalances)).toEqual([]);
  // Lag back to 0, nothing lost.
  expect(report.consumerGroups[0]?.lagEnd).toBe(0);
  expect(report.integrity?.lost).toBe(0);
  expect(report.integrity?.unconsumed ?? 0).toBe(0);
  // The deliberate backlog is neither saturation nor a reason to call the run invalid.
  // (A loaded machine may still start the measured phase behind the producers' schedule: that
  // reason is about the start of the load, not the paused group, and is allowed.)
  expect((report.saturation?.reasons ?? []).filter((reason) => /lag|group|consum/i.test(reason))).toEqual([]);
  expect(report.validity?.findings.filter((f) => f.severity === 'invalid' && /lag|group|consum|backlog|pause/i.test(f.message)), JSON.stringify(report.validity)).toEqual([]);
  // …and the report says why the lag grew: the pause, on purpose.
  expect(report.validity?.findings.some((f) => f.message.includes('was paused on purpose')), JSON.stringify(report.validity)).toBe(true);
  expect(log.some((line) => line.includes('fetching paused'))).toBe(true);
}

describe('backlog and catch-up', () => {
  it('kafkajs: paused fetching builds the backlog, the group catches up without a rebalance', { timeout: 120_000 }, async () => {
    const { report, log } = await runBacklog('kafkajs');
    expectCaughtUp(report, log);
  });

  it('confluent: the same through librdkafka pause/resume', { timeout: 120_000 }, async () => {
    const { report, log } = await runBacklog('confluent');
    expectCaughtUp(report, log);
  });
});
