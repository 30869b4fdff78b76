/**
 * The bookkeeping every transactional producer adapter shares (`<client>-transactions.ts`): which
 * phase the producer's one transaction is in, which calls that phase allows, and whether a record
 * sent in the open transaction failed (then it must not commit). Pure: loads no Kafka library.
 *
 * Phases: `none` (no transaction: records are refused) → `begin` → `open` (records, offsets) →
 * `commit` / `abort` → `ending` (records refused) → `none`, or `failed` when the commit or abort
 * did not succeed (records refused; commit may be retried, or abort called).
 */
import type { ClientError, DeliveryCallback } from './client-adapter.js';
import { ClientFailure } from './client-failure.js';

/** Bound on each transactional call to the client (init, begin, send offsets, commit, abort), ms. */
export const TRANSACTION_OPERATION_TIMEOUT_MS = 30_000;

export type TransactionPhase = 'none' | 'open' | 'ending' | 'failed';

/** What a record sent outside an open transaction fails with (it is never sent). */
export const NO_OPEN_TRANSACTION: ClientError = {
  kind: 'other',
  message: 'the producer is transactional and no transaction is open: send records between transactions.begin() and commit() / abort()',
};

/** What a record not acknowledged when its transaction was aborted fails with. */
export const TRANSACTION_ABORTED: ClientError = {
  kind: 'other',
  message: 'the transaction was aborted before the record was acknowledged',
};

export class TransactionTracker {
  private current: TransactionPhase = 'none';
  /** Records of the open transaction that failed, and the first failure. */
  private failedRecords = 0;
  private firstFailure: ClientError | undefined;

  get phase(): TransactionPhase {
    return this.current;
  }

  /** True while records may be sent: between `begin` and `commit` / `abort`. */
  get acceptsRecords(): boolean {
    return this.current === 'open';
  }

  /** Checks that a transaction may begin (none is open); throws a `ClientFailure` otherwise. */
  checkBegin(): void {
    if (this.current !== 'none') throw new ClientFailure('other', `cannot begin a transaction: one is ${this.current === 'open' ? 'open' : this.current} (commit or abort it first)`);
  }

  /** The client has begun the transaction. */
  opened(): void {
    this.current = 'open';
    this.failedRecords = 0;
    this.firstFailure = undefined;
  }

  /** Checks that `what` may run now (offsets need an open transaction); throws a `ClientFailure` otherwise. */
  checkOpen(what: string): void {
    if (this.current !== 'open') throw new ClientFailure('other', `cannot ${what}: no transaction is open`);
  }

  /** Checks that the transaction may end (it is open, or its last commit or abort failed); throws a `ClientFailure` otherwise. */
  checkEnd(what: 'commit' | 'abort'): void {
    if (this.current !== 'open' && this.current !== 'failed') throw new ClientFailure('other', `cannot ${what} the transaction: ${this.current === 'none' ? 'none is open' : 'it is already ending'}`);
  }

  /** Commit or abort has started: from now on records are refused. */
  ending(): void {
    this.current = 'ending';
  }

  /** The transaction is over (committed or aborted). */
  ended(): void {
    this.current = 'none';
  }

  /** The commit or abort failed: records stay refused until a retried commit or an abort succeeds. */
  endFailed(): void {
    this.current = 'failed';
  }

  /** Wraps a record's delivery callback so that a failure is remembered against the open transaction. */
  track(onDelivery: DeliveryCallback): DeliveryCallback {
    return (error, report) => {
      if (error) {
        this.failedRecords++;
        this.firstFailure ??= error;
      }
      onDelivery(error, report);
    };
  }

  /**
   * Why the transaction must not commit, or undefined: a record of it failed (committing would
   * make the others visible without it). The failure keeps the first record error's kind.
   */
  commitRefusal(): ClientFailure | undefined {
    const first = this.firstFailure;
    if (!first) return undefined;
    return new ClientFailure(first.kind, `the transaction cannot commit: ${this.failedRecords} of its records failed (first: ${first.message}); abort it`);
  }
}
