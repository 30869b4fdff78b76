/**
 * The transaction bookkeeping the transactional producer adapters share: which calls each phase
 * allows, records refused outside an open transaction, and a commit refused once a record failed.
 */
import { describe, expect, it } from 'vitest';
import type { ClientError } from '../../src/clients/client-adapter.js';
import { TransactionTracker } from '../../src/clients/transaction-tracker.js';

describe('TransactionTracker', () => {
  it('allows records only between begin and the start of commit or abort', () => {
    const tracker = new TransactionTracker();
    expect(tracker.acceptsRecords).toBe(false);
    expect(() => tracker.checkOpen('send offsets')).toThrow(/no transaction is open/);
    expect(() => tracker.checkEnd('commit')).toThrow(/none is open/);
    tracker.checkBegin();
    tracker.opened();
    expect(tracker.acceptsRecords).toBe(true);
    expect(() => tracker.checkBegin()).toThrow(/one is open/);
    tracker.checkEnd('commit');
    tracker.ending();
    expect(tracker.acceptsRecords).toBe(false);
    expect(() => tracker.checkEnd('abort')).toThrow(/already ending/);
    tracker.endFailed();
    // After a failed commit: abort (or a retried commit), still no records.
    expect(tracker.acceptsRecords).toBe(false);
    tracker.checkEnd('abort');
    tracker.ended();
    tracker.checkBegin();
  });

  it('refuses to commit a transaction with a failed record, naming how many and the first, with its kind', () => {
    const tracker = new TransactionTracker();
    tracker.opened();
    const outcomes: Array<ClientError | undefined> = [];
    const record = tracker.track((error) => outcomes.push(error));
    record(undefined, { partition: 0, offset: '1' });
    expect(tracker.commitRefusal()).toBeUndefined();
    record({ kind: 'not-enough-replicas', message: 'NOT_ENOUGH_REPLICAS' }, undefined);
    record({ kind: 'timeout', message: 'timed out' }, undefined);
    expect(outcomes).toHaveLength(3);
    expect(tracker.commitRefusal()).toMatchObject({ kind: 'not-enough-replicas', message: expect.stringMatching(/2 of its records failed \(first: NOT_ENOUGH_REPLICAS\)/) });
    // The next transaction starts clean.
    tracker.ended();
    tracker.opened();
    expect(tracker.commitRefusal()).toBeUndefined();
  });
});
