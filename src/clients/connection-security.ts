/**
 * How kbench reaches a secured cluster: TLS and SASL settings as plain data that crosses into
 * workers and is written (as is) into plans and reports. Secrets are never values here, only
 * where to read them (`SecretSource`): an environment variable or a file, read by each client
 * when it connects (`secret-sources.ts`).
 */

/** Where a secret is read from, never the secret itself. */
export type SecretSource = { env: string } | { file: string };

export interface TlsSettings {
  /** PEM file of the certificate authorities to trust; undefined = the system's trust store. Absolute path. */
  caFile: string | undefined;
  /** PEM client certificate (mutual TLS), with `keyFile`. Absolute path. */
  certFile: string | undefined;
  /** PEM private key of the client certificate. Absolute path. */
  keyFile: string | undefined;
  /** Password of an encrypted `keyFile`. */
  keyPassword: SecretSource | undefined;
  /** Check that the broker's certificate names the host connected to. @default true */
  verifyHostname: boolean;
}

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'];

export type SaslSettings =
  | {
      mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
      /** The user name: literal (not a secret) or read like a secret. */
      username: string | SecretSource;
      password: SecretSource;
    }
  | {
      mechanism: 'oauthbearer';
      /** A file holding a bearer token (a JWT), read when the client connects. */
      token: SecretSource;
    };

/** TLS and SASL of a connection; both undefined = PLAINTEXT. */
export interface ConnectionSecurity {
  tls: TlsSettings | undefined;
  sasl: SaslSettings | undefined;
}

export const PLAINTEXT: ConnectionSecurity = Object.freeze({ tls: undefined, sasl: undefined });

/** A cluster as the clients reach it: bootstrap servers and how to talk to them. */
export interface ClusterConnection {
  brokers: string[];
  security: ConnectionSecurity;
}

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** Kafka's name for the combination (`security.protocol`). */
export function securityProtocol(security: ConnectionSecurity): SecurityProtocol {
  if (security.sasl) return security.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  return security.tls ? 'SSL' : 'PLAINTEXT';
}

/** Where a secret comes from, for messages and reports: `env KAFKA_PASSWORD`, `file /run/secrets/pw`. */
export function describeSecretSource(source: SecretSource): string {
  return 'env' in source ? `env ${source.env}` : `file ${source.file}`;
}

/** The protocol and where its settings come from, in one line (no secret in it): `SASL_SSL, CA /ca.pem, SCRAM-SHA-512 as "bench", password from env KAFKA_PASSWORD`. */
export function describeSecurity(security: ConnectionSecurity): string {
  const parts: string[] = [securityProtocol(security)];
  if (security.tls) {
    parts.push(`CA ${security.tls.caFile ?? "the system's"}`);
    if (security.tls.certFile) parts.push(`client certificate ${security.tls.certFile}`);
    if (!security.tls.verifyHostname) parts.push('host names not checked');
  }
  const sasl = security.sasl;
  if (sasl?.mechanism === 'oauthbearer') parts.push(`OAUTHBEARER, token from ${describeSecretSource(sasl.token)}`);
  else if (sasl) {
    const user = typeof sasl.username === 'string' ? `"${sasl.username}"` : `from ${describeSecretSource(sasl.username)}`;
    parts.push(`${sasl.mechanism.toUpperCase()} as ${user}, password from ${describeSecretSource(sasl.password)}`);
  }
  return parts.join(', ');
}
