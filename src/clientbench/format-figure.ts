/** A figure's value as text, by its unit (console and page alike). Pure. */
import { formatCount, formatMs, formatRate } from '../report/console-format.js';
import type { ClientFigureUnit } from './clientbench-types.js';

export function formatFigure(value: number | null, unit: ClientFigureUnit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'msg/s':
      return formatRate(value);
    case 'ms':
      return `${formatMs(value)} ms`;
    case 'µs':
      return `${value < 100 ? value.toFixed(1) : formatCount(value)} µs`;
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(0)} MiB`;
    case 'count':
      return formatCount(value);
  }
}
