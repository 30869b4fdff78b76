/** Sharding a plan: the shards together are the scenario, message for message; refusals name the reason. */
import { describe, expect, it } from 'vitest';
import { applyShardOptions } from '../../src/cli/shard-options.js';
import { KbenchError } from '../../src/errors.js';
import { faultsOfThisShard, warmupPlanOfThisShard } from '../../src/runner/shard-run.js';
import { parseShard, shardPlan } from '../../src/scenario/shard-plan.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { scheduleOf } from '../../src/workload/rate-schedule.js';
import { slicedCount } from '../../src/workload/sliced-schedule.js';

const scenario: ScenarioInput = {
  name: 'shards',
  duration: '7s',
  warmup: '2s',
  producers: [
    { name: 'steady', load: { type: 'constant', ratePerSec: 301 } },
    { name: 'ramp', count: 2, load: { type: 'ramping', stages: [{ duration: '3s', targetRatePerSec: 500 }, { duration: '3s', targetRatePerSec: 7 }] } },
  ],
  consumers: [{ members: 3, schedule: [{ at: '4s', action: 'crash', count: 1 }] }, { members: 1 }],
  faults: [{ at: '3s', action: 'kill', node: 'leader' }],
};

function whole(input: ScenarioInput = scenario) {
  expect(validateScenario(input)).toEqual([]);
  return resolveScenario(input, 'scenarios/shards.ts', {});
}

const shards = (count: number, input?: ScenarioInput) =>
  Array.from({ length: count }, (_, index) => shardPlan(whole(input), { index, count, runId: 'r1', startAtEpochMs: undefined }));

describe('parseShard', () => {
  it('reads k/n, 0-based', () => {
    expect(parseShard('0/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
  });
  it.each(['2/2', '1/0', '-1/2', 'a/b', '1', '1/2/3', '0.5/2', '0/1001'])('refuses %s', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard expects k\/n/);
  });
});

describe('shardPlan', () => {
  it('sends exactly the scenario\'s messages, each once, at its intended time', () => {
    const plan = whole();
    const runMs = plan.warmupMs + plan.durationMs;
    for (const count of [1, 2, 3, 5]) {
      const parts = shards(count);
      expect(parts.reduce((sum, part) => sum + (part.expectedMessages ?? 0), 0)).toBe(plan.expectedMessages);
      plan.producers.forEach((producer, p) => {
        const wholeSchedule = scheduleOf(producer.load, 0);
        const times = parts.flatMap((part) => {
          const own = part.producers[p];
          const schedule = own ? scheduleOf(own.load, 0, own.slice) : undefined;
          const messages = schedule?.dueCount(runMs * 1000 - 0.001) ?? 0;
          return Array.from({ length: messages }, (_, n) => schedule?.intendedTimeUs(n) ?? -1);
        });
        const expected = Array.from({ length: wholeSchedule?.dueCount(runMs * 1000 - 0.001) ?? 0 }, (_, n) => wholeSchedule?.intendedTimeUs(n) ?? -2);
        expect(times.sort((a, b) => a - b)).toEqual(expected);
      });
    }
  });

  it('gives every shard its own producer indexes and ids, and splits consumer members round-robin with their steps', () => {
    const [a, b] = shards(2);
    expect(a?.producers.map((p) => [p.index, p.id])).toEqual([[0, 'steady#0.s0'], [1, 'ramp#0.s0'], [2, 'ramp#1.s0']]);
    expect(b?.producers.map((p) => [p.index, p.id])).toEqual([[3, 'steady#0.s1'], [4, 'ramp#0.s1'], [5, 'ramp#1.s1']]);
    const wholeGroup = whole().consumerGroups[0];
    expect(a?.consumerGroups[0]?.members.map((m) => m.id)).toEqual([wholeGroup?.members[0]?.id, wholeGroup?.members[2]?.id]);
    expect(b?.consumerGroups[0]?.members.map((m) => m.id)).toEqual([wholeGroup?.members[1]?.id]);
    // The crash takes the newest member (#2), which shard 0 runs.
    expect(a?.consumerGroups[0]?.schedule).toHaveLength(1);
    expect(b?.consumerGroups[0]?.schedule).toEqual([]);
    // The one-member group: shard 1 has none of it, but keeps the group (its producers' share of the lag).
    expect(b?.consumerGroups[1]?.members).toEqual([]);
    expect(b?.consumerGroups[0]?.members[0]?.e2eProducerIndexes).toEqual({ from: 3, toExclusive: 6 });
    // Every member and producer has a worker of this shard.
    for (const part of [a, b]) {
      const placed = new Set(part?.workers.flatMap((w) => [...w.producerIds, ...w.consumerIds]));
      for (const p of part?.producers ?? []) expect(placed.has(p.id)).toBe(true);
      for (const m of part?.consumerGroups.flatMap((g) => g.members) ?? []) expect(placed.has(m.id)).toBe(true);
    }
  });

  it('applies faults and the cluster warm-up once, in shard 0, while every shard\'s plan describes the whole scenario', () => {
    const [a, b] = shards(2);
    expect(a?.faults).toHaveLength(1);
    expect(b?.faults).toHaveLength(1);
    expect(a && faultsOfThisShard(a)).toHaveLength(1);
    expect(b && faultsOfThisShard(b)).toEqual([]);
    expect(a && warmupPlanOfThisShard(a).clusterWarmup.mode).toBe('auto');
    expect(b && warmupPlanOfThisShard(b).clusterWarmup.mode).toBe('off');
    expect(b?.clusterWarmup.mode).toBe('auto');
  });

  it('splits a closed loop\'s in-flight bound so the shards\' bounds add up to it', () => {
    const input: ScenarioInput = { name: 'u', duration: '5s', producers: [{ load: { type: 'unthrottled', maxInFlight: 10 } }] };
    expect(shards(3, input).map((part) => part.producers[0]?.maxInFlight)).toEqual([4, 3, 3]);
    expect(() => shards(11, input)).toThrow(/at most 10 in flight: too few to split between 11 shards/);
  });

  it('refuses a backlog phase, a pipeline stage and a container cluster', () => {
    const backlog: ScenarioInput = { name: 'b', duration: '20s', producers: [{ load: { type: 'constant', ratePerSec: 10 } }], consumers: [{ backlog: { after: '2s', size: '100 messages' } }] };
    expect(() => shards(2, backlog)).toThrow(/builds a backlog/);
    const pipeline: ScenarioInput = { name: 'p', duration: '20s', producers: [{ load: { type: 'constant', ratePerSec: 10 } }], consumers: [{ groupId: 'st', stage: { transform: { type: 'enrich' }, output: { name: 'out' } } }] };
    expect(() => shards(2, pipeline)).toThrow(/consumer group st is a pipeline stage, which a sharded run cannot do yet/);
    const containers: ScenarioInput = { ...scenario, faults: [], cluster: { provider: 'testcontainers' } };
    expect(() => shards(2, containers)).toThrow(KbenchError);
  });
});

describe('slicedCount', () => {
  it('counts message k, k+n, … below the total', () => {
    expect([0, 1, 2, 3].map((k) => slicedCount(10, { index: k, count: 4 }))).toEqual([3, 3, 2, 2]);
    expect(slicedCount(0, { index: 0, count: 3 })).toBe(0);
    expect(slicedCount(2, { index: 2, count: 3 })).toBe(0);
  });
});

describe('applyShardOptions', () => {
  it('needs a run id with --shard, and --shard with the others', () => {
    expect(() => applyShardOptions(whole(), { shard: '0/2' })).toThrow(/--shard needs --run-id/);
    expect(() => applyShardOptions(whole(), { runId: 'x' })).toThrow(/--run-id is for sharded runs/);
    expect(() => applyShardOptions(whole(), { startAt: '2026-12-01T10:00:00Z' })).toThrow(/--start-at is for sharded runs/);
    expect(applyShardOptions(whole(), {}).shard).toBeUndefined();
  });
  it.each(['a b', 'x'.repeat(65), 'ü', ''])('refuses the run id %j', (runId) => {
    expect(() => applyShardOptions(whole(), { shard: '0/2', runId })).toThrow(/--run-id expects/);
  });
  it.each(['tomorrow', '2026-12-01', '2026-12-01T10:00:00', '2026-13-01T10:00:00Z'])('refuses the start time %j', (startAt) => {
    expect(() => applyShardOptions(whole(), { shard: '0/2', runId: 'r', startAt })).toThrow(/--start-at expects/);
  });
  it('keeps the start time and the run id in the plan', () => {
    const plan = applyShardOptions(whole(), { shard: '1/2', runId: 'job-7', startAt: '2026-12-01T10:00:00.500+01:00' });
    expect(plan.shard).toEqual({ index: 1, count: 2, runId: 'job-7', startAtEpochMs: Date.parse('2026-12-01T09:00:00.500Z'), producersPerShard: 3 });
  });
});
