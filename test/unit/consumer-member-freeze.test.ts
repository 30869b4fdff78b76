import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsumedRecord } from '../../src/clients/client-adapter.js';
import { encodeMessageHeader } from '../../src/workload/message-header.js';
import { startedMember } from '../helpers/started-member.js';

function record(offset: number): ConsumedRecord {
  return {
    topic: 'compras',
    partition: 0,
    offset,
    key: null,
    value: Buffer.alloc(10),
    headers: { kb: encodeMessageHeader({ producerIndex: 0, sequence: offset, intendedUs: 0 }) },
    timestampMs: 0,
  };
}

describe('ConsumerMember.freeze (the last snapshot before a crash)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts nothing handed over after it, and never completes those batches (so nothing is committed)', async () => {
    const { member, handlers } = await startedMember();
    vi.useFakeTimers();
    // Before freeze: a batch completes once every timer and promise has run.
    let completedBefore = false;
    void Promise.resolve(handlers.onRecords([record(0), record(1)])).then(() => (completedBefore = true));
    await vi.runAllTimersAsync();
    expect(completedBefore).toBe(true);
    member.freeze();
    let completed = false;
    void Promise.resolve(handlers.onRecords([record(2), record(3)])).then(() => (completed = true));
    // After freeze: the same leaves it pending, and nothing is left that could complete it.
    await vi.runAllTimersAsync();
    expect(vi.getTimerCount()).toBe(0);
    expect(completed).toBe(false);
    const snapshot = member.snapshot();
    expect(snapshot.counters.consumed).toBe(2);
  });
});
