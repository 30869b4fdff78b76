/**
 * The runner's end of one load worker: a worker thread (kafkajs) or a child process
 * (confluent), behind one interface speaking protocol.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { compiledScriptPath } from '../paths.js';
import type { PlannedWorker } from '../scenario/plan-types.js';
import { isWorkerEvent, type WorkerCommand, type WorkerEvent } from './protocol.js';

export interface WorkerExit {
  workerId: number;
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerHandle {
  readonly id: number;
  readonly host: PlannedWorker['host'];
  /** Pid of the worker's process (the runner's own pid for a thread). */
  readonly pid: number | undefined;
  send(command: WorkerCommand): void;
  onEvent(listener: (event: WorkerEvent) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Ends the worker at once (SIGKILL for a process, terminate() for a thread). */
  kill(): void;
  readonly exited: boolean;
  /** How it exited, once it has. */
  readonly exitInfo: WorkerExit | undefined;
  /** True when the runner ended it with kill(). */
  readonly killedByRunner: boolean;
}

const WORKER_SCRIPT = 'workers/worker-main.js';

export function spawnWorker(planned: PlannedWorker): WorkerHandle {
  return planned.host === 'thread' ? spawnThread(planned.id) : spawnProcess(planned.id);
}

function spawnThread(id: number): WorkerHandle {
  const worker = new Worker(compiledScriptPath(WORKER_SCRIPT));
  let exitInfo: WorkerExit | undefined;
  let killedByRunner = false;
  const exitListeners: Array<(exit: WorkerExit) => void> = [];
  worker.on('error', () => {
    /* reported by the worker itself ('fatal') and through 'exit' */
  });
  worker.on('exit', (code) => {
    exitInfo = { workerId: id, code, signal: null };
    for (const listener of exitListeners) listener(exitInfo);
  });
  return {
    id,
    host: 'thread',
    pid: process.pid,
    send: (command) => worker.postMessage(command),
    onEvent: (listener) =>
      worker.on('message', (message: unknown) => {
        if (isWorkerEvent(message)) listener(message);
      }),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (exitInfo) return;
      killedByRunner = true;
      void worker.terminate();
    },
    get exited() {
      return exitInfo !== undefined;
    },
    get exitInfo() {
      return exitInfo;
    },
    get killedByRunner() {
      return killedByRunner;
    },
  };
}

function spawnProcess(id: number): WorkerHandle {
  const child: ChildProcess = fork(compiledScriptPath(WORKER_SCRIPT), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exitInfo: WorkerExit | undefined;
  let killedByRunner = false;
  const exitListeners: Array<(exit: WorkerExit) => void> = [];
  child.on('exit', (code, signal) => {
    exitInfo = { workerId: id, code, signal };
    for (const listener of exitListeners) listener(exitInfo);
  });
  child.on('error', () => {
    /* reported through 'exit' */
  });
  return {
    id,
    host: 'process',
    pid: child.pid,
    send: (command) => {
      if (child.connected) child.send(command);
    },
    onEvent: (listener) =>
      child.on('message', (message: unknown) => {
        if (isWorkerEvent(message)) listener(message);
      }),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (exitInfo) return;
      killedByRunner = true;
      child.kill('SIGKILL');
    },
    get exited() {
      return exitInfo !== undefined;
    },
    get exitInfo() {
      return exitInfo;
    },
    get killedByRunner() {
      return killedByRunner;
    },
  };
}
