/**
 * Ends clusters whose owner is gone: used by the watchdog when its owner dies, and by every
 * cluster start to clean up after a kbench (and its watchdog) that were both killed.
 */
import { rmSync } from 'node:fs';
import { clusterStatePath, listClusterStates, type ClusterState } from './cluster-state.js';
import { isAlive, isOwnProcess, signalProcess, waitForExit } from './process-utils.js';

/** SIGKILLs every node of the cluster that still runs our configuration, then removes its folder and record. */
export async function reapCluster(state: ClusterState): Promise<void> {
  for (const node of state.nodes) {
    if (node.pid > 0 && isOwnProcess(node.pid, node.propertiesFile)) {
      signalProcess(node.pid, 'SIGCONT');
      signalProcess(node.pid, 'SIGKILL');
    }
  }
  await Promise.all(state.nodes.map((node) => (node.pid > 0 ? waitForExit(node.pid, 10_000) : Promise.resolve(true))));
  rmSync(state.dir, { recursive: true, force: true });
  rmSync(clusterStatePath(state.name), { force: true });
}

/** A run-scoped cluster whose owning kbench process no longer exists. */
export function isOrphaned(state: ClusterState): boolean {
  return !state.persistent && !isAlive(state.ownerPid);
}

/** Reaps every orphaned run-scoped cluster on record. Returns the names of the clusters reaped. */
export async function reapOrphanedClusters(): Promise<string[]> {
  const orphans = listClusterStates().filter(isOrphaned);
  await Promise.all(orphans.map(reapCluster));
  return orphans.map((state) => state.name);
}
