/** Text from files must not drive the terminal: control characters shown as escapes. Pure. */

/** C0 controls but tab and newline, DEL, and C1 controls (one of them is a CSI on its own). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with control characters shown as `\u001b`-style escapes. */
export function escapeControlText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A copy of a JSON value whose strings (keys included) show control characters as escapes. */
export function escapeControlCharacters(value: unknown): unknown {
  if (typeof value === 'string') return escapeControlText(value);
  if (Array.isArray(value)) return value.map(escapeControlCharacters);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[escapeControlText(key)] = escapeControlCharacters(entry);
    return copy;
  }
  return value;
}
