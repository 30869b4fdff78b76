import { describe, expect, it } from 'vitest';
import { createKeyChooser, zipfCdf } from '../../src/workload/key-chooser.js';
import { createCompra, type Compra } from '../../src/workload/compras.js';
import { createRandom } from '../../src/workload/random.js';
import type { PlannedKeys } from '../../src/scenario/plan-types.js';

const DRAWS = 100_000;
const compra: Compra = createCompra(createRandom(1), 'p-0', 0);

/** Counts how often each key comes out in `draws` choices. */
function histogram(keys: PlannedKeys, seed = 42, draws = DRAWS): Map<string, number> {
  const choose = createKeyChooser(keys, createRandom(seed));
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const key = choose(compra)?.toString() ?? 'null';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const share = (counts: Map<string, number>, key: string): number => (counts.get(key) ?? 0) / DRAWS;

describe('createKeyChooser', () => {
  it('none gives no key', () => {
    expect(createKeyChooser({ strategy: 'none' }, createRandom(1))(compra)).toBeNull();
  });

  it('round-robin cycles through key-0 … key-(count−1) and reuses the Buffers', () => {
    const choose = createKeyChooser({ strategy: 'round-robin', count: 3 }, createRandom(1));
    const keys = Array.from({ length: 7 }, () => choose(compra));
    expect(keys.map((key) => key?.toString())).toEqual(['key-0', 'key-1', 'key-2', 'key-0', 'key-1', 'key-2', 'key-0']);
    expect(keys[3]).toBe(keys[0]); // same Buffer object: no allocation per message
  });

  it('random is uniform over the keys', () => {
    const counts = histogram({ strategy: 'random', count: 10 });
    expect(counts.size).toBe(10);
    for (let i = 0; i < 10; i++) expect(Math.abs(share(counts, `key-${i}`) - 0.1)).toBeLessThan(0.005);
  });

  it('hot sends hotShare of the messages to the hot keys, uniformly within each set', () => {
    const counts = histogram({ strategy: 'hot', count: 100, hotKeys: 5, hotShare: 0.8 });
    let hot = 0;
    for (let i = 0; i < 5; i++) hot += share(counts, `key-${i}`);
    expect(Math.abs(hot - 0.8)).toBeLessThan(0.01);
    for (let i = 0; i < 5; i++) expect(Math.abs(share(counts, `key-${i}`) - 0.16)).toBeLessThan(0.01);
    // The 95 cold keys share the remaining 20 % evenly (≈ 0.21 % each).
    for (let i = 5; i < 100; i++) expect(Math.abs(share(counts, `key-${i}`) - 0.2 / 95)).toBeLessThan(0.001);
    expect(counts.size).toBe(100);
  });

  it('hot with every key hot (or none) never picks outside the key set', () => {
    const allHot = histogram({ strategy: 'hot', count: 4, hotKeys: 4, hotShare: 0.5 }, 1, 10_000);
    expect([...allHot.keys()].sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3']);
    const noneHot = histogram({ strategy: 'hot', count: 4, hotKeys: 0, hotShare: 0.9 }, 1, 10_000);
    expect([...noneHot.keys()].sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3']);
  });

  it('zipf picks rank k with probability ∝ 1/k^s', () => {
    const count = 1000;
    const exponent = 1.1;
    let harmonic = 0;
    for (let k = 1; k <= count; k++) harmonic += 1 / k ** exponent;
    const counts = histogram({ strategy: 'zipf', count, exponent });
    expect(Math.abs(share(counts, 'key-0') - 1 / harmonic)).toBeLessThan(0.005);
    expect(Math.abs(share(counts, 'key-1') - 1 / (2 ** exponent * harmonic))).toBeLessThan(0.005);
    expect(Math.abs(share(counts, 'key-9') - 1 / (10 ** exponent * harmonic))).toBeLessThan(0.002);
    const cdf = zipfCdf(count, exponent);
    expect(cdf[count - 1]).toBeCloseTo(1, 12);
    expect(cdf[0]).toBeCloseTo(1 / harmonic, 12);
  });

  it('zipf with exponent 0 is uniform', () => {
    const counts = histogram({ strategy: 'zipf', count: 4, exponent: 0 });
    for (let i = 0; i < 4; i++) expect(Math.abs(share(counts, `key-${i}`) - 0.25)).toBeLessThan(0.01);
  });

  it('field keys are the event field value', () => {
    const random = createRandom(9);
    for (const field of ['customer', 'product', 'category', 'store', 'paymentMethod'] as const) {
      const choose = createKeyChooser({ strategy: 'field', field }, createRandom(1));
      for (let i = 0; i < 50; i++) {
        const event = createCompra(random, `p-${i}`, 0);
        expect(choose(event)?.toString()).toBe(event[field]);
      }
    }
    const choose = createKeyChooser({ strategy: 'field', field: 'customer' }, createRandom(1));
    expect(choose(compra)).toBe(choose({ ...compra })); // cached per value
  });

  it('gives the same key sequence for the same seed', () => {
    for (const keys of [
      { strategy: 'random', count: 50 },
      { strategy: 'hot', count: 50, hotKeys: 3, hotShare: 0.7 },
      { strategy: 'zipf', count: 50, exponent: 1 },
    ] satisfies PlannedKeys[]) {
      const sequence = (seed: number): Array<string | undefined> => {
        const choose = createKeyChooser(keys, createRandom(seed));
        return Array.from({ length: 200 }, () => choose(compra)?.toString());
      };
      expect(sequence(7)).toEqual(sequence(7));
      expect(sequence(7)).not.toEqual(sequence(8));
    }
  });

  it('rejects impossible key sets', () => {
    expect(() => createKeyChooser({ strategy: 'random', count: 0 }, createRandom(1))).toThrow(RangeError);
    expect(() => createKeyChooser({ strategy: 'hot', count: 10, hotKeys: 2, hotShare: 1.5 }, createRandom(1))).toThrow(RangeError);
    expect(() => createKeyChooser({ strategy: 'zipf', count: 10, exponent: -1 }, createRandom(1))).toThrow(RangeError);
  });
});
