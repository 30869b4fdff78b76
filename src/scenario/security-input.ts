/** How a scenario names TLS and SASL settings of an existing cluster (checked by `validate-security.ts`). */

/**
 * Where a secret is read when the run starts: an environment variable or a file (its content,
 * without a trailing newline). A secret itself is never written in a scenario file.
 */
export type SecretSourceInput = { env: string } | { file: string };

/** TLS to the brokers. File paths are relative to the scenario file. */
export interface TlsInput {
  /** PEM file of the certificate authorities to trust. @default the system's trust store */
  caFile?: string;
  /** PEM client certificate, for clusters that authenticate clients by certificate (mutual TLS); needs `keyFile`. */
  certFile?: string;
  /** PEM private key of `certFile`. */
  keyFile?: string;
  /** Password of an encrypted `keyFile`. */
  keyPassword?: SecretSourceInput;
  /** Check that the broker's certificate names the host kbench connects to. Turn off only for a test cluster. @default true */
  verifyHostname?: boolean;
}

/** SASL with a user name and password (SASL/PLAIN: use it over TLS only). */
export interface PasswordSaslInput {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  /** The user name, or where to read it. */
  username: string | SecretSourceInput;
  password: SecretSourceInput;
}

/** SASL/OAUTHBEARER with a token obtained beforehand (a JWT in a file or a variable), read when each client connects. */
export interface OauthSaslInput {
  mechanism: 'oauthbearer';
  token: SecretSourceInput;
}

export type SaslInput = PasswordSaslInput | OauthSaslInput;

