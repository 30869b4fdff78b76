/**
 * The watchdog of a run-scoped embedded cluster: a small detached process.
 *
 * Usage: node watchdog.js <cluster-state-file> <owner-pid>
 *
 * It holds the read end of a pipe from its owner (the kbench process that started the
 * cluster). When that pipe closes, or the owner's pid is gone, it reaps every node recorded in
 * the state file and exits. When the owner stopped the cluster itself, the state file is gone
 * already and the watchdog just exits. This is how a cluster started for a run never outlives
 * the run, even when kbench is killed with SIGKILL.
 */
import { reapCluster } from './cluster-reaper.js';
import { readClusterStateFile } from './cluster-state.js';
import { isAlive } from './process-utils.js';

const OWNER_POLL_MS = 500;

const [stateFile, ownerPidText] = process.argv.slice(2);
const ownerPid = Number(ownerPidText);
if (!stateFile || !Number.isInteger(ownerPid) || ownerPid <= 0) {
  process.stderr.write('usage: watchdog.js <cluster-state-file> <owner-pid>\n');
  process.exit(2);
}
// A terminal's Ctrl-C or hang-up must not end the watchdog before it has done its job.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

let reaping = false;
function reapAndExit(): void {
  if (reaping) return;
  reaping = true;
  const state = readClusterStateFile(stateFile as string);
  const done = state ? reapCluster(state) : Promise.resolve();
  void done.finally(() => process.exit(0));
}

process.stdin.on('end', reapAndExit);
process.stdin.on('error', reapAndExit);
process.stdin.on('close', reapAndExit);
process.stdin.resume();
setInterval(() => {
  if (!isAlive(ownerPid)) reapAndExit();
}, OWNER_POLL_MS);
