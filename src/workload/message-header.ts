/**
 * kbench's per-message header: one binary Kafka header named `kb`, 20 bytes, big-endian:
 *
 * | offset | size | field                                              |
 * |-------:|-----:|----------------------------------------------------|
 * |      0 |    4 | producer index (uint32)                            |
 * |      4 |    8 | sequence number (float64; exact integers to 2^53)  |
 * |     12 |    8 | intended send time, monotonic µs (float64, clock.ts) |
 *
 * Consumers read it to measure end-to-end latency from the intended send time and to verify
 * delivery (no loss, no duplicates, order per producer); records without it are foreign.
 */

/** Name of kbench's Kafka header. */
export const MESSAGE_HEADER_NAME = 'kb';

/** Size of the header value, bytes. */
export const MESSAGE_HEADER_SIZE_BYTES = 20;

export interface MessageHeader {
  /** Index of the producer in the run (PlannedProducer.index), a uint32. */
  producerIndex: number;
  /** 0-based number of the message in its producer's stream (its schedule index). */
  sequence: number;
  /** Intended send time, monotonic µs (may be fractional). */
  intendedUs: number;
}

/**
 * Encodes the header value (one 20-byte Buffer).
 *
 * @throws RangeError when `producerIndex` is not a uint32
 */
export function encodeMessageHeader(header: MessageHeader): Buffer {
  return writeMessageHeader(Buffer.allocUnsafe(MESSAGE_HEADER_SIZE_BYTES), header.producerIndex, header.sequence, header.intendedUs);
}

/**
 * Writes the header value into `target` (at least 20 bytes) and returns it: for a producer that
 * reuses one Buffer, with a client that copies header bytes when it accepts a record.
 *
 * @throws RangeError when `producerIndex` is not a uint32
 */
export function writeMessageHeader(target: Buffer, producerIndex: number, sequence: number, intendedUs: number): Buffer {
  target.writeUInt32BE(producerIndex, 0);
  target.writeDoubleBE(sequence, 4);
  target.writeDoubleBE(intendedUs, 12);
  return target;
}

/**
 * Decodes a header value. Returns undefined for a missing value, a value that is not 20 bytes
 * (a string header, another tool's `kb`), or one whose sequence is not a non-negative integer
 * or whose time is not finite.
 */
export function decodeMessageHeader(value: Uint8Array | string | null | undefined): MessageHeader | undefined {
  const header: MessageHeader = { producerIndex: 0, sequence: 0, intendedUs: 0 };
  return readMessageHeader(value, header) ? header : undefined;
}

/** One float64 and its bytes, for reading the header's big-endian doubles without Buffer's per-call checks. */
const scratchDouble = new Float64Array(1);
const scratchBytes = new Uint8Array(scratchDouble.buffer);
/** Whether this machine stores a float64 little-endian (then the header's bytes are copied in reverse). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The big-endian float64 at `offset` of `bytes` (at least offset + 8 long). */
function doubleBE(bytes: Uint8Array, offset: number): number {
  if (LITTLE_ENDIAN) {
    for (let i = 0; i < 8; i++) scratchBytes[7 - i] = bytes[offset + i] as number;
  } else {
    for (let i = 0; i < 8; i++) scratchBytes[i] = bytes[offset + i] as number;
  }
  return scratchDouble[0] as number;
}

/**
 * Decodes a header value into `into` without allocating (a consumer reads one per record):
 * true when it is kbench's header, false for what {@link decodeMessageHeader} refuses (`into`
 * is then left with meaningless values).
 */
export function readMessageHeader(value: Uint8Array | string | null | undefined, into: MessageHeader): boolean {
  if (value === null || value === undefined || typeof value === 'string' || value.byteLength !== MESSAGE_HEADER_SIZE_BYTES) return false;
  const sequence = doubleBE(value, 4);
  const intendedUs = doubleBE(value, 12);
  if (!Number.isSafeInteger(sequence) || sequence < 0 || !Number.isFinite(intendedUs)) return false;
  into.producerIndex = (((value[0] as number) << 24) >>> 0) + (((value[1] as number) << 16) | ((value[2] as number) << 8) | (value[3] as number));
  into.sequence = sequence;
  into.intendedUs = intendedUs;
  return true;
}
