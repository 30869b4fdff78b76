/**
 * `kbench merge` on synthetic shard reports (test/fixtures/sample-shards.ts): delivery across
 * shards, exact histogram sums, timelines aligned on wall-clock time, rebalances found over every
 * shard's members, the run's assessments and thresholds on the merged report, and that the result
 * is a report `read-report` accepts.
 */
import { shardStatusDetail } from '../../src/report/shard-status.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLatencyHistogram, decodeHistogram, recordUs, summarizeUs } from '../../src/metrics/histogram.js';
import { MERGED_LOG_CHECK_NOTE } from '../../src/merge/merge-integrity.js';
import { mergeReports } from '../../src/merge/merge-reports.js';
import { readReport } from '../../src/report/read-report.js';
import type { ConsumerEventReport, KbenchReport } from '../../src/report/report-types.js';
import { SHARD_GROUP, SHARD_START_MS, member, shardReport, shardReports } from '../fixtures/sample-shards.js';

const dir = mkdtempSync(join(tmpdir(), 'kbench-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function merge(reports: readonly KbenchReport[]): KbenchReport {
  return mergeReports(reports.map((report, i) => ({ file: `shard-${i}.json`, report })));
}

/** Shard k's producer acked 0..799; each shard's member consumed half of every producer's messages. */
function crossConsumed(count: number): (index: number) => { consumed: Array<{ producerIndex: number; ranges: Array<[number, number]> }> } {
  return (index) => ({
    consumed: Array.from({ length: count }, (_, producerIndex) => ({ producerIndex, ranges: [index === 0 ? [0, 399] : [400, 799]] as Array<[number, number]> })),
  });
}

describe('merged integrity', () => {
  it('counts a message produced by one shard and consumed by another as delivered', () => {
    const merged = merge(shardReports(2, crossConsumed(2)));
    expect(merged.integrity).toMatchObject({ checkedGroups: [SHARD_GROUP], acknowledged: 1600, lost: 0, duplicated: 0, unacknowledgedButDelivered: 0 });
    expect(merged.integrity?.groups[SHARD_GROUP]).toMatchObject({ readsEverything: true, consumedUnique: 1600, lost: 0, unconsumed: 0 });
    expect(merged.integrity?.logCheck).toEqual({ method: 'not-needed', recordsRead: 0, note: null });
  });

  it('counts messages two shards both consumed as duplicated, with each shard’s own duplicates and reorders', () => {
    const merged = merge(
      shardReports(2, (index) => ({
        consumed: [
          { producerIndex: 0, ranges: [index === 0 ? [0, 399] : [390, 799]] },
          { producerIndex: 1, ranges: [index === 0 ? [0, 399] : [400, 799]] },
        ],
        duplicated: 3 + index,
        reordered: 1,
      })),
    );
    expect(merged.integrity).toMatchObject({ lost: 0, duplicated: 10 + 3 + 4, reordered: 2 });
    expect(merged.integrity?.groups[SHARD_GROUP]?.consumedUnique).toBe(1600);
  });

  it('counts acknowledged messages no shard consumed as lost, saying no log check ran', () => {
    const merged = merge(shardReports(2, (index) => ({ consumed: [{ producerIndex: index, ranges: [[0, 789]] }] })));
    expect(merged.integrity).toMatchObject({ lost: 20, unconsumed: 0, logCheck: { method: 'unavailable', recordsRead: 0, note: MERGED_LOG_CHECK_NOTE } });
  });

  it('reads everything when any shard’s members did, and counts what was consumed unacknowledged', () => {
    const reports = shardReports(2, (index) => ({ consumed: [{ producerIndex: index, ranges: [[0, 809]] }] }));
    reports[1]!.deliverySets!.groups[0]!.readsEverything = false;
    const merged = merge(reports);
    expect(merged.integrity?.checkedGroups).toEqual([SHARD_GROUP]);
    expect(merged.integrity?.unacknowledgedButDelivered).toBe(20);
  });
});

describe('merged latency', () => {
  it('adds the histograms: the merged p99 is the p99 of one histogram holding every value', () => {
    const a = Array.from({ length: 1000 }, (_, i) => 500 + ((i * 7919) % 3000));
    const b = Array.from({ length: 300 }, (_, i) => 20_000 + i * 97);
    const merged = merge(shardReports(2, (index) => ({ produceUs: index === 0 ? a : b })));
    const all = createLatencyHistogram();
    for (const value of [...a, ...b]) recordUs(all, value);
    const expected = summarizeUs(all);
    expect(merged.latency.produce).toMatchObject(expected);
    expect(merged.latency.produce.count).toBe(1300);
    expect(decodeHistogram(merged.latency.produce.hdr).getValueAtPercentile(99)).toBe(all.getValueAtPercentile(99));
    // Averaging the shards' p99s would say something else entirely.
    const shardP99s = [shardReport({ index: 0, count: 2, produceUs: a }), shardReport({ index: 1, count: 2, produceUs: b })].map((r) => r.latency.produce.p99);
    expect(merged.latency.produce.p99).not.toBe((shardP99s[0]! + shardP99s[1]!) / 2);
  });
});

describe('merged timeline', () => {
  it('aligns shards on wall-clock time, rounding their offsets to whole seconds', () => {
    const merged = merge(shardReports(2, (index) => ({ startedAtEpochMs: SHARD_START_MS + index * 2_400, ...crossConsumed(2)(index) })));
    expect(merged.startedAt).toBe(new Date(SHARD_START_MS).toISOString());
    expect(merged.timeline.map((entry) => entry.second)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // Shard 1's second 0 is merged second 2.
    expect(merged.timeline.map((entry) => entry.ackedPerSec)).toEqual([100, 100, 200, 200, 200, 200, 200, 200, 100, 100, 0, 0]);
    // Measured only while both measured: shard 0 measures 2–7, shard 1 4–9.
    expect(merged.timeline.map((entry) => entry.phase)).toEqual(['warmup', 'warmup', 'warmup', 'warmup', 'measure', 'measure', 'measure', 'measure', 'drain', 'drain', 'drain', 'drain']);
    expect(merged.throughput.produced.meanPerSec).toBe(200);
    expect(merged.warmupMs).toBe(4_400);
    expect(merged.durationMs).toBe(8_000 - 4_400);
    // Lag: summed, shard 0's last value held after its timeline ended.
    expect(merged.timeline[9]?.lag[SHARD_GROUP]).toBe(10);
    expect(merged.timeline[11]?.lag[SHARD_GROUP]).toBe(0);
    // Per-second percentiles: the highest shard's (an upper bound), members summed.
    expect(merged.timeline[3]).toMatchObject({ produceP99Ms: 4, e2eP99Ms: 6, members: { [SHARD_GROUP]: 2 }, errors: {} });
    expect(merged.timeline[5]?.errors).toEqual({ timeout: 2 });
    expect(merged.timeline[10]).toMatchObject({ produceP99Ms: null, e2eP99Ms: 6, members: { [SHARD_GROUP]: 1 } });
  });

  it('sums counts, errors, partitions and groups, and recomputes the run’s assessments', () => {
    const merged = merge(shardReports(2, crossConsumed(2)));
    expect(merged.counts).toMatchObject({ sent: 1600, acked: 1600, consumed: 1600, expected: 1600 });
    expect(merged.errors.timeout).toBe(2);
    expect(merged.errorSamples.timeout).toEqual(['shard 1 timed out', 'again']);
    expect(merged.partitions[0]).toEqual({ partition: 0, acked: 1600, consumed: 1600 });
    expect(merged.consumerGroups).toEqual([{ groupId: SHARD_GROUP, members: 2, consumed: 1600, lagEnd: 0 }]);
    expect(merged.saturation).toMatchObject({ verdict: 'kept-up', sustainedPerSec: 200, measuredSeconds: 6 });
    expect(merged.throughput.produced).toMatchObject({ meanPerSec: 200, minPerSec: 200, maxPerSec: 200 });
    expect(merged.validity?.verdict).toBeDefined();
    expect(merged.shard).toBeUndefined();
    expect(merged.deliverySets).toBeUndefined();
    expect(merged.mergedFrom?.map((part) => [part.file, part.shard.index, part.status])).toEqual([
      ['shard-0.json', 0, 'completed'],
      ['shard-1.json', 1, 'completed'],
    ]);
  });

  it('merges the plan: every shard’s producers and members, worker ids unique, resource keys per shard', () => {
    const merged = merge(shardReports(3, crossConsumed(3)));
    expect(merged.scenario.producers.map((p) => [p.id, p.index, p.workerId])).toEqual([
      ['producers#0-s0', 0, 0],
      ['producers#0-s1', 1, 2],
      ['producers#0-s2', 2, 4],
    ]);
    expect(merged.scenario.consumerGroups[0]?.members.map((m) => [m.id, m.workerId])).toEqual([
      [member(0), 1],
      [member(1), 3],
      [member(2), 5],
    ]);
    expect(merged.scenario.workers.map((w) => w.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(merged.workers.map((w) => w.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(merged.scenario.expectedMessages).toBe(2400);
    expect(merged.resourceUsage?.processes.map((p) => p.key)).toContain('shard-2/worker-5');
    expect(merged.resourceUsage?.processes.map((p) => p.key)).toContain('shard-0/runner');
    expect(Object.keys(merged.resourceUsage?.seconds[3]?.cpuPct ?? {})).toContain('shard-1/worker-2');
    expect(merged.resourceUsage?.reasons.every((reason) => /^shard \d \(shard-\d\.json\): /.test(reason))).toBe(true);
    expect(merged.environment.hostname).toBe('host-0, host-1, host-2');
  });
});

describe('merged resources and status', () => {
  it('lists a broker JVM two shards on one host both sampled once, and drops the shards\' own "judged on the merged report" sentence', () => {
    const reports = shardReports(2);
    for (const report of reports) {
      report.shard = { ...report.shard!, host: 'one-host' };
      report.statusDetail = [shardStatusDetail(report.shard), 'something else happened'];
    }
    const merged = merge(reports);
    const brokers = merged.resourceUsage?.processes.filter((p) => p.role === 'broker').map((p) => p.key) ?? [];
    expect(brokers.length).toBeGreaterThan(0);
    expect(brokers.every((key) => key.startsWith('shard-0/'))).toBe(true);
    expect(Object.keys(merged.resourceUsage?.seconds[3]?.cpuPct ?? {}).filter((key) => key.includes('broker')).every((key) => key.startsWith('shard-0/'))).toBe(true);
    expect(merged.resourceUsage?.processes.map((p) => p.key)).toContain('shard-1/runner');
    expect(merged.statusDetail?.filter((d) => d.includes('judged on the merged report'))).toEqual([]);
    expect(merged.statusDetail?.filter((d) => d.includes('something else happened'))).toHaveLength(2);
  });

  it('keeps brokers of different hosts apart', () => {
    const merged = merge(shardReports(2));
    const brokers = merged.resourceUsage?.processes.filter((p) => p.role === 'broker').map((p) => p.key) ?? [];
    expect(brokers.some((key) => key.startsWith('shard-1/'))).toBe(true);
  });
});

describe('merged rebalances', () => {
  /** Member 0 (shard 0) and member 1 (shard 1) share the group; member 1 is killed at 5 s and member 0 takes its partitions at 6.5 s. */
  function crashReports(): KbenchReport[] {
    const reports = shardReports(2, crossConsumed(2));
    const events: ConsumerEventReport[][] = [
      [
        { consumerId: member(0), groupId: SHARD_GROUP, atMs: -2000, type: 'joining' },
        { consumerId: member(0), groupId: SHARD_GROUP, atMs: -1000, type: 'assigned', partitions: [0, 1, 2] },
        { consumerId: member(0), groupId: SHARD_GROUP, atMs: 6000, type: 'revoked', partitions: [0, 1, 2] },
        { consumerId: member(0), groupId: SHARD_GROUP, atMs: 6500, type: 'assigned', partitions: [0, 1, 2, 3, 4, 5] },
      ],
      [
        { consumerId: member(1), groupId: SHARD_GROUP, atMs: -1900, type: 'joining' },
        { consumerId: member(1), groupId: SHARD_GROUP, atMs: -1000, type: 'assigned', partitions: [3, 4, 5] },
        { consumerId: member(1), groupId: SHARD_GROUP, atMs: 5000, type: 'crashed', partitions: [3, 4, 5] },
      ],
    ];
    reports.forEach((report, i) => {
      report.consumerEvents = events[i]!;
    });
    reports[1]!.faults = [{ kind: 'consumer-crash', target: member(1), atMs: 5000, endedAtMs: null }];
    return reports;
  }

  it('finds one rebalance where shards together settle, and the crash that another shard’s member recovers from', () => {
    const merged = merge(crashReports());
    expect(merged.rebalances.map((r) => [r.index, r.trigger, r.startedAtMs, r.endedAtMs, r.settled, r.partitionsMoved])).toEqual([
      [0, 'initial', -1000, -1000, true, 6],
      [1, 'member-crashed', 5000, 6500, true, 3],
    ]);
    expect(merged.rebalances[1]).toMatchObject({ triggeredBy: [member(1)], pauseMs: 1500, membersBefore: 2, membersAfter: 1, maxPartitionPauseMs: null });
    expect(merged.rebalances[1]?.startedAt).toBe(new Date(SHARD_START_MS + 5000).toISOString());
    expect(merged.consumerEvents.map((e) => [e.consumerId, e.atMs])).toEqual([
      [member(0), -2000],
      [member(1), -1900],
      [member(0), -1000],
      [member(1), -1000],
      [member(1), 5000],
      [member(0), 6000],
      [member(0), 6500],
    ]);
    expect(merged.faults).toEqual([{ kind: 'consumer-crash', target: member(1), atMs: 5000, endedAtMs: null }]);
  });

  it('shifts a later shard’s events and faults by the exact offset of its start', () => {
    const reports = crashReports();
    reports[1]!.shard!.startedAtEpochMs = SHARD_START_MS + 250;
    const merged = merge(reports);
    expect(merged.faults[0]?.atMs).toBe(5250);
    expect(merged.rebalances[1]).toMatchObject({ trigger: 'member-crashed', startedAtMs: 5250, endedAtMs: 6500 });
  });

  it('takes a leave request from the leaving shard’s schedule as the trigger', () => {
    const reports = crashReports();
    const crash = reports[1]!.consumerEvents[2]!;
    reports[1]!.consumerEvents[2] = { ...crash, type: 'revoked' };
    reports[1]!.consumerEvents.push({ consumerId: member(1), groupId: SHARD_GROUP, atMs: 5010, type: 'left' });
    reports[1]!.scenario.consumerGroups[0]!.schedule = [{ atMs: 4990, action: 'leave', consumerIds: [member(1)] }];
    reports[0]!.scenario.consumerGroups[0]!.schedule = [{ atMs: 4990, action: 'leave', consumerIds: [] }];
    const merged = merge(reports);
    expect(merged.rebalances[1]).toMatchObject({ trigger: 'member-left', triggeredBy: [member(1)], triggeredAtMs: 4990 });
    expect(merged.scenario.consumerGroups[0]?.schedule).toEqual([{ atMs: 4990, action: 'leave', consumerIds: [member(1)] }]);
  });
});

describe('merged thresholds and the file', () => {
  it('evaluates the scenario’s thresholds on the merged report', () => {
    const thresholds = { 'throughput.mean': '>= 150/s', 'integrity.lost': '== 0', 'produce.p99': '< 100ms' };
    const passing = merge(shardReports(2, (index) => ({ thresholds, ...crossConsumed(2)(index) })));
    expect(passing.thresholds?.map((t) => [t.metric, t.passed])).toEqual([
      ['throughput.mean', true],
      ['integrity.lost', true],
      ['produce.p99', true],
    ]);
    // Each shard alone would have lost the half the other shard consumed.
    const failing = merge(shardReports(2, (index) => ({ thresholds, consumed: [{ producerIndex: index, ranges: [[0, 700]] }] })));
    expect(failing.thresholds?.find((t) => t.metric === 'integrity.lost')).toMatchObject({ actual: 198, passed: false });
  });

  it('writes a report read-report accepts, without shard sections', () => {
    const reports = shardReports(2, (index) => ({ thresholds: { 'e2e.p99': '< 1s' }, startedAtEpochMs: SHARD_START_MS + index * 1_300, ...crossConsumed(2)(index) }));
    reports[0]!.rebalances = [];
    const merged = merge(reports);
    const path = join(dir, 'merged.json');
    writeFileSync(path, JSON.stringify(merged));
    const read = readReport(path);
    expect(read.mergedFrom).toHaveLength(2);
    expect(read.counts.acked).toBe(1600);
  });
});
