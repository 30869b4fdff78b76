/**
 * A report's `throughput`: statistics of the per-second rates over the measured seconds of a
 * timeline. One place for them: a run's report (runner/build-report.ts) and a merged one
 * (merge/merge-reports.ts, over the merged timeline). Pure.
 */
import type { RateStats, ReportThroughput, TimelineEntry } from './report-types.js';

/** Mean, median, extremes and spread of per-second samples. */
export function rateStats(samples: number[], bytesSamples: number[]): RateStats {
  if (samples.length === 0) return { meanPerSec: 0, meanBytesPerSec: 0, p50PerSec: 0, minPerSec: 0, maxPerSec: 0, stddevPerSec: 0 };
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
  return {
    meanPerSec: mean,
    meanBytesPerSec: bytesSamples.reduce((a, b) => a + b, 0) / bytesSamples.length,
    p50PerSec: median,
    minPerSec: sorted[0] as number,
    maxPerSec: sorted[sorted.length - 1] as number,
    stddevPerSec: Math.sqrt(variance),
  };
}

/** Produced (acknowledged) and consumed rates over the timeline's `measure` seconds. */
export function throughputOf(timeline: readonly TimelineEntry[]): ReportThroughput {
  const measured = timeline.filter((entry) => entry.phase === 'measure');
  return {
    produced: rateStats(
      measured.map((e) => e.ackedPerSec),
      measured.map((e) => e.ackedBytesPerSec),
    ),
    consumed: rateStats(
      measured.map((e) => e.consumedPerSec),
      measured.map((e) => e.consumedBytesPerSec),
    ),
  };
}
