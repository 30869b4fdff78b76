import { describe, expect, it } from 'vitest';
import { DeliveryVerifier } from '../../src/runner/delivery-verifier.js';
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
});
