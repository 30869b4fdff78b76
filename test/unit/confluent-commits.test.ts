/**
 * The confluent consumer's explicit commits waiting for librdkafka's offset commit callback:
 * settled by the result with exactly their offsets, whatever the order; automatic commits'
 * results ignored; failures classified; bounded in time; failed at close.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyRdkafkaError } from '../../src/clients/confluent-error-kinds.js';
import { PendingCommits } from '../../src/clients/confluent-commits.js';

describe('PendingCommits', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('settles each commit with the result of exactly its offsets, in any order, ignoring other results', async () => {
    const commits = new PendingCommits(classifyRdkafkaError);
    const sent: string[] = [];
    const first = commits.commit([{ topic: 't', partition: 0, offset: 3 }, { topic: 't', partition: 1, offset: 7 }], () => sent.push('first'));
    const second = commits.commit([{ topic: 't', partition: 0, offset: 4 }], () => sent.push('second'));
    const states: string[] = [];
    void first.then(() => states.push('first'));
    void second.then(() => states.push('second'));
    expect(sent).toEqual(['first', 'second']);
    // An automatic commit of other offsets, then the second, then the first with its partitions in another order.
    commits.settle(undefined, [{ topic: 't', partition: 0, offset: 9 }]);
    commits.settle(undefined, [{ topic: 't', partition: 0, offset: 4 }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['second']);
    commits.settle(undefined, [{ topic: 't', partition: 1, offset: 7 }, { topic: 't', partition: 0, offset: 3 }]);
    await Promise.all([first, second]);
    expect(commits.size).toBe(0);
  });

  it('rejects with the classified error of a failed result, of a refused send, and of a close', async () => {
    const commits = new PendingCommits(classifyRdkafkaError);
    const failed = commits.commit([{ topic: 't', partition: 0, offset: 1 }], () => {});
    commits.settle({ code: 3, message: 'Broker: Unknown topic or partition' }, [{ topic: 't', partition: 0, offset: 1 }]);
    await expect(failed).rejects.toMatchObject({ kind: 'unknown-topic', message: expect.stringContaining('Unknown topic or partition') });

    const refused = commits.commit([{ topic: 't', partition: 0, offset: 2 }], () => {
      throw Object.assign(new Error('Local: Broker transport failure'), { code: -195 });
    });
    await expect(refused).rejects.toMatchObject({ kind: 'broker-unreachable' });

    const closing = commits.commit([{ topic: 't', partition: 0, offset: 3 }], () => {});
    commits.failAll({ kind: 'disconnected', message: 'closed' });
    await expect(closing).rejects.toMatchObject({ kind: 'disconnected', message: 'closed' });
    expect(commits.size).toBe(0);
  });

  it('rejects with a timeout when no result comes, and is then answered', async () => {
    const commits = new PendingCommits(classifyRdkafkaError, 1_000);
    const silent = commits.commit([{ topic: 't', partition: 0, offset: 1 }], () => {});
    const rejection = expect(silent).rejects.toMatchObject({ kind: 'timeout' });
    let answered = false;
    void commits.answered(5_000).then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(1_000);
    await rejection;
    expect(answered).toBe(true);
  });
});
