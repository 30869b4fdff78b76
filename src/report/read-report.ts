/**
 * Reads a report written by `writeReportAtomically`, with a clear usage error for every way a
 * file can fail to be one: missing, truncated, some other JSON, from a newer kbench, or with a
 * field the code would trip on (each listed with its JSON path; never a TypeError later).
 */
import { readFileSync, statSync } from 'node:fs';
import { KbenchError } from '../errors.js';
import { escapeControlCharacters } from './control-characters.js';
import { METRICS } from './metric-table.js';
import { kbenchReport } from './report-shape.js';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type KbenchReport } from './report-types.js';

/** Reads and checks the report at `path`. Throws `KbenchError('usage')` (exit code 2) when it is not a readable kbench report. */
export function readReport(path: string): KbenchReport {
  const text = readReportText(path);
  const parsed = parseReportJson(text, path);
  checkKind(parsed, path);
  checkSchemaVersion(parsed, path);
  const issues = findReportIssues(parsed);
  if (issues.length > 0) {
    throw new KbenchError('usage', `${path} is not a valid kbench report: ${issues.length} problem(s) in its fields`, {
      details: listed(issues),
      hint: 'The file was probably edited or produced by something else; run the scenario again to get a fresh report.',
    });
  }
  // A report is data from a file: its text must not drive the terminal (escape sequences).
  return escapeControlCharacters(parsed) as unknown as KbenchReport;
}

export { escapeControlCharacters } from './control-characters.js';

/** Reports above this size are not kbench's (the largest real ones are a few MB): refused before reading. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

function readReportText(path: string): string {
  try {
    // A named pipe, a device or a socket would block the read for ever (or never end).
    const stats = statSync(path);
    if (stats.isFile() && stats.size > MAX_REPORT_BYTES) throw new KbenchError('usage', `${path} is ${Math.round(stats.size / 1024 / 1024)} MB: not a kbench report`);
    if (!stats.isFile() && !stats.isDirectory()) throw new KbenchError('usage', `${path} is not a regular file (a pipe, device or socket), not a report file`);
    // A byte-order mark (some editors add one) is not part of the JSON.
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof KbenchError) throw error;
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
  'kbench-clients': {
    what: 'a client comparison bundle (every client through the same scenarios), not the report of one run',
    hint: 'open its HTML page (it compares the clients already); its runs are inside it, under cells[].runs[].report',
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

/** Most problems listed in the error; the count in its message says how many there were. */
export const MAX_LISTED_ISSUES = 25;

/**
 * Every problem of the report's fields, with its JSON path: first the shape (`report-shape.ts`,
 * every field the code reads, with its type, finiteness, whole numbers and decodable histograms),
 * then every metric of the metric table, which must read as a finite number or no value.
 */
function findReportIssues(report: Record<string, unknown>): string[] {
  const issues: string[] = [];
  kbenchReport(report, '', issues);
  if (issues.length > 0) return issues;
  for (const metric of METRICS) {
    try {
      const value = metric.read(report as unknown as KbenchReport);
      if (value !== null && !Number.isFinite(value)) issues.push(`metric ${metric.name}: reads as ${String(value)}, not a number`);
    } catch (error) {
      issues.push(`metric ${metric.name}: cannot be read (${(error as Error).message})`);
    }
  }
  return issues;
}

function listed(issues: readonly string[]): string[] {
  if (issues.length <= MAX_LISTED_ISSUES) return [...issues];
  return [...issues.slice(0, MAX_LISTED_ISSUES), `… and ${issues.length - MAX_LISTED_ISSUES} more`];
}
