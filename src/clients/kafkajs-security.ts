/**
 * `ConnectionSecurity` as kafkajs options (`ssl`, `sasl`), secrets read from their sources
 * now (a bearer token: at each authentication). Used by every kafkajs client kbench creates:
 * the adapter's producers and consumers, the admin, the log reader.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { KbenchError } from '../errors.js';
import type { ConnectionSecurity, TlsSettings } from './connection-security.js';
import { readSecret, readValue } from './secret-sources.js';

export function kafkajsSecurity(security: ConnectionSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) options.ssl = tlsOptions(security.tls);
  if (security.sasl) options.sasl = saslOptions(security.sasl);
  return options;
}

function tlsOptions(tls: TlsSettings): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: true };
  if (tls.caFile) options.ca = [readPem(tls.caFile, 'tls.caFile')];
  if (tls.certFile) options.cert = readPem(tls.certFile, 'tls.certFile');
  if (tls.keyFile) options.key = readPem(tls.keyFile, 'tls.keyFile');
  if (tls.keyPassword) options.passphrase = readSecret(tls.keyPassword);
  // The chain is still verified; only the host name check is skipped.
  if (!tls.verifyHostname) options.checkServerIdentity = () => undefined;
  return options;
}

function saslOptions(sasl: NonNullable<ConnectionSecurity['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') {
    const token = sasl.token;
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: readSecret(token) }) };
  }
  return { mechanism: sasl.mechanism, username: readValue(sasl.username), password: readSecret(sasl.password) };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KbenchError('usage', `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}
