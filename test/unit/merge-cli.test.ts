/**
 * `kbench merge` through the real command line (bin/kbench.js over dist/, so after `npm run
 * build`; `npm test` builds first): the merged JSON and its HTML page are written, the summary is
 * printed, the merged report's thresholds decide the exit code (99 when one fails, as for a run),
 * and reports that cannot be merged are a usage error (exit 2) naming the files. No Kafka.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { shardReports } from '../fixtures/sample-shards.js';
import { runCommand } from '../helpers/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const dir = mkdtempSync(join(tmpdir(), 'kbench-merge-cli-'));
const env = { ...process.env, NO_COLOR: '1' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const THRESHOLDS = { 'integrity.lost': '== 0', 'throughput.mean': '>= 150/s' };

/** Writes each shard's report into `name`'s folder; returns their paths. */
function writeShards(name: string, reports: readonly KbenchReport[]): string[] {
  return reports.map((report, index) => {
    const path = join(dir, `${name}-shard-${index}.json`);
    writeFileSync(path, JSON.stringify(report));
    return path;
  });
}

/** Shard k consumed half of every shard's messages: delivered only when the shards are merged. */
function crossShards(lastConsumed = 799): KbenchReport[] {
  return shardReports(2, (index) => ({
    thresholds: THRESHOLDS,
    consumed: [0, 1].map((producerIndex) => ({ producerIndex, ranges: [index === 0 ? [0, 399] : [400, lastConsumed]] as Array<[number, number]> })),
  }));
}

describe('kbench merge (command line)', () => {
  it('writes the merged report and its HTML page, prints the summary and exits 0 when the thresholds pass', async () => {
    expect(existsSync(join(root, 'dist', 'cli', 'merge-command.js')), 'run `npm run build` first').toBe(true);
    const inputs = writeShards('pass', crossShards());
    const out = join(dir, 'pass-merged.json');
    const result = await runCommand(process.execPath, [kbench, 'merge', ...inputs, '--report', out], { env });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('merged 2 shard report(s) of run 7c41aa');
    expect(result.stdout).toContain(`report: ${out}`);
    expect(result.stdout).toMatch(/✓ integrity\.lost/);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as KbenchReport;
    expect(merged.integrity?.lost).toBe(0);
    expect(merged.mergedFrom?.map((part) => part.file)).toEqual(inputs);
    expect(readFileSync(join(dir, 'pass-merged.html'), 'utf8')).toContain('<html');
  });

  it('exits 99 when a threshold fails on the merged report (the JSON and HTML are written)', async () => {
    const inputs = writeShards('fail', crossShards(789));
    const out = join(dir, 'fail-merged.json');
    const html = join(dir, 'elsewhere', 'fail.html');
    const result = await runCommand(process.execPath, [kbench, 'merge', ...inputs, '--report', out, '--html', html], { env });
    expect(result.exitCode).toBe(99);
    expect(result.stdout).toMatch(/✗ integrity\.lost/);
    expect((JSON.parse(readFileSync(out, 'utf8')) as KbenchReport).integrity?.lost).toBe(20);
    expect(existsSync(html)).toBe(true);
  });

  it('exits 2 naming the files when the reports cannot be merged', async () => {
    const [shard0] = writeShards('missing', crossShards());
    const result = await runCommand(process.execPath, [kbench, 'merge', shard0!, '--report', join(dir, 'missing-merged.json')], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: cannot merge: shard(s) 1 of 2 missing');
    expect(result.stderr).toContain(shard0!);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'missing-merged.json'))).toBe(false);
  });

  it('exits 2 when the output would overwrite an input', async () => {
    const inputs = writeShards('overwrite', crossShards());
    const result = await runCommand(process.execPath, [kbench, 'merge', ...inputs, '--report', inputs[0]!], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/one of this command's input files/);
  });
});
