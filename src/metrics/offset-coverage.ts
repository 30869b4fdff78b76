/**
 * Which offsets of each partition a consumer group has consumed, so that a record consumed
 * twice (a re-delivery after a rebalance, a member resuming from an older committed offset) is
 * counted exactly, with a few ranges per partition (see IntervalSet).
 */
import { IntervalSet } from './interval-set.js';
import type { OffsetRun } from './snapshot-types.js';

/** Records consumed again: how many, in which partition, and when the run holding them began. */
export interface DuplicateRun {
  partition: number;
  count: number;
  atUs: number;
}

export class OffsetCoverage {
  private readonly partitions = new Map<number, IntervalSet>();
  private duplicatesTotal = 0;

  get duplicates(): number {
    return this.duplicatesTotal;
  }

  /** Adds one run of consumed offsets; returns how many of them had been consumed before. */
  add(run: OffsetRun): number {
    let set = this.partitions.get(run.partition);
    if (!set) this.partitions.set(run.partition, (set = new IntervalSet()));
    const overlap = set.add(run.fromOffset, run.toOffset);
    this.duplicatesTotal += overlap;
    return overlap;
  }

  /** The offsets of a partition consumed so far (an empty set when none). */
  consumedOf(partition: number): IntervalSet {
    return this.partitions.get(partition) ?? new IntervalSet();
  }

  /** Ranges kept for a partition (for tests and diagnostics). */
  rangesOf(partition: number): ReadonlyArray<readonly [number, number]> {
    return this.partitions.get(partition)?.toRanges() ?? [];
  }
}
