import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/read-report.js';
import { KbenchError } from '../../src/errors.js';
import type { FindMaxReport, FindMaxStepReport } from '../../src/findmax/find-max-types.js';
import { judgeStep, parseSlo, sloText } from '../../src/findmax/judge-step.js';
import { renderFindMaxHtml, latencyChart, ratePoints, sustainedChart } from '../../src/findmax/render-find-max-html.js';
import { renderFindMaxSummary, renderStepLine } from '../../src/findmax/render-find-max-console.js';
import { DEFAULT_SEARCH } from '../../src/findmax/search.js';
import { findMaxProblems, rateShares, stepPlan } from '../../src/findmax/step-plan.js';
import { RATED_MAX_IN_FLIGHT } from '../../src/scenario/resolve-scenario.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { cloneSampleReport, samplePlan } from '../fixtures/sample-report.js';

const TIMING = { warmupMs: 5_000, durationMs: 20_000, drainMs: 5_000 };
const ASSETS = { script: '/* uPlot */', css: '/* css */' };

describe('find-max step plan', () => {
  it('splits the total rate in proportion to the scenario rates, with the step timing and no thresholds', () => {
    const plan: Plan = structuredClone(samplePlan);
    plan.producers[0]!.load = { type: 'constant', ratePerSec: 3000 };
    plan.producers[1]!.load = { type: 'ramping', startRatePerSec: 0, stages: [{ durationMs: 1000, targetRatePerSec: 1000 }] };
    plan.thresholds = { 'e2e.p99': '< 1ms' };
    const step = stepPlan(plan, 2000, TIMING);
    expect(step.producers.map((producer) => producer.load)).toEqual([
      { type: 'constant', ratePerSec: 1500 },
      { type: 'constant', ratePerSec: 500 },
    ]);
    expect(step).toMatchObject({ warmupMs: 5_000, durationMs: 20_000, drainMs: 5_000, thresholds: {}, expectedMessages: 50_000 });
    expect(plan.producers[0]!.load).toEqual({ type: 'constant', ratePerSec: 3000 });
  });

  it('splits evenly when the scenario is unthrottled, with the rate-driven in-flight bound', () => {
    const plan: Plan = structuredClone(samplePlan);
    for (const producer of plan.producers) {
      producer.load = { type: 'unthrottled', maxInFlight: 500 };
      producer.maxInFlight = 500;
    }
    expect(rateShares(plan.producers)).toEqual([0.5, 0.5]);
    const step = stepPlan(plan, 1000, TIMING);
    expect(step.producers.map((producer) => [producer.load, producer.maxInFlight])).toEqual([
      [{ type: 'constant', ratePerSec: 500 }, RATED_MAX_IN_FLIGHT],
      [{ type: 'constant', ratePerSec: 500 }, RATED_MAX_IN_FLIGHT],
    ]);
  });

  it('refuses scenarios that are not steady, and consumer targets without consumers', () => {
    const plan: Plan = structuredClone(samplePlan);
    expect(findMaxProblems(plan, 'e2e')).toEqual([]);
    plan.faults = [{ atMs: 1000, action: 'kill', node: 1 } as unknown as Plan['faults'][number]];
    plan.consumerGroups[0]!.schedule = [{ atMs: 1000, action: 'crash' } as unknown as Plan['consumerGroups'][number]['schedule'][number]];
    expect(findMaxProblems(plan, 'produce')).toHaveLength(2);
    plan.consumerGroups = [];
    expect(findMaxProblems(plan, 'consume').some((problem) => problem.includes('--target consume needs a consumer group'))).toBe(true);
  });
});

describe('find-max SLO', () => {
  it('parses SLOs written like thresholds, and says the default per target', () => {
    const slo = parseSlo(['e2e.p99 < 80ms', 'produce.p99 < 50ms'], 'produce');
    expect(slo).toEqual({ conditions: { 'e2e.p99': '< 80ms', 'produce.p99': '< 50ms' }, defaulted: false, latencyGroup: 'e2e' });
    expect(sloText(slo)).toBe('e2e.p99 < 80ms and produce.p99 < 50ms');
    expect(parseSlo([], 'produce')).toEqual({ conditions: { 'produce.p99': '< 50ms' }, defaulted: true, latencyGroup: 'produce' });
    expect(parseSlo([], 'consume').conditions).toEqual({ 'e2e.p99': '< 1s' });
    expect(parseSlo(['counts.failed == 0'], 'e2e').latencyGroup).toBe('e2e');
  });

  it('rejects a bad SLO with the problem, and a metric given twice', () => {
    expect(() => parseSlo(['produce.p99 < 50'], 'produce')).toThrow(/has no unit/);
    expect(() => parseSlo(['produce.p99 > +10%'], 'produce')).toThrow(KbenchError);
    expect(() => parseSlo(['produc.p99 < 5ms'], 'produce')).toThrow(/did you mean "produce.p99"/);
    expect(() => parseSlo(['produce.p99 < 5ms', 'produce.p99 < 9ms'], 'produce')).toThrow(/2 problems|has a condition already/);
  });
});

describe('find-max step verdict', () => {
  const slo = parseSlo(['produce.p99 < 50ms'], 'produce');

  it('passes a run that kept up and met the SLO', () => {
    const judgement = judgeStep(cloneSampleReport(), slo, 'produce');
    expect(judgement.reasons).toEqual([]);
    expect(judgement.passed).toBe(true);
    expect(judgement.slo).toEqual([expect.objectContaining({ metric: 'produce.p99', passed: true, actual: 8.175 })]);
  });

  it('fails a run over the SLO, naming the value', () => {
    const judgement = judgeStep(cloneSampleReport(), parseSlo(['produce.p99 < 5ms'], 'produce'), 'produce');
    expect(judgement.passed).toBe(false);
    expect(judgement.reasons).toEqual(['SLO produce.p99 < 5ms not met: 8.18 ms']);
  });

  it('fails a run that did not keep up, and a consumer falling behind only for consumer targets', () => {
    const behind = cloneSampleReport();
    behind.timeline = behind.timeline.map((entry, index) => ({ ...entry, lag: { 'kbench-acks-all-0': index * 2_000 } }));
    expect(judgeStep(behind, slo, 'produce').passed).toBe(true);
    const consume = judgeStep(behind, slo, 'consume');
    expect(consume.passed).toBe(false);
    expect(consume.reasons[0]).toMatch(/^did not keep up: consumer group kbench-acks-all-0 fell behind/);

    const saturated = cloneSampleReport();
    saturated.timeline = saturated.timeline.map((entry) => (entry.phase === 'measure' ? { ...entry, ackedPerSec: entry.ackedPerSec / 2 } : entry));
    const judgement = judgeStep(saturated, slo, 'produce');
    expect(judgement.passed).toBe(false);
    expect(judgement.saturation.verdict).toBe('saturated');
  });

  it('fails a run that did not complete', () => {
    const failed = cloneSampleReport();
    failed.status = 'failed';
    failed.failure = { message: 'worker 1 crashed' };
    expect(judgeStep(failed, slo, 'produce').reasons).toContain('the run failed: worker 1 crashed');
  });
});

function step(index: number, rate: number, passed: boolean, purpose: FindMaxStepReport['purpose'], p99: number): FindMaxStepReport {
  return {
    index,
    rate,
    purpose,
    passed,
    reasons: passed ? [] : [`SLO produce.p99 < 50ms not met: ${p99} ms`],
    offeredPerSec: rate,
    sustainedPerSec: passed ? rate : rate * 0.8,
    consumedPerSec: null,
    latencyP50Ms: p99 / 4,
    latencyP99Ms: p99,
    slo: [],
    saturation: passed ? 'kept-up' : 'saturated',
    validity: passed ? 'valid' : 'invalid',
    status: 'completed',
    startedAt: '2026-11-30T10:00:00.000Z',
    wallMs: 30_000,
    stepReport: `find-max-steps/step-${String(index).padStart(2, '0')}-${rate}.json`,
  };
}

const sampleFindMax: FindMaxReport = {
  kind: 'kbench-find-max',
  schemaVersion: 1,
  status: 'completed',
  scenario: { name: 'acks-all', file: '/x/acks-all.ts', client: 'confluent' },
  target: 'produce',
  slo: { 'produce.p99': '< 50ms' },
  sloDefaulted: false,
  latencyMetric: 'produce',
  search: { ...DEFAULT_SEARCH, startRate: 1000, maxRate: null, budgetMs: 600_000, stepWarmupMs: 5000, stepDurationMs: 20_000, stepDrainMs: 5000 },
  answer: { outcome: 'confirmed', rate: 3000, confirmed: true, bracket: { passed: 3000, failed: 3250 }, reason: '3,000 msg/s met the SLO in all of its 3 runs and 3,900 msg/s (×1.3) did not' },
  startedAt: '2026-11-30T10:00:00.000Z',
  endedAt: '2026-11-30T10:05:00.000Z',
  elapsedMs: 300_000,
  steps: [
    step(1, 1000, true, 'bracket', 5),
    step(2, 2000, true, 'bracket', 9),
    step(3, 4000, false, 'bracket', 120),
    step(4, 3000, true, 'bisect', 30),
    step(5, 3500, false, 'bisect', 70),
    step(6, 3250, false, 'bisect', 55),
    step(7, 3000, true, 'confirm', 33),
    step(8, 3000, true, 'confirm', 31),
    step(9, 3900, false, 'refute', 200),
  ],
};

describe('find-max renderers', () => {
  it('prints a step line with the verdict and the time left, and the reasons of a failure', () => {
    expect(renderStepLine(sampleFindMax.steps[0]!, 'produce', 512_000)).toBe('step 1 · bracket · 1,000 msg/s → sustained 1,000 msg/s · produce p50 1.25 p99 5.00 · ✓ pass · 8m32s left');
    expect(renderStepLine(sampleFindMax.steps[2]!, 'produce', 0)).toBe(
      'step 3 · bracket · 4,000 msg/s → sustained 3,200 msg/s · produce p50 30.0 p99 120 · ✗ fail · 0s left\n    SLO produce.p99 < 50ms not met: 120 ms',
    );
  });

  it('summarises the answer, its bracket and every step', () => {
    const text = renderFindMaxSummary(sampleFindMax, { color: false });
    expect(text).toContain('find-max · acks-all · target produce · SLO produce.p99 < 50ms');
    expect(text).toContain('Maximum sustainable rate: 3,000 msg/s (confirmed)');
    expect(text).toContain('bracket: highest pass 3,000 msg/s, lowest fail above it 3,250 msg/s');
    expect(text).toContain('9 step(s) in 5m (budget 10m)');
    const unconfirmed = renderFindMaxSummary({ ...sampleFindMax, answer: { ...sampleFindMax.answer, outcome: 'not-confirmed', confirmed: false } }, { color: false });
    expect(unconfirmed).toContain('Maximum sustainable rate: 3,000 msg/s — NOT confirmed');
    const none = renderFindMaxSummary({ ...sampleFindMax, answer: { ...sampleFindMax.answer, outcome: 'none', rate: null, confirmed: false, bracket: { passed: null, failed: 1000 } } }, { color: false });
    expect(none).toContain('No rate met the SLO.');
    expect(none).toContain('bracket: no rate passed; the lowest tried, 1,000 msg/s, failed');
  });

  it('charts one point per rate (its worst run) against the SLO bound and the sustained rate', () => {
    expect(ratePoints(sampleFindMax.steps).map((point) => [point.rate, point.p99, point.passed])).toEqual([
      [1000, 5, true],
      [2000, 9, true],
      [3000, 33, true],
      [3250, 55, false],
      [3500, 70, false],
      [3900, 200, false],
      [4000, 120, false],
    ]);
    const latency = latencyChart(sampleFindMax);
    expect(latency.xAxis).toBe('rate');
    expect(latency.series.map((series) => series.label)).toEqual(['produce p99', 'produce p50', 'SLO bound (< 50ms)']);
    expect(latency.data[3]).toEqual(Array(7).fill(50));
    expect(latency.bands).toEqual([{ from: 3000, to: 3250, kind: 'phase', label: 'answer' }]);
    const sustained = sustainedChart(sampleFindMax);
    expect(sustained.data[1]?.[3]).toBe(2600);
    expect(sustained.data[2]).toEqual(sustained.data[0]);
  });

  it('renders a self-contained page with the answer, both charts and the steps', () => {
    const html = renderFindMaxHtml(sampleFindMax, ASSETS);
    expect(html).toContain('Maximum sustainable rate: 3,000 msg/s (confirmed)');
    expect(html).toContain('id="chart-find-max-latency"');
    expect(html).toContain('id="chart-find-max-sustained"');
    expect(html).toContain('id="kbench-find-max"');
    expect(html).toContain('find-max-steps/step-09-3900.json');
    expect(html).not.toMatch(/src="http|href="http/);
  });
});

describe('a find-max report where a run report is expected', () => {
  it('is refused by name, with what to read instead', () => {
    const folder = mkdtempSync(join(tmpdir(), 'kbench-find-max-read-'));
    try {
      const path = join(folder, 'find-max.json');
      writeFileSync(path, JSON.stringify(sampleFindMax));
      let caught: unknown;
      try {
        readReport(path);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KbenchError);
      expect((caught as KbenchError).message).toBe(`${path} is a find-max report (a search over rates), not the report of one run`);
      expect((caught as KbenchError).hint).toMatch(/comparing two find-max reports is not supported/);
      expect((caught as KbenchError).exitCode).toBe(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
