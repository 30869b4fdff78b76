/**
 * CPU and memory counters from Linux's /proc: the pure parsers of `/proc/<pid>/stat` (also
 * `/proc/thread-self/stat`) and `/proc/stat`, and small readers that return undefined where
 * /proc is not there (other systems, restricted containers). Used by the workers (their own
 * thread's CPU) and the runner's resource sampler (brokers, machine).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time and resident memory of one process (or thread), in clock ticks and pages. */
export interface ProcTaskStat {
  /** Field 14: time in user mode, clock ticks. */
  utimeTicks: number;
  /** Field 15: time in kernel mode, clock ticks. */
  stimeTicks: number;
  /** Field 24: resident set size, pages. */
  rssPages: number;
}

/**
 * Parses `/proc/<pid>/stat`. The second field (the command name in parentheses) may itself hold
 * spaces and parentheses, so the fields are counted from after the last `)`. Undefined when the
 * text is not in that format.
 */
export function parseTaskStat(text: string): ProcTaskStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After the comm field: field 3 (state) is at index 0.
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const field = (n: number): number => Number(fields[n - 3]);
  const stat = { utimeTicks: field(14), stimeTicks: field(15), rssPages: field(24) };
  return Object.values(stat).every((value) => Number.isFinite(value)) ? stat : undefined;
}

/** Machine-wide CPU time from the `cpu` line of /proc/stat, clock ticks summed over every core. */
export interface MachineCpuStat {
  /** Logical cores (the `cpuN` lines). */
  cores: number;
  /** user + nice + system + idle + iowait + irq + softirq + steal (guest time is already inside user). */
  totalTicks: number;
  idleTicks: number;
  iowaitTicks: number;
  stealTicks: number;
}

/** Parses /proc/stat; undefined without a well-formed `cpu` line. */
export function parseMachineStat(text: string): MachineCpuStat | undefined {
  const lines = text.split('\n');
  const cpuLine = lines.find((line) => /^cpu\s/.test(line));
  if (!cpuLine) return undefined;
  const values = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  if (values.length < 4 || values.some((value) => !Number.isFinite(value))) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const cores = lines.filter((line) => /^cpu\d+\s/.test(line)).length;
  return {
    cores: Math.max(1, cores),
    totalTicks: user + nice + system + idle + iowait + irq + softirq + steal,
    idleTicks: idle,
    iowaitTicks: iowait,
    stealTicks: steal,
  };
}

/** Busy and steal shares of all cores between two readings of /proc/stat, %; busy = total − idle − iowait − steal. */
export function machineShares(before: MachineCpuStat, after: MachineCpuStat): { busyPct: number; stealPct: number } | undefined {
  const total = after.totalTicks - before.totalTicks;
  if (total <= 0) return undefined;
  const idle = after.idleTicks - before.idleTicks + (after.iowaitTicks - before.iowaitTicks);
  const steal = after.stealTicks - before.stealTicks;
  return { busyPct: (100 * Math.max(0, total - idle - steal)) / total, stealPct: (100 * Math.max(0, steal)) / total };
}

let cachedSystemValues: { ticksPerSecond: number; pageSizeBytes: number } | undefined;

/** `getconf CLK_TCK` and `getconf PAGESIZE`, read once per process (100 and 4096 when getconf fails). */
export function systemValues(): { ticksPerSecond: number; pageSizeBytes: number } {
  cachedSystemValues ??= { ticksPerSecond: getconf('CLK_TCK', 100), pageSizeBytes: getconf('PAGESIZE', 4096) };
  return cachedSystemValues;
}

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, µs) and resident memory (bytes) of a process or thread from its stat file; undefined when unreadable (gone, no /proc). */
export function readTaskUsage(statPath: string): { cpuUs: number; rssBytes: number } | undefined {
  const text = readText(statPath);
  const stat = text === undefined ? undefined : parseTaskStat(text);
  if (!stat) return undefined;
  const { ticksPerSecond, pageSizeBytes } = systemValues();
  return { cpuUs: ((stat.utimeTicks + stat.stimeTicks) * 1_000_000) / ticksPerSecond, rssBytes: stat.rssPages * pageSizeBytes };
}

/** /proc/stat now; undefined where it cannot be read. */
export function readMachineStat(): MachineCpuStat | undefined {
  const text = readText('/proc/stat');
  return text === undefined ? undefined : parseMachineStat(text);
}

/** The command name of a `/proc/<pid>/task/<tid>/stat` text (between the first `(` and the last `)`). */
export function parseTaskName(text: string): string | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  return open < 0 || close < open ? undefined : text.slice(open + 1, close);
}

/** HotSpot names its JIT compiler threads `C1 CompilerThreadN` / `C2 CompilerThreadN` (cut to 15 characters by the kernel). */
export function isJitCompilerThread(name: string): boolean {
  return /^C[12] CompilerThre/.test(name);
}

/**
 * CPU time of a JVM's JIT compiler threads, µs (threads that ended are not counted); undefined
 * when the process's tasks cannot be read.
 */
export function readJitCompilerCpuUs(pid: number): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const { ticksPerSecond } = systemValues();
  let ticks = 0;
  for (const tid of tasks) {
    const text = readText(`/proc/${pid}/task/${tid}/stat`);
    if (text === undefined) continue;
    const name = parseTaskName(text);
    const stat = parseTaskStat(text);
    if (name !== undefined && stat && isJitCompilerThread(name)) ticks += stat.utimeTicks + stat.stimeTicks;
  }
  return (ticks * 1_000_000) / ticksPerSecond;
}
