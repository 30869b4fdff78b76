/**
 * The merged per-second timeline: the shards' seconds laid on the merged time base (each shard's
 * second 0 at its wall-clock offset from the earliest, rounded to whole seconds), then per second:
 * - counts, bytes, errors, messages in flight and members: summed over the shards that have it;
 * - lag per group: summed, a shard's last value held after its timeline ended (a shard's lag is
 *   what it acknowledged minus what its members consumed, so the sum is the group's);
 * - percentiles: the highest of the shards' values. A second's exact percentile needs that
 *   second's histograms, which reports do not keep; the maximum is an upper bound of it;
 * - phase: `measure` only when every shard running then measured it (`warmup` while any shard
 *   warms up, else `drain` while any drains), so the merged measured seconds are whole-run seconds.
 * Pure.
 */
import type { ClientErrorKind } from '../clients/client-adapter.js';
import { offeredInSecond } from '../report/assess-saturation.js';
import type { RunPhase, TimelineEntry } from '../report/report-types.js';
import { secondsAcross, type AlignedShard } from './shard-alignment.js';

type CountField = 'sentPerSec' | 'ackedPerSec' | 'failedPerSec' | 'consumedPerSec' | 'sentBytesPerSec' | 'ackedBytesPerSec' | 'consumedBytesPerSec' | 'notAttemptedPerSec' | 'inFlight';
type PercentileField = 'produceP50Ms' | 'produceP99Ms' | 'produceMaxMs' | 'responseP99Ms' | 'e2eP50Ms' | 'e2eP99Ms' | 'e2eMaxMs';

const COUNT_FIELDS: readonly CountField[] = ['sentPerSec', 'ackedPerSec', 'failedPerSec', 'consumedPerSec', 'sentBytesPerSec', 'ackedBytesPerSec', 'consumedBytesPerSec', 'notAttemptedPerSec', 'inFlight'];
const PERCENTILE_FIELDS: readonly PercentileField[] = ['produceP50Ms', 'produceP99Ms', 'produceMaxMs', 'responseP99Ms', 'e2eP50Ms', 'e2eP99Ms', 'e2eMaxMs'];

export function mergeTimeline(shards: readonly AlignedShard[]): TimelineEntry[] {
  return secondsAcross(shards, (shard) => shard.report.timeline).map(({ second, present, ended }) => {
    const entries = present.map(({ entry }) => entry);
    const sum = (pick: (entry: TimelineEntry) => number): number => entries.reduce((total, entry) => total + pick(entry), 0);
    const counts = Object.fromEntries(COUNT_FIELDS.map((field) => [field, sum((entry) => entry[field])])) as Record<CountField, number>;
    const percentiles = Object.fromEntries(PERCENTILE_FIELDS.map((field) => [field, highest(entries.map((entry) => entry[field]))])) as Record<PercentileField, number | null>;
    return {
      second,
      phase: phaseOf(entries.map((entry) => entry.phase)),
      ...counts,
      offeredPerSec: sum(offeredInSecond),
      errors: sumRecords(entries.map((entry) => entry.errors)) as Partial<Record<ClientErrorKind, number>>,
      lag: sumRecords([...entries.map((entry) => entry.lag), ...ended.map(({ last }) => last.lag)]),
      ...percentiles,
      members: sumRecords(entries.map((entry) => entry.members)),
      liveMembers: sumRecords(entries.map((entry) => entry.liveMembers)),
    };
  });
}

function phaseOf(phases: readonly RunPhase[]): RunPhase {
  if (phases.length === 0 || phases.includes('warmup')) return phases.length === 0 ? 'drain' : 'warmup';
  return phases.includes('drain') ? 'drain' : 'measure';
}

function highest(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** Maps added key by key (keys in first-seen order). */
export function sumRecords(records: ReadonlyArray<Readonly<Record<string, number | undefined>>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) total[key] = (total[key] ?? 0) + (value ?? 0);
  return total;
}
