/**
 * The embedded cluster against real Kafka JVMs: a 3-node cluster seen by an independent client
 * (kcat), RF 3 / min ISR 2 defaults, and every fault hook (kill, restart, pause, resume, stop).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaAdmin } from '../../src/clients/kafka-admin.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { isAlive, processState } from '../../src/cluster/process-utils.js';
import { runCommand, waitForPidGone } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

describe('a 3-node embedded cluster', () => {
  let cluster: EmbeddedCluster;

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('is seen by kcat as three brokers on 127.0.0.1', async () => {
    const result = await runCommand('kcat', ['-b', cluster.bootstrapServers, '-L', '-J', '-m', '10'], { timeoutMs: 30_000 });
    expect(result.exitCode).toBe(0);
    const metadata = JSON.parse(result.stdout) as { brokers: Array<{ id: number; name: string }> };
    expect(metadata.brokers.map((b) => b.id).sort()).toEqual([1, 2, 3]);
    for (const broker of metadata.brokers) expect(broker.name).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('creates topics with replication factor 3 and min.insync.replicas 2 by default', async () => {
    const admin = createKafkaAdmin({ brokers: cluster.brokers });
    try {
      await admin.createTopic({ name: 'defaults-check', partitions: 3, replicationFactor: -1 });
      const partitions = await admin.describeTopic('defaults-check');
      expect(partitions).toHaveLength(3);
      for (const partition of partitions) expect(partition.replicas).toHaveLength(3);
    } finally {
      await admin.close();
    }
  });

  it('kills a node with SIGKILL and restarts it with its data', async () => {
    const before = cluster.describe().nodes.find((n) => n.nodeId === 2);
    expect(before).toBeDefined();
    const oldPid = before?.pid ?? 0;
    await cluster.killNode(2);
    expect(isAlive(oldPid)).toBe(false);
    expect(cluster.nodeStatuses().find((s) => s.nodeId === 2)?.status).toBe('down');

    const state = cluster.describe();
    const survivors = state.nodes.filter((n) => n.nodeId !== 2).map((n) => `127.0.0.1:${n.brokerPort}`);
    const survivorAdmin = createKafkaAdmin({ brokers: survivors, retries: 5 });
    try {
      // The survivors keep serving metadata while node 2 is down.
      expect((await survivorAdmin.describeBrokers()).length).toBeGreaterThanOrEqual(2);
    } finally {
      await survivorAdmin.close();
    }

    await cluster.restartNode(2);
    const newPid = cluster.describe().nodes.find((n) => n.nodeId === 2)?.pid ?? 0;
    expect(newPid).not.toBe(oldPid);
    expect(cluster.nodeStatuses().find((s) => s.nodeId === 2)?.status).toBe('up');
    const admin = createKafkaAdmin({ brokers: cluster.brokers, retries: 5 });
    try {
      // Node 2 is back once the metadata lists all three brokers again.
      await waitFor('3 brokers in the metadata', async () => (await admin.describeBrokers()).length === 3, { timeoutMs: 30_000, pollMs: 500 });
    } finally {
      await admin.close();
    }
  });

  it('pauses a node with SIGSTOP and resumes it with SIGCONT', async () => {
    const pid = cluster.describe().nodes.find((n) => n.nodeId === 3)?.pid ?? 0;
    await cluster.pauseNode(3);
    expect(processState(pid)).toBe('T');
    expect(cluster.nodeStatuses().find((s) => s.nodeId === 3)?.status).toBe('paused');
    await cluster.resumeNode(3);
    expect(processState(pid)).not.toBe('T');
    expect(cluster.nodeStatuses().find((s) => s.nodeId === 3)?.status).toBe('up');
  });

  it('refuses to restart a node that is running, and names unknown nodes', async () => {
    await expect(cluster.restartNode(1)).rejects.toThrow(/still running/);
    await expect(cluster.pauseNode(7)).rejects.toThrow(/no node 7/);
  });

  it('stops a node gracefully and leaves no process or data behind on stop()', async () => {
    expect(await cluster.stopNode(3, 30_000)).toMatch(/stopped|killed/);
    expect(cluster.nodeStatuses().find((s) => s.nodeId === 3)?.status).toBe('down');
    const pids = cluster.describe().nodes.map((n) => n.pid);
    const dir = cluster.dir;
    await cluster.stop();
    for (const pid of pids) expect(await waitForPidGone(pid, 10_000)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
