/**
 * Durations as scenario authors write them (`'500ms'`, `'30s'`, `'2m'`, `'1h'`, `'1m30s'`,
 * `'1.5s'`) and back. The one place durations are parsed: everything past it is milliseconds.
 */

/**
 * The longest time any duration may span: Node's timers hold at most 2^31 − 1 ms (about 24.8
 * days); a longer one fires at once, so a longer run, drain or step would end immediately.
 */
export const MAX_TIMER_MS = 2_147_483_647;

const MS_PER_UNIT = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof MS_PER_UNIT;
/** Units from largest to smallest: a combination must use them in this order, each once. */
const UNIT_ORDER: readonly Unit[] = ['h', 'm', 's', 'ms'];

/** One `<number><unit>` part; `ms` is tried before `m` so `500ms` is not read as `500m` + `s`. */
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

/**
 * Parses a duration with units into milliseconds, rounded to a whole millisecond.
 * Accepts `h`, `m`, `s` and `ms`, decimals (`'1.5s'`) and combinations from the largest unit
 * down (`'1h30m'`, `'1m30s'`). Returns undefined for anything else: bare numbers (`'30'`, `30`),
 * negatives, unknown units (`'10 seconds'`, `'1d'`), spaces, repeated or misordered units, the
 * empty string.
 */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  PART.lastIndex = 0;
  let totalMs = 0;
  let previousUnitRank = -1;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return undefined;
    const unit = match[2] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= previousUnitRank) return undefined;
    previousUnitRank = rank;
    totalMs += Number(match[1]) * MS_PER_UNIT[unit];
  }
  return Number.isFinite(totalMs) ? Math.round(totalMs) : undefined;
}

/**
 * Formats milliseconds for display, in the syntax `parseDuration` reads back:
 * `0` → `'0s'`, `500` → `'500ms'`, `1500` → `'1.5s'`, `90000` → `'1m30s'`, `5400000` → `'1h30m'`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  if (ms < 1_000) return `${trimDecimals(ms, 3)}ms`;
  const hours = Math.floor(ms / MS_PER_UNIT.h);
  const minutes = Math.floor((ms % MS_PER_UNIT.h) / MS_PER_UNIT.m);
  const seconds = (ms % MS_PER_UNIT.m) / MS_PER_UNIT.s;
  let text = '';
  if (hours > 0) text += `${hours}h`;
  if (minutes > 0) text += `${minutes}m`;
  if (seconds > 0) text += `${trimDecimals(seconds, 3)}s`;
  return text;
}

/** `1.500` → `'1.5'`, `2` → `'2'`, at most `digits` decimals. */
function trimDecimals(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
