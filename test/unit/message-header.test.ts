import { describe, expect, it } from 'vitest';
import { MESSAGE_HEADER_NAME, MESSAGE_HEADER_SIZE_BYTES, decodeMessageHeader, encodeMessageHeader, readMessageHeader, writeMessageHeader } from '../../src/workload/message-header.js';

describe('message header', () => {
  it('is a 20-byte header named kb', () => {
    expect(MESSAGE_HEADER_NAME).toBe('kb');
    expect(MESSAGE_HEADER_SIZE_BYTES).toBe(20);
  });

  it('round-trips every field, including large and fractional values', () => {
    for (const header of [
      { producerIndex: 0, sequence: 0, intendedUs: 0 },
      { producerIndex: 7, sequence: 123_456, intendedUs: 123_456_789_012.375 },
      { producerIndex: 0xffff_ffff, sequence: Number.MAX_SAFE_INTEGER, intendedUs: 2 ** 52 + 1 },
    ]) {
      const encoded = encodeMessageHeader(header);
      expect(encoded.length).toBe(20);
      expect(decodeMessageHeader(encoded)).toEqual(header);
    }
  });

  it('writes into a reused Buffer the same bytes as a fresh one', () => {
    const reused = Buffer.alloc(MESSAGE_HEADER_SIZE_BYTES, 0xff);
    for (const header of [
      { producerIndex: 1, sequence: 5, intendedUs: 10.5 },
      { producerIndex: 2, sequence: 6, intendedUs: 11 },
    ]) {
      expect(writeMessageHeader(reused, header.producerIndex, header.sequence, header.intendedUs)).toBe(reused);
      expect(reused.equals(encodeMessageHeader(header))).toBe(true);
    }
  });

  it('lays the fields out big-endian', () => {
    const encoded = encodeMessageHeader({ producerIndex: 0x01020304, sequence: 1, intendedUs: 2 });
    expect([...encoded.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect(encoded.readDoubleBE(4)).toBe(1);
    expect(encoded.readDoubleBE(12)).toBe(2);
  });

  it('decodes from a plain Uint8Array view at an offset', () => {
    const encoded = encodeMessageHeader({ producerIndex: 3, sequence: 99, intendedUs: 5.5 });
    const backing = new Uint8Array(64);
    backing.set(encoded, 10);
    expect(decodeMessageHeader(backing.subarray(10, 30))).toEqual({ producerIndex: 3, sequence: 99, intendedUs: 5.5 });
  });

  it('rejects missing, wrong-size, string and corrupt values', () => {
    const encoded = encodeMessageHeader({ producerIndex: 1, sequence: 2, intendedUs: 3 });
    expect(decodeMessageHeader(undefined)).toBeUndefined();
    expect(decodeMessageHeader(null)).toBeUndefined();
    expect(decodeMessageHeader(Buffer.alloc(0))).toBeUndefined();
    expect(decodeMessageHeader(encoded.subarray(0, 19))).toBeUndefined();
    expect(decodeMessageHeader(Buffer.concat([encoded, Buffer.alloc(1)]))).toBeUndefined();
    expect(decodeMessageHeader('12345678901234567890')).toBeUndefined();
    const corrupt = Buffer.from(encoded);
    corrupt.writeDoubleBE(Number.NaN, 12);
    expect(decodeMessageHeader(corrupt)).toBeUndefined();
    corrupt.writeDoubleBE(1.5, 4);
    expect(decodeMessageHeader(corrupt)).toBeUndefined();
  });

  it('refuses a producer index that is not a uint32', () => {
    expect(() => encodeMessageHeader({ producerIndex: -1, sequence: 0, intendedUs: 0 })).toThrow(RangeError);
    expect(() => encodeMessageHeader({ producerIndex: 2 ** 32, sequence: 0, intendedUs: 0 })).toThrow(RangeError);
  });
});

describe('readMessageHeader (no allocation per record)', () => {
  it('reads what decodeMessageHeader decodes into the object given, and refuses what it refuses', () => {
    const into = { producerIndex: -1, sequence: -1, intendedUs: -1 };
    const header = { producerIndex: 9, sequence: 1_234, intendedUs: 56.5 };
    expect(readMessageHeader(encodeMessageHeader(header), into)).toBe(true);
    expect(into).toEqual(header);
    const backing = new Uint8Array(40);
    backing.set(encodeMessageHeader({ producerIndex: 1, sequence: 2, intendedUs: 3 }), 7);
    expect(readMessageHeader(backing.subarray(7, 27), into)).toBe(true);
    expect(into).toEqual({ producerIndex: 1, sequence: 2, intendedUs: 3 });
    const negative = encodeMessageHeader({ producerIndex: 1, sequence: 0, intendedUs: 3 });
    negative.writeDoubleBE(-1, 4);
    for (const refused of [undefined, null, 'kb', Buffer.alloc(19), negative]) expect(readMessageHeader(refused, into)).toBe(false);
  });
});
