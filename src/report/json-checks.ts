/**
 * Small typed checks of JSON values read from files: each walks a value, and adds one problem per
 * wrong field with its JSON path (`timeline[3].e2eP99Ms: expected a number or null, got "abc"`).
 * A `Check<T>` is tied to the type `T` it proves, so `object<T>` must be given a check for every
 * field of `T` (the compiler says which one is missing). Unknown fields are left alone: a later
 * kbench of the same schema version may add some. Pure.
 */
import { escapeControlText } from './control-characters.js';

/** Adds the problems of `value` at `path` to `issues`. */
export type CheckFunction = (value: unknown, path: string, issues: string[]) => void;

/** A check that proves its value is a `T` when it adds no problem. */
export interface Check<T> extends CheckFunction {
  /** Never set: ties the check to `T`, exactly (neither a wider nor a narrower type fits). */
  readonly proves?: (value: T) => T;
}

/** `value` for a message: strings quoted and cut short, containers by kind, control characters escaped. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return escapeControlText(JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value));
  return String(value);
}

/** `path.key`, or `path["odd key"]` for keys that are not plain names. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${escapeControlText(JSON.stringify(key))}]`;
}

function problem(issues: string[], path: string, expected: string, value: unknown): void {
  issues.push(value === undefined ? `${path}: missing (expected ${expected})` : `${path}: expected ${expected}, got ${showValue(value)}`);
}

/** A check of one value against a predicate, described by `expected` in messages. */
export function primitive<T>(expected: string, accepts: (value: unknown) => boolean): Check<T> {
  return (value, path, issues) => {
    if (!accepts(value)) problem(issues, path, expected, value);
  };
}

export const str: Check<string> = primitive('a string', (value) => typeof value === 'string');
export const bool: Check<boolean> = primitive('true or false', (value) => typeof value === 'boolean');
/** A finite number (JSON's `1e999` reads as Infinity). */
export const num: Check<number> = primitive('a number', (value) => typeof value === 'number' && Number.isFinite(value));
/** A finite number, at least 0: a duration, a rate, an amount of CPU. */
export const nonNegative: Check<number> = primitive('a number ≥ 0', (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0);
/** A whole number, at least 0: a count of messages, events, histogram values. */
export const count: Check<number> = primitive('a whole number ≥ 0', (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
/** A whole number (negative allowed: times before the load started). */
export const int: Check<number> = primitive('a whole number', (value) => typeof value === 'number' && Number.isSafeInteger(value));

/** One of the listed values. */
export function oneOf<const V extends string | number>(values: readonly V[]): Check<V> {
  const expected = `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
  return primitive(expected, (value) => values.includes(value as V));
}

/** The value, or null. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path, issues) => {
    if (value !== null) check(value, path, issues);
  };
}

/** The value, or absent. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path, issues) => {
    if (value !== undefined) check(value, path, issues);
  };
}

/** An array whose every item passes `item`. */
export function array<T>(item: Check<T>): Check<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) return problem(issues, path, 'an array', value);
    value.forEach((entry, index) => item(entry, childPath(path, index), issues));
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object of any keys whose every value passes `entry` (`R`: the record type it proves). */
export function record<R extends Partial<Record<string, unknown>>>(entry: Check<NonNullable<R[keyof R]>>): Check<R> {
  return (value, path, issues) => {
    if (!isObject(value)) return problem(issues, path, 'an object', value);
    for (const [key, item] of Object.entries(value)) entry(item, childPath(path, key), issues);
  };
}

/** A check for every field of `T`, optional ones included. */
export type Fields<T> = { [K in keyof Required<T>]: Check<T[K]> };

/** An object with the listed fields (others are ignored). */
export function object<T>(fields: Fields<T>): Check<T> {
  const entries = Object.entries(fields) as Array<[string, CheckFunction]>;
  return (value, path, issues) => {
    if (!isObject(value)) return problem(issues, path, 'an object', value);
    for (const [key, check] of entries) check(value[key], childPath(path, key), issues);
  };
}

/**
 * A union told apart by the string field `key` (`load.type`, `keys.strategy`): the value must be
 * an object whose `key` is one of the cases, and passes that case's check.
 */
export function variant<T>(key: string, cases: Record<string, CheckFunction>): Check<T> {
  const tags = Object.keys(cases);
  return (value, path, issues) => {
    if (!isObject(value)) return problem(issues, path, 'an object', value);
    const tag = value[key];
    const check = typeof tag === 'string' && Object.hasOwn(cases, tag) ? cases[tag] : undefined;
    if (check === undefined) return problem(issues, childPath(path, key), `one of ${tags.map((t) => JSON.stringify(t)).join(', ')}`, tag);
    check(value, path, issues);
  };
}

/** The first of two checks that fits, e.g. a string or a secret source; `expected` names both. */
export function either<A, B>(first: Check<A>, second: Check<B>, expected: string): Check<A | B> {
  return (value, path, issues) => {
    const firstIssues: string[] = [];
    first(value, path, firstIssues);
    if (firstIssues.length === 0) return;
    const secondIssues: string[] = [];
    second(value, path, secondIssues);
    if (secondIssues.length > 0) problem(issues, path, expected, value);
  };
}

/** `check`, then, when it found nothing, `rule` on the value it proved (a problem sentence, or undefined). */
export function refine<T>(check: Check<T>, rule: (value: T) => string | undefined): Check<T> {
  return (value, path, issues) => {
    const before = issues.length;
    check(value, path, issues);
    if (issues.length > before) return;
    const found = rule(value as T);
    if (found !== undefined) issues.push(`${path}: ${found}`);
  };
}
