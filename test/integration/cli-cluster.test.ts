/**
 * The CLI as a user runs it: `kbench cluster start` leaves a cluster running after the command
 * ends, `kbench run` uses it, `kbench cluster status` shows it, `kbench cluster stop` leaves no
 * broker process. Its own state folder keeps it apart from other tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { validateCompra } from '../../src/workload/compras.js';
import { runCommand, waitForPidGone } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'kbench-cli-state-'));
const env = { ...process.env, KBENCH_STATE_DIR: stateDir };
const run = (...args: string[]) => runCommand(process.execPath, [kbench, ...args], { env, timeoutMs: 150_000 });

interface StatusJson {
  running: boolean;
  bootstrapServers: string;
  nodes: Array<{ pid: number }>;
  statuses: Array<{ status: string }>;
}

describe('kbench cluster start / status / stop', () => {
  afterAll(async () => {
    await run('cluster', 'stop');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reports no cluster before one is started', async () => {
    const status = await run('cluster', 'status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain('no embedded cluster is running');
  });

  it('rejects a node count other than 1 or 3 with exit code 2', async () => {
    const result = await run('cluster', 'start', '--nodes', '2');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: --nodes expects 1 or 3, got "2"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  let pids: number[] = [];

  it('starts a cluster that outlives the command and prints its bootstrap servers', async () => {
    const start = await run('cluster', 'start', '--nodes', '1');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout.trim()).toMatch(/^127\.0\.0\.1:\d+$/);

    const status = await run('cluster', 'status', '--json');
    const parsed = JSON.parse(status.stdout) as StatusJson;
    expect(parsed.running).toBe(true);
    expect(parsed.bootstrapServers).toBe(start.stdout.trim());
    expect(parsed.statuses.map((s) => s.status)).toEqual(['up']);
    pids = parsed.nodes.map((n) => n.pid);

    const text = await run('cluster', 'status');
    expect(text.stdout).toContain('1 node(s), 1 up');

    const again = await run('cluster', 'start');
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('already running');
  });

  it('runs a scenario against the running cluster; an independent consumer finds exactly the acked events, all valid compras JSON', async () => {
    const reportPath = join(stateDir, 'report.json');
    const result = await run('run', 'test/fixtures/scenarios/small-run.ts', '--client', 'kafkajs', '--report', reportPath);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('using the embedded cluster started with `kbench cluster start`');
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
    expect(report.environment.embeddedLifetime).toBe('persistent');

    const status = JSON.parse((await run('cluster', 'status', '--json')).stdout) as StatusJson;
    // kcat reads the whole topic and exits at its end (-e): one JSON envelope per message.
    const dump = await runCommand('kcat', ['-b', status.bootstrapServers, '-C', '-t', 'compras-small', '-o', 'beginning', '-e', '-q', '-J'], { timeoutMs: 60_000 });
    expect(dump.exitCode, dump.stderr).toBe(0);
    const envelopes = dump.stdout.trim().split('\n').map((line) => JSON.parse(line) as { payload: string; key: string });
    expect(envelopes.length).toBe(report.counts.acked);
    expect(envelopes.length).toBe(report.counts.consumed);
    const ids = new Set<string>();
    for (const envelope of envelopes) {
      const compra = JSON.parse(envelope.payload) as Record<string, unknown>;
      expect(validateCompra(compra)).toEqual([]);
      // Keyed by customer, as the scenario says.
      expect(envelope.key).toBe(compra.customer);
      ids.add(String(compra.id));
    }
    expect(ids.size).toBe(envelopes.length);
  });

  it('stops the cluster and leaves no broker process', async () => {
    const stop = await run('cluster', 'stop');
    expect(stop.exitCode).toBe(0);
    for (const pid of pids) expect(await waitForPidGone(pid, 15_000)).toBe(true);
    const status = await run('cluster', 'status');
    expect(status.stdout).toContain('no embedded cluster is running');
  });
});
