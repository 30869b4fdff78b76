/**
 * `--prometheus` and `--csv` without Kafka: the address option, the HTTP server on a free
 * loopback port (paths, methods, content type, closing with a connection still open), and the
 * CSV written second by second exactly as a saved report exports it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planLiveExports, startLiveExports } from '../../src/cli/live-exports.js';
import { parseListenAddress, startMetricsServer } from '../../src/cli/metrics-server.js';
import { KbenchError } from '../../src/errors.js';
import { UNSHARDED } from '../../src/report/live-metrics.js';
import { renderTimelineCsv } from '../../src/report/timeline-csv.js';
import type { SecondContext } from '../../src/runner/run-observer.js';
import { parseExposition, sampleValue } from '../helpers/prometheus-exposition.js';
import { cloneSampleReport, samplePlan, sampleReport } from '../fixtures/sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'kbench-live-exports-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(url: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string; allow: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, allow: res.headers.allow }));
    });
    req.on('error', reject);
    req.end();
  });
}

const context = (second: number): SecondContext => ({
  plan: samplePlan,
  elapsedSeconds: second + 1,
  totalSeconds: 70,
  rebalancing: [],
  startedAtMs: Date.parse(sampleReport.startedAt) + 0.4,
  rebalances: [],
});

describe('--prometheus address', () => {
  it('takes a port (on 127.0.0.1), host:port or [ipv6]:port', () => {
    expect(parseListenAddress('9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListenAddress('0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListenAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListenAddress('localhost:1')).toEqual({ host: 'localhost', port: 1 });
    expect(parseListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
  });

  it('refuses anything else with a usage error', () => {
    for (const bad of ['', 'abc', '65536', '-1', '1.5', 'host:', ':9464', '::1:9464', 'a:b:1', '9464 x']) {
      expect(() => parseListenAddress(bad), bad).toThrow(KbenchError);
    }
    expect(() => planLiveExports({ prometheusHold: '10s' }, [], [])).toThrow(/needs --prometheus/);
    expect(() => planLiveExports({ prometheus: '0', prometheusHold: '10' }, [], [])).toThrow(/duration/);
    expect(planLiveExports({ prometheus: '0', prometheusHold: '1m' }, [], [])).toEqual({ prometheus: { host: '127.0.0.1', port: 0 }, holdMs: 60_000 });
    expect(() => planLiveExports({ csv: join(dir, 'r.json') }, [], [join(dir, 'r.json')])).toThrow(/also where the report goes/);
  });
});

describe('metrics server', () => {
  it('serves /metrics on a free port of 127.0.0.1, 404 elsewhere, 405 for other methods, and closes with a connection open', async () => {
    let calls = 0;
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, () => `# HELP m h\n# TYPE m gauge\nm ${++calls}\n`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(server.url).not.toContain(':0/');
    const first = await get(server.url);
    expect(first).toMatchObject({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: '# HELP m h\n# TYPE m gauge\nm 1\n' });
    expect((await get(`${server.url}?x=1`)).body).toContain('m 2');
    expect((await get(server.url, 'HEAD')).body).toBe('');
    expect((await get(server.url.replace('/metrics', '/')))).toMatchObject({ status: 404 });
    expect((await get(server.url.replace('/metrics', '/metrics/x')))).toMatchObject({ status: 404 });
    expect(await get(server.url, 'POST')).toMatchObject({ status: 405, allow: 'GET, HEAD' });
    // A keep-alive connection left open must not hold the close up.
    await fetch(server.url);
    await server.close();
    await server.close();
    await expect(get(server.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('says so when the port is taken', async () => {
    const taken = await startMetricsServer({ host: '127.0.0.1', port: 0 }, () => '');
    const port = Number(new URL(taken.url).port);
    await expect(startMetricsServer({ host: '127.0.0.1', port }, () => '')).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    await taken.close();
  });
});

describe('live exports of a run', () => {
  it('serves the figures of each second, then the final ones; writes the CSV row by row as the report exports it', async () => {
    const csvPath = join(dir, 'out', 'timeline.csv');
    const lines: string[] = [];
    const exports = await startLiveExports(planLiveExports({ prometheus: '0', csv: csvPath }, [], []), { runId: 'abc123', scenario: samplePlan.name, shard: UNSHARDED }, (line) => lines.push(line));
    const url = /prometheus metrics: (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(sampleValue(parseExposition((await get(url)).body), 'kbench_run_phase', { phase: 'starting' })).toBe(1);
    expect(existsSync(csvPath)).toBe(false);

    const report = cloneSampleReport();
    for (const entry of report.timeline.slice(0, 15)) exports.onSecond(entry, context(entry.second));
    const during = parseExposition((await get(url)).body);
    expect(sampleValue(during, 'kbench_messages_sent_total', { run_id: 'abc123', shard: '0/1' })).toBe(150_000);
    expect(sampleValue(during, 'kbench_run_phase', { phase: 'measure' })).toBe(1);
    // Every second closed so far is in the file already.
    expect(readFileSync(csvPath, 'utf8')).toBe(renderTimelineCsv(report.timeline.slice(0, 15), Date.parse(report.startedAt), [samplePlan.consumerGroups[0]!.groupId]));

    for (const entry of report.timeline.slice(15)) exports.onSecond(entry, context(entry.second));
    report.thresholds = [{ metric: 'e2e.p99', condition: '< 50ms', bound: 50, unit: 'ms', actual: 26.2, passed: true }];
    exports.finish(report);
    const after = parseExposition((await get(url)).body);
    expect(sampleValue(after, 'kbench_run_phase', { phase: 'ended' })).toBe(1);
    expect(sampleValue(after, 'kbench_threshold_passed', { metric: 'e2e.p99', condition: '< 50ms' })).toBe(1);
    await exports.close();
    await expect(get(url)).rejects.toThrow(/ECONNREFUSED/);
    expect(readFileSync(csvPath, 'utf8')).toBe(renderTimelineCsv(report.timeline, Date.parse(report.startedAt), report.scenario.consumerGroups.map((g) => g.groupId)));
  });

  it("a run that ends before its first second leaves the report's timeline, or the header alone", async () => {
    const withReport = join(dir, 'early.csv');
    const exports = await startLiveExports(planLiveExports({ csv: withReport }, [], []), { runId: 'r', scenario: 's', shard: UNSHARDED }, () => {});
    exports.finish(sampleReport);
    await exports.close();
    expect(readFileSync(withReport, 'utf8')).toBe(renderTimelineCsv(sampleReport.timeline, Date.parse(sampleReport.startedAt), ['kbench-acks-all-0']));

    const failed = join(dir, 'failed.csv');
    const other = await startLiveExports(planLiveExports({ csv: failed }, [], []), { runId: 'r', scenario: 's', shard: UNSHARDED }, () => {});
    await other.close();
    expect(readFileSync(failed, 'utf8')).toBe(renderTimelineCsv([], 0));
  });

  it("a CSV that cannot be written is a warning, never the run's failure", async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const lines: string[] = [];
    const exports = await startLiveExports({ holdMs: 0, csv: join(blocker, 'sub', 'x.csv') }, { runId: 'r', scenario: 's', shard: UNSHARDED }, (line) => lines.push(line));
    for (const entry of sampleReport.timeline.slice(0, 3)) expect(() => exports.onSecond(entry, context(entry.second))).not.toThrow();
    await exports.close();
    expect(lines.filter((line) => line.startsWith('warning: --csv'))).toHaveLength(1);
  });
});
