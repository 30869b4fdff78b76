import { describe, expect, it } from 'vitest';
import { COMPRA_FIELDS, CUSTOMERS, PRODUCTS, createCompra, createCompraEncoder, encodeCompra, validateCompra, type Compra } from '../../src/workload/compras.js';
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

  /** Events of a stream, some with ids and values that need escaping or are not ASCII. */
  function events(count: number): Compra[] {
    const random = createRandom(11);
    return Array.from({ length: count }, (_, i) => {
      const event = createCompra(random, `3-${i}`, 1_700_000_000_000 + i * 7);
      if (i % 50 === 1) event.id = `quote"back\\slash-${i}`;
      if (i % 50 === 2) event.customer = 'josé.ñúñez';
      if (i % 50 === 3) event.store = 'tab\there\u0001';
      if (i % 50 === 4) event.total = Number.NaN;
      return event;
    });
  }

  it('writes exactly the bytes of JSON.stringify, escapes and non-ASCII text included', () => {
    for (const event of events(500)) {
      expect(encodeCompra(event).toString()).toBe(JSON.stringify(event));
      const padded = encodeCompra(event, 1024);
      expect(padded.length).toBe(1024);
      const { padding } = JSON.parse(padded.toString()) as { padding: string };
      expect(padding).toMatch(/^x+$/);
      expect(padded.toString()).toBe(JSON.stringify({ ...event, padding }));
    }
  });

  it('a reusing encoder gives the same bytes in one Buffer, event after event', () => {
    const encode = createCompraEncoder(700, true);
    let previous: Buffer | undefined;
    for (const event of events(300)) {
      const buffer = encode(event);
      expect(buffer.equals(encodeCompra(event, 700))).toBe(true);
      if (previous) expect(buffer).toBe(previous);
      previous = buffer;
    }
  });

  it('a reusing encoder falls back to a fresh Buffer for an event larger than its target', () => {
    const encode = createCompraEncoder(64, true);
    expect(encode(compra).toString()).toBe(JSON.stringify(compra));
    expect(encode(compra)).not.toBe(encode(compra));
  });

  it('a non-reusing encoder gives a new Buffer per event', () => {
    const encode = createCompraEncoder(1024, false);
    expect(encode(compra)).not.toBe(encode(compra));
    expect(encode(compra).equals(encodeCompra(compra, 1024))).toBe(true);
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
