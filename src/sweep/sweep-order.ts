/**
 * The order a sweep runs its variants in: interleaved, never all repeats of one variant in a row.
 * Round 1 runs the variants in grid order, round 2 in reverse, round 3 in grid order again…
 * (A B C D · D C B A · A B C D): over each pair of rounds every variant's mean position is the
 * same, so a slow drift of the machine or the cluster (heat, log segments, page cache) weighs on
 * every variant alike instead of on the ones run last. Pure.
 */

export interface ScheduledRun {
  /** 0-based position in the whole sweep. */
  sequence: number;
  /** 0-based round. */
  round: number;
  /** The variant's index (grid order). */
  variant: number;
}

/** Default number of rounds. */
export const DEFAULT_SWEEP_REPEAT = 2;
/** Most rounds one sweep may have. */
export const MAX_SWEEP_REPEAT = 20;

/** `repeat` rounds over `variantCount` variants, alternately forward and reversed. */
export function sweepRunOrder(variantCount: number, repeat: number): ScheduledRun[] {
  if (!Number.isInteger(variantCount) || variantCount < 1) throw new RangeError(`variantCount must be a positive integer, got ${variantCount}`);
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a positive integer, got ${repeat}`);
  const runs: ScheduledRun[] = [];
  for (let round = 0; round < repeat; round++) {
    const order = Array.from({ length: variantCount }, (_, index) => (round % 2 === 0 ? index : variantCount - 1 - index));
    for (const variant of order) runs.push({ sequence: runs.length, round, variant });
  }
  return runs;
}
