/**
 * A deliberate backlog across shards: each shard paused and resumed its own members of the group.
 * The group's per-second figures are the shards' summed on the merged time base (a shard's lag
 * held after its figures end), the group counts as paused from the first shard's pause to the
 * last shard's resume, and the catch-up is assessed again from the summed figures by the run's
 * own arithmetic (`metrics/catch-up.ts`). The latencies by part of the phase are the shards'
 * histograms added (each shard's own parts of the phase: their bounds differ by less than the
 * shards' pauses and resumes do). Pure.
 */
import { assessCatchUp, type BacklogSecond } from '../metrics/catch-up.js';
import type { BacklogReport } from '../report/report-types.js';
import { mergeLatencyStats } from './merge-counts.js';
import { secondsAcross, shiftMs, type AlignedShard } from './shard-alignment.js';

export function mergeBacklog(shards: readonly AlignedShard[]): BacklogReport | undefined {
  const parts = shards.flatMap((shard) => (shard.report.backlog === undefined ? [] : [{ shard, backlog: shard.report.backlog }]));
  const first = parts[0];
  if (first === undefined) return undefined;
  const seconds: BacklogSecond[] = secondsAcross(
    parts.map(({ shard }) => shard),
    (shard) => shard.report.backlog?.seconds ?? [],
  ).map(({ second, present, ended }) => ({
    second,
    lag: [...present.map(({ entry }) => entry.lag), ...ended.map(({ last }) => last.lag)].reduce((a, b) => a + b, 0),
    lagBytes: [...present.map(({ entry }) => entry.lagBytes), ...ended.map(({ last }) => last.lagBytes)].reduce((a, b) => a + b, 0),
    consumedPerSec: present.reduce((sum, { entry }) => sum + entry.consumedPerSec, 0),
    ackedPerSec: present.reduce((sum, { entry }) => sum + entry.ackedPerSec, 0),
  }));
  const pausedAtMs = Math.min(...parts.map(({ shard, backlog }) => shiftMs(shard, backlog.pausedAtMs)));
  const resumes = parts.map(({ shard, backlog }) => ({ shard, backlog, atMs: backlog.resumedAtMs === null ? null : shiftMs(shard, backlog.resumedAtMs) }));
  const lastResume = resumes.every((resume) => resume.atMs !== null) ? resumes.reduce((latest, resume) => ((resume.atMs as number) > (latest.atMs as number) ? resume : latest)) : undefined;
  const resumedAtMs = lastResume?.atMs ?? null;
  const catchUp = assessCatchUp(seconds, pausedAtMs, resumedAtMs);
  const endMs = ((seconds[seconds.length - 1]?.second ?? 0) + 1) * 1000;
  const latency = (pick: (backlog: BacklogReport) => BacklogReport['latency'][keyof BacklogReport['latency']]) => mergeLatencyStats(parts.map(({ backlog }) => pick(backlog)));
  return {
    ...first.backlog,
    pausedAtMs,
    resumedAtMs,
    resumeReason: lastResume?.backlog.resumeReason ?? (resumes.find((resume) => resume.atMs === null)?.backlog.resumeReason ?? null),
    baselineLag: catchUp.baselineLag,
    built: { messages: catchUp.builtMessages, bytes: catchUp.builtBytes, durationMs: (resumedAtMs ?? endMs) - pausedAtMs },
    peakLag: catchUp.peakLag,
    targetLag: catchUp.targetLag,
    caughtUp: catchUp.caughtUpAtMs !== null,
    caughtUpAtMs: catchUp.caughtUpAtMs,
    catchUpMs: catchUp.catchUpMs,
    drainRatePerSec: catchUp.drainRatePerSec,
    netDrainRatePerSec: catchUp.netDrainRatePerSec,
    producedDuringDrainPerSec: catchUp.producedDuringCatchUpPerSec,
    latency: {
      produceBefore: latency((b) => b.latency.produceBefore),
      producePaused: latency((b) => b.latency.producePaused),
      produceDrain: latency((b) => b.latency.produceDrain),
      e2eDrain: latency((b) => b.latency.e2eDrain),
    },
    seconds,
  };
}
