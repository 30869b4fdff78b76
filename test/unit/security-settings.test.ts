import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSecurityOptions } from '../../src/cli/security-options.js';
import { describeSecurity, securityProtocol, type ConnectionSecurity } from '../../src/clients/connection-security.js';
import { kafkajsSecurity } from '../../src/clients/kafkajs-security.js';
import { bearerToken, librdkafkaSecurity } from '../../src/clients/librdkafka-security.js';
import { readSecret, securitySourceProblems } from '../../src/clients/secret-sources.js';
import { planSecrets, redactPlan } from '../../src/scenario/redact-secrets.js';
import { renderPlan } from '../../src/scenario/render-plan.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

type Json = Record<string, any>;
const PASSWORD = 'pa55-word-never-shown';

function external(cluster: Json = {}): Json {
  return { name: 's', duration: '5s', cluster: { brokers: 'kafka.example:9093', ...cluster }, producers: [{ load: { type: 'constant', ratePerSec: 10 } }] };
}

function issuesOf(scenario: Json): string[] {
  return validateScenario(scenario).map((issue) => `${issue.path}: ${issue.message}`);
}

const env = process.env;
afterEach(() => {
  delete env.KBENCH_TEST_PASSWORD;
  delete env.KBENCH_TEST_TOKEN;
});

describe('the cluster section takes TLS and SASL, never a secret', () => {
  it('accepts TLS and SASL with secrets from the environment or files', () => {
    expect(issuesOf(external({ tls: true }))).toEqual([]);
    expect(issuesOf(external({ tls: { caFile: './ca.pem', certFile: 'c.pem', keyFile: 'k.pem', keyPassword: { file: './kp' }, verifyHostname: false } }))).toEqual([]);
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512']) {
      expect(issuesOf(external({ tls: true, sasl: { mechanism, username: 'bench', password: { env: 'KAFKA_PASSWORD' } } }))).toEqual([]);
    }
    expect(issuesOf(external({ sasl: { mechanism: 'scram-sha-512', username: { env: 'KAFKA_USER' }, password: { file: '/run/secrets/pw' } } }))).toEqual([]);
    expect(issuesOf(external({ tls: true, sasl: { mechanism: 'oauthbearer', token: { file: './token.jwt' } } }))).toEqual([]);
  });

  it('refuses a literal secret and never repeats it', () => {
    const cases: Json[] = [
      { sasl: { mechanism: 'scram-sha-512', username: 'bench', password: PASSWORD } },
      { sasl: { mechanism: 'oauthbearer', token: PASSWORD } },
      { tls: { keyFile: 'k.pem', certFile: 'c.pem', keyPassword: PASSWORD } },
      { sasl: { mechanism: 'plain', username: 'u', password: { env: PASSWORD } } },
      { sasl: { mechanism: 'plain', username: 'u', password: { value: PASSWORD } } },
      { tls: { password: PASSWORD } },
    ];
    for (const cluster of cases) {
      const issues = issuesOf(external(cluster));
      expect(issues.length, JSON.stringify(cluster)).toBeGreaterThan(0);
      expect(issues.join('\n')).not.toContain(PASSWORD);
    }
    expect(issuesOf(external(cases[0]))).toEqual([expect.stringMatching(/^cluster\.sasl\.password: a secret cannot be written in a scenario file: write where to read it instead: \{ env: /)]);
  });

  it('refuses secrets and TLS/SASL settings in client settings and broker settings, without showing them', () => {
    const scenario = external();
    scenario.producers[0].clientConfig = { 'sasl.password': PASSWORD, 'security.protocol': 'SASL_SSL', 'queue.buffering.max.messages': 1000 };
    scenario.consumers = [{ clientConfig: { ssl: { passphrase: PASSWORD, rejectUnauthorized: false } } }];
    const issues = issuesOf(scenario);
    expect(issues.join('\n')).not.toContain(PASSWORD);
    expect(issues).toContainEqual(expect.stringMatching(/^producers\[0\]\.clientConfig\["sasl\.password"\]: sasl\.password: TLS and SASL come from cluster\.tls/));
    expect(issues).toContainEqual(expect.stringMatching(/^producers\[0\]\.clientConfig\["security\.protocol"\]/));
    expect(issues).toContainEqual(expect.stringMatching(/^consumers\[0\]\.clientConfig\.ssl: .*\*\*\*/));
    const embedded = { name: 's', duration: '5s', cluster: { brokerConfig: { 'ssl.keystore.password': PASSWORD } }, producers: [{ load: { type: 'constant', ratePerSec: 1 } }] };
    expect(issuesOf(embedded)).toEqual([expect.stringMatching(/^cluster\.brokerConfig\["ssl\.keystore\.password"\]: ssl\.keystore\.password holds a secret/)]);
  });

  it('explains wrong shapes', () => {
    expect(issuesOf(external({ tls: 'yes' }))).toEqual(['cluster.tls: expected true or an object such as { caFile: \'./ca.pem\' }, got a string']);
    expect(issuesOf(external({ tls: { certFile: 'c.pem' } }))).toEqual(['cluster.tls: a client certificate needs both certFile and keyFile']);
    expect(issuesOf(external({ sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: { env: 'P' } } }))[0]).toContain("(write it in lower case: 'scram-sha-512')");
    expect(issuesOf(external({ sasl: { mechanism: 'gssapi', username: 'u', password: { env: 'P' } } }))[0]).toContain('expected one of plain, scram-sha-256, scram-sha-512, oauthbearer, got "gssapi"');
    expect(issuesOf(external({ sasl: { mechanism: 'plain' } }))).toEqual([expect.stringMatching(/^cluster\.sasl\.username: required/), expect.stringMatching(/^cluster\.sasl\.password: required/)]);
    expect(issuesOf(external({ sasl: { mechanism: 'plain', username: 'u', password: { env: 'P', file: 'f' } } }))[0]).toContain('exactly one of env or file');
    expect(issuesOf(external({ sasl: { mechanism: 'oauthbearer', username: 'u', token: { env: 'T' } } }))[0]).toContain('oauthbearer takes a token');
  });

  it('keeps TLS and SASL to external clusters', () => {
    const scenario = { name: 's', duration: '5s', cluster: { nodes: 1, tls: true }, producers: [{ load: { type: 'constant', ratePerSec: 1 } }] };
    expect(issuesOf(scenario)).toEqual([expect.stringMatching(/^cluster\.tls: TLS settings are for an existing cluster/)]);
  });
});

describe('resolving the security of a plan', () => {
  const file = '/home/me/bench/scenarios/secure.ts';

  it('makes paths absolute from the scenario folder and fills defaults', () => {
    const scenario = external({ tls: { caFile: '../certs/ca.pem' }, sasl: { mechanism: 'scram-sha-256', username: 'bench', password: { file: 'pw.txt' } } }) as ScenarioInput;
    const plan = resolveScenario(scenario, file);
    expect(plan.cluster).toEqual({
      kind: 'external',
      brokers: ['kafka.example:9093'],
      security: {
        tls: { caFile: '/home/me/bench/certs/ca.pem', certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true },
        sasl: { mechanism: 'scram-sha-256', username: 'bench', password: { file: '/home/me/bench/scenarios/pw.txt' } },
      },
    });
    expect(renderPlan(plan)).toContain('over SASL_SSL, CA /home/me/bench/certs/ca.pem, SCRAM-SHA-256 as "bench", password from file /home/me/bench/scenarios/pw.txt');
  });

  it('lets command-line settings replace the file\'s, and refuses them without external brokers', () => {
    const overrides = parseSecurityOptions({ tlsCa: 'ca.pem', saslMechanism: 'PLAIN', saslUsername: 'u', saslPasswordEnv: 'KAFKA_PW' }, '/work');
    const plan = resolveScenario(external({ sasl: { mechanism: 'scram-sha-512', username: 'x', password: { env: 'X' } } }) as ScenarioInput, file, { security: overrides });
    expect(plan.cluster.kind === 'external' && plan.cluster.security.sasl).toEqual({ mechanism: 'plain', username: 'u', password: { env: 'KAFKA_PW' } });
    expect(plan.cluster.kind === 'external' && plan.cluster.security.tls?.caFile).toBe('/work/ca.pem');
    const embedded = { name: 's', duration: '5s', producers: [{ load: { type: 'constant', ratePerSec: 1 } }] } as ScenarioInput;
    expect(() => resolveScenario(embedded, file, { security: overrides })).toThrow(/--tls-… and --sasl-… options are for an existing cluster/);
    expect(resolveScenario(embedded, file, { security: overrides, brokers: ['h:1'] }).cluster).toMatchObject({ kind: 'external', security: { sasl: { mechanism: 'plain' } } });
  });

  it('masks the secrets it reads in every message, and never writes them into the plan', () => {
    env.KBENCH_TEST_PASSWORD = PASSWORD;
    const plan = resolveScenario(external({ sasl: { mechanism: 'plain', username: 'u', password: { env: 'KBENCH_TEST_PASSWORD' } } }) as ScenarioInput, file);
    expect(JSON.stringify(redactPlan(plan))).not.toContain(PASSWORD);
    expect(planSecrets(plan)).toContain(PASSWORD);
  });
});

describe('command-line security options', () => {
  it('refuses secrets as option values, without repeating them', () => {
    expect(() => parseSecurityOptions({ saslPassword: PASSWORD })).toThrow(/--sasl-password is not accepted/);
    expect(() => parseSecurityOptions({ tlsKeyPassword: PASSWORD })).toThrow(/--tls-key-password is not accepted/);
    let message = '';
    try {
      parseSecurityOptions({ saslMechanism: 'plain', saslUsername: 'u', saslPasswordEnv: PASSWORD });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expects the name of an environment variable');
    expect(message).not.toContain(PASSWORD);
  });

  it('needs what each mechanism needs', () => {
    expect(() => parseSecurityOptions({ saslUsername: 'u' })).toThrow(/need --sasl-mechanism/);
    expect(() => parseSecurityOptions({ saslMechanism: 'scram-sha-512', saslPasswordEnv: 'P' })).toThrow(/needs --sasl-username/);
    expect(() => parseSecurityOptions({ saslMechanism: 'scram-sha-512', saslUsername: 'u' })).toThrow(/needs --sasl-password-env/);
    expect(() => parseSecurityOptions({ saslMechanism: 'oauthbearer' })).toThrow(/needs --sasl-token-file/);
    expect(() => parseSecurityOptions({ tlsCert: 'c.pem' })).toThrow(/both --tls-cert and --tls-key/);
    expect(parseSecurityOptions({})).toEqual({});
    expect(parseSecurityOptions({ tlsVerifyHostname: false }, '/w').tls).toEqual({ caFile: undefined, certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: false });
    expect(parseSecurityOptions({ tlsVerifyHostname: true })).toEqual({});
  });
});

describe('client settings from ConnectionSecurity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbench-security-'));
  writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
  writeFileSync(join(dir, 'pw'), `${PASSWORD}\n`);
  const security: ConnectionSecurity = {
    tls: { caFile: join(dir, 'ca.pem'), certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: false },
    sasl: { mechanism: 'scram-sha-512', username: 'bench', password: { file: join(dir, 'pw') } },
  };

  it('maps to librdkafka properties', () => {
    expect(librdkafkaSecurity(security).config).toEqual({
      'security.protocol': 'sasl_ssl',
      'ssl.ca.location': join(dir, 'ca.pem'),
      'ssl.endpoint.identification.algorithm': 'none',
      'sasl.mechanisms': 'SCRAM-SHA-512',
      'sasl.username': 'bench',
      'sasl.password': PASSWORD,
    });
    expect(librdkafkaSecurity({ tls: undefined, sasl: undefined })).toEqual({ config: {}, tokenRefresh: undefined });
  });

  it('maps to kafkajs options', () => {
    const options = kafkajsSecurity(security);
    expect(options.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'bench', password: PASSWORD });
    const ssl = options.ssl as { ca: string[]; rejectUnauthorized: boolean; checkServerIdentity?: () => undefined };
    expect(ssl.ca[0]).toContain('BEGIN CERTIFICATE');
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.checkServerIdentity?.()).toBeUndefined();
    const verified = kafkajsSecurity({ ...security, tls: { ...security.tls!, verifyHostname: true } }).ssl as Record<string, unknown>;
    expect(verified.checkServerIdentity).toBeUndefined();
  });

  it('reads an OAUTHBEARER token at each refresh, with its expiry and subject', async () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'bench', exp: 4_000_000_000 })).toString('base64url');
    env.KBENCH_TEST_TOKEN = `e30.${claims}.`;
    const sec: ConnectionSecurity = { tls: undefined, sasl: { mechanism: 'oauthbearer', token: { env: 'KBENCH_TEST_TOKEN' } } };
    const { config, tokenRefresh } = librdkafkaSecurity(sec);
    expect(config).toEqual({ 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'OAUTHBEARER' });
    expect(await tokenRefresh?.()).toEqual({ tokenValue: `e30.${claims}.`, lifetime: 4_000_000_000_000, principal: 'bench' });
    expect(bearerToken('opaque', 1_000).lifetime).toBe(3_601_000);
    const provider = (kafkajsSecurity(sec).sasl as { oauthBearerProvider: () => Promise<{ value: string }> }).oauthBearerProvider;
    env.KBENCH_TEST_TOKEN = 'renewed';
    expect(await provider()).toEqual({ value: 'renewed' });
  });

  it('reads secrets without their trailing newline and names missing sources without values', () => {
    expect(readSecret({ file: join(dir, 'pw') })).toBe(PASSWORD);
    expect(() => readSecret({ env: 'KBENCH_TEST_UNSET' })).toThrow('the environment variable KBENCH_TEST_UNSET is not set');
    const problems = securitySourceProblems({
      tls: { caFile: join(dir, 'missing.pem'), certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true },
      sasl: { mechanism: 'plain', username: 'u', password: { env: 'KBENCH_TEST_UNSET' } },
    });
    expect(problems).toEqual([`tls.caFile ${join(dir, 'missing.pem')}: no such file`, 'sasl.password (env KBENCH_TEST_UNSET): the environment variable KBENCH_TEST_UNSET is not set (it holds a secret the cluster settings name)']);
  });

  it('names the protocol', () => {
    expect(securityProtocol({ tls: undefined, sasl: undefined })).toBe('PLAINTEXT');
    expect(securityProtocol({ tls: security.tls, sasl: undefined })).toBe('SSL');
    expect(securityProtocol({ tls: undefined, sasl: security.sasl })).toBe('SASL_PLAINTEXT');
    expect(describeSecurity(security)).toBe(`SASL_SSL, CA ${join(dir, 'ca.pem')}, host names not checked, SCRAM-SHA-512 as "bench", password from file ${join(dir, 'pw')}`);
  });
});
