/**
 * Which offsets of each partition a consumer group has consumed, as disjoint ranges, so that a
 * record consumed twice (a re-delivery after a rebalance, a member resuming from an older
 * committed offset) is counted exactly. Memory grows with the number of holes, not of records:
 * a group reading a partition in order keeps one range per partition.
 */
import type { OffsetRun } from './snapshot-types.js';

/** Records consumed again: how many, in which partition, and when the run holding them began. */
export interface DuplicateRun {
  partition: number;
  count: number;
  atUs: number;
}

export class OffsetCoverage {
  /** Per partition: sorted, disjoint, non-adjacent inclusive ranges [from, to]. */
  private readonly ranges = new Map<number, Array<[number, number]>>();
  private duplicatesTotal = 0;

  get duplicates(): number {
    return this.duplicatesTotal;
  }

  /** Adds one run of consumed offsets; returns how many of them had been consumed before. */
  add(run: OffsetRun): number {
    const list = this.ranges.get(run.partition) ?? [];
    this.ranges.set(run.partition, list);
    let from = run.fromOffset;
    let to = run.toOffset;
    let overlap = 0;
    let insertAt = 0;
    const kept: Array<[number, number]> = [];
    for (const range of list) {
      const [start, end] = range;
      if (end < from - 1) {
        kept.push(range);
        insertAt = kept.length;
      } else if (start > to + 1) {
        kept.push(range);
      } else {
        overlap += Math.max(0, Math.min(end, run.toOffset) - Math.max(start, run.fromOffset) + 1);
        from = Math.min(from, start);
        to = Math.max(to, end);
      }
    }
    kept.splice(insertAt, 0, [from, to]);
    this.ranges.set(run.partition, kept);
    this.duplicatesTotal += overlap;
    return overlap;
  }

  /** Ranges kept for a partition (for tests and diagnostics). */
  rangesOf(partition: number): ReadonlyArray<readonly [number, number]> {
    return this.ranges.get(partition) ?? [];
  }
}
