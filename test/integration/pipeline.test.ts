/**
 * Pipelines against a real one-node Kafka: a stage of two members enriching `compras`, one member
 * killed mid-run, and a group reading the stage's output topic. Exactly-once (a transaction per
 * batch, the reader read_committed) must deliver every acknowledged purchase to the reader once;
 * at-least-once (commits every 30 s here, so the kill lands before any) must deliver every one, and
 * the crashed member's processed-but-uncommitted inputs twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

type Semantics = 'at-least-once' | 'exactly-once';

const CRASH_AT_S = 8;

function pipelineScenario(semantics: Semantics, brokers: string[]): ScenarioInput {
  return {
    name: `pipeline-${semantics}`,
    cluster: { brokers },
    topic: { partitions: 4 },
    duration: '16s',
    drain: '40s',
    producers: [{ load: { type: 'constant', ratePerSec: 200 }, acks: 'all', idempotent: true, keys: { strategy: 'field', field: 'customer' } }],
    consumers: [
      {
        groupId: 'enrich',
        members: 2,
        sessionTimeout: '6s',
        stage: {
          transform: { type: 'enrich' },
          semantics,
          output: { name: 'enriched' },
          ...(semantics === 'at-least-once' ? { commitInterval: '30s' } : { transactionTimeout: '6s' }),
        },
        schedule: [{ at: `${CRASH_AT_S}s`, action: 'crash' }],
      },
      { groupId: 'readers', topic: 'enriched' },
    ],
  };
}

async function runPipeline(semantics: Semantics, brokers: string[]): Promise<KbenchReport> {
  const scenario = pipelineScenario(semantics, brokers);
  expect(validateScenario(scenario)).toEqual([]);
  const plan = resolveScenario(scenario, `pipeline-${semantics}.ts`, { clusterWarmupMode: 'off' });
  return runScenario(plan, { observer: { log: () => {}, onSecond: () => {} } });
}

function groupIdStartingWith(report: KbenchReport, prefix: string): string {
  const id = report.consumerGroups.map((group) => group.groupId).find((groupId) => groupId.startsWith(`${prefix}-`));
  if (id === undefined) throw new Error(`no group ${prefix}-… in the report`);
  return id;
}

/** What every pipeline run must show, whatever its semantics. */
function expectPipelineRan(report: KbenchReport): { stageId: string; readerId: string } {
  expect(report.status).toBe('completed');
  const stageId = groupIdStartingWith(report, 'enrich');
  const readerId = groupIdStartingWith(report, 'readers');
  expect(report.consumerEvents.filter((event) => event.type === 'crashed' && event.groupId === stageId)).toHaveLength(1);
  const pipeline = report.pipeline;
  expect(pipeline).toBeDefined();
  const stage = pipeline?.stages[0];
  expect(stage).toMatchObject({ groupId: stageId, stageIndex: 0, members: 2 });
  // Every acknowledged purchase went through the stage (some twice: the crashed member's were read again).
  expect(stage?.counts.transformed).toBeGreaterThanOrEqual(report.counts.acked);
  expect(stage?.inputPerSec).toBeGreaterThan(0);
  expect(stage?.intendedToReceive.count).toBeGreaterThan(0);
  expect(stage?.receiveToAck.count).toBeGreaterThan(0);
  // The run's end-to-end latency is the reader's: the stage's members see the messages half-way.
  expect(pipeline?.endToEndGroups).toEqual([readerId]);
  const reader = pipeline?.readers.find((r) => r.groupId === readerId);
  expect(reader?.writtenBy).toBe(stageId);
  expect(reader?.e2e.count).toBe(report.latency.e2e.count);
  expect(reader?.e2e.p50).toBeGreaterThan(stage?.intendedToReceive.p50 ?? Number.POSITIVE_INFINITY);
  // The output topic was kbench's (an external cluster: created for the run) and is gone.
  expect(report.ownership?.outputTopics).toMatchObject([{ createdByKbench: true, deleted: true }]);
  return { stageId, readerId };
}

describe('pipelines against a real broker', () => {
  let cluster: EmbeddedCluster;

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('exactly-once with a stage member killed: the reader of the output got every acknowledged purchase once', async () => {
    const report = await runPipeline('exactly-once', cluster.brokers);
    const { readerId } = expectPipelineRan(report);
    expect(report.pipeline?.readers.find((r) => r.groupId === readerId)?.readCommitted).toBe(true);
    expect(report.integrity?.checkedGroups).toContain(readerId);
    expect(report.integrity?.groups[readerId]).toMatchObject({ lost: 0, duplicated: 0, consumedUnique: report.counts.acked });
  });

  it('at-least-once with a stage member killed before its first commit: nothing lost, its processed inputs written twice', async () => {
    const report = await runPipeline('at-least-once', cluster.brokers);
    const { stageId, readerId } = expectPipelineRan(report);
    const reader = report.integrity?.groups[readerId];
    expect(reader).toMatchObject({ lost: 0, consumedUnique: report.counts.acked });
    // The survivor read the crashed member's partitions from the start again: each of those inputs it had transformed came out twice.
    expect(reader?.duplicated).toBeGreaterThan(0);
    expect(reader?.duplicated).toBeLessThanOrEqual(report.integrity?.groups[stageId]?.duplicated ?? 0);
  });
});
