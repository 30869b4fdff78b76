/**
 * `ConnectionSecurity` as librdkafka properties for the confluent client, secrets read from
 * their sources now (a bearer token: at each refresh librdkafka asks for).
 */
import type { ConnectionSecurity } from './connection-security.js';
import { securityProtocol } from './connection-security.js';
import type { FlatConfig } from './effective-config.js';
import { readSecret, readValue } from './secret-sources.js';

/** What librdkafka hands the token callback's continuation. */
export interface OauthToken {
  tokenValue: string;
  /** When the token expires, epoch ms. */
  lifetime: number;
  principal: string;
}

export interface LibrdkafkaSecurity {
  /** Properties to merge into the client's configuration (holds secrets: report it only redacted). */
  config: FlatConfig;
  /** The `oauthbearer_token_refresh_cb` property, for OAUTHBEARER. */
  tokenRefresh: (() => Promise<OauthToken>) | undefined;
}

/** Token lifetime when the JWT carries no `exp` claim. */
const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000;

export function librdkafkaSecurity(security: ConnectionSecurity | undefined): LibrdkafkaSecurity {
  if (!security || (!security.tls && !security.sasl)) return { config: {}, tokenRefresh: undefined };
  const config: FlatConfig = { 'security.protocol': securityProtocol(security).toLowerCase() };
  const { tls, sasl } = security;
  if (tls) {
    if (tls.caFile) config['ssl.ca.location'] = tls.caFile;
    if (tls.certFile) config['ssl.certificate.location'] = tls.certFile;
    if (tls.keyFile) config['ssl.key.location'] = tls.keyFile;
    if (tls.keyPassword) config['ssl.key.password'] = readSecret(tls.keyPassword);
    config['ssl.endpoint.identification.algorithm'] = tls.verifyHostname ? 'https' : 'none';
  }
  let tokenRefresh: LibrdkafkaSecurity['tokenRefresh'];
  if (sasl?.mechanism === 'oauthbearer') {
    config['sasl.mechanisms'] = 'OAUTHBEARER';
    const source = sasl.token;
    tokenRefresh = async () => bearerToken(readSecret(source));
  } else if (sasl) {
    config['sasl.mechanisms'] = sasl.mechanism.toUpperCase();
    config['sasl.username'] = readValue(sasl.username);
    config['sasl.password'] = readSecret(sasl.password);
  }
  return { config, tokenRefresh };
}

/** A JWT with its expiry and principal (`sub`) read from its claims, when it has them. */
export function bearerToken(token: string, nowMs: number = Date.now()): OauthToken {
  const claims = jwtClaims(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
  return {
    tokenValue: token,
    lifetime: exp !== undefined && exp > nowMs ? exp : nowMs + DEFAULT_TOKEN_LIFETIME_MS,
    principal: typeof claims?.sub === 'string' ? claims.sub : '',
  };
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
