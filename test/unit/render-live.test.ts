import { describe, expect, it } from 'vitest';
import { formatClock, formatCompactRate, renderLiveLine, type LiveLineInput } from '../../src/report/render-live.js';
import { sampleReport } from '../fixtures/sample-report.js';

const measuring: LiveLineInput = {
  elapsedMs: 42_300,
  totalMs: 70_000,
  phase: 'measure',
  sentPerSec: 10_000,
  ackedPerSec: 9_998,
  consumedPerSec: 9_990,
  produceP99Ms: 4.213,
  e2eP99Ms: 12.34,
  lag: { 'kbench-acks-all-0': 150 },
  inFlight: 37,
  errorsTotal: 0,
};

describe('renderLiveLine', () => {
  it('shows time, phase, rates, p99s, lag, in-flight and errors on one plain line', () => {
    expect(renderLiveLine(measuring)).toBe(
      '00:42/01:10 28s left  measure  sent 10.0k/s  acked 9,998/s  consumed 9,990/s  p99 produce 4.21 ms  p99 e2e 12.3 ms  lag 150  in-flight 37  errors 0',
    );
  });

  it('renders straight from a timeline entry', () => {
    const entry = sampleReport.timeline[3]!;
    const line = renderLiveLine({ ...entry, elapsedMs: 3_000, totalMs: 70_000, errorsTotal: 38 });
    expect(line).toMatch(/^00:03\/01:10 67s left {2}warm-up {2}sent 10\.0k\/s {2}acked /);
    expect(line).toContain('errors 38');
    expect(line).not.toContain('\n');
  });

  it('says draining after the planned end, and dashes for missing latencies', () => {
    const line = renderLiveLine({ ...measuring, phase: 'drain', elapsedMs: 71_500, sentPerSec: 0, ackedPerSec: 0, produceP99Ms: null, e2eP99Ms: null, inFlight: 0 });
    expect(line).toContain('01:11/01:10 draining  drain    sent 0/s  acked 0/s');
    expect(line).toContain('p99 produce -  p99 e2e -');
  });

  it('shows the largest lag when there are several groups, and none without consumers', () => {
    expect(renderLiveLine({ ...measuring, lag: { a: 10, b: 2_500, c: 0 } })).toContain('lag max 2,500 (3 groups)');
    const noConsumers = renderLiveLine({ ...measuring, lag: {}, consumedPerSec: 0, e2eP99Ms: null });
    expect(noConsumers).not.toContain('lag');
    expect(noConsumers).toContain('p99 e2e -  in-flight 37');
  });

  it('contains no escape codes', () => {
    expect(renderLiveLine(measuring)).not.toContain('\u001b');
  });
});

describe('formatClock', () => {
  it('gives mm:ss, and h:mm:ss from an hour up', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(59_999)).toBe('00:59');
    expect(formatClock(754_000)).toBe('12:34');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

describe('formatCompactRate', () => {
  it('keeps rates short', () => {
    expect(formatCompactRate(0)).toBe('0');
    expect(formatCompactRate(950.4)).toBe('950');
    expect(formatCompactRate(9_998)).toBe('9,998');
    expect(formatCompactRate(12_345)).toBe('12.3k');
    expect(formatCompactRate(250_400)).toBe('250k');
    expect(formatCompactRate(1_250_000)).toBe('1.25M');
    expect(formatCompactRate(99_960)).toBe('100k');
    expect(formatCompactRate(999_600)).toBe('1.00M');
  });
});
