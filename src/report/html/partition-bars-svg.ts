/**
 * The per-partition spread of messages as an inline SVG bar chart: acknowledged and consumed
 * messages of each partition side by side, with the even share as a dashed line, so the key
 * strategy's effect (skew, hot partitions) shows at a glance. Pure.
 */
import { formatCount } from '../console-format.js';
import type { PartitionCounts } from '../report-types.js';
import { colorAt } from './chart-spec.js';
import { escapeHtml } from './html-text.js';
import { linearScale, niceStep, niceTicks, svgNumber } from './svg-scale.js';

const WIDTH = 1160;
const HEIGHT = 260;
const LEFT = 70;
const RIGHT = 16;
const TOP = 14;
const BOTTOM = 34;

/** The bar chart of `partitions` (ascending by partition), or an empty string when there are none. */
export function renderPartitionBarsSvg(partitions: readonly PartitionCounts[]): string {
  if (partitions.length === 0) return '';
  const sorted = [...partitions].sort((a, b) => a.partition - b.partition);
  const maxCount = Math.max(1, ...sorted.flatMap((p) => [p.acked, p.consumed]));
  const step = niceStep(maxCount, 5);
  const top = Math.ceil(maxCount / step) * step;
  const ticks = niceTicks(0, top, 5);
  const y = linearScale(0, top, HEIGHT - BOTTOM, TOP);
  const slot = (WIDTH - LEFT - RIGHT) / sorted.length;
  const barWidth = Math.max(1, Math.min(28, (slot - 4) / 2));
  const parts: string[] = [];
  for (const tick of ticks) {
    const ty = svgNumber(y(tick));
    parts.push(`<line x1="${LEFT}" y1="${ty}" x2="${WIDTH - RIGHT}" y2="${ty}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${svgNumber(y(tick) + 4)}" text-anchor="end" class="tick">${escapeHtml(formatCount(tick))}</text>`);
  }
  const totalAcked = sorted.reduce((sum, p) => sum + p.acked, 0);
  const labelEvery = Math.ceil(sorted.length / 40);
  sorted.forEach((p, index) => {
    const center = LEFT + slot * (index + 0.5);
    const share = totalAcked === 0 ? '-' : `${((p.acked / totalAcked) * 100).toFixed(1)}%`;
    const title = `partition ${p.partition}: ${formatCount(p.acked)} acked (${share} of all acked), ${formatCount(p.consumed)} consumed`;
    parts.push(
      `<g class="partition"><title>${escapeHtml(title)}</title>` +
        bar(center - barWidth, barWidth, y(p.acked), colorAt(0)) +
        bar(center, barWidth, y(p.consumed), colorAt(1)) +
        `</g>`,
    );
    if (index % labelEvery === 0) parts.push(`<text x="${svgNumber(center)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" class="tick">${p.partition}</text>`);
  });
  if (totalAcked > 0) {
    const evenY = svgNumber(y(totalAcked / sorted.length));
    parts.push(`<line x1="${LEFT}" y1="${evenY}" x2="${WIDTH - RIGHT}" y2="${evenY}" stroke="#555" stroke-dasharray="6 4"><title>even share of acked messages</title></line>`);
  }
  parts.push(`<text x="${svgNumber((LEFT + WIDTH - RIGHT) / 2)}" y="${HEIGHT - 4}" text-anchor="middle" class="tick">partition</text>`);
  return (
    `<svg class="partition-bars" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="acknowledged and consumed messages per partition" xmlns="http://www.w3.org/2000/svg">` +
    `<style>text{font:11px system-ui,sans-serif;fill:#333}.tick{fill:#666}</style>${parts.join('')}</svg>`
  );
}

function bar(x: number, width: number, yTop: number, color: string): string {
  const height = Math.max(0, HEIGHT - BOTTOM - yTop);
  return `<rect x="${svgNumber(x)}" y="${svgNumber(yTop)}" width="${svgNumber(width)}" height="${svgNumber(height)}" fill="${color}"/>`;
}

/** `max 18.3% (partition 2), min 15.1% (partition 5) of acked; even 16.7%`, or an empty string without acked messages. */
export function partitionSpreadText(partitions: readonly PartitionCounts[]): string {
  const total = partitions.reduce((sum, p) => sum + p.acked, 0);
  if (total === 0 || partitions.length === 0) return '';
  const max = partitions.reduce((best, p) => (p.acked > best.acked ? p : best));
  const min = partitions.reduce((best, p) => (p.acked < best.acked ? p : best));
  const percent = (count: number): string => `${((count / total) * 100).toFixed(1)}%`;
  return `largest ${percent(max.acked)} of acked (partition ${max.partition}), smallest ${percent(min.acked)} (partition ${min.partition}); an even spread is ${percent(total / partitions.length)}`;
}
