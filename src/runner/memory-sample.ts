/** The memory samples of a run (`resources` in the report): the runner's and each worker's resident set size. */
import type { ResourceSample } from '../report/report-types.js';
import type { RunAggregator } from './run-aggregator.js';

/** A memory sample is taken at the start, every this many seconds of the run, and at its end. */
export const MEMORY_SAMPLE_INTERVAL_SECONDS = 10;

export function sampleMemory(second: number, aggregator: RunAggregator): ResourceSample {
  return {
    second,
    runnerRssBytes: process.memoryUsage.rss(),
    workers: aggregator.latestSnapshots().map((snapshot) => ({ workerId: snapshot.workerId, rssBytes: snapshot.rssBytes })),
  };
}
