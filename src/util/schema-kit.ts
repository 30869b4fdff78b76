/**
 * The small vocabulary the scenario schema is written in: zod schemas whose messages say what was
 * expected and show what was received (`expected an integer from 1 to 64, got 100`), and the
 * conversion of zod's issues into kbench's `{ path, message }` (unknown keys with a "did you
 * mean"). Secrets are never shown: values under secret-looking keys are masked. Pure.
 */
import { z } from 'zod';
import { REDACTED, isSecretKey } from './secret-names.js';
import { closestName } from './edit-distance.js';
import { MAX_TIMER_MS, parseDuration } from './durations.js';


/** One problem in a scenario: where (`producers[0].load.ratePerSec`) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A problem below a field, its path relative to that field. */
export interface FieldProblem {
  path: Array<string | number>;
  message: string;
}

/** Returns what is wrong with a (present) value, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

/** A field checked by `check`, typed `T` for editors; missing, it is `required` (use `.optional()`). */
export function checked<T>(check: Check): z.ZodType<T, T> {
  return z.custom<T>((x) => x !== undefined && check(x) === undefined, {
    error: (issue) => (issue.input === undefined ? 'required' : (check(issue.input) ?? 'invalid')),
  });
}

/** A field whose problems `inspect` lists, each at its path below the field; typed `T`. */
export function inspected<T>(inspect: (value: unknown) => FieldProblem[]): z.ZodType<T, T> {
  return z.unknown().transform((value, ctx) => {
    const problems = inspect(value);
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    return problems.length > 0 ? z.NEVER : (value as T);
  }) as unknown as z.ZodType<T, T>;
}

/** An object with exactly these keys (unknown keys are refused with a "did you mean"); `expected` describes it in messages. */
export function section<S extends z.ZodRawShape>(shape: S, expected: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code !== 'invalid_type' ? undefined : issue.input === undefined ? 'required' : `expected ${expected}, got ${show(issue.input)}`),
  });
}

/**
 * One of several objects, chosen by the string at `key` (`type`, `strategy`, `action`): an
 * unknown or missing tag is reported on the tag alone, then the chosen variant's own rules apply.
 */
export function variants<const V extends Record<string, z.ZodType>>(key: string, options: V, expected: string): z.ZodType<z.output<V[keyof V]>, z.input<V[keyof V]>> {
  return z.unknown().transform((value, ctx) => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: value === undefined ? 'required' : `expected ${expected}, got ${show(value)}` });
      return z.NEVER;
    }
    const tag = value[key];
    const option = typeof tag === 'string' && Object.hasOwn(options, tag) ? options[tag] : undefined;
    if (option === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: tag === undefined ? 'required' : oneOfProblem(Object.keys(options), tag) });
      return z.NEVER;
    }
    const result = option.safeParse(value, PARSE_OPTIONS);
    if (result.success) return result.data as z.output<V[keyof V]>;
    for (const problem of fieldProblems(result.error.issues)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    return z.NEVER;
  }) as unknown as z.ZodType<z.output<V[keyof V]>, z.input<V[keyof V]>>;
}

/** An array of `item`, with `expected` describing it; `minItems` 1 refuses `[]`. */
export function list<T extends z.ZodType>(item: T, expected: string, minItems = 0) {
  return z.array(item, { error: (issue) => (issue.input === undefined ? 'required' : `expected ${expected}, got ${show(issue.input)}`) }).min(minItems, {
    error: (issue) => `expected ${expected}, got ${show(issue.input)}`,
  });
}

/** Options for every parse: unknown keys carry the accepted keys, which `fieldProblems` turns into a "did you mean". */
export const PARSE_OPTIONS = {
  error: (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code !== 'unrecognized_keys') return undefined;
    const shape = (issue.inst as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
    return JSON.stringify(Object.keys(shape));
  },
};

/** zod's issues as kbench's problems: one per unknown key, with a suggestion or the accepted keys. */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
    if (issue.code !== 'unrecognized_keys') {
      problems.push({ path, message: issue.message });
      continue;
    }
    const accepted = acceptedKeys(issue.message);
    for (const key of issue.keys) {
      const suggestion = closestName(key, accepted);
      const help = suggestion === undefined ? `accepted keys: ${accepted.join(', ')}` : `did you mean "${suggestion}"?`;
      problems.push({ path: [...path, key], message: `unknown key ${show(key)} (${help})` });
    }
  }
  return problems;
}

function acceptedKeys(message: string): string[] {
  try {
    const keys: unknown = JSON.parse(message);
    return Array.isArray(keys) ? keys.map(String) : [];
  } catch {
    return [];
  }
}

/** `base.key`, `base[3]` or `base["linger.ms"]`; a bare key at the top. */
export function pathText(parts: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (!/^[A-Za-z_$][\w$]*$/.test(part)) text += `[${JSON.stringify(part)}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

// --- Checks: each says what it expected and shows what it got ----------------------------------

export const stringCheck: Check = (x) => (typeof x === 'string' ? undefined : `expected a string, got ${show(x)}`);
export const booleanCheck: Check = (x) => (typeof x === 'boolean' ? undefined : `expected true or false, got ${show(x)}`);
export const nonEmptyStringCheck: Check = (x) => (typeof x === 'string' && x.trim() !== '' ? undefined : `expected a non-empty string, got ${show(x)}`);

/** A name of letters, digits, `.`, `_` and `-` (`what`: "scenario name", "group name"). */
export function nameCheck(what: string): Check {
  return (x) => {
    if (typeof x !== 'string' || x === '') return `expected a non-empty ${what}, got ${show(x)}`;
    return /^[A-Za-z0-9._-]+$/.test(x) ? undefined : `expected a ${what} of letters, digits, ".", "_" and "-" only, got ${show(x)}`;
  };
}

export function oneOfCheck(values: readonly (string | number)[]): Check {
  return (x) => (values.includes(x as string | number) ? undefined : oneOfProblem(values, x));
}

export function oneOfProblem(values: readonly (string | number)[], x: unknown): string {
  const suggestion = typeof x === 'string' ? closestName(x, values.filter((v): v is string => typeof v === 'string')) : undefined;
  return `expected ${orList(values.map((v) => JSON.stringify(v)))}, got ${show(x)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
}

/** One of `values`, typed as their union. */
export function oneOf<const T extends readonly (string | number)[]>(values: T): z.ZodType<T[number], T[number]> {
  return checked<T[number]>(oneOfCheck(values));
}

/** An integer in [min, max]; the message names `unit` when given. */
export function integerCheck(min: number, max?: number, unit?: string): Check {
  const unitText = unit === undefined ? '' : ` ${unit}`;
  const expected =
    max !== undefined ? `an integer from ${min} to ${max}${unitText}` : min === 1 ? `a positive integer${unit === undefined ? '' : ` of ${unit}`}` : `an integer ≥ ${min}`;
  return (x) => (Number.isSafeInteger(x) && (x as number) >= min && (max === undefined || (x as number) <= max) ? undefined : `expected ${expected}, got ${show(x)}`);
}

export function integer(min: number, max?: number, unit?: string): z.ZodType<number, number> {
  return checked<number>(integerCheck(min, max, unit));
}

/** A finite number > 0: `expected a positive number of <unit>` (or `a positive <noun>`). */
export function positive(unit: string, noun = 'number'): z.ZodType<number, number> {
  const expected = unit === '' ? `a positive ${noun}` : `a positive ${noun} of ${unit}`;
  return checked<number>((x) => (isFiniteNumber(x) && x > 0 ? undefined : `expected ${expected}, got ${show(x)}`));
}

/** A finite number ≥ 0 (and at most `max` when given). */
export function nonNegative(unit: string, max?: number): z.ZodType<number, number> {
  return checked<number>((x) => {
    if (!isFiniteNumber(x) || x < 0) return `expected 0 or more ${unit}, got ${show(x)}`;
    return max !== undefined && x > max ? `expected at most ${max} ${unit}, got ${show(x)}` : undefined;
  });
}

/** `596h31m23s`: the longest timer, as a duration a scenario could write. */
function formatLongest(): string {
  const totalS = Math.floor(MAX_TIMER_MS / 1000);
  return `"${Math.floor(totalS / 3600)}h${Math.floor((totalS % 3600) / 60)}m${totalS % 60}s"`;
}

export function durationCheck(mustBePositive: boolean): Check {
  return (x) => {
    const ms = typeof x === 'string' ? parseDuration(x) : undefined;
    if (ms === undefined) return `expected a duration such as "30s" or "2m", got ${show(x)}`;
    if (mustBePositive && ms <= 0) return `expected a duration longer than 0, got ${show(x)}`;
    if (ms > MAX_TIMER_MS) return `expected at most ${formatLongest()} (the longest time a Node.js timer can wait), got ${show(x)}`;
    return undefined;
  };
}

/** A duration with its unit (`'30s'`, `'1m30s'`); `mustBePositive` refuses `'0s'`. */
export function duration(mustBePositive: boolean): z.ZodType<string, string> {
  return checked<string>(durationCheck(mustBePositive));
}

type SettingValue = string | number | boolean;

/**
 * A flat map of settings whose values are of the given primitive types. Settings may hold
 * secrets (`sasl.password`): a secret setting's value, or a whole string given instead of the
 * map, is described by its type, never shown.
 */
export function settings<T extends SettingValue = SettingValue>(types: ReadonlyArray<'string' | 'number' | 'boolean'>): z.ZodType<Record<string, T>, Record<string, T>> {
  const expected = orList(types.map((t) => `a ${t}`));
  return inspected<Record<string, T>>((value) => {
    if (typeof value === 'string') return [{ path: [], message: `expected an object of settings (${expected} each), got a string` }];
    if (!isPlainObject(value)) return [{ path: [], message: `expected an object of settings (${expected} each), got ${show(value)}` }];
    const problems: FieldProblem[] = [];
    for (const [key, entry] of Object.entries(value)) {
      const ok = (types as readonly string[]).includes(typeof entry) && (typeof entry !== 'number' || Number.isFinite(entry));
      if (!ok) problems.push({ path: [key], message: `expected ${expected}, got ${isSecretKey(key) ? describeType(entry) : show(entry)}` });
    }
    return problems;
  });
}

// --- Showing values -----------------------------------------------------------------------------

/** `an array`, `an object`, `a number`…: what a value is, without showing it. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A received value as it would be written in the file: JSON, shortened past 40 characters, secrets masked. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return String(value);
  let text: string;
  try {
    // Nested settings may hold secrets (a kafkajs-style `ssl: { passphrase }`): masked, never shown.
    text = JSON.stringify(value, (key, entry: unknown) => (key !== '' && isSecretKey(key) && entry !== null && typeof entry !== 'object' ? REDACTED : entry)) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'an array' : 'an object';
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
