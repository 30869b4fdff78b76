/**
 * The saturation verdict: did the system keep up with the load offered to it during the measured
 * seconds? Pure, from the plan's load shapes and the per-second timeline (it also works on
 * schema 1 reports, whose seconds carry `sentPerSec` and `notAttemptedPerSec`).
 */
import { medianOf } from '../util/median.js';
import type { BacklogReport, ReportLoad, TimelineEntry } from './report-types.js';
import type { ConsumerSaturation, SaturationReport } from './validity-types.js';

/** The measured seconds keep up when at least this share of the offered messages was acknowledged. */
export const MIN_ACKED_SHARE = 0.95;
/** …when at most this share was not attempted (in-flight bound or full client queue)… */
export const MAX_NOT_ATTEMPTED_SHARE = 0.001;
/** …and when the messages in flight at the end are at most this many seconds of the offered load. */
export const MAX_BACKLOG_SECONDS = 2;
/** A group keeps up unless its lag grew by more than this share of the offered rate per second and ended above one second of load. */
export const MAX_LAG_GROWTH_SHARE = 0.01;
/**
 * The measured phase begins behind when the messages in flight at its first second exceed this
 * multiple of the phase's median in-flight count plus this many seconds of the offered load
 * (what a steady system has in flight is its rate × its latency, whatever that latency is).
 */
export const START_BACKLOG_FACTOR = 4;
export const START_BACKLOG_SECONDS = 0.25;
/** A measured second counts as saturated below this acked ÷ offered share, or with messages not attempted. */
export const SATURATED_SECOND_SHARE = 0.9;

export function offeredInSecond(entry: TimelineEntry): number {
  return entry.offeredPerSec ?? entry.sentPerSec + entry.notAttemptedPerSec;
}

/**
 * A group paused on purpose (scenario `backlog`): its lag grows from `fromSecond` until it caught
 * up at `toSecond` (null: it never did). Those seconds are left out of the group's lag check.
 */
export interface DeliberateBacklog {
  groupId: string;
  fromSecond: number;
  toSecond: number | null;
}

/** The seconds in which a report's backlog group lagged on purpose: from its pause to its catch-up (to the end when it never caught up). */
export function deliberateBacklog(backlog: BacklogReport): DeliberateBacklog {
  return {
    groupId: backlog.groupId,
    fromSecond: Math.floor(backlog.pausedAtMs / 1000),
    toSecond: backlog.caughtUpAtMs === null ? null : Math.floor(backlog.caughtUpAtMs / 1000),
  };
}

export function assessSaturation(loads: readonly ReportLoad[], timeline: readonly TimelineEntry[], groupIds: readonly string[], backlog?: DeliberateBacklog): SaturationReport {
  const measured = timeline.filter((entry) => entry.phase === 'measure');
  const sustainedPerSec = mean(measured.map((entry) => entry.ackedPerSec));
  const inFlightGrowthPerSec = slope(measured.map((entry) => entry.inFlight));
  const notAttempted = sum(measured.map((entry) => entry.notAttemptedPerSec));
  const base = { sustainedPerSec, inFlightGrowthPerSec, notAttempted, measuredSeconds: measured.length };
  if (loads.length === 0 || measured.length === 0) {
    return { verdict: 'no-load', offeredPerSec: null, ackedToOfferedRatio: null, saturatedSeconds: 0, consumers: [], reasons: [], ...base };
  }
  const offeredPerSec = mean(measured.map(offeredInSecond));
  const consumers = groupIds.map((groupId) => consumerSaturation(groupId, measured, offeredPerSec, backlog?.groupId === groupId ? backlog : undefined));
  if (loads.some((load) => load.type === 'unthrottled')) {
    return {
      verdict: 'unthrottled',
      offeredPerSec: null,
      ackedToOfferedRatio: null,
      saturatedSeconds: 0,
      consumers,
      reasons: [
        `unthrottled load: producers sent whenever their in-flight bound allowed, so ${formatRate(sustainedPerSec)} msg/s is the capacity of this setup and the latencies include queueing by design`,
      ],
      ...base,
    };
  }
  const offeredTotal = sum(measured.map(offeredInSecond));
  const ackedTotal = sum(measured.map((entry) => entry.ackedPerSec));
  const ratio = offeredTotal === 0 ? 1 : ackedTotal / offeredTotal;
  const saturatedSeconds = measured.filter((entry) => entry.notAttemptedPerSec > 0 || entry.ackedPerSec < SATURATED_SECOND_SHARE * offeredInSecond(entry)).length;
  const reasons: string[] = [];
  if (ratio < MIN_ACKED_SHARE) {
    reasons.push(`acknowledged ${formatRate(sustainedPerSec)} msg/s of the ${formatRate(offeredPerSec)} msg/s offered (${formatShare(ratio)})`);
  }
  if (notAttempted > MAX_NOT_ATTEMPTED_SHARE * offeredTotal) {
    reasons.push(`${notAttempted.toLocaleString('en-US')} messages due in the measured seconds were never sent (in-flight bound or full client queue)`);
  }
  const attempted = sum(measured.map((entry) => entry.sentPerSec + entry.notAttemptedPerSec));
  if (attempted < MIN_ACKED_SHARE * offeredTotal) {
    reasons.push(
      `the producers handed the client only ${attempted.toLocaleString('en-US')} of the ${offeredTotal.toLocaleString('en-US')} messages their schedule intended (the load generator fell behind its schedule)`,
    );
  }
  const firstInFlight = measured[0]?.inFlight ?? 0;
  const typicalInFlight = medianOf(measured.map((entry) => entry.inFlight)) ?? 0;
  if (offeredPerSec > 0 && firstInFlight > START_BACKLOG_FACTOR * typicalInFlight + START_BACKLOG_SECONDS * offeredPerSec) {
    reasons.push(
      `the measured phase began with ${firstInFlight.toLocaleString('en-US')} messages (${(firstInFlight / offeredPerSec).toFixed(1)} s of load) awaiting acknowledgement: the system was still catching up with the start of the load (a longer \`warmup\` gives it time)`,
    );
  }
  const lastInFlight = measured[measured.length - 1]?.inFlight ?? 0;
  if (offeredPerSec > 0 && lastInFlight > MAX_BACKLOG_SECONDS * offeredPerSec) {
    reasons.push(`${lastInFlight.toLocaleString('en-US')} messages (${(lastInFlight / offeredPerSec).toFixed(1)} s of load) were awaiting acknowledgement at the end of the measured phase`);
  }
  for (const consumer of consumers) {
    if (!consumer.keptUp && consumer.deliberateBacklog?.caughtUp === false) {
      reasons.push(`consumer group ${consumer.groupId} never caught up with its deliberate backlog: its lag was ${consumer.lagAtEnd.toLocaleString('en-US')} at the end of the measured phase`);
    } else if (!consumer.keptUp) {
      reasons.push(`consumer group ${consumer.groupId} fell behind: its lag grew by ${formatRate(consumer.lagGrowthPerSec)} msg/s to ${consumer.lagAtEnd.toLocaleString('en-US')}`);
    }
  }
  return {
    verdict: reasons.length > 0 ? 'saturated' : 'kept-up',
    offeredPerSec,
    ackedToOfferedRatio: ratio,
    saturatedSeconds,
    consumers,
    reasons,
    ...base,
  };
}

function consumerSaturation(groupId: string, measured: readonly TimelineEntry[], offeredPerSec: number, backlog: DeliberateBacklog | undefined): ConsumerSaturation {
  if (backlog) return backlogGroupSaturation(groupId, measured, offeredPerSec, backlog);
  const lags = measured.map((entry) => entry.lag[groupId] ?? 0);
  const lagGrowthPerSec = slope(lags);
  const lagAtEnd = lags[lags.length - 1] ?? 0;
  const keptUp = !(lagGrowthPerSec > Math.max(1, MAX_LAG_GROWTH_SHARE * offeredPerSec) && lagAtEnd > Math.max(100, offeredPerSec));
  return { groupId, lagGrowthPerSec, lagAtEnd, keptUp };
}

/**
 * A group with a deliberate backlog: its lag grew on purpose from the pause to the catch-up, so it
 * is judged by the rule above on the measured seconds before the pause and after the catch-up
 * (each stretch's slope, the worse of the two), and it did not keep up only when it never caught up.
 */
function backlogGroupSaturation(groupId: string, measured: readonly TimelineEntry[], offeredPerSec: number, backlog: DeliberateBacklog): ConsumerSaturation {
  const lagOf = (entry: TimelineEntry): number => entry.lag[groupId] ?? 0;
  const before = measured.filter((entry) => entry.second < backlog.fromSecond).map(lagOf);
  const after = backlog.toSecond === null ? [] : measured.filter((entry) => entry.second > (backlog.toSecond as number)).map(lagOf);
  const lagGrowthPerSec = Math.max(slope(before), slope(after));
  const lags = measured.map(lagOf);
  const lagAtEnd = lags[lags.length - 1] ?? 0;
  const caughtUp = backlog.toSecond !== null;
  const steadyLag = after.length > 0 ? (after[after.length - 1] as number) : (before[before.length - 1] ?? 0);
  const grew = lagGrowthPerSec > Math.max(1, MAX_LAG_GROWTH_SHARE * offeredPerSec) && steadyLag > Math.max(100, offeredPerSec);
  return { groupId, lagGrowthPerSec, lagAtEnd, keptUp: caughtUp && !grew, deliberateBacklog: { fromSecond: backlog.fromSecond, toSecond: backlog.toSecond, caughtUp } };
}

/** Least-squares slope of values observed once per second (per second); 0 for fewer than two. */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = mean(values);
  let numerator = 0;
  let denominator = 0;
  values.forEach((y, x) => {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  });
  return numerator / denominator;
}


function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

function formatRate(perSec: number): string {
  return Math.round(perSec).toLocaleString('en-US');
}

function formatShare(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
