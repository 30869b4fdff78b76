import { describe, expect, it } from 'vitest';
import { REPORT_ERROR_KINDS, type TimelineEntry } from '../../src/report/report-types.js';
import { csvField, renderTimelineCsv, timelineCsv, timelineGroups } from '../../src/report/timeline-csv.js';
import { sampleReport } from '../fixtures/sample-report.js';

/** RFC 4180, read strictly: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      if (text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a quoted field at ${i}`);
    } else if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (text[i] === '\n' || text[i] === '"') {
      throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    } else field += text[i++];
  }
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

const GROUP = 'kbench-acks-all-0';
const startedAtMs = Date.parse(sampleReport.startedAt);

describe('timeline CSV', () => {
  it('has a header row, then one row per second with the same number of fields', () => {
    const rows = parseCsv(renderTimelineCsv(sampleReport.timeline, startedAtMs, [GROUP]));
    expect(rows).toHaveLength(sampleReport.timeline.length + 1);
    const [header, ...data] = rows;
    expect(header?.slice(0, 4)).toEqual(['second', 'time', 'phase', 'offeredPerSec']);
    expect(header).toContain('e2eP99Ms');
    expect(header).toContain('errors');
    for (const kind of REPORT_ERROR_KINDS) expect(header).toContain(`errors:${kind}`);
    expect(header?.slice(-3)).toEqual([`lag:${GROUP}`, `members:${GROUP}`, `liveMembers:${GROUP}`]);
    for (const row of data) expect(row).toHaveLength(header?.length ?? 0);
    expect(data.map((row) => Number(row[0]))).toEqual(sampleReport.timeline.map((entry) => entry.second));
  });

  it('writes each second under its JSON field name, wall-clock time and phase included', () => {
    const rows = parseCsv(renderTimelineCsv(sampleReport.timeline, startedAtMs, [GROUP]));
    const header = rows[0] ?? [];
    const at = (second: number, column: string): string | undefined => rows[second + 1]?.[header.indexOf(column)];
    const entry = sampleReport.timeline[31]!;
    expect(at(31, 'time')).toBe('2025-03-14T09:27:24.000Z');
    expect(at(31, 'phase')).toBe('measure');
    expect(at(0, 'phase')).toBe('warmup');
    expect(at(71, 'phase')).toBe('drain');
    expect(at(31, 'ackedPerSec')).toBe(String(entry.ackedPerSec));
    expect(at(31, 'produceP99Ms')).toBe(String(entry.produceP99Ms));
    expect(at(31, 'errors')).toBe('38');
    expect(at(31, 'errors:timeout')).toBe('30');
    expect(at(31, 'errors:other')).toBe('0');
    expect(at(31, `lag:${GROUP}`)).toBe(String(entry.lag[GROUP]));
    // A drain second has no produce latency: an empty field.
    expect(at(71, 'produceP50Ms')).toBe('');
  });

  it('ends every record with CRLF', () => {
    const text = renderTimelineCsv(sampleReport.timeline.slice(0, 2), startedAtMs, [GROUP]);
    expect(text.split('\r\n')).toHaveLength(4);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes fields with a comma, a double quote or a line break, doubling the quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(1.25)).toBe('1.25');
    const odd = 'g,1 "x"\nend';
    const entry: TimelineEntry = { ...sampleReport.timeline[20]!, lag: { [odd]: 5 }, members: { [odd]: 1 }, liveMembers: { [odd]: 2 } };
    const rows = parseCsv(renderTimelineCsv([entry], startedAtMs, [odd]));
    expect(rows[0]?.slice(-3)).toEqual([`lag:${odd}`, `members:${odd}`, `liveMembers:${odd}`]);
    expect(rows[1]?.slice(-3)).toEqual(['5', '1', '2']);
  });

  it('takes the declared groups first, then any other a second names; a timeline without seconds is the header alone', () => {
    const entry: TimelineEntry = { ...sampleReport.timeline[20]!, lag: { b: 1, a: 2 }, members: {}, liveMembers: { c: 1 } };
    expect(timelineGroups([entry], ['a'])).toEqual(['a', 'b', 'c']);
    const csv = timelineCsv([]);
    expect(renderTimelineCsv([], 0)).toBe(csv.header);
    expect(parseCsv(csv.header)).toHaveLength(1);
  });

  it('writes the same rows second by second as for the whole timeline', () => {
    const csv = timelineCsv([GROUP]);
    const streamed = csv.header + sampleReport.timeline.map((entry) => csv.row(entry, startedAtMs + 0.75)).join('');
    expect(streamed).toBe(renderTimelineCsv(sampleReport.timeline, startedAtMs, [GROUP]));
  });
});
