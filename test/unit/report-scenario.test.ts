/** The report's `scenario` is its own type, mapped field by field from the plan (`runner/report-scenario.ts`). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/read-report.js';
import { reportScenario } from '../../src/report/report-scenario-shape.js';
import { buildReport } from '../../src/runner/build-report.js';
import { reportScenarioOf } from '../../src/runner/report-scenario.js';
import { RunAggregator } from '../../src/runner/run-aggregator.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { samplePlan, sampleReport } from '../fixtures/sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'kbench-report-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scenarios using most of what a plan can say: ramps, key strategies, schedules, a backlog, faults, thresholds, TLS and SASL. */
const SCENARIOS: ScenarioInput[] = [
  {
    name: 'embedded-everything',
    cluster: { nodes: 3 },
    topic: { partitions: 6, replicationFactor: 3 },
    duration: '60s',
    producers: [
      { load: { type: 'ramping', startRatePerSec: 100, stages: [{ duration: '20s', targetRatePerSec: 1_000 }] }, keys: { strategy: 'hot', count: 100, hotKeys: 2, hotShare: 0.5 }, lingerMs: 5 },
      { load: { type: 'constant', ratePerSec: 500 }, keys: { strategy: 'zipf', count: 50, exponent: 1.1 }, acks: 1 },
    ],
    consumers: [
      { members: 2, schedule: [{ at: '20s', action: 'join' }, { at: '30s', action: 'slow', processingTimeMs: 2 }, { at: '40s', action: 'crash' }] },
      { members: 1, backlog: { after: '15s', size: '10000 messages' } },
    ],
    faults: [{ at: '25s', action: 'pause', node: 'leader', duration: '3s' }],
    thresholds: { 'e2e.p99': '< 50ms', 'counts.failed': '== 0' },
  },
  {
    name: 'external-secured',
    cluster: { brokers: 'kafka.example:9093', tls: { caFile: './ca.pem' }, sasl: { mechanism: 'scram-sha-512', username: 'bench', password: { env: 'KBENCH_TEST_PASSWORD' } } },
    topic: { partitions: 2 },
    duration: '10s',
    producers: [{ load: { type: 'unthrottled', maxInFlight: 1_000 } }],
  },
];

describe('reportScenarioOf', () => {
  it('writes the plan as the report documents it, and passes the report reader’s checks', () => {
    const scenario = JSON.parse(JSON.stringify(reportScenarioOf(samplePlan)));
    expect(scenario).toEqual(JSON.parse(JSON.stringify(samplePlan)));
    const issues: string[] = [];
    reportScenario(scenario, 'scenario', issues);
    expect(issues).toEqual([]);
  });

  it('does not carry a field the plan gains until the mapping says so', () => {
    const plan = { ...samplePlan, internalOnly: 1, topic: { ...samplePlan.topic, internalToo: true } } as unknown as Plan;
    const scenario = reportScenarioOf(plan) as unknown as Record<string, unknown>;
    expect(scenario).not.toHaveProperty('internalOnly');
    expect(scenario.topic).not.toHaveProperty('internalToo');
  });

  it('masks secret settings', () => {
    const plan: Plan = { ...samplePlan, producers: samplePlan.producers.map((producer) => ({ ...producer, clientConfig: { 'sasl.password': 'hunter22' } })) };
    expect(reportScenarioOf(plan).producers[0]?.clientConfig['sasl.password']).toBe('***');
  });
});

describe('a report built from a real plan', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('passes the report reader’s checks (%s)', (name, scenario) => {
    expect(validateScenario(scenario)).toEqual([]);
    const plan = resolveScenario(scenario, `/bench/scenarios/${name}.ts`);
    const report = buildReport({
      plan,
      status: 'completed',
      failure: undefined,
      aggregator: new RunAggregator(plan),
      environment: sampleReport.environment,
      clientConfig: { producers: {}, consumers: {} },
      startedAtMs: Date.parse(sampleReport.startedAt),
      endedAtMs: Date.parse(sampleReport.endedAt),
      warmupRunMs: 0,
      measuredRunMs: 0,
      resources: [],
      workers: [],
      rebalances: [],
      consumerEvents: [],
      faults: [],
    });
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(report));
    expect(readReport(path).scenario).toEqual(JSON.parse(JSON.stringify(reportScenarioOf(plan))));
  });
});
