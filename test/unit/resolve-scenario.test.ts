import { describe, expect, it } from 'vitest';
import { KbenchError } from '../../src/errors.js';
import { renderPlan } from '../../src/scenario/render-plan.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

const minimal: ScenarioInput = { name: 'mini', duration: '10s', producers: [{ load: { type: 'constant', ratePerSec: 100 } }] };

function plan(scenario: ScenarioInput, overrides = {}) {
  expect(validateScenario(scenario)).toEqual([]);
  return resolveScenario(scenario, 'scenarios/mini.ts', overrides);
}

describe('resolveScenario', () => {
  it('fills in every default', () => {
    const p = plan(minimal);
    expect(p.scenarioFile).toMatch(/^\/.*scenarios\/mini\.ts$/);
    expect(p.client).toBe('confluent');
    expect(p.cluster).toEqual({ kind: 'embedded', nodes: 3, brokerConfig: {} });
    expect(p.topic).toEqual({ name: 'compras', partitions: 6, replicationFactor: 3, configs: {}, recreate: true, keep: false, recreateExisting: false });
    expect([p.warmupMs, p.durationMs, p.drainMs]).toEqual([0, 10_000, 30_000]);
    expect(p.producers).toEqual([
      {
        id: 'producers#0',
        index: 0,
        group: 'producers',
        workerId: 0,
        load: { type: 'constant', ratePerSec: 100 },
        maxInFlight: 100_000,
        acks: 'all',
        idempotent: false,
        compression: 'none',
        lingerMs: undefined,
        batchSizeBytes: undefined,
        keys: { strategy: 'none' },
        messageSizeBytes: undefined,
        seed: 1,
        clientConfig: {},
      },
    ]);
    expect(p.consumerGroups).toEqual([
      {
        groupId: 'kbench-mini-0',
        topicName: 'compras',
        readCommitted: false,
        checkedByMessage: true,
        upstreamStages: [],
        startFrom: 'earliest',
        groupProtocol: 'classic',
        assignmentStrategy: 'range',
        sessionTimeoutMs: undefined,
        schedule: [],
        members: [
          {
            id: 'kbench-mini-0#0',
            groupId: 'kbench-mini-0',
            workerId: 1,
            startFrom: 'earliest',
            groupProtocol: 'classic',
            assignmentStrategy: 'range',
            processingTimeMs: 0,
            sessionTimeoutMs: undefined,
            origin: 'initial',
            clientConfig: {},
          },
        ],
      },
    ]);
    expect(p.workers).toEqual([
      { id: 0, host: 'process', producerIds: ['producers#0'], consumerIds: [] },
      { id: 1, host: 'process', producerIds: [], consumerIds: ['kbench-mini-0#0'] },
    ]);
    expect(p.expectedMessages).toBe(1_000);
    expect(p.outputTopics).toEqual([]);
  });

  it('resolves a pipeline: each group\'s topic, stages with their depth and output topics, read_committed behind exactly-once, no message check behind an aggregate', () => {
    const p = plan({
      ...minimal,
      topic: { partitions: 4 },
      consumers: [
        { groupId: 'enrich', stage: { transform: { type: 'enrich' }, semantics: 'exactly-once', output: { name: 'enriched' }, processingCostUs: 50 } },
        { groupId: 'keep', topic: 'enriched', stage: { transform: { type: 'filter', categories: ['libros'] }, output: { name: 'libros', partitions: 2 } } },
        { groupId: 'stores', topic: 'enriched', stage: { transform: { type: 'aggregate' }, output: { name: 'stores' } } },
        { groupId: 'read-libros', topic: 'libros' },
        { groupId: 'read-stores', topic: 'stores' },
        { groupId: 'read-enriched', topic: 'enriched' },
      ],
    });
    const byId = new Map(p.consumerGroups.map((g) => [g.groupId, g]));
    expect(p.outputTopics.map((t) => [t.name, t.partitions])).toEqual([['enriched', 4], ['libros', 2], ['stores', 4]]);
    expect(byId.get('enrich')?.stage).toMatchObject({ stageIndex: 0, semantics: 'exactly-once', outputTopic: 'enriched', processingCostUs: 50, transactionTimeoutMs: 10_000, carriesMessages: true });
    expect(byId.get('keep')?.stage).toMatchObject({ stageIndex: 1, semantics: 'at-least-once', outputTopic: 'libros' });
    expect(byId.get('stores')?.stage?.carriesMessages).toBe(false);
    expect(byId.get('keep')?.readCommitted).toBe(true);
    expect(byId.get('read-enriched')?.readCommitted).toBe(true);
    expect(byId.get('read-libros')?.readCommitted).toBe(false);
    expect(byId.get('read-libros')?.upstreamStages).toEqual(['keep', 'enrich']);
    expect(byId.get('read-libros')?.checkedByMessage).toBe(true);
    expect(byId.get('read-stores')?.checkedByMessage).toBe(false);
    expect(byId.get('enrich')?.topicName).toBe('compras');
    expect(byId.get('enrich')?.upstreamStages).toEqual([]);
    const text = renderPlan(p);
    expect(text).toContain('enrich reads compras → stage 0: enrich: VAT split and spend tier, exactly-once (a transaction per batch (timeout 10s)), 50 µs CPU per event → enriched (4 partitions)');
    expect(text).toContain('keep reads enriched (read_committed) → stage 1: filter: categories libros, at-least-once (commits every 5s) → libros (2 partitions)');
    expect(text).toContain('read-stores reads stores, not checked message by message');
    expect(renderPlan(plan(minimal))).not.toContain('pipeline');
  });

  it('resolves topic settings, a one-node cluster and an external one', () => {
    const one = plan({ ...minimal, cluster: { nodes: 1 }, topic: { minInsyncReplicas: 1, configs: { 'retention.ms': 600000, 'cleanup.policy': 'delete' } } });
    expect(one.topic.replicationFactor).toBe(1);
    expect(one.topic.configs).toEqual({ 'retention.ms': '600000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' });
    const external = plan({ ...minimal, cluster: { brokers: 'a:9092, b:9092' } });
    expect(external.cluster).toEqual({ kind: 'external', brokers: ['a:9092', 'b:9092'], security: { tls: undefined, sasl: undefined } });
    expect(external.topic.replicationFactor).toBe(-1);
  });

  it('splits each group rate exactly among its instances', () => {
    const p = plan({ ...minimal, producers: [{ count: 3, load: { type: 'constant', ratePerSec: 1000 } }] });
    const rates = p.producers.map((producer) => (producer.load.type === 'constant' ? producer.load.ratePerSec : NaN));
    expect(rates).toEqual([1000 / 3, 1000 / 3, 1000 / 3]);
    expect(rates.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 9);
    expect(p.producers.map((producer) => producer.id)).toEqual(['producers#0', 'producers#1', 'producers#2']);
    expect(p.producers.map((producer) => producer.seed)).toEqual([1, 2, 3]);
  });

  it('splits ramps stage by stage, names later groups and numbers producers over the run', () => {
    const p = plan({
      ...minimal,
      producers: [
        { load: { type: 'unthrottled' } },
        { count: 4, load: { type: 'ramping', startRatePerSec: 100, stages: [{ duration: '30s', targetRatePerSec: 1000 }, { duration: '1m', targetRatePerSec: 0 }] }, message: { seed: 10 } },
        { name: 'bulk', load: { type: 'unthrottled', maxInFlight: 50 } },
      ],
    });
    expect(p.producers.map((producer) => [producer.id, producer.index, producer.seed])).toEqual([
      ['producers#0', 0, 1],
      ['producers-2#0', 1, 11],
      ['producers-2#1', 2, 12],
      ['producers-2#2', 3, 13],
      ['producers-2#3', 4, 14],
      ['bulk#0', 5, 6],
    ]);
    expect(p.producers[0]?.maxInFlight).toBe(10_000);
    expect(p.producers[1]?.load).toEqual({ type: 'ramping', startRatePerSec: 25, stages: [{ durationMs: 30_000, targetRatePerSec: 250 }, { durationMs: 60_000, targetRatePerSec: 0 }] });
    expect(p.producers[1]?.maxInFlight).toBe(100_000);
    expect(p.producers[5]?.load).toEqual({ type: 'unthrottled', maxInFlight: 50 });
    expect(p.producers[5]?.maxInFlight).toBe(50);
    expect(p.expectedMessages).toBeUndefined();
  });

  it('counts expected messages for constant load over warm-up plus duration', () => {
    const p = plan({ ...minimal, warmup: '5s', duration: '1m', producers: [{ count: 3, load: { type: 'constant', ratePerSec: 1000 } }, { load: { type: 'constant', ratePerSec: 0.5 } }] });
    // 3 × round(333.33… × 65) = 3 × 21667, plus round(0.5 × 65) = 33.
    expect(p.expectedMessages).toBe(3 * 21_667 + 33);
  });

  it('counts expected messages for a ramp: its integral, the last rate held, cut at the end', () => {
    const ramp = (duration: string, warmup = '0s') =>
      plan({
        ...minimal,
        warmup,
        duration,
        producers: [{ count: 2, load: { type: 'ramping', stages: [{ duration: '10s', targetRatePerSec: 100 }, { duration: '10s', targetRatePerSec: 300 }] } }],
      }).expectedMessages;
    // Whole group: 0→100 over 10 s = 500, 100→300 over 10 s = 2000 (its first 5 s: 100→200 = 750), then 300/s.
    expect(ramp('20s')).toBe(2_500);
    expect(ramp('30s')).toBe(5_500);
    expect(ramp('15s')).toBe(500 + 750);
    expect(ramp('10s', '5s')).toBe(500 + 750);
    // Per instance 0→50 over 3 s: 3 × 15/2 = 22.5 → 22, two instances: 44.
    expect(ramp('3s')).toBe(44);
  });

  it('places producers and consumers round-robin on separate workers; processes for confluent, threads for kafkajs', () => {
    const scenario: ScenarioInput = {
      ...minimal,
      workers: 3,
      producers: [{ count: 4, load: { type: 'constant', ratePerSec: 400 } }],
      consumers: [{ groupId: 'a', members: 2 }, { groupId: 'b' }],
    };
    const confluent = plan(scenario);
    expect(confluent.workers).toEqual([
      { id: 0, host: 'process', producerIds: ['producers#0', 'producers#3'], consumerIds: [] },
      { id: 1, host: 'process', producerIds: ['producers#1'], consumerIds: [] },
      { id: 2, host: 'process', producerIds: ['producers#2'], consumerIds: [] },
      { id: 3, host: 'process', producerIds: [], consumerIds: ['a#0'] },
      { id: 4, host: 'process', producerIds: [], consumerIds: ['a#1'] },
      { id: 5, host: 'process', producerIds: [], consumerIds: ['b#0'] },
    ]);
    expect(confluent.consumerGroups.flatMap((g) => g.members.map((m) => m.workerId))).toEqual([3, 4, 5]);
    const kafkajs = plan({ ...scenario, client: 'kafkajs' });
    expect(kafkajs.workers.map((w) => w.host)).toEqual(['thread', 'thread', 'thread', 'thread', 'thread', 'thread']);
    expect(kafkajs.producers.map((p) => p.workerId)).toEqual([0, 1, 2, 0]);
  });

  it('never has more producer workers than producers, and gives every member a worker of its own', () => {
    expect(plan({ ...minimal, workers: 8 }).workers).toHaveLength(2);
    expect(plan({ ...minimal, workers: 1, consumers: [{ members: 3 }] }).workers).toHaveLength(4);
    expect(plan({ ...minimal, consumers: [] }).workers).toHaveLength(1);
    // At least one producer worker.
    expect(plan(minimal, { workers: 0 }).workers).toHaveLength(2);
  });

  it('spreads producers over the machine\'s cores by default; the file and --workers win', () => {
    const sixProducers = { ...minimal, consumers: [], producers: [{ count: 6, load: { type: 'constant' as const, ratePerSec: 600 } }] };
    const producerWorkers = (p: ReturnType<typeof plan>): number => p.workers.filter((w) => w.producerIds.length > 0).length;
    expect(producerWorkers(plan(sixProducers, { defaultWorkers: 4 }))).toBe(4);
    expect(producerWorkers(plan(sixProducers, { defaultWorkers: 16 }))).toBe(6);
    expect(producerWorkers(plan({ ...sixProducers, workers: 3 }, { defaultWorkers: 4 }))).toBe(3);
    expect(producerWorkers(plan(sixProducers, { defaultWorkers: 4, workers: 1 }))).toBe(1);
  });

  it('resolves a consumer schedule into members that join, leave and crash, newest first', () => {
    const p = plan({
      ...minimal,
      duration: '60s',
      consumers: [
        {
          groupId: 'g',
          members: 2,
          sessionTimeout: '10s',
          schedule: [
            { at: '10s', action: 'scale', members: 4 },
            { at: '20s', action: 'crash' },
            { at: '25s', action: 'slow', processingTimeMs: 5, count: 2 },
            { at: '30s', action: 'scale', members: 1 },
            { at: '40s', action: 'join', count: 2 },
            { at: '50s', action: 'scale', members: 2 },
          ],
        },
      ],
    });
    const [group] = p.consumerGroups;
    expect(group?.sessionTimeoutMs).toBe(10_000);
    expect(group?.members.map((m) => `${m.id}:${m.origin}`)).toEqual(['g#0:initial', 'g#1:initial', 'g#2:scheduled', 'g#3:scheduled', 'g#4:scheduled', 'g#5:scheduled']);
    expect(group?.schedule).toEqual([
      { atMs: 10_000, action: 'join', consumerIds: ['g#2', 'g#3'] },
      { atMs: 20_000, action: 'crash', consumerIds: ['g#3'] },
      { atMs: 25_000, action: 'slow', consumerIds: ['g#1', 'g#2'], processingTimeMs: 5 },
      { atMs: 30_000, action: 'leave', consumerIds: ['g#1', 'g#2'] },
      { atMs: 40_000, action: 'join', consumerIds: ['g#4', 'g#5'] },
      { atMs: 50_000, action: 'leave', consumerIds: ['g#5'] },
    ]);
    // One worker per member besides the producer's.
    expect(p.workers.map((w) => w.consumerIds)).toEqual([[], ['g#0'], ['g#1'], ['g#2'], ['g#3'], ['g#4'], ['g#5']]);
    expect(group?.members.every((m) => p.workers[m.workerId]?.consumerIds.includes(m.id))).toBe(true);
  });

  it('resolves a backlog: its time and size with the unit explicit, shown by renderPlan', () => {
    const sizes = { '30000 messages': { kind: 'messages', messages: 30_000 }, '2MB': { kind: 'bytes', bytes: 2_000_000 }, '1MiB': { kind: 'bytes', bytes: 1_048_576 }, '4s': { kind: 'time', durationMs: 4_000 } };
    for (const [size, expected] of Object.entries(sizes)) {
      const p = plan({ ...minimal, warmup: '2s', consumers: [{ members: 2, backlog: { after: '3s', size } }, { members: 1 }] });
      expect(p.consumerGroups[0]?.backlog).toEqual({ atMs: 3_000, size: expected });
      expect(p.consumerGroups[1]?.backlog).toBeUndefined();
    }
    const text = renderPlan(plan({ ...minimal, consumers: [{ backlog: { after: '2s', size: '30000 messages' } }] }));
    expect(text).toContain('backlog: kbench-mini-0 stops fetching at 2s (no rebalance) and resumes once its backlog reaches 30,000 messages');
  });

  it('defaults the assignor per client and refuses one kafkajs lacks when --client overrides', () => {
    expect(plan({ ...minimal, client: 'kafkajs' }).consumerGroups[0]?.assignmentStrategy).toBe('roundrobin');
    expect(plan({ ...minimal, consumers: [{ groupProtocol: 'consumer' }] }).consumerGroups[0]?.assignmentStrategy).toBeUndefined();
    expect(() => plan({ ...minimal, consumers: [{ assignmentStrategy: 'cooperative-sticky' }] }, { client: 'kafkajs' })).toThrow(/kafkajs" has only the "roundrobin" assignor/);
    expect(() => plan({ ...minimal, consumers: [{ groupProtocol: 'consumer' }] }, { client: 'kafkajs' })).toThrow(/KIP-848/);
  });

  it('lets command-line overrides win over the file', () => {
    const scenario: ScenarioInput = { ...minimal, client: 'confluent', workers: 1, cluster: { nodes: 1 }, consumers: [{ members: 3 }] };
    const p = plan(scenario, { durationMs: 2_000, client: 'kafkajs', brokers: ['127.0.0.1:9092'], workers: 4 });
    expect(p.durationMs).toBe(2_000);
    expect(p.client).toBe('kafkajs');
    expect(p.cluster).toEqual({ kind: 'external', brokers: ['127.0.0.1:9092'], security: { tls: undefined, sasl: undefined } });
    expect(p.topic.replicationFactor).toBe(-1);
    // One producer worker, and three of the four allowed for the three members.
    expect(p.workers).toHaveLength(4);
    expect(p.workers[0]?.host).toBe('thread');
    expect(p.expectedMessages).toBe(200);
  });

  it('carries the thresholds into the plan as written, {} when none', () => {
    expect(plan(minimal).thresholds).toEqual({});
    const thresholds = { 'e2e.p99': '< 50ms', 'counts.failed': '== 0' };
    const p = plan({ ...minimal, thresholds });
    expect(p.thresholds).toEqual(thresholds);
    expect(p.thresholds).not.toBe(thresholds);
  });

  it('refuses a --client kafkajs override with compression kafkajs lacks', () => {
    const scenario: ScenarioInput = { ...minimal, producers: [{ compression: 'zstd', load: { type: 'constant', ratePerSec: 1 } }] };
    expect(() => plan(scenario, { client: 'kafkajs' })).toThrow(KbenchError);
    expect(plan(scenario).producers[0]?.compression).toBe('zstd');
  });
});

describe('renderPlan', () => {
  it('shows every producer, consumer and worker and the expected count', () => {
    const text = renderPlan(
      plan({
        ...minimal,
        description: 'demo',
        warmup: '5s',
        producers: [{ count: 3, load: { type: 'constant', ratePerSec: 1000 }, keys: { strategy: 'hot', count: 100, hotKeys: 10, hotShare: 0.9 }, message: { sizeBytes: 1024 } }],
        consumers: [{ groupId: 'g', members: 2, processingTimeMs: 5 }],
      }),
    );
    expect(text).toContain('scenario  mini - demo');
    expect(text).toContain('cluster   embedded, 3 nodes');
    expect(text).toContain('topic     compras: 6 partitions, replication factor 3');
    expect(text).toContain('ownership an embedded cluster: kbench deletes and creates topic compras before the run');
    expect(text).toContain('warm-up 5s, duration 10s, drain up to 30s');
    expect(text).toMatch(/producers#2 +worker 0 +constant 333\.33 msg\/s +acks all +keys hot: 90 % on 10 of 100 +1,024 B/);
    expect(text).toMatch(/g#1 +worker 3 +group g +from earliest +5 ms per message/);
    expect(text).toMatch(/worker 1 +child process +producers#1\n/);
    expect(text).toMatch(/worker 3 +child process +g#1\n/);
    expect(text).toContain('expected messages  15,000');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('shows ramps and unthrottled load', () => {
    const text = renderPlan(
      plan({
        ...minimal,
        producers: [
          { load: { type: 'ramping', stages: [{ duration: '30s', targetRatePerSec: 1500 }] } },
          { load: { type: 'unthrottled' } },
        ],
        consumers: [],
      }),
    );
    expect(text).toContain('ramping 0 → 1,500 (30s) msg/s');
    expect(text).toContain('unthrottled, at most 10,000 in flight');
    expect(text).toContain('consumers (0 in 0 groups)');
    expect(text).toContain('expected messages  as many as the producers manage (unthrottled)');
  });
});

describe('--duration against the file\'s steps and faults', () => {
  const scenario = {
    name: 'steps',
    duration: '60s',
    warmup: '5s',
    producers: [{ load: { type: 'constant' as const, ratePerSec: 10 } }],
    consumers: [{ members: 1, schedule: [{ at: '10s', action: 'join' as const }, { at: '40s', action: 'leave' as const }] }],
    faults: [{ at: '30s', action: 'kill' as const, node: 1 }],
  };

  it('refuses a duration that ends the run before a step or a fault, naming each', () => {
    expect(() => resolveScenario(scenario, 'steps.ts', { durationMs: 20_000 })).toThrow(/the run ends at 25 s \(warm-up included\), before 2 steps of the scenario/);
    try {
      resolveScenario(scenario, 'steps.ts', { durationMs: 20_000 });
    } catch (error) {
      expect((error as { details: string[] }).details).toEqual(['consumers[0].schedule[1] at 40s', 'faults[0] at 30s']);
    }
    expect(resolveScenario(scenario, 'steps.ts', { durationMs: 36_000 }).durationMs).toBe(36_000);
  });

  it('refuses membership steps added to a group that builds a backlog', () => {
    const backlog = { name: 'b', duration: '60s', producers: [{ load: { type: 'constant' as const, ratePerSec: 10 } }], consumers: [{ backlog: { after: '10s', size: '1000 messages' }, schedule: [{ at: '20s', action: 'join' as const }] }] };
    expect(() => resolveScenario(backlog as never, 'b.ts')).toThrow(/consumers\[0\] builds a backlog \(it pauses and resumes on its own\): membership steps cannot be added to it/);
  });
});
