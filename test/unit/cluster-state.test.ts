import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderClusterStatus } from '../../src/cli/render-cluster-status.js';
import { isOrphaned } from '../../src/cluster/cluster-reaper.js';
import { CLUSTER_STATE_SCHEMA_VERSION, listClusterStates, readClusterState, removeClusterState, writeClusterState, type ClusterState } from '../../src/cluster/cluster-state.js';
import { findFreePorts } from '../../src/cluster/ports.js';

function sampleState(name: string, overrides: Partial<ClusterState> = {}): ClusterState {
  return {
    schemaVersion: CLUSTER_STATE_SCHEMA_VERSION,
    name,
    kafkaVersion: '4.2.0',
    clusterId: 'abc',
    dir: '/tmp/nowhere',
    bootstrapServers: '127.0.0.1:1',
    persistent: false,
    ownerPid: process.pid,
    startedAt: '2026-01-01T00:00:00.000Z',
    nodes: [{ nodeId: 1, pid: 0, brokerPort: 1, controllerPort: 2, propertiesFile: '/p', logFile: '/l', consoleFile: '/c' }],
    ...overrides,
  };
}

describe('cluster state records', () => {
  let stateDir: string;
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.KBENCH_STATE_DIR;
    stateDir = mkdtempSync(join(tmpdir(), 'kbench-state-unit-'));
    process.env.KBENCH_STATE_DIR = stateDir;
  });
  afterEach(() => {
    process.env.KBENCH_STATE_DIR = previous;
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('round-trips, lists and removes records', () => {
    writeClusterState(sampleState('one'));
    writeClusterState(sampleState('two', { persistent: true }));
    expect(readClusterState('one')?.bootstrapServers).toBe('127.0.0.1:1');
    expect(listClusterStates().map((s) => s.name).sort()).toEqual(['one', 'two']);
    removeClusterState('one');
    expect(readClusterState('one')).toBeUndefined();
  });

  it('calls a run-scoped cluster orphaned only when its owner is gone', () => {
    expect(isOrphaned(sampleState('mine'))).toBe(false);
    // Pid 2^22+ is above Linux's default pid_max: no such process.
    expect(isOrphaned(sampleState('gone', { ownerPid: 4_194_999 }))).toBe(true);
    expect(isOrphaned(sampleState('kept', { ownerPid: 4_194_999, persistent: true }))).toBe(false);
  });
});

describe('renderClusterStatus', () => {
  it('shows each node with its status, pid and ports', () => {
    const text = renderClusterStatus(sampleState('s', { nodes: [{ nodeId: 1, pid: 1234, brokerPort: 9092, controllerPort: 9093, propertiesFile: '/p', logFile: '/logs/server.log', consoleFile: '/c' }] }), [
      { nodeId: 1, pid: 1234, status: 'paused' },
    ]);
    expect(text).toContain('Apache Kafka 4.2.0, 1 node(s), 0 up');
    expect(text).toMatch(/^1\s+paused\s+1234\s+9092\s+9093\s+\/logs\/server.log$/m);
    expect(text).toContain('warmed up: not yet (the next run warms it up before measuring)');
  });

  it('says when a warm-up settled on the cluster', () => {
    const text = renderClusterStatus({ ...sampleState('s'), warmedUpAt: '2026-11-30T09:00:00.000Z' }, []);
    expect(text).toContain('warmed up: 2026-11-30T09:00:00.000Z');
  });
});

describe('findFreePorts', () => {
  it('returns distinct ports', async () => {
    const ports = await findFreePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });
});
