/**
 * The rebalance timeline as an inline SVG: a row per consumer member, bars for the partitions it
 * owned over time, marks where it joined, was assigned or revoked partitions, left or crashed,
 * and the rebalances and faults as shaded bands behind. Pure.
 */
import type { ChartBand } from './chart-spec.js';
import { colorAt } from './chart-spec.js';
import { escapeHtml } from './html-text.js';
import { partitionRanges, type MemberMark, type MemberRow } from './member-timeline.js';
import { linearScale, niceTicks, svgNumber } from './svg-scale.js';

const WIDTH = 1160;
const LABEL_WIDTH = 210;
const RIGHT_PAD = 16;
const TOP = 30;
const ROW_HEIGHT = 34;
const BAR_HEIGHT = 14;
const BOTTOM = 10;
/** Approximate width of one character of the 11 px labels. */
const CHAR_WIDTH = 6.4;

export const BAND_FILLS: Record<ChartBand['kind'], string> = {
  rebalance: 'rgba(255, 159, 64, 0.22)',
  fault: 'rgba(220, 53, 69, 0.20)',
  phase: 'rgba(128, 128, 128, 0.10)',
  backlog: 'rgba(23, 190, 207, 0.16)',
};
export const BAND_TEXT_COLORS: Record<ChartBand['kind'], string> = { rebalance: '#b35c00', fault: '#b02a37', phase: '#666666', backlog: '#0e7c86' };

/** The SVG for `rows` over [fromMs, toMs] (ms since the run started), with `bands` in seconds. */
export function renderMemberTimelineSvg(rows: readonly MemberRow[], bands: readonly ChartBand[], fromMs: number, toMs: number): string {
  const height = TOP + rows.length * ROW_HEIGHT + BOTTOM;
  const x = linearScale(fromMs / 1000, Math.max(toMs, fromMs + 1) / 1000, LABEL_WIDTH, WIDTH - RIGHT_PAD);
  const parts: string[] = [];
  const bottom = height - BOTTOM;
  for (const tick of niceTicks(fromMs / 1000, toMs / 1000, 12)) {
    const tx = svgNumber(x(tick));
    parts.push(`<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${bottom}" stroke="${tick === 0 ? '#999' : '#e4e4e4'}" stroke-width="1"/>`);
    parts.push(`<text x="${tx}" y="${TOP - 10}" text-anchor="middle" class="tick">${escapeHtml(`${tick} s`)}</text>`);
  }
  for (const band of bands) {
    const from = x(Math.max(band.from, fromMs / 1000));
    const to = x(Math.min(band.to, toMs / 1000));
    const width = Math.max(2, to - from);
    parts.push(
      `<g class="band band-${band.kind}"><title>${escapeHtml(`${band.label}: ${band.from.toFixed(1)} s → ${band.to.toFixed(1)} s`)}</title>` +
        `<rect x="${svgNumber(from)}" y="${TOP}" width="${svgNumber(width)}" height="${svgNumber(bottom - TOP)}" fill="${BAND_FILLS[band.kind]}"/>` +
        `<text x="${svgNumber(from + 2)}" y="${TOP + (band.kind === 'fault' ? 22 : 10)}" class="band-label" fill="${BAND_TEXT_COLORS[band.kind]}">${escapeHtml(band.label)}</text></g>`,
    );
  }
  rows.forEach((row, index) => parts.push(renderRow(row, index, x)));
  return (
    `<svg class="member-timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="partitions owned by each consumer member over time" xmlns="http://www.w3.org/2000/svg">` +
    `<style>text{font:11px system-ui,sans-serif;fill:#333}.tick{fill:#666}.band-label{font-weight:600}.seg-label{fill:#fff;font-weight:600}</style>` +
    `${parts.join('')}</svg>`
  );
}

function renderRow(row: MemberRow, index: number, x: (seconds: number) => number): string {
  const top = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2;
  const middle = top + BAR_HEIGHT / 2;
  const color = colorAt(index);
  const parts = [
    `<text x="4" y="${svgNumber(middle + 4)}">${escapeHtml(truncate(row.consumerId, Math.floor((LABEL_WIDTH - 10) / CHAR_WIDTH)))}</text>`,
    `<line x1="${svgNumber(x(row.fromMs / 1000))}" y1="${svgNumber(middle)}" x2="${svgNumber(x(row.toMs / 1000))}" y2="${svgNumber(middle)}" stroke="#c8c8c8" stroke-width="2"/>`,
  ];
  for (const segment of row.segments) {
    const from = x(segment.fromMs / 1000);
    const width = Math.max(1, x(segment.toMs / 1000) - from);
    const ranges = partitionRanges(segment.partitions);
    const label = fitLabel([`p ${ranges}`, ranges, `${segment.partitions.length}`], width);
    const title = `${row.consumerId} owned partition(s) ${ranges} from ${seconds(segment.fromMs)} to ${seconds(segment.toMs)}`;
    parts.push(
      `<g class="segment"><title>${escapeHtml(title)}</title>` +
        `<rect x="${svgNumber(from)}" y="${svgNumber(top)}" width="${svgNumber(width)}" height="${BAR_HEIGHT}" rx="2" fill="${color}" fill-opacity="0.8"/>` +
        (label === undefined ? '' : `<text x="${svgNumber(from + 4)}" y="${svgNumber(middle + 4)}" class="seg-label">${escapeHtml(label)}</text>`) +
        `</g>`,
    );
  }
  for (const mark of row.marks) parts.push(renderMark(row.consumerId, mark, x(mark.atMs / 1000), top, middle));
  return `<g class="member-row" data-consumer="${escapeHtml(row.consumerId)}">${parts.join('')}</g>`;
}

function renderMark(consumerId: string, mark: MemberMark, mx: number, top: number, middle: number): string {
  const px = svgNumber(mx);
  const what = mark.partitions.length > 0 ? ` partition(s) ${partitionRanges(mark.partitions)}` : '';
  const slow = mark.processingTimeMs === undefined ? '' : ` (${mark.processingTimeMs} ms per message)`;
  const title = `<title>${escapeHtml(`${consumerId} ${mark.type}${what}${slow} at ${seconds(mark.atMs)}`)}</title>`;
  const bottom = top + BAR_HEIGHT;
  let shape: string;
  switch (mark.type) {
    case 'assigned':
      shape = `<polygon points="${svgNumber(mx - 4)},${svgNumber(bottom + 7)} ${svgNumber(mx + 4)},${svgNumber(bottom + 7)} ${px},${svgNumber(bottom)}" fill="#1a7f37"/>`;
      break;
    case 'revoked':
      shape = `<polygon points="${svgNumber(mx - 4)},${svgNumber(top - 7)} ${svgNumber(mx + 4)},${svgNumber(top - 7)} ${px},${svgNumber(top)}" fill="#cf222e"/>`;
      break;
    case 'joining':
      shape = `<circle cx="${px}" cy="${svgNumber(middle)}" r="4" fill="#fff" stroke="#555" stroke-width="1.5"/>`;
      break;
    case 'left':
      shape = `<rect x="${svgNumber(mx - 1.5)}" y="${svgNumber(top - 2)}" width="3" height="${BAR_HEIGHT + 4}" fill="#555"/>`;
      break;
    case 'crashed':
      shape = `<path d="M${svgNumber(mx - 5)},${svgNumber(middle - 5)}L${svgNumber(mx + 5)},${svgNumber(middle + 5)}M${svgNumber(mx + 5)},${svgNumber(middle - 5)}L${svgNumber(mx - 5)},${svgNumber(middle + 5)}" stroke="#cf222e" stroke-width="2.5"/>`;
      break;
    case 'slow':
      shape = `<circle cx="${px}" cy="${svgNumber(middle)}" r="3.5" fill="#ff7f0e"/>`;
      break;
  }
  return `<g class="mark mark-${mark.type}">${title}${shape}</g>`;
}

/** The first candidate label that fits in `width` pixels. */
function fitLabel(candidates: readonly string[], width: number): string | undefined {
  return candidates.find((label) => label.length * CHAR_WIDTH + 8 <= width);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
