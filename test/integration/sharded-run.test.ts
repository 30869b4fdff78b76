/**
 * A sharded run: two shards as two processes against one embedded cluster (`kbench cluster
 * start`), merged with `kbench merge`, account for exactly what one unsharded run of the same
 * scenario does — counts, integrity, per-partition and per-group totals — with latencies of the
 * same order. A shard without a shared cluster is refused before anything starts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const scenario = fileURLToPath(new URL('../fixtures/scenarios/sharded-run.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-shard-test-'));
// The first run warms the fresh cluster up (auto: until it settles, at most the fixture's 60 s); later runs find it warm.
const env = { ...process.env, KBENCH_STATE_DIR: join(outDir, 'state'), KBENCH_CLUSTER_WARMUP: 'auto' };
const run = (args: string[], timeoutMs = 180_000) => runCommand(process.execPath, [kbench, ...args], { env, timeoutMs });
const read = (file: string) => JSON.parse(readFileSync(join(outDir, file), 'utf8')) as KbenchReport;

describe('a shard without a shared cluster', () => {
  it('is refused with the reason, before any cluster starts', async () => {
    const result = await run(['run', scenario, '--shard', '1/2', '--run-id', 'lonely', '--report', join(outDir, 'lonely.json')], 60_000);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('shard 1/2 needs the cluster every shard uses');
    expect(result.stderr).toContain('kbench cluster start');
    expect(result.stderr).not.toContain('starting 1 Kafka');
  });
});

describe('two shards merged against one unsharded run', () => {
  beforeAll(async () => {
    const start = await run(['cluster', 'start', '--nodes', '1']);
    expect(start.exitCode, start.stderr).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await run(['cluster', 'stop']);
    rmSync(outDir, { recursive: true, force: true });
  }, 120_000);

  let whole: KbenchReport;
  let merged: KbenchReport;
  let shards: KbenchReport[];

  it('runs the scenario unsharded, on the cluster its warm-up settled', async () => {
    const result = await run(['run', scenario, '--report', join(outDir, 'whole.json')]);
    expect(result.exitCode, result.stderr).toBe(0);
    whole = read('whole.json');
    expect(whole.clusterWarmup?.durationMs).toBeGreaterThan(0);
  }, 260_000);

  it('runs two shards at once, each with its share, and merges their reports', async () => {
    const startAt = new Date(Date.now() + 15_000).toISOString();
    const shardArgs = (k: number) => ['run', scenario, '--shard', `${k}/2`, '--run-id', 'merge-test', '--start-at', startAt, '--report', join(outDir, `shard-${k}.json`)];
    const results = await Promise.all([run(shardArgs(0)), run(shardArgs(1))]);
    for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    expect(results[1]?.stderr).toContain('waiting for shard 0 to create topic');
    shards = [read('shard-0.json'), read('shard-1.json')];
    // The warm cluster is not warmed again; shard 1 never warms it.
    expect(shards.map((s) => s.clusterWarmup?.outcome)).toEqual(['skipped', 'skipped']);
    expect(shards.map((s) => [s.shard?.index, s.shard?.count, s.shard?.runId])).toEqual([
      [0, 2, 'merge-test'],
      [1, 2, 'merge-test'],
    ]);
    // Each shard sent its slice of the schedule: neither the whole nor nothing.
    for (const shard of shards) {
      expect(shard.integrity).toBeUndefined();
      expect(shard.counts.sent).toBeGreaterThan(whole.counts.sent / 3);
      expect(shard.counts.sent).toBeLessThan(whole.counts.sent);
    }
    const result = await run(['merge', join(outDir, 'shard-0.json'), join(outDir, 'shard-1.json'), '--report', join(outDir, 'merged.json')]);
    expect(result.exitCode, result.stderr).toBe(0);
    merged = read('merged.json');
  }, 300_000);

  it('accounts for exactly the messages and deliveries of the unsharded run', () => {
    expect(whole.status).toBe('completed');
    expect(merged.status).toBe('completed');
    const counts = (r: KbenchReport) => ({ ...r.counts, sentBytes: 0, ackedBytes: 0, consumedBytes: 0 });
    expect(counts(merged)).toEqual(counts(whole));
    expect(merged.counts.expected).toBe(whole.counts.expected);
    const integrity = (r: KbenchReport) => {
      const i = r.integrity;
      return i && { acknowledged: i.acknowledged, failed: i.failed, lost: i.lost, unconsumed: i.unconsumed ?? 0, unacknowledgedButDelivered: i.unacknowledgedButDelivered, checkedGroups: i.checkedGroups.length };
    };
    expect(integrity(merged)).toEqual(integrity(whole));
    expect(merged.integrity?.lost).toBe(0);
    expect(merged.partitions.reduce((n, p) => n + p.acked, 0)).toBe(whole.counts.acked);
    expect(merged.consumerGroups.map((g) => [g.members, g.consumed, g.lagEnd])).toEqual(whole.consumerGroups.map((g) => [g.members, g.consumed, g.lagEnd]));
    // Shards leave rebalances to the merge, which sees the two-member group's members from both shards as one group.
    for (const shard of shards) expect(shard.rebalances).toEqual([]);
    const twoMembers = whole.consumerGroups[0]?.groupId.replace(/-[^-]+$/, '');
    const mergedGroup = merged.consumerGroups.find((g) => g.groupId.startsWith(`${twoMembers}-`))?.groupId;
    expect(merged.rebalances.filter((r) => r.groupId === mergedGroup && r.settled).some((r) => r.membersAfter === 2)).toBe(true);
    // The thresholds (no message lost, e2e p99 under 10 s) are judged on the merged data.
    expect(merged.thresholds?.map((t) => [t.metric, t.passed])).toEqual([
      ['integrity.lost', true],
      ['e2e.p99', true],
    ]);
  });

  it('merges the latency histograms exactly, with figures of the same order as the unsharded run', () => {
    // Produce latency covers every acknowledged message after the warm-up: the slices add up to the whole.
    expect(merged.latency.produce.count).toBe(shards.reduce((n, s) => n + s.latency.produce.count, 0));
    expect(merged.latency.produce.count).toBe(whole.latency.produce.count);
    // End to end: each shard measures its own producers' records only.
    expect(merged.latency.e2e.count).toBe(shards.reduce((n, s) => n + s.latency.e2e.count, 0));
    expect(merged.latency.e2e.count).toBeGreaterThan(0);
    for (const name of ['produce', 'e2e'] as const) {
      const [a, b] = [merged.latency[name].p50, whole.latency[name].p50];
      // A one-node cluster on a shared CI machine: the same order of magnitude, or both quick.
      expect(Math.max(a, b) < 50 || Math.max(a, b) / Math.min(a, b) < 10, `${name} p50 merged ${a} ms, unsharded ${b} ms`).toBe(true);
    }
  });
});
