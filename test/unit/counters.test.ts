import { describe, expect, it } from 'vitest';
import {
  addConsumerCounters,
  addStageCounters,
  emptyStageCounters,
  subtractStageCounters,
  addProducerCounters,
  countError,
  countPartition,
  emptyConsumerCounters,
  emptyProducerCounters,
  subtractConsumerCounters,
  subtractProducerCounters,
} from '../../src/metrics/counters.js';
import type { ConsumerCounters, ProducerCounters } from '../../src/metrics/snapshot-types.js';

const producerA: ProducerCounters = {
  sent: 100,
  sentBytes: 10_000,
  acked: 90,
  ackedBytes: 9_000,
  failed: 4,
  notAttempted: 6,
  errors: { timeout: 3, 'queue-full': 6, other: 1 },
  ackedByPartition: { 0: 40, 1: 50 },
};
const producerB: ProducerCounters = {
  sent: 10,
  sentBytes: 1_000,
  acked: 10,
  ackedBytes: 1_000,
  failed: 0,
  notAttempted: 0,
  errors: { timeout: 1 },
  ackedByPartition: { 1: 5, 2: 5 },
};

describe('producer counters', () => {
  it('empty counters are the identity of addition', () => {
    expect(addProducerCounters(emptyProducerCounters(), producerA)).toEqual(producerA);
    expect(addProducerCounters(producerA, emptyProducerCounters())).toEqual(producerA);
  });

  it('adds every field and merges the sparse maps key by key', () => {
    expect(addProducerCounters(producerA, producerB)).toEqual({
      sent: 110,
      sentBytes: 11_000,
      acked: 100,
      ackedBytes: 10_000,
      failed: 4,
      notAttempted: 6,
      errors: { timeout: 4, 'queue-full': 6, other: 1 },
      ackedByPartition: { 0: 40, 1: 55, 2: 5 },
    });
  });

  it('subtracts cumulative snapshots into an interval delta, leaving out zero entries', () => {
    const later = addProducerCounters(producerA, producerB);
    expect(subtractProducerCounters(later, producerA)).toEqual(producerB);
    expect(subtractProducerCounters(producerA, producerA)).toEqual(emptyProducerCounters());
    // A key new in the later snapshot counts in full.
    expect(subtractProducerCounters(producerA, emptyProducerCounters())).toEqual(producerA);
  });

  it('does not mutate its inputs', () => {
    const copy = structuredClone(producerA);
    addProducerCounters(producerA, producerB);
    subtractProducerCounters(producerA, producerB);
    expect(producerA).toEqual(copy);
  });

  it('survives a JSON round trip (partition keys become strings)', () => {
    const shipped = JSON.parse(JSON.stringify(producerA)) as ProducerCounters;
    expect(addProducerCounters(shipped, producerB).ackedByPartition).toEqual({ 0: 40, 1: 55, 2: 5 });
  });
});

describe('consumer counters', () => {
  const a: ConsumerCounters = { consumed: 50, consumedBytes: 5_000, foreign: 2, reordered: 3, errors: { disconnected: 1 }, consumedByPartition: { 0: 20, 3: 30 } };
  const b: ConsumerCounters = { consumed: 7, consumedBytes: 700, foreign: 0, reordered: 1, errors: {}, consumedByPartition: { 3: 7 } };

  it('adds and subtracts', () => {
    const sum = addConsumerCounters(a, b);
    expect(sum).toEqual({ consumed: 57, consumedBytes: 5_700, foreign: 2, reordered: 4, errors: { disconnected: 1 }, consumedByPartition: { 0: 20, 3: 37 } });
    expect(subtractConsumerCounters(sum, a)).toEqual(b);
    expect(addConsumerCounters(emptyConsumerCounters(), a)).toEqual(a);
    expect(subtractConsumerCounters(a, a)).toEqual(emptyConsumerCounters());
  });
});

describe('stage counters', () => {
  it('adds and subtracts every field, errors key by key, with the same rule as the other kinds', () => {
    const a = { ...emptyStageCounters(), consumed: 10, transformed: 8, filtered: 2, produced: 8, acked: 7, failed: 1, errors: { timeout: 1 } };
    const b = { ...emptyStageCounters(), consumed: 5, transformed: 5, produced: 5, acked: 5, committedBatches: 2, errors: { timeout: 2, other: 1 } };
    const sum = addStageCounters(a, b);
    expect(sum).toMatchObject({ consumed: 15, transformed: 13, filtered: 2, produced: 13, acked: 12, failed: 1, committedBatches: 2, errors: { timeout: 3, other: 1 } });
    expect(subtractStageCounters(sum, a)).toEqual({ ...b, errors: { timeout: 2, other: 1 } });
    expect(subtractStageCounters(sum, sum).errors).toEqual({});
  });
});

describe('countError / countPartition', () => {
  it('counts in place', () => {
    const counters = emptyProducerCounters();
    countError(counters.errors, 'timeout');
    countError(counters.errors, 'timeout');
    countError(counters.errors, 'not-leader');
    countPartition(counters.ackedByPartition, 4);
    countPartition(counters.ackedByPartition, 4, 9);
    expect(counters.errors).toEqual({ timeout: 2, 'not-leader': 1 });
    expect(counters.ackedByPartition).toEqual({ 4: 10 });
  });
});
