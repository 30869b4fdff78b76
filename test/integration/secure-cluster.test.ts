/**
 * A 1-node embedded cluster started with `security: 'sasl_ssl'`, judged by Apache Kafka's own
 * Java client (BrokerApiVersionsCommand): SCRAM-SHA-512 and PLAIN with the right password work, a
 * wrong password is an authentication error, and the password is in no file of the cluster but
 * the password file and the broker's own (private) server.properties, and in no logged line.
 * Then `kbench cluster start --secure` as a user runs it: status prints how to connect, and a
 * later process attaching to the persistent cluster gets the same secure connection.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { clusterStatePath } from '../../src/cluster/cluster-state.js';
import { brokerApiVersions, writeJavaClientProperties } from '../helpers/java-kafka-client.js';
import { runCommand, waitForPidGone } from '../helpers/processes.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

describe('an embedded cluster with a SASL_SSL listener', () => {
  let cluster: EmbeddedCluster;
  let clientDir: string;
  const logged: string[] = [];

  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'kbench-secure-client-'));
    cluster = await EmbeddedCluster.start({ security: 'sasl_ssl', log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await cluster?.stop();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  const secure = () => {
    const files = cluster.secureFiles;
    if (!files) throw new Error('the cluster has no secure listener');
    return { ...files, password: readFileSync(files.passwordFile, 'utf8') };
  };

  it('describes its secure listener: its own ports on 127.0.0.1, SCRAM-SHA-512 with the password as a file', () => {
    const { bootstrapServers, caFile, passwordFile } = secure();
    const node = cluster.describe().nodes[0];
    expect(node?.securePort).toBeGreaterThan(0);
    expect(bootstrapServers).toBe(`127.0.0.1:${node?.securePort}`);
    expect(cluster.bootstrapServers).toBe(`127.0.0.1:${node?.brokerPort}`);
    expect(cluster.secureConnection).toEqual({
      brokers: [bootstrapServers],
      security: {
        tls: { caFile, certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true },
        sasl: { mechanism: 'scram-sha-512', username: 'kbench', password: { file: passwordFile } },
      },
    });
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
  });

  it('lets SCRAM-SHA-512 in with the right password', async () => {
    const { bootstrapServers, caFile, password } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'scram-512.properties'), caFile, { mechanism: 'SCRAM-SHA-512', username: 'kbench', password });
    const result = await brokerApiVersions(bootstrapServers, properties);
    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/127\.0\.0\.1:\d+ \(id: 1 /);
  });

  it('refuses a wrong password with an authentication error', async () => {
    const { bootstrapServers, caFile } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'wrong.properties'), caFile, { mechanism: 'SCRAM-SHA-512', username: 'kbench', password: 'not-the-password' });
    const result = await brokerApiVersions(bootstrapServers, properties);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/);
  });

  it('lets PLAIN in with the right password', async () => {
    const { bootstrapServers, caFile, password } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'plain.properties'), caFile, { mechanism: 'PLAIN', username: 'kbench', password });
    const result = await brokerApiVersions(bootstrapServers, properties);
    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/\(id: 1 /);
  });

  it('lets OAUTHBEARER in with an unsecured token (alg none)', async () => {
    const { bootstrapServers, caFile } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'oauth.properties'), caFile, { mechanism: 'OAUTHBEARER', subject: 'kbench' });
    const result = await brokerApiVersions(bootstrapServers, properties);
    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
  });

  it('fails the TLS handshake for a client that trusts only an unrelated CA', async () => {
    const { bootstrapServers, unrelatedCaFile, password } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'untrusted.properties'), unrelatedCaFile, { mechanism: 'SCRAM-SHA-512', username: 'kbench', password });
    const result = await brokerApiVersions(bootstrapServers, properties);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/SslAuthenticationException: SSL handshake failed/);
    expect(result.stdout + result.stderr).toMatch(/PKIX path building failed/);
  });

  it('fails the TLS handshake for a client connecting to localhost: the certificate names IP 127.0.0.1 only', async () => {
    const { bootstrapServers, caFile, password } = secure();
    const properties = writeJavaClientProperties(join(clientDir, 'localhost.properties'), caFile, { mechanism: 'SCRAM-SHA-512', username: 'kbench', password });
    const result = await brokerApiVersions(bootstrapServers.replace('127.0.0.1', 'localhost'), properties);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/SslAuthenticationException: SSL handshake failed/);
    expect(result.stdout + result.stderr).toMatch(/CertificateException: No name matching localhost found/);
  });

  it('keeps the password out of every file but the password file and the private server.properties, and out of every logged line', () => {
    const { password, passwordFile } = secure();
    const holders = filesUnder(cluster.dir).filter((file) => readFileSync(file).includes(password));
    const propertiesFile = cluster.describe().nodes[0]?.propertiesFile ?? '';
    expect(holders.sort()).toEqual([propertiesFile, passwordFile].sort());
    expect(statSync(propertiesFile).mode & 0o777).toBe(0o600);
    // The broker's own log and JVM output are among the files above; the state record and kbench's progress lines too.
    expect(readFileSync(clusterStatePath(cluster.describe().name), 'utf8')).not.toContain(password);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line).not.toContain(password);
  });
});

describe('kbench cluster start --secure', () => {
  const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
  const stateDir = mkdtempSync(join(tmpdir(), 'kbench-secure-cli-state-'));
  const env = { ...process.env, KBENCH_STATE_DIR: stateDir };
  const run = (...args: string[]) => runCommand(process.execPath, [kbench, ...args], { env, timeoutMs: 120_000 });

  afterAll(async () => {
    await run('cluster', 'stop');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts a persistent secured cluster, prints how to connect (never the password), and attaches to it', async () => {
    const start = await run('cluster', 'start', '--secure', '--nodes', '1');
    expect(start.exitCode, start.stderr).toBe(0);
    const [plaintext, ...secureLines] = start.stdout.trim().split('\n');
    expect(plaintext).toMatch(/^127\.0\.0\.1:\d+$/);
    const securePart = secureLines.join('\n');
    expect(securePart).toMatch(/^SASL_SSL bootstrap servers: 127\.0\.0\.1:\d+$/m);
    expect(securePart).toMatch(/CA certificate: \/\S+\/ca\.pem/);
    expect(securePart).toContain('user: kbench');
    const passwordFile = /password file: (\S+)/.exec(securePart)?.[1] ?? '';
    const password = readFileSync(passwordFile, 'utf8');
    expect(password).toMatch(/^[0-9a-f]{32}$/);
    expect(start.stdout + start.stderr).not.toContain(password);

    const status = await run('cluster', 'status');
    expect(status.stdout).toContain(secureLines[0]);
    expect(status.stdout).toContain(`password file: ${passwordFile}`);
    const json = await run('cluster', 'status', '--json');
    expect(json.stdout).not.toContain(password);
    expect((JSON.parse(json.stdout) as { secure?: { passwordFile: string } }).secure?.passwordFile).toBe(passwordFile);

    const previous = process.env.KBENCH_STATE_DIR;
    process.env.KBENCH_STATE_DIR = stateDir;
    try {
      const attached = EmbeddedCluster.attachPersistent();
      expect(attached?.secureConnection?.security.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'kbench', password: { file: passwordFile } });
      expect(attached?.secureConnection?.brokers).toEqual([secureLines[0]?.replace('SASL_SSL bootstrap servers: ', '')]);
    } finally {
      process.env.KBENCH_STATE_DIR = previous;
    }

    // A run without --brokers uses this cluster, over its SASL_SSL listener.
    const reportPath = join(stateDir, 'secure-run.json');
    const smallRun = fileURLToPath(new URL('../fixtures/scenarios/small-run.ts', import.meta.url));
    const bench = await run('run', smallRun, '--client', 'kafkajs', '--duration', '2s', '--report', reportPath);
    expect(bench.exitCode, bench.stderr).toBe(0);
    expect(bench.stdout + bench.stderr).not.toContain(password);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport;
    expect(report.environment).toMatchObject({ securityProtocol: 'SASL_SSL', embeddedLifetime: 'persistent', bootstrapServers: [secureLines[0]?.replace('SASL_SSL bootstrap servers: ', '')] });
    expect(report.counts.acked).toBeGreaterThan(0);
    expect(report.integrity?.lost).toBe(0);

    const pids = (JSON.parse(json.stdout) as { nodes: Array<{ pid: number }> }).nodes.map((node) => node.pid);
    const stop = await run('cluster', 'stop');
    expect(stop.exitCode).toBe(0);
    for (const pid of pids) expect(await waitForPidGone(pid, 15_000)).toBe(true);
  });
});
