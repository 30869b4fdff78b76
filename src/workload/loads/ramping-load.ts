/**
 * A rate that changes over stages, linearly within each. The stages start with the warm-up; past the
 * last stage the rate stays at the last target until the run ends.
 */
import { duration, list, nonNegative, oneOf, section } from '../../util/schema-kit.js';
import { parseDuration } from '../../util/durations.js';
import { createConstantSchedule } from './constant-load.js';
import type { LoadShape } from './load-shape.js';
import { US_PER_S, checkIndex, checkRate, correctDueCount, type Schedule } from './schedule.js';

export interface PlannedRampingLoad {
  type: 'ramping';
  /** Rates for this one producer instance; stage i changes linearly from the previous end rate to `targetRatePerSec` over `durationMs`. */
  startRatePerSec: number;
  stages: Array<{ durationMs: number; targetRatePerSec: number }>;
}

const RATE = 'messages per second';
const STAGE = 'a stage such as { duration: "1m", targetRatePerSec: 1000 }';

const schema = section(
  {
    type: oneOf(['ramping'] as const),
    /** Rate at the start of the first stage. @default 0 */
    startRatePerSec: nonNegative(RATE).default(0),
    /** At least one stage; at least one rate of the ramp must be above 0. */
    stages: list(
      section(
        {
          /** How long this stage takes (longer than 0). */
          duration: duration(true),
          /** The rate (messages/s, whole group) reached at the end of this stage, changing linearly from the previous one. 0 or more: ramp down to 0 to stop. */
          targetRatePerSec: nonNegative(RATE),
        },
        STAGE,
      ),
      `a non-empty array of stages such as { duration: "1m", targetRatePerSec: 1000 }`,
      1,
    ),
  },
  'a load such as { type: "ramping", stages: [{ duration: "1m", targetRatePerSec: 1000 }] }',
).superRefine((load, ctx) => {
  if (load.stages.length > 0 && load.startRatePerSec === 0 && load.stages.every((stage) => stage.targetRatePerSec === 0)) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'every rate of this ramp is 0: the group would send nothing' });
  }
});

export const rampingLoad: LoadShape<typeof schema, PlannedRampingLoad> = {
  schema,
  plan: (input, instances) => ({
    type: 'ramping',
    startRatePerSec: input.startRatePerSec / instances,
    stages: input.stages.map((stage) => ({ durationMs: parseDuration(stage.duration) ?? 0, targetRatePerSec: stage.targetRatePerSec / instances })),
  }),
  writtenRates: (input) => [
    { path: 'startRatePerSec', ratePerSec: input.startRatePerSec },
    ...input.stages.map((stage, i) => ({ path: `stages[${i}].targetRatePerSec`, ratePerSec: stage.targetRatePerSec })),
  ],
  createSchedule: (planned, startUs) => (planned.stages.length === 0 ? createConstantSchedule(planned.startRatePerSec, startUs) : createRampingSchedule(planned, startUs)),
  maxInFlight: () => undefined,
  scheduledMessages: (planned, runMs) => Math.floor(rampedMessages(planned, runMs) + 1e-9),
  peakRatePerSec: (planned) => Math.max(planned.startRatePerSec, ...planned.stages.map((stage) => stage.targetRatePerSec)),
  describe: (planned, format) =>
    `ramping ${[format.rate(planned.startRatePerSec), ...planned.stages.map((s) => `${format.rate(s.targetRatePerSec)} (${format.durationMs(s.durationMs)})`)].join(' → ')} msg/s`,
};

/**
 * The integral of a ramping rate over [0, runMs]: linear within each stage, the last target
 * held past the last stage, cut at `runMs`. In messages, not rounded.
 */
export function rampedMessages(load: PlannedRampingLoad, runMs: number): number {
  let messages = 0;
  let elapsedMs = 0;
  let rate = load.startRatePerSec;
  for (const stage of load.stages) {
    if (elapsedMs >= runMs) return messages;
    const stageMs = Math.min(stage.durationMs, runMs - elapsedMs);
    const endRate = stageMs === stage.durationMs ? stage.targetRatePerSec : rate + ((stage.targetRatePerSec - rate) * stageMs) / stage.durationMs;
    messages += ((rate + endRate) / 2) * (stageMs / 1000);
    elapsedMs += stageMs;
    rate = stage.targetRatePerSec;
  }
  if (elapsedMs < runMs) messages += rate * ((runMs - elapsedMs) / 1000);
  return messages;
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

/** Builds the stages with their boundaries and cumulative counts. */
function buildStages(load: PlannedRampingLoad): Stage[] {
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

function createRampingSchedule(load: PlannedRampingLoad, startUs: number): Schedule {
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
