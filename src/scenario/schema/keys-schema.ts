/** `producers[].keys`: how each message gets its key, one schema per strategy. */
import { MAX_KEY_COUNT } from './limits.js';
import { checked, integer, isFiniteNumber, oneOf, positive, section, show, variants } from '../../util/schema-kit.js';

/** Distinct keys, 1 to 1,000,000. */
const count = integer(1, MAX_KEY_COUNT);
const example = (text: string): string => `a key strategy such as ${text}`;

const KEY_STRATEGIES = {
  /** Every message without a key: the client spreads them over partitions. */
  none: section({ strategy: oneOf(['none'] as const) }, example('{ strategy: "none" }')),
  /** Keys `key-0` … `key-(count-1)` in turn. */
  'round-robin': section({ strategy: oneOf(['round-robin'] as const), count }, example('{ strategy: "round-robin", count: 100 }')),
  /** A key drawn uniformly from `count` keys. */
  random: section({ strategy: oneOf(['random'] as const), count }, example('{ strategy: "random", count: 1000 }')),
  /** Skewed keys: `hotShare` of the traffic goes to the `hotKeys` first keys, the rest spreads over the others. */
  hot: section(
    {
      strategy: oneOf(['hot'] as const),
      count,
      /** How many keys are hot. */
      hotKeys: integer(1),
      /** Share of messages on the hot keys, between 0 and 1 (0.9 = 90 %). */
      hotShare: checked<number>((x) => (isFiniteNumber(x) && x > 0 && x < 1 ? undefined : `expected a share between 0 and 1 such as 0.9, got ${show(x)}`)),
    },
    example('{ strategy: "hot", count: 100, hotKeys: 10, hotShare: 0.9 }'),
  ).superRefine((keys, ctx) => {
    if (keys.hotKeys >= keys.count) ctx.addIssue({ code: 'custom', path: ['hotKeys'], message: `expected fewer hot keys than keys (count is ${keys.count}), got ${keys.hotKeys}` });
  }),
  /** Zipf-distributed keys: key of rank k is drawn with probability ∝ 1/k^exponent. */
  zipf: section(
    {
      strategy: oneOf(['zipf'] as const),
      count,
      /** @default 1 */
      exponent: positive('', 'exponent').default(1),
    },
    example('{ strategy: "zipf", count: 1000 }'),
  ),
  /** The value of a field of the event as key, e.g. `'customer'`: keeps each customer's purchases in order. */
  field: section({ strategy: oneOf(['field'] as const), field: oneOf(['customer', 'product', 'category', 'store', 'paymentMethod'] as const) }, example('{ strategy: "field", field: "customer" }')),
};

export const keysSchema = variants('strategy', KEY_STRATEGIES, example('{ strategy: "random", count: 1000 }'));
