/**
 * The confluent consumer's read loop, apart from the client so it can be tested with a fake
 * source. librdkafka prefetches records into its consumer queue on its own threads; this loop
 * takes what is already there (`fetch` never waits: the addon's consume(n) with a 0 ms timeout)
 * and hands it over in order:
 *
 * - when a batch arrives, the next fetch is started before the batch is handled, so the addon's
 *   thread-pool work overlaps kbench's handling;
 * - when the queue is empty, the loop sleeps until librdkafka says the queue became non-empty
 *   (`wake`), or `idlePollMs` passes (librdkafka also serves rebalances and errors from the
 *   queue, so it is polled even when no record comes). No record waits for a batch to fill;
 * - batches fetched while the handler was busy are handed over together, up to `batchSize` records;
 * - at most `maxBufferedMessages` fetched but unhandled records are held: a slow handler stops
 *   the fetching (librdkafka's own prefetch bound then applies) — unless `mustPoll` says a fetch
 *   is needed to serve something awaited (a commit's result);
 * - records `accepts` refuses when their batch's turn comes (partitions revoked meanwhile) are
 *   dropped unhandled: their offsets are never stored, so the partition's next owner reads them.
 */

/** Where records come from: the consumer's queue, taking at most `max` that are ready. */
export interface RecordSource<M> {
  fetch(max: number, done: (error: unknown, messages: M[]) => void): void;
}

export interface FetchLoopOptions<M> {
  /** Records per fetch. */
  batchSize: number;
  /** Fetched but not yet handled records above which fetching waits. */
  maxBufferedMessages: number;
  /** Longest sleep on an empty queue without a wake-up. */
  idlePollMs: number;
  /** Pause after a failed fetch, so a persistent error does not spin. */
  errorBackoffMs: number;
  /** Whether a record may still be handed over (its partition is still assigned). */
  accepts(message: M): boolean;
  /**
   * True while something only a fetch serves is awaited (librdkafka serves the results of
   * commits from the consumer queue): the loop then fetches past `maxBufferedMessages`, so a
   * handler waiting for its commit is not waiting for itself. @default never
   */
  mustPoll?(): boolean;
  /** Handles one batch, in fetch order; the next waits for a returned promise. */
  handle(batch: M[]): void | Promise<void>;
  /** A failed fetch, or a handler that threw. */
  onError(error: unknown): void;
}

export class FetchLoop<M> {
  private running = false;
  private fetching = false;
  private delivering = false;
  private wakePending = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private readonly buffered: M[][] = [];
  private bufferedCount = 0;
  private settleStopped: (() => void) | undefined;

  constructor(
    private readonly source: RecordSource<M>,
    private readonly options: FetchLoopOptions<M>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.fetchNext();
  }

  /** librdkafka's consumer queue went from empty to non-empty. */
  wake(): void {
    this.wakePending = true;
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.fetchNext();
  }

  /** Fetches now if the loop stopped at its buffer bound and `mustPoll` has just turned true (a commit was sent). */
  pollForResult(): void {
    if (this.idleTimer !== undefined) return this.wake();
    this.fetchNext();
  }

  /** Records fetched and not yet handed over (for tests and diagnostics). */
  get bufferedMessages(): number {
    return this.bufferedCount;
  }

  /**
   * Stops fetching and drops what was not handed over yet; resolves once no fetch and no
   * handling is in progress.
   */
  stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.idleTimer);
    clearTimeout(this.backoffTimer);
    this.idleTimer = undefined;
    this.backoffTimer = undefined;
    this.buffered.length = 0;
    this.bufferedCount = 0;
    if (!this.fetching && !this.delivering) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.settleStopped = resolve;
    });
  }

  private fetchNext(): void {
    if (!this.running || this.fetching || this.idleTimer !== undefined || this.backoffTimer !== undefined) return;
    if (this.bufferedCount >= this.options.maxBufferedMessages && this.options.mustPoll?.() !== true) return;
    this.fetching = true;
    this.wakePending = false;
    this.source.fetch(this.options.batchSize, (error, messages) => this.onFetched(error, messages));
  }

  private onFetched(error: unknown, messages: M[]): void {
    this.fetching = false;
    if (!this.running) {
      this.settleIfStopped();
      return;
    }
    if (error) {
      this.options.onError(error);
      this.backoffTimer = setTimeout(() => {
        this.backoffTimer = undefined;
        this.fetchNext();
      }, this.options.errorBackoffMs);
      return;
    }
    if (messages.length > 0) {
      this.buffered.push(messages);
      this.bufferedCount += messages.length;
      this.fetchNext();
      this.deliverNext();
      return;
    }
    if (this.wakePending) {
      this.fetchNext();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      this.fetchNext();
    }, this.options.idlePollMs);
  }

  /**
   * The fetched batches waiting, joined in fetch order up to `batchSize` records (at least one
   * batch): a handler slower than the fetches (a pipeline stage's transaction per batch) then gets
   * what accumulated meanwhile in one batch instead of a queue of small ones.
   */
  private takeBuffered(): M[] {
    const first = this.buffered.shift() as M[];
    let next = this.buffered[0];
    if (next === undefined || first.length + next.length > this.options.batchSize) return first;
    const joined = [...first];
    while (next !== undefined && joined.length + next.length <= this.options.batchSize) {
      for (const message of next) joined.push(message);
      this.buffered.shift();
      next = this.buffered[0];
    }
    return joined;
  }

  private deliverNext(): void {
    while (this.running && !this.delivering && this.buffered.length > 0) {
      const batch = this.takeBuffered();
      this.bufferedCount -= batch.length;
      const accepted = batch.every(this.options.accepts) ? batch : batch.filter(this.options.accepts);
      if (accepted.length === 0) continue;
      let result: void | Promise<void>;
      try {
        result = this.options.handle(accepted);
      } catch (error) {
        this.options.onError(error);
        continue;
      }
      if (result instanceof Promise) {
        this.delivering = true;
        result.then(
          () => this.afterDelivery(),
          (error: unknown) => {
            this.options.onError(error);
            this.afterDelivery();
          },
        );
        return;
      }
    }
    this.fetchNext();
  }

  private afterDelivery(): void {
    this.delivering = false;
    if (!this.running) {
      this.settleIfStopped();
      return;
    }
    this.deliverNext();
  }

  private settleIfStopped(): void {
    if (this.fetching || this.delivering || !this.settleStopped) return;
    const settle = this.settleStopped;
    this.settleStopped = undefined;
    settle();
  }
}
