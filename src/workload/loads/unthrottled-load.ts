/** As fast as the client goes: a new message as soon as fewer than `maxInFlight` await their ack (a closed loop: no schedule). */
import { integer, oneOf, section } from '../../util/schema-kit.js';
import type { LoadShape } from './load-shape.js';

export interface PlannedUnthrottledLoad {
  type: 'unthrottled';
  /** Send whenever fewer than `maxInFlight` messages await their ack. */
  maxInFlight: number;
}

/** Bound on in-flight messages of an unthrottled producer when the scenario gives none. */
export const DEFAULT_UNTHROTTLED_MAX_IN_FLIGHT = 10_000;
/** Most messages one producer may have awaiting their ack: each holds its record and callback in memory (about 1 KB). */
export const MAX_IN_FLIGHT = 1_000_000;

const schema = section(
  {
    type: oneOf(['unthrottled'] as const),
    /** Bound on messages sent but not yet acknowledged, per producer, 1 to 1,000,000. @default 10000 */
    maxInFlight: integer(1, MAX_IN_FLIGHT).default(DEFAULT_UNTHROTTLED_MAX_IN_FLIGHT),
  },
  'a load such as { type: "unthrottled" }',
);

export const unthrottledLoad: LoadShape<typeof schema, PlannedUnthrottledLoad> = {
  schema,
  plan: (input) => ({ type: 'unthrottled', maxInFlight: input.maxInFlight }),
  writtenRates: () => [],
  createSchedule: () => undefined,
  maxInFlight: (planned) => planned.maxInFlight,
  scheduledMessages: () => undefined,
  peakRatePerSec: () => undefined,
  describe: (planned, format) => `unthrottled, at most ${format.count(planned.maxInFlight)} in flight`,
};
