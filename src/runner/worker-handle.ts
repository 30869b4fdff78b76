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

/** What differs between a thread and a process; the handle's bookkeeping is shared. */
interface WorkerHost {
  host: PlannedWorker['host'];
  pid: number | undefined;
  send(command: WorkerCommand): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(): void;
}

function createHandle(id: number, worker: WorkerHost): WorkerHandle {
  let exitInfo: WorkerExit | undefined;
  let killedByRunner = false;
  const exitListeners: Array<(exit: WorkerExit) => void> = [];
  worker.onExit((code, signal) => {
    exitInfo = { workerId: id, code, signal };
    for (const listener of exitListeners) listener(exitInfo);
  });
  return {
    id,
    host: worker.host,
    pid: worker.pid,
    send: (command) => worker.send(command),
    onEvent: (listener) =>
      worker.onMessage((message) => {
        if (isWorkerEvent(message)) listener(message);
      }),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (exitInfo) return;
      killedByRunner = true;
      worker.kill();
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

function spawnThread(id: number): WorkerHandle {
  const worker = new Worker(compiledScriptPath(WORKER_SCRIPT));
  worker.on('error', () => {
    /* reported by the worker itself ('fatal') and through 'exit' */
  });
  return createHandle(id, {
    host: 'thread',
    pid: process.pid,
    send: (command) => worker.postMessage(command),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => worker.on('exit', (code) => listener(code, null)),
    kill: () => void worker.terminate(),
  });
}

function spawnProcess(id: number): WorkerHandle {
  const child: ChildProcess = fork(compiledScriptPath(WORKER_SCRIPT), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('error', () => {
    /* reported through 'exit' */
  });
  return createHandle(id, {
    host: 'process',
    pid: child.pid,
    send: (command) => {
      if (child.connected) child.send(command);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => child.kill('SIGKILL'),
  });
}
