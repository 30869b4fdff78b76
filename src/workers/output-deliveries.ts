/**
 * A stage's outputs sent and not yet reported on, and the first failure among them: a batch waits
 * until none is left (at-least-once, exactly-once), or until at most its in-flight bound is
 * (at-most-once, across batches).
 */
import type { ClientError } from '../clients/client-adapter.js';

export class OutputDeliveries {
  private outstanding = 0;
  private sentCount = 0;
  private failure: ClientError | undefined;
  private waiters: Array<{ limit: number; resolve: () => void }> = [];

  /** Outputs sent and not yet reported on. */
  get inFlight(): number {
    return this.outstanding;
  }

  /** Outputs the producer accepted. */
  get sent(): number {
    return this.sentCount;
  }

  /** The first failed or refused output's error, if any. */
  get firstFailure(): ClientError | undefined {
    return this.failure;
  }

  /** An output the producer accepted. */
  accepted(): void {
    this.outstanding++;
    this.sentCount++;
  }

  /** An output the producer refused at once: a failure, nothing in flight. */
  refused(error: ClientError): void {
    this.failure ??= error;
  }

  /** An output's delivery report: acknowledged, or failed with `error`. */
  reported(error: ClientError | undefined): void {
    this.outstanding--;
    if (error) this.failure ??= error;
    if (this.waiters.length === 0) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (this.outstanding <= waiter.limit) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  /** Resolves once at most `limit` outputs are in flight. */
  atMost(limit: number): Promise<void> {
    if (this.outstanding <= limit) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ limit, resolve }));
  }
}
