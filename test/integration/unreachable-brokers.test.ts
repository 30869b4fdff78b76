/**
 * Brokers that are not there: `kbench run` against an address where nothing listens, a host name
 * that does not resolve, a port that accepts connections but never answers, or a scenario whose
 * `cluster.brokers` points nowhere must end with exit code 3 within 30 seconds, naming every
 * address tried and what went wrong, without a stack trace. No traffic leaves 127.0.0.1: the bad
 * host name is under the reserved `.invalid` top-level domain, which never resolves.
 * A real one-node cluster checks the other side: good brokers pass the check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBroker } from '../../src/clients/cluster-probe.js';
import { PLAINTEXT } from '../../src/clients/connection-security.js';
import { BROKER_CHECK_TIMEOUT_MS, checkBrokersReachable } from '../../src/cluster/check-brokers.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import { runCommand } from '../helpers/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const stateDir = mkdtempSync(join(tmpdir(), 'kbench-unreachable-'));
const env = { ...process.env, KBENCH_STATE_DIR: stateDir };
/**
 * What this catches is a command that hangs (the runCommand bound is 60 s). kbench's own bound is
 * BROKER_CHECK_TIMEOUT_MS (8 s); the rest is starting Node, loading the scenario and printing, which
 * on two cores shared with other test files and a hypervisor's steal took up to 15.6 s.
 */
const LIMIT_MS = 30_000;

/** A TCP port on 127.0.0.1 that accepts connections and never says a word: not a Kafka listener. */
let silent: Server;
const sockets = new Set<Socket>();
let silentAddress = '';

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  silentAddress = `127.0.0.1:${address.port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  rmSync(stateDir, { recursive: true, force: true });
});

interface Case {
  name: string;
  args: () => string[];
  /** The addresses the error must name, each with part of its reason. */
  expected: () => Array<[address: string, reason: string]>;
}

const cases: Case[] = [
  {
    name: 'nothing listens at the address',
    args: () => ['run', 'scenarios/acks-1.ts', '--brokers', '127.0.0.1:1', '--duration', '5s'],
    expected: () => [['127.0.0.1:1', 'connection refused']],
  },
  {
    name: 'the host name does not resolve',
    args: () => ['run', 'scenarios/acks-1.ts', '--brokers', 'no-such-host.invalid:9092', '--duration', '5s'],
    expected: () => [['no-such-host.invalid:9092', 'host name not found']],
  },
  {
    name: "the scenario's cluster.brokers point nowhere",
    args: () => ['run', 'test/fixtures/scenarios/unreachable-brokers.ts'],
    expected: () => [
      ['127.0.0.1:1', 'connection refused'],
      ['no-such-host.invalid:9092', 'host name not found'],
    ],
  },
  {
    name: 'the port accepts connections but is not Kafka',
    args: () => ['run', 'scenarios/acks-1.ts', '--brokers', silentAddress, '--client', 'kafkajs', '--duration', '5s'],
    expected: () => [[silentAddress, `no Kafka answer within ${BROKER_CHECK_TIMEOUT_MS / 1000} s`]],
  },
];

describe('kbench run with brokers that are not there', () => {
  it.concurrent.for(cases)('$name: exit code 3 within 30 s, naming each address', async ({ args, expected }, { expect }) => {
    const reportPath = join(stateDir, `${Math.random().toString(36).slice(2)}.json`);
    const startedAt = Date.now();
    const result = await runCommand(process.execPath, [kbench, ...args(), '--report', reportPath], { cwd: root, env, timeoutMs: 60_000 });
    const elapsedMs = Date.now() - startedAt;

    expect(result.exitCode, result.stderr).toBe(3);
    expect(elapsedMs).toBeLessThan(LIMIT_MS);
    const addresses = expected();
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: Kafka is unreachable at ${addresses.map(([address]) => address).join(', ')} (over PLAINTEXT)`);
    for (const [address, reason] of addresses) {
      const line = lines.find((candidate) => candidate.startsWith(`  ${address}: `));
      expect(line, result.stderr).toBeDefined();
      expect(line).toContain(reason);
    }
    expect(lines.at(-1)).toMatch(/^hint: /);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.stdout).toBe('');
  });
});

describe('the broker check against a real cluster', () => {
  let cluster: EmbeddedCluster;
  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('finds the advertised brokers of a good address', async () => {
    const [good] = cluster.brokers;
    expect(await probeBroker(good as string, BROKER_CHECK_TIMEOUT_MS)).toMatchObject({ address: good, advertised: [good], clusterId: expect.any(String), controllerId: 1 });
  });

  it('passes when one bootstrap server answers, and warns about the others', async () => {
    const warnings: string[] = [];
    await checkBrokersReachable({ brokers: ['127.0.0.1:1', ...cluster.brokers], security: PLAINTEXT }, { log: (line) => warnings.push(line) });
    expect(warnings).toEqual(['warning: bootstrap server 127.0.0.1:1 does not answer (connection refused (nothing listens there)); using the others']);
  });

  it('fails when none answers', async () => {
    await expect(checkBrokersReachable({ brokers: ['127.0.0.1:1'], security: PLAINTEXT })).rejects.toMatchObject({ kind: 'cluster', details: ['127.0.0.1:1: connection refused (nothing listens there)'] });
  });
});
