/**
 * Entry point of a load worker, as a worker thread or a forked child process. Everything it
 * runs comes in the `init` command (the resolved plan): no function crosses the boundary.
 */
import { LoadWorker } from './load-worker.js';
import { openWorkerChannel } from './worker-channel.js';

const channel = openWorkerChannel();
const worker = new LoadWorker(channel);

process.on('uncaughtException', (error) => {
  worker.fatal(error);
  // Give the message a moment to leave, then end: the runner reports the crash.
  setTimeout(() => process.exit(1), 100);
});
process.on('unhandledRejection', (reason) => {
  worker.fatal(reason);
  setTimeout(() => process.exit(1), 100);
});
if (channel.host === 'process') {
  // A terminal's Ctrl-C reaches the whole process group: the runner decides what happens.
  process.on('SIGINT', () => {});
  // The runner is gone: nothing to report to.
  process.on('disconnect', () => process.exit(0));
}

worker.listen();
