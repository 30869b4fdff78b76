/**
 * One axis of a sweep: a field of the scenario object (`producers[0].lingerMs`,
 * `producers[0].clientConfig["linger.ms"]`, `topic.partitions`) and the values it takes, parsed
 * from `--vary PATH=V1,V2,…`. Values become numbers, booleans or strings (`all` stays a string;
 * quote a value to keep it a string: `"5"`). Pure.
 */
import { KbenchError } from '../errors.js';

/** A value an axis sets: what a scenario field can hold. */
export type SweepValue = number | boolean | string;

/** One step of a path: an object key or an array index. */
export type PathSegment = { key: string } | { index: number };

export interface SweepAxis {
  /** The path as the user wrote it, normalised (`producers[0].clientConfig["linger.ms"]`). */
  path: string;
  segments: PathSegment[];
  /** In the order given; at least one, no duplicates. */
  values: SweepValue[];
}

export const VARY_OPTION_HELP = "a scenario field and its values, repeatable (several make a grid): PATH=V1,V2,… e.g. 'producers[0].lingerMs=0,5,20,100', 'producers[0].acks=1,all', 'producers[0].clientConfig[\"linger.ms\"]=0,10'";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/** Parses a path such as `producers[0].clientConfig["linger.ms"]`; throws a usage error naming what is wrong. */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = text.trim();
  const fail = (why: string): never => {
    throw new KbenchError('usage', `--vary: "${text}" is not a field path: ${why}`, { hint: 'write fields with dots and indices: producers[0].lingerMs, topic.partitions, producers[0].clientConfig["linger.ms"]' });
  };
  if (rest === '') fail('it is empty');
  let expectKey = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[\s*(["'])((?:(?!\1).)+)\1\s*\]/.exec(rest);
      if (index) {
        segments.push({ index: Number(index[1]) });
        rest = rest.slice(index[0].length);
      } else if (quoted) {
        segments.push({ key: quoted[2] as string });
        rest = rest.slice(quoted[0].length);
      } else {
        fail(`expected [<index>] or ["<key>"] at "${rest}"`);
      }
      expectKey = false;
      continue;
    }
    if (!expectKey) {
      if (!rest.startsWith('.')) fail(`expected "." or "[" at "${rest}"`);
      rest = rest.slice(1);
    }
    const name = IDENTIFIER.exec(rest);
    if (!name) fail(`expected a field name at "${rest === '' ? '(end)' : rest}"`);
    segments.push({ key: (name as RegExpExecArray)[0] });
    rest = rest.slice((name as RegExpExecArray)[0].length);
    expectKey = false;
  }
  return segments;
}

/** The path written back: keys that are identifiers with dots, others quoted in brackets. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, position) => {
      if ('index' in segment) return `[${segment.index}]`;
      if (!IDENTIFIER.test(segment.key) || IDENTIFIER.exec(segment.key)?.[0] !== segment.key) return `[${JSON.stringify(segment.key)}]`;
      return position === 0 ? segment.key : `.${segment.key}`;
    })
    .join('');
}

/** `5` → 5, `0.5` → 0.5, `true` → true, `all` → 'all', `"5"` → '5' (quoted: always a string). */
export function parseValue(text: string): SweepValue {
  const trimmed = text.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  if (quoted) return quoted[2] as string;
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) || /^0x[0-9a-f]+$/i.test(trimmed)) {
    const number = Number(trimmed);
    if (Number.isFinite(number)) return number;
  }
  return trimmed;
}

/** A value as shown in labels and tables: strings as they are, numbers and booleans as written. */
export function formatValue(value: SweepValue): string {
  return String(value);
}

/** Parses one `--vary PATH=V1,V2,…`. */
export function parseVaryOption(text: string): SweepAxis {
  const equals = findAssignment(text);
  if (equals < 0) throw new KbenchError('usage', `--vary expects PATH=V1,V2,…, got "${text}"`, { hint: VARY_OPTION_HELP });
  const segments = parsePath(text.slice(0, equals));
  const path = formatPath(segments);
  const valueTexts = splitValues(text.slice(equals + 1));
  if (valueTexts.some((value) => value.trim() === '')) {
    throw new KbenchError('usage', `--vary ${path}: empty value in "${text.slice(equals + 1)}"`, { hint: 'separate values with commas, without an empty one: 0,5,20' });
  }
  const values = valueTexts.map(parseValue);
  const seen = new Set<string>();
  for (const value of values) {
    const key = `${typeof value}:${String(value)}`;
    if (seen.has(key)) throw new KbenchError('usage', `--vary ${path}: the value ${formatValue(value)} is given twice`);
    seen.add(key);
  }
  return { path, segments, values };
}

/** Parses every `--vary`; the same path twice is a usage error. */
export function parseVaryOptions(texts: readonly string[]): SweepAxis[] {
  if (texts.length === 0) throw new KbenchError('usage', 'kbench sweep needs at least one --vary PATH=V1,V2,…', { hint: VARY_OPTION_HELP });
  const axes = texts.map(parseVaryOption);
  const paths = new Set<string>();
  for (const axis of axes) {
    if (paths.has(axis.path)) throw new KbenchError('usage', `--vary ${axis.path} is given twice: give all its values in one --vary`);
    paths.add(axis.path);
  }
  return axes;
}

/** The `=` between path and values: the first one outside a bracket (a quoted key may hold `=`). */
function findAssignment(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '[') depth++;
    else if (char === ']') depth = Math.max(0, depth - 1);
    else if (char === '=' && depth === 0) return i;
  }
  return -1;
}

/** Values separated by commas; a comma inside quotes belongs to the value. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      values.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current);
  return values;
}
