/**
 * The one clock of kbench: monotonic microseconds shared by every thread and process on the
 * machine.
 *
 * `process.hrtime.bigint()` reads CLOCK_MONOTONIC, which on Linux is system-wide: a worker
 * thread, a forked child process and the runner all read the same timeline, so a send time
 * stamped in one producer process can be subtracted from a receive time read in a consumer
 * thread. (`performance.now()` is not usable for this: its origin differs per thread.)
 * test/unit/clock.test.ts proves the agreement across a worker thread and a child process.
 */

/**
 * Monotonic time now, in whole microseconds (truncated), on the machine-wide clock.
 * Only differences between two readings on the same machine mean anything.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Epoch milliseconds minus monotonic milliseconds, measured once per thread on first use. */
let epochOffsetMs: number | undefined;

function measureEpochOffsetMs(): number {
  // Bracket Date.now() between two monotonic readings and pair it with their midpoint.
  const beforeUs = nowUs();
  const epochMs = Date.now();
  const afterUs = nowUs();
  return epochMs - (beforeUs + afterUs) / 2 / 1000;
}

/**
 * Converts a monotonic time from {@link nowUs} to epoch milliseconds (fractional), for display
 * and report timestamps. The offset between the two clocks is measured once per thread (module
 * instance) with `Date.now()`, so it is accurate to about a millisecond and a timestamp
 * converted in two different threads may differ by that much: convert in one place (the
 * runner) when several timestamps are compared. Never use it for latency.
 *
 * @param us monotonic time in microseconds, as returned by {@link nowUs}
 * @returns epoch time in milliseconds (fractional)
 */
export function epochMsAtUs(us: number): number {
  epochOffsetMs ??= measureEpochOffsetMs();
  return us / 1000 + epochOffsetMs;
}
