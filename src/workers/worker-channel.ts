/**
 * The worker's end of the runner–worker link, the same whether the worker is a thread
 * (worker_threads' parentPort) or a child process (process.send / 'message').
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerCommand, WorkerEvent } from '../runner/protocol.js';

export interface WorkerChannel {
  readonly host: 'thread' | 'process';
  send(event: WorkerEvent): void;
  onCommand(handler: (command: WorkerCommand) => void): void;
  /** Sends the worker's last event, then ends the worker once it has left (clients may hold sockets and timers open). */
  sendAndExit(event: WorkerEvent): void;
}

export function openWorkerChannel(): WorkerChannel {
  const port = parentPort;
  if (port) {
    return {
      host: 'thread',
      send: (event) => port.postMessage(event),
      onCommand: (handler) => port.on('message', (message: WorkerCommand) => handler(message)),
      sendAndExit: (event) => {
        port.postMessage(event);
        // Messages posted before close() are still delivered.
        port.close();
        setTimeout(() => process.exit(0), 50).unref();
      },
    };
  }
  if (typeof process.send === 'function') {
    return {
      host: 'process',
      send: (event) => {
        process.send?.(event);
      },
      onCommand: (handler) => process.on('message', (message: WorkerCommand) => handler(message)),
      sendAndExit: (event) => {
        // The callback runs once the message was written to the pipe.
        process.send?.(event, undefined, {}, () => process.exit(0));
      },
    };
  }
  throw new Error('worker-main must run as a worker thread or a forked child process');
}
