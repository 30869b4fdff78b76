/**
 * `readReport` checks every field the code reads before anything uses it: each malformed field
 * is named with its JSON path in a usage error (exit code 2), never a TypeError later. Each case
 * is one mutation of a complete, valid report (every optional section present).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFailIfCriteria, evaluateFailIf } from '../../src/compare/fail-if.js';
import { ExitCode, KbenchError } from '../../src/errors.js';
import { assessSaturation } from '../../src/report/assess-saturation.js';
import { assessValidity } from '../../src/report/assess-validity.js';
import { MAX_LISTED_ISSUES, readReport } from '../../src/report/read-report.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { sampleBacklogReport } from '../fixtures/sample-backlog.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { sampleResourceUsage } from '../fixtures/sample-resource-usage.js';

const dir = mkdtempSync(join(tmpdir(), 'kbench-read-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report with every section: rebalances, integrity, thresholds, backlog, resources, warm-up, saturation, validity, ownership. */
function completeReport(): KbenchReport {
  const report = sampleRebalanceReport();
  report.backlog = sampleBacklogReport().backlog;
  report.resourceUsage = sampleResourceUsage(report);
  report.saturation = assessSaturation(report.scenario.producers.map((p) => p.load), report.timeline, report.scenario.consumerGroups.map((g) => g.groupId));
  report.clusterWarmup = {
    outcome: 'settled',
    reason: 'the brokers settled after 40 s',
    clusterStartMs: 9_500,
    durationMs: 40_000,
    boundMs: 300_000,
    load: { client: 'kafkajs', ratePerSec: 1_500, acks: 'all', sizeBytes: 512, partitions: 6 },
    criterion: 'p99 within 20 % over 5 s',
    seconds: [{ second: 0, offeredPerSec: 1_500, ackedPerSec: 1_480, produceP50Ms: 3.1, produceP99Ms: 40.2, jitCpuMs: 120, inFlight: 30 }],
  };
  report.ownership = {
    runId: '3f9a1c',
    cluster: 'kbench',
    topic: { name: 'compras', configuredName: 'compras', action: 'recreated', createdByKbench: true, deleted: false, note: 'kept on kbench’s own cluster' },
    consumerGroups: [{ groupId: 'kbench-acks-all-0', configuredId: 'kbench-acks-all-0', deleted: false }],
  };
  report.statusDetail = ['nothing left unconsumed'];
  report.validity = assessValidity(report);
  return report;
}

function write(name: string, report: unknown): string {
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.json`);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** The usage error reading `report` gives (fails when it reads fine or throws something else). */
function readError(name: string, report: unknown): KbenchError {
  try {
    readReport(write(name, report));
  } catch (error) {
    expect(error).toBeInstanceOf(KbenchError);
    return error as KbenchError;
  }
  throw new Error(`${name}: read without a problem`);
}

type Mutation = [name: string, mutate: (report: any) => void, problem: string]; // mutations write wrong types on purpose

const MUTATIONS: Mutation[] = [
  ['a latency percentile as a string', (r) => (r.latency.e2e.p99 = 'abc'), 'latency.e2e.p99: expected a number, got "abc"'],
  ['a latency count that is not whole', (r) => (r.latency.produce.count = 399.5), 'latency.produce.count: expected a whole number ≥ 0, got 399.5'],
  ['an infinite mean (1e999 in the file)', (r) => (r.latency.produceResponse.mean = '__INF__'), 'latency.produceResponse.mean: expected a number, got Infinity'],
  ['a histogram that is not one', (r) => (r.latency.e2e.hdr = 'not base64!'), 'latency.e2e.hdr: not an encoded HdrHistogram'],
  ['a histogram holding other values than its count', (r) => (r.latency.e2e.count = 401), 'latency.e2e.hdr: holds 400 values, but count is 401'],
  ['a rate as a string', (r) => (r.throughput.produced.meanPerSec = '10000'), 'throughput.produced.meanPerSec: expected a number ≥ 0, got "10000"'],
  ['a negative count', (r) => (r.counts.failed = -3), 'counts.failed: expected a whole number ≥ 0, got -3'],
  ['expected messages as a boolean', (r) => (r.counts.expected = true), 'counts.expected: expected a number, got true'],
  ['an error count as null', (r) => (r.errors.timeout = null), 'errors.timeout: expected a whole number ≥ 0, got null'],
  ['error samples that are not lists', (r) => (r.errorSamples = { timeout: 'boom' }), 'errorSamples.timeout: expected an array, got "boom"'],
  ['timeline not an array', (r) => (r.timeline = { 0: {} }), 'timeline: expected an array, got an object'],
  ['a timeline second with a string p99', (r) => (r.timeline[12].e2eP99Ms = '26 ms'), 'timeline[12].e2eP99Ms: expected a number, got "26 ms"'],
  ['a timeline phase unknown', (r) => (r.timeline[3].phase = 'cooldown'), 'timeline[3].phase: expected one of "warmup", "measure", "drain", got "cooldown"'],
  ['a lag of an odd group id as a string', (r) => (r.timeline[5].lag = { 'group one': 'x' }), 'timeline[5].lag["group one"]: expected a number, got "x"'],
  ['a partition missing its acked count', (r) => delete r.partitions[2].acked, 'partitions[2].acked: missing (expected a whole number ≥ 0)'],
  ['a rebalance pause as a string', (r) => (r.rebalances[1].pauseMs = '120'), 'rebalances[1].pauseMs: expected a number ≥ 0, got "120"'],
  ['a rebalance trigger unknown', (r) => (r.rebalances[1].trigger = 'magic'), 'rebalances[1].trigger: expected one of "initial", "member-joined", "member-left", "member-crashed", "unknown", got "magic"'],
  ['a rebalance member with partitions as text', (r) => (r.rebalances[0].members[0].ownedAfter = '0,1,2'), 'rebalances[0].members[0].ownedAfter: expected an array, got "0,1,2"'],
  ['an integrity count as a string', (r) => (r.integrity.lost = '0'), 'integrity.lost: expected a whole number ≥ 0, got "0"'],
  ['an integrity group missing', (r) => (r.integrity.groups['kbench-acks-all-0'] = 7), 'integrity.groups["kbench-acks-all-0"]: expected an object, got 7'],
  ['a threshold result without its verdict', (r) => delete r.thresholds[0].passed, 'thresholds[0].passed: missing (expected true or false)'],
  ['the scenario name as a number', (r) => (r.scenario.name = 42), 'scenario.name: expected a string, got 42'],
  ['a producer load of an unknown type', (r) => (r.scenario.producers[0].load = { type: 'bursty' }), 'scenario.producers[0].load.type: expected one of "constant", "ramping", "unthrottled", got "bursty"'],
  ['a constant load without a rate', (r) => delete r.scenario.producers[1].load.ratePerSec, 'scenario.producers[1].load.ratePerSec: missing (expected a number)'],
  ['a producer acks setting unknown', (r) => (r.scenario.producers[0].acks = 2), 'scenario.producers[0].acks: expected one of 0, 1, "all", got 2'],
  ['a consumer schedule step without members', (r) => (r.scenario.consumerGroups[0].schedule[1].consumerIds = null), 'scenario.consumerGroups[0].schedule[1].consumerIds: expected an array, got null'],
  ['a scenario topic with string partitions', (r) => (r.scenario.topic.partitions = '6'), 'scenario.topic.partitions: expected a whole number ≥ 0, got "6"'],
  ['a client setting that is an object', (r) => (r.clientConfig.producers['producers#0'].acks = { all: true }), 'clientConfig.producers["producers#0"].acks: expected a string, a number or a boolean, got an object'],
  ['the environment CPU count as a string', (r) => (r.environment.cpuCores = 'eight'), 'environment.cpuCores: expected a whole number ≥ 0, got "eight"'],
  ['a worker exit code that is not whole', (r) => (r.workers[0].exitCode = 0.5), 'workers[0].exitCode: expected a whole number, got 0.5'],
  ['a saturation verdict unknown', (r) => (r.saturation.verdict = 'fine'), 'saturation.verdict: expected one of "kept-up", "saturated", "unthrottled", "no-load", got "fine"'],
  ['CPU per message as a string', (r) => (r.resourceUsage.cpuUsPerMessage.produced = '12us'), 'resourceUsage.cpuUsPerMessage.produced: expected a number, got "12us"'],
  ['a resource second with a string CPU share', (r) => (r.resourceUsage.seconds[4].cpuPct.runner = '9%'), 'resourceUsage.seconds[4].cpuPct.runner: expected a number, got "9%"'],
  ['validity findings not a list', (r) => (r.validity.findings = 'none'), 'validity.findings: expected an array, got "none"'],
  ['a warm-up second with a string p99', (r) => (r.clusterWarmup.seconds[0].produceP99Ms = 'slow'), 'clusterWarmup.seconds[0].produceP99Ms: expected a number, got "slow"'],
  ['a backlog catch-up time as a string', (r) => (r.backlog.catchUpMs = 'soon'), 'backlog.catchUpMs: expected a number, got "soon"'],
  ['a backlog latency without its histogram', (r) => delete r.backlog.latency.e2eDrain.hdr, 'backlog.latency.e2eDrain.hdr: missing (expected a string)'],
  ['an ownership topic action unknown', (r) => (r.ownership.topic.action = 'borrowed'), 'ownership.topic.action: expected one of "recreated", "created", "existing", got "borrowed"'],
  ['a failure without a message', (r) => (r.failure = { workerId: 1 }), 'failure.message: missing (expected a string)'],
  ['a consumer event of an unknown type', (r) => (r.consumerEvents[0].type = 'nap'), 'consumerEvents[0].type: expected one of "joining", "assigned", "revoked", "left", "crashed", "slow", got "nap"'],
];

describe('readReport checks every field before use', () => {
  it('reads a complete report (every optional section present) as it was written', () => {
    const report = completeReport();
    const read = readReport(write('complete', report));
    expect(read).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it.each(MUTATIONS)('refuses %s, naming its path', (name, mutate, problem) => {
    const report = JSON.parse(JSON.stringify(completeReport()));
    mutate(report);
    const text = JSON.stringify(report).replace('"__INF__"', '1e999');
    const path = join(dir, `${name.replace(/[^\w]+/g, '_')}.json`);
    writeFileSync(path, text);
    let error: unknown;
    try {
      readReport(path);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(KbenchError);
    const usage = error as KbenchError;
    expect(usage.exitCode).toBe(ExitCode.usage);
    expect(usage.message).toMatch(/is not a valid kbench report: 1 problem\(s\) in its fields$/);
    expect(usage.details).toHaveLength(1);
    expect(usage.details[0]).toContain(problem);
  });

  it('has at least 20 malformed-report cases', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(20);
  });

  it('lists several problems at once, and at most a bounded number of them', () => {
    const report = JSON.parse(JSON.stringify(completeReport()));
    for (const entry of report.timeline) entry.ackedPerSec = 'many';
    const error = readError('every second', report);
    expect(error.message).toContain(`${report.timeline.length} problem(s)`);
    expect(error.details).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(error.details[0]).toBe('timeline[0].ackedPerSec: expected a whole number ≥ 0, got "many"');
    expect(error.details.at(-1)).toBe(`… and ${report.timeline.length - MAX_LISTED_ISSUES} more`);
  });

  it('escapes control characters in the values and keys it quotes', () => {
    const report = JSON.parse(JSON.stringify(completeReport()));
    report.timeline[0].lag = { '\u001b[31mred': '\u001b]0;title\u0007' };
    const error = readError('escapes', report);
    expect(error.details).toEqual(['timeline[0].lag["\\u001b[31mred"]: expected a number, got "\\u001b]0;title\\u0007"']);
    expect(error.details.join('')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // eslint-disable-line no-control-regex -- the point of the test
  });
});

describe('--fail-if never passes a malformed report', () => {
  it('a string where a metric belongs is a usage error (exit code 2) before any criterion is checked', () => {
    const base = write('base', completeReport());
    const bad = JSON.parse(JSON.stringify(completeReport()));
    bad.latency.e2e.p99 = 'fast';
    const candidate = write('string-metric', bad);
    const criteria = parseFailIfCriteria(['e2e.p99 > 100ms']);
    let error: unknown;
    try {
      evaluateFailIf(criteria, [base, candidate].map((path) => ({ label: path, report: readReport(path) })));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).exitCode).toBe(ExitCode.usage);
    expect((error as KbenchError).details).toEqual(['latency.e2e.p99: expected a number, got "fast"']);
  });
});
