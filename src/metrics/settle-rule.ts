/**
 * When has a freshly started cluster settled? A pure rule over the warm-up's per-second figures:
 * two consecutive windows in which the cluster acknowledged what was offered without a growing
 * backlog, and in which the brokers' JIT compilers have gone quiet (embedded brokers: the CPU of
 * their compiler threads, read from /proc). Measured on a 2-core machine: the compiler threads
 * of each of three fresh brokers used about 30 % of a core for a minute and more, 1–2 % once
 * warm. For brokers whose threads cannot be read (external clusters), the median produce
 * latency must have stopped improving instead. (Latency alone is a poor signal on a busy small
 * machine: in a steady state its per-second p50 and p99 jump by 3–10× from one second to the next.)
 */
import { medianOf } from '../util/median.js';

/** What the rule reads of one second. */
export interface SettleSecond {
  offeredPerSec: number;
  ackedPerSec: number;
  notAttemptedPerSec: number;
  /** Produce service-time p50 of the second, ms; null when nothing was acknowledged. */
  produceP50Ms: number | null;
  inFlight: number;
  /** CPU time of the busiest broker's JIT compiler threads in the second, ms; null when unknown (external brokers). */
  jitCpuMs: number | null;
}

export interface SettleRule {
  /** Seconds per window; the rule looks at the last two windows. */
  windowSeconds: number;
  /** A window keeps up when it acknowledged at least this share of what it offered… */
  minAckedShare: number;
  /** …and left at most this share of it not attempted. */
  maxNotAttemptedShare: number;
  /** The older window's median p50 may be at most this multiple of the newer one's (plus `slackMs`); above it, latency is still improving. */
  maxLatencyImprovement: number;
  /** Per-second p50s of a few ms move by whole milliseconds: slack added to the comparison. */
  slackMs: number;
  /** In each window, the busiest broker's compiler threads may use at most this many ms of CPU per second on average. */
  maxJitCpuMsPerSec: number;
}

export const DEFAULT_SETTLE_RULE: SettleRule = {
  windowSeconds: 5,
  minAckedShare: 0.95,
  maxNotAttemptedShare: 0.01,
  maxLatencyImprovement: 1.3,
  slackMs: 3,
  maxJitCpuMsPerSec: 50,
};

/** The rule in words, for the report. */
export function describeSettleRule(rule: SettleRule = DEFAULT_SETTLE_RULE): string {
  return (
    `settled when, in each of two consecutive ${rule.windowSeconds} s windows, at least ${Math.round(rule.minAckedShare * 100)} % of the offered messages ` +
    `were acknowledged, at most ${Math.round(rule.maxNotAttemptedShare * 100)} % were not attempted and the in-flight count did not grow, and the brokers had warmed up: ` +
    `every broker's JIT compiler threads used at most ${rule.maxJitCpuMsPerSec / 10} % of a core on average (embedded brokers), ` +
    `or, where they cannot be read, the older window's median produce p50 is at most ${rule.maxLatencyImprovement} × the newer one's + ${rule.slackMs} ms`
  );
}

export interface SettleVerdict {
  settled: boolean;
  /** Why not yet (one short phrase), for the progress lines; null when settled. */
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
  if ([...older, ...newer].every((s) => s.jitCpuMs !== null)) {
    const busiest = Math.max(meanJit(older), meanJit(newer));
    if (busiest > rule.maxJitCpuMsPerSec) return { settled: false, pending: `brokers still compiling (JIT ${(busiest / 10).toFixed(0)} % of a core)` };
    return { settled: true, pending: null };
  }
  const olderP50 = medianOf(older.map((s) => s.produceP50Ms));
  const newerP50 = medianOf(newer.map((s) => s.produceP50Ms));
  if (olderP50 === null || newerP50 === null) return { settled: false, pending: 'no acknowledgement yet' };
  if (olderP50 > newerP50 * rule.maxLatencyImprovement + rule.slackMs) {
    return { settled: false, pending: `latency still improving (p50 ${olderP50.toFixed(1)} → ${newerP50.toFixed(1)} ms)` };
  }
  return { settled: true, pending: null };
}

function meanJit(window: readonly SettleSecond[]): number {
  return sum(window.map((s) => s.jitCpuMs ?? 0)) / window.length;
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


function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
