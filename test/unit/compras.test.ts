import { describe, expect, it } from 'vitest';
import { COMPRA_FIELDS, CUSTOMERS, PRODUCTS, createCompra, encodeCompra, validateCompra } from '../../src/workload/compras.js';
import { createRandom } from '../../src/workload/random.js';

describe('createCompra', () => {
  it('builds every field from the fixed arrays, with a consistent total', () => {
    const random = createRandom(7);
    for (let i = 0; i < 200; i++) {
      const compra = createCompra(random, `p-${i}`, 1_700_000_000_000);
      expect(Object.keys(compra).sort()).toEqual([...COMPRA_FIELDS].sort());
      expect(CUSTOMERS).toContain(compra.customer);
      const product = PRODUCTS.find((p) => p.product === compra.product);
      expect(product?.category).toBe(compra.category);
      expect(compra.total).toBeCloseTo(compra.unitPrice * compra.quantity, 2);
      expect(compra.quantity).toBeGreaterThanOrEqual(1);
      expect(compra.timestamp).toBe('2023-11-14T22:13:20.000Z');
      expect(validateCompra(compra)).toEqual([]);
    }
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const stream = (seed: number): string[] => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, (_, i) => JSON.stringify(createCompra(random, String(i), 0)));
    };
    expect(stream(1)).toEqual(stream(1));
    expect(stream(1)).not.toEqual(stream(2));
  });
});

describe('encodeCompra', () => {
  const compra = createCompra(createRandom(3), 'x-1', 0);

  it('pads to exactly the target size', () => {
    for (const size of [300, 1024, 4096]) {
      const encoded = encodeCompra(compra, size);
      expect(encoded.length).toBe(size);
      expect(validateCompra(JSON.parse(encoded.toString()))).toEqual([]);
    }
  });

  it('leaves events larger than the target as they are', () => {
    expect(encodeCompra(compra, 10).toString()).toBe(JSON.stringify(compra));
  });
});

describe('validateCompra', () => {
  it('names what is wrong', () => {
    expect(validateCompra(null)).toEqual(['not a JSON object']);
    expect(validateCompra({ ...createCompra(createRandom(1), 'a', 0), quantity: '2', timestamp: 'yesterday' })).toEqual([
      'quantity is not a number',
      'timestamp is not a date',
    ]);
  });
});
