/** `kbench clients`'s pure parts: the run order, the figures read from a report, the medians and which runs count, the bundle, the renderers. */
import { describe, expect, it } from 'vitest';
import { catchUpCpuUsPerMessage, cellFigure, checkRun, peakRssBytes, runFigures } from '../../src/clientbench/clientbench-figures.js';
import { clientBenchItems, clientBenchOrder } from '../../src/clientbench/clientbench-order.js';
import { CLIENTS_BUNDLE_KIND } from '../../src/clientbench/clientbench-types.js';
import { clientBenchCharts, uncountedBands } from '../../src/clientbench/clientbench-charts.js';
import { renderClientBenchSummary } from '../../src/clientbench/render-clientbench-console.js';
import { renderClientBenchHtml } from '../../src/clientbench/render-clientbench-html.js';
import { assertOneCluster, itemVariants } from '../../src/clientbench/run-clientbench.js';
import { parseClients } from '../../src/cli/clients-command.js';
import { CLIENT_NAMES } from '../../src/clients/client-registry.js';
import { isKbenchError } from '../../src/errors.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { cloneSampleReport, samplePlan } from '../fixtures/sample-report.js';
import { sampleClientBenchBundle, sampleCpu, sampleProduced } from '../fixtures/sample-clientbench.js';

const assets = { script: '/* uplot */', css: '/* uplot css */' };

describe('run order', () => {
  it('puts the clients of a scenario next to each other and reverses every other round', () => {
    const items = clientBenchItems(2, ['a', 'b', 'c']);
    expect(items.map((item) => `${item.scenario}${item.client}`)).toEqual(['0a', '0b', '0c', '1a', '1b', '1c']);
    const order = clientBenchOrder(items, 3);
    expect(order.map((run) => `${run.scenario}${run.client}`).join(' ')).toBe('0a 0b 0c 1a 1b 1c 1c 1b 1a 0c 0b 0a 0a 0b 0c 1a 1b 1c');
    expect(order.map((run) => run.sequence)).toEqual([...Array(18).keys()]);
    expect(order.map((run) => run.round)).toEqual([...Array(18).keys()].map((index) => Math.floor(index / 6)));
  });

  it('gives every pair the same mean position over two rounds', () => {
    const items = clientBenchItems(3, ['a', 'b']);
    const order = clientBenchOrder(items, 2);
    const positions = items.map((item) => order.filter((run) => run.item === item.index).reduce((sum, run) => sum + run.sequence, 0));
    expect(new Set(positions).size).toBe(1);
  });

  it('refuses no clients and labels each pair as a variant', () => {
    expect(() => clientBenchItems(1, [])).toThrow(RangeError);
    const variants = itemVariants(clientBenchItems(2, ['x', 'y']), ['s0', 's1']);
    expect(variants.map((variant) => variant.label)).toEqual(['s0 · x', 's0 · y', 's1 · x', 's1 · y']);
    expect(variants.map((variant) => variant.coordinates)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
  });
});

describe('--clients and the cluster of the plans', () => {
  it('defaults to every registered client and keeps the order given, each once', () => {
    expect(parseClients(undefined)).toEqual(CLIENT_NAMES);
    const reversed = [...CLIENT_NAMES].reverse();
    expect(parseClients(`${reversed.join(', ')},${reversed[0]}`)).toEqual(reversed);
  });

  it('refuses an unknown client or an empty list with a usage error naming the registered ones', () => {
    for (const text of ['nope', '', ` , `, `${CLIENT_NAMES[0]},nope`]) {
      let error: unknown;
      try {
        parseClients(text);
      } catch (caught) {
        error = caught;
      }
      expect(isKbenchError(error) && error.kind === 'usage').toBe(true);
      expect((error as Error).message).toContain(CLIENT_NAMES.join(', '));
    }
  });

  it('refuses plans that ask for different clusters, naming the pair', () => {
    const items = clientBenchItems(2, ['confluent']);
    expect(() => assertOneCluster([samplePlan, samplePlan], items, ['s0', 's1'])).not.toThrow();
    const other = { ...samplePlan, cluster: { ...samplePlan.cluster, nodes: 1 } } as typeof samplePlan;
    expect(() => assertOneCluster([samplePlan, other], items, ['s0', 's1'])).toThrow(/s1 · confluent asks for another cluster than s0/);
  });
});

describe('figures of a run', () => {
  function report(): KbenchReport {
    const r = cloneSampleReport();
    r.saturation = { verdict: 'kept-up', offeredPerSec: 100, sustainedPerSec: 100, ackedToOfferedRatio: 1, inFlightGrowthPerSec: 0, notAttempted: 0, saturatedSeconds: 0, measuredSeconds: 10, consumers: [], reasons: [] };
    r.validity = { verdict: 'valid', findings: [] };
    return r;
  }

  it('reads throughput, response-time and e2e percentiles, errors and the rebalance pause after the first assignment', () => {
    const r = report();
    r.errors = { ...r.errors, timeout: 3, 'not-leader': 2 };
    r.rebalances = [
      { trigger: 'initial', pauseMs: 900 } as KbenchReport['rebalances'][number],
      { trigger: 'member-joined', pauseMs: 120 } as KbenchReport['rebalances'][number],
      { trigger: 'member-joined', pauseMs: 340 } as KbenchReport['rebalances'][number],
    ];
    const { figures, consumedBasis } = runFigures(r);
    expect(figures.producedPerSec).toBe(r.throughput.produced.meanPerSec);
    expect(figures.consumedPerSec).toBe(r.throughput.consumed.meanPerSec);
    expect(consumedBasis).toBe('measured-seconds');
    expect(figures.responseP50Ms).toBe(r.latency.produceResponse.p50);
    expect(figures.responseP99Ms).toBe(r.latency.produceResponse.p99);
    expect(figures.e2eP99Ms).toBe(r.latency.e2e.p99);
    expect(figures.errors).toBe(Object.values(r.errors).reduce((a, b) => a + b, 0));
    expect(figures.errors).toBeGreaterThanOrEqual(5);
    expect(figures.rebalancePauseMaxMs).toBe(340);
  });

  it('takes a backlog scenario\'s consumed rate from its catch-up drain, and has none without consumers', () => {
    const r = report();
    r.backlog = { drainRatePerSec: 31_000 } as KbenchReport['backlog'];
    expect(runFigures(r)).toMatchObject({ consumedBasis: 'backlog-drain', figures: { consumedPerSec: 31_000 } });
    const none = report();
    none.consumerGroups = [];
    none.latency.e2e = { ...none.latency.e2e, count: 0 };
    expect(runFigures(none)).toMatchObject({ consumedBasis: null, figures: { consumedPerSec: null, e2eP50Ms: null, rebalancePauseMaxMs: null } });
  });

  it('takes a backlog scenario\'s consumer CPU per message over its catch-up seconds, not over the paused measured seconds', () => {
    const r = report();
    const second = (n: number, consumer: number) => ({ second: n, machineBusyPct: 50, stealPct: 0, cpuPct: { 'worker-0': 5, 'worker-1': consumer }, eventLoopDelayP99Ms: {} });
    r.resourceUsage = {
      verdict: 'healthy', reasons: [], cores: 2, measuredSeconds: 10, machine: null, seconds: [second(9, 2), second(10, 80), second(11, 60), second(12, 1)],
      processes: [{ key: 'worker-0', role: 'producer-worker' }, { key: 'worker-1', role: 'consumer-worker' }] as never,
      cpuUsPerMessage: { produced: 30, consumed: 900 },
    };
    r.backlog = {
      drainRatePerSec: 20_000, resumedAtMs: 10_200, caughtUpAtMs: 11_700,
      seconds: [{ second: 9, consumedPerSec: 0 }, { second: 10, consumedPerSec: 16_000 }, { second: 11, consumedPerSec: 12_000 }, { second: 12, consumedPerSec: 2_000 }],
    } as KbenchReport['backlog'];
    // 80 % + 60 % of a core over seconds 10 and 11 = 1.4 s of CPU for 28,000 messages.
    expect(catchUpCpuUsPerMessage(r)).toBeCloseTo(1_400_000 / 28_000, 6);
    expect(runFigures(r).figures.cpuUsPerConsumed).toBeCloseTo(50, 6);
    r.backlog = { ...r.backlog!, caughtUpAtMs: null };
    expect(runFigures(r).figures.cpuUsPerConsumed).toBeNull();
    r.backlog = { ...r.backlog!, caughtUpAtMs: 13_500 };
    expect(catchUpCpuUsPerMessage(r)).toBeNull();
  });

  it('adds worker processes to the runner\'s RSS but not worker threads, which the runner\'s already holds', () => {
    const base = { resources: [{ second: 0, runnerRssBytes: 100, workers: [{ workerId: 0, rssBytes: 100 }, { workerId: 1, rssBytes: 40 }] }, { second: 1, runnerRssBytes: 120, workers: [{ workerId: 0, rssBytes: 120 }, { workerId: 1, rssBytes: 10 }] }] };
    const workers = [{ id: 0, host: 'thread' }, { id: 1, host: 'process' }] as KbenchReport['workers'];
    expect(peakRssBytes({ ...base, workers })).toBe(140);
    expect(peakRssBytes({ ...base, workers: workers.map((worker) => ({ ...worker, host: 'thread' as const })) })).toBe(120);
    expect(peakRssBytes({ resources: [], workers })).toBeNull();
  });

  it('counts a run that kept up and is valid, not one that did not keep up, failed or had a warm-up that never settled', () => {
    expect(checkRun(report())).toMatchObject({ keptUp: true, counted: true, problems: [] });
    const saturated = report();
    saturated.saturation = { ...saturated.saturation!, verdict: 'saturated', reasons: ['acknowledged 70% of the offered messages'] };
    expect(checkRun(saturated)).toMatchObject({ keptUp: false, counted: false, problems: ['did not keep up: acknowledged 70% of the offered messages'] });
    const failed = report();
    failed.status = 'failed';
    failed.failure = { message: 'worker 2 crashed' };
    failed.validity = { verdict: 'invalid', findings: [{ source: 'run', severity: 'invalid', message: 'the run failed: worker 2 crashed' }] };
    const failedCheck = checkRun(failed);
    expect(failedCheck.counted).toBe(false);
    expect(failedCheck.problems.join(' ')).toContain('worker 2 crashed');
    const cold = report();
    cold.validity = { verdict: 'invalid', findings: [{ source: 'warmup', severity: 'invalid', message: 'the cluster warm-up did not settle' }] };
    expect(checkRun(cold)).toMatchObject({ counted: false, problems: ['not valid: the cluster warm-up did not settle'] });
    const settling = report();
    settling.validity = { verdict: 'invalid', findings: [{ source: 'saturation', severity: 'invalid', message: 'latency fell steeply during the measured phase' }] };
    expect(checkRun(settling)).toMatchObject({ keptUp: true, counted: false, problems: ['not valid: latency fell steeply during the measured phase'] });
    const unthrottled = report();
    unthrottled.saturation = { ...unthrottled.saturation!, verdict: 'unthrottled' };
    expect(checkRun(unthrottled)).toMatchObject({ keptUp: true, counted: true });
    const old = report();
    delete old.saturation;
    expect(checkRun(old)).toMatchObject({ keptUp: false, counted: false });
  });

  it('counts a generator-bound run (the client is what is measured) and says so', () => {
    const r = report();
    r.resourceUsage = { verdict: 'generator-bound' } as KbenchReport['resourceUsage'];
    r.validity = { verdict: 'invalid', findings: [{ source: 'resources', severity: 'invalid', message: 'the load generator was the bottleneck' }] };
    const check = checkRun(r);
    expect(check.counted).toBe(true);
    expect(check.validity).toBe('invalid');
    expect(check.problems).toEqual([expect.stringContaining("the client's worker was the bottleneck")]);
  });
});

describe('medians over rounds', () => {
  const run = (counted: boolean, value: number | null) => ({ counted, figures: { producedPerSec: value } as never });

  it('takes the median of the counted runs only, keeping every round\'s value', () => {
    expect(cellFigure([run(true, 10), run(false, 1_000), run(true, 20), run(true, 40)], 'producedPerSec')).toEqual({ median: 20, basis: 'counted-runs', rounds: [10, 1_000, 20, 40] });
    expect(cellFigure([run(true, 10), run(true, null), run(true, 30)], 'producedPerSec').median).toBe(20);
  });

  it('falls back to every run, marked, when no run counted; null without values', () => {
    expect(cellFigure([run(false, 5), run(false, 7), run(false, 100)], 'producedPerSec')).toEqual({ median: 7, basis: 'all-runs', rounds: [5, 7, 100] });
    expect(cellFigure([], 'producedPerSec')).toEqual({ median: null, basis: 'all-runs', rounds: [] });
  });
});

describe('the bundle', () => {
  const bundle = sampleClientBenchBundle();
  const cell = (scenario: number, client: string) => bundle.cells.find((one) => one.scenario === scenario && one.client === client)!;

  it('has one cell per scenario × client with its runs in order, and the method', () => {
    expect(bundle.kind).toBe(CLIENTS_BUNDLE_KIND);
    expect(bundle.cells.map((one) => `${one.scenario}·${one.client}`)).toEqual(['0·confluent', '0·kafkajs', '1·confluent', '1·kafkajs']);
    for (const one of bundle.cells) {
      expect(one.runs.map((r) => r.round)).toEqual([0, 1, 2]);
      expect(one.runs.every((r) => r.report.environment.client === one.client)).toBe(true);
    }
    expect(bundle.clients).toEqual([
      { name: 'confluent', versions: { '@confluentinc/kafka-javascript': '1.10.1', librdkafka: '2.12.0' }, workerHost: 'process' },
      { name: 'kafkajs', versions: { kafkajs: '2.2.4' }, workerHost: 'thread' },
    ]);
    expect(bundle.method).toMatchObject({ sameCluster: true, interleaved: true, rounds: 3, machine: { cores: 2, loadAverage: { atStart: [1.5, 1.2, 1] } } });
    expect(bundle.method.warm).toContain('the first run');
    expect(bundle.order).toHaveLength(12);
  });

  it('leaves a run that did not keep up out of its pair\'s medians, and flags it', () => {
    const pair = cell(0, 'confluent');
    expect(pair.countedRuns).toBe(2);
    expect(pair.runs.map((r) => r.counted)).toEqual([true, false, true]);
    expect(pair.figures.producedPerSec).toEqual({ median: (sampleProduced('confluent', 0) + sampleProduced('confluent', 2)) / 2, basis: 'counted-runs', rounds: [0, 1, 2].map((round) => sampleProduced('confluent', round)) });
    expect(pair.figures.cpuUsPerProduced.median).toBe((sampleCpu(0, 'confluent', 0) + sampleCpu(0, 'confluent', 2)) / 2);
    expect(pair.flags).toEqual([expect.stringMatching(/^run \d+ \(round 2\): did not keep up: acknowledged 75%/)]);
    expect(cell(0, 'kafkajs')).toMatchObject({ countedRuns: 3, flags: [] });
    expect(cell(0, 'kafkajs').figures.producedPerSec.median).toBe(sampleProduced('kafkajs', 1));
  });

  it('marks a pair none of whose runs counted, and counts generator-bound runs', () => {
    const none = cell(1, 'kafkajs');
    expect(none.countedRuns).toBe(0);
    expect(none.flags).toHaveLength(3);
    expect(none.figures.producedPerSec.basis).toBe('all-runs');
    expect(none.figures.producedPerSec.median).toBe(sampleProduced('kafkajs', 1));
    expect(cell(1, 'confluent')).toMatchObject({ countedRuns: 3, flags: [] });
  });

  it('merges each pair\'s histograms over its runs', () => {
    const pair = cell(0, 'kafkajs');
    expect(pair.merged.runs).toBe(3);
    expect(pair.merged.latency.produceResponse.count).toBe(pair.runs.reduce((sum, r) => sum + r.report.latency.produceResponse.count, 0));
    expect(pair.merged.latency.e2e.p99).not.toBeNull();
  });
});

describe('renderers', () => {
  const bundle = sampleClientBenchBundle();

  it('prints both tables with every pair, the uncounted pair marked ⚠ and every flagged run explained', () => {
    const text = renderClientBenchSummary(bundle, { color: false });
    expect(text).toContain('Throughput and latency (medians over rounds)');
    expect(text).toContain('Cost (medians over rounds)');
    const rows = text.split('\n').filter((line) => /clients-sample-\d/.test(line) && line.includes('│'));
    expect(rows).toHaveLength(8);
    const uncounted = rows.filter((line) => line.includes('clients-sample-1') && line.includes('kafkajs'));
    expect(uncounted.every((line) => line.includes('⚠ 0/3'))).toBe(true);
    expect(rows.filter((line) => line.includes('⚠')).length).toBe(2);
    expect(rows.find((line) => line.includes('clients-sample-0') && line.includes('confluent'))).toContain('2/3');
    expect(text).toContain('2,001');
    expect(text).toContain('⚠ clients-sample-0 · confluent: 2 of 3 runs count');
    expect(text).toContain('⚠ clients-sample-1 · kafkajs: 0 of 3 runs count');
    expect(text).toContain('kafkajs (kafkajs 2.2.4)');
    expect(text).toContain('load 1.50 1.20 1.00 at start');
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('⚠: no run of the pair counted, the median of every run is shown');
  });

  it('leaves the ⚠ legend out when every pair has runs that count', () => {
    const counted = sampleClientBenchBundle();
    counted.cells = counted.cells.filter((pair) => pair.countedRuns > 0);
    expect(renderClientBenchSummary(counted, { color: false })).not.toContain('no run of the pair counted');
  });

  it('writes a self-contained page with the method, each round\'s values, the flagged runs and the data without the full reports', () => {
    const html = renderClientBenchHtml(bundle, assets);
    expect(html).toContain('<title>kbench clients · confluent vs kafkajs</title>');
    expect(html).toContain('id="clients-validity"');
    expect(html).toContain('data-scenario="1" data-client="kafkajs"');
    expect(html).toContain('unthrottled &lt;script&gt;');
    expect(html).not.toContain('unthrottled <script>');
    expect(html).toContain('load average (1/5/15 min)');
    expect(html).toContain('librdkafka 2.12.0');
    expect(html).toMatch(/2,000<\/span><br><span[^>]*>2,001 ✗<\/span><br><span[^>]*>2,002</);
    const data = /<script type="application\/json" id="kbench-clients">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(data).toBeDefined();
    const parsed = JSON.parse(data!) as { cells: Array<{ runs: Array<Record<string, unknown>> }> };
    expect(parsed.cells).toHaveLength(4);
    expect(parsed.cells[0]?.runs[0]).not.toHaveProperty('report');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('charts each client against the scenarios, shading scenarios where a pair had no counted run', () => {
    const charts = clientBenchCharts(bundle);
    const produced = charts.find((chart) => chart.id === 'clients-producedPerSec')!;
    expect(produced.xTicks).toEqual(['clients-sample-0', 'clients-sample-1']);
    expect(produced.series.map((series) => series.label)).toEqual(['confluent', 'kafkajs']);
    expect(produced.data[1]).toEqual([bundle.cells[0]!.figures.producedPerSec.median, bundle.cells[2]!.figures.producedPerSec.median]);
    const rss = charts.find((chart) => chart.id === 'clients-peakRssBytes')!;
    expect(rss.yUnit).toBe('MiB');
    expect(uncountedBands(bundle)).toEqual([{ from: 0.7, to: 1.3, kind: 'fault', label: '⚠ kafkajs' }]);
  });
});

describe('the client scenarios', () => {
  it('are valid for every registered client, name none, and each states what it measures', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { loadScenario } = await import('../../src/scenario/load-scenario.js');
    const { resolveScenario } = await import('../../src/scenario/resolve-scenario.js');
    const dir = fileURLToPath(new URL('../../scenarios/clients/', import.meta.url));
    const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
    expect(files.sort()).toEqual(['constant-acks-1.ts', 'constant-acks-all.ts', 'consumer-backlog.ts', 'rebalance-scale-out.ts', 'unthrottled.ts']);
    const plans = [];
    for (const name of files) {
      const source = readFileSync(`${dir}${name}`, 'utf8');
      expect(source, name).toMatch(/\/\*\*[\s\S]*Measures/);
      const { scenario, file } = await loadScenario(`${dir}${name}`);
      expect(scenario.client, name).toBeUndefined();
      for (const client of CLIENT_NAMES) {
        const plan = resolveScenario(scenario, file, { client });
        expect(plan.client).toBe(client);
        plans.push(plan);
      }
    }
    // One cluster for all of them, as `kbench clients` needs.
    expect(new Set(plans.map((plan) => JSON.stringify(plan.cluster))).size).toBe(1);
    const byName = new Map(plans.map((plan) => [plan.name, plan]));
    expect(byName.get('clients-constant-acks-all')?.producers[0]?.acks).toBe('all');
    expect(byName.get('clients-unthrottled')?.consumerGroups).toEqual([]);
    expect(byName.get('clients-consumer-backlog')?.consumerGroups[0]?.backlog).toBeDefined();
    expect(byName.get('clients-rebalance-scale-out')?.consumerGroups[0]?.schedule.length).toBeGreaterThan(0);
  }, 60_000);
});
