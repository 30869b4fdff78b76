import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../../src/metrics/interval-set.js';
import { DeliveryVerifier, type LogFindings } from '../../src/runner/delivery-verifier.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { samplePlan } from '../fixtures/sample-report.js';

const plan: Plan = structuredClone(samplePlan);
const groupId = plan.consumerGroups[0]?.groupId ?? '';

describe('DeliveryVerifier', () => {
  it('finds nothing wrong when every acknowledged message was consumed once', () => {
    const verifier = new DeliveryVerifier(plan);
    verifier.addProducer(0, { ackedSequences: [[0, 499]], failedSequences: [] });
    verifier.addProducer(0, { ackedSequences: [[500, 999]], failedSequences: [] });
    verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 999]], repeats: 0 }] });
    expect(verifier.report({})).toMatchObject({ checkedGroups: [groupId], acknowledged: 1000, lost: 0, duplicated: 0, reordered: 0, unacknowledgedButDelivered: 0 });
  });

  it('counts lost, duplicated and unacknowledged-but-delivered messages exactly, per producer', () => {
    const verifier = new DeliveryVerifier(plan);
    verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [[100, 109]] });
    verifier.addProducer(1, { ackedSequences: [[0, 49]], failedSequences: [] });
    // Producer 0: 95..99 never consumed (5 lost), 100..102 failed yet consumed, 10..19 twice (across intervals), 3 repeats within one.
    verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 94]], repeats: 3 }] });
    verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[10, 19], [100, 102]], repeats: 0 }] });
    // Producer 1: everything but 0.
    verifier.addConsumer({ groupId, sequences: [{ producerIndex: 1, ranges: [[1, 49]], repeats: 0 }] });
    const report = verifier.report({ [groupId]: 2 });
    expect(report).toMatchObject({ acknowledged: 150, failed: 10, lost: 5 + 1, duplicated: 10 + 3, reordered: 2, unacknowledgedButDelivered: 3 });
    expect(report.groups[groupId]).toMatchObject({ readsEverything: true, consumedUnique: 95 + 3 + 49 });
  });

  it('checks a reader of a stage\'s output against what the stage took in, minus what it filtered; a reader behind an aggregate is not checked', () => {
    const pipelinePlan: Plan = structuredClone(samplePlan);
    const base = pipelinePlan.consumerGroups[0];
    if (base === undefined) throw new Error('the sample plan has a group');
    const group = (id: string, extra: Partial<typeof base>): typeof base => ({ ...structuredClone(base), groupId: id, members: base.members.map((m) => ({ ...m, groupId: id, id: `${id}#0` })), ...extra });
    pipelinePlan.consumerGroups = [
      group('stage', { stage: { stageIndex: 0, transform: { type: 'filter', categories: ['libros'] }, semantics: 'at-least-once', outputTopic: 'out', processingCostUs: 0, transactionTimeoutMs: 10_000, commitIntervalMs: 0, maxInFlight: 10, producerConfig: {}, carriesMessages: true } }),
      group('reader', { topicName: 'out', upstreamStages: ['stage'] }),
      group('windows', { topicName: 'agg', upstreamStages: ['agg-stage'], checkedByMessage: false }),
    ];
    const verifier = new DeliveryVerifier(pipelinePlan);
    verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
    // The stage took in 0..79 (80..99 still waited in its input), filtered 0..9 and 50..59.
    verifier.addConsumer({ groupId: 'stage', sequences: [{ producerIndex: 0, ranges: [[0, 79]], repeats: 0 }] });
    verifier.addFiltered('stage', [{ producerIndex: 0, ranges: [[0, 9], [50, 59]] }]);
    // The reader saw 10..49 and 60..74: 75..79 were taken in by the stage, not filtered, never seen.
    verifier.addConsumer({ groupId: 'reader', sequences: [{ producerIndex: 0, ranges: [[10, 49], [60, 74]], repeats: 0 }] });
    expect(verifier.missingCount('reader')).toBe(5);
    const report = verifier.report({});
    expect(report.groups['reader']).toMatchObject({ lost: 5, duplicated: 0, consumedUnique: 55 });
    expect(report.groups['stage']).toMatchObject({ lost: 20 });
    expect(report.groups['windows']).toBeUndefined();
    expect(report.checkedGroups).toEqual(['stage', 'reader']);
  });

  it('does not count groups that did not read from the start', () => {
    const latePlan: Plan = structuredClone(samplePlan);
    for (const group of latePlan.consumerGroups) group.startFrom = 'latest';
    const verifier = new DeliveryVerifier(latePlan);
    verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
    const report = verifier.report({});
    expect(report.checkedGroups).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.groups[groupId]).toMatchObject({ readsEverything: false, lost: 100 });
  });

  describe('with the log check: lost versus unconsumed', () => {
    const foundIn = (entries: Array<[number, Array<[number, number]>]>): LogFindings => ({
      method: 'log-read',
      recordsRead: 0,
      note: null,
      found: new Map(
        entries.map(([producerIndex, ranges]) => {
          const set = new IntervalSet();
          for (const [from, to] of ranges) set.add(from, to);
          return [producerIndex, set];
        }),
      ),
    });

    it('counts what the log holds as unconsumed and only the rest as lost', () => {
      const verifier = new DeliveryVerifier(plan);
      verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
      verifier.addProducer(1, { ackedSequences: [[0, 49]], failedSequences: [] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 79]], repeats: 0 }] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 1, ranges: [[0, 39]], repeats: 0 }] });
      expect(verifier.missingCount(groupId)).toBe(20 + 10);
      expect([...verifier.missing(groupId)].map(([p, set]) => [p, set.toRanges()])).toEqual([
        [0, [[80, 99]]],
        [1, [[40, 49]]],
      ]);
      // The log holds producer 0's 80..99 and producer 1's 40..44 (and, irrelevant, messages already consumed).
      const report = verifier.report({}, { ...foundIn([[0, [[50, 99]]], [1, [[40, 44]]]]), recordsRead: 75 });
      expect(report).toMatchObject({ acknowledged: 150, lost: 5, unconsumed: 25, unconsumedReasons: [], logCheck: { method: 'log-read', recordsRead: 75, note: null } });
      expect(report.groups[groupId]).toMatchObject({ consumedUnique: 120, lost: 5, unconsumed: 25 });
    });

    it('acks=1 truncation: an acknowledged message whose offset now holds another message is lost', () => {
      // Producer 0's 90..99 were acknowledged by a leader that then died; the new leader's log
      // ends earlier and producer 1's 0..9 took those offsets. Reading the offsets back finds
      // producer 1's messages there, not producer 0's: by identity, 90..99 are lost.
      const verifier = new DeliveryVerifier(plan);
      verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
      verifier.addProducer(1, { ackedSequences: [[0, 9]], failedSequences: [] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 89]], repeats: 0 }] });
      const report = verifier.report({}, foundIn([[1, [[0, 9]]]]));
      expect(report).toMatchObject({ lost: 10, unconsumed: 10 });
    });

    it('counts every unconsumed message as lost when the log could not be read', () => {
      const verifier = new DeliveryVerifier(plan);
      verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 89]], repeats: 0 }] });
      const report = verifier.report({}, { method: 'unavailable', recordsRead: 0, note: 'no brokers', found: new Map() });
      expect(report).toMatchObject({ lost: 10, unconsumed: 0, logCheck: { method: 'unavailable', note: 'no brokers' } });
    });

    it('re-deliveries do not hide a message still missing (the drain waits on distinct messages)', () => {
      const verifier = new DeliveryVerifier(plan);
      verifier.addProducer(0, { ackedSequences: [[0, 99]], failedSequences: [] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[0, 89]], repeats: 0 }] });
      verifier.addConsumer({ groupId, sequences: [{ producerIndex: 0, ranges: [[70, 89]], repeats: 0 }] });
      // 110 records consumed for 100 acknowledged, yet 10 are still missing.
      expect(verifier.missingCount(groupId)).toBe(10);
    });
  });
});
