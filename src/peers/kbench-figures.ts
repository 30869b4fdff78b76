/**
 * The figures `bench:peers` takes from a kbench report, defined to match what the Apache tool of
 * the same measurement reports. Pure.
 */
import type { KbenchReport, TimelineEntry } from '../report/report-types.js';

/** A figure and what stands behind it. */
export interface KbenchFigure {
  value: number;
  /** Records behind the figure (acknowledged, consumed). */
  records: number;
  note: string;
}

/** Errors of every kind over the run (failed and refused sends, consumer errors). */
export function countErrors(report: KbenchReport): number {
  return Object.values(report.errors).reduce((sum, count) => sum + count, 0);
}

function measured(report: KbenchReport): TimelineEntry[] {
  return report.timeline.filter((entry) => entry.phase === 'measure');
}

/**
 * Producer throughput: messages acknowledged within the measured seconds ÷ those seconds. With no
 * warm-up this window starts with the producer's first send, as ProducerPerformance's rate does;
 * acknowledgements after the window (the final flush) are left out, as are the sends behind them.
 */
export function producerThroughput(report: KbenchReport): KbenchFigure {
  const seconds = measured(report);
  if (seconds.length === 0) throw new Error('the kbench run has no measured second');
  const acked = seconds.reduce((sum, entry) => sum + entry.ackedPerSec, 0);
  return {
    value: acked / seconds.length,
    records: report.counts.acked,
    note: `${acked} acknowledged in ${seconds.length} s (${report.counts.acked} in all)`,
  };
}

/**
 * Consumer throughput: mean of the measured seconds in which the consumer was busy the whole
 * second. When it read the topic to its end (`availableRecords`), the second in which it did is
 * partial and left out, with every second after it.
 */
export function consumerThroughput(report: KbenchReport, availableRecords: number): KbenchFigure {
  let seconds = measured(report);
  const consumed = report.counts.consumed;
  const ranOut = consumed >= availableRecords;
  if (ranOut) {
    let lastBusy = -1;
    seconds.forEach((entry, i) => {
      if (entry.consumedPerSec > 0) lastBusy = i;
    });
    seconds = seconds.slice(0, Math.max(0, lastBusy));
  }
  if (seconds.length === 0) throw new Error(`the kbench consumer had no full measured second (${consumed} of ${availableRecords} records consumed)`);
  const inWindow = seconds.reduce((sum, entry) => sum + entry.consumedPerSec, 0);
  return {
    value: inWindow / seconds.length,
    records: consumed,
    note: `${inWindow} consumed in ${seconds.length} full s${ranOut ? ' (read to the end)' : ''}`,
  };
}

export interface EndToEndFigures {
  /** Whole ms, truncated (as EndToEndLatency's). */
  p50Ms: number;
  /** Whole ms, truncated. */
  p99Ms: number;
  meanMs: number;
  records: number;
  note: string;
}

/** End-to-end latency after the warm-up (intended send time → consumed), in ms. */
export function endToEndLatency(report: KbenchReport): EndToEndFigures {
  const e2e = report.latency.e2e;
  if (e2e.count === 0) throw new Error('the kbench run recorded no end-to-end latency');
  // Truncated to whole ms as EndToEndLatency prints its percentiles, so both lines mean the same;
  // the exact values are in the note, and the mean is exact on both sides.
  return {
    p50Ms: Math.trunc(e2e.p50),
    p99Ms: Math.trunc(e2e.p99),
    meanMs: e2e.mean,
    records: e2e.count,
    note: `${e2e.count} records after the warm-up, ${report.counts.acked} acknowledged, ${report.counts.consumed} consumed; exact p50 ${e2e.p50} ms, p99 ${e2e.p99} ms`,
  };
}
