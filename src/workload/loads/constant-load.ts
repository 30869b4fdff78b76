/** A fixed rate for the whole run (open model: sends are scheduled whether or not acks came back). */
import { oneOf, positive, section } from '../../util/schema-kit.js';
import type { LoadShape } from './load-shape.js';
import { US_PER_S, checkIndex, checkRate, correctDueCount, type Schedule } from './schedule.js';

export interface PlannedConstantLoad {
  type: 'constant';
  /** Messages per second for this one producer instance. */
  ratePerSec: number;
}

const schema = section(
  {
    type: oneOf(['constant'] as const),
    /** Messages per second, over all producers of this group together: at most 1,000,000 per producer instance. */
    ratePerSec: positive('messages per second'),
  },
  'a load such as { type: "constant", ratePerSec: 1000 }',
);

export const constantLoad: LoadShape<typeof schema, PlannedConstantLoad> = {
  schema,
  plan: (input, instances) => ({ type: 'constant', ratePerSec: input.ratePerSec / instances }),
  writtenRates: (input) => [{ path: 'ratePerSec', ratePerSec: input.ratePerSec }],
  createSchedule: (planned, startUs) => createConstantSchedule(planned.ratePerSec, startUs),
  maxInFlight: () => undefined,
  scheduledMessages: (planned, runMs) => Math.round((planned.ratePerSec * runMs) / 1000),
  peakRatePerSec: (planned) => planned.ratePerSec,
  describe: (planned, format) => `constant ${format.rate(planned.ratePerSec)} msg/s`,
};

export function createConstantSchedule(ratePerSec: number, startUs: number): Schedule {
  checkRate(ratePerSec, 'ratePerSec');
  const intendedTimeUs = (n: number): number | undefined => {
    checkIndex(n);
    return ratePerSec > 0 ? startUs + (n * US_PER_S) / ratePerSec : undefined;
  };
  return {
    startUs,
    intendedTimeUs,
    dueCount(nowUs) {
      if (ratePerSec === 0 || nowUs < startUs) return 0;
      return correctDueCount(Math.floor(((nowUs - startUs) * ratePerSec) / US_PER_S) + 1, nowUs, intendedTimeUs);
    },
    rateAtUs: (us) => (us < startUs ? 0 : ratePerSec),
  };
}
