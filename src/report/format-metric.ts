/** A metric's value with its unit, the same way in the console, the HTML pages and the compare table. Pure. */
import type { MetricUnit } from './report-types.js';
import { formatCount, formatMs, formatRate } from './console-format.js';

/** `12.3 ms`, `1,998 msg/s`, `38`; `-` for no value. */
export function formatMetricValue(value: number | null, unit: MetricUnit): string {
  if (value === null) return '-';
  if (value === 0) return { ms: '0 ms', perSec: '0 msg/s', count: '0' }[unit];
  switch (unit) {
    case 'ms':
      return `${formatMs(value)} ms`;
    case 'perSec':
      return `${formatRate(value)} msg/s`;
    case 'count':
      return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
  }
}

/** A relative change as a signed percentage: `+12.5%`, `-3.0%`, `0.0%`; `n/a` from a zero baseline to non-zero. */
export function formatChange(fraction: number | null): string {
  if (fraction === null) return 'n/a';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+∞%' : '-∞%';
  const percent = fraction * 100;
  const text = Math.abs(percent).toFixed(Math.abs(percent) >= 100 ? 0 : 1);
  if (Number(text) === 0) return `${text}%`;
  return `${percent > 0 ? '+' : '-'}${text}%`;
}
