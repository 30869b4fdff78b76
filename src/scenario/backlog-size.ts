/**
 * The size of a consumer group's deliberate backlog (`consumers[i].backlog.size`): a message
 * count, bytes of record values, or a time. Pure; shared by validation and resolution.
 */
import { parseDuration } from '../util/durations.js';

/** A backlog size with its unit explicit. */
export type BacklogSize = { kind: 'messages'; messages: number } | { kind: 'bytes'; bytes: number } | { kind: 'time'; durationMs: number };

const BYTE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/** Parses `'200000 messages'`, `'100MB'`, `'64MiB'` or `'60s'`; undefined when the text is none of them or not above 0. */
export function parseBacklogSize(text: string): BacklogSize | undefined {
  const trimmed = text.trim();
  const messages = /^(\d+)\s*messages?$/i.exec(trimmed);
  if (messages) {
    const count = Number(messages[1]);
    return Number.isSafeInteger(count) && count > 0 ? { kind: 'messages', messages: count } : undefined;
  }
  const bytes = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i.exec(trimmed);
  if (bytes) {
    const factor = BYTE_UNITS[(bytes[2] as string).toUpperCase()] as number;
    const value = Math.round(Number(bytes[1]) * factor);
    return value > 0 ? { kind: 'bytes', bytes: value } : undefined;
  }
  const durationMs = parseDuration(trimmed);
  return durationMs !== undefined && durationMs > 0 ? { kind: 'time', durationMs } : undefined;
}

/** The size in words, e.g. `200,000 messages`, `100.0 MB`, `60 s`. */
export function describeBacklogSize(size: BacklogSize): string {
  switch (size.kind) {
    case 'messages':
      return `${size.messages.toLocaleString('en-US')} messages`;
    case 'bytes':
      return size.bytes >= 1e6 ? `${(size.bytes / 1e6).toFixed(1)} MB` : `${(size.bytes / 1e3).toFixed(1)} kB`;
    case 'time':
      return `${size.durationMs / 1000} s`;
  }
}
