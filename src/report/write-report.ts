/**
 * Writes reports so that a crash never leaves a half-written JSON file: the JSON goes to a
 * temporary file in the target's folder, is flushed to disk, then renamed over the target
 * (a rename within one file system is atomic).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { KbenchReport } from './report-types.js';

/**
 * Writes `report` as JSON (2-space indent) to `path`, atomically: readers see either the
 * previous file (or none) or the complete new one. Creates the folder when missing.
 */
export function writeReportAtomically(report: KbenchReport, path: string): void {
  writeTextAtomically(`${JSON.stringify(report, null, 2)}\n`, path);
}

/** Writes `text` (UTF-8) to `path` atomically, as `writeReportAtomically` does; used for HTML pages too. */
export function writeTextAtomically(text: string, path: string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const tempPath = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tempPath, 'wx', 0o644);
    try {
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  syncFolder(folder);
}

/** Flushes the folder's entry for the renamed file (best effort: not every platform allows it). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse fsync on a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The HTML page's path next to a JSON report: `run.json` → `run.html` (other names get `.html` appended). */
export function htmlPathFor(reportPath: string): string {
  return /\.json$/i.test(reportPath) ? reportPath.replace(/\.json$/i, '.html') : `${reportPath}.html`;
}

/**
 * `<reportsDir>/<scenario name>-<YYYYMMDD-HHMMSS>.json`, the time being `startedAt` in UTC (as
 * the report's own `startedAt`). Characters unsafe in file names become `-`. When that file
 * exists already, a suffix makes the path unique: `…-2.json`, `…-3.json`, ….
 */
export function defaultReportPath(reportsDir: string, scenarioName: string, startedAt: Date | string): string {
  const time = typeof startedAt === 'string' ? new Date(startedAt) : startedAt;
  if (Number.isNaN(time.getTime())) throw new RangeError(`invalid start time: ${String(startedAt)}`);
  const stem = `${safeFileName(scenarioName)}-${compactUtcTimestamp(time)}`;
  let candidate = join(reportsDir, `${stem}.json`);
  for (let suffix = 2; existsSync(candidate); suffix += 1) candidate = join(reportsDir, `${stem}-${suffix}.json`);
  return candidate;
}

/** `YYYYMMDD-HHMMSS` in UTC. */
export function compactUtcTimestamp(time: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${time.getUTCFullYear()}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}` +
    `-${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${pad(time.getUTCSeconds())}`
  );
}

function safeFileName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return safe === '' ? 'run' : safe;
}
