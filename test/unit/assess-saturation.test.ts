import { describe, expect, it } from 'vitest';
import { assessSaturation, slope } from '../../src/report/assess-saturation.js';
import type { TimelineEntry } from '../../src/report/report-types.js';
import type { PlannedLoad } from '../../src/scenario/plan-types.js';
import { sampleReport } from '../fixtures/sample-report.js';

const constant: PlannedLoad[] = [{ type: 'constant', ratePerSec: 2000 }];

function entry(second: number, overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    ...(sampleReport.timeline[20] as TimelineEntry),
    second,
    phase: 'measure',
    sentPerSec: 2000,
    ackedPerSec: 2000,
    notAttemptedPerSec: 0,
    offeredPerSec: 2000,
    inFlight: 40,
    lag: { g: 10 },
    ...overrides,
  };
}

function measured(count: number, overrides: (second: number) => Partial<TimelineEntry> = () => ({})): TimelineEntry[] {
  return Array.from({ length: count }, (_, second) => entry(second, overrides(second)));
}

describe('assessSaturation', () => {
  it('keeps up when every offered message is acknowledged and nothing grows', () => {
    const report = assessSaturation(constant, measured(20), ['g']);
    expect(report.verdict).toBe('kept-up');
    expect(report.offeredPerSec).toBe(2000);
    expect(report.sustainedPerSec).toBe(2000);
    expect(report.ackedToOfferedRatio).toBe(1);
    expect(report.reasons).toEqual([]);
    expect(report.consumers).toEqual([{ groupId: 'g', lagGrowthPerSec: 0, lagAtEnd: 10, keptUp: true }]);
  });

  it('is saturated when the system acknowledges less than was offered, with the sustained rate', () => {
    const report = assessSaturation(constant, measured(20, () => ({ ackedPerSec: 1400 })), ['g']);
    expect(report.verdict).toBe('saturated');
    expect(report.sustainedPerSec).toBe(1400);
    expect(report.saturatedSeconds).toBe(20);
    expect(report.reasons[0]).toMatch(/acknowledged 1,400 msg\/s of the 2,000 msg\/s offered \(70\.0 %\)/);
  });

  it('is saturated when messages due were not attempted', () => {
    const report = assessSaturation(constant, measured(20, (s) => (s === 10 ? { notAttemptedPerSec: 500, sentPerSec: 1500, ackedPerSec: 1500 } : {})), []);
    expect(report.verdict).toBe('saturated');
    expect(report.notAttempted).toBe(500);
    expect(report.reasons.join(' ')).toMatch(/500 messages due in the measured seconds were never sent/);
  });

  it('is saturated when seconds of load are still in flight at the end (latency is queueing)', () => {
    const report = assessSaturation(constant, measured(20, (s) => ({ inFlight: 40 + s * 300 })), []);
    expect(report.verdict).toBe('saturated');
    expect(report.inFlightGrowthPerSec).toBeCloseTo(300, 6);
    expect(report.reasons.join(' ')).toMatch(/awaiting acknowledgement/);
  });

  it('is saturated when a consumer group falls steadily behind', () => {
    const report = assessSaturation(constant, measured(20, (s) => ({ lag: { g: s * 200, h: 5 } })), ['g', 'h']);
    expect(report.verdict).toBe('saturated');
    expect(report.consumers.find((c) => c.groupId === 'g')?.keptUp).toBe(false);
    expect(report.consumers.find((c) => c.groupId === 'h')?.keptUp).toBe(true);
    expect(report.reasons.join(' ')).toMatch(/consumer group g fell behind/);
  });

  it('keeps up through a lag bump that recovers', () => {
    const report = assessSaturation(constant, measured(20, (s) => ({ lag: { g: s >= 8 && s <= 11 ? 3000 : 10 } })), ['g']);
    expect(report.verdict).toBe('kept-up');
  });

  it('reads schema 1 seconds (no offeredPerSec) as sent + not attempted', () => {
    const old = measured(10, () => ({ sentPerSec: 1000, notAttemptedPerSec: 1000, ackedPerSec: 1000 })).map(({ offeredPerSec: _o, ...rest }) => rest);
    const report = assessSaturation(constant, old, []);
    expect(report.offeredPerSec).toBe(2000);
    expect(report.verdict).toBe('saturated');
  });

  it('calls unthrottled load what it is, whatever the figures', () => {
    const report = assessSaturation([{ type: 'unthrottled', maxInFlight: 1000 }], measured(10, () => ({ notAttemptedPerSec: 0, ackedPerSec: 30_000 })), []);
    expect(report.verdict).toBe('unthrottled');
    expect(report.offeredPerSec).toBeNull();
    expect(report.reasons[0]).toMatch(/30,000 msg\/s is the capacity/);
  });

  it('has no load without producers or without measured seconds', () => {
    expect(assessSaturation([], measured(10), []).verdict).toBe('no-load');
    expect(assessSaturation(constant, measured(10, () => ({ phase: 'warmup' })), []).verdict).toBe('no-load');
  });

  it('judges the sample report (10k msg/s steady) as kept up', () => {
    expect(assessSaturation(sampleReport.scenario.producers.map((p) => p.load), sampleReport.timeline, ['kbench-acks-all-0']).verdict).toBe('kept-up');
  });
});

describe('slope', () => {
  it('is the least-squares slope per sample', () => {
    expect(slope([1, 3, 5, 7])).toBeCloseTo(2, 10);
    expect(slope([5])).toBe(0);
    expect(slope([4, 4, 4])).toBe(0);
  });
});

describe('a load generator behind its schedule', () => {
  it('is saturation too: fewer messages handed to the client than the schedule intended', () => {
    const report = assessSaturation(constant, measured(20, () => ({ offeredPerSec: 2000, sentPerSec: 1500, ackedPerSec: 1500 })), []);
    expect(report.verdict).toBe('saturated');
    expect(report.reasons.join(' ')).toMatch(/handed the client only 30,000 of the 40,000 messages their schedule intended/);
  });
});

describe('a measured phase that begins behind', () => {
  it('is not a steady state even when the backlog drains during the measurement', () => {
    const report = assessSaturation(constant, measured(20, (s) => ({ inFlight: Math.max(40, 8000 - s * 800), ackedPerSec: s < 10 ? 2800 : 2000 })), []);
    expect(report.verdict).toBe('saturated');
    expect(report.reasons.join(' ')).toMatch(/began with 8,000 messages \(4\.0 s of load\) awaiting acknowledgement/);
  });
});
