/**
 * What the run records of a deliberate backlog (scenario `consumers[i].backlog`): per second the
 * group's lag (messages and bytes), what it consumed and what was acknowledged; when it paused and
 * resumed; produce latency before and during the pause and, per second from the resume on, produce
 * latency and the group's end-to-end latency (exact histograms, merged over the catch-up window at
 * the end). The catch-up arithmetic itself is `metrics/catch-up.ts`.
 */
import { assessCatchUp, CATCH_UP_CRITERION, type BacklogSecond } from '../metrics/catch-up.js';
import { createLatencyHistogram, encodeHistogram, mergeInto, resetHistogram, summarizeUs, type LatencyHistogram } from '../metrics/histogram.js';
import type { EncodedHistogram } from '../metrics/snapshot-types.js';
import type { BacklogReport, LatencyStats, RunPhase } from '../report/report-types.js';
import { describeBacklogSize } from '../scenario/backlog-size.js';
import type { Plan, PlannedBacklog } from '../scenario/plan-types.js';

type Histogram = LatencyHistogram;

/** How the members stop consuming, for the report. */
export const BACKLOG_MECHANISM =
  "fetching paused in every member (the client's pause(): the members stay in the group, keep heartbeating and own their partitions, so nothing rebalances; on resume they fetch from where they stopped)";

export type ResumeReason = NonNullable<BacklogReport['resumeReason']>;

/** The counters one second's figures come from (cumulative). */
export interface BacklogCounters {
  acked: number;
  ackedBytes: number;
  consumed: number;
  consumedBytes: number;
}

export class BacklogRecorder {
  private startUs = 0;
  private pausedAtUs: number | undefined;
  private resumedAtUs: number | undefined;
  private resumeReason: ResumeReason | undefined;
  private readonly seconds: BacklogSecond[] = [];
  private previous: BacklogCounters = { acked: 0, ackedBytes: 0, consumed: 0, consumedBytes: 0 };
  private readonly produceBefore = createLatencyHistogram();
  private readonly producePaused = createLatencyHistogram();
  /** From the resume's second on: that second's produce and end-to-end histograms. */
  private readonly drainSeconds = new Map<number, { produce: EncodedHistogram; e2e: EncodedHistogram }>();
  private readonly intervalE2e = createLatencyHistogram();
  private lagAtPause = { messages: 0, bytes: 0 };

  constructor(
    readonly groupId: string,
    readonly planned: PlannedBacklog,
  ) {}

  /** The recorder of the plan's backlog group; undefined when the plan has none. */
  static forPlan(plan: Plan): BacklogRecorder | undefined {
    const group = plan.consumerGroups.find((g) => g.backlog !== undefined);
    return group?.backlog ? new BacklogRecorder(group.groupId, group.backlog) : undefined;
  }

  /** Second 0 of the run starts at `startUs`. */
  start(startUs: number): void {
    this.startUs = startUs;
  }

  get isPaused(): boolean {
    return this.pausedAtUs !== undefined && this.resumedAtUs === undefined;
  }

  get hasResumed(): boolean {
    return this.resumedAtUs !== undefined;
  }

  paused(atUs: number): void {
    this.pausedAtUs = atUs;
    const last = this.seconds[this.seconds.length - 1];
    this.lagAtPause = { messages: last?.lag ?? 0, bytes: last?.lagBytes ?? 0 };
  }

  resumed(atUs: number, reason: ResumeReason): void {
    this.resumedAtUs = atUs;
    this.resumeReason = reason;
  }

  /** How much the group's lag grew since the pause, as of the last closed second. */
  growthSincePause(): { messages: number; bytes: number } {
    const last = this.seconds[this.seconds.length - 1];
    return { messages: (last?.lag ?? 0) - this.lagAtPause.messages, bytes: (last?.lagBytes ?? 0) - this.lagAtPause.bytes };
  }

  /** An end-to-end histogram of one of the group's members (one snapshot's interval). */
  addGroupE2e(encoded: EncodedHistogram): void {
    mergeInto(this.intervalE2e, encoded);
  }

  /** Closes one second: the group's counters as of its end and the second's produce histogram. */
  closeSecond(second: number, phase: RunPhase, counters: BacklogCounters, intervalProduce: Histogram): void {
    this.seconds.push({
      second,
      lag: Math.max(0, counters.acked - counters.consumed),
      lagBytes: Math.max(0, counters.ackedBytes - counters.consumedBytes),
      consumedPerSec: counters.consumed - this.previous.consumed,
      ackedPerSec: counters.acked - this.previous.acked,
    });
    this.previous = counters;
    const endUs = this.startUs + (second + 1) * 1_000_000;
    if (this.pausedAtUs === undefined || endUs <= this.pausedAtUs) {
      if (phase === 'measure') mergeInto(this.produceBefore, intervalProduce);
    } else if (this.resumedAtUs === undefined || second < this.secondOf(this.resumedAtUs)) {
      mergeInto(this.producePaused, intervalProduce);
    } else {
      this.drainSeconds.set(second, { produce: encodeHistogram(intervalProduce), e2e: encodeHistogram(this.intervalE2e) });
    }
    resetHistogram(this.intervalE2e);
  }

  /** The report's `backlog` section; undefined when the group never paused. */
  report(): BacklogReport | undefined {
    if (this.pausedAtUs === undefined) return undefined;
    const pausedAtMs = this.msOf(this.pausedAtUs);
    const resumedAtMs = this.resumedAtUs === undefined ? null : this.msOf(this.resumedAtUs);
    const catchUp = assessCatchUp(this.seconds, pausedAtMs, resumedAtMs);
    const produceDrain = createLatencyHistogram();
    const e2eDrain = createLatencyHistogram();
    for (const [second, histograms] of this.drainSeconds) {
      if (catchUp.windowSeconds !== null && second > catchUp.windowSeconds.to) continue;
      mergeInto(produceDrain, histograms.produce);
      mergeInto(e2eDrain, histograms.e2e);
    }
    return {
      groupId: this.groupId,
      mechanism: BACKLOG_MECHANISM,
      size: describeBacklogSize(this.planned.size),
      pausedAtMs,
      resumedAtMs,
      resumeReason: this.resumeReason ?? null,
      criterion: CATCH_UP_CRITERION,
      baselineLag: catchUp.baselineLag,
      built: { messages: catchUp.builtMessages, bytes: catchUp.builtBytes, durationMs: (resumedAtMs ?? this.msOf(this.startUs + this.seconds.length * 1_000_000)) - pausedAtMs },
      peakLag: catchUp.peakLag,
      targetLag: catchUp.targetLag,
      caughtUp: catchUp.caughtUpAtMs !== null,
      caughtUpAtMs: catchUp.caughtUpAtMs,
      catchUpMs: catchUp.catchUpMs,
      drainRatePerSec: catchUp.drainRatePerSec,
      netDrainRatePerSec: catchUp.netDrainRatePerSec,
      producedDuringDrainPerSec: catchUp.producedDuringCatchUpPerSec,
      latency: { produceBefore: stats(this.produceBefore), producePaused: stats(this.producePaused), produceDrain: stats(produceDrain), e2eDrain: stats(e2eDrain) },
      seconds: this.seconds.map((s) => ({ ...s })),
    };
  }

  private msOf(us: number): number {
    return (us - this.startUs) / 1000;
  }

  private secondOf(us: number): number {
    return Math.floor((us - this.startUs) / 1_000_000);
  }
}

function stats(histogram: Histogram): LatencyStats {
  return { ...summarizeUs(histogram), hdr: encodeHistogram(histogram) };
}
