/**
 * When has a freshly started cluster settled? A pure rule over the warm-up's per-second figures:
 * two consecutive windows in which the cluster acknowledged what was offered, without a growing
 * backlog, and whose produce p99 no longer improves (a cluster whose JIT is still compiling gets
 * faster window after window) nor spikes.
 */

/** What the rule reads of one second. */
export interface SettleSecond {
  offeredPerSec: number;
  ackedPerSec: number;
  notAttemptedPerSec: number;
  /** Produce service-time p99 of the second, ms; null when nothing was acknowledged. */
  produceP99Ms: number | null;
  inFlight: number;
}

export interface SettleRule {
  /** Seconds per window; the rule looks at the last two windows. */
  windowSeconds: number;
  /** A window keeps up when it acknowledged at least this share of what it offered… */
  minAckedShare: number;
  /** …and left at most this share of it not attempted. */
  maxNotAttemptedShare: number;
  /** The newer window's median p99 must be no better than the older one's divided by this (still improving otherwise). */
  maxImprovement: number;
  /** No second of the newer window may have a p99 above this multiple of the window's median (a stall)… */
  maxSpike: number;
  /** …plus this many ms of slack (per-second p99s of a few ms jitter by whole milliseconds). */
  slackMs: number;
}

export const DEFAULT_SETTLE_RULE: SettleRule = {
  windowSeconds: 5,
  minAckedShare: 0.95,
  maxNotAttemptedShare: 0.01,
  maxImprovement: 1.5,
  maxSpike: 4,
  slackMs: 5,
};

/** The rule in words, for the report. */
export function describeSettleRule(rule: SettleRule = DEFAULT_SETTLE_RULE): string {
  return (
    `settled when, in each of two consecutive ${rule.windowSeconds} s windows, at least ${Math.round(rule.minAckedShare * 100)} % of the offered messages ` +
    `were acknowledged, at most ${Math.round(rule.maxNotAttemptedShare * 100)} % were not attempted and the in-flight count did not grow; ` +
    `the newer window's median produce p99 is no better than the older one's ÷ ${rule.maxImprovement} (no longer improving), ` +
    `and none of its seconds has a p99 above ${rule.maxSpike} × that median + ${rule.slackMs} ms`
  );
}

export interface SettleVerdict {
  settled: boolean;
  /** Why not yet (one short phrase), for the live progress line; null when settled. */
  pending: string | null;
}

/** Applies `rule` to the seconds so far (oldest first). */
export function assessSettled(seconds: readonly SettleSecond[], rule: SettleRule = DEFAULT_SETTLE_RULE): SettleVerdict {
  const w = rule.windowSeconds;
  if (seconds.length < 2 * w) return { settled: false, pending: `${seconds.length}/${2 * w} s observed` };
  const older = seconds.slice(-2 * w, -w);
  const newer = seconds.slice(-w);
  for (const window of [older, newer]) {
    const problem = windowProblem(window, rule);
    if (problem) return { settled: false, pending: problem };
  }
  const olderMedian = medianP99(older);
  const newerMedian = medianP99(newer);
  if (olderMedian === null || newerMedian === null) return { settled: false, pending: 'no acknowledgement yet' };
  if (olderMedian > newerMedian * rule.maxImprovement + rule.slackMs) {
    return { settled: false, pending: `p99 still improving (${olderMedian.toFixed(1)} → ${newerMedian.toFixed(1)} ms)` };
  }
  const worst = Math.max(...newer.map((s) => s.produceP99Ms ?? 0));
  if (worst > newerMedian * rule.maxSpike + rule.slackMs) {
    return { settled: false, pending: `p99 spikes (${worst.toFixed(1)} ms against a median of ${newerMedian.toFixed(1)} ms)` };
  }
  return { settled: true, pending: null };
}

function windowProblem(window: readonly SettleSecond[], rule: SettleRule): string | undefined {
  const offered = sum(window.map((s) => s.offeredPerSec));
  const acked = sum(window.map((s) => s.ackedPerSec));
  const notAttempted = sum(window.map((s) => s.notAttemptedPerSec));
  if (offered === 0) return 'nothing offered';
  if (acked < offered * rule.minAckedShare) return `acknowledging ${Math.round((acked / offered) * 100)} % of the offered load`;
  if (notAttempted > offered * rule.maxNotAttemptedShare) return `${Math.round((notAttempted / offered) * 100)} % of the offered load not attempted`;
  const first = window[0] as SettleSecond;
  const last = window[window.length - 1] as SettleSecond;
  // A backlog that grows by more than a tenth of a second's load over the window is not steady.
  if (last.inFlight > first.inFlight + Math.max(10, 0.1 * (offered / window.length))) return `in-flight growing (${first.inFlight} → ${last.inFlight})`;
  return undefined;
}

function medianP99(window: readonly SettleSecond[]): number | null {
  const values = window.map((s) => s.produceP99Ms).filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? (values[middle] as number) : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
