/**
 * `--cluster testcontainers` (and `cluster.provider: 'testcontainers'`) on a machine without a
 * container runtime — this one, and CI: `kbench run` must end with exit code 3 within seconds,
 * without a stack trace and without a report, naming the ways that need no Docker (the embedded
 * cluster, --brokers). Faults with containers are refused before anything starts (exit code 2).
 * Where a container runtime does answer, the runs that would start containers are skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { probeContainerRuntime } from '../../src/cluster/container-cluster.js';
import { runCommand } from '../helpers/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const stateDir = mkdtempSync(join(tmpdir(), 'kbench-no-docker-'));
const env = { ...process.env, KBENCH_STATE_DIR: stateDir, KBENCH_CLUSTER_WARMUP: 'off' };
const LIMIT_MS = 15_000;
const runtimeAnswers = await probeContainerRuntime().then(
  () => true,
  () => false,
);

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const runs = [
  { name: '--cluster testcontainers on a shipped scenario', args: ['run', 'scenarios/acks-1.ts', '--cluster', 'testcontainers', '--duration', '5s'] },
  { name: "a scenario with cluster.provider 'testcontainers'", args: ['run', 'test/fixtures/scenarios/containers.ts'] },
];

describe.skipIf(runtimeAnswers)('kbench run with containers and no container runtime', () => {
  it.for(runs)('$name: exit code 3 within 15 s, the other ways named, no report', async ({ args }) => {
    const reportPath = join(stateDir, `${Math.random().toString(36).slice(2)}.json`);
    const startedAt = Date.now();
    const result = await runCommand(process.execPath, [kbench, ...args, '--report', reportPath], { cwd: root, env, timeoutMs: 60_000 });
    const elapsedMs = Date.now() - startedAt;

    expect(result.exitCode, result.stderr).toBe(3);
    expect(elapsedMs).toBeLessThan(LIMIT_MS);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: the testcontainers cluster needs a container runtime \(Docker or compatible\), and none is reachable: /);
    expect(lines.at(-1)).toMatch(/^hint: start Docker, or run without containers: the embedded cluster \(the default: drop cluster.provider, or pass --cluster embedded\) or an existing cluster with --brokers host:port$/);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(existsSync(reportPath)).toBe(false);
  });
});

describe('containers and faults', () => {
  it('a scenario with both is invalid (exit code 2), saying faults need the embedded cluster', async () => {
    const result = await runCommand(process.execPath, [kbench, 'validate', 'test/fixtures/scenarios/containers-with-faults.ts'], { cwd: root, env, timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("faults need the embedded cluster (kbench signals its broker JVMs); this scenario runs Kafka in containers (provider 'testcontainers')");
  });

  it('--cluster testcontainers on a scenario with faults is refused (exit code 2)', async () => {
    const result = await runCommand(process.execPath, [kbench, 'run', 'scenarios/broker-pause.ts', '--cluster', 'testcontainers'], { cwd: root, env, timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: this scenario injects broker faults, which needs the embedded cluster: drop --cluster testcontainers$/m);
  });

  it('--cluster with an unknown provider is a usage error', async () => {
    const result = await runCommand(process.execPath, [kbench, 'validate', 'scenarios/acks-1.ts', '--cluster', 'docker'], { cwd: root, env, timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('--cluster expects embedded or testcontainers, got "docker"');
  });
});
