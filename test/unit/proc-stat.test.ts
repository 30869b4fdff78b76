import { describe, expect, it } from 'vitest';
import { machineShares, parseMachineStat, parseTaskStat } from '../../src/metrics/proc-stat.js';

// Captured from a Linux machine (`cat /proc/self/stat`), with the command name changed to hold spaces and parentheses.
const TASK_STAT =
  '8315 (my (odd) proc) R 8313 8313 6840 0 -1 4194304 99 0 1 0 1234 567 0 0 20 0 1 0 50980 3133440 378 18446744073709551615 94780008636416 94780008656297 140721146621360 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94780008672304 94780008673920 94780928917504 140721146628831 140721146628851 140721146628851 140721146630123 0\n';

const MACHINE_STAT = `cpu  46304 0 8902 44682 608 0 344 670 0 0
cpu0 20988 0 3907 25346 78 0 140 323 0 0
cpu1 25316 0 4995 19336 530 0 203 346 0 0
intr 5163839 0 9 0 0 0 0 0 0 0
ctxt 9876543
`;

describe('/proc parsers', () => {
  it('reads utime, stime and rss after the last parenthesis of the command name', () => {
    expect(parseTaskStat(TASK_STAT)).toEqual({ utimeTicks: 1234, stimeTicks: 567, rssPages: 378 });
  });

  it('refuses text that is not a stat line', () => {
    expect(parseTaskStat('')).toBeUndefined();
    expect(parseTaskStat('12 (x) R 1 2')).toBeUndefined();
  });

  it('sums the machine cpu line and counts the cores', () => {
    expect(parseMachineStat(MACHINE_STAT)).toEqual({
      cores: 2,
      totalTicks: 46304 + 8902 + 44682 + 608 + 344 + 670,
      idleTicks: 44682,
      iowaitTicks: 608,
      stealTicks: 670,
    });
    expect(parseMachineStat('intr 1 2 3\n')).toBeUndefined();
  });

  it('gives busy (without idle, iowait and steal) and steal as shares of all cores between two readings', () => {
    const before = { cores: 2, totalTicks: 1000, idleTicks: 400, iowaitTicks: 50, stealTicks: 10 };
    // 200 ticks later: 30 idle, 10 iowait, 20 steal → 140 busy.
    const after = { cores: 2, totalTicks: 1200, idleTicks: 430, iowaitTicks: 60, stealTicks: 30 };
    const shares = machineShares(before, after);
    expect(shares?.busyPct).toBeCloseTo(70);
    expect(shares?.stealPct).toBeCloseTo(10);
    expect(machineShares(after, after)).toBeUndefined();
  });
});

describe('JIT compiler threads', () => {
  it('reads a task name, parentheses and spaces included, and tells HotSpot compiler threads apart', async () => {
    const { isJitCompilerThread, parseTaskName } = await import('../../src/metrics/proc-stat.js');
    expect(parseTaskName('31288 (C2 CompilerThre) R 31240 31240 0 -1 4194368 0 0 0 0 1400 9 0 0 20 0 1 0')).toBe('C2 CompilerThre');
    expect(parseTaskName('7 (weird (name)) S 1')).toBe('weird (name)');
    expect(isJitCompilerThread('C2 CompilerThre')).toBe(true);
    expect(isJitCompilerThread('C1 CompilerThre')).toBe(true);
    expect(isJitCompilerThread('data-plane-kafk')).toBe(false);
    expect(isJitCompilerThread('GC Thread#0')).toBe(false);
  });

  it('reads the compiler threads of a real JVM', async () => {
    const { readJitCompilerCpuUs } = await import('../../src/metrics/proc-stat.js');
    expect(readJitCompilerCpuUs(process.pid)).toBe(0);
    expect(readJitCompilerCpuUs(2 ** 30)).toBeUndefined();
  });
});
