/**
 * `producers[].load`: the load shapes, one schema each, chosen by `type`. Adding a shape: its
 * schema here (one entry of `LOAD_SHAPES`), its plan in `plan-types.ts`, its resolution in
 * `resolve-scenario.ts` and its send schedule in `workload/rate-schedule.ts`.
 */
import { MAX_IN_FLIGHT } from './limits.js';
import { duration, integer, list, nonNegative, oneOf, positive, section, variants } from './schema-kit.js';

const RATE = 'messages per second';
/** Bound on in-flight messages of an unthrottled producer when the scenario gives none. */
export const DEFAULT_UNTHROTTLED_MAX_IN_FLIGHT = 10_000;

/** A fixed rate for the whole run (open model: sends are scheduled whether or not acks came back). */
const constantLoad = section(
  {
    type: oneOf(['constant'] as const),
    /** Messages per second, over all producers of this group together: at most 1,000,000 per producer instance. */
    ratePerSec: positive(RATE),
  },
  'a load such as { type: "constant", ratePerSec: 1000 }',
);

const STAGE = 'a stage such as { duration: "1m", targetRatePerSec: 1000 }';
const rampStage = section(
  {
    /** How long this stage takes (longer than 0). */
    duration: duration(true),
    /** The rate (messages/s, whole group) reached at the end of this stage, changing linearly from the previous one. 0 or more: ramp down to 0 to stop. */
    targetRatePerSec: nonNegative(RATE),
  },
  STAGE,
);

/**
 * A rate that changes over stages, linearly within each. The stages start with the warm-up; past the
 * last stage the rate stays at the last target until the run ends. At least one rate must be above 0.
 */
const rampingLoad = section(
  {
    type: oneOf(['ramping'] as const),
    /** Rate at the start of the first stage. @default 0 */
    startRatePerSec: nonNegative(RATE).default(0),
    stages: list(rampStage, `a non-empty array of stages such as { duration: "1m", targetRatePerSec: 1000 }`, 1),
  },
  'a load such as { type: "ramping", stages: [{ duration: "1m", targetRatePerSec: 1000 }] }',
).superRefine((load, ctx) => {
  if (load.stages.length > 0 && load.startRatePerSec === 0 && load.stages.every((stage) => stage.targetRatePerSec === 0)) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'every rate of this ramp is 0: the group would send nothing' });
  }
});

/** As fast as the client goes: a new message as soon as fewer than `maxInFlight` await their ack. */
const unthrottledLoad = section(
  {
    type: oneOf(['unthrottled'] as const),
    /** Bound on messages sent but not yet acknowledged, per producer. @default 10000 */
    maxInFlight: integer(1, MAX_IN_FLIGHT).default(DEFAULT_UNTHROTTLED_MAX_IN_FLIGHT),
  },
  'a load such as { type: "unthrottled" }',
);

export const LOAD_SHAPES = { constant: constantLoad, ramping: rampingLoad, unthrottled: unthrottledLoad };

export const loadSchema = variants('type', LOAD_SHAPES, 'a load such as { type: "constant", ratePerSec: 1000 }');
