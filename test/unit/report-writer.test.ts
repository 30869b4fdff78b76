import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, KbenchError } from '../../src/errors.js';
import { readReport } from '../../src/report/read-report.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/report-types.js';
import { defaultReportPath, writeReportAtomically } from '../../src/report/write-report.js';
import { cloneSampleReport, sampleReport } from '../fixtures/sample-report.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbench-report-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The KbenchError `fn` throws (fails the test when it throws nothing or something else). */
function thrownBy(fn: () => unknown): KbenchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KbenchError);
    return error as KbenchError;
  }
  throw new Error('expected a KbenchError, nothing was thrown');
}

describe('writeReportAtomically', () => {
  it('creates the folder, writes 2-space JSON and leaves no temporary file', () => {
    const path = join(dir, 'nested', 'reports', 'run.json');
    writeReportAtomically(sampleReport, path);
    expect(readdirSync(join(dir, 'nested', 'reports'))).toEqual(['run.json']);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(`{\n  "schemaVersion": ${REPORT_SCHEMA_VERSION},\n  "kind": "kbench-report",`)).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('replaces an existing report whole', () => {
    const path = join(dir, 'run.json');
    writeFileSync(path, '{"old": true}');
    writeReportAtomically(sampleReport, path);
    expect(readReport(path).scenario.name).toBe('acks-all-3-nodes');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  it('round-trips through readReport', () => {
    const path = join(dir, 'run.json');
    writeReportAtomically(sampleReport, path);
    const read = readReport(path);
    expect(read).toEqual(JSON.parse(JSON.stringify(sampleReport)));
    expect(read.counts.acked).toBe(699_950);
    expect(read.latency.e2e.hdr).toBe(sampleReport.latency.e2e.hdr);
    expect(read.timeline).toHaveLength(72);
  });

  it('keeps hdr fields decodable by the HdrHistogram libraries (values in µs)', () => {
    const path = join(dir, 'run.json');
    writeReportAtomically(sampleReport, path);
    const produce = readReport(path).latency.produce;
    const histogram = hdr.decodeFromCompressedBase64(produce.hdr);
    expect(histogram.totalCount).toBe(produce.count);
    expect(histogram.getValueAtPercentile(99) / 1000).toBe(produce.p99);
  });

  it('removes its temporary file when the rename fails', () => {
    // A non-empty folder where the report should go: the rename over it fails.
    const path = join(dir, 'run.json');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), '');
    expect(() => writeReportAtomically(sampleReport, path)).toThrow();
    expect(readdirSync(dir)).toEqual(['run.json']);
  });
});

describe('defaultReportPath', () => {
  it('names the file after the scenario and the UTC start time', () => {
    expect(defaultReportPath(join(dir, 'reports'), 'acks-all-3-nodes', '2025-03-14T09:26:53.000Z')).toBe(
      join(dir, 'reports', 'acks-all-3-nodes-20250314-092653.json'),
    );
    expect(defaultReportPath('reports', 'x', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe(join('reports', 'x-20240102-030405.json'));
  });

  it('adds a suffix when the file exists', () => {
    const first = defaultReportPath(dir, 'smoke', '2025-03-14T09:26:53Z');
    writeReportAtomically(sampleReport, first);
    const second = defaultReportPath(dir, 'smoke', '2025-03-14T09:26:53Z');
    expect(second).toBe(join(dir, 'smoke-20250314-092653-2.json'));
    writeReportAtomically(sampleReport, second);
    expect(defaultReportPath(dir, 'smoke', '2025-03-14T09:26:53Z')).toBe(join(dir, 'smoke-20250314-092653-3.json'));
  });

  it('keeps file names safe', () => {
    expect(defaultReportPath(dir, '../acks all/3', '2025-03-14T09:26:53Z')).toBe(join(dir, 'acks-all-3-20250314-092653.json'));
  });
});

describe('readReport', () => {
  it('rejects a missing file', () => {
    const error = thrownBy(() => readReport(join(dir, 'nope.json')));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('report file not found');
    expect(error.message).toContain('nope.json');
  });

  it('rejects truncated JSON, saying it is truncated', () => {
    const path = join(dir, 'cut.json');
    const full = JSON.stringify(sampleReport, null, 2);
    for (const length of [0, 1, 100, Math.floor(full.length / 2), full.length - 2]) {
      writeFileSync(path, full.slice(0, length));
      const error = thrownBy(() => readReport(path));
      expect(error.exitCode).toBe(ExitCode.usage);
      expect(error.message).toMatch(/not valid JSON: the file is empty or truncated/);
    }
  });

  it('rejects text that is not JSON', () => {
    const path = join(dir, 'notes.json');
    writeFileSync(path, 'hello, world\n');
    const error = thrownBy(() => readReport(path));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('is not valid JSON');
  });

  it('rejects JSON that is not a kbench report', () => {
    const path = join(dir, 'package.json');
    for (const content of ['{"name": "kbench", "version": "0.1.0"}', '[1, 2, 3]', '42', '{"kind": "k6-summary", "schemaVersion": 1}']) {
      writeFileSync(path, content);
      const error = thrownBy(() => readReport(path));
      expect(error.exitCode).toBe(ExitCode.usage);
      expect(error.message).toContain('is not a kbench report');
      expect(error.message).toContain('"kind": "kbench-report"');
    }
  });

  it('rejects a newer schema version and says to upgrade', () => {
    const path = join(dir, 'future.json');
    writeFileSync(path, JSON.stringify({ ...sampleReport, schemaVersion: REPORT_SCHEMA_VERSION + 1 }));
    const error = thrownBy(() => readReport(path));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain(`schema version ${REPORT_SCHEMA_VERSION + 1}`);
    expect(error.message).toContain(`newer than this kbench supports (versions 1 to ${REPORT_SCHEMA_VERSION})`);
    expect(error.hint).toMatch(/upgrade kbench/i);
  });

  it('rejects an invalid schema version', () => {
    const path = join(dir, 'bad-version.json');
    writeFileSync(path, JSON.stringify({ ...sampleReport, schemaVersion: '1' }));
    expect(thrownBy(() => readReport(path)).message).toContain('invalid schemaVersion ("1")');
  });

  it('lists the missing or mistyped fields of a damaged report', () => {
    const damaged = cloneSampleReport() as unknown as Record<string, unknown>;
    delete damaged.latency;
    damaged.counts = { ...(damaged.counts as object), acked: '699950' };
    damaged.status = 'finished';
    const path = join(dir, 'damaged.json');
    writeFileSync(path, JSON.stringify(damaged));
    const error = thrownBy(() => readReport(path));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('is not a valid kbench report: 3 problem(s)');
    expect(error.details).toEqual([
      'status: expected one of "completed", "aborted", "failed", got "finished"',
      'counts.acked: expected a whole number ≥ 0, got "699950"',
      'latency: missing (expected an object)',
    ]);
  });

  it('accepts unknown extra fields (added by later kbench versions of the same schema)', () => {
    const path = join(dir, 'extra.json');
    writeFileSync(path, JSON.stringify({ ...sampleReport, thresholds: [] }));
    expect(readReport(path).status).toBe('completed');
  });
});

describe('a report read from a file cannot drive the terminal', () => {
  it('shows control characters in its strings as escapes, keeps newlines, tabs and the histograms', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbench-escape-'));
    const report = cloneSampleReport();
    report.environment.hostname = 'host\u001b[2J\u001b]0;pwned\u0007';
    report.errorSamples.other = ['line one\nline\ttwo \u009b31m'];
    const path = join(dir, 'r.json');
    writeReportAtomically(report, path);
    const read = readReport(path);
    expect(read.environment.hostname).toBe('host\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(read.errorSamples.other).toEqual(['line one\nline\ttwo \\u009b31m']);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(JSON.stringify(read)).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(read.latency.produce.hdr).toBe(report.latency.produce.hdr);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('other kinds of kbench files', () => {
  it('are refused by name, with what to do instead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbench-kinds-'));
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ kind: 'kbench-sweep', schemaVersion: 1 }));
    expect(() => readReport(sweep)).toThrow(/is a sweep bundle \(several variants and their runs\), not the report of one run/);
    const clients = join(dir, 'clients.json');
    writeFileSync(clients, JSON.stringify({ kind: 'kbench-clients', schemaVersion: 1 }));
    expect(() => readReport(clients)).toThrow(/is a client comparison bundle \(every client through the same scenarios\), not the report of one run/);
    rmSync(dir, { recursive: true, force: true });
  });
});
