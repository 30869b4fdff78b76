import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/compare/compare-reports.js';
import { renderComparison } from '../../src/compare/render-compare-console.js';
import { assessSaturation } from '../../src/report/assess-saturation.js';
import { assessValidity, validityOf } from '../../src/report/assess-validity.js';
import { readMetric } from '../../src/report/metric-values.js';
import { renderSummary } from '../../src/report/render-console.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import type { ClusterWarmupReport } from '../../src/report/validity-types.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';

function warmup(outcome: ClusterWarmupReport['outcome'], reason = 'why'): ClusterWarmupReport {
  return { outcome, reason, clusterStartMs: 9_100, durationMs: outcome === 'skipped' ? 0 : 23_000, boundMs: 120_000, load: null, criterion: 'rule', seconds: [] };
}

function withSections(report: KbenchReport): KbenchReport {
  report.saturation = assessSaturation(report.scenario.producers.map((p) => p.load), report.timeline, report.scenario.consumerGroups.map((g) => g.groupId));
  report.validity = assessValidity(report);
  return report;
}

function saturated(report: KbenchReport): KbenchReport {
  for (const entry of report.timeline) if (entry.phase === 'measure') entry.ackedPerSec = 6_000;
  return report;
}

describe('assessValidity', () => {
  it('is valid for a settled warm-up and a load the system kept up with', () => {
    const report = cloneSampleReport();
    report.clusterWarmup = warmup('settled');
    const validity = withSections(report).validity;
    expect(validity?.verdict).toBe('valid');
    expect(validity?.findings).toEqual([{ source: 'warmup', severity: 'info', message: 'cluster warm-up: settled after 23 s of load (the cluster started in 9.1 s)' }]);
  });

  it('is invalid when the warm-up did not settle', () => {
    const report = cloneSampleReport();
    report.clusterWarmup = warmup('not-settled', 'not settled within its 120 s bound');
    const validity = withSections(report).validity;
    expect(validity?.verdict).toBe('invalid');
    expect(validity?.findings[0]?.message).toMatch(/did not settle \(not settled within its 120 s bound\).*compiling/);
  });

  it('warns when the warm-up was skipped on a cluster started for the run, and only informs on an external one', () => {
    const fresh = cloneSampleReport();
    fresh.clusterWarmup = warmup('skipped', 'turned off');
    fresh.environment.embeddedLifetime = 'run-scoped';
    expect(withSections(fresh).validity?.verdict).toBe('caveats');
    const external = cloneSampleReport();
    external.clusterWarmup = warmup('skipped', 'an external cluster');
    external.environment.embeddedLifetime = null;
    external.environment.clusterSource = 'external';
    expect(withSections(external).validity?.verdict).toBe('valid');
  });

  it('only informs when a later run of a session skipped the warm-up: the cluster was not started for it', () => {
    const later = cloneSampleReport();
    later.clusterWarmup = { ...warmup('skipped', 'the cluster is shared by the runs of this session and was warmed by its first run'), clusterStartMs: null };
    later.environment.embeddedLifetime = 'run-scoped';
    const validity = withSections(later).validity;
    expect(validity?.verdict).toBe('valid');
    expect(validity?.findings.find((f) => f.source === 'warmup')).toMatchObject({ severity: 'info', message: expect.stringMatching(/shared by the runs of this session/) });
  });

  it('is invalid when the system was saturated, a warning only when the scenario injects faults', () => {
    const plain = withSections(saturated(cloneSampleReport()));
    expect(plain.saturation?.verdict).toBe('saturated');
    expect(plain.validity?.verdict).toBe('invalid');
    expect(plain.validity?.findings.find((f) => f.source === 'saturation')?.message).toMatch(/did not keep up .*sustained 6,000 msg\/s.*queueing time/);
    const faulty = saturated(cloneSampleReport());
    faulty.scenario.faults = [{ atMs: 15_000, action: 'kill', node: 'leader', durationMs: 10_000 }];
    expect(withSections(faulty).validity?.verdict).toBe('caveats');
  });

  it('is invalid when the load generator was the bottleneck', () => {
    const report = cloneSampleReport();
    report.resourceUsage = { verdict: 'generator-bound', reasons: ['worker 1 used 99 % of a core'], cores: 2, machine: null, processes: [], cpuUsPerMessage: { produced: 31, consumed: null }, seconds: [], measuredSeconds: 20 };
    const validity = withSections(report).validity;
    expect(validity?.verdict).toBe('invalid');
    expect(validity?.findings[0]?.message).toContain('worker 1 used 99 % of a core');
    expect(readMetric(report, 'validity.invalid')).toBe(1);
    expect(readMetric(report, 'cpu.perProducedMessage')).toBeCloseTo(0.031, 10);
  });

  it('warns when the hypervisor stole a significant share of the cores while measuring, not below the threshold', () => {
    const usage = (stealPctMean: number) => ({ verdict: 'healthy' as const, reasons: [], cores: 2, machine: { busyPctMean: 80, busyPctMax: 97, stealPctMean }, processes: [], cpuUsPerMessage: { produced: null, consumed: null }, seconds: [], measuredSeconds: 60 });
    const stolen = cloneSampleReport();
    stolen.resourceUsage = usage(5.4);
    const validity = withSections(stolen).validity;
    expect(validity?.verdict).toBe('caveats');
    expect(validity?.findings.find((f) => /CPU steal/.test(f.message))?.message).toMatch(/gave 5\.4 % of this machine's cores to others/);
    const quiet = cloneSampleReport();
    quiet.resourceUsage = usage(2.5);
    expect(withSections(quiet).validity?.findings.some((f) => /CPU steal/.test(f.message))).toBe(false);
  });

  it('warns when a broker was still compiling its code (JIT) while measuring, naming the busiest; not at or below the settle threshold', () => {
    const broker = (key: string, jitCpuPctMean: number | null) => ({
      key, role: 'broker' as const, pid: 7, scope: 'process' as const, cpuMs: 9_000, cpuPctMean: 45, cpuPctMax: 60, rssMaxBytes: null, heapUsedMaxBytes: null,
      eventLoopDelayP99Ms: null, eventLoopDelayMaxMs: null, eventLoopUtilization: null, jitCpuPctMean, jitCpuPctMax: jitCpuPctMean === null ? null : jitCpuPctMean * 4,
    });
    const usage = (processes: ReturnType<typeof broker>[]) => ({ verdict: 'healthy' as const, reasons: [], cores: 2, machine: null, processes, cpuUsPerMessage: { produced: null, consumed: null }, seconds: [], measuredSeconds: 20 });
    const compiling = cloneSampleReport();
    compiling.resourceUsage = usage([broker('broker-1', 2), broker('broker-2', 12.5), broker('broker-3', null)]);
    const validity = withSections(compiling).validity;
    expect(validity?.verdict).toBe('caveats');
    expect(validity?.findings.find((f) => /still compiling/.test(f.message))?.message).toMatch(/broker-2's compiler threads used 12\.5 % of a core on average \(50 % at most; a settled cluster warm-up allows 5 %\)/);
    const settled = cloneSampleReport();
    settled.resourceUsage = usage([broker('broker-1', 5), broker('broker-2', 0.4)]);
    expect(withSections(settled).validity?.findings.some((f) => /still compiling/.test(f.message))).toBe(false);
    // Reports written before brokers' JIT was sampled have no such field: nothing to say.
    const older = cloneSampleReport();
    const { jitCpuPctMean: _mean, jitCpuPctMax: _max, ...withoutJit } = broker('broker-1', 40);
    older.resourceUsage = usage([withoutJit as ReturnType<typeof broker>]);
    expect(withSections(older).validity?.findings.some((f) => /still compiling/.test(f.message))).toBe(false);
  });
});

describe('the console and compare read validity', () => {
  it('prints a banner, labels latencies as queueing and lists the findings for a saturated run', () => {
    const text = renderSummary(withSections(saturated(cloneSampleReport())), { color: false });
    expect(text).toMatch(/⚠ SATURATED: the system did not keep up \(sustained 6,000 of 10,000 msg\/s offered\)/);
    expect(text).toMatch(/Latency \(ms, after warm-up; the load exceeded what the system sustained/);
    expect(text).toMatch(/Validity NOT VALID/);
    expect(text).toMatch(/load: saturated · sustained 6,000 msg\/s · offered 10,000 msg\/s, acknowledged 60\.0%/);
  });

  it('prints a valid block and no banner for a steady run', () => {
    const report = cloneSampleReport();
    report.clusterWarmup = warmup('settled');
    const text = renderSummary(withSections(report), { color: false });
    expect(text).not.toMatch(/⚠/);
    expect(text).toMatch(/Validity valid: the figures describe the system under test in a steady state/);
    expect(text).toMatch(/cluster warm-up: cluster start 9\.1 s · settled after 23 s \(bound 120 s\)/);
  });

  it('warns about an invalid side and marks its verdicts in compare', () => {
    const good = withSections(cloneSampleReport());
    const bad = withSections(saturated(cloneSampleReport()));
    const comparison = compareReports([
      { label: 'a', report: good },
      { label: 'b', report: bad },
    ]);
    expect(comparison.validity).toEqual(['valid', 'invalid']);
    expect(comparison.warnings.join('\n')).toMatch(/^b is not a steady-state measurement: the system did not keep up/m);
    expect(comparison.rows.every((row) => row.caveats[1] === true && row.caveats[0] === false)).toBe(true);
    const text = renderComparison(comparison, { color: false });
    expect(text).toMatch(/worse \(p<0\.001\) ⚠/);
  });

  it('does not mark verdicts between two valid runs', () => {
    const comparison = compareReports([
      { label: 'a', report: withSections(cloneSampleReport()) },
      { label: 'b', report: withSections(cloneSampleReport()) },
    ]);
    expect(comparison.rows.some((row) => row.caveats.some(Boolean))).toBe(false);
    expect(renderComparison(comparison, { color: false })).not.toMatch(/\) ⚠/);
  });
});

describe('schema 1 reports', () => {
  function schema1(): KbenchReport {
    const report = cloneSampleReport();
    report.schemaVersion = 1;
    for (const entry of report.timeline) delete entry.offeredPerSec;
    delete report.validity;
    delete report.saturation;
    return report;
  }

  it('get a validity worked out from their timeline', () => {
    expect(validityOf(schema1()).verdict).toBe('valid');
    expect(validityOf(saturated(schema1())).verdict).toBe('invalid');
    expect(readMetric(saturated(schema1()), 'saturation.keptUp')).toBe(0);
    expect(readMetric(schema1(), 'saturation.keptUp')).toBe(1);
  });

  it('render without the new sections', () => {
    const text = renderSummary(schema1(), { color: false });
    expect(text).not.toMatch(/Validity/);
    expect(text).toMatch(/status: completed/);
  });
});

describe('a measured phase that is still settling', () => {
  function settling(report: KbenchReport): KbenchReport {
    const measured = report.timeline.filter((entry) => entry.phase === 'measure');
    measured.forEach((entry, index) => {
      entry.produceP50Ms = index < measured.length / 3 ? 450 : 6;
    });
    return report;
  }

  it('is not valid when latency falls steeply from the first third to the last', () => {
    const validity = withSections(settling(cloneSampleReport())).validity;
    expect(validity?.verdict).toBe('invalid');
    expect(validity?.findings.find((f) => /fell steeply/.test(f.message))?.message).toMatch(/produce p50 450\.0 ms in its first third, 6\.0 ms in its last/);
  });

  it('is only a warning when the scenario disturbs the system on purpose, and nothing when latency is flat', () => {
    const faulty = settling(cloneSampleReport());
    faulty.scenario.faults = [{ atMs: 15_000, action: 'kill', node: 'leader', durationMs: 10_000 }];
    expect(withSections(faulty).validity?.findings.find((f) => /fell steeply/.test(f.message))?.severity).toBe('warning');
    expect(withSections(cloneSampleReport()).validity?.findings.some((f) => /fell steeply/.test(f.message))).toBe(false);
  });
});
