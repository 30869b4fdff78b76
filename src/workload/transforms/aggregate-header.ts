/**
 * What an aggregate output carries for the delivery check: one binary Kafka header named `kba`,
 * 40 bytes, big-endian:
 *
 * | offset | size | field                                                           |
 * |-------:|-----:|-----------------------------------------------------------------|
 * |      0 |    8 | window start, intended time, monotonic µs (float64)              |
 * |      8 |    8 | window length, µs (float64)                                      |
 * |     16 |    4 | inputs counted in the window (uint32)                            |
 * |     20 |    4 | input digest (uint32): {@link addToDigest} over those inputs     |
 * |     24 |    8 | earliest intended send time among them, µs (float64)             |
 * |     32 |    8 | latest intended send time among them, µs (float64)               |
 *
 * How a check recognises lost or duplicated inputs of a window (store, window start): the inputs
 * it should hold are the acknowledged input messages of that store whose intended time falls in
 * the window. Fewer counted = inputs lost (dropped as late, lost before the stage, or held at a
 * crash); more = inputs counted twice (a replay over state that already held them). The digest
 * is order-independent (a sum mod 2^32 of a hash of each input's producer and sequence), so a
 * loss and a duplicate that leave the count right still differ from the expected digest. The same
 * (store, window) in two outputs is a duplicated aggregate (a replay after outputs were acked).
 */

/** Name of the aggregate header. */
export const AGGREGATE_HEADER_NAME = 'kba';

/** Size of the header value, bytes. */
export const AGGREGATE_HEADER_SIZE_BYTES = 40;

export interface AggregateHeader {
  /** Start of the window, on the inputs' intended-time axis, monotonic µs. */
  windowStartUs: number;
  windowUs: number;
  inputCount: number;
  /** {@link addToDigest} over every input counted. */
  inputDigest: number;
  minIntendedUs: number;
  maxIntendedUs: number;
}

/** Encodes the header value (one 40-byte Buffer). */
export function encodeAggregateHeader(header: AggregateHeader): Buffer {
  const value = Buffer.allocUnsafe(AGGREGATE_HEADER_SIZE_BYTES);
  value.writeDoubleBE(header.windowStartUs, 0);
  value.writeDoubleBE(header.windowUs, 8);
  value.writeUInt32BE(header.inputCount, 16);
  value.writeUInt32BE(header.inputDigest, 20);
  value.writeDoubleBE(header.minIntendedUs, 24);
  value.writeDoubleBE(header.maxIntendedUs, 32);
  return value;
}

/** Decodes a header value; undefined for a missing value or one that is not 40 bytes. */
export function decodeAggregateHeader(value: Uint8Array | string | null | undefined): AggregateHeader | undefined {
  if (value === null || value === undefined || typeof value === 'string' || value.byteLength !== AGGREGATE_HEADER_SIZE_BYTES) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return {
    windowStartUs: bytes.readDoubleBE(0),
    windowUs: bytes.readDoubleBE(8),
    inputCount: bytes.readUInt32BE(16),
    inputDigest: bytes.readUInt32BE(20),
    minIntendedUs: bytes.readDoubleBE(24),
    maxIntendedUs: bytes.readDoubleBE(32),
  };
}

/** murmur3's 32-bit finaliser: every input bit moves every output bit. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_TO_32 = 2 ** 32;

/** `digest` with one more input (producer index, sequence): order-independent, so a check can compute it from a set. */
export function addToDigest(digest: number, producerIndex: number, sequence: number): number {
  const low = sequence % TWO_TO_32;
  const high = Math.floor(sequence / TWO_TO_32);
  return (digest + mix32(mix32(mix32(producerIndex) ^ low) ^ high)) >>> 0;
}
