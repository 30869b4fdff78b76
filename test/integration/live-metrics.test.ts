/**
 * `kbench run --prometheus 0 --csv` for real, on a one-node embedded cluster: the printed address
 * serves the live figures while the run goes (messages sent, the phase, lag per group), the
 * final figures and the threshold verdicts during `--prometheus-hold` (ended early by SIGINT);
 * the process then exits by itself. The CSV has one row per second of the report's timeline,
 * the same rows `kbench report --csv` exports from the saved report.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { renderTimelineCsv } from '../../src/report/timeline-csv.js';
import { parseExposition, sampleValue, type ParsedFamily } from '../helpers/prometheus-exposition.js';
import { runCommand } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/live-metrics-run.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-live-metrics-test-'));
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state'), NO_COLOR: '1' };

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function scrape(url: string): Promise<{ status: number; type: string | null; families: Map<string, ParsedFamily> }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), families: parseExposition(await response.text()) };
}

describe('kbench run --prometheus --csv', () => {
  it('serves the live figures while the run goes and writes a CSV row per second', async () => {
    const reportPath = join(outDir, 'run.json');
    const csvPath = join(outDir, 'timeline.csv');
    const child = spawn(process.execPath, [kbench, 'run', scenario, '--prometheus', '0', '--prometheus-hold', '120s', '--csv', csvPath, '--report', reportPath], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor('the metrics address', () => /prometheus metrics: http:\/\/127\.0\.0\.1:\d+\/metrics\n/.test(output) || child.exitCode !== null, { timeoutMs: 60_000, pollMs: 50 });
      const url = /prometheus metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(output)?.[1];
      expect(url, output).toBeDefined();
      const metrics = url ?? '';

      // While the load runs: messages sent, a phase of the run, the group's lag and members.
      let live = await scrape(metrics);
      expect(live.status).toBe(200);
      expect(live.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      await waitFor(
        'messages sent in the live metrics',
        async () => {
          live = await scrape(metrics);
          return (sampleValue(live.families, 'kbench_messages_sent_total') ?? 0) > 0 && (live.families.get('kbench_consumer_lag_messages')?.samples.length ?? 0) > 0;
        },
        { timeoutMs: 120_000, pollMs: 200 },
      );
      const running = live.families;
      const sent = running.get('kbench_messages_sent_total')?.samples[0];
      expect(sent?.labels).toMatchObject({ scenario: 'live-metrics-run', shard: '0/1' });
      expect(sent?.labels.run_id).toMatch(/^[0-9a-f]{6}$/);
      const phase = running.get('kbench_run_phase')?.samples.find((sample) => sample.value === 1)?.labels.phase;
      expect(['warmup', 'measure', 'drain']).toContain(phase);
      const lag = running.get('kbench_consumer_lag_messages')?.samples[0];
      expect(lag?.labels.group).toMatch(/^.+-[0-9a-f]{6}$/);
      expect(sampleValue(running, 'kbench_consumer_group_members', { group: lag?.labels.group ?? '' })).toBe(1);
      expect(sampleValue(running, 'kbench_run_planned_seconds')).toBe(5);
      expect((await fetch(metrics.replace('/metrics', '/other'))).status).toBe(404);

      // After the run, during the hold: the final figures and the threshold's verdict.
      await waitFor(
        'the run to end in the live metrics',
        async () => sampleValue((await scrape(metrics)).families, 'kbench_run_phase', { phase: 'ended' }) === 1,
        { timeoutMs: 150_000, pollMs: 200 },
      );
      const ended = (await scrape(metrics)).families;
      expect(sampleValue(ended, 'kbench_threshold_passed', { metric: 'counts.failed', condition: '== 0' })).toBe(1);
      const report = JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
      expect(report.status).toBe('completed');
      expect(sent?.labels.run_id).toBe(report.ownership?.runId);
      expect(sampleValue(ended, 'kbench_messages_sent_total')).toBe(report.counts.sent);
      expect(sampleValue(ended, 'kbench_messages_acked_total')).toBe(report.counts.acked);
      expect(sampleValue(ended, 'kbench_messages_consumed_total')).toBe(report.counts.consumed);

      // Ctrl-C ends the hold; the process exits by itself (no server or connection left open).
      child.kill('SIGINT');
      expect(await exited, output).toBe(0);
      expect(output).toContain(`serving the final metrics at ${metrics} for 2m (--prometheus-hold; Ctrl-C ends it)`);
      await expect(fetch(metrics)).rejects.toThrow();

      // One CSV row per second of the report's timeline, seconds 0, 1, 2…, as the report exports them.
      const csv = readFileSync(csvPath, 'utf8');
      const rows = csv.split('\r\n').slice(0, -1);
      expect(rows[0]).toMatch(/^second,time,phase,/);
      expect(report.timeline.length).toBeGreaterThanOrEqual(5);
      expect(rows).toHaveLength(report.timeline.length + 1);
      expect(rows.slice(1).map((row) => Number(row.split(',')[0]))).toEqual(report.timeline.map((_, i) => i));
      const groups = report.scenario.consumerGroups.map((group) => group.groupId);
      expect(csv).toBe(renderTimelineCsv(report.timeline, Date.parse(report.startedAt), groups));

      const exported = join(outDir, 'exported.csv');
      const again = await runCommand(process.execPath, [kbench, 'report', reportPath, '--csv', exported, '--html', join(outDir, 'again.html')], { env, timeoutMs: 60_000 });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(readFileSync(exported, 'utf8')).toBe(csv);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
