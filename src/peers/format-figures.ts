/** Number formats shared by the peers renderers. Pure. */

/** Throughput: whole messages per second with thousands separators. Latency: 3 significant digits. */
export function formatFigure(value: number | undefined, unit: 'msg/s' | 'ms'): string {
  if (value === undefined) return '—';
  if (unit === 'msg/s') return Math.round(value).toLocaleString('en-US');
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A ratio as `1.23×`; a dash when there is none. */
export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${ratio.toFixed(2)}×`;
}
