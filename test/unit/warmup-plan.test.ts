import { PLAINTEXT } from '../../src/clients/connection-security.js';
import { describe, expect, it } from 'vitest';
import { createWarmupPlan, DEFAULT_WARMUP_RATE_PER_SEC, MAX_WARMUP_RATE_PER_SEC, MIN_WARMUP_RATE_PER_SEC, WARMUP_TOPIC, warmupRatePerSec } from '../../src/runner/warmup-plan.js';
import { warmupSkipReason } from '../../src/runner/cluster-warmup.js';
import type { AcquiredCluster } from '../../src/cluster/acquire-cluster.js';
import type { Plan, PlannedLoad } from '../../src/scenario/plan-types.js';
import { samplePlan } from '../fixtures/sample-report.js';

function planWith(loads: PlannedLoad[], overrides: Partial<Plan> = {}): Plan {
  const plan = structuredClone(samplePlan);
  plan.producers = loads.map((load, index) => ({ ...structuredClone(samplePlan.producers[0]!), id: `p#${index}`, index, load }));
  return { ...plan, ...overrides };
}

describe('warmupRatePerSec', () => {
  it('is the total planned rate, kept within its bounds', () => {
    expect(warmupRatePerSec(planWith([{ type: 'constant', ratePerSec: 600 }, { type: 'constant', ratePerSec: 900 }]))).toBe(1500);
    expect(warmupRatePerSec(planWith([{ type: 'constant', ratePerSec: 50 }]))).toBe(MIN_WARMUP_RATE_PER_SEC);
    expect(warmupRatePerSec(planWith([{ type: 'constant', ratePerSec: 80_000 }]))).toBe(MAX_WARMUP_RATE_PER_SEC);
  });

  it('uses a ramp’s peak, and the default for unthrottled or consumer-only runs', () => {
    expect(warmupRatePerSec(planWith([{ type: 'ramping', startRatePerSec: 100, stages: [{ durationMs: 1000, targetRatePerSec: 1800 }, { durationMs: 1000, targetRatePerSec: 200 }] }]))).toBe(1800);
    expect(warmupRatePerSec(planWith([{ type: 'unthrottled', maxInFlight: 1000 }]))).toBe(DEFAULT_WARMUP_RATE_PER_SEC);
    expect(warmupRatePerSec(planWith([]))).toBe(DEFAULT_WARMUP_RATE_PER_SEC);
  });
});

describe('createWarmupPlan', () => {
  it('copies the client, acks, size and topic layout onto its own topic, with a small in-flight bound and one consumer', () => {
    const { plan, load } = createWarmupPlan(planWith([{ type: 'constant', ratePerSec: 2000 }]), { brokers: ['127.0.0.1:9092'], security: PLAINTEXT });
    expect(load).toEqual({ ratePerSec: 2000, acks: 'all', sizeBytes: 512 });
    expect(plan.client).toBe(samplePlan.client);
    expect(plan.cluster).toEqual({ kind: 'external', brokers: ['127.0.0.1:9092'], security: PLAINTEXT });
    expect(plan.topic).toMatchObject({ name: WARMUP_TOPIC, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    expect(plan.producers).toHaveLength(1);
    expect(plan.producers[0]).toMatchObject({ acks: 'all', messageSizeBytes: 512, maxInFlight: 1000, load: { type: 'constant', ratePerSec: 2000 } });
    expect(plan.consumerGroups).toHaveLength(1);
    expect(plan.consumerGroups[0]?.members).toHaveLength(1);
    expect(plan.clusterWarmup.mode).toBe('off');
    expect(plan.durationMs).toBe(samplePlan.clusterWarmup.maxDurationMs);
  });

  it('warms acks=0 scenarios with acks=1, which has an acknowledgement to time', () => {
    const source = planWith([{ type: 'constant', ratePerSec: 2000 }]);
    source.producers[0]!.acks = 0;
    expect(createWarmupPlan(source, { brokers: ['h:1'], security: PLAINTEXT }).load.acks).toBe(1);
  });
});

describe('warmupSkipReason', () => {
  const cluster = (source: AcquiredCluster['source'], warmedUpAt?: string): AcquiredCluster =>
    ({ source, brokers: ['h:1'], nodeCount: 3, kafkaVersion: '4.2.0', embedded: { warmedUpAt }, startedInMs: undefined, release: async () => {} }) as unknown as AcquiredCluster;
  const plan = (mode: Plan['clusterWarmup']['mode']): Plan => ({ ...samplePlan, clusterWarmup: { mode, maxDurationMs: 60_000 } });

  it('warms run-scoped clusters and persistent ones no warm-up has settled yet', () => {
    expect(warmupSkipReason(plan('auto'), cluster('run-scoped'))).toBeUndefined();
    expect(warmupSkipReason(plan('auto'), cluster('persistent'))).toBeUndefined();
  });

  it('skips when turned off, on external clusters and on a persistent cluster already warmed, unless always', () => {
    expect(warmupSkipReason(plan('off'), cluster('run-scoped'))).toMatch(/turned off/);
    expect(warmupSkipReason(plan('auto'), cluster('external'))).toMatch(/external cluster/);
    expect(warmupSkipReason(plan('auto'), cluster('persistent', '2026-11-30T08:00:00.000Z'))).toMatch(/warmed up by an earlier run \(2026-11-30T08:00:00\.000Z\)/);
    expect(warmupSkipReason(plan('always'), cluster('external'))).toBeUndefined();
    expect(warmupSkipReason(plan('always'), cluster('persistent', '2026-11-30T08:00:00.000Z'))).toBeUndefined();
  });

  it('skips on a cluster an earlier run of the same session warmed, saying so, whatever the mode', () => {
    const warmed = { ...cluster('run-scoped'), warmedEarlier: 'the cluster is shared by the runs of this session and was warmed by its first run (settled after 84 s of load)' };
    for (const mode of ['auto', 'always', 'off'] as const) expect(warmupSkipReason(plan(mode), warmed)).toMatch(/warmed by its first run \(settled after 84 s/);
  });
});
