import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/util/durations.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['1h0m5s250ms', 3_605_250],
    ['1.5s', 1_500],
    ['0.25m', 15_000],
    ['0s', 0],
    ['0ms', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', '-5s', '10 seconds', '1d', '5 s', '1m 30s', '30s1m', '1s1s', 's', '.5s', '1.s', '+1s', 'ms', '1e3ms', ' 1s', '1S'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('rejects values that are not strings', () => {
    expect(parseDuration(5 as unknown as string)).toBeUndefined();
    expect(parseDuration(undefined as unknown as string)).toBeUndefined();
  });

  it('rounds to a whole millisecond', () => {
    expect(parseDuration('1.0004s')).toBe(1_000);
    expect(parseDuration('0.5ms')).toBe(1);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_605_250, '1h5.25s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes what parseDuration reads back', () => {
    for (const ms of [0, 1, 999, 1_000, 1_001, 59_999, 60_000, 61_500, 3_599_999, 3_600_000, 86_400_000, 90_061_001]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
