/**
 * What a run may do to topics and groups (issue 13): which topic name, create / use / recreate /
 * delete given the cluster's owner, the flags and whether the topic exists; the run's names in
 * the plan; how validate explains it; compare not tripping over run ids.
 */
import { describe, expect, it } from 'vitest';
import { planDifferences } from '../../src/compare/report-differences.js';
import { KbenchError } from '../../src/errors.js';
import { renderSummary } from '../../src/report/render-console.js';
import { describeTopicOwnership, renderOwnershipLine } from '../../src/report/render-ownership.js';
import type { OwnershipReport } from '../../src/report/report-types.js';
import { describeOwnership, newRunId, ownTopicName, runGroupId, topicPolicy, topicStep, withRunNames } from '../../src/scenario/cluster-ownership.js';
import type { PlannedTopic } from '../../src/scenario/plan-types.js';
import { renderPlan } from '../../src/scenario/render-plan.js';
import { resolveScenario, type RunOverrides } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';

const RUN = 'a1b2c3';
const topic = (changes: Partial<PlannedTopic> = {}): PlannedTopic => ({ name: 'orders', partitions: 6, replicationFactor: 3, configs: {}, recreate: true, keep: false, recreateExisting: false, ...changes });

const external: ScenarioInput = {
  name: 'shared',
  cluster: { brokers: ['kafka-1:9092'] },
  topic: { name: 'orders' },
  duration: '10s',
  producers: [{ load: { type: 'constant', ratePerSec: 100 } }],
  consumers: [{ members: 2, schedule: [{ at: '5s', action: 'leave' }] }, { groupId: 'audit' }],
};

function plan(scenario: ScenarioInput, overrides: RunOverrides = {}) {
  expect(validateScenario(scenario)).toEqual([]);
  return resolveScenario(scenario, 'scenarios/shared.ts', overrides);
}

describe('names', () => {
  it('gives kbench topics a recognisable prefix and the run id, within 249 characters', () => {
    expect(ownTopicName('orders', RUN)).toBe('kbench-orders-a1b2c3');
    const long = ownTopicName('x'.repeat(249), RUN);
    expect(long).toHaveLength(249);
    expect(long.startsWith('kbench-x')).toBe(true);
    expect(long.endsWith('-a1b2c3')).toBe(true);
  });

  it('appends the run id to group ids', () => {
    expect(runGroupId('kbench-shared-0', RUN)).toBe('kbench-shared-0-a1b2c3');
  });

  it('makes run ids of 6 hex digits, different from run to run', () => {
    expect(newRunId(() => 0)).toBe('000000');
    expect(newRunId(() => 0.999_999_99)).toBe('ffffff');
    expect(newRunId()).toMatch(/^[0-9a-f]{6}$/);
    expect(new Set(Array.from({ length: 20 }, () => newRunId())).size).toBeGreaterThan(1);
  });
});

describe('topicPolicy', () => {
  it('a sharded run: one topic named with the shared run id, created by shard 0, awaited by the others, never deleted', () => {
    expect(topicPolicy(topic(), 'kbench', RUN, { index: 0 })).toMatchObject({ name: 'orders-a1b2c3', preparation: 'create-new', deleteAtEnd: false });
    expect(topicPolicy(topic(), 'kbench', RUN, { index: 1 })).toMatchObject({ name: 'orders-a1b2c3', preparation: 'await-shard-0', deleteAtEnd: false });
    expect(topicPolicy(topic(), 'external', RUN, { index: 0 })).toMatchObject({ name: 'kbench-orders-a1b2c3', preparation: 'create-new', deleteAtEnd: false, keptBecause: expect.stringContaining('sharded') });
    expect(topicPolicy(topic(), 'external', RUN, { index: 2 })).toMatchObject({ name: 'kbench-orders-a1b2c3', preparation: 'await-shard-0' });
    // An existing topic stays what it is, in every shard.
    expect(topicPolicy(topic({ recreate: false }), 'external', RUN, { index: 1 })).toMatchObject({ name: 'orders', preparation: 'use-existing', deleteAtEnd: false });
    expect(topicStep(topicPolicy(topic(), 'kbench', RUN, { index: 1 }), false)).toEqual({ deleteFirst: false, create: false });
  });

  it("leaves kbench's own clusters as they were: recreate the named topic, or use it (created when missing), never deleted at the end", () => {
    expect(topicPolicy(topic(), 'kbench', RUN)).toMatchObject({ name: 'orders', preparation: 'recreate', deleteAtEnd: false });
    expect(topicPolicy(topic({ recreate: false }), 'kbench', RUN)).toMatchObject({ name: 'orders', preparation: 'use-or-create', deleteAtEnd: false });
    expect(topicPolicy(topic({ keep: true }), 'kbench', RUN).name).toBe('orders');
  });

  it('on an external cluster, by default creates a topic of its own and deletes it at the end', () => {
    expect(topicPolicy(topic(), 'external', RUN)).toEqual({ name: 'kbench-orders-a1b2c3', configuredName: 'orders', preparation: 'create-new', deleteAtEnd: true, keptBecause: undefined });
  });

  it('keeps its own topic on request', () => {
    expect(topicPolicy(topic({ keep: true }), 'external', RUN)).toMatchObject({ name: 'kbench-orders-a1b2c3', preparation: 'create-new', deleteAtEnd: false, keptBecause: expect.stringContaining('kept on request') });
  });

  it('with recreate: false uses the existing topic by its exact name and never deletes it', () => {
    expect(topicPolicy(topic({ recreate: false, keep: true }), 'external', RUN)).toMatchObject({ name: 'orders', preparation: 'use-existing', deleteAtEnd: false });
    expect(topicPolicy(topic({ recreate: false }), 'external', RUN).deleteAtEnd).toBe(false);
  });

  it('deletes and recreates an existing external topic only with --recreate-topic', () => {
    expect(topicPolicy(topic({ recreateExisting: true }), 'external', RUN)).toMatchObject({ name: 'orders', preparation: 'recreate', deleteAtEnd: false });
  });
});

describe('topicStep', () => {
  const step = (changes: Partial<PlannedTopic>, owner: 'kbench' | 'external', exists: boolean) => topicStep(topicPolicy(topic(changes), owner, RUN), exists);

  it('recreates: delete only what exists, then create', () => {
    expect(step({}, 'kbench', true)).toEqual({ deleteFirst: true, create: true });
    expect(step({}, 'kbench', false)).toEqual({ deleteFirst: false, create: true });
    expect(step({ recreateExisting: true }, 'external', true)).toEqual({ deleteFirst: true, create: true });
  });

  it("on kbench's cluster, recreate: false uses what is there and creates what is missing", () => {
    expect(step({ recreate: false }, 'kbench', true)).toEqual({ deleteFirst: false, create: false });
    expect(step({ recreate: false }, 'kbench', false)).toEqual({ deleteFirst: false, create: true });
  });

  it('on an external cluster, recreate: false needs the topic and never deletes or creates it', () => {
    expect(step({ recreate: false }, 'external', true)).toEqual({ deleteFirst: false, create: false });
    expect(step({ recreate: false }, 'external', false)).toMatchObject({ error: expect.stringContaining('topic orders does not exist') });
  });

  it('never deletes an existing topic in the place of its own', () => {
    expect(step({}, 'external', false)).toEqual({ deleteFirst: false, create: true });
    expect(step({}, 'external', true)).toMatchObject({ error: expect.stringContaining('kbench-orders-a1b2c3 already exists') });
    expect(step({ keep: true }, 'external', true)).toHaveProperty('error');
  });
});

describe('the flags', () => {
  it('--keep-topic and topic.keep are one setting; --recreate-topic comes only from the command line', () => {
    expect(plan(external).topic).toMatchObject({ keep: false, recreateExisting: false });
    expect(plan(external, { keepTopic: true }).topic.keep).toBe(true);
    expect(plan({ ...external, topic: { name: 'orders', keep: true } }).topic.keep).toBe(true);
    expect(plan(external, { recreateTopic: true }).topic.recreateExisting).toBe(true);
    // A scenario file cannot ask for it.
    expect(validateScenario({ ...external, topic: { name: 'orders', recreateExisting: true } as never })).toEqual([expect.objectContaining({ path: 'topic.recreateExisting' })]);
  });

  it('refuses --recreate-topic on a scenario that uses the existing topic (recreate: false)', () => {
    expect(() => plan({ ...external, topic: { name: 'orders', recreate: false } }, { recreateTopic: true })).toThrow(KbenchError);
  });
});

describe('withRunNames', () => {
  it('renames the topic, the groups and the member ids built from them, consistently', () => {
    const configured = plan(external);
    const named = withRunNames(configured, 'kbench-orders-a1b2c3', RUN);
    expect(named.topic.name).toBe('kbench-orders-a1b2c3');
    expect(named.consumerGroups.map((g) => g.groupId)).toEqual(['kbench-shared-0-a1b2c3', 'audit-a1b2c3']);
    const first = named.consumerGroups[0];
    expect(first?.members.map((m) => [m.id, m.groupId])).toEqual([
      ['kbench-shared-0-a1b2c3#0', 'kbench-shared-0-a1b2c3'],
      ['kbench-shared-0-a1b2c3#1', 'kbench-shared-0-a1b2c3'],
    ]);
    expect(first?.schedule[0]?.consumerIds).toEqual(['kbench-shared-0-a1b2c3#1']);
    const placed = named.workers.flatMap((w) => w.consumerIds);
    expect(placed).toEqual(expect.arrayContaining(['kbench-shared-0-a1b2c3#0', 'kbench-shared-0-a1b2c3#1', 'audit-a1b2c3#0']));
    // The configured plan is left as it was.
    expect(configured.topic.name).toBe('orders');
    expect(configured.consumerGroups[0]?.groupId).toBe('kbench-shared-0');
  });

  it('leaves compare without differences between two runs of one plan', () => {
    const configured = plan(external);
    const a = withRunNames(configured, ownTopicName('orders', 'aaaaaa'), 'aaaaaa');
    const b = withRunNames(configured, ownTopicName('orders', 'bbbbbb'), 'bbbbbb');
    expect(planDifferences(a, b)).toEqual([]);
    expect(planDifferences(a, plan(external, { keepTopic: true }))).toEqual([]);
  });
});

describe('validate explains what will happen', () => {
  it('on an embedded cluster', () => {
    expect(describeOwnership(plan({ ...external, cluster: { nodes: 1 }, topic: { name: 'orders', replicationFactor: 1 } }))).toContain('embedded cluster: kbench deletes and creates topic orders');
  });

  it('on an external cluster, for each choice', () => {
    expect(renderPlan(plan(external))).toContain('ownership an external cluster: kbench creates a topic of its own, kbench-orders-<run id>, and deletes it at the end');
    expect(describeOwnership(plan(external, { keepTopic: true }))).toContain('keeps it after the run');
    expect(describeOwnership(plan({ ...external, topic: { name: 'orders', recreate: false } }))).toContain('writes into the existing topic orders as it is');
    expect(describeOwnership(plan(external, { recreateTopic: true }))).toContain('DELETES topic orders');
    expect(describeOwnership(plan(external))).toContain('group ids get the run id appended and are deleted at the end');
  });
});

describe('the report says what was used and left behind', () => {
  const ownership = (changes: Partial<OwnershipReport['topic']> = {}, cluster: OwnershipReport['cluster'] = 'external'): OwnershipReport => ({
    runId: RUN,
    cluster,
    topic: { name: 'kbench-orders-a1b2c3', configuredName: 'orders', action: 'created', createdByKbench: true, deleted: true, ...changes },
    consumerGroups: [{ groupId: 'kbench-shared-0-a1b2c3', configuredId: 'kbench-shared-0', deleted: true }],
  });

  it('describes the topic for each case', () => {
    expect(describeTopicOwnership(undefined)).toBeUndefined();
    expect(describeTopicOwnership(ownership())).toBe('external cluster: created by this run, deleted at the end');
    expect(describeTopicOwnership(ownership({ deleted: false, note: 'kept on request (topic.keep or --keep-topic)' }))).toBe('external cluster: created by this run, kept (kept on request (topic.keep or --keep-topic))');
    expect(describeTopicOwnership(ownership({ name: 'orders', action: 'existing', createdByKbench: false, deleted: false, before: { partitions: 3, messages: 1234 } }))).toBe(
      'external cluster: existing topic, not created by kbench, 1,234 message(s) before the run, left in place',
    );
    expect(describeTopicOwnership(ownership({ name: 'orders', action: 'recreated', deleted: false }, 'kbench'))).toBe("kbench's cluster: deleted and created by this run, kept");
  });

  it('puts the real names under the console heading', () => {
    const report = cloneSampleReport();
    report.ownership = ownership();
    const text = renderSummary(report, { color: false });
    expect(text).toContain('run a1b2c3 · topic kbench-orders-a1b2c3 — external cluster: created by this run, deleted at the end · group(s) kbench-shared-0-a1b2c3 (deleted)');
    expect(renderOwnershipLine(cloneSampleReport())).toBeUndefined();
  });
});
