/**
 * Lets callers wait, with a bound, until outstanding work (records in flight, deliveries
 * pending) has drained: the owner calls `notifyIdle()` when its count reaches zero.
 */
export class IdleSignal {
  private waiters: Array<() => void> = [];

  /** Resolves at the next `notifyIdle()`, or after `timeoutMs`, whichever comes first. */
  async wait(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let waiter: (() => void) | undefined;
    try {
      await new Promise<void>((resolve) => {
        waiter = resolve;
        this.waiters.push(resolve);
        timer = setTimeout(resolve, timeoutMs);
      });
    } finally {
      clearTimeout(timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
    }
  }

  /** Wakes every waiter. */
  notifyIdle(): void {
    if (this.waiters.length === 0) return;
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
