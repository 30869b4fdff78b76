/**
 * Explicit checks of the JSON a ksqlDB server answers: each read names the field's path, and a
 * value of the wrong kind ends the read with a `KsqlError` quoting the path, what was expected
 * and a short excerpt of the answer (never all of it). Unknown fields are left alone: servers
 * add fields from release to release. Pure.
 */
import { KsqlError, excerpt } from './ksql-errors.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value for a message: strings quoted and cut short, containers by kind. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return excerpt(JSON.stringify(value), 40);
  return String(value);
}

/** Reads fields out of one answer; the first wrong one throws. */
export class JsonShapeReader {
  /**
   * @param request the request answered (`POST http://ksql:8088/ksql`), for messages
   * @param answerText the answer's text, of which messages quote an excerpt
   */
  constructor(
    readonly request: string,
    readonly answerText: string,
  ) {}

  /** Throws the error for a wrong answer. */
  fail(problem: string): never {
    throw new KsqlError('cluster', `ksqlDB's answer to ${this.request} is not what kbench reads: ${problem}`, { request: this.request }, {
      details: [`answer: ${excerpt(this.answerText)}`],
      hint: 'is --ksql-url the address of a ksqlDB server (its REST API, default port 8088)?',
    });
  }

  private expected(path: string, what: string, value: unknown): never {
    return this.fail(`${path}: expected ${what}, got ${describe(value)}`);
  }

  object(value: unknown, path: string): JsonObject {
    return isJsonObject(value) ? value : this.expected(path, 'an object', value);
  }

  array(value: unknown, path: string): unknown[] {
    return Array.isArray(value) ? value : this.expected(path, 'an array', value);
  }

  string(object: JsonObject, key: string, path: string): string {
    const value = object[key];
    return typeof value === 'string' ? value : this.expected(`${path}.${key}`, 'a string', value);
  }

  /** A string, or undefined when the field is absent or null. */
  optionalString(object: JsonObject, key: string, path: string): string | undefined {
    const value = object[key];
    return value === undefined || value === null ? undefined : this.string(object, key, path);
  }

  /** A whole number. */
  integer(object: JsonObject, key: string, path: string): number {
    const value = object[key];
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : this.expected(`${path}.${key}`, 'a whole number', value);
  }

  boolean(object: JsonObject, key: string, path: string): boolean {
    const value = object[key];
    return typeof value === 'boolean' ? value : this.expected(`${path}.${key}`, 'true or false', value);
  }

  /** true or false, or undefined when the field is absent or null. */
  optionalBoolean(object: JsonObject, key: string, path: string): boolean | undefined {
    const value = object[key];
    return value === undefined || value === null ? undefined : this.boolean(object, key, path);
  }

  /** An array of strings; [] when the field is absent or null. */
  strings(object: JsonObject, key: string, path: string): string[] {
    const value = object[key];
    if (value === undefined || value === null) return [];
    return this.array(value, `${path}.${key}`).map((item, index) => (typeof item === 'string' ? item : this.expected(`${path}.${key}[${index}]`, 'a string', item)));
  }
}

/** The answer's text as JSON; text that is not JSON throws, quoting an excerpt. */
export function parseJsonAnswer(reader: JsonShapeReader): unknown {
  try {
    return JSON.parse(reader.answerText) as unknown;
  } catch {
    return reader.fail(reader.answerText.trim() === '' ? 'an empty answer, expected JSON' : 'not JSON');
  }
}
