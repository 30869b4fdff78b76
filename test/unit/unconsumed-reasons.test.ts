import { describe, expect, it } from 'vitest';
import { effectiveSessionTimeout } from '../../src/clients/session-timeouts.js';
import { renderIntegrity } from '../../src/report/render-integrity.js';
import { createStyle } from '../../src/report/console-format.js';
import { renderStatusLine } from '../../src/report/render-console.js';
import { integritySection, statusBanner } from '../../src/report/html/summary-sections.js';
import type { ConsumerEventReport, IntegrityReport } from '../../src/report/report-types.js';
import { drainToWaitOut, explainUnconsumed, pendingCrashes, type DrainOutcome } from '../../src/runner/unconsumed-reasons.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { cloneSampleReport, samplePlan } from '../fixtures/sample-report.js';

const groupId = samplePlan.consumerGroups[0]?.groupId ?? '';
const crashed = `${groupId}#2`;

function planWith(change: (plan: Plan) => void = () => {}): Plan {
  const plan = structuredClone(samplePlan);
  change(plan);
  return plan;
}

function integrity(unconsumed: number, lost: number, method: 'log-read' | 'unavailable' = 'log-read'): IntegrityReport {
  return {
    checkedGroups: [groupId],
    acknowledged: 110_000,
    failed: 0,
    lost,
    duplicated: 0,
    reordered: 0,
    unacknowledgedButDelivered: 0,
    unconsumed,
    unconsumedReasons: [],
    logCheck: { method, recordsRead: method === 'log-read' ? unconsumed : 0, note: method === 'unavailable' ? 'the topic could not be read back' : null },
    groups: { [groupId]: { readsEverything: true, consumedUnique: 110_000 - unconsumed - lost, lost, duplicated: 0, reordered: 0, unacknowledgedButDelivered: 0, unconsumed } },
  };
}

// The run: 50 s of load, a member killed at 47.2 s, the default 30 s drain.
const drain: DrainOutcome = { producersStoppedAtMs: 50_000, endedAtMs: 80_000, boundMs: 30_000, boundReached: true };
const crashEvents: ConsumerEventReport[] = [
  { consumerId: `${groupId}#0`, groupId, atMs: -900, type: 'assigned', partitions: [0, 1] },
  { consumerId: crashed, groupId, atMs: -900, type: 'assigned', partitions: [4, 5] },
  { consumerId: crashed, groupId, atMs: 47_200, type: 'crashed', partitions: [4, 5] },
];

describe('session timeouts', () => {
  it('uses the configured value, else the client default (librdkafka 45 s, kafkajs 30 s, the consumer protocol the broker’s 45 s)', () => {
    expect(effectiveSessionTimeout('confluent', 'classic', { 'session.timeout.ms': 10_000 })).toEqual({ ms: 10_000, source: 'configured' });
    expect(effectiveSessionTimeout('confluent', 'classic', {})).toEqual({ ms: 45_000, source: 'default' });
    expect(effectiveSessionTimeout('kafkajs', 'classic', { sessionTimeoutMs: 6_000 })).toEqual({ ms: 6_000, source: 'configured' });
    expect(effectiveSessionTimeout('kafkajs', 'classic', undefined)).toEqual({ ms: 30_000, source: 'default' });
    expect(effectiveSessionTimeout('confluent', 'consumer', { 'session.timeout.ms': 10_000 })).toEqual({ ms: 45_000, source: 'default' });
  });
});

describe('explainUnconsumed', () => {
  it('a crash whose session timeout ends beyond the drain bound: names the member, the timeout, the bound and the drain that would wait it out', () => {
    const plan = planWith((p) => (p.client = 'confluent'));
    const pending = pendingCrashes(plan, crashEvents, {}, drain.endedAtMs);
    expect(pending).toEqual([expect.objectContaining({ consumerId: crashed, partitions: [4, 5], reassignAtMs: 92_200, sessionTimeout: { ms: 45_000, source: 'default' } })]);
    expect(drainToWaitOut(92_200, 50_000)).toBe('50s');
    const explained = explainUnconsumed({
      plan,
      status: 'completed',
      integrity: integrity(18_426, 0),
      consumerEvents: crashEvents,
      clientConfig: { producers: {}, consumers: {} },
      drain,
      unconsumedByPartition: { [groupId]: { 4: 9_000, 5: 9_426 } },
    });
    expect(explained.reasons).toEqual([
      `18,426 in partitions 4, 5: member ${crashed} crashed at 47.2 s and its partitions are reassigned only after the librdkafka default 45 s session timeout, at about 92.2 s, beyond the 30 s drain bound, which ended at 80.0 s (raise \`drain\` to 50s to wait it out)`,
    ]);
    expect(explained.statusDetail).toEqual([`completed; 18,426 acknowledged messages were not consumed before the drain ended — they are in the topic, not lost: ${explained.reasons[0]}`]);
  });

  it('partitions reassigned before the end are no crash reason: the rest is the drain bound, or a slow group', () => {
    const events: ConsumerEventReport[] = [...crashEvents, { consumerId: `${groupId}#0`, groupId, atMs: 60_000, type: 'assigned', partitions: [0, 1, 4, 5] }];
    const plan = planWith();
    expect(pendingCrashes(plan, events, {}, drain.endedAtMs)).toEqual([]);
    const input = { plan, status: 'completed' as const, integrity: integrity(500, 0), consumerEvents: events, clientConfig: { producers: {}, consumers: {} }, drain, unconsumedByPartition: { [groupId]: { 0: 500 } } };
    expect(explainUnconsumed(input).reasons).toEqual([`500: group ${groupId} had not caught up when the 30 s drain bound was reached`]);
    const slow = explainUnconsumed({ ...input, consumerEvents: [...events, { consumerId: `${groupId}#0`, groupId, atMs: 10_000, type: 'slow', processingTimeMs: 20 }] });
    expect(slow.reasons).toEqual([`500: group ${groupId} processes records slowly (up to 20 ms per record) and had not caught up when the 30 s drain bound was reached`]);
  });

  it('an aborted run says what its numbers mean; messages not found in the log are lost', () => {
    const explained = explainUnconsumed({
      plan: planWith(),
      status: 'aborted',
      integrity: integrity(300, 7),
      consumerEvents: [],
      clientConfig: { producers: {}, consumers: {} },
      drain: { producersStoppedAtMs: 20_000, endedAtMs: 23_000, boundMs: 3_000, boundReached: true },
      unconsumedByPartition: { [groupId]: { 2: 300 } },
    });
    expect(explained.reasons).toEqual([`300: group ${groupId} had not caught up when the run was aborted (consumers get 3 s to catch up after an interruption)`]);
    expect(explained.statusDetail[0]).toMatch(/^aborted: the counts cover the load sent until the interruption \(20\.0 s\)/);
    expect(explained.statusDetail).toContain('7 acknowledged messages are missing from the topic: lost');
  });

  it('without a log read, the unconsumed messages count as lost and the detail says they could not be checked', () => {
    const explained = explainUnconsumed({
      plan: planWith((p) => (p.client = 'kafkajs')),
      status: 'completed',
      integrity: integrity(0, 1_000, 'unavailable'),
      consumerEvents: crashEvents,
      clientConfig: { producers: {}, consumers: {} },
      drain,
      unconsumedByPartition: {},
    });
    expect(explained.reasons).toEqual([expect.stringMatching(new RegExp(`^member ${crashed.replace('#', '#')} crashed at 47\\.2 s .*the kafkajs default 30 s session timeout, at about 77\\.2 s, after the run ended at 80\\.0 s$`))]);
    expect(explained.statusDetail[0]).toMatch(/^1,000 acknowledged messages were not consumed and could not be checked against the topic, so they count as lost/);
    expect(explained.statusDetail).toContain('log check: the topic could not be read back');
  });

  it('says nothing when everything was consumed', () => {
    const explained = explainUnconsumed({ plan: planWith(), status: 'completed', integrity: integrity(0, 0), consumerEvents: crashEvents, clientConfig: { producers: {}, consumers: {} }, drain, unconsumedByPartition: {} });
    expect(explained).toEqual({ reasons: [], statusDetail: [] });
  });
});

describe('rendering unconsumed messages', () => {
  const style = createStyle(false);
  const report = cloneSampleReport();
  report.integrity = { ...integrity(18_426, 0), unconsumedReasons: ['18,426 in partitions 4, 5: member X crashed'] };
  report.statusDetail = ['completed; 18,426 acknowledged messages were not consumed before the drain ended — they are in the topic, not lost'];

  it('console: an unconsumed column, the reasons, and the status detail under the status line', () => {
    const text = renderIntegrity(report, style);
    const header = text.split('\n').find((line) => line.includes('acknowledged')) ?? '';
    expect(header).toMatch(/consumed \(distinct\).*unconsumed.*lost/);
    expect(text).toMatch(/18,426/);
    expect(text).toContain('unconsumed — 18,426 in partitions 4, 5: member X crashed');
    expect(text).not.toContain('count as lost');
    expect(renderStatusLine(report, style)).toBe(`status: completed\n  ${report.statusDetail?.[0]}`);
  });

  it('console: reports from before the log check keep their columns and say unconsumed messages count as lost', () => {
    const old = cloneSampleReport();
    old.status = 'aborted';
    const { unconsumed: _u, unconsumedReasons: _r, logCheck: _l, ...schema1 } = integrity(0, 12);
    old.integrity = { ...schema1, groups: { [groupId]: { readsEverything: true, consumedUnique: 109_988, lost: 12, duplicated: 0, reordered: 0, unacknowledgedButDelivered: 0 } } };
    const text = renderIntegrity(old, style);
    expect(text).not.toMatch(/unconsumed/);
    expect(text).toContain('count as lost');
  });

  it('HTML: the unconsumed row, the reasons and the status detail', () => {
    const html = integritySection(report.integrity);
    expect(html).toMatch(/unconsumed<\/td>.*found in the topic: not lost/);
    expect(html).toContain('<li>18,426 in partitions 4, 5: member X crashed</li>');
    expect(statusBanner(report)).toContain('they are in the topic, not lost');
    expect(statusBanner(cloneSampleReport())).toBe('');
  });
});
