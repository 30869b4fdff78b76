/** The report's `scenario` is its own type, mapped field by field from the plan (`runner/report-scenario.ts`). */
import { describe, expect, it } from 'vitest';
import { reportScenario } from '../../src/report/report-scenario-shape.js';
import { reportScenarioOf } from '../../src/runner/report-scenario.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { samplePlan } from '../fixtures/sample-report.js';

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
