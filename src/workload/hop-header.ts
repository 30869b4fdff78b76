/**
 * The hops a record took through pipeline stages: one binary Kafka header named `kbh`, a list of
 * 18-byte entries, big-endian, one appended by each stage that wrote the record (the first stage's
 * entry first):
 *
 * | offset | size | field                                                      |
 * |-------:|-----:|------------------------------------------------------------|
 * |      0 |    2 | stage index in its pipeline (uint16)                       |
 * |      2 |    8 | when the stage received the input, monotonic µs (float64)   |
 * |     10 |    8 | when the stage handed the output to its producer, µs        |
 *
 * With the `kb` header's intended send time, a final consumer splits end-to-end latency by hop:
 * into stage i = entry[i].receivedUs − (entry[i−1].sentUs, or the intended time for i = 0); within
 * stage i = entry[i].sentUs − entry[i].receivedUs; out of the last stage = consumed − its sentUs.
 * Every time is on the machine's one monotonic clock (metrics/clock.ts): hops are only comparable
 * when every stage ran on the same machine.
 */

/** Name of the hop header. */
export const HOP_HEADER_NAME = 'kbh';

/** Size of one stage's entry, bytes. */
export const HOP_ENTRY_SIZE_BYTES = 18;

/** Largest stage index an entry holds (uint16). */
export const MAX_STAGE_INDEX = 0xffff;

/** One stage's passage of a record. */
export interface HopEntry {
  /** The stage's place in its pipeline, 0 first. */
  stageIndex: number;
  /** When the stage received the input record, monotonic µs. */
  receivedUs: number;
  /** When the stage handed the output record to its producer, monotonic µs. */
  sentUs: number;
}

/**
 * The header value with `entry` after the entries of `previous` (the input's header; undefined
 * when the input came straight from a producer). A new Buffer: `previous` is left as it is.
 *
 * @throws RangeError when `stageIndex` is not an integer from 0 to {@link MAX_STAGE_INDEX}
 */
export function appendHopEntry(previous: Uint8Array | undefined, entry: HopEntry): Buffer {
  const before = previous?.byteLength ?? 0;
  const value = Buffer.allocUnsafe(before + HOP_ENTRY_SIZE_BYTES);
  if (previous !== undefined) value.set(previous, 0);
  value.writeUInt16BE(entry.stageIndex, before);
  value.writeDoubleBE(entry.receivedUs, before + 2);
  value.writeDoubleBE(entry.sentUs, before + 10);
  return value;
}

/**
 * The entries of a header value, first stage first; undefined for a missing or empty value, a
 * string, or a length that is not a whole number of entries (another tool's `kbh`).
 */
export function decodeHopHeader(value: Uint8Array | string | null | undefined): HopEntry[] | undefined {
  if (value === null || value === undefined || typeof value === 'string') return undefined;
  if (value.byteLength === 0 || value.byteLength % HOP_ENTRY_SIZE_BYTES !== 0) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const entries: HopEntry[] = [];
  for (let at = 0; at < bytes.length; at += HOP_ENTRY_SIZE_BYTES) {
    entries.push({ stageIndex: bytes.readUInt16BE(at), receivedUs: bytes.readDoubleBE(at + 2), sentUs: bytes.readDoubleBE(at + 10) });
  }
  return entries;
}
