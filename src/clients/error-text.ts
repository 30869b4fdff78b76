/** Reading any client's errors without trusting their shape. Pure. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The error's message, or the value as text. */
export function textOf(value: unknown): string {
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return String(value);
}

