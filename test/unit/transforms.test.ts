/**
 * The pipeline transforms as pure functions: their settings schemas, what each emits for which
 * input (headers carried, values derived), the aggregate's windows, watermark, late inputs, flush,
 * checkpoint and rollback; and the headers stages write (hops, aggregates).
 */
import { describe, expect, it } from 'vitest';
import { PARSE_OPTIONS, fieldProblems } from '../../src/util/schema-kit.js';
import { CATEGORIES, PRODUCTS, createCompra, decodeCompra, encodeCompra, type Compra } from '../../src/workload/compras.js';
import { HOP_ENTRY_SIZE_BYTES, HOP_HEADER_NAME, appendHopEntry, decodeHopHeader } from '../../src/workload/hop-header.js';
import { MESSAGE_HEADER_NAME, encodeMessageHeader, type MessageHeader } from '../../src/workload/message-header.js';
import { createRandom } from '../../src/workload/random.js';
import { AGGREGATE_HEADER_NAME, addToDigest, decodeAggregateHeader, encodeAggregateHeader } from '../../src/workload/transforms/aggregate-header.js';
import { VAT_RATE_BY_CATEGORY, enrichCompra, spendTierOf } from '../../src/workload/transforms/enrich-transform.js';
import type { InputFate, Transform, TransformInput, TransformOutput, WindowedState } from '../../src/workload/transforms/transform.js';
import { TRANSFORMS, createTransform, describeTransform, transformSchema, type TransformSettings } from '../../src/workload/transforms/transforms.js';

const random = createRandom(42);

function compra(overrides: Partial<Compra> = {}): Compra {
  return { ...createCompra(random, 'p-1', 0), ...overrides };
}

function input(event: Compra, origin: MessageHeader = { producerIndex: 0, sequence: 0, intendedUs: 0 }, headers: Record<string, Buffer> = {}): TransformInput {
  return {
    compra: event,
    key: Buffer.from(event.customer),
    value: encodeCompra(event),
    headers: { [MESSAGE_HEADER_NAME]: encodeMessageHeader(origin), ...headers },
    origin,
    receivedUs: origin.intendedUs + 5,
  };
}

/** Feeds inputs one by one; every output emitted and every fate, in order. */
function feed(transform: Transform, inputs: TransformInput[]): { outputs: TransformOutput[]; fates: InputFate[] } {
  const outputs: TransformOutput[] = [];
  const fates = inputs.map((one) => transform.apply(one, (output) => outputs.push(output)));
  return { outputs, fates };
}

function parse(value: unknown): TransformSettings {
  const result = transformSchema.safeParse(value, PARSE_OPTIONS);
  if (!result.success) throw new Error(JSON.stringify(fieldProblems(result.error.issues)));
  return result.data;
}

function problems(value: unknown): string {
  const result = transformSchema.safeParse(value, PARSE_OPTIONS);
  return result.success ? '' : JSON.stringify(fieldProblems(result.error.issues));
}

const SECOND_US = 1_000_000;

describe('transform settings', () => {
  it('registers enrich, aggregate and filter, each described in one line', () => {
    expect(Object.keys(TRANSFORMS)).toEqual(['enrich', 'aggregate', 'filter']);
    expect(describeTransform(parse({ type: 'enrich' }))).toMatch(/^enrich/);
    expect(describeTransform(parse({ type: 'filter', categories: ['libros', 'hogar'] }))).toBe('filter: categories libros, hogar');
    expect(describeTransform(parse({ type: 'aggregate' }))).toBe('aggregate: count and sum per store per 1s window (grace 1s)');
  });

  it('fills the aggregate defaults: 1 s windows, 1 s grace', () => {
    expect(parse({ type: 'aggregate' })).toEqual({ type: 'aggregate', window: '1s', grace: '1s' });
  });

  it('refuses an unknown type, an unknown category with a did-you-mean, an empty category list and unknown keys', () => {
    expect(problems({ type: 'join' })).toContain('type');
    expect(problems({ type: 'filter', categories: ['electronics'] })).toContain('did you mean \\"electronica\\"');
    expect(problems({ type: 'filter', categories: [] })).toContain('categories');
    expect(problems({ type: 'enrich', vat: true })).toContain('unknown key');
    expect(problems({ type: 'aggregate', window: '0s' })).toContain('window');
  });

  it('gives every category at least one product and a VAT rate', () => {
    for (const category of CATEGORIES) {
      expect(PRODUCTS.some((product) => product.category === category)).toBe(true);
      expect(VAT_RATE_BY_CATEGORY[category]).toBeGreaterThan(0);
    }
  });
});

describe('decodeCompra', () => {
  it('reads back what encodeCompra wrote, padded or not', () => {
    const event = compra();
    expect(decodeCompra(encodeCompra(event))).toEqual(event);
    const padded = decodeCompra(encodeCompra(event, 400));
    expect(padded?.padding?.length).toBeGreaterThan(0);
    expect({ ...padded, padding: undefined }).toEqual({ ...event, padding: undefined });
  });

  it('refuses bytes that are not a purchase', () => {
    expect(decodeCompra(Buffer.from('not json'))).toBeUndefined();
    expect(decodeCompra(Buffer.from('{"id":"x"}'))).toBeUndefined();
  });
});

describe('enrich', () => {
  it('splits the VAT-inclusive total by the category rate and gives a spend tier', () => {
    expect(enrichCompra(compra({ category: 'electronica', total: 121 }))).toMatchObject({ vatRate: 0.21, netTotal: 100, vatAmount: 21, spendTier: 'high' });
    expect(enrichCompra(compra({ category: 'libros', total: 18.9 }))).toMatchObject({ vatRate: 0.04, netTotal: 18.17, vatAmount: 0.73, spendTier: 'low' });
    expect(enrichCompra(compra({ category: 'alimentacion', total: 20 }))).toMatchObject({ vatRate: 0.1, netTotal: 18.18, vatAmount: 1.82, spendTier: 'medium' });
    expect(enrichCompra(compra({ category: 'unknown', total: 12.1 }))).toMatchObject({ vatRate: 0.21, netTotal: 10 });
    expect([19.99, 20, 99.99, 100].map(spendTierOf)).toEqual(['low', 'medium', 'medium', 'high']);
  });

  it('keeps every field of the purchase and its padding last', () => {
    const event = { ...compra(), padding: 'xxxx' };
    const enriched = enrichCompra(event);
    expect(enriched).toMatchObject(event);
    expect(Object.keys(enriched).at(-1)).toBe('padding');
  });

  it('emits one record per input with its key, its kb header unchanged and its hops so far', () => {
    const hops = appendHopEntry(undefined, { stageIndex: 0, receivedUs: 1, sentUs: 2 });
    const one = input(compra({ category: 'hogar', total: 24.2 }), { producerIndex: 3, sequence: 9, intendedUs: 1234 }, { [HOP_HEADER_NAME]: hops, other: Buffer.from('x') });
    const { outputs, fates } = feed(createTransform(parse({ type: 'enrich' })), [one]);
    expect(fates).toEqual(['transformed']);
    expect(outputs).toHaveLength(1);
    const [output] = outputs as [TransformOutput];
    expect(output.key).toBe(one.key);
    expect(output.headers[MESSAGE_HEADER_NAME]).toBe(one.headers[MESSAGE_HEADER_NAME]);
    expect(output.headers[HOP_HEADER_NAME]).toBe(hops);
    expect(Object.keys(output.headers).sort()).toEqual([HOP_HEADER_NAME, MESSAGE_HEADER_NAME].sort());
    expect(output.intendedUs).toBe(1234);
    expect(JSON.parse(output.value.toString())).toMatchObject({ id: one.compra.id, netTotal: 20, vatAmount: 4.2, spendTier: 'medium' });
  });
});

describe('filter', () => {
  it('passes the kept categories as they were read and counts the others as filtered', () => {
    const transform = createTransform(parse({ type: 'filter', categories: ['electronica', 'libros'] }));
    const inputs = ['ropa', 'electronica', 'libros', 'hogar', 'electronica'].map((category, sequence) => input(compra({ category }), { producerIndex: 0, sequence, intendedUs: sequence }));
    const { outputs, fates } = feed(transform, inputs);
    expect(fates).toEqual(['filtered', 'transformed', 'transformed', 'filtered', 'transformed']);
    expect(outputs.map((output) => output.value)).toEqual([1, 2, 4].map((i) => inputs[i]?.value));
    expect(outputs[0]?.value).toBe(inputs[1]?.value);
    expect(outputs[0]?.headers[MESSAGE_HEADER_NAME]).toBe(inputs[1]?.headers[MESSAGE_HEADER_NAME]);
    expect(transform.state.kind).toBe('stateless');
  });
});

describe('aggregate', () => {
  const purchase = (store: string, total: number, intendedUs: number, sequence: number): TransformInput => input(compra({ store, total }), { producerIndex: 1, sequence, intendedUs });

  function aggregate(grace = '500ms'): { transform: Transform; state: WindowedState } {
    const transform = createTransform(parse({ type: 'aggregate', window: '1s', grace }));
    if (transform.state.kind !== 'windowed') throw new Error('the aggregate is windowed');
    return { transform, state: transform.state };
  }

  const values = (outputs: TransformOutput[]): unknown[] => outputs.map((output) => JSON.parse(output.value.toString()));

  it('emits one record per store and window once the intended time passes the window end plus grace, late inputs dropped', () => {
    const { transform, state } = aggregate();
    const first = feed(transform, [purchase('madrid-centro', 10.5, 100_000, 0), purchase('online', 5, 900_000, 1), purchase('madrid-centro', 2.25, 1_200_000, 2)]);
    expect(first.fates).toEqual(['aggregated', 'aggregated', 'aggregated']);
    expect(first.outputs).toEqual([]);
    expect(state.heldInputs()).toBe(3);

    const closing = feed(transform, [purchase('madrid-centro', 3, 1_600_000, 3)]);
    expect(values(closing.outputs)).toEqual([
      { store: 'madrid-centro', windowStartUs: 0, windowMs: 1000, count: 1, totalSum: 10.5 },
      { store: 'online', windowStartUs: 0, windowMs: 1000, count: 1, totalSum: 5 },
    ]);
    expect(closing.outputs.map((output) => output.key?.toString())).toEqual(['madrid-centro', 'online']);
    expect(state.heldInputs()).toBe(2);

    expect(feed(transform, [purchase('online', 1, 950_000, 4)]).fates).toEqual(['late']);

    const flushed: TransformOutput[] = [];
    state.flushAll((output) => flushed.push(output));
    expect(values(flushed)).toEqual([{ store: 'madrid-centro', windowStartUs: SECOND_US, windowMs: 1000, count: 2, totalSum: 5.25 }]);
    expect(state.heldInputs()).toBe(0);
  });

  it('carries the count, the intended time range and the digest of its inputs in the kba header', () => {
    const { transform, state } = aggregate();
    feed(transform, [purchase('online', 1, 2_300_000, 7), purchase('online', 2, 2_100_000, 8), purchase('online', 3, 2_900_000, 9)]);
    const outputs: TransformOutput[] = [];
    state.flushAll((output) => outputs.push(output));
    const header = decodeAggregateHeader(outputs[0]?.headers[AGGREGATE_HEADER_NAME]);
    const digest = [7, 8, 9].reduce((sum, sequence) => addToDigest(sum, 1, sequence), 0);
    expect(header).toEqual({ windowStartUs: 2 * SECOND_US, windowUs: SECOND_US, inputCount: 3, inputDigest: digest, minIntendedUs: 2_100_000, maxIntendedUs: 2_900_000 });
    expect(outputs[0]?.intendedUs).toBe(2_900_000);
    expect(outputs[0]?.headers[MESSAGE_HEADER_NAME]).toBeUndefined();
  });

  it('goes back to its checkpoint on rollback, emitted windows included', () => {
    const { transform, state } = aggregate('0s');
    feed(transform, [purchase('online', 1, 100_000, 0), purchase('online', 2, 200_000, 1)]);
    state.checkpoint();
    const after = feed(transform, [purchase('online', 4, 1_100_000, 2)]);
    expect(values(after.outputs)).toEqual([{ store: 'online', windowStartUs: 0, windowMs: 1000, count: 2, totalSum: 3 }]);
    state.rollback();
    expect(state.heldInputs()).toBe(2);
    const replayed = feed(transform, [purchase('online', 4, 1_100_000, 2)]);
    expect(values(replayed.outputs)).toEqual(values(after.outputs));
    state.rollback();
    state.rollback();
    expect(state.heldInputs()).toBe(2);
  });
});

describe('stage headers', () => {
  it('hop entries append in stage order and decode back', () => {
    const first = appendHopEntry(undefined, { stageIndex: 0, receivedUs: 10.5, sentUs: 20 });
    const second = appendHopEntry(first, { stageIndex: 1, receivedUs: 30, sentUs: 45.25 });
    expect(first.length).toBe(HOP_ENTRY_SIZE_BYTES);
    expect(decodeHopHeader(second)).toEqual([
      { stageIndex: 0, receivedUs: 10.5, sentUs: 20 },
      { stageIndex: 1, receivedUs: 30, sentUs: 45.25 },
    ]);
    expect(decodeHopHeader(first)).toHaveLength(1);
    expect(decodeHopHeader(Buffer.alloc(5))).toBeUndefined();
    expect(decodeHopHeader(undefined)).toBeUndefined();
    expect(() => appendHopEntry(undefined, { stageIndex: 70_000, receivedUs: 0, sentUs: 0 })).toThrow(RangeError);
  });

  it('the aggregate header round-trips; its digest ignores order and sees a duplicate or a swap', () => {
    const header = { windowStartUs: 5e12, windowUs: SECOND_US, inputCount: 3, inputDigest: 0xdeadbeef, minIntendedUs: 5e12 + 1.5, maxIntendedUs: 5e12 + 999_999 };
    expect(decodeAggregateHeader(encodeAggregateHeader(header))).toEqual(header);
    expect(decodeAggregateHeader(Buffer.alloc(39))).toBeUndefined();
    const ab = addToDigest(addToDigest(0, 1, 5), 2, 2 ** 40 + 7);
    expect(addToDigest(addToDigest(0, 2, 2 ** 40 + 7), 1, 5)).toBe(ab);
    expect(addToDigest(addToDigest(0, 1, 5), 1, 5)).not.toBe(ab);
    expect(addToDigest(addToDigest(0, 1, 6), 2, 2 ** 40 + 7)).not.toBe(ab);
  });
});
