/**
 * One embedded Kafka node: a JVM running broker and controller (KRaft combined mode).
 * Spawns it, waits for its readiness line, and sends it the signals the fault hooks need.
 * Every signal goes to the node's own pid, and only after checking the pid still runs our
 * server.properties (no signal ever reaches a process kbench did not start).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { KbenchError } from '../errors.js';
import { READY_LINE_PATTERN, jvmFlags } from './broker-config.js';
import type { ClusterNodeState } from './cluster-state.js';
import { isOwnProcess, processState, signalProcess, sleep, waitForExit, waitForStopped } from './process-utils.js';

export interface SpawnNodeOptions {
  javaPath: string;
  jarsDir: string;
  log4jConfigFile: string;
  logsDir: string;
  heapMb: number;
}

/** Starts the node's JVM in its own process group (a Ctrl-C in the terminal does not reach it) and returns its pid. */
export function spawnNode(node: ClusterNodeState, options: SpawnNodeOptions): number {
  const consoleFd = openSync(node.consoleFile, 'a');
  try {
    const child = spawn(
      options.javaPath,
      [
        ...jvmFlags(options.heapMb),
        `-Dlog4j2.configurationFile=${options.log4jConfigFile}`,
        `-Dkafka.logs.dir=${options.logsDir}`,
        '-cp',
        `${options.jarsDir}/*`,
        'kafka.Kafka',
        node.propertiesFile,
      ],
      { detached: true, stdio: ['ignore', consoleFd, consoleFd] },
    );
    child.on('error', () => {
      /* reported through readiness: the pid is not alive */
    });
    child.unref();
    if (child.pid === undefined) {
      throw new KbenchError('cluster', `could not start the JVM of node ${node.nodeId} (${options.javaPath})`, {
        hint: 'check that Java 17+ is installed (JAVA_HOME or java on PATH)',
      });
    }
    return child.pid;
  } finally {
    closeSync(consoleFd);
  }
}

/** The last `count` lines of a log file, for error messages. */
export function tailLines(path: string, count: number): string[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim().length > 0);
  return lines.slice(-count);
}

/** Size of the node's log now: a restart looks for its readiness line only past this offset (the log is appended to). */
export function logSizeBytes(logFile: string): number {
  return existsSync(logFile) ? statSync(logFile).size : 0;
}

/** Reads the log from `fromOffsetBytes` to its end (a restarted node's log holds its earlier runs too). */
function readLogFrom(logFile: string, fromOffsetBytes: number): { text: string; readBytes: number } {
  if (!existsSync(logFile)) return { text: '', readBytes: 0 };
  const lengthBytes = statSync(logFile).size - fromOffsetBytes;
  if (lengthBytes <= 0) return { text: '', readBytes: 0 };
  const fd = openSync(logFile, 'r');
  try {
    const buffer = Buffer.alloc(lengthBytes);
    const readBytes = readSync(fd, buffer, 0, lengthBytes, fromOffsetBytes);
    return { text: buffer.subarray(0, readBytes).toString('utf8'), readBytes };
  } finally {
    closeSync(fd);
  }
}

/** Waits until the node logs its readiness line past `fromOffsetBytes` of its log, failing fast when the JVM exits. */
export async function waitForNodeReady(node: ClusterNodeState, fromOffsetBytes: number, deadlineMs: number): Promise<void> {
  // Only the part of the log not yet searched is read on each poll.
  let searchedUpToBytes = fromOffsetBytes;
  let carriedOver = '';
  for (;;) {
    const appended = readLogFrom(node.logFile, searchedUpToBytes);
    searchedUpToBytes += appended.readBytes;
    const text = carriedOver + appended.text;
    if (READY_LINE_PATTERN.test(text)) return;
    // Keep the last, possibly incomplete, line for the next poll.
    carriedOver = text.slice(text.lastIndexOf('\n') + 1);
    if (!isOwnProcess(node.pid, node.propertiesFile)) {
      const lastLines = [...tailLines(node.logFile, 6), ...tailLines(node.consoleFile, 6)];
      throw new KbenchError('cluster', `Kafka node ${node.nodeId} exited during startup`, {
        details: [...lastLines.map((line) => `  ${line}`), `broker log: ${node.logFile}`, `JVM output: ${node.consoleFile}`],
        hint: `read ${node.logFile} for the cause`,
      });
    }
    if (Date.now() >= deadlineMs) {
      throw new KbenchError('cluster', `Kafka node ${node.nodeId} did not become ready in time`, {
        details: [...tailLines(node.logFile, 6).map((line) => `  ${line}`), `broker log: ${node.logFile}`],
        hint: `read ${node.logFile}; on a loaded machine a longer --start-timeout may help`,
      });
    }
    await sleep(100);
  }
}

/** SIGKILL: the node dies at once, as in a crash or power loss. Returns whether it was running. */
export async function killNode(node: ClusterNodeState): Promise<boolean> {
  if (!isOwnProcess(node.pid, node.propertiesFile)) return false;
  signalProcess(node.pid, 'SIGKILL');
  await waitForExit(node.pid, 10_000);
  return true;
}

/**
 * SIGTERM: Kafka's controlled shutdown. Bounded: after `timeoutMs` the node is killed.
 * Returns 'stopped', 'killed' (did not stop in time) or 'not-running'.
 */
export async function stopNode(node: ClusterNodeState, timeoutMs: number): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isOwnProcess(node.pid, node.propertiesFile)) return 'not-running';
  if (processState(node.pid) === 'T') signalProcess(node.pid, 'SIGCONT');
  signalProcess(node.pid, 'SIGTERM');
  if (await waitForExit(node.pid, timeoutMs)) return 'stopped';
  signalProcess(node.pid, 'SIGKILL');
  await waitForExit(node.pid, 10_000);
  return 'killed';
}

/** SIGSTOP: the node freezes (as in a long GC pause or a hung host) but keeps its sockets open. Resolves once it is stopped. */
export async function pauseNode(node: ClusterNodeState): Promise<boolean> {
  if (!isOwnProcess(node.pid, node.propertiesFile)) return false;
  if (!signalProcess(node.pid, 'SIGSTOP')) return false;
  return waitForStopped(node.pid, true, 5_000);
}

/** SIGCONT: a paused node carries on. Resolves once it runs again. */
export async function resumeNode(node: ClusterNodeState): Promise<boolean> {
  if (!isOwnProcess(node.pid, node.propertiesFile)) return false;
  if (!signalProcess(node.pid, 'SIGCONT')) return false;
  return waitForStopped(node.pid, false, 5_000);
}

/** 'up', 'paused' or 'down', from the OS view of the node's pid. */
export function nodeStatus(node: ClusterNodeState): 'up' | 'paused' | 'down' {
  if (!isOwnProcess(node.pid, node.propertiesFile)) return 'down';
  return processState(node.pid) === 'T' ? 'paused' : 'up';
}
