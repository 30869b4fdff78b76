/**
 * A run-scoped cluster never outlives its owner: when the owning process is SIGKILLed, its
 * watchdog ends the brokers; when the watchdog is killed too, the next start reaps them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKafkaAdmin } from '../../src/clients/kafka-admin.js';
import { reapOrphanedClusters } from '../../src/cluster/cluster-reaper.js';
import type { ClusterState } from '../../src/cluster/cluster-state.js';
import { isAlive } from '../../src/cluster/process-utils.js';
import { spawnAndReadFirstLine, waitForPidGone } from '../helpers/processes.js';

const holdCluster = fileURLToPath(new URL('../fixtures/hold-cluster.mjs', import.meta.url));

async function startHeldCluster(): Promise<{ ownerPid: number; state: ClusterState }> {
  const { child, line } = await spawnAndReadFirstLine(holdCluster, process.env);
  const state = JSON.parse(line) as ClusterState;
  expect(child.pid).toBe(state.ownerPid);
  return { ownerPid: child.pid ?? 0, state };
}

describe('run-scoped cluster lifetime', () => {
  it('the watchdog ends the brokers when the owner is killed with SIGKILL', async () => {
    const { ownerPid, state } = await startHeldCluster();
    const brokerPid = state.nodes[0]?.pid ?? 0;
    expect(isAlive(brokerPid)).toBe(true);
    expect(state.watchdogPid).toBeGreaterThan(0);

    process.kill(ownerPid, 'SIGKILL');
    expect(await waitForPidGone(brokerPid, 15_000)).toBe(true);
    expect(await waitForPidGone(state.watchdogPid ?? 0, 15_000)).toBe(true);
    expect(existsSync(state.dir)).toBe(false);
  });

  it('the next start reaps brokers whose owner and watchdog were both killed', async () => {
    const { ownerPid, state } = await startHeldCluster();
    const brokerPid = state.nodes[0]?.pid ?? 0;
    process.kill(state.watchdogPid ?? 0, 'SIGKILL');
    expect(await waitForPidGone(state.watchdogPid ?? 0, 5_000)).toBe(true);
    process.kill(ownerPid, 'SIGKILL');
    expect(await waitForPidGone(ownerPid, 5_000)).toBe(true);
    // Nobody is left to end the broker: with both gone, it still answers a metadata request…
    expect(isAlive(brokerPid)).toBe(true);
    const admin = createKafkaAdmin({ brokers: state.bootstrapServers.split(','), retries: 5 });
    try {
      expect((await admin.describeBrokers()).length).toBe(1);
    } finally {
      await admin.close();
    }
    expect(isAlive(brokerPid)).toBe(true);
    // …until the next start cleans up (EmbeddedCluster.start calls this first).
    const reaped = await reapOrphanedClusters();
    expect(reaped).toContain(state.name);
    expect(await waitForPidGone(brokerPid, 10_000)).toBe(true);
    expect(existsSync(state.dir)).toBe(false);
  });
});
