/**
 * The external cluster's `tls` and `sasl` sections as `ConnectionSecurity`: defaults filled in,
 * files as absolute paths (a scenario's relative to its own folder), command-line settings over
 * the file's. Secrets stay sources (`{ env }` / `{ file }`): their values are read only by the
 * clients when they connect. Pure.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ConnectionSecurity, SaslSettings, SecretSource, TlsSettings } from '../clients/connection-security.js';
import type { SaslInput, SecretSourceInput, TlsInput } from './scenario-types.js';

/** TLS and SASL given on the command line (already resolved), each replacing the scenario's. */
export interface SecurityOverrides {
  tls?: TlsSettings;
  sasl?: SaslSettings;
}

/** The security of an external cluster; `baseDir`: the scenario file's folder. */
export function resolveSecurity(input: { tls?: true | TlsInput; sasl?: SaslInput } | undefined, baseDir: string, overrides: SecurityOverrides = {}): ConnectionSecurity {
  return {
    tls: overrides.tls ?? (input?.tls === undefined ? undefined : resolveTls(input.tls, baseDir)),
    sasl: overrides.sasl ?? (input?.sasl === undefined ? undefined : resolveSasl(input.sasl, baseDir)),
  };
}

export function resolveTls(input: true | TlsInput, baseDir: string): TlsSettings {
  const tls = input === true ? {} : input;
  return {
    caFile: tls.caFile === undefined ? undefined : absolute(tls.caFile, baseDir),
    certFile: tls.certFile === undefined ? undefined : absolute(tls.certFile, baseDir),
    keyFile: tls.keyFile === undefined ? undefined : absolute(tls.keyFile, baseDir),
    keyPassword: tls.keyPassword === undefined ? undefined : resolveSource(tls.keyPassword, baseDir),
    verifyHostname: tls.verifyHostname ?? true,
  };
}

export function resolveSasl(input: SaslInput, baseDir: string): SaslSettings {
  if (input.mechanism === 'oauthbearer') return { mechanism: 'oauthbearer', token: resolveSource(input.token, baseDir) };
  return {
    mechanism: input.mechanism,
    username: typeof input.username === 'string' ? input.username : resolveSource(input.username, baseDir),
    password: resolveSource(input.password, baseDir),
  };
}

export function resolveSource(source: SecretSourceInput, baseDir: string): SecretSource {
  return 'env' in source ? { env: source.env } : { file: absolute(source.file, baseDir) };
}

function absolute(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
