/**
 * kbench's own interval commits for the kafkajs consumer. kafkajs 2.2.4 with `autoCommit` on
 * commits after every batch, whatever `autoCommitInterval` says (its runner awaits
 * `commitOffsets()` at the end of each batch): a replicated write to `__consumer_offsets` that the
 * next batch waits for, which at 2,000 msg/s put kafkajs's end-to-end p50 at 3× the other
 * clients'. So kafkajs's auto-commit is off and this commits what was handled, as the Java client
 * and librdkafka do:
 * - every `intervalMs` (a timer), and whenever a batch ends `intervalMs` after the last commit;
 * - before the member rejoins: the caller probes the heartbeat at the end of each batch, and a
 *   rebalance it reveals commits what was handled first (the Java client's commit in
 *   `onJoinPrepare`); a rebalance kafkajs finds by itself while idle may re-deliver what was
 *   handled since the last commit (at most `intervalMs` of records);
 * - when the consumer stops (`flush`, while it still runs: kafkajs's `commitOffsets` silently does
 *   nothing once its runner has stopped).
 * Commits go one after the other (an older one never lands after a newer one), each carrying the
 * newest handled offset of every partition the member still owns.
 */
import type { PartitionOffset } from './client-adapter.js';

/** What the committer needs of the consumer. */
export interface IntervalCommitTarget {
  /** Commits the offsets (the next offsets to read) in the member's generation; rejects on failure. */
  commit(offsets: PartitionOffset[]): Promise<void>;
  /** False while the runner is not running (crashed, stopping): a commit then would silently not happen. */
  running(): boolean;
  /** A failed commit other than one a rebalance explains. */
  onError(error: unknown): void;
}

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class KafkajsIntervalCommits {
  private readonly handled = new Map<string, PartitionOffset>();
  private lastCommitAtMs = Date.now();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: IntervalCommitTarget,
    private readonly intervalMs: number,
  ) {}

  /** Starts the timer. */
  start(): void {
    this.timer ??= setInterval(() => void this.commit(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer (what is handled stays, for `commit`). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Records that everything of `partition` before `nextOffset` was handled. */
  handledUpTo(topic: string, partition: number, nextOffset: number): void {
    this.handled.set(partitionKey(topic, partition), { topic, partition, offset: nextOffset });
  }

  /** True when the last commit was `intervalMs` ago or more. */
  due(): boolean {
    return Date.now() - this.lastCommitAtMs >= this.intervalMs;
  }

  /** Forgets what was handled on partitions the member no longer owns (after a rejoin: their next owner reads from the last commit). */
  keepOnly(owned: ReadonlyArray<{ topic: string; partition: number }>): void {
    const keep = new Set(owned.map(({ topic, partition }) => partitionKey(topic, partition)));
    for (const key of this.handled.keys()) if (!keep.has(key)) this.handled.delete(key);
  }

  /** Commits what was handled and not committed yet, after any commit in progress; resolves when done (failures go to `onError`). */
  commit(): Promise<void> {
    this.chain = this.chain.then(() => this.commitNow());
    return this.chain;
  }

  private async commitNow(): Promise<void> {
    this.lastCommitAtMs = Date.now();
    if (this.handled.size === 0 || !this.target.running()) return;
    const offsets = [...this.handled.values()];
    this.handled.clear();
    try {
      await this.target.commit(offsets);
    } catch (error) {
      // Kept for the next commit unless newer ones came meanwhile (a rejoin forgets those not owned any more).
      for (const offset of offsets) {
        const key = partitionKey(offset.topic, offset.partition);
        if (!this.handled.has(key)) this.handled.set(key, offset);
      }
      this.target.onError(error);
    }
  }
}
