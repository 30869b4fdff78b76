/**
 * The per-second timeline (`TimelineEntry`) as CSV (RFC 4180: a header row, fields with a comma,
 * a double quote or a line break quoted, quotes doubled, CRLF line ends): one row per second —
 * `second`, `time` (ISO 8601 UTC of the second's start), `phase`, every number of the entry under
 * its JSON name (docs/report-format.md#timeline; an empty field for a latency without a sample),
 * `errors` (every kind together) and `errors:<kind>` per kind, then per consumer group
 * `lag:<group id>`, `members:<group id>`, `liveMembers:<group id>`. The same rows whether written
 * second by second during a run (`kbench run --csv`) or from a saved report (`kbench report
 * --csv`). Pure.
 */
import { REPORT_ERROR_KINDS, type TimelineEntry } from './report-types.js';

type GroupField = 'lag' | 'members' | 'liveMembers';
type ScalarField = Exclude<keyof TimelineEntry, 'second' | 'phase' | 'errors' | GroupField>;

/** The entry's numbers, in column order. Listing every one is enforced by the type: a new timeline field needs its column here. */
const SCALAR_FIELDS: Record<ScalarField, true> = {
  offeredPerSec: true,
  sentPerSec: true,
  ackedPerSec: true,
  failedPerSec: true,
  notAttemptedPerSec: true,
  consumedPerSec: true,
  sentBytesPerSec: true,
  ackedBytesPerSec: true,
  consumedBytesPerSec: true,
  inFlight: true,
  produceP50Ms: true,
  produceP99Ms: true,
  produceMaxMs: true,
  responseP99Ms: true,
  e2eP50Ms: true,
  e2eP99Ms: true,
  e2eMaxMs: true,
};
const GROUP_FIELDS: readonly GroupField[] = ['lag', 'members', 'liveMembers'];

type Cell = string | number | null | undefined;

/** The columns of a run whose consumer groups are `groupIds`, and how a row is made. */
export interface TimelineCsv {
  /** The header row, with its line end. */
  header: string;
  /** One second's row, with its line end; `startedAtMs`: wall-clock time of second 0. */
  row(entry: TimelineEntry, startedAtMs: number): string;
}

export function timelineCsv(groupIds: readonly string[]): TimelineCsv {
  const scalars = Object.keys(SCALAR_FIELDS) as ScalarField[];
  const header = [
    'second',
    'time',
    'phase',
    ...scalars,
    'errors',
    ...REPORT_ERROR_KINDS.map((kind) => `errors:${kind}`),
    ...groupIds.flatMap((group) => GROUP_FIELDS.map((field) => `${field}:${group}`)),
  ];
  return {
    header: csvLine(header),
    row: (entry, startedAtMs) =>
      csvLine([
        entry.second,
        new Date(Math.floor(startedAtMs) + entry.second * 1000).toISOString(),
        entry.phase,
        ...scalars.map((field) => entry[field]),
        REPORT_ERROR_KINDS.reduce((sum, kind) => sum + (entry.errors[kind] ?? 0), 0),
        ...REPORT_ERROR_KINDS.map((kind) => entry.errors[kind] ?? 0),
        ...groupIds.flatMap((group) => GROUP_FIELDS.map((field) => entry[field][group])),
      ]),
  };
}

/** The consumer groups of a timeline: `declared` (the plan's, in its order), then any other an entry names. */
export function timelineGroups(timeline: readonly TimelineEntry[], declared: readonly string[] = []): string[] {
  const groups = new Set(declared);
  for (const entry of timeline) for (const field of GROUP_FIELDS) for (const group of Object.keys(entry[field])) groups.add(group);
  return [...groups];
}

/** A whole timeline as CSV: the header, then a row per entry. */
export function renderTimelineCsv(timeline: readonly TimelineEntry[], startedAtMs: number, declaredGroups: readonly string[] = []): string {
  const csv = timelineCsv(timelineGroups(timeline, declaredGroups));
  return csv.header + timeline.map((entry) => csv.row(entry, startedAtMs)).join('');
}

function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** One field: empty for no value; quoted (quotes doubled) when it holds a comma, a double quote or a line break. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
