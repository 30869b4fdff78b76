/**
 * The open-model send schedule of one producer: when each message is meant to be sent,
 * independent of how fast the broker answers. Latency measured from these intended times is
 * free of coordinated omission (the wrk2 / OpenMessaging Benchmark approach).
 *
 * The rate r(t) (messages per second) defines the count N(t) = ∫₀ᵗ r, and message n (0-based)
 * is intended at the first moment N reaches n; message 0 goes out when the rate first becomes
 * positive (at the start for any schedule that begins sending at once). Times are computed
 * from n directly, never by adding intervals, so there is no drift however long the run.
 */
import type { PlannedLoad } from '../scenario/plan-types.js';

/** The loads that have a schedule (an unthrottled load sends whenever it may: no schedule). */
export type ScheduledLoad = Extract<PlannedLoad, { type: 'constant' | 'ramping' }>;

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

/** Linear piece of a ramping schedule, times relative to the start. */
interface Stage {
  /** Offset of the stage start from the schedule start, µs. */
  beginUs: number;
  durationUs: number;
  /** Rate at the stage start / end, msg/s. */
  fromRate: number;
  toRate: number;
  /** Rate change, msg/s per second. */
  slope: number;
  /** Messages counted (N) at the stage start / end. */
  countBefore: number;
  countAfter: number;
}

const US_PER_S = 1e6;

function checkRate(rate: number, what: string): void {
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`${what} must be a finite rate ≥ 0 msg/s, got ${rate}`);
}

function checkIndex(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`message index must be an integer ≥ 0, got ${n}`);
}

/**
 * Creates the schedule of a constant or ramping load.
 *
 * @param load the producer's planned load (already split per producer instance)
 * @param startUs monotonic start time, µs (clock.ts `nowUs()`)
 * @throws RangeError for an unthrottled load (it has no schedule), or negative / non-finite
 *   rates or durations
 */
export function createSchedule(load: ScheduledLoad, startUs: number): Schedule {
  switch (load.type) {
    case 'constant':
      return createConstantSchedule(load.ratePerSec, startUs);
    case 'ramping':
      return load.stages.length === 0 ? createConstantSchedule(load.startRatePerSec, startUs) : createRampingSchedule(load, startUs);
    default: {
      const type = (load as PlannedLoad).type;
      throw new RangeError(`a ${type} load has no rate schedule`);
    }
  }
}

/**
 * Shared correction of a dueCount estimate against intendedTimeUs, so the two agree exactly
 * despite floating-point rounding (the estimate is off by at most one or two).
 */
function correctDueCount(estimate: number, nowUs: number, intendedTimeUs: (n: number) => number | undefined): number {
  let count = Math.max(0, estimate);
  while (count > 0 && (intendedTimeUs(count - 1) ?? Infinity) > nowUs) count--;
  for (let next = intendedTimeUs(count); next !== undefined && next <= nowUs; next = intendedTimeUs(count)) count++;
  return count;
}

function createConstantSchedule(ratePerSec: number, startUs: number): Schedule {
  checkRate(ratePerSec, 'ratePerSec');
  const intendedTimeUs = (n: number): number | undefined => {
    checkIndex(n);
    return ratePerSec > 0 ? startUs + (n * US_PER_S) / ratePerSec : undefined;
  };
  return {
    startUs,
    intendedTimeUs,
    dueCount(nowUs) {
      if (ratePerSec === 0 || nowUs < startUs) return 0;
      return correctDueCount(Math.floor(((nowUs - startUs) * ratePerSec) / US_PER_S) + 1, nowUs, intendedTimeUs);
    },
    rateAtUs: (us) => (us < startUs ? 0 : ratePerSec),
  };
}

/** Builds the stages with their boundaries and cumulative counts. */
function buildStages(load: Extract<ScheduledLoad, { type: 'ramping' }>): Stage[] {
  checkRate(load.startRatePerSec, 'startRatePerSec');
  const stages: Stage[] = [];
  let beginUs = 0;
  let fromRate = load.startRatePerSec;
  let countBefore = 0;
  load.stages.forEach((stage, i) => {
    checkRate(stage.targetRatePerSec, `stages[${i}].targetRatePerSec`);
    if (!Number.isFinite(stage.durationMs) || stage.durationMs < 0) {
      throw new RangeError(`stages[${i}].durationMs must be a finite duration ≥ 0 ms, got ${stage.durationMs}`);
    }
    const durationUs = stage.durationMs * 1000;
    const toRate = stage.targetRatePerSec;
    const durationS = durationUs / US_PER_S;
    const countAfter = countBefore + ((fromRate + toRate) / 2) * durationS;
    stages.push({ beginUs, durationUs, fromRate, toRate, slope: durationS > 0 ? (toRate - fromRate) / durationS : 0, countBefore, countAfter });
    beginUs += durationUs;
    fromRate = toRate;
    countBefore = countAfter;
  });
  return stages;
}

/** Seconds into a stage at which its count grows by m: solves fromRate·τ + slope·τ²/2 = m. */
function secondsToReach(stage: Stage, m: number): number {
  if (m <= 0) return 0;
  // Stable form of (−a + √(a² + 2sm)) / s; also right for s = 0 (τ = m / a).
  const root = Math.sqrt(Math.max(0, stage.fromRate * stage.fromRate + 2 * stage.slope * m));
  const seconds = (2 * m) / (stage.fromRate + root);
  return Math.min(seconds, stage.durationUs / US_PER_S);
}

function createRampingSchedule(load: Extract<ScheduledLoad, { type: 'ramping' }>, startUs: number): Schedule {
  const stages = buildStages(load);
  const last = stages[stages.length - 1] as Stage;
  const endUs = last.beginUs + last.durationUs;
  const totalCount = last.countAfter;
  const finalRate = last.toRate;
  const firstSendingStage = stages.find((stage) => stage.countAfter > 0);
  /** Offset of message 0 (where the rate first becomes positive); undefined if it never does. */
  const firstSendOffsetUs = firstSendingStage?.beginUs ?? (finalRate > 0 ? endUs : undefined);

  // Producers ask about increasing n and times, so the last stage found is almost always the
  // right one or the next: O(1) amortised, binary search otherwise.
  let cursor = 0;
  const stageForCount = (n: number): Stage => {
    // First stage whose end count reaches n (n in (countBefore, countAfter]).
    const at = stages[cursor] as Stage;
    if (at.countBefore < n && n <= at.countAfter) return at;
    const next = stages[cursor + 1];
    if (next !== undefined && next.countBefore < n && n <= next.countAfter) return stages[++cursor] as Stage;
    let low = 0;
    let high = stages.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((stages[mid] as Stage).countAfter >= n) high = mid;
      else low = mid + 1;
    }
    cursor = low;
    return stages[low] as Stage;
  };
  const stageForOffset = (offsetUs: number): Stage => {
    // Stage with beginUs ≤ offset < beginUs + durationUs (offset < endUs).
    const at = stages[cursor] as Stage;
    if (at.beginUs <= offsetUs && offsetUs < at.beginUs + at.durationUs) return at;
    let low = 0;
    let high = stages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((stages[mid] as Stage).beginUs <= offsetUs) low = mid;
      else high = mid - 1;
    }
    // Zero-length stages share their begin with the next one; the last of them wins, which is
    // the one that actually covers the offset.
    cursor = low;
    return stages[low] as Stage;
  };

  /** N at an offset from the start, messages (fractional). */
  const countAtOffset = (offsetUs: number): number => {
    if (offsetUs <= 0) return 0;
    if (offsetUs >= endUs) return totalCount + (finalRate * (offsetUs - endUs)) / US_PER_S;
    const stage = stageForOffset(offsetUs);
    const seconds = (offsetUs - stage.beginUs) / US_PER_S;
    return stage.countBefore + stage.fromRate * seconds + (stage.slope * seconds * seconds) / 2;
  };

  const intendedTimeUs = (n: number): number | undefined => {
    checkIndex(n);
    if (n === 0) return firstSendOffsetUs === undefined ? undefined : startUs + firstSendOffsetUs;
    if (n <= totalCount) {
      const stage = stageForCount(n);
      return startUs + stage.beginUs + secondsToReach(stage, n - stage.countBefore) * US_PER_S;
    }
    if (finalRate === 0) return undefined;
    return startUs + endUs + ((n - totalCount) * US_PER_S) / finalRate;
  };

  return {
    startUs,
    intendedTimeUs,
    dueCount(nowUs) {
      if (firstSendOffsetUs === undefined || nowUs < startUs + firstSendOffsetUs) return 0;
      return correctDueCount(Math.floor(countAtOffset(nowUs - startUs)) + 1, nowUs, intendedTimeUs);
    },
    rateAtUs(us) {
      const offsetUs = us - startUs;
      if (offsetUs < 0) return 0;
      if (offsetUs >= endUs) return finalRate;
      const stage = stageForOffset(offsetUs);
      return stage.fromRate + (stage.slope * (offsetUs - stage.beginUs)) / US_PER_S;
    },
  };
}
