/**
 * The send schedule of a planned load, from its shape (`loads/load-shapes.ts`); the schedule's
 * contract and helpers are in `loads/schedule.ts`.
 */
import { loadShapeOf, type PlannedLoad } from './loads/load-shapes.js';
import type { Schedule } from './loads/schedule.js';
import { slicedSchedule, type ScheduleSlice } from './sliced-schedule.js';

export type { Schedule } from './loads/schedule.js';

/**
 * The schedule of one producer's load from `startUs`, or undefined for a closed loop (a load that
 * sends whenever its in-flight bound allows, such as `unthrottled`); with `slice`, one shard's
 * slice of it (sliced-schedule.ts).
 */
export function scheduleOf(load: PlannedLoad, startUs: number, slice?: ScheduleSlice): Schedule | undefined {
  const whole = loadShapeOf(load).createSchedule(load, startUs);
  return whole !== undefined && slice !== undefined ? slicedSchedule(whole, slice) : whole;
}

/**
 * The schedule of a load that has one.
 *
 * @throws RangeError for a closed-loop load (it has no schedule), or negative / non-finite rates or durations
 */
export function createSchedule(load: PlannedLoad, startUs: number): Schedule {
  const schedule = scheduleOf(load, startUs);
  if (schedule === undefined) throw new RangeError(`a ${load.type} load has no rate schedule`);
  return schedule;
}
