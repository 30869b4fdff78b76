/** Small helpers over OS processes. kbench only ever signals pids it started itself. */
import { readFileSync } from 'node:fs';

/** True while the process exists and has not exited (a zombie awaiting its parent's reaping counts as exited). */
export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(pid) !== 'Z';
}

/** The command line of a live process (Linux /proc), or undefined when it cannot be read. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** State letter of a live process from /proc (R, S, T for stopped, Z for zombie…), or undefined. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may contain spaces; the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive and is still the process we started, recognised by a marker
 * (a path unique to it) on its command line. Guards against pid reuse before any signal.
 */
export function isOwnProcess(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  const commandLine = processCommandLine(pid);
  return commandLine !== undefined && commandLine.includes(marker);
}

/** Sends a signal, ignoring a process that is already gone. Returns whether it was delivered. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** Waits until `pid` is gone (or a zombie), up to `timeoutMs`. Returns whether it is gone. */
export async function waitForExit(pid: number, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
}

/** Waits until the process is in state `T` (stopped by a signal) or not, up to `timeoutMs`. */
export async function waitForStopped(pid: number, stopped: boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((processState(pid) === 'T') === stopped) return true;
    if (Date.now() >= deadline) return false;
    await sleep(10);
  }
}
