/**
 * `kbench report` and `kbench compare` as a user runs them, on saved reports (no Kafka needed):
 * exit codes 0 / 98 / 2, the HTML files they write, and clear errors for files that are not
 * kbench reports.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kbench-cli-compare-'));
const env = { ...process.env, NO_COLOR: '1' };
const run = (...args: string[]) => runCommand(process.execPath, [kbench, ...args], { env, timeoutMs: 60_000 });

function save(name: string, report: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof report === 'string' ? report : JSON.stringify(report));
  return path;
}

/** The sample with end-to-end latency twice as high. */
function slower(): KbenchReport {
  const report = cloneSampleReport();
  for (const entry of report.timeline) if (entry.e2eP99Ms !== null) entry.e2eP99Ms = entry.e2eP99Ms * 2 + (entry.second % 3) * 0.1;
  report.latency.e2e.p99 *= 2;
  return report;
}

const base = save('base.json', cloneSampleReport());
const worse = save('worse.json', slower());

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kbench compare', () => {
  it('prints the table and exits 98 when a --fail-if criterion is met', async () => {
    const result = await run('compare', base, worse, '--fail-if', 'e2e.p99 > +10%', '--fail-if', 'throughput.mean < 1000/s');
    expect(result.exitCode, result.stderr).toBe(98);
    expect(result.stdout).toMatch(/│ e2e p99 +│ +26\.2 ms │ +52\.4 ms │ +\+100% │ +worse \(p<0\.001\) │/);
    expect(result.stdout).toContain('Regression checks: 1 of 2 failed');
    expect(result.stdout).toMatch(/✗ e2e\.p99 > \+10% +worse 52\.4 ms vs 26\.2 ms in base \(\+100%\)/);
    expect(result.stderr).toBe('');
  });

  it('exits 0 when nothing regressed (reversed order, or a looser bound), and writes the comparison page', async () => {
    const html = join(dir, 'compare.html');
    const reversed = await run('compare', worse, base, '--fail-if', 'e2e.p99 > +10%', '--html', html);
    expect(reversed.exitCode, reversed.stderr).toBe(0);
    expect(reversed.stdout).toContain('Regression checks: none of 1 failed');
    expect(reversed.stdout).toContain(`html comparison: ${html}`);
    expect(readFileSync(html, 'utf8')).toContain('<h1>kbench compare · worse vs base</h1>');
    const looser = await run('compare', base, worse, '--fail-if', 'e2e.p99 > +150%');
    expect(looser.exitCode, looser.stderr).toBe(0);
  });

  it('flags reports of another scenario above the table', async () => {
    const other = cloneSampleReport();
    other.scenario.name = 'keys-hot';
    const result = await run('compare', base, save('other.json', other));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('warning: different scenarios: base ran "acks-all-3-nodes", other ran "keys-hot"');
  });

  it('refuses bad criteria, a single report and files that are not reports, with exit code 2 and no stack', async () => {
    const badCriterion = await run('compare', base, worse, '--fail-if', 'e2e.p9x > +10%');
    expect(badCriterion.exitCode).toBe(2);
    expect(badCriterion.stderr).toContain('--fail-if "e2e.p9x > +10%": unknown metric "e2e.p9x"');
    const single = await run('compare', base);
    expect(single.exitCode).toBe(2);
    expect(single.stderr).toContain('compare needs at least two reports, got 1');
    const notReport = await run('compare', base, save('package.json', { name: 'x' }));
    expect(notReport.exitCode).toBe(2);
    expect(notReport.stderr).toContain('is not a kbench report (it has no "kind": "kbench-report")');
    for (const result of [badCriterion, single, notReport]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a report with a string where a metric belongs (exit code 2), so --fail-if never passes it as NaN', async () => {
    const damaged = JSON.parse(JSON.stringify(cloneSampleReport()));
    damaged.latency.e2e.p99 = 'abc';
    const result = await run('compare', base, save('string-metric.json', damaged), '--fail-if', 'e2e.p99 > +10%', '--fail-if', 'e2e.p99 > 1000ms');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is not a valid kbench report: 1 problem(s) in its fields');
    expect(result.stderr).toContain('latency.e2e.p99: expected a number, got "abc"');
    expect(result.stderr).not.toMatch(/\n\s+at |TypeError/);
    const report = await run('report', save('string-count.json', { ...damaged, latency: cloneSampleReport().latency, counts: { ...damaged.counts, failed: '3' } }));
    expect(report.exitCode).toBe(2);
    expect(report.stderr).toContain('counts.failed: expected a whole number ≥ 0, got "3"');
  });
});

describe('kbench report', () => {
  it('prints the tables and the thresholds again and writes the HTML next to the JSON', async () => {
    const path = save('rebalances.json', sampleRebalanceReport());
    const result = await run('report', path);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('kbench · acks-all-3-nodes');
    expect(result.stdout).toContain('Thresholds: 1 of 4 failed');
    expect(result.stdout).toContain(`html report: ${join(dir, 'rebalances.html')}`);
    expect(readFileSync(join(dir, 'rebalances.html'), 'utf8')).toContain('<section id="rebalances">');
  });

  it('never overwrites its input, nor writes into a folder (exit 2 before anything is written)', async () => {
    const before = readFileSync(base, 'utf8');
    const overwrite = await run('report', base, '--html', base);
    expect(overwrite.exitCode).toBe(2);
    expect(overwrite.stderr).toContain("is one of this command's input files");
    const compareOverwrite = await run('compare', base, worse, '--html', worse);
    expect(compareOverwrite.exitCode).toBe(2);
    const folder = await run('report', base, '--html', dir);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('is a folder');
    expect(readFileSync(base, 'utf8')).toBe(before);
    for (const result of [overwrite, compareOverwrite, folder]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes the HTML where --html says', async () => {
    const target = join(dir, 'elsewhere', 'page.html');
    const result = await run('report', base, '--html', target);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
  });

  it('says clearly when a file is not a kbench report or has a newer schema version (exit 2)', async () => {
    const newer = await run('report', save('newer.json', { ...cloneSampleReport(), schemaVersion: 99 }));
    expect(newer.exitCode).toBe(2);
    expect(newer.stderr).toContain('uses report schema version 99, newer than this kbench supports (versions 1 to 2)');
    const truncated = await run('report', save('cut.json', JSON.stringify(cloneSampleReport()).slice(0, 500)));
    expect(truncated.exitCode).toBe(2);
    expect(truncated.stderr).toContain('is not valid JSON: the file is empty or truncated');
    const missing = await run('report', join(dir, 'nope.json'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('report file not found');
    expect(existsSync(join(dir, 'newer.html'))).toBe(false);
  });
});
