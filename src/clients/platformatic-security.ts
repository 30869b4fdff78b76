/**
 * `ConnectionSecurity` as @platformatic/kafka options (`tls`, `sasl`). Secrets are read from their
 * sources now, except the bearer token, which the library asks for at each authentication.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';
import { KbenchError } from '../errors.js';
import type { ConnectionSecurity, TlsSettings } from './connection-security.js';
import { readSecret, readValue } from './secret-sources.js';

export interface PlatformaticSecurityOptions {
  tls?: TlsOptions;
  sasl?: SASLOptions;
}

export function platformaticSecurity(security: ConnectionSecurity | undefined): PlatformaticSecurityOptions {
  if (!security) return {};
  const options: PlatformaticSecurityOptions = {};
  if (security.tls) options.tls = tlsOptions(security.tls);
  if (security.sasl) options.sasl = saslOptions(security.sasl);
  return options;
}

function tlsOptions(tls: TlsSettings): TlsOptions {
  const options: TlsOptions = { rejectUnauthorized: true };
  if (tls.caFile) options.ca = [readPem(tls.caFile, 'tls.caFile')];
  if (tls.certFile) options.cert = readPem(tls.certFile, 'tls.certFile');
  if (tls.keyFile) options.key = readPem(tls.keyFile, 'tls.keyFile');
  if (tls.keyPassword) options.passphrase = readSecret(tls.keyPassword);
  // The chain is still verified; only the host name check is skipped.
  if (!tls.verifyHostname) options.checkServerIdentity = () => undefined;
  return options;
}

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

function saslOptions(sasl: NonNullable<ConnectionSecurity['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') {
    const token = sasl.token;
    return { mechanism: 'OAUTHBEARER', token: () => readSecret(token) };
  }
  return { mechanism: MECHANISMS[sasl.mechanism], username: readValue(sasl.username), password: readSecret(sasl.password) };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KbenchError('usage', `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}
