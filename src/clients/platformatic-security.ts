/**
 * `ConnectionSecurity` as @platformatic/kafka options (`tls`, `sasl`). Secrets are read from their
 * sources now, except the bearer token, which the library asks for at each authentication.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';
import type { ConnectionSecurity } from './connection-security.js';
import { nodeTlsOptions } from './node-tls-options.js';
import { readSecret, readValue } from './secret-sources.js';

export interface PlatformaticSecurityOptions {
  tls?: TlsOptions;
  sasl?: SASLOptions;
}

export function platformaticSecurity(security: ConnectionSecurity | undefined): PlatformaticSecurityOptions {
  if (!security) return {};
  const options: PlatformaticSecurityOptions = {};
  if (security.tls) options.tls = nodeTlsOptions(security.tls);
  if (security.sasl) options.sasl = saslOptions(security.sasl);
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
