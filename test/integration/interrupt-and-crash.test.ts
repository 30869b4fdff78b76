/**
 * kbench's own robustness, through the real CLI on a run-scoped embedded cluster: Ctrl-C
 * (SIGINT) mid-run ends with an aborted report, exit 130, within 15 s, and no broker or worker
 * process left; a worker that dies mid-run ends the run with exit 4 and a partial report that
 * names it, and nothing left behind either.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { waitForPidGone, waitUntil } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/long-run.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-interrupt-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Direct children of a process, from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Starts `kbench run` and resolves once the load is being measured, with the pids of its brokers and workers. */
async function startRun(name: string): Promise<{ child: ReturnType<typeof spawn>; reportPath: string; output: () => string; descendants: number[] }> {
  const reportPath = join(outDir, `${name}.json`);
  const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, `${name}-state`) };
  const child = spawn(process.execPath, [kbench, 'run', scenario, '--client', 'confluent', '--report', reportPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const measuring = await waitUntil(() => (text.match(/measure/g)?.length ?? 0) >= 2, 90_000);
  expect(measuring, text).toBe(true);
  const workers = childrenOf(child.pid ?? -1).filter((p) => commandLine(p).includes('worker-main'));
  const brokers = brokerPids(join(outDir, `${name}-state`));
  expect(brokers.length, 'the run-scoped cluster recorded its node').toBeGreaterThanOrEqual(1);
  return { child, reportPath, output: () => text, descendants: [...workers, ...brokers] };
}

/** Pids of the nodes of every cluster recorded in a state folder (the run-scoped cluster's record). */
function brokerPids(stateDir: string): number[] {
  const dir = join(stateDir, 'clusters');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ pid: number }> }).nodes.map((node) => node.pid))
    .filter((pid) => pid > 0);
}

function exitOf(child: ReturnType<typeof spawn>): Promise<{ code: number | null; atMs: number }> {
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, atMs: Date.now() })));
}

describe('kbench run under interruption and crashes', () => {
  it('SIGINT mid-run: aborted report, exit 130 within 15 s, no broker or worker left', { timeout: 180_000 }, async () => {
    const run = await startRun('sigint');
    const workers = childrenOf(run.child.pid ?? -1);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const exited = exitOf(run.child);
    const sentAtMs = Date.now();
    run.child.kill('SIGINT');
    const { code, atMs } = await exited;
    expect(code, run.output()).toBe(130);
    expect(atMs - sentAtMs).toBeLessThan(15_000);
    const report = JSON.parse(readFileSync(run.reportPath, 'utf8')) as KbenchReport;
    expect(report.status).toBe('aborted');
    expect(report.durationMs).toBeLessThan(report.scenario.durationMs);
    expect(report.counts.acked).toBeGreaterThan(0);
    for (const pid of [...workers, ...run.descendants]) expect(await waitForPidGone(pid, 10_000), `pid ${pid} (${commandLine(pid)}) still running`).toBe(true);
  });

  it('a worker killed mid-run: exit 4, a partial report naming it, nothing left behind', { timeout: 180_000 }, async () => {
    const run = await startRun('crash');
    const workers = childrenOf(run.child.pid ?? -1).filter((pid) => commandLine(pid).includes('worker-main'));
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const victim = workers[0] as number;
    const exited = exitOf(run.child);
    process.kill(victim, 'SIGKILL');
    const { code } = await exited;
    expect(code, run.output()).toBe(4);
    expect(run.output()).toMatch(/worker \d+ exited unexpectedly \(signal SIGKILL\)/);
    expect(run.output()).not.toMatch(/\n\s+at /);
    const report = JSON.parse(readFileSync(run.reportPath, 'utf8')) as KbenchReport;
    expect(report.status).toBe('failed');
    expect(report.failure?.workerId).toBeDefined();
    expect(report.workers.find((w) => w.id === report.failure?.workerId)).toMatchObject({ exitStatus: 'error', signal: 'SIGKILL' });
    for (const pid of [...workers, ...run.descendants]) expect(await waitForPidGone(pid, 10_000), `pid ${pid} still running`).toBe(true);
  });
});
