/**
 * The catch-up arithmetic of a deliberate backlog, pure, over the group's per-second figures
 * (second s covers [s, s + 1) s since the run started; its lag is the value at its end).
 *
 * - Baseline lag: the median of the group's lag over the (up to) `BASELINE_SECONDS` seconds that
 *   ended at or before the pause: what the group normally trails by.
 * - Backlog built: the highest lag from the pause's second to the resume's second, minus the
 *   baseline (messages; bytes likewise from the lag in bytes at the same second).
 * - Caught up: the lag is back at or below the target, baseline + `TOLERANCE_SHARE` of the
 *   backlog built (at least 1 message), and stays there for `HOLD_SECONDS` consecutive seconds
 *   (or every second left when the run ends sooner). The moment is interpolated linearly between
 *   the end of the last second above the target and the end of the first one at or below it, and
 *   never before the resume. Catch-up time = that moment − the resume.
 * - Rates over the catch-up window (the seconds from the resume's to the caught-up one, timed from
 *   the resume to that second's end): drain rate = messages the group consumed ÷ the window; net
 *   drain rate = (lag at the resume − lag at the window's end) ÷ the window (how fast the backlog
 *   shrank); produced = messages acknowledged ÷ the window.
 */
import { medianOf } from '../util/median.js';

export const BASELINE_SECONDS = 5;
export const HOLD_SECONDS = 3;
export const TOLERANCE_SHARE = 0.01;

/** The criterion in words, for the report. */
export const CATCH_UP_CRITERION =
  `caught up when the group's lag is back at or below its baseline (median lag of the ${BASELINE_SECONDS} s before the pause) plus ${TOLERANCE_SHARE * 100} % of the backlog built, ` +
  `and stays there for ${HOLD_SECONDS} s (or until the run ends); the moment is interpolated within the second, timed from the resume`;

/** One second of the backlog group's figures. */
export interface BacklogSecond {
  second: number;
  /** Acknowledged messages the group has not consumed, at the end of the second. */
  lag: number;
  /** The same in bytes of record values. */
  lagBytes: number;
  /** Messages the group consumed during the second. */
  consumedPerSec: number;
  /** Messages the producers got acknowledged during the second. */
  ackedPerSec: number;
}

export interface CatchUp {
  baselineLag: number;
  /** The lag the group resumed with (its highest from the pause's second to the resume's). */
  lagAtResume: number;
  builtMessages: number;
  builtBytes: number;
  /** Highest lag from the pause until caught up (or the end). */
  peakLag: number;
  targetLag: number;
  /** ms since the run started; null when the group never caught up (or never resumed). */
  caughtUpAtMs: number | null;
  catchUpMs: number | null;
  /** First and last second of the catch-up window; null when it never caught up. */
  windowSeconds: { from: number; to: number } | null;
  consumedDuringCatchUp: number | null;
  drainRatePerSec: number | null;
  netDrainRatePerSec: number | null;
  producedDuringCatchUpPerSec: number | null;
}

export function assessCatchUp(seconds: readonly BacklogSecond[], pausedAtMs: number, resumedAtMs: number | null): CatchUp {
  const pauseSecond = Math.floor(pausedAtMs / 1000);
  const before = seconds.filter((s) => (s.second + 1) * 1000 <= pausedAtMs).slice(-BASELINE_SECONDS);
  const baselineLag = median(before.map((s) => s.lag));
  const resumeSecond = resumedAtMs === null ? Number.POSITIVE_INFINITY : Math.floor(resumedAtMs / 1000);
  const building = seconds.filter((s) => s.second >= pauseSecond && s.second <= resumeSecond);
  const atResume = building.reduce<BacklogSecond | undefined>((best, s) => (best === undefined || s.lag > best.lag ? s : best), undefined);
  const lagAtResume = atResume?.lag ?? baselineLag;
  const baselineBytes = median(before.map((s) => s.lagBytes));
  const builtMessages = Math.max(0, lagAtResume - baselineLag);
  const builtBytes = Math.max(0, (atResume?.lagBytes ?? baselineBytes) - baselineBytes);
  const targetLag = baselineLag + Math.max(1, TOLERANCE_SHARE * builtMessages);
  const none = { caughtUpAtMs: null, catchUpMs: null, windowSeconds: null, consumedDuringCatchUp: null, drainRatePerSec: null, netDrainRatePerSec: null, producedDuringCatchUpPerSec: null };
  const peakOf = (list: readonly BacklogSecond[]): number => list.reduce((max, s) => Math.max(max, s.lag), lagAtResume);
  const common = { baselineLag, lagAtResume, builtMessages, builtBytes, targetLag };
  if (resumedAtMs === null) return { ...common, peakLag: peakOf(seconds.filter((s) => s.second >= pauseSecond)), ...none };
  const after = seconds.filter((s) => s.second >= resumeSecond);
  const index = after.findIndex((_, i) => {
    const hold = after.slice(i, i + HOLD_SECONDS);
    return hold.every((s) => s.lag <= targetLag);
  });
  const caught = after[index];
  if (caught === undefined) return { ...common, peakLag: peakOf(seconds.filter((s) => s.second >= pauseSecond)), ...none };
  const previous = seconds.find((s) => s.second === caught.second - 1);
  let crossingS = resumedAtMs / 1000;
  if (previous !== undefined && previous.lag > targetLag && previous.lag > caught.lag) {
    crossingS = caught.second + (previous.lag - targetLag) / (previous.lag - caught.lag);
  }
  const caughtUpAtMs = Math.min((caught.second + 1) * 1000, Math.max(resumedAtMs, crossingS * 1000));
  const window = after.slice(0, index + 1);
  const windowMs = (caught.second + 1) * 1000 - resumedAtMs;
  const consumed = window.reduce((sum, s) => sum + s.consumedPerSec, 0);
  const acked = window.reduce((sum, s) => sum + s.ackedPerSec, 0);
  return {
    ...common,
    peakLag: peakOf(seconds.filter((s) => s.second >= pauseSecond && s.second <= caught.second)),
    caughtUpAtMs,
    catchUpMs: caughtUpAtMs - resumedAtMs,
    windowSeconds: { from: resumeSecond, to: caught.second },
    consumedDuringCatchUp: consumed,
    drainRatePerSec: consumed / (windowMs / 1000),
    netDrainRatePerSec: (lagAtResume - caught.lag) / (windowMs / 1000),
    producedDuringCatchUpPerSec: acked / (windowMs / 1000),
  };
}

function median(values: readonly number[]): number {
  return medianOf(values) ?? 0;
}
