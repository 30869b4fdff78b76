/**
 * The console's formatting kit: tables, numbers with units, text styles. Pure; shared by every
 * console renderer (the summary, the live line, compare, thresholds).
 */
import Table from 'cli-table3';

type Align = 'left' | 'right';

/** A compact table; by default its first column (labels) is left-aligned and the others (numbers) right-aligned. */
export function createTable(head: string[], style: Style, aligns: Align[] = head.map((_, index) => (index === 0 ? 'left' : 'right'))): Table.Table {
  return new Table({
    head: head.map((cell) => style.cyan(cell)),
    colAligns: aligns,
    // No colours from cli-table3 itself: they depend on the TTY, not on the caller's choice.
    style: { head: [], border: [], compact: true },
  });
}

/** Milliseconds with sensible precision: 0.412, 3.27, 45.1, 1,203. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return ms.toFixed(3);
  if (abs < 10) return ms.toFixed(2);
  if (abs < 100) return ms.toFixed(1);
  return formatCount(Math.round(ms));
}

/** An integer with thousands separators: 1,234,567. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate per second: integers from 100 up, one decimal below. */
export function formatRate(perSec: number): string {
  if (perSec === 0) return '0';
  return Math.abs(perSec) >= 100 ? formatCount(perSec) : perSec.toFixed(1);
}

/** Bytes per second as MB/s (10^6 bytes), two decimals. */
export function formatMegabytes(bytesPerSec: number): string {
  return (bytesPerSec / 1e6).toFixed(2);
}

/** A fraction as a percentage with one decimal: 0.1667 → `16.7%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A duration the way scenarios write them: `450ms`, `30s`, `1m30s`, `1h5m`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', seconds > 0 || (hours === 0 && minutes === 0) ? `${seconds}s` : ''];
  return parts.join('');
}

export function truncate(text: string, maxLength: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= maxLength ? oneLine : `${oneLine.slice(0, maxLength - 1)}…`;
}

/** Text styles: ANSI escapes when colour is on, identity when off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

export function createStyle(color: boolean): Style {
  const wrap =
    (open: number, close: number) =>
    (text: string): string =>
      color && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { bold: wrap(1, 22), dim: wrap(2, 22), cyan: wrap(36, 39), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39) };
}
