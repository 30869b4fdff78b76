/**
 * `kbench find-max` end to end on an embedded 3-node cluster: a short search (steps of 2 s warm-up
 * + 3 s measured, 50 % precision). The SLO is a mean throughput under 150 msg/s AND produce p99
 * under 5 s. A tight latency SLO cannot be tested this way: on the two cores the test files share
 * (another file's JVMs beside this one's), a 3–4 s window's p99 at 100–200 msg/s moved between 50
 * and 400 ms from one step to the next, so refutations passed by chance and the budget ran out; a
 * throughput ceiling is met below it and missed above it on any machine, which makes the
 * confirmation and the 1.3× refutation decided by the search, not by the noise.
 * The answer's confirmation runs met the SLO and the run at 1.3× the answer did not; the JSON
 * report, its HTML page and the step reports are written; `compare` refuses the find-max JSON.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FindMaxReport } from '../../src/findmax/find-max-types.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/find-max.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-find-max-test-'));
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state'), NO_COLOR: '1' };

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('kbench find-max', () => {
  it('finds a confirmed maximum rate: its confirmations met the SLO and 1.3× it did not', { timeout: 360_000 }, async () => {
    const reportPath = join(outDir, 'find-max.json');
    // The SLO caps the answer at 80 msg/s: far below what the brokers take, so a step fails by the SLO, not by
    // the noise of a loaded machine (at 75–130 msg/s, with a hypervisor's steal, 3 s steps fell behind now and then).
    const args = [kbench, 'find-max', scenario, '--slo', 'throughput.mean < 80/s', '--slo', 'produce.p99 < 5s', '--budget', '240s', '--step-warmup', '2s', '--step-duration', '3s', '--step-drain', '2s'];
    const result = await runCommand(process.execPath, [...args, '--start-rate', '25', '--precision', '50', '--report', reportPath], { env, timeoutMs: 330_000 });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as FindMaxReport;
    expect(report.kind).toBe('kbench-find-max');
    expect(report.status).toBe('completed');
    expect(report.answer.outcome, `${result.stdout}\n${report.answer.reason}`).toBe('confirmed');
    const answer = report.answer.rate as number;
    expect(answer).toBeGreaterThan(0);
    // The search ends confirm, confirm, refute: the two steps right before the refutation are the answer's confirmations,
    // and both met every SLO.
    const finalConfirmations = report.steps.slice(-3, -1);
    expect(finalConfirmations.map((step) => [step.purpose, step.rate, step.passed])).toEqual([
      ['confirm', answer, true],
      ['confirm', answer, true],
    ]);
    for (const step of finalConfirmations) {
      expect(step.slo.map((result) => [result.metric, result.passed])).toEqual([
        ['throughput.mean', true],
        ['produce.p99', true],
      ]);
      expect(step.latencyP99Ms).toBeLessThan(5_000);
    }
    // An earlier run at the answer may have failed (a 3 s window on a loaded machine) and been overruled when a
    // rate above it passed later: the search's own rule (search.ts), unit-tested in find-max-search.test.ts.
    // …and the refutation at 1.3× did not.
    const refutation = report.steps[report.steps.length - 1]!;
    expect(refutation.purpose).toBe('refute');
    expect(refutation.rate).toBe(Math.round(answer * 1.3));
    expect(refutation.passed).toBe(false);
    expect(refutation.reasons.length).toBeGreaterThan(0);
    expect(report.answer.bracket.passed).toBe(answer);
    expect(report.answer.bracket.failed).toBeLessThanOrEqual(refutation.rate);
    // The console: a line per step with the time left, and the summary.
    expect(result.stderr).toMatch(/step 1 · bracket · 25 msg\/s → sustained [\d.,]+ msg\/s · produce p50 [\d.,]+ p99 [\d.,]+ · [✓✗] (pass|fail) · \d[\dhms]* left/);
    expect(result.stdout).toContain(`Maximum sustainable rate: ${answer.toLocaleString('en-US')} msg/s (confirmed)`);
    // Each step's full report beside the find-max report, readable as a run report.
    const first = report.steps[0]!;
    const stepReport = JSON.parse(readFileSync(join(outDir, first.stepReport as string), 'utf8')) as KbenchReport;
    expect(stepReport.kind).toBe('kbench-report');
    expect(stepReport.scenario.producers.reduce((sum, producer) => sum + (producer.load.type === 'constant' ? producer.load.ratePerSec : 0), 0)).toBeCloseTo(25);
    // The later steps found the cluster warm (one cluster for the whole search).
    const last = JSON.parse(readFileSync(join(outDir, refutation.stepReport as string), 'utf8')) as KbenchReport;
    expect(last.environment.bootstrapServers).toEqual(stepReport.environment.bootstrapServers);
    expect(existsSync(join(outDir, 'find-max.html'))).toBe(true);
    const html = readFileSync(join(outDir, 'find-max.html'), 'utf8');
    expect(html).toContain('chart-find-max-latency');
    expect(html).toContain('chart-find-max-sustained');

    const compared = await runCommand(process.execPath, [kbench, 'compare', reportPath, reportPath], { env, timeoutMs: 30_000 });
    expect(compared.exitCode).toBe(2);
    expect(compared.stderr).toContain('is a find-max report');
  });
});
