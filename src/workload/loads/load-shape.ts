/**
 * What a load shape is: everything kbench does with one kind of `producers[].load`, in one file
 * per shape (`constant-load.ts`, `ramping-load.ts`, `unthrottled-load.ts`), registered in
 * `load-shapes.ts`. Validation, resolution, the producers, the runner and find-max read shapes
 * through the registry; none of them names one.
 */
import type { z } from 'zod';
import type { Schedule } from './schedule.js';

export interface LoadShape<S extends z.ZodType = z.ZodType, P extends { type: string } = { type: string }> {
  /** The scenario's schema of this shape: a section whose `type` is the shape's name. */
  schema: S;
  /** One producer instance's share of a group's load (the scenario's rates are the whole group's). */
  plan(input: z.output<S>, instances: number): P;
  /** The rates the scenario wrote (whole group), each with its path under `load`, for the bound on what one producer can send. */
  writtenRates(input: z.output<S>): Array<{ path: string; ratePerSec: number }>;
  /** The send schedule of one instance from `startUs`, or undefined when it sends whenever its in-flight bound allows (a closed loop). */
  createSchedule(planned: P, startUs: number): Schedule | undefined;
  /** The in-flight bound the shape sets itself (a closed loop's), or undefined for the runner's default. */
  maxInFlight(planned: P): number | undefined;
  /** Messages one instance is scheduled to send in `runMs`; undefined when open-ended. */
  scheduledMessages(planned: P, runMs: number): number | undefined;
  /** The highest rate of one instance, msg/s; undefined when it has none (a closed loop). */
  peakRatePerSec(planned: P): number | undefined;
  /** One line for the plan's console rendering, e.g. `constant 1,000 msg/s`. */
  describe(planned: P, format: { rate: (perSec: number) => string; count: (n: number) => string; durationMs: (ms: number) => string }): string;
}
