/**
 * The shards of a sharded run on one time base. Second 0 of the merged report is the earliest
 * shard's second 0 (`shard.startedAtEpochMs`, wall clock); every other shard is placed by the
 * offset of its own second 0 from it: exactly (ms) for events, faults and rebalances, rounded to
 * whole seconds for the per-second timelines. Worker ids get a base per shard so that they are
 * unique in the merged report. Pure.
 */
import type { DeliverySetsReport, KbenchReport, ShardReport } from '../report/report-types.js';

/** A report as read from a file. */
export interface ReportFile {
  /** The path as given on the command line. */
  file: string;
  report: KbenchReport;
}

/** A report that is a shard's (it has `shard` and `deliverySets`). */
export interface ShardInput extends ReportFile {
  shard: ShardReport;
  deliverySets: DeliverySetsReport;
}

export interface AlignedShard extends ShardInput {
  /** ms from the merged second 0 to this shard's second 0 (≥ 0). */
  offsetMs: number;
  /** `offsetMs` rounded to whole seconds: this shard's timeline second `s` is merged second `s + offsetSeconds`. */
  offsetSeconds: number;
  /** This shard's worker `w` is worker `w + workerIdBase` in the merged report. */
  workerIdBase: number;
  /** `shard 1 (b.json)`, for messages. */
  label: string;
}

/** The shards in shard order, each with its offsets and worker id base. */
export function alignShards(inputs: readonly ShardInput[]): AlignedShard[] {
  const sorted = [...inputs].sort((a, b) => a.shard.index - b.shard.index);
  const baseMs = Math.min(...sorted.map((input) => input.shard.startedAtEpochMs));
  let workerIdBase = 0;
  return sorted.map((input) => {
    const offsetMs = input.shard.startedAtEpochMs - baseMs;
    const aligned: AlignedShard = { ...input, offsetMs, offsetSeconds: Math.round(offsetMs / 1000), workerIdBase, label: `shard ${input.shard.index} (${input.file})` };
    workerIdBase += workerIdSpan(input.report);
    return aligned;
  });
}

/** Wall-clock time of the merged second 0, ms since the epoch. */
export function mergedStartEpochMs(shards: readonly AlignedShard[]): number {
  return Math.min(...shards.map((shard) => shard.shard.startedAtEpochMs));
}

/** One more than the highest worker id a report names (0 without workers). */
function workerIdSpan(report: KbenchReport): number {
  const ids = [...report.scenario.workers.map((worker) => worker.id), ...report.workers.map((worker) => worker.id)];
  return ids.length === 0 ? 0 : Math.max(...ids) + 1;
}

/** A time in ms since a shard's second 0, on the merged time base (to the µs, like the reports' own times). */
export function shiftMs(shard: AlignedShard, atMs: number): number {
  return Math.round((atMs + shard.offsetMs) * 1000) / 1000;
}

/** A process key of a shard's `resourceUsage` (`worker-3`, `runner`, `broker-2`) in the merged report: `shard-1/worker-5`. */
export function processKey(shard: AlignedShard, key: string): string {
  const worker = /^worker-(\d+)$/.exec(key);
  return `shard-${shard.shard.index}/${worker ? `worker-${Number(worker[1]) + shard.workerIdBase}` : key}`;
}

/** What the shards have at one merged second. */
export interface MergedSecond<T> {
  second: number;
  /** The shards with an entry for this second, and that entry. */
  present: Array<{ shard: AlignedShard; entry: T }>;
  /** The shards whose entries ended before this second, with their last entry (for values that hold, like a lag). */
  ended: Array<{ shard: AlignedShard; last: T }>;
}

/**
 * Per-second entries of every shard (`second` = seconds since that shard's second 0) laid on the
 * merged seconds: from the earliest to the last second any shard has.
 */
export function secondsAcross<T extends { second: number }>(shards: readonly AlignedShard[], entriesOf: (shard: AlignedShard) => readonly T[]): Array<MergedSecond<T>> {
  const placed = shards.map((shard) => {
    const entries = entriesOf(shard);
    const bySecond = new Map(entries.map((entry) => [entry.second + shard.offsetSeconds, entry]));
    const last = entries.reduce<T | undefined>((latest, entry) => (latest === undefined || entry.second > latest.second ? entry : latest), undefined);
    return { shard, bySecond, last, lastSecond: last === undefined ? -1 : last.second + shard.offsetSeconds };
  });
  const seconds = placed.flatMap((p) => [...p.bySecond.keys()]);
  if (seconds.length === 0) return [];
  const from = Math.min(...seconds);
  const to = Math.max(...seconds);
  const merged: Array<MergedSecond<T>> = [];
  for (let second = from; second <= to; second++) {
    const present: MergedSecond<T>['present'] = [];
    const ended: MergedSecond<T>['ended'] = [];
    for (const p of placed) {
      const entry = p.bySecond.get(second);
      if (entry !== undefined) present.push({ shard: p.shard, entry });
      else if (p.last !== undefined && second > p.lastSecond) ended.push({ shard: p.shard, last: p.last });
    }
    merged.push({ second, present, ended });
  }
  return merged;
}
