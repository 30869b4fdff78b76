/**
 * The rebalance timeline's data: for each consumer member, the partitions it owned over time and
 * the moments it joined, was assigned or revoked partitions, left or crashed — replayed from the
 * report's `consumerEvents`. Pure.
 */
import type { ConsumerEventReport } from '../report-types.js';

/** A stretch of time during which a member owned the same non-empty set of partitions. */
export interface OwnershipSegment {
  fromMs: number;
  toMs: number;
  /** Ascending. */
  partitions: number[];
}

export interface MemberMark {
  atMs: number;
  type: ConsumerEventReport['type'];
  partitions: number[];
  processingTimeMs?: number;
}

export interface MemberRow {
  consumerId: string;
  groupId: string;
  /** From its first event (usually `joining`) … */
  fromMs: number;
  /** … until it left or crashed, or the end of the chart. */
  toMs: number;
  segments: OwnershipSegment[];
  marks: MemberMark[];
}

/**
 * One row per member, grouped by consumer group in order of first appearance. `assigned` adds
 * partitions and `revoked` removes them (so eager and cooperative protocols both replay
 * correctly); `left` and `crashed` end the member's ownership and its row. `endMs` closes what
 * is still open at the end of the run.
 */
export function memberRows(events: readonly ConsumerEventReport[], endMs: number): MemberRow[] {
  const sorted = [...events].sort((a, b) => a.atMs - b.atMs);
  const rows = new Map<string, MemberRow & { owned: Set<number>; ownedSinceMs: number; ended: boolean }>();
  for (const event of sorted) {
    let row = rows.get(event.consumerId);
    if (row === undefined) {
      row = { consumerId: event.consumerId, groupId: event.groupId, fromMs: event.atMs, toMs: endMs, segments: [], marks: [], owned: new Set(), ownedSinceMs: event.atMs, ended: false };
      rows.set(event.consumerId, row);
    }
    const partitions = [...(event.partitions ?? [])].sort((a, b) => a - b);
    row.marks.push({ atMs: event.atMs, type: event.type, partitions, ...(event.processingTimeMs === undefined ? {} : { processingTimeMs: event.processingTimeMs }) });
    if (row.ended && event.type !== 'joining') continue;
    const before = [...row.owned];
    if (event.type === 'joining') row.ended = false;
    if (event.type === 'assigned') for (const partition of partitions) row.owned.add(partition);
    if (event.type === 'revoked') for (const partition of partitions) row.owned.delete(partition);
    if (event.type === 'left' || event.type === 'crashed') {
      row.owned.clear();
      row.ended = true;
      row.toMs = event.atMs;
    }
    if (!sameSet(before, row.owned)) {
      closeSegment(row, before, event.atMs);
      row.ownedSinceMs = event.atMs;
    }
  }
  const result: MemberRow[] = [];
  for (const row of rows.values()) {
    if (!row.ended) closeSegment(row, [...row.owned], Math.max(endMs, row.ownedSinceMs));
    result.push({ consumerId: row.consumerId, groupId: row.groupId, fromMs: row.fromMs, toMs: row.ended ? row.toMs : Math.max(endMs, row.fromMs), segments: row.segments, marks: row.marks });
  }
  const groupOrder = [...new Set(result.map((row) => row.groupId))];
  return result.sort((a, b) => groupOrder.indexOf(a.groupId) - groupOrder.indexOf(b.groupId));
}

function closeSegment(row: { segments: OwnershipSegment[]; ownedSinceMs: number }, partitions: number[], atMs: number): void {
  if (partitions.length === 0 || atMs <= row.ownedSinceMs) return;
  row.segments.push({ fromMs: row.ownedSinceMs, toMs: atMs, partitions: [...partitions].sort((a, b) => a - b) });
}

function sameSet(list: readonly number[], set: ReadonlySet<number>): boolean {
  return list.length === set.size && list.every((item) => set.has(item));
}

/** `0-2, 5`: partitions as compact ranges. */
export function partitionRanges(partitions: readonly number[]): string {
  const sorted = [...new Set(partitions)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
