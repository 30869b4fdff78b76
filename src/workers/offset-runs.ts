/**
 * Collects the offsets a consumer member consumed as runs of consecutive offsets per partition,
 * so the runner can count records consumed twice by a group (overlapping runs) with a few
 * numbers per partition and interval instead of one per record.
 */
import type { OffsetRun } from '../metrics/snapshot-types.js';

export class OffsetRunRecorder {
  /** The run being extended, per partition. */
  private readonly open = new Map<number, OffsetRun>();
  private closed: OffsetRun[] = [];

  /** Records one consumed offset. */
  add(partition: number, offset: number, atUs: number): void {
    this.addRange(partition, offset, offset, atUs);
  }

  /** Records the consumed offsets `fromOffset` to `toOffset` (inclusive, consecutive, consumed in that order): the same as adding each. */
  addRange(partition: number, fromOffset: number, toOffset: number, atUs: number): void {
    const run = this.open.get(partition);
    if (run !== undefined && fromOffset === run.toOffset + 1) {
      run.toOffset = toOffset;
      return;
    }
    if (run !== undefined) this.closed.push(run);
    this.open.set(partition, { partition, fromOffset, toOffset, firstAtUs: atUs });
  }

  /** Every run since the last call (open runs are cut here and continue in a new run). */
  take(): OffsetRun[] {
    const runs = this.closed;
    for (const run of this.open.values()) runs.push(run);
    this.open.clear();
    this.closed = [];
    return runs;
  }
}
