/**
 * `ConnectionSecurity` as kafkajs options (`ssl`, `sasl`), secrets read from their sources
 * now (a bearer token: at each authentication). Used by every kafkajs client kbench creates:
 * the adapter's producers and consumers, the admin, the log reader.
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConnectionSecurity } from './connection-security.js';
import { nodeTlsOptions } from './node-tls-options.js';
import { readSecret, readValue } from './secret-sources.js';

export function kafkajsSecurity(security: ConnectionSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) options.ssl = nodeTlsOptions(security.tls);
  if (security.sasl) options.sasl = saslOptions(security.sasl);
  return options;
}

function saslOptions(sasl: NonNullable<ConnectionSecurity['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') {
    const token = sasl.token;
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: readSecret(token) }) };
  }
  return { mechanism: sasl.mechanism, username: readValue(sasl.username), password: readSecret(sasl.password) };
}
