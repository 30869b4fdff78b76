/**
 * Rules of the external cluster's `tls` and `sasl` sections. A secret (a password, a key's
 * password, a token) is never accepted as a value in the file, only as where to read it
 * (`{ env }` or `{ file }`); and no message ever shows a value given where a secret belongs.
 * Pure.
 */
import { SASL_MECHANISMS } from '../clients/connection-security.js';
import { isSecretKey } from '../clients/effective-config.js';
import type { ValidationIssue } from '../util/schema-kit.js';

type Obj = Record<string, unknown>;

const TLS_KEYS = ['caFile', 'certFile', 'keyFile', 'keyPassword', 'verifyHostname'];
const SASL_KEYS = ['mechanism', 'username', 'password', 'token'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** How to write a secret, for messages. */
export const SECRET_SOURCE_HELP = "write where to read it instead: { env: 'KAFKA_PASSWORD' } (an environment variable) or { file: './secrets/kafka-password' } (a file)";

/** Problems of `cluster.tls` and `cluster.sasl`; `external`: the cluster section names brokers. */
export function securityIssues(cluster: Obj, external: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  for (const key of ['tls', 'sasl'] as const) {
    if (cluster[key] !== undefined && !external) {
      add(
        `cluster.${key}`,
        `${key.toUpperCase()} settings are for an existing cluster (cluster.brokers or --brokers); the embedded cluster listens on PLAINTEXT — \`kbench cluster start --secure\` starts one with a SASL_SSL listener`,
      );
    }
  }
  if (cluster.tls !== undefined) checkTls(cluster.tls, add);
  if (cluster.sasl !== undefined) checkSasl(cluster.sasl, add);
  return issues;
}

type Add = (path: string, message: string) => void;

function checkTls(value: unknown, add: Add): void {
  if (value === true) return;
  if (!isObject(value)) {
    add('cluster.tls', `expected true or an object such as { caFile: './ca.pem' }, got ${describe(value)}`);
    return;
  }
  unknownKeys(value, TLS_KEYS, 'cluster.tls', add);
  for (const key of ['caFile', 'certFile', 'keyFile']) {
    const file = value[key];
    if (file !== undefined && (typeof file !== 'string' || file.trim() === '')) add(`cluster.tls.${key}`, `expected the path of a PEM file, got ${describe(file)}`);
  }
  if ((value.certFile === undefined) !== (value.keyFile === undefined)) {
    add('cluster.tls', 'a client certificate needs both certFile and keyFile');
  }
  if (value.keyPassword !== undefined) {
    checkSecretSource(value.keyPassword, 'cluster.tls.keyPassword', add);
    if (value.keyFile === undefined) add('cluster.tls.keyPassword', 'a key password needs keyFile');
  }
  if (value.verifyHostname !== undefined && typeof value.verifyHostname !== 'boolean') {
    add('cluster.tls.verifyHostname', `expected true or false, got ${describe(value.verifyHostname)}`);
  }
}

function checkSasl(value: unknown, add: Add): void {
  if (!isObject(value)) {
    add('cluster.sasl', `expected an object such as { mechanism: 'scram-sha-512', username: 'bench', password: { env: 'KAFKA_PASSWORD' } }, got ${describe(value)}`);
    return;
  }
  unknownKeys(value, SASL_KEYS, 'cluster.sasl', add);
  const mechanism = value.mechanism;
  if (mechanism === undefined) {
    add('cluster.sasl.mechanism', `required: one of ${SASL_MECHANISMS.join(', ')}`);
  } else if (typeof mechanism !== 'string' || !(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    const hint = typeof mechanism === 'string' && (SASL_MECHANISMS as readonly string[]).includes(mechanism.toLowerCase()) ? ` (write it in lower case: '${mechanism.toLowerCase()}')` : '';
    add('cluster.sasl.mechanism', `expected one of ${SASL_MECHANISMS.join(', ')}, got ${describe(mechanism, true)}${hint}`);
  }
  if (mechanism === 'oauthbearer') {
    if (value.token === undefined) add('cluster.sasl.token', "required for oauthbearer: where to read the token, e.g. { file: './token.jwt' }");
    else checkSecretSource(value.token, 'cluster.sasl.token', add);
    for (const key of ['username', 'password']) if (value[key] !== undefined) add(`cluster.sasl.${key}`, 'oauthbearer takes a token, not a user name and password');
    return;
  }
  if (value.token !== undefined) add('cluster.sasl.token', 'a token is for the oauthbearer mechanism');
  if (value.username === undefined) add('cluster.sasl.username', 'required: a user name, or where to read it ({ env: … } or { file: … })');
  else if (typeof value.username === 'string') {
    if (value.username.trim() === '') add('cluster.sasl.username', 'expected a non-empty user name');
  } else checkSecretSource(value.username, 'cluster.sasl.username', add);
  if (value.password === undefined) add('cluster.sasl.password', `required: ${SECRET_SOURCE_HELP}`);
  else checkSecretSource(value.password, 'cluster.sasl.password', add);
}

/** `{ env: NAME }` or `{ file: path }`; a literal secret is refused without being shown. */
function checkSecretSource(value: unknown, path: string, add: Add): void {
  if (typeof value === 'string' || typeof value === 'number') {
    add(path, `a secret cannot be written in a scenario file: ${SECRET_SOURCE_HELP}`);
    return;
  }
  if (!isObject(value)) {
    add(path, `expected { env: 'NAME' } or { file: 'path' }, got ${describe(value)}`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'env' && keys[0] !== 'file')) {
    add(path, `expected exactly one of env or file, as { env: 'NAME' } or { file: 'path' }, got the keys ${keys.length === 0 ? '(none)' : keys.map((k) => JSON.stringify(k)).join(', ')}`);
    return;
  }
  const text = keys[0] === 'env' ? value.env : value.file;
  if (typeof text !== 'string' || text.trim() === '') {
    add(`${path}.${keys[0]}`, `expected ${keys[0] === 'env' ? 'the name of an environment variable' : 'the path of a file'}, got ${describe(text)}`);
  } else if (keys[0] === 'env' && !ENV_NAME.test(text)) {
    add(`${path}.env`, 'expected the name of an environment variable (letters, digits and _, not starting with a digit) — was the secret itself written here?');
  }
}

function unknownKeys(value: Obj, allowed: readonly string[], path: string, add: Add): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) add(`${path}.${key}`, `unknown setting (expected ${allowed.join(', ')})`);
  }
}

/** A value's type, and the value itself only when `showValue` (never for what may be a secret). */
function describe(value: unknown, showValue = false): string {
  if (value === null || value === undefined) return String(value);
  if (showValue && typeof value === 'string') return JSON.stringify(value.length > 30 ? `${value.slice(0, 29)}…` : value);
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Client settings (librdkafka's names, and kafkajs' `ssl` / `sasl`) that `cluster.tls` and `cluster.sasl` set. */
const SECURITY_SETTING = /^(security\.protocol|ssl|sasl|sasl\..*|ssl\.(ca|certificate|key|keystore|truststore)\..*|ssl\.endpoint\.identification\.algorithm|enable\.ssl\.certificate\.verification)$/;
/** Names that look secret but are not (mechanism lists, user names). */
const NOT_A_SECRET = /(^|[._])(mechanisms?|username|user)$/i;

/**
 * The problem of one setting of a `clientConfig`, `cluster.brokerConfig` or `topic.configs`
 * map: a literal secret, or (`client`) a TLS/SASL setting the cluster section owns. Never shows
 * the value.
 */
export function settingSecurityProblem(key: string, client: boolean): string | undefined {
  if (client && SECURITY_SETTING.test(key)) {
    return `${key}: TLS and SASL come from cluster.tls and cluster.sasl (or --tls-… / --sasl-… options), for every client kbench runs: remove it`;
  }
  if (isSecretKey(key) && !NOT_A_SECRET.test(key)) return `${key} holds a secret, which cannot be written in a scenario file: remove it (TLS and SASL secrets: cluster.tls / cluster.sasl, ${SECRET_SOURCE_HELP})`;
  return undefined;
}
