/**
 * kbench against a secured cluster, as a user runs it: a 1-node embedded cluster with a SASL_SSL
 * listener (its own CA, SCRAM, PLAIN, unsecured OAUTHBEARER) is treated as an external cluster
 * (`--brokers` / `cluster.brokers`). `kbench check` connects and names the Kafka version; a short
 * scenario runs with each client (kafkajs: a scenario file with TLS and SASL sections, the
 * password from a file; confluent: command-line options, the password from an environment
 * variable; confluent again with an OAUTHBEARER token); wrong password, untrusted CA, host name
 * mismatch, a listener without TLS and one without SASL each end with exit code 3, a sentence
 * naming the problem and no stack. Every line printed and every file kbench wrote is scanned for
 * the password and the token.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { SecureClusterState } from '../../src/cluster/cluster-state.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runCommand, type CommandResult } from '../helpers/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const PASSWORD_VARIABLE = 'KBENCH_TEST_KAFKA_PASSWORD';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

describe('kbench on a SASL_SSL cluster', () => {
  let cluster: EmbeddedCluster;
  let secure: SecureClusterState;
  let password: string;
  let token: string;
  /** Where kbench runs and writes its reports (the test's own files are elsewhere). */
  let workDir: string;
  /** The test's files: the scenario file, a CA copy, wrong passwords. */
  let inputDir: string;
  let stateDir: string;
  const outputs: CommandResult[] = [];

  beforeAll(async () => {
    cluster = await EmbeddedCluster.start({ nodes: 1, security: 'sasl_ssl' });
    const files = cluster.secureFiles;
    if (!files) throw new Error('the cluster has no secure listener');
    secure = files;
    password = readFileSync(secure.passwordFile, 'utf8');
    token = readFileSync(secure.oauthTokenFile, 'utf8');
    workDir = mkdtempSync(join(tmpdir(), 'kbench-secure-run-'));
    inputDir = mkdtempSync(join(tmpdir(), 'kbench-secure-input-'));
    stateDir = mkdtempSync(join(tmpdir(), 'kbench-secure-state-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    for (const dir of [workDir, inputDir, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function kbenchCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    const result = await runCommand(process.execPath, [kbench, ...args], {
      cwd: workDir,
      env: { ...process.env, KBENCH_STATE_DIR: stateDir, KBENCH_CLUSTER_WARMUP: 'off', ...extraEnv },
      timeoutMs: 150_000,
    });
    outputs.push(result);
    return result;
  }

  const securityArgs = (overrides: { brokers?: string; ca?: string; mechanism?: string; passwordEnv?: string } = {}): string[] => [
    '--brokers',
    overrides.brokers ?? secure.bootstrapServers,
    '--tls-ca',
    overrides.ca ?? secure.caFile,
    '--sasl-mechanism',
    overrides.mechanism ?? 'scram-sha-512',
    '--sasl-username',
    secure.username,
    ...(overrides.passwordEnv ? ['--sasl-password-env', overrides.passwordEnv] : ['--sasl-password-file', secure.passwordFile]),
  ];

  function readReport(path: string): KbenchReport {
    return JSON.parse(readFileSync(path, 'utf8')) as KbenchReport;
  }

  function expectCompleteRun(report: KbenchReport): void {
    expect(report.status).toBe('completed');
    expect(report.environment.securityProtocol).toBe('SASL_SSL');
    expect(report.counts.acked).toBeGreaterThan(0);
    expect(report.counts.failed).toBe(0);
    expect(report.integrity?.acknowledged).toBe(report.counts.acked);
    expect(report.integrity?.lost).toBe(0);
    expect(report.integrity?.unconsumed ?? 0).toBe(0);
    expect(report.consumerGroups[0]?.consumed).toBeGreaterThanOrEqual(report.counts.acked);
  }

  it('kbench check connects, authenticates, lists the broker and the Kafka version', async () => {
    const result = await kbenchCli(['check', ...securityArgs()]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`over SASL_SSL, CA ${secure.caFile}, SCRAM-SHA-512 as "kbench", password from file ${secure.passwordFile}`);
    expect(result.stdout).toContain(`✓ ${secure.bootstrapServers}: connected, authenticated`);
    expect(result.stdout).toMatch(new RegExp(`brokers \\(1\\):\\n  ✓ ${secure.bootstrapServers} \\(Kafka ${cluster.kafkaVersion.split('.').slice(0, 2).join('\\.')}\\)`));
    expect(result.stdout).toContain('the cluster is usable');
    const oauth = await kbenchCli(['check', '--brokers', secure.bootstrapServers, '--tls-ca', secure.caFile, '--sasl-mechanism', 'oauthbearer', '--sasl-token-file', secure.oauthTokenFile]);
    expect(oauth.exitCode).toBe(0);
    expect(oauth.stdout).toContain('OAUTHBEARER, token from file');
  });

  it('runs a scenario with kafkajs from a scenario file whose cluster section names TLS and SASL (relative paths, password from a file)', async () => {
    copyFileSync(secure.caFile, join(inputDir, 'cluster-ca.pem'));
    const scenarioFile = join(inputDir, 'secure-kafkajs.ts');
    writeFileSync(
      scenarioFile,
      `export default {
  name: 'secure-kafkajs',
  client: 'kafkajs',
  cluster: {
    brokers: '${secure.bootstrapServers}',
    tls: { caFile: './cluster-ca.pem' },
    sasl: { mechanism: 'scram-sha-256', username: '${secure.username}', password: { file: ${JSON.stringify(secure.passwordFile)} } },
  },
  topic: { name: 'secure-kafkajs', partitions: 2 },
  duration: '3s',
  drain: '20s',
  producers: [{ load: { type: 'constant', ratePerSec: 200 }, acks: 'all' }],
  consumers: [{ members: 1 }],
};
`,
    );
    const reportPath = join(workDir, 'secure-kafkajs.json');
    const result = await kbenchCli(['run', scenarioFile, '--report', reportPath]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(reportPath);
    expectCompleteRun(report);
    expect(report.scenario.cluster).toMatchObject({ kind: 'external', security: { tls: { caFile: join(inputDir, 'cluster-ca.pem') }, sasl: { mechanism: 'scram-sha-256' } } });
  });

  it('runs a scenario with confluent, TLS and SASL from the command line, the password from an environment variable', async () => {
    const reportPath = join(workDir, 'secure-confluent.json');
    const result = await kbenchCli(['run', 'test/fixtures/scenarios/small-run.ts', '--client', 'confluent', '--duration', '3s', '--report', reportPath, ...securityArgs({ passwordEnv: PASSWORD_VARIABLE })].map((arg) => (arg === 'test/fixtures/scenarios/small-run.ts' ? join(root, arg) : arg)), {
      [PASSWORD_VARIABLE]: password,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(reportPath);
    expectCompleteRun(report);
    const producerConfig = Object.values(report.clientConfig.producers)[0] ?? {};
    expect(producerConfig['security.protocol']).toBe('sasl_ssl');
    expect(producerConfig['sasl.password']).toBe('***');
  });

  it('runs confluent with an OAUTHBEARER token read from a file', async () => {
    const reportPath = join(workDir, 'secure-oauth.json');
    const args = ['run', join(root, 'test/fixtures/scenarios/small-run.ts'), '--client', 'confluent', '--duration', '2s', '--report', reportPath];
    const result = await kbenchCli([...args, '--brokers', secure.bootstrapServers, '--tls-ca', secure.caFile, '--sasl-mechanism', 'oauthbearer', '--sasl-token-file', secure.oauthTokenFile]);
    expect(result.exitCode, result.stderr).toBe(0);
    expectCompleteRun(readReport(reportPath));
  });

  describe('says exactly what failed, with exit code 3 and no stack', () => {
    const plaintextAddress = (): string => cluster.bootstrapServers;
    const cases: Array<{ name: string; args: () => string[]; env?: () => Record<string, string>; problem: RegExp }> = [
      { name: 'a wrong password', args: () => securityArgs({ passwordEnv: PASSWORD_VARIABLE }), env: () => ({ [PASSWORD_VARIABLE]: `${password}-wrong` }), problem: /authentication failed for user "kbench" with SASL SCRAM-SHA-512: wrong user name or password/ },
      { name: 'a certificate from an authority kbench does not trust', args: () => securityArgs({ ca: secure.unrelatedCaFile }), problem: /untrusted certificate: the broker's certificate is not signed by an authority kbench trusts/ },
      { name: 'a host name the certificate does not carry', args: () => securityArgs({ brokers: secure.bootstrapServers.replace('127.0.0.1', 'localhost') }), problem: /host name mismatch: the broker's certificate does not name localhost/ },
      { name: 'TLS to a listener without TLS', args: () => securityArgs({ brokers: plaintextAddress() }), problem: /the TLS handshake failed: the listener does not speak TLS/ },
      { name: 'no TLS and no SASL to the SASL_SSL listener', args: () => ['--brokers', secure.bootstrapServers, '--timeout', '4s'], problem: /is it a TLS listener\? \(kbench spoke PLAINTEXT: give --tls\)|listener may want TLS or SASL/ },
      { name: 'TLS without SASL to the SASL_SSL listener', args: () => ['--brokers', secure.bootstrapServers, '--tls-ca', secure.caFile], problem: /the listener may want SASL/ },
      {
        name: 'SASL to a listener without SASL',
        args: () => ['--brokers', plaintextAddress(), '--sasl-mechanism', 'plain', '--sasl-username', 'kbench', '--sasl-password-file', secure.passwordFile],
        problem: /the listener does not use SASL/,
      },
    ];
    it.each(cases)('$name', async ({ args, env, problem }) => {
      const result = await kbenchCli(['check', ...args()], env?.() ?? {});
      expect(result.exitCode, result.stdout + result.stderr).toBe(3);
      expect(result.stderr).toMatch(/^error: cannot use the cluster at /);
      expect(result.stderr).toMatch(problem);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('a run with a wrong password stops before it starts anything', async () => {
      const result = await kbenchCli(['run', join(root, 'test/fixtures/scenarios/small-run.ts'), '--client', 'kafkajs', ...securityArgs({ passwordEnv: PASSWORD_VARIABLE })], { [PASSWORD_VARIABLE]: 'not-the-password' });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toMatch(/authentication failed for user "kbench"/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('a secret the settings name but the environment lacks', async () => {
      const result = await kbenchCli(['check', ...securityArgs({ passwordEnv: 'KBENCH_TEST_UNSET_PASSWORD' })]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('sasl.password (env KBENCH_TEST_UNSET_PASSWORD): the environment variable KBENCH_TEST_UNSET_PASSWORD is not set');
    });
  });

  it('never printed or wrote the password or the token', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(10);
    const written = [...filesUnder(workDir), ...filesUnder(stateDir)];
    expect(written.some((file) => file.endsWith('.html'))).toBe(true);
    for (const secret of [password, token]) {
      for (const output of outputs) {
        expect(output.stdout).not.toContain(secret);
        expect(output.stderr).not.toContain(secret);
      }
      for (const file of written) expect(readFileSync(file, 'utf8'), file).not.toContain(secret);
    }
  });
});
