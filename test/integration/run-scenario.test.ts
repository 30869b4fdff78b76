/**
 * `kbench run` end to end, with each client, on an embedded cluster started for the run:
 * exit code, the report's required fields, counts that add up, latencies that make sense,
 * histograms that decode to the counts they claim, and no process left behind.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { REPORT_SCHEMA_VERSION, type KbenchReport } from '../../src/report/report-types.js';
import { listClusterStates } from '../../src/cluster/cluster-state.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/small-run.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-run-test-'));
// Its own state folder: the runs' cluster records can be checked without seeing other tests'.
const stateDir = join(outDir, 'state');
const env = { ...process.env, KBENCH_STATE_DIR: stateDir };

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe.each(['kafkajs', 'confluent'] as const)('kbench run with %s', (client) => {
  let report: KbenchReport;

  it('runs the scenario and exits 0', async () => {
    const reportPath = join(outDir, `${client}.json`);
    const result = await runCommand(process.execPath, [kbench, 'run', scenario, '--client', client, '--report', reportPath], { env, timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`report: ${reportPath}`);
    expect(result.stdout).toMatch(/Latency/);
    // Progress lines, one per second, when stderr is not a terminal.
    expect(result.stderr.match(/measure/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
  });

  it('writes the report fields scripts rely on', () => {
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.status).toBe('completed');
    expect(report.scenario.name).toBe('small-run');
    expect(report.environment.client).toBe(client);
    expect(report.environment.kafkaVersion).toMatch(/^4\./);
    for (const name of ['produce', 'e2e'] as const) {
      const stats = report.latency[name];
      for (const field of ['count', 'p50', 'p90', 'p99', 'p999', 'max', 'hdr'] as const) expect(stats[field]).toBeDefined();
    }
    expect(Array.isArray(report.timeline)).toBe(true);
  });

  it('accounts for every message: scheduled = sent = acked = consumed', () => {
    const expected = 400 * 5; // 400 msg/s over 1 s of warm-up and 4 s of measurement
    expect(report.counts.expected).toBe(expected);
    expect(report.counts.sent).toBe(expected);
    expect(report.counts.notAttempted).toBe(0);
    expect(report.counts.acked).toBe(expected);
    expect(report.counts.failed).toBe(0);
    expect(report.counts.consumed).toBe(expected);
    expect(report.consumerGroups[0]?.lagEnd).toBe(0);
    expect(report.partitions.reduce((sum, p) => sum + p.acked, 0)).toBe(expected);
    expect(report.partitions.reduce((sum, p) => sum + p.consumed, 0)).toBe(expected);
  });

  it('records latencies after the warm-up only, with consistent percentiles', () => {
    const { produce, produceResponse, e2e } = report.latency;
    // Warm-up messages (the first second) are left out of the histograms.
    expect(produce.count).toBeGreaterThan(1_400);
    expect(produce.count).toBeLessThanOrEqual(1_600);
    expect(e2e.count).toBe(produce.count);
    for (const stats of [produce, produceResponse, e2e]) {
      expect(stats.p50).toBeGreaterThan(0);
      expect(stats.p50).toBeLessThanOrEqual(stats.p99);
      expect(stats.p99).toBeLessThanOrEqual(stats.max);
      expect(decodeHistogram(stats.hdr).totalCount).toBe(stats.count);
    }
    // Response time (from the intended send time) is never shorter than service time.
    expect(produceResponse.p50).toBeGreaterThanOrEqual(produce.p50);
    // End to end includes the produce path.
    expect(e2e.p50).toBeGreaterThanOrEqual(produce.p50 * 0.5);
  });

  it('has one timeline entry per second with rates that add up', () => {
    const measure = report.timeline.filter((entry) => entry.phase === 'measure');
    expect(measure.length).toBeGreaterThanOrEqual(3);
    expect(report.timeline.reduce((sum, entry) => sum + entry.ackedPerSec, 0)).toBe(report.counts.acked);
    expect(report.timeline.reduce((sum, entry) => sum + entry.consumedPerSec, 0)).toBe(report.counts.consumed);
    // The open-model schedule sends 400 msg/s whatever the brokers' pace (acks may trail on a busy machine).
    const sentPerSec = measure.reduce((sum, entry) => sum + entry.sentPerSec, 0) / measure.length;
    expect(sentPerSec).toBeGreaterThan(300);
    expect(sentPerSec).toBeLessThan(500);
    expect(report.throughput.produced.meanPerSec).toBeGreaterThan(0);
  });

  it('leaves no cluster and no worker behind', () => {
    const previous = process.env.KBENCH_STATE_DIR;
    process.env.KBENCH_STATE_DIR = stateDir;
    try {
      expect(listClusterStates()).toEqual([]);
    } finally {
      process.env.KBENCH_STATE_DIR = previous;
    }
    expect(report.workers.map((worker) => worker.exitStatus)).toEqual(report.workers.map(() => 'ok'));
    expect(report.workers.map((worker) => worker.host)).toEqual(report.workers.map(() => (client === 'kafkajs' ? 'thread' : 'process')));
  });
});
