/**
 * `kbench sweep` end to end: a 2×2 grid (acks × linger) on a one-node embedded cluster acquired
 * once, every variant run, and a bundle whose merged figures add up to its runs'.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { SWEEP_KIND, type SweepBundle } from '../../src/sweep/sweep-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/sweep-small.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-sweep-test-'));
const bundlePath = join(outDir, 'sweep.json');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('kbench sweep on an embedded cluster', () => {
  let bundle: SweepBundle;
  let stderr = '';
  let stdout = '';

  it('runs a 2×2 grid and exits 0', async () => {
    const args = [kbench, 'sweep', scenario, '--vary', 'producers[0].acks=1,all', '--vary', 'producers[0].lingerMs=0,5', '--repeat', '1', '--report', bundlePath];
    const result = await runCommand(process.execPath, args, { env: process.env, timeoutMs: 150_000 });
    stderr = result.stderr;
    stdout = result.stdout;
    expect(result.exitCode, result.stderr).toBe(0);
    bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as SweepBundle;
  }, 160_000);

  it('starts the cluster once and shows progress with the time left', () => {
    expect(stderr.match(/starting 1 Kafka/g)).toHaveLength(1);
    for (let run = 1; run <= 4; run++) expect(stderr).toMatch(new RegExp(`run ${run}/4 · round 1/1 · variant \\d/4: acks=\\S+ lingerMs=\\d · about \\S+ left`));
    expect(stdout).toContain(`sweep bundle: ${bundlePath}`);
    expect(stdout).toMatch(/acks\s.*lingerMs/);
    expect(existsSync(bundlePath.replace(/\.json$/, '.html'))).toBe(true);
  });

  it('writes a bundle with 4 variants, each run completed with its own values', () => {
    expect(bundle.kind).toBe(SWEEP_KIND);
    expect(bundle.status).toBe('completed');
    expect(bundle.axes.map((axis) => axis.path)).toEqual(['producers[0].acks', 'producers[0].lingerMs']);
    expect(bundle.axes.map((axis) => axis.values)).toEqual([[1, 'all'], [0, 5]]);
    expect(bundle.variants).toHaveLength(4);
    for (const variant of bundle.variants) {
      expect(variant.runs).toHaveLength(1);
      for (const run of variant.runs) {
        expect(run.report.status).toBe('completed');
        const producer = run.report.scenario.producers[0];
        expect(producer?.acks).toBe(variant.values[0]);
        expect(producer?.lingerMs).toBe(variant.values[1]);
      }
    }
    // Only the first run warmed (or found) the cluster: the others skip the warm-up.
    const ordered = bundle.variants.flatMap((variant) => variant.runs).sort((a, b) => a.sequence - b.sequence);
    for (const run of ordered.slice(1)) {
      expect(run.report.scenario.clusterWarmup?.mode).toBe('off');
      // Said as what it is, not as a cold cluster measured without a warm-up.
      expect(run.report.validity?.findings.find((f) => f.source === 'warmup')).toMatchObject({ severity: 'info', message: expect.stringMatching(/shared by the runs of this session/) });
    }
  });

  it('merges each variant\'s figures from its runs: counts are the sums, histograms decode to them', () => {
    for (const variant of bundle.variants) {
      const reports = variant.runs.map((run) => run.report);
      const sum = (pick: (r: (typeof reports)[number]) => number): number => reports.reduce((total, r) => total + pick(r), 0);
      expect(variant.figures.counts.acked).toBe(sum((r) => r.counts.acked));
      expect(variant.figures.counts.consumed).toBe(sum((r) => r.counts.consumed));
      for (const group of ['produce', 'e2e'] as const) {
        const merged = variant.figures.latency[group];
        expect(merged.count).toBe(sum((r) => r.latency[group].count));
        expect(merged.count).toBeGreaterThan(0);
        expect(decodeHistogram(merged.hdr).totalCount).toBe(merged.count);
        expect(merged.p50).not.toBeNull();
        expect(merged.p50 ?? 0).toBeLessThanOrEqual(merged.p99 ?? 0);
      }
      expect(variant.figures.throughputPerSec).toBeGreaterThan(0);
    }
    // Two axes of two values: 2 neighbour pairs along each.
    expect(bundle.neighbours).toHaveLength(4);
  });
});
