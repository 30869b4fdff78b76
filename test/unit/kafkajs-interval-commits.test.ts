import { describe, expect, it } from 'vitest';
import type { PartitionOffset } from '../../src/clients/client-adapter.js';
import { KafkajsIntervalCommits } from '../../src/clients/kafkajs-interval-commits.js';

function target() {
  const commits: PartitionOffset[][] = [];
  const errors: unknown[] = [];
  const state = { running: true, fail: undefined as Error | undefined, pending: [] as Array<() => void> };
  return {
    commits,
    errors,
    state,
    target: {
      commit: async (offsets: PartitionOffset[]) => {
        if (state.fail) throw state.fail;
        commits.push(offsets);
      },
      running: () => state.running,
      onError: (error: unknown) => errors.push(error),
    },
  };
}

describe('KafkajsIntervalCommits', () => {
  it('commits the newest handled offset of each partition once, and nothing when nothing new was handled', async () => {
    const t = target();
    const commits = new KafkajsIntervalCommits(t.target, 5_000);
    commits.handledUpTo('t', 0, 10);
    commits.handledUpTo('t', 1, 4);
    commits.handledUpTo('t', 0, 25);
    await commits.commit();
    expect(t.commits).toEqual([[{ topic: 't', partition: 0, offset: 25 }, { topic: 't', partition: 1, offset: 4 }]]);
    await commits.commit();
    expect(t.commits).toHaveLength(1);
  });

  it('is due only once the interval has passed since the last commit', async () => {
    const commits = new KafkajsIntervalCommits(target().target, 60_000);
    expect(commits.due()).toBe(false);
    const immediate = new KafkajsIntervalCommits(target().target, 0);
    expect(immediate.due()).toBe(true);
  });

  it('keeps what a failed commit carried for the next one (unless newer offsets came), and reports the failure', async () => {
    const t = target();
    const commits = new KafkajsIntervalCommits(t.target, 5_000);
    commits.handledUpTo('t', 0, 10);
    commits.handledUpTo('t', 1, 7);
    t.state.fail = new Error('coordinator moved');
    await commits.commit();
    expect(t.errors).toEqual([t.state.fail]);
    commits.handledUpTo('t', 1, 9);
    t.state.fail = undefined;
    await commits.commit();
    expect(t.commits).toEqual([[{ topic: 't', partition: 0, offset: 10 }, { topic: 't', partition: 1, offset: 9 }]]);
  });

  it('does not commit while the runner is not running (kafkajs would silently drop it), and keeps the offsets', async () => {
    const t = target();
    const commits = new KafkajsIntervalCommits(t.target, 5_000);
    commits.handledUpTo('t', 2, 3);
    t.state.running = false;
    await commits.commit();
    expect(t.commits).toEqual([]);
    t.state.running = true;
    await commits.commit();
    expect(t.commits).toEqual([[{ topic: 't', partition: 2, offset: 3 }]]);
  });

  it('forgets partitions the member no longer owns after a rejoin', async () => {
    const t = target();
    const commits = new KafkajsIntervalCommits(t.target, 5_000);
    commits.handledUpTo('t', 0, 5);
    commits.handledUpTo('t', 1, 6);
    commits.keepOnly([{ topic: 't', partition: 1 }]);
    await commits.commit();
    expect(t.commits).toEqual([[{ topic: 't', partition: 1, offset: 6 }]]);
  });

  it('runs commits one after the other: a later commit starts after the earlier one ended', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const commits = new KafkajsIntervalCommits(
      {
        commit: async (offsets) => {
          order.push(`start ${offsets[0]?.offset}`);
          if (offsets[0]?.offset === 1) await gate;
          order.push(`end ${offsets[0]?.offset}`);
        },
        running: () => true,
        onError: () => {},
      },
      5_000,
    );
    commits.handledUpTo('t', 0, 1);
    const first = commits.commit();
    // The first commit has taken offset 1 and waits at the gate.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start 1']);
    commits.handledUpTo('t', 0, 2);
    const second = commits.commit();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start 1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
