/** Test helpers over processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { isAlive } from '../../src/cluster/process-utils.js';
import { waitFor } from './wait.js';

/** Polls `condition` until it holds (true) or `timeoutMs` passed (false). */
export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 100): Promise<boolean> {
  try {
    await waitFor('a condition', condition, { timeoutMs, pollMs });
    return true;
  } catch {
    return condition();
  }
}

export function waitForPidGone(pid: number, timeoutMs: number): Promise<boolean> {
  return waitUntil(() => !isAlive(pid), timeoutMs);
}

/** Spawns a node script and resolves with the first line it prints on stdout. */
export function spawnAndReadFirstLine(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve({ child, line: buffered.slice(0, newline) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before printing a line: ${stderr}`)));
  });
}

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and collects its output. */
export function runCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${options.timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
