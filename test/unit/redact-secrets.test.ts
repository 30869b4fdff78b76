/**
 * Secrets given in a scenario (SASL passwords, key passwords, OAuth client secrets, a JAAS config)
 * never reach what kbench prints or writes: the plan of `kbench validate` (text and --json), the
 * report (its `scenario`, error samples, failure, workers), validation messages and error messages.
 * The plan itself keeps them: the workers need them to connect.
 */
import { describe, expect, it } from 'vitest';
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
const OAUTH_SECRET = 'oauth-secret-Vb29k';
const JAAS_PASSWORD = 'jaas-pw-Lm40s';
const BROKER_KEYSTORE_PASSWORD = 'keystore-pw-Qa55t';
const SECRETS = [SASL_PASSWORD, KEY_PASSWORD, OAUTH_SECRET, JAAS_PASSWORD, BROKER_KEYSTORE_PASSWORD];

const scenario: ScenarioInput = {
  name: 'with-secrets',
  cluster: { nodes: 1, brokerConfig: { 'ssl.keystore.password': BROKER_KEYSTORE_PASSWORD, 'num.io.threads': 4 } },
  topic: { partitions: 2 },
  duration: '10s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 100 },
      clientConfig: {
        'security.protocol': 'sasl_ssl',
        'sasl.mechanisms': 'PLAIN',
        'sasl.username': 'bench',
        'sasl.password': SASL_PASSWORD,
        'ssl.key.password': KEY_PASSWORD,
        'queue.buffering.max.messages': 50_000,
      },
    },
  ],
  consumers: [
    {
      members: 2,
      clientConfig: {
        'sasl.oauthbearer.client.secret': OAUTH_SECRET,
        'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="bench" password="${JAAS_PASSWORD}";`,
      },
    },
  ],
};

function planWithSecrets() {
  expect(validateScenario(scenario)).toEqual([]);
  return resolveScenario(scenario, 'scenarios/with-secrets.ts');
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('secrets in a scenario', () => {
  it('stay in the plan the workers get', () => {
    const plan = planWithSecrets();
    expect(plan.producers[0]?.clientConfig['sasl.password']).toBe(SASL_PASSWORD);
    expect(plan.consumerGroups[0]?.members[1]?.clientConfig['sasl.oauthbearer.client.secret']).toBe(OAUTH_SECRET);
  });

  it('are masked in the plan `kbench validate --json` prints, which keeps everything else', () => {
    const plan = planWithSecrets();
    const json = JSON.stringify(redactPlan(plan), null, 2);
    expectNoSecret(json);
    const shown = JSON.parse(json) as typeof plan;
    expect(shown.producers[0]?.clientConfig).toEqual({
      'security.protocol': 'sasl_ssl',
      'sasl.mechanisms': '***',
      'sasl.username': '***',
      'sasl.password': '***',
      'ssl.key.password': '***',
      'queue.buffering.max.messages': 50_000,
    });
    expect(shown.consumerGroups[0]?.members.map((member) => member.clientConfig['sasl.jaas.config'])).toEqual(['***', '***']);
    expect(shown.cluster).toEqual({ kind: 'embedded', nodes: 1, brokerConfig: { 'ssl.keystore.password': '***', 'num.io.threads': 4 } });
    // Only copies were masked.
    expect(plan.producers[0]?.clientConfig['ssl.key.password']).toBe(KEY_PASSWORD);
  });

  it('are masked in the plan as text', () => {
    const text = renderPlan(planWithSecrets());
    expectNoSecret(text);
    expect(text).toContain('ssl.keystore.password=***');
    expect(text).toContain('num.io.threads=4');
  });

  it('are masked everywhere in the report, messages included, and the histograms are left intact', () => {
    const plan = planWithSecrets();
    const aggregator = new RunAggregator(plan);
    // Client errors may quote a setting; a worker's last words and the failure may quote those.
    aggregator.addErrorSample('authorization', `SASL authentication failed with password ${SASL_PASSWORD}`);
    aggregator.addErrorSample('other', `bad sasl.jaas.config: ${String(plan.consumerGroups[0]?.members[0]?.clientConfig['sasl.jaas.config'])}`);
    const report = buildReport({
      ...sampleReportInput(),
      plan,
      aggregator,
      status: 'failed',
      failure: { message: `worker 1 failed: invalid ssl.key.password "${KEY_PASSWORD}"`, workerId: 1 },
      workers: [{ id: 1, host: 'process', producerIds: [], consumerIds: [], exitStatus: 'error', exitCode: 1, signal: null, error: `oauth ${OAUTH_SECRET}` }],
    });
    const json = JSON.stringify(report);
    expectNoSecret(json);
    expect(report.scenario.producers[0]?.clientConfig['sasl.password']).toBe('***');
    expect(report.errorSamples.authorization).toEqual(['SASL authentication failed with password ***']);
    expect(report.failure?.message).toBe('worker 1 failed: invalid ssl.key.password "***"');
    expect(report.workers[0]?.error).toBe('oauth ***');
    expect(report.latency.produce.hdr).toBe(aggregator.latency().produce.hdr);
  });

  it('are not shown by validation messages about the secret settings', () => {
    const broken = structuredClone(scenario) as unknown as { producers: Array<{ clientConfig: unknown }> };
    broken.producers[0]!.clientConfig = { 'sasl.password': [SASL_PASSWORD] };
    const issues = validateScenario(broken);
    expect(issues).toEqual([{ path: 'producers[0].clientConfig["sasl.password"]', message: 'expected a string, a number or a boolean, got an array' }]);
    broken.producers[0]!.clientConfig = `sasl.password=${SASL_PASSWORD}`;
    expectNoSecret(JSON.stringify(validateScenario(broken)));
  });

  it('are masked in error messages, details, hints and stacks', () => {
    const secrets = planSecrets(planWithSecrets());
    const error = new KbenchError('worker', `worker 0 failed: ${SASL_PASSWORD}`, { details: [`key ${KEY_PASSWORD}`], hint: `not ${OAUTH_SECRET}` });
    const masked = maskSecretsInError(error, secrets) as KbenchError;
    expect(masked).toBeInstanceOf(KbenchError);
    expect(masked.exitCode).toBe(4);
    expect([masked.message, ...masked.details, masked.hint, masked.stack].join('\n')).not.toMatch(new RegExp(SECRETS.join('|')));
    expect(masked.message).toBe('worker 0 failed: ***');
    const plain = maskSecretsInError(new TypeError(`boom ${JAAS_PASSWORD}`), secrets) as Error;
    expect(plain.message).toBe('boom ***');
    expect(plain.stack).not.toContain(JAAS_PASSWORD);
  });

  it('lists the secret values to mask in text, not names, mechanisms or short values', () => {
    const secrets = planSecrets(planWithSecrets());
    for (const secret of SECRETS) expect(secrets).toContain(secret);
    expect(secrets).not.toContain('PLAIN');
    expect(secrets).not.toContain('bench');
    expect(maskSecrets('group kbench-with-secrets-0 uses PLAIN', secrets)).toBe('group kbench-with-secrets-0 uses PLAIN');
    expect(maskSecretsDeep({ a: [`x${SASL_PASSWORD}y`], hdr: SASL_PASSWORD }, secrets)).toEqual({ a: ['x***y'], hdr: SASL_PASSWORD });
  });

  it('are recognised by their setting names', () => {
    for (const key of ['sasl.password', 'ssl.key.password', 'sasl.oauthbearer.client.secret', 'sasl.jaas.config', 'ssl.keystore.key', 'ssl.key.pem', 'basic.auth.user.info', 'api.key', 'ssl.truststore.password']) {
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
