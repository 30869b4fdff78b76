/**
 * The only way a name reaches the SQL kbench sends to ksqlDB: each kind of name has a safe
 * pattern, and anything outside it is refused with a usage error before a statement is built.
 * Stream and table names are upper-case letters, digits and `_` (the case ksqlDB gives unquoted
 * names, so a quoted and an unquoted mention mean the same source), written between backticks;
 * column names are letters, digits and `_`, between backticks (their case is kept: the JSON
 * fields are camelCase); query ids are written bare (TERMINATE takes an identifier); topic names
 * are Kafka's legal characters inside a single-quoted string literal. None of these patterns
 * admits a backtick, a quote, a semicolon, a space or a comment marker, so no name can end the
 * identifier or the literal it sits in. Pure.
 */
import { KbenchError } from '../errors.js';

/** Stream and table names kbench gives: starts with a letter, upper case, at most 100 characters. */
export const SOURCE_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,99}$/;
/** Column names: starts with a letter, at most 64 characters. */
export const COLUMN_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Query ids ksqlDB gives persistent queries (`CTAS_<TABLE>_<n>`): starts with a letter, at most 200 characters. */
export const QUERY_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,199}$/;
/** Kafka's legal topic names: letters, digits, `.`, `_`, `-`, at most 249 characters (`.` and `..` excepted below). */
export const TOPIC_NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/;

/** How a refused name is shown: JSON-quoted (control characters escaped), cut at 60 characters. */
function shown(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

function refuse(what: string, name: string, rule: string): never {
  throw new KbenchError('usage', `refusing ${what} ${shown(name)} for a ksqlDB statement: ${rule}`, {
    hint: 'kbench only sends names it can quote safely; choose a name of letters, digits and the listed signs',
  });
}

/** `` `NAME` `` for a stream or table name; refuses names outside {@link SOURCE_NAME_PATTERN}. */
export function quoteSourceName(name: string): string {
  if (!SOURCE_NAME_PATTERN.test(name)) refuse('the stream or table name', name, 'expected 1 to 100 upper-case letters, digits or "_", starting with a letter');
  return `\`${name}\``;
}

/** `` `column` `` for a column name; refuses names outside {@link COLUMN_NAME_PATTERN}. */
export function quoteColumnName(name: string): string {
  if (!COLUMN_NAME_PATTERN.test(name)) refuse('the column name', name, 'expected 1 to 64 letters, digits or "_", starting with a letter');
  return `\`${name}\``;
}

/** A query id as TERMINATE takes it (bare); refuses ids outside {@link QUERY_ID_PATTERN}. */
export function checkedQueryId(queryId: string): string {
  if (!QUERY_ID_PATTERN.test(queryId)) refuse('the query id', queryId, 'expected 1 to 200 letters, digits or "_", starting with a letter');
  return queryId;
}

/** `'topic'`: a topic name as a string literal; refuses names Kafka would not accept. */
export function topicLiteral(topic: string): string {
  if (!TOPIC_NAME_PATTERN.test(topic) || topic === '.' || topic === '..') {
    refuse('the topic name', topic, 'expected 1 to 249 letters, digits, ".", "_" or "-" (not "." or "..")');
  }
  return `'${topic}'`;
}

/**
 * A run id as part of a stream or table name: upper case, `.` and `-` turned into `_`
 * (kbench's run ids are letters, digits, `.`, `_` and `-`); refuses anything else.
 */
export function sourceNamePart(runId: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(runId)) refuse('the run id', runId, 'expected 1 to 64 letters, digits, ".", "_" or "-"');
  return runId.toUpperCase().replace(/[.-]/g, '_');
}
