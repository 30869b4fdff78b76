/**
 * Scenario thresholds end to end: a run on a one-node embedded cluster whose thresholds cannot
 * all pass exits with code 99, prints the ✓/✗ list, and still writes its JSON report (with the
 * results) and its HTML page.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/thresholds-run.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-thresholds-test-'));
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state'), NO_COLOR: '1' };

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('kbench run with thresholds', () => {
  it('exits 99 when a threshold fails, after writing the report and the HTML page', async () => {
    const reportPath = join(outDir, 'run.json');
    const result = await runCommand(process.execPath, [kbench, 'run', scenario, '--report', reportPath], { env, timeoutMs: 150_000 });
    expect(result.exitCode, result.stderr).toBe(99);
    expect(result.stdout).toContain('Thresholds: 1 of 3 failed');
    expect(result.stdout).toMatch(/✓ counts\.failed == 0 +0\n/);
    expect(result.stdout).toMatch(/✓ throughput\.mean > 1\/s +\d+/);
    expect(result.stdout).toMatch(/✗ e2e\.p99 < 1us +[\d.,]+ ms/);
    expect(result.stdout).toContain(`html report: ${join(outDir, 'run.html')}`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
    expect(report.status).toBe('completed');
    expect(report.scenario.thresholds).toEqual({ 'counts.failed': '== 0', 'throughput.mean': '> 1/s', 'e2e.p99': '< 1us' });
    expect(report.thresholds?.map((threshold) => [threshold.metric, threshold.passed])).toEqual([
      ['counts.failed', true],
      ['throughput.mean', true],
      ['e2e.p99', false],
    ]);
    expect(report.thresholds?.[2]).toMatchObject({ bound: 0.001, unit: 'ms', actual: report.latency.e2e.p99 });
    expect(existsSync(join(outDir, 'run.html'))).toBe(true);
  });
});
