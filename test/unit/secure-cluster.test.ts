/** The secured cluster's files (real openssl, no Kafka), its token, connection and status lines. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSecureConnection, renderClusterStatus } from '../../src/cli/render-cluster-status.js';
import { CLUSTER_STATE_SCHEMA_VERSION, type SecureClusterState } from '../../src/cluster/cluster-state.js';
import { createBrokerPki, createUnrelatedCertificateAuthority, runOpenssl } from '../../src/cluster/cluster-pki.js';
import { prepareSecureCluster, secureClusterConnection, unsecuredJwt } from '../../src/cluster/secure-cluster.js';
import { KbenchError } from '../../src/errors.js';

const mode = (path: string): number => statSync(path).mode & 0o777;
const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('cluster PKI (openssl)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kbench-pki-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a CA and a broker certificate it signed, naming IP 127.0.0.1 only, keys private', async () => {
    const pki = await createBrokerPki(join(dir, 'pki'));
    expect(openssl('verify', '-CAfile', pki.ca.certFile, pki.brokerCertFile)).toContain('OK');
    const san = openssl('x509', '-in', pki.brokerCertFile, '-noout', '-ext', 'subjectAltName');
    expect(san).toContain('IP Address:127.0.0.1');
    expect(san).not.toMatch(/DNS|localhost/);
    for (const file of [pki.ca.keyFile, pki.brokerKeyFile, pki.keystoreFile]) expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'pki'))).toBe(0o700);
    // The keystore opens with its password and holds the broker key and certificate.
    const listing = execFileSync('openssl', ['pkcs12', '-in', pki.keystoreFile, '-nokeys', '-passin', 'env:PW'], {
      encoding: 'utf8',
      env: { ...process.env, PW: pki.keystorePassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(listing).toContain('friendlyName: broker');
    expect(pki.keystorePassword).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes an unrelated CA that did not sign the broker certificate', async () => {
    const pki = await createBrokerPki(join(dir, 'pki2'));
    const other = await createUnrelatedCertificateAuthority(join(dir, 'other'));
    expect(mode(other.keyFile)).toBe(0o600);
    expect(() => openssl('verify', '-CAfile', other.certFile, pki.brokerCertFile)).toThrow();
  });

  it('turns an openssl failure into a cluster error naming the step', async () => {
    const error = await runOpenssl(['x509', '-in', join(dir, 'missing.pem')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).kind).toBe('cluster');
    expect((error as KbenchError).message).toMatch(/^openssl x509 failed/);
  });
});

describe('prepareSecureCluster', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kbench-secure-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the password to a private file only and keeps it out of the state', async () => {
    const prepared = await prepareSecureCluster(dir);
    expect(readFileSync(prepared.state.passwordFile, 'utf8')).toBe(prepared.password);
    expect(mode(prepared.state.passwordFile)).toBe(0o600);
    expect(mode(prepared.state.oauthTokenFile)).toBe(0o600);
    expect(JSON.stringify(prepared.state)).not.toContain(prepared.password);
    expect(prepared.scramFormatArgs).toEqual([
      '--add-scram',
      `SCRAM-SHA-256=[name=kbench,password=${prepared.password}]`,
      '--add-scram',
      `SCRAM-SHA-512=[name=kbench,password=${prepared.password}]`,
    ]);
    expect(prepared.listener.password).toBe(prepared.password);
    expect(prepared.state.mechanisms).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN', 'OAUTHBEARER']);
  });
});

describe('unsecuredJwt', () => {
  it('is header.payload. with alg none, sub, iat and exp (the shape of Kafka own unsecured tokens)', () => {
    const token = unsecuredJwt('kbench', 1_000, 60);
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'none' });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toEqual({ sub: 'kbench', iat: 1_000, exp: 1_060 });
    expect(signature).toBe('');
  });
});

const secureState: SecureClusterState = {
  listenerName: 'SECURE',
  bootstrapServers: '127.0.0.1:9201,127.0.0.1:9202',
  caFile: '/c/secure/pki/ca.pem',
  unrelatedCaFile: '/c/secure/unrelated-ca/unrelated-ca.pem',
  username: 'kbench',
  passwordFile: '/c/secure/kbench.password',
  oauthTokenFile: '/c/secure/kbench.oauth-token',
  mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN', 'OAUTHBEARER'],
};

describe('the secure connection of a cluster', () => {
  it('is SCRAM-SHA-512 over TLS with the cluster CA, hostname verification on, the password as a file', () => {
    expect(secureClusterConnection(secureState)).toEqual({
      brokers: ['127.0.0.1:9201', '127.0.0.1:9202'],
      security: {
        tls: { caFile: '/c/secure/pki/ca.pem', certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true },
        sasl: { mechanism: 'scram-sha-512', username: 'kbench', password: { file: '/c/secure/kbench.password' } },
      },
    });
  });

  it('is shown by `cluster status` with the password file, CA and mechanisms', () => {
    const text = renderClusterStatus(
      {
        schemaVersion: CLUSTER_STATE_SCHEMA_VERSION,
        name: 'default',
        kafkaVersion: '4.2.0',
        clusterId: 'abc',
        dir: '/c',
        bootstrapServers: '127.0.0.1:9001',
        persistent: true,
        ownerPid: 1,
        startedAt: '2026-01-01T00:00:00.000Z',
        nodes: [{ nodeId: 1, pid: 0, brokerPort: 9001, controllerPort: 9101, securePort: 9201, propertiesFile: '/p', logFile: '/l', consoleFile: '/x' }],
        secure: secureState,
      },
      [{ nodeId: 1, pid: 0, status: 'down' }],
    );
    for (const line of describeSecureConnection(secureState)) expect(text).toContain(line);
    expect(text).toContain('SASL_SSL bootstrap servers: 127.0.0.1:9201,127.0.0.1:9202');
    expect(text).toContain('password file: /c/secure/kbench.password');
    expect(text).toContain('CA certificate: /c/secure/pki/ca.pem');
    expect(text).toContain('user: kbench');
  });
});
