/** `kbench sweep`'s pure parts: the --vary parser, the grid and its validation, the run order, the bundle's merged figures and verdicts, the renderers. */
import { describe, expect, it } from 'vitest';
import { isKbenchError, type KbenchError } from '../../src/errors.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { renderSweepSummary } from '../../src/sweep/render-sweep-console.js';
import { estimateRemainingMs } from '../../src/sweep/run-sweep.js';
import { formatPath, parsePath, parseValue, parseVaryOption, parseVaryOptions } from '../../src/sweep/sweep-axis.js';
import { buildSweepBundle, mergeLatency } from '../../src/sweep/sweep-bundle.js';
import { flaggedBands, sweepCharts } from '../../src/sweep/sweep-charts.js';
import { axisNames, setAtPath, sweepGrid, variantScenarios } from '../../src/sweep/sweep-grid.js';
import { sweepRunOrder } from '../../src/sweep/sweep-order.js';
import { SWEEP_KIND } from '../../src/sweep/sweep-types.js';
import { samplePlan } from '../fixtures/sample-report.js';
import { sampleSweepBundle, sampleSweepInputs, seededLatency } from '../fixtures/sample-sweep.js';

function usageError(action: () => unknown): KbenchError {
  try {
    action();
  } catch (error) {
    if (isKbenchError(error)) {
      expect(error.kind).toBe('usage');
      return error;
    }
    throw error;
  }
  throw new Error('expected a usage error');
}

const scenario: ScenarioInput = {
  name: 'sweep-unit',
  cluster: { nodes: 1 },
  topic: { partitions: 3, replicationFactor: 1 },
  duration: '3s',
  producers: [{ load: { type: 'constant', ratePerSec: 100 }, acks: 'all' }],
};

describe('--vary parser', () => {
  it('reads dotted paths, indices and quoted keys', () => {
    expect(parsePath('producers[0].lingerMs')).toEqual([{ key: 'producers' }, { index: 0 }, { key: 'lingerMs' }]);
    expect(parsePath('producers[0].clientConfig["linger.ms"]')).toEqual([{ key: 'producers' }, { index: 0 }, { key: 'clientConfig' }, { key: 'linger.ms' }]);
    expect(parsePath("topic.configs['retention.ms']")).toEqual([{ key: 'topic' }, { key: 'configs' }, { key: 'retention.ms' }]);
    expect(formatPath(parsePath("producers[0].clientConfig['linger.ms']"))).toBe('producers[0].clientConfig["linger.ms"]');
  });

  it('rejects paths that are not paths, saying where', () => {
    expect(usageError(() => parsePath('producers[0]acks')).message).toContain('expected "." or "[" at "acks"');
    expect(usageError(() => parsePath('producers[x].acks')).message).toContain('[<index>]');
    expect(usageError(() => parsePath('topic.')).message).toContain('expected a field name');
    expect(usageError(() => parsePath('')).message).toContain('empty');
  });

  it('parses values as numbers, booleans or strings; quotes keep a string', () => {
    expect(['0', '5', '0.5', '-1', '1e3', 'true', 'false', 'all', 'lz4', '"5"', "'true'", '10s'].map(parseValue)).toEqual([0, 5, 0.5, -1, 1000, true, false, 'all', 'lz4', '5', 'true', '10s']);
  });

  it('splits PATH=V1,V2 and keeps a quoted comma or = inside a key or value', () => {
    expect(parseVaryOption('producers[0].lingerMs=0,5,20,100')).toEqual({ path: 'producers[0].lingerMs', segments: parsePath('producers[0].lingerMs'), values: [0, 5, 20, 100] });
    expect(parseVaryOption('producers[0].acks=1,all').values).toEqual([1, 'all']);
    expect(parseVaryOption('topic.configs["a=b"]="x,y",z').values).toEqual(['x,y', 'z']);
  });

  it('rejects a missing =, an empty value, a value twice and a path twice', () => {
    expect(usageError(() => parseVaryOption('producers[0].acks')).message).toContain('PATH=V1,V2');
    expect(usageError(() => parseVaryOption('producers[0].acks=1,,all')).message).toContain('empty value');
    expect(usageError(() => parseVaryOption('producers[0].lingerMs=5,5')).message).toContain('given twice');
    expect(usageError(() => parseVaryOptions(['topic.partitions=1', 'topic.partitions=2'])).message).toContain('given twice');
    expect(usageError(() => parseVaryOptions([])).message).toContain('at least one --vary');
  });
});

describe('the grid', () => {
  const axes = parseVaryOptions(['producers[0].acks=1,all', 'producers[0].lingerMs=0,5,20']);

  it('is the cartesian product, the first axis varying slowest', () => {
    const grid = sweepGrid(axes);
    expect(grid.map((variant) => variant.label)).toEqual(['acks=1 lingerMs=0', 'acks=1 lingerMs=5', 'acks=1 lingerMs=20', 'acks=all lingerMs=0', 'acks=all lingerMs=5', 'acks=all lingerMs=20']);
    expect(grid[4]).toMatchObject({ index: 4, coordinates: [1, 1], values: ['all', 5] });
    expect(sweepGrid(parseVaryOptions(['topic.partitions=1,2,3']))).toHaveLength(3);
  });

  it('names axes by their last field, or by the whole path when two end alike', () => {
    expect(axisNames(axes)).toEqual(['acks', 'lingerMs']);
    expect(axisNames(parseVaryOptions(['producers[0].acks=1', 'producers[1].acks=all']))).toEqual(['producers[0].acks', 'producers[1].acks']);
  });

  it('sets fields on a copy, creating missing objects and the default consumer group', () => {
    const set = setAtPath(scenario, parsePath('producers[0].clientConfig["batch.num.messages"]'), 500);
    expect(set.producers[0]?.clientConfig).toEqual({ 'batch.num.messages': 500 });
    expect(scenario.producers[0]?.clientConfig).toBeUndefined();
    expect(setAtPath(scenario, parsePath('consumers[0].members'), 3).consumers).toEqual([{ members: 3 }]);
  });

  it('names a path that does not exist, with a did-you-mean', () => {
    expect(usageError(() => setAtPath(scenario, parsePath('producer[0].acks'), 1)).message).toBe('--vary producer[0].acks: producer is not in the scenario (did you mean producers?)');
    expect(usageError(() => setAtPath(scenario, parsePath('producers[2].acks'), 1)).message).toContain('producers[2] does not exist: producers has 1 entry');
    expect(usageError(() => setAtPath(scenario, parsePath('producers.acks'), 1)).message).toContain('a list (use [<index>])');
  });

  it('validates every variant before anything runs, naming the variant and the field', () => {
    const variants = variantScenarios(scenario, axes);
    expect(variants).toHaveLength(6);
    expect(variants[3]?.scenario.producers[0]).toMatchObject({ acks: 'all', lingerMs: 0 });
    const bad = usageError(() => variantScenarios(scenario, parseVaryOptions(['producers[0].acks=2,all', 'producers[0].lingerMS=0'])));
    expect(bad.message).toBe('2 of 2 sweep variants are not valid scenarios');
    expect(bad.details).toContain('variant 1 (acks=2 lingerMS=0): producers[0].acks: expected 0, 1 or "all", got 2');
    expect(bad.details.some((line) => line.startsWith('variant 2 (acks=all lingerMS=0): producers[0].lingerMS: unknown key') && line.includes('did you mean "lingerMs"'))).toBe(true);
  });

  it('refuses to vary the cluster (one cluster for every run) and grids too large', () => {
    expect(usageError(() => variantScenarios(scenario, parseVaryOptions(['cluster.nodes=1,3']))).message).toContain('cannot vary');
    const many = Array.from({ length: 65 }, (_, index) => index + 1).join(',');
    expect(usageError(() => variantScenarios(scenario, parseVaryOptions([`topic.partitions=${many}`]))).message).toContain('more than 64');
  });
});

describe('the run order', () => {
  it('interleaves: each round in the reverse order of the one before, never one variant\'s repeats in a row', () => {
    const order = sweepRunOrder(4, 3);
    expect(order.map((run) => 'ABCD'[run.variant]).join('')).toBe('ABCDDCBAABCD');
    expect(order.map((run) => run.round)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(order.map((run) => run.sequence)).toEqual([...order.keys()]);
    // Over two rounds every variant has the same mean position.
    const positions = [0, 1, 2, 3].map((variant) => sweepRunOrder(4, 2).filter((run) => run.variant === variant).reduce((sum, run) => sum + run.sequence, 0));
    expect(new Set(positions).size).toBe(1);
  });

  it('runs each variant once per round', () => {
    const order = sweepRunOrder(3, 2);
    for (const round of [0, 1]) expect(order.filter((run) => run.round === round).map((run) => run.variant).sort()).toEqual([0, 1, 2]);
    expect(() => sweepRunOrder(0, 2)).toThrow(RangeError);
    expect(() => sweepRunOrder(2, 0)).toThrow(RangeError);
  });

  it('estimates the time left from the plans, then from how long runs took', () => {
    const plans = [samplePlan, samplePlan];
    const order = sweepRunOrder(2, 2);
    const planned = samplePlan.warmupMs + samplePlan.durationMs + 8_000;
    expect(estimateRemainingMs(plans, order, 0, [])).toBe(4 * planned);
    // The first run (cluster start and warm-up) is left out once others are known: the second took exactly its plan.
    const done = [{ sequence: 0, variant: 0, wallMs: planned * 3 }, { sequence: 1, variant: 1, wallMs: planned }];
    expect(estimateRemainingMs(plans, order, 2, done)).toBe(2 * planned);
  });
});

describe('the bundle', () => {
  const inputs = sampleSweepInputs();
  const bundle = buildSweepBundle(inputs);

  it('says it is a sweep and holds the axes, the order and every run', () => {
    expect(bundle.kind).toBe(SWEEP_KIND);
    expect(bundle.axes).toEqual([
      { path: 'producers[0].acks', name: 'acks', values: [1, 'all'] },
      { path: 'producers[0].lingerMs', name: 'lingerMs', values: [0, 5, 20] },
    ]);
    expect(bundle.order).toHaveLength(12);
    expect(bundle.variants.map((variant) => variant.runs.map((run) => run.round))).toEqual(Array.from({ length: 6 }, () => [0, 1]));
    // JSON round trip: plain data.
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
  });

  it('merges the exact histograms of a variant\'s runs: counts add up, percentiles come from the sum', () => {
    for (const variant of bundle.variants) {
      const reports = variant.runs.map((run) => run.report);
      for (const group of ['produce', 'produceResponse', 'e2e'] as const) {
        const merged = variant.figures.latency[group];
        expect(merged.count).toBe(reports.reduce((sum, report) => sum + report.latency[group].count, 0));
        const histogram = decodeHistogram(merged.hdr);
        expect(histogram.totalCount).toBe(merged.count);
        expect(merged.p99).toBe(histogram.getValueAtPercentile(99) / 1000);
        // Between the runs' own p99s, not their average by construction.
        const p99s = reports.map((report) => report.latency[group].p99);
        expect(merged.p99).toBeGreaterThanOrEqual(Math.min(...p99s) - 0.01);
        expect(merged.p99).toBeLessThanOrEqual(Math.max(...p99s) + 0.01);
      }
      expect(variant.figures.counts.acked).toBe(reports.reduce((sum, report) => sum + report.counts.acked, 0));
      const seconds = reports.flatMap((report) => report.timeline.filter((entry) => entry.phase === 'measure'));
      expect(variant.figures.measuredSeconds).toBe(seconds.length);
      expect(variant.figures.throughputPerSec).toBeCloseTo(seconds.reduce((sum, entry) => sum + entry.ackedPerSec, 0) / seconds.length, 6);
    }
  });

  it('merges histograms exactly: one run of 2,000 + one of 3,000 values is the histogram of all 5,000', () => {
    const a = seededLatency(1000, 1, 2000);
    const b = seededLatency(4000, 2, 3000);
    const merged = mergeLatency([a, b, { ...a, count: 0, hdr: '' }]);
    expect(merged.count).toBe(5000);
    expect(merged.max).toBe(Math.max(a.max, b.max));
    expect(mergeLatency([])).toEqual({ count: 0, p50: null, p99: null, p999: null, max: null, hdr: '' });
  });

  it('compares neighbours along each axis, pooling the repeats\' per-second samples', () => {
    // acks: 3 pairs (one per linger value); linger: 2 steps × 2 acks values.
    expect(bundle.neighbours).toHaveLength(7);
    const lingerStep = bundle.neighbours.find((n) => n.path === 'producers[0].lingerMs' && n.fromValue === 0 && bundle.variants[n.from]?.values[0] === 1);
    expect(lingerStep?.toValue).toBe(5);
    const e2eP99 = lingerStep?.figures.find((figure) => figure.metric === 'e2e.p99');
    expect(e2eP99?.verdict.kind).toBe('worse');
    expect(e2eP99?.verdict.basis).toBe('per-second samples');
    expect(e2eP99?.caveat).toBe(false);
    // p99.9 has no per-second samples: not judged.
    expect(lingerStep?.figures.find((figure) => figure.metric === 'e2e.p999')?.verdict.kind).toBe('not judged');
    expect(lingerStep?.figures.find((figure) => figure.metric === 'throughput.mean')?.verdict.kind).toBe('better');
  });

  it('flags a variant with a saturated or invalid run, and the steps that touch it', () => {
    const flagged = bundle.variants.filter((variant) => variant.flags.length > 0);
    expect(flagged.map((variant) => variant.label)).toEqual(['acks=all lingerMs=20']);
    expect(flagged[0]?.flags).toEqual(['run 7 (round 2) saturated: acknowledged 80% of the offered messages']);
    expect(flagged[0]?.checks.map((check) => check.saturation)).toEqual([null, 'saturated']);
    const touching = bundle.neighbours.filter((n) => n.from === 5 || n.to === 5);
    expect(touching.length).toBeGreaterThan(0);
    for (const n of touching) for (const figure of n.figures) expect(figure.caveat).toBe(true);
  });

  it('keeps a variant no run reached, flagged', () => {
    const partial = buildSweepBundle({ ...inputs, status: 'aborted', runs: inputs.runs.filter((run) => run.sequence < 3) });
    expect(partial.variants[5]?.runs).toEqual([]);
    expect(partial.variants[5]?.flags).toEqual(['no run of this variant was done']);
    expect(partial.variants[5]?.figures.throughputPerSec).toBeNull();
  });
});

describe('renderers', () => {
  const bundle = sampleSweepBundle();

  it('charts throughput and percentiles against the first axis, a line per value of the second, flagged x shaded', () => {
    const [throughput, produce, e2e] = sweepCharts(bundle);
    expect(throughput?.xAxis).toBe('category');
    expect(throughput?.xTicks).toEqual(['1', 'all']);
    expect(throughput?.data[0]).toEqual([0, 1]);
    expect(throughput?.series.map((series) => series.label)).toEqual(['lingerMs=0', 'lingerMs=5', 'lingerMs=20']);
    expect(e2e?.series).toHaveLength(9);
    expect(e2e?.series[1]?.label).toBe('lingerMs=0 p99');
    // Series 3 is lingerMs=5 p50; x = 1 is acks=all: variant 4.
    expect(produce?.data[4]?.[1]).toBe(bundle.variants[4]?.figures.latency.produce.p50);
    expect(flaggedBands(bundle)).toEqual([{ from: 0.7, to: 1.3, kind: 'fault', label: '⚠ lingerMs=20' }]);
  });

  it('prints a summary table, the neighbour verdicts and the flagged variants', () => {
    const text = renderSweepSummary(bundle, { color: false });
    expect(text).toContain('Sweep acks-all-3-nodes: 6 variants × 2 rounds (completed)');
    expect(text).toMatch(/│ all\s+│ 20\s+│\s+2\/2 │/);
    expect(text).toContain('⚠ saturated');
    expect(text).toContain('lingerMs 0 → 5');
    expect(text).toContain('⚠ acks=all lingerMs=20: not a steady-state measurement');
  });
});
