/**
 * The progress line printed once per second during a run. Pure and plain text: the caller
 * decides whether to redraw it in place (TTY) or print one line per interval.
 */
import { formatCount, formatMs } from './console-format.js';
import type { TimelineEntry } from './report-types.js';

/** One second's view of the run: the fields of its `TimelineEntry`, plus where the run stands. */
export interface LiveLineInput
  extends Pick<TimelineEntry, 'phase' | 'sentPerSec' | 'ackedPerSec' | 'consumedPerSec' | 'produceP99Ms' | 'e2eP99Ms' | 'lag' | 'inFlight'>,
    Partial<Pick<TimelineEntry, 'members' | 'liveMembers'>> {
  /** Groups with a rebalance under way. */
  rebalancing?: string[];
  /** Time since the run started, warm-up included, ms. */
  elapsedMs: number;
  /** Planned warm-up plus measured duration, ms (the drain, being open-ended, is not included). */
  totalMs: number;
  /** Errors of every kind since the run started. */
  errorsTotal: number;
}

/**
 * e.g. `00:42/01:10 28s left  measure  sent 10.0k/s  acked 9,998/s  consumed 9,990/s  p99 produce 4.21 ms  p99 e2e 12.3 ms  lag 150  in-flight 37  errors 0`
 */
export function renderLiveLine(input: LiveLineInput): string {
  const remainingMs = Math.max(0, input.totalMs - input.elapsedMs);
  const clock = `${formatClock(input.elapsedMs)}/${formatClock(input.totalMs)}`;
  const remaining = input.phase === 'drain' ? 'draining' : `${Math.ceil(remainingMs / 1000)}s left`;
  const parts = [
    `${clock} ${remaining}`,
    PHASE_LABELS[input.phase].padEnd(7),
    `sent ${formatCompactRate(input.sentPerSec)}/s`,
    `acked ${formatCompactRate(input.ackedPerSec)}/s`,
    `consumed ${formatCompactRate(input.consumedPerSec)}/s`,
    `p99 produce ${formatOptionalMs(input.produceP99Ms)}`,
    `p99 e2e ${formatOptionalMs(input.e2eP99Ms)}`,
    formatLag(input.lag),
    formatMembers(input),
    `in-flight ${formatCount(input.inFlight)}`,
    `errors ${formatCount(input.errorsTotal)}`,
  ];
  return parts.filter((part) => part !== '').join('  ');
}

const PHASE_LABELS: Record<TimelineEntry['phase'], string> = { warmup: 'warm-up', measure: 'measure', drain: 'drain' };

/** `mm:ss`, or `h:mm:ss` from one hour up. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Rates short enough for one line: `950`, `9,998`, `12.3k`, `250k`, `1.25M`. */
export function formatCompactRate(perSec: number): string {
  const value = Math.round(perSec);
  if (value < 10_000) return formatCount(value);
  // Thresholds where rounding would otherwise print `100.0k` or `1000k`.
  if (value < 99_950) return `${(value / 1000).toFixed(1)}k`;
  if (value < 999_500) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(2)}M`;
}

function formatOptionalMs(ms: number | null): string {
  return ms === null ? '-' : `${formatMs(ms)} ms`;
}

/** Members of the first group (`members 4`, `members 3/4 owning`) and `REBALANCING` while one is under way. */
function formatMembers(input: Pick<LiveLineInput, 'members' | 'liveMembers' | 'rebalancing'>): string {
  const groups = Object.keys(input.liveMembers ?? {});
  const first = groups[0];
  if (first === undefined) return '';
  const live = input.liveMembers?.[first] ?? 0;
  const owning = input.members?.[first] ?? 0;
  const members = owning === live ? `members ${live}` : `members ${owning}/${live} owning`;
  const more = groups.length > 1 ? ` (+${groups.length - 1} groups)` : '';
  return (input.rebalancing?.length ?? 0) > 0 ? `${members}${more} REBALANCING` : `${members}${more}`;
}

/** Lag of the only group, or the largest one when there are several; nothing without consumers. */
function formatLag(lag: Record<string, number>): string {
  const values = Object.values(lag);
  if (values.length === 0) return '';
  const max = Math.max(...values);
  return values.length === 1 ? `lag ${formatCount(max)}` : `lag max ${formatCount(max)} (${values.length} groups)`;
}
