/**
 * One shard's slice of a producer's schedule: of messages 0, 1, 2… of the whole schedule, slice
 * k of n sends messages k, k + n, k + 2n… as its own 0, 1, 2…, each at its intended time in the
 * whole schedule. The n slices together are the schedule exactly, message for message, whatever
 * its shape (constant, ramps). Pure.
 */
import type { Schedule } from './loads/schedule.js';

/** Slice `index` (0-based) of `count`. */
export interface ScheduleSlice {
  index: number;
  count: number;
}

/** How many of the whole schedule's first `messages` fall in `slice`. */
export function slicedCount(messages: number, slice: ScheduleSlice): number {
  return messages > slice.index ? Math.floor((messages - slice.index - 1) / slice.count) + 1 : 0;
}

export function slicedSchedule(whole: Schedule, slice: ScheduleSlice): Schedule {
  const { index, count } = slice;
  if (count === 1) return whole;
  return {
    startUs: whole.startUs,
    intendedTimeUs: (n) => whole.intendedTimeUs(n * count + index),
    dueCount: (nowUs) => slicedCount(whole.dueCount(nowUs), slice),
    rateAtUs: (us) => whole.rateAtUs(us) / count,
  };
}
