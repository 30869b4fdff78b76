/**
 * The open-model send schedule of one producer: when each message is meant to be sent,
 * independent of how fast the broker answers. Latency measured from these intended times is
 * free of coordinated omission (the wrk2 / OpenMessaging Benchmark approach).
 *
 * The rate r(t) (messages per second) defines the count N(t) = ∫₀ᵗ r, and message n (0-based)
 * is intended at the first moment N reaches n; message 0 goes out when the rate first becomes
 * positive (at the start for any schedule that begins sending at once). Times are computed
 * from n directly, never by adding intervals, so there is no drift however long the run.
 * Each load shape (`load-shapes.ts`) builds its own schedule from the helpers here.
 */

export interface Schedule {
  /** Monotonic time the schedule starts, µs (clock.ts). */
  readonly startUs: number;
  /**
   * Intended send time of message `n` (0-based), in monotonic µs — fractional: round (or let
   * `recordUs` round) only when a latency is recorded. Undefined when the schedule never
   * reaches message `n` (its rate ends at 0 before it).
   *
   * @param n message index, a non-negative integer
   */
  intendedTimeUs(n: number): number | undefined;
  /**
   * How many messages are due by `nowUs`: the number of messages whose intended time is at
   * or before `nowUs` (message 0 is due at the start). A producer sends messages
   * `[sentSoFar, dueCount(now))` in one tick. Consistent with {@link intendedTimeUs}:
   * `dueCount(intendedTimeUs(n)) > n` and `dueCount(t) <= n` for every t before it.
   *
   * @param nowUs monotonic time, µs
   */
  dueCount(nowUs: number): number;
  /** Scheduled rate at a monotonic time, messages per second (0 before the start). */
  rateAtUs(us: number): number;
}

export const US_PER_S = 1e6;

export function checkRate(rate: number, what: string): void {
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`${what} must be a finite rate ≥ 0 msg/s, got ${rate}`);
}

export function checkIndex(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`message index must be an integer ≥ 0, got ${n}`);
}

/**
 * Shared correction of a dueCount estimate against intendedTimeUs, so the two agree exactly
 * despite floating-point rounding (the estimate is off by at most one or two).
 */
export function correctDueCount(estimate: number, nowUs: number, intendedTimeUs: (n: number) => number | undefined): number {
  let count = Math.max(0, estimate);
  while (count > 0 && (intendedTimeUs(count - 1) ?? Infinity) > nowUs) count--;
  for (let next = intendedTimeUs(count); next !== undefined && next <= nowUs; next = intendedTimeUs(count)) count++;
  return count;
}

