/**
 * Message keys by strategy. Keys of a fixed key set are `key-<i>` for i in [0, count); their
 * Buffers are made once and reused, so choosing a key allocates nothing per message (and
 * nothing at all once every key has been seen).
 */
import type { Compra } from './compras.js';
import type { Random } from './random.js';

/** A producer's key strategy, as planned (the scenario's `keys` with its defaults). */
export type PlannedKeys =
  | { strategy: 'none' }
  | { strategy: 'round-robin'; count: number }
  | { strategy: 'random'; count: number }
  | { strategy: 'hot'; count: number; hotKeys: number; hotShare: number }
  | { strategy: 'zipf'; count: number; exponent: number }
  | { strategy: 'field'; field: 'customer' | 'product' | 'category' | 'store' | 'paymentMethod' };

/** Returns the key of the next message (null for no key). */
export type KeyChooser = (compra: Compra) => Buffer | null;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`key count must be an integer ≥ 1, got ${count}`);
}

/** Lazily filled cache of `key-<i>` Buffers. */
function createKeyCache(count: number): (index: number) => Buffer {
  const cache: Array<Buffer | undefined> = new Array<Buffer | undefined>(count);
  return (index) => (cache[index] ??= Buffer.from(`key-${index}`));
}

/**
 * Cumulative distribution of Zipf ranks 1..count with P(k) ∝ 1/k^exponent, normalised to 1
 * (entry k−1 = P(rank ≤ k)).
 */
export function zipfCdf(count: number, exponent: number): Float64Array {
  const cdf = new Float64Array(count);
  let total = 0;
  for (let k = 1; k <= count; k++) {
    total += 1 / k ** exponent;
    cdf[k - 1] = total;
  }
  for (let i = 0; i < count; i++) cdf[i] = (cdf[i] as number) / total;
  return cdf;
}

/** Smallest index i with cdf[i] > u (u in [0, 1)); the last index if rounding leaves none. */
function searchCdf(cdf: Float64Array, u: number): number {
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cdf[mid] as number) > u) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Creates the key chooser of a producer.
 *
 * - `none`: no key (null).
 * - `round-robin`: `key-0`, `key-1`, … `key-<count−1>`, then again from `key-0`.
 * - `random`: uniform over the `count` keys.
 * - `hot`: with probability `hotShare` one of the first `hotKeys` keys (uniformly), otherwise one
 *   of the other `count − hotKeys` keys (uniformly).
 * - `zipf`: rank k in 1..count with probability ∝ 1/k^exponent, as key `key-<k−1>`.
 * - `field`: the value of the event's field (e.g. its customer), as UTF-8.
 *
 * @param keys the producer's planned key strategy
 * @param random the stream the choices are drawn from; give it a stream of its own (not the
 *   one that builds the events), so the key strategy does not change the events
 */
export function createKeyChooser(keys: PlannedKeys, random: Random): KeyChooser {
  switch (keys.strategy) {
    case 'none':
      return () => null;
    case 'round-robin': {
      checkCount(keys.count);
      const keyAt = createKeyCache(keys.count);
      let next = 0;
      return () => {
        const key = keyAt(next);
        next = next + 1 === keys.count ? 0 : next + 1;
        return key;
      };
    }
    case 'random': {
      checkCount(keys.count);
      const keyAt = createKeyCache(keys.count);
      return () => keyAt(random.int(keys.count));
    }
    case 'hot': {
      checkCount(keys.count);
      const { count, hotShare } = keys;
      if (!(hotShare >= 0 && hotShare <= 1)) throw new RangeError(`hotShare must be within [0, 1], got ${hotShare}`);
      if (!Number.isInteger(keys.hotKeys) || keys.hotKeys < 0) throw new RangeError(`hotKeys must be an integer ≥ 0, got ${keys.hotKeys}`);
      const hotKeys = Math.min(keys.hotKeys, count);
      const coldKeys = count - hotKeys;
      const keyAt = createKeyCache(count);
      // With no hot (or no cold) keys every draw goes to the other set.
      const share = hotKeys === 0 ? 0 : coldKeys === 0 ? 1 : hotShare;
      return () => keyAt(random.next() < share ? random.int(hotKeys) : hotKeys + random.int(coldKeys));
    }
    case 'zipf': {
      checkCount(keys.count);
      if (!Number.isFinite(keys.exponent) || keys.exponent < 0) throw new RangeError(`zipf exponent must be a finite number ≥ 0, got ${keys.exponent}`);
      const cdf = zipfCdf(keys.count, keys.exponent);
      const keyAt = createKeyCache(keys.count);
      return () => keyAt(searchCdf(cdf, random.next()));
    }
    case 'field': {
      const { field } = keys;
      const cache = new Map<string, Buffer>();
      return (compra) => {
        const value = compra[field];
        let key = cache.get(value);
        if (key === undefined) {
          key = Buffer.from(value);
          cache.set(value, key);
        }
        return key;
      };
    }
  }
}
