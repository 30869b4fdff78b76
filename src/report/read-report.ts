/**
 * Reads a report written by `writeReportAtomically`, with a clear usage error for every way a
 * file can fail to be one: missing, truncated, some other JSON, or from a newer kbench.
 */
import { readFileSync } from 'node:fs';
import { KbenchError } from '../errors.js';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type KbenchReport } from './report-types.js';

/** Reads and checks the report at `path`. Throws `KbenchError('usage')` (exit code 2) when it is not a readable kbench report. */
export function readReport(path: string): KbenchReport {
  const text = readReportText(path);
  const parsed = parseReportJson(text, path);
  checkKind(parsed, path);
  checkSchemaVersion(parsed, path);
  const issues = findStructureIssues(parsed);
  if (issues.length > 0) {
    throw new KbenchError('usage', `${path} is not a valid kbench report: ${issues.length} problem(s) in its fields`, {
      details: issues,
      hint: 'The file was probably edited or produced by something else; run the scenario again to get a fresh report.',
    });
  }
  // A report is data from a file: its text must not drive the terminal (escape sequences).
  return escapeControlCharacters(parsed) as unknown as KbenchReport;
}

/** C0 controls but tab and newline, DEL, and C1 controls (one of them is a CSI on its own). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A copy of a JSON value whose strings show control characters as `\u001b`-style escapes. */
export function escapeControlCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return value.map(escapeControlCharacters);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[escapeControlCharacters(key) as string] = escapeControlCharacters(entry);
    return copy;
  }
  return value;
}

function readReportText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KbenchError('usage', `report file not found: ${path}`, { hint: 'Check the path; `kbench run` prints where it wrote its report.', cause: error });
    }
    if (code === 'EISDIR') {
      throw new KbenchError('usage', `${path} is a folder, not a report file`, { hint: 'Give the path of a .json report inside it.', cause: error });
    }
    throw new KbenchError('usage', `cannot read report file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function parseReportJson(text: string, path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const truncated = looksTruncated(text, (error as Error).message);
    throw new KbenchError(
      'usage',
      truncated ? `${path} is not valid JSON: the file is empty or truncated` : `${path} is not valid JSON: ${(error as Error).message}`,
      { hint: 'A report cut short (disk full, copied while being written) cannot be read; run the scenario again.', cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw notAReport(path);
  }
  return parsed as Record<string, unknown>;
}

/** True when JSON.parse stopped at the end of the text: the file was cut short (or is empty). */
function looksTruncated(text: string, parseMessage: string): boolean {
  if (text.trim() === '' || /end of (JSON )?input/i.test(parseMessage)) return true;
  const position = /at position (\d+)/.exec(parseMessage)?.[1];
  return position !== undefined && Number(position) >= text.trimEnd().length;
}

function notAReport(path: string): KbenchError {
  return new KbenchError('usage', `${path} is not a kbench report (it has no "kind": "${REPORT_KIND}")`, {
    hint: 'Give a JSON report written by `kbench run`.',
  });
}

/** Other JSON files kbench writes, and what reads them instead. */
const OTHER_KINDS: Record<string, { what: string; hint: string }> = {
  'kbench-find-max': {
    what: 'a find-max report (a search over rates), not the report of one run',
    hint: "open its HTML page, or give the run reports of its steps (the folder beside it, '<name>-steps/'); comparing two find-max reports is not supported",
  },
  'kbench-sweep': {
    what: 'a sweep bundle (several variants and their runs), not the report of one run',
    hint: 'open its HTML page (it compares the variants already); its runs are inside it, under runs[].report',
  },
};

function checkKind(report: Record<string, unknown>, path: string): void {
  const other = typeof report.kind === 'string' ? OTHER_KINDS[report.kind] : undefined;
  if (other !== undefined) throw new KbenchError('usage', `${path} is ${other.what}`, { hint: other.hint });
  if (report.kind !== REPORT_KIND) throw notAReport(path);
}

function checkSchemaVersion(report: Record<string, unknown>, path: string): void {
  const version = report.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new KbenchError('usage', `${path} has an invalid schemaVersion (${JSON.stringify(version)}); expected an integer from 1 to ${REPORT_SCHEMA_VERSION}`);
  }
  if (version > REPORT_SCHEMA_VERSION) {
    throw new KbenchError(
      'usage',
      `${path} uses report schema version ${version}, newer than this kbench supports (${supportedVersionsText()})`,
      { hint: 'The report was written by a newer kbench: upgrade kbench to read it.' },
    );
  }
}

function supportedVersionsText(): string {
  return `versions 1 to ${REPORT_SCHEMA_VERSION}`;
}

type Check = 'object' | 'array' | 'string' | 'number' | 'number|null';

/** Required top-level fields and the fields of their objects, by path. */
const REQUIRED_FIELDS: Array<[string, Check]> = [
  ['status', 'string'],
  ['scenario', 'object'],
  ['scenario.name', 'string'],
  ['clientConfig', 'object'],
  ['clientConfig.producers', 'object'],
  ['clientConfig.consumers', 'object'],
  ['environment', 'object'],
  ['startedAt', 'string'],
  ['endedAt', 'string'],
  ['durationMs', 'number'],
  ['warmupMs', 'number'],
  ['counts', 'object'],
  ['counts.sent', 'number'],
  ['counts.acked', 'number'],
  ['counts.failed', 'number'],
  ['counts.notAttempted', 'number'],
  ['counts.consumed', 'number'],
  ['counts.expected', 'number|null'],
  ['errors', 'object'],
  ['errorSamples', 'object'],
  ['throughput', 'object'],
  ['throughput.produced', 'object'],
  ['throughput.consumed', 'object'],
  ['latency', 'object'],
  ['latency.produce', 'object'],
  ['latency.produce.count', 'number'],
  ['latency.produceResponse', 'object'],
  ['latency.produceResponse.count', 'number'],
  ['latency.e2e', 'object'],
  ['latency.e2e.count', 'number'],
  ['partitions', 'array'],
  ['consumerGroups', 'array'],
  ['timeline', 'array'],
  ['resources', 'array'],
  ['workers', 'array'],
];

const STATUSES = new Set(['completed', 'aborted', 'failed']);

/** A light structural check: the required fields exist with the right JSON types. */
function findStructureIssues(report: Record<string, unknown>): string[] {
  const issues: string[] = [];
  for (const [path, check] of REQUIRED_FIELDS) {
    const parentPath = path.split('.').slice(0, -1).join('.');
    // A missing parent is reported once, not again for each of its fields.
    if (parentPath !== '' && !isObject(valueAt(report, parentPath))) continue;
    const value = valueAt(report, path);
    if (!matches(value, check)) {
      issues.push(value === undefined ? `${path}: missing` : `${path}: expected ${describe(check)}, found ${typeName(value)}`);
    }
  }
  if (typeof report.status === 'string' && !STATUSES.has(report.status)) {
    issues.push(`status: expected one of completed, aborted, failed, found ${JSON.stringify(report.status)}`);
  }
  return issues;
}

function valueAt(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(value: unknown, check: Check): boolean {
  switch (check) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'number|null':
      return value === null || (typeof value === 'number' && Number.isFinite(value));
  }
}

function describe(check: Check): string {
  return check === 'number|null' ? 'a number or null' : check === 'array' ? 'an array' : check === 'object' ? 'an object' : `a ${check}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
