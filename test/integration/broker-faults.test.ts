/**
 * Broker faults injected by scenarios on a three-node embedded cluster, and what the report says:
 * the leader killed under acks=all with idempotence loses and duplicates nothing; a paused
 * broker shows in the response-time histogram (measured from the intended send time, so the
 * stall is not hidden: the coordinated-omission check).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-faults-test-'));
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state') };
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function run(fixture: string, client = 'confluent'): Promise<{ report: KbenchReport; output: string }> {
  const reportPath = join(outDir, `${fixture}-${client}.json`);
  const scenario = fileURLToPath(new URL(`../fixtures/scenarios/${fixture}.ts`, import.meta.url));
  const result = await runCommand(process.execPath, [kbench, 'run', scenario, '--client', client, '--report', reportPath], { env, timeoutMs: 170_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  return { report: JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport, output: result.stderr };
}

describe('broker faults', () => {
  it('refuses broker faults with a client that cannot survive them, saying why (platformatic)', { timeout: 60_000 }, async () => {
    const scenario = fileURLToPath(new URL('../fixtures/scenarios/leader-kill.ts', import.meta.url));
    const result = await runCommand(process.execPath, [kbench, 'validate', scenario, '--client', 'platformatic'], { env, timeoutMs: 50_000 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/faults: client "platformatic" cannot run broker faults: .*connection pool/);
  });

  it.each(['confluent'])('the leader killed and restarted under acks=all with idempotence (%s): lost 0, duplicated 0', { timeout: 180_000 }, async (client) => {
    const { report, output } = await run('leader-kill', client);
    expect(output).toMatch(/fault: kill node \d \(leader of partition 0\)/);
    expect(report.faults).toEqual([expect.objectContaining({ kind: 'broker-kill', atMs: expect.any(Number), endedAtMs: expect.any(Number) })]);
    const [fault] = report.faults;
    expect(fault?.atMs).toBeGreaterThanOrEqual(5_000);
    expect((fault?.endedAtMs ?? 0) - (fault?.atMs ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0, unacknowledgedButDelivered: 0 });
    expect(report.integrity?.acknowledged).toBe(report.counts.acked);
    expect(report.counts.acked + report.counts.failed).toBe(report.counts.sent);
    expect(report.counts.acked).toBeGreaterThan(report.counts.sent * 0.9);
  });

  it('a paused broker shows up in the response-time histogram: its max is at least the pause', { timeout: 180_000 }, async () => {
    const { report } = await run('broker-pause-short');
    expect(report.faults).toEqual([expect.objectContaining({ kind: 'broker-pause' })]);
    const [fault] = report.faults;
    const pauseMs = (fault?.endedAtMs ?? 0) - (fault?.atMs ?? 0);
    expect(pauseMs).toBeGreaterThanOrEqual(3_000);
    expect(report.latency.produceResponse.max).toBeGreaterThanOrEqual(3_000);
    expect(report.latency.e2e.max).toBeGreaterThanOrEqual(3_000);
    // Measured from the intended send time, the response time never hides a wait the service time shows.
    expect(report.latency.produceResponse.max).toBeGreaterThanOrEqual(report.latency.produce.max);
    // Acks stopped during the pause: some second from its start on has none while messages were sent.
    const pausedSeconds = report.timeline.filter((entry) => entry.second >= Math.floor((fault?.atMs ?? 0) / 1000) && entry.second < Math.floor((fault?.endedAtMs ?? 0) / 1000));
    expect(pausedSeconds.some((entry) => entry.sentPerSec > 0 && entry.ackedPerSec < entry.sentPerSec / 2)).toBe(true);
    expect(report.integrity?.lost).toBe(0);
  });
});
