/**
 * `kbench clients` end to end on the embedded cluster: two client scenarios shortened from the
 * command line, one round, every registered client; the cluster is started once, every scenario ×
 * client pair runs with its own client, and the bundle, page and table carry figures for each.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENTS_BUNDLE_KIND, type ClientBenchBundle } from '../../src/clientbench/clientbench-types.js';
import { CLIENT_NAMES } from '../../src/clients/client-registry.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenarios = ['constant-acks-1.ts', 'unthrottled.ts'].map((name) => fileURLToPath(new URL(`../../scenarios/clients/${name}`, import.meta.url)));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-clients-test-'));
const bundlePath = join(outDir, 'clients.json');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('kbench clients on an embedded cluster', () => {
  let bundle: ClientBenchBundle;
  let stderr = '';
  let stdout = '';
  const runs = scenarios.length * CLIENT_NAMES.length;

  it('runs two scenarios with every registered client and exits 0', async () => {
    const args = [kbench, 'clients', ...scenarios, '--duration', '4s', '--warmup', '2s', '--repeat', '1', '--report', bundlePath];
    const result = await runCommand(process.execPath, args, { env: process.env, timeoutMs: 170_000 });
    stderr = result.stderr;
    stdout = result.stdout;
    expect(result.exitCode, result.stderr).toBe(0);
    bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as ClientBenchBundle;
  }, 180_000);

  it('starts the cluster once and announces every run', () => {
    expect(stderr.match(/starting 3 Kafka/g)).toHaveLength(1);
    for (let run = 1; run <= runs; run++) expect(stderr).toMatch(new RegExp(`run ${run}/${runs} · round 1/1 · clients-\\S+ · (${CLIENT_NAMES.join('|')})`));
    expect(stdout).toContain(`clients bundle: ${bundlePath}`);
    expect(stdout).toContain('Throughput and latency');
    for (const client of CLIENT_NAMES) expect(stdout).toContain(client);
    const html = readFileSync(bundlePath.replace(/\.json$/, '.html'), 'utf8');
    expect(html).toContain('id="kbench-clients"');
    expect(existsSync(bundlePath.replace(/\.json$/, '.html'))).toBe(true);
  });

  it('records the method: one cluster, interleaved rounds, the machine and each client\'s versions', () => {
    expect(bundle.kind).toBe(CLIENTS_BUNDLE_KIND);
    expect(bundle.status).toBe('completed');
    expect(bundle.repeat).toBe(1);
    expect(bundle.clients.map((client) => client.name)).toEqual(CLIENT_NAMES);
    for (const client of bundle.clients) {
      expect(Object.keys(client.versions).length).toBeGreaterThan(0);
      expect(['thread', 'process']).toContain(client.workerHost);
    }
    expect(bundle.scenarios.map((scenario) => scenario.name)).toEqual(['clients-constant-acks-1', 'clients-unthrottled']);
    expect(bundle.method.sameCluster).toBe(true);
    expect(bundle.method.cluster).toMatchObject({ source: 'embedded', brokers: 3 });
    expect(bundle.method.machine.cores).toBeGreaterThan(0);
    expect(bundle.method.machine.loadAverage.atStart).toHaveLength(3);
    expect(bundle.order).toHaveLength(runs);
  });

  it('has figures for every scenario × client, each run made with its own client on the scenario\'s plan', () => {
    expect(bundle.cells).toHaveLength(runs);
    for (const cell of bundle.cells) {
      const scenario = bundle.scenarios[cell.scenario];
      expect(cell.runs).toHaveLength(1);
      const run = cell.runs[0];
      expect(run?.status).toBe('completed');
      expect(run?.report.environment.client).toBe(cell.client);
      expect(run?.report.scenario.name).toBe(scenario?.name);
      expect(run?.report.durationMs).toBeGreaterThan(3_000);
      expect(run?.report.durationMs).toBeLessThan(6_000);
      expect(typeof run?.keptUp).toBe('boolean');
      expect(run?.counted).toBe(run?.problems.every((problem) => problem.startsWith("the client's worker")));
      const figures = cell.figures;
      expect(figures.producedPerSec.median).toBeGreaterThan(0);
      expect(figures.responseP50Ms.median).not.toBeNull();
      expect(figures.responseP50Ms.median ?? 0).toBeLessThanOrEqual(figures.responseP99Ms.median ?? 0);
      expect(figures.cpuUsPerProduced.median).toBeGreaterThan(0);
      expect(figures.peakRssBytes.median).toBeGreaterThan(10 * 2 ** 20);
      expect(figures.errors.median).toBe(0);
      expect(cell.merged.latency.produceResponse.count).toBe(run?.report.latency.produceResponse.count);
      expect(decodeHistogram(cell.merged.latency.produceResponse.hdr).totalCount).toBe(cell.merged.latency.produceResponse.count);
      if (scenario?.name === 'clients-constant-acks-1') {
        expect(run?.saturation).not.toBe('unthrottled');
        expect(figures.consumedPerSec.median).toBeGreaterThan(0);
        expect(figures.e2eP99Ms.median).not.toBeNull();
        expect(figures.cpuUsPerConsumed.median).toBeGreaterThan(0);
      } else {
        expect(run?.saturation).toBe('unthrottled');
        expect(run?.keptUp).toBe(true);
        expect(figures.consumedPerSec.median).toBeNull();
        expect(figures.e2eP99Ms.median).toBeNull();
      }
    }
    // Only the first run may warm the cluster; the others run with the warm-up off.
    const ordered = bundle.cells.flatMap((cell) => cell.runs).sort((a, b) => a.sequence - b.sequence);
    for (const run of ordered.slice(1)) {
      expect(run.report.scenario.clusterWarmup?.mode).toBe('off');
      // Said as what it is, not as a cold cluster measured without a warm-up.
      expect(run.report.validity?.findings.find((f) => f.source === 'warmup')).toMatchObject({ severity: 'info', message: expect.stringMatching(/shared by the runs of this session/) });
    }
  });
});
