/**
 * Secrets a run uses (a SASL password from an environment variable, a key's password from a
 * file) never reach what kbench prints or writes: the plan of `kbench validate` (text and
 * --json), the report (its `scenario`, error samples, failure, workers), validation messages and
 * error messages. The plan itself holds only where to read them: each client reads the values
 * when it connects.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretKey } from '../../src/clients/effective-config.js';
import { KbenchError } from '../../src/errors.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { buildReport } from '../../src/runner/build-report.js';
import { RunAggregator } from '../../src/runner/run-aggregator.js';
import { maskSecrets, maskSecretsDeep, maskSecretsInError, planSecrets, redactPlan } from '../../src/scenario/redact-secrets.js';
import { renderPlan } from '../../src/scenario/render-plan.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

const SASL_PASSWORD = 'sasl-pw-Zq81!x';
const KEY_PASSWORD = 'key-pw-77Hh3c';
const JAAS_PASSWORD = 'jaas-pw-Lm40s';
const SECRETS = [SASL_PASSWORD, KEY_PASSWORD, JAAS_PASSWORD];
const PASSWORD_VARIABLE = 'KBENCH_REDACT_TEST_PASSWORD';
const folder = mkdtempSync(join(tmpdir(), 'kbench-redact-'));
const keyPasswordFile = join(folder, 'key-password');
writeFileSync(keyPasswordFile, `${KEY_PASSWORD}\n`);

const scenario: ScenarioInput = {
  name: 'with-secrets',
  cluster: {
    brokers: 'kafka.example:9093',
    tls: { caFile: './ca.pem', certFile: './client.pem', keyFile: './client.key', keyPassword: { file: keyPasswordFile } },
    sasl: { mechanism: 'scram-sha-512', username: 'bench', password: { env: PASSWORD_VARIABLE } },
  },
  topic: { partitions: 2 },
  duration: '10s',
  producers: [{ load: { type: 'constant', ratePerSec: 100 }, clientConfig: { 'queue.buffering.max.messages': 50_000 } }],
  consumers: [{ members: 2 }],
};

beforeAll(() => {
  process.env[PASSWORD_VARIABLE] = SASL_PASSWORD;
});
afterAll(() => {
  delete process.env[PASSWORD_VARIABLE];
});

function planWithSecrets() {
  expect(validateScenario(scenario)).toEqual([]);
  return resolveScenario(scenario, '/bench/scenarios/with-secrets.ts');
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('secrets of a run', () => {
  it('are never in the plan: it says where each client reads them', () => {
    const plan = planWithSecrets();
    expectNoSecret(JSON.stringify(plan));
    expect(plan.cluster).toMatchObject({
      kind: 'external',
      security: { tls: { caFile: '/bench/scenarios/ca.pem', keyPassword: { file: keyPasswordFile } }, sasl: { username: 'bench', password: { env: PASSWORD_VARIABLE } } },
    });
  });

  it('are not in the plan `kbench validate` prints, as JSON or text', () => {
    const plan = planWithSecrets();
    const json = JSON.stringify(redactPlan(plan), null, 2);
    expectNoSecret(json);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(plan)));
    const text = renderPlan(plan);
    expectNoSecret(text);
    expect(text).toContain(`SCRAM-SHA-512 as "bench", password from env ${PASSWORD_VARIABLE}`);
  });

  it('are masked everywhere in the report, messages included, and the histograms are left intact', () => {
    const plan = planWithSecrets();
    const aggregator = new RunAggregator(plan);
    // Client errors may quote a setting; a worker's last words and the failure may quote those.
    aggregator.addErrorSample('authorization', `SASL authentication failed with password ${SASL_PASSWORD}`);
    const report = buildReport({
      ...sampleReportInput(),
      plan,
      aggregator,
      status: 'failed',
      failure: { message: `worker 1 failed: invalid ssl.key.password "${KEY_PASSWORD}"`, workerId: 1 },
      workers: [{ id: 1, host: 'process', producerIds: [], consumerIds: [], exitStatus: 'error', exitCode: 1, signal: null, error: `sasl ${SASL_PASSWORD}` }],
    });
    const json = JSON.stringify(report);
    expectNoSecret(json);
    expect(report.errorSamples.authorization).toEqual(['SASL authentication failed with password ***']);
    expect(report.failure?.message).toBe('worker 1 failed: invalid ssl.key.password "***"');
    expect(report.workers[0]?.error).toBe('sasl ***');
    expect(report.latency.produce.hdr).toBe(aggregator.latency().produce.hdr);
  });

  it('are not shown by validation messages', () => {
    const broken = structuredClone(scenario) as unknown as { producers: Array<{ clientConfig: unknown }> };
    broken.producers[0]!.clientConfig = { 'sasl.password': [SASL_PASSWORD] };
    expectNoSecret(JSON.stringify(validateScenario(broken)));
    broken.producers[0]!.clientConfig = `sasl.password=${SASL_PASSWORD}`;
    expectNoSecret(JSON.stringify(validateScenario(broken)));
  });

  it('are masked in error messages, details, hints and stacks', () => {
    const secrets = planSecrets(planWithSecrets());
    const error = new KbenchError('worker', `worker 0 failed: ${SASL_PASSWORD}`, { details: [`key ${KEY_PASSWORD}`], hint: `not ${SASL_PASSWORD}` });
    const masked = maskSecretsInError(error, secrets) as KbenchError;
    expect(masked).toBeInstanceOf(KbenchError);
    expect(masked.exitCode).toBe(4);
    expect([masked.message, ...masked.details, masked.hint, masked.stack].join('\n')).not.toMatch(new RegExp(SECRETS.join('|')));
    expect(masked.message).toBe('worker 0 failed: ***');
    const plain = maskSecretsInError(new TypeError(`boom ${KEY_PASSWORD}`), secrets) as Error;
    expect(plain.message).toBe('boom ***');
    expect(plain.stack).not.toContain(KEY_PASSWORD);
  });

  it('lists the secret values to mask in text (read from their sources, and inside settings of plans built in code), not names or mechanisms', () => {
    const plan = planWithSecrets();
    plan.producers[0]!.clientConfig['sasl.jaas.config'] = `org.apache.kafka.common.security.plain.PlainLoginModule required username="bench" password="${JAAS_PASSWORD}";`;
    const secrets = planSecrets(plan);
    for (const secret of SECRETS) expect(secrets).toContain(secret);
    expect(secrets).not.toContain('SCRAM-SHA-512');
    expect(secrets).not.toContain('bench');
    expect(maskSecrets('group kbench-with-secrets-0 uses SCRAM-SHA-512', secrets)).toBe('group kbench-with-secrets-0 uses SCRAM-SHA-512');
    expect(maskSecretsDeep({ a: [`x${SASL_PASSWORD}y`], hdr: SASL_PASSWORD }, secrets)).toEqual({ a: ['x***y'], hdr: SASL_PASSWORD });
    delete process.env[PASSWORD_VARIABLE];
    expect(planSecrets(planWithSecrets())).toEqual([KEY_PASSWORD]);
    process.env[PASSWORD_VARIABLE] = SASL_PASSWORD;
  });

  it('are recognised by their setting names', () => {
    for (const key of ['sasl.password', 'ssl.key.password', 'sasl.oauthbearer.client.secret', 'sasl.jaas.config', 'ssl.keystore.key', 'ssl.key.pem', 'basic.auth.user.info', 'api.key', 'ssl.truststore.password', 'passphrase']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['security.protocol', 'linger.ms', 'queue.buffering.max.messages', 'authenticationTimeout', 'key.serializer', 'ssl.ca.location']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

/** The parts of a report input that do not matter here, taken from the sample report. */
function sampleReportInput() {
  return {
    environment: sampleReport.environment,
    clientConfig: { producers: {}, consumers: {} },
    startedAtMs: Date.parse(sampleReport.startedAt),
    endedAtMs: Date.parse(sampleReport.endedAt),
    warmupRunMs: 0,
    measuredRunMs: 0,
    resources: [],
    rebalances: [],
    consumerEvents: [],
    faults: [],
  };
}
