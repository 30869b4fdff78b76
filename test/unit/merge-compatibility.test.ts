/**
 * What `kbench merge` refuses, each with a usage error (exit code 2) naming the files: reports
 * that are not a shard's, of other runs, scenarios, kbench versions or shard counts, a shard given
 * twice, producers or members in two shards, missing shards. Fields that differ per shard by
 * design are no difference.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode, KbenchError } from '../../src/errors.js';
import { checkMergeable } from '../../src/merge/merge-compatibility.js';
import { mergeReports } from '../../src/merge/merge-reports.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';
import { member, shardReports } from '../fixtures/sample-shards.js';

const files = (reports: readonly KbenchReport[]): Array<{ file: string; report: KbenchReport }> => reports.map((report, i) => ({ file: `shard-${i}.json`, report }));

/** The usage error `checkMergeable` gives, its message and details as one text. */
function refusal(reports: readonly KbenchReport[]): string {
  try {
    checkMergeable(files(reports));
  } catch (error) {
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).exitCode).toBe(ExitCode.usage);
    return [(error as KbenchError).message, ...(error as KbenchError).details].join('\n');
  }
  throw new Error('the reports were accepted');
}

describe('kbench merge refuses', () => {
  it('a report of a run without --shard', () => {
    const [shard0] = shardReports(2);
    expect(refusal([shard0!, cloneSampleReport()])).toMatch(/shard-1\.json is not a shard report: it has no "shard" section/);
  });

  it('a merged report', () => {
    const merged = mergeReports(files(shardReports(2)));
    expect(refusal([merged])).toMatch(/shard-0\.json is a merged report/);
  });

  it('a shard report without its delivery sets', () => {
    const reports = shardReports(2);
    delete reports[1]!.deliverySets;
    expect(refusal(reports)).toMatch(/shard-1\.json .*no "deliverySets"/);
  });

  it('a report with a backlog phase (sharded runs refuse them)', () => {
    const reports = shardReports(2);
    reports[1]!.scenario.consumerGroups[0]!.backlog = { atMs: 3_000, size: { kind: 'messages', messages: 200 } };
    expect(refusal(reports)).toMatch(/shard-1\.json has a backlog phase/);
  });

  it('reports of different scenarios, naming the differing fields', () => {
    const reports = shardReports(2);
    reports[1]!.scenario.producers[0]!.acks = 1;
    reports[1]!.scenario.topic.partitions = 12;
    const text = refusal(reports);
    expect(text).toMatch(/shard-1\.json ran another scenario than shard-0\.json/);
    expect(text).toContain('producers[0].acks "all" → 1');
    expect(text).toContain('topic.partitions 6 → 12');
  });

  it('reports of different runs, shard counts or kbench versions', () => {
    const reports = shardReports(2);
    reports[1]!.shard!.runId = 'other1';
    expect(refusal(reports)).toMatch(/shard-1\.json and shard-0\.json are of different runs: run id "other1" and "7c41aa"/);
    const counts = shardReports(2);
    counts[1]!.shard!.count = 3;
    expect(refusal(counts)).toMatch(/shard-1\.json and shard-0\.json split the run differently: 3 shards and 2 shards/);
    const versions = shardReports(2);
    versions[1]!.environment.kbenchVersion = '0.2.0';
    expect(refusal(versions)).toMatch(/shard-1\.json and shard-0\.json were written by different kbench versions: 0\.2\.0 and 0\.1\.0/);
  });

  it('two reports claiming one shard (the same report given twice)', () => {
    const [shard0, shard1] = shardReports(2);
    expect(refusal([shard0!, shard1!, structuredClone(shard0!)])).toMatch(/shard-0\.json and shard-2\.json both claim shard 0/);
  });

  it('overlapping producer indexes or members', () => {
    const reports = shardReports(2);
    reports[1]!.deliverySets!.producers[0]!.producerIndex = 0;
    expect(refusal(reports)).toMatch(/shard-0\.json and shard-1\.json both ran producer index\(es\) 0/);
    const members = shardReports(2);
    members[1]!.scenario.consumerGroups[0]!.members[0]!.id = member(0);
    expect(refusal(members)).toMatch(/shard-0\.json and shard-1\.json both ran consumer\(s\) .*#0/);
  });

  it('missing shards, naming them', () => {
    const [shard0, , shard2] = shardReports(4);
    expect(refusal([shard2!, shard0!])).toMatch(/shard\(s\) 1, 3 of 4 missing \(given: 0 in shard-1\.json, 2 in shard-0\.json\)/);
  });

  it('lists every problem at once', () => {
    const reports = shardReports(3).slice(0, 2);
    reports[1]!.shard!.runId = 'other1';
    reports[1]!.scenario.durationMs = 1;
    const text = refusal(reports);
    expect(text).toMatch(/^cannot merge these reports: 3 problems/);
    expect(text).toMatch(/different runs/);
    expect(text).toMatch(/durationMs 6000 → 1/);
    expect(text).toMatch(/shard\(s\) 2 of 3 missing/);
  });
});

describe('kbench merge accepts', () => {
  it('what differs per shard by design: scenario file, producers’ ids, indexes, seeds and shares, members, workers, expected messages, topic set-up', () => {
    const reports = shardReports(2);
    reports[1]!.scenario.producers[0]!.load = { type: 'constant', ratePerSec: 101 };
    reports[1]!.scenario.producers[0]!.maxInFlight = 7;
    reports[1]!.scenario.expectedMessages = 808;
    reports[1]!.scenario.topic.recreate = false;
    reports[1]!.scenario.consumerGroups[0]!.schedule = [{ atMs: 5_000, action: 'crash', consumerIds: [member(1)] }];
    reports[0]!.scenario.consumerGroups[0]!.schedule = [{ atMs: 5_000, action: 'crash', consumerIds: [] }];
    expect(reports[0]!.scenario.scenarioFile).not.toBe(reports[1]!.scenario.scenarioFile);
    expect(checkMergeable(files(reports)).map((input) => input.shard.index)).toEqual([0, 1]);
  });

  it('a run of one shard', () => {
    expect(mergeReports(files(shardReports(1))).mergedFrom).toHaveLength(1);
  });
});
