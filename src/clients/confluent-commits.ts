/**
 * The confluent consumer's explicit commits waiting for the broker's answer. The package's
 * `commitCb` answers once librdkafka has *queued* the commit (it calls librdkafka's
 * commitAsync), and `commitSync` blocks the JavaScript thread for the round trip; so kbench
 * commits with `commit(offsets)` and learns the outcome from librdkafka's offset commit callback
 * (`offset_commit_cb`, the package's 'offset.commit' event), served when the consumer is polled.
 *
 * The callback names the offsets it committed but not which call asked: a waiting commit is
 * settled by the first result with exactly its offsets (an automatic commit of the same offsets
 * proves them committed just as well); results for other offsets (automatic commits) are ignored.
 * Pure: loads no Kafka library.
 */
import type { ClientError, PartitionOffset } from './client-adapter.js';
import { IdleSignal } from '../util/idle-signal.js';
import { ClientFailure } from './client-failure.js';

/** Bound on waiting for a commit's result. */
export const CONFLUENT_COMMIT_TIMEOUT_MS = 30_000;

/** The offsets of a commit result as the package reports them (`offset` left out when negative). */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset?: number;
}

interface WaitingCommit {
  key: string;
  resolve(): void;
  reject(error: ClientFailure): void;
  timer: NodeJS.Timeout;
}

/** Identifies a set of offsets regardless of order. */
function keyOf(offsets: ReadonlyArray<CommittedOffset>): string {
  return offsets
    .map(({ topic, partition, offset }) => `${topic}\u0000${partition}\u0000${offset ?? -1}`)
    .sort()
    .join('\u0001');
}

export class PendingCommits {
  private readonly waiting: WaitingCommit[] = [];
  private readonly idle = new IdleSignal();

  constructor(
    private readonly classify: (error: unknown) => ClientError,
    private readonly timeoutMs: number = CONFLUENT_COMMIT_TIMEOUT_MS,
  ) {}

  /** Commits waiting for their result. */
  get size(): number {
    return this.waiting.length;
  }

  /**
   * Registers a commit of `offsets` and runs `send` (which hands it to librdkafka and may throw
   * at once); resolves with the commit's result, or rejects after the timeout.
   */
  commit(offsets: PartitionOffset[], send: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: WaitingCommit = {
        key: keyOf(offsets),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.remove(entry);
          reject(new ClientFailure('timeout', `the confluent consumer's commit had no answer within ${this.timeoutMs} ms`));
        }, this.timeoutMs),
      };
      this.waiting.push(entry);
      try {
        send();
      } catch (error) {
        this.remove(entry);
        clearTimeout(entry.timer);
        reject(this.failure(error));
      }
    });
  }

  /** A commit result ('offset.commit'): settles the oldest waiting commit of exactly these offsets. */
  settle(error: unknown, offsets: ReadonlyArray<CommittedOffset> | undefined): void {
    if (!offsets || this.waiting.length === 0) return;
    const key = keyOf(offsets);
    const entry = this.waiting.find((waiting) => waiting.key === key);
    if (!entry) return;
    this.remove(entry);
    clearTimeout(entry.timer);
    if (error) entry.reject(this.failure(error));
    else entry.resolve();
  }

  /** Resolves once no commit waits for its result, or after `timeoutMs`. */
  async answered(timeoutMs: number): Promise<void> {
    if (this.waiting.length > 0) await this.idle.wait(timeoutMs);
  }

  /** Fails every waiting commit (the consumer is closing: no result will be served). */
  failAll(error: ClientError): void {
    for (const entry of this.waiting.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(ClientFailure.of(error));
    }
  }

  private failure(error: unknown): ClientFailure {
    const classified = this.classify(error);
    return new ClientFailure(classified.kind, `the confluent consumer's commit failed: ${classified.message}`, { cause: error });
  }

  private remove(entry: WaitingCommit): void {
    const index = this.waiting.indexOf(entry);
    if (index >= 0) this.waiting.splice(index, 1);
    if (this.waiting.length === 0) this.idle.notifyIdle();
  }
}
