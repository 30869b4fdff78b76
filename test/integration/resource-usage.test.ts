/**
 * Resource accounting end to end on a one-node embedded cluster: a load one kafkajs worker
 * thread cannot drive is reported as generator-bound, and a light confluent run accounts for
 * the runner, its worker processes and the broker JVM, with CPU per message.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SATURATED_LOOP_MIN_CPU_PCT } from '../../src/report/assess-resources.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenarios = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-resources-test-'));
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state') };

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function run(scenario: string, args: string[], name: string): Promise<KbenchReport> {
  const reportPath = join(outDir, `${name}.json`);
  const result = await runCommand(process.execPath, [kbench, 'run', join(scenarios, scenario), '--report', reportPath, ...args], { env, timeoutMs: 150_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
}

describe('resource accounting', () => {
  it('reports a load one kafkajs worker thread cannot drive as generator-bound', async () => {
    const report = await run('generator-bound.ts', [], 'generator-bound');
    const usage = report.resourceUsage;
    expect(usage, 'resourceUsage section').toBeDefined();
    if (!usage) return;
    // The schedule offered 150,000 msg/s; far fewer were sent, and the worker's event loop never idled.
    expect(report.counts.notAttempted).toBeGreaterThan(report.counts.acked);
    const worker = usage.processes.find((process) => process.key === 'worker-0');
    expect(worker).toMatchObject({ role: 'producer-worker', scope: 'thread' });
    expect(worker?.eventLoopUtilization).toBeGreaterThanOrEqual(0.95);
    expect(usage.processes.find((process) => process.role === 'broker')?.cpuMs).toBeGreaterThan(0);
    const why = usage.reasons.join('\n');
    // Seen: 59–71 % of a core at load average 5–6 on 2 cores, 100 % on an idle machine.
    if ((worker?.cpuPctMean ?? 0) >= 1.6 * SATURATED_LOOP_MIN_CPU_PCT) {
      expect(usage.verdict, why).toBe('generator-bound');
      expect(usage.reasons[0]).toMatch(/^worker 0 \(producer\) was saturated in \d+ of \d+ measured seconds: its thread used [\d.]+ % of a core/);
    } else {
      // Other work on this shared machine left the worker thread little CPU (seen: under 15 % of a
      // core at load average 15+ on 2 cores): by the rules, a busy loop with under 25 % of a core
      // is the machine's doing; near that bound either verdict is right.
      console.warn(`generator-bound only loosely checked: the worker thread got ${worker?.cpuPctMean} % of a core\n${why}`);
      expect(['generator-bound', 'machine-saturated'], why).toContain(usage.verdict);
      expect(usage.machine?.busyPctMean).toBeGreaterThanOrEqual(80);
    }
  }, 180_000);

  it('accounts for the runner, worker processes and broker of a light confluent run, with CPU per message', async () => {
    const report = await run('small-run.ts', ['--client', 'confluent'], 'small-run');
    const usage = report.resourceUsage;
    expect(usage, 'resourceUsage section').toBeDefined();
    if (!usage) return;
    expect(usage.cores).toBeGreaterThan(0);
    expect(usage.measuredSeconds).toBeGreaterThanOrEqual(3);
    expect(usage.verdict).not.toBe('generator-bound');
    expect(usage.verdict).not.toBe('unknown');
    const brokers = usage.processes.filter((process) => process.role === 'broker');
    expect(brokers).toHaveLength(1);
    for (const broker of brokers) {
      expect(broker.cpuMs).toBeGreaterThan(0);
      expect(broker.rssMaxBytes).toBeGreaterThan(50_000_000);
    }
    const workers = usage.processes.filter((process) => process.role === 'producer-worker' || process.role === 'consumer-worker');
    expect(workers.map((worker) => worker.role).sort()).toEqual(['consumer-worker', 'consumer-worker', 'producer-worker']);
    for (const worker of workers) {
      expect(worker.scope).toBe('process');
      expect(worker.pid).not.toBe(usage.processes.find((process) => process.key === 'runner')?.pid);
      expect(worker.eventLoopUtilization).not.toBeNull();
    }
    expect(usage.cpuUsPerMessage.produced).not.toBeNull();
    expect(usage.cpuUsPerMessage.produced).toBeGreaterThan(0);
    expect(usage.cpuUsPerMessage.consumed).toBeGreaterThan(0);
    expect(usage.machine?.busyPctMean).toBeGreaterThan(0);
    expect(usage.seconds.length).toBeGreaterThanOrEqual(usage.measuredSeconds);
  }, 180_000);
});
