/**
 * The secrets and files of a secured embedded cluster (`security: 'sasl_ssl'`): certificates
 * (cluster-pki.ts), one SASL user with a random password, the password file, an unsecured
 * OAUTHBEARER token, and the `--add-scram` arguments that store SCRAM credentials at format time.
 *
 * The password is written to the password file (mode 0600) and, because PLAIN reads its users
 * from the listener's JAAS configuration, to each node's server.properties (mode 0600). It is
 * never logged, printed, or put into the cluster's state record. One exposure remains: the
 * `--add-scram` arguments are on the command line of the short-lived kafka-storage JVM while it
 * formats (readable in /proc by other users of the machine for those seconds).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterConnection } from '../clients/connection-security.js';
import { SCRAM_MECHANISMS, SECURE_LISTENER_MECHANISMS, SECURE_LISTENER_NAME, type SecureListenerInput } from './broker-config.js';
import { createBrokerPki, createUnrelatedCertificateAuthority } from './cluster-pki.js';
import type { SecureClusterState } from './cluster-state.js';

/** The one SASL user of a secured embedded cluster. */
export const SECURE_CLUSTER_USER = 'kbench';
/** Lifetime of the unsecured OAUTHBEARER token: longer than any sensible persistent cluster. */
const TOKEN_LIFETIME_S = 365 * 24 * 3600;

export interface PreparedSecureCluster {
  /** What every node's server.properties needs (holds the password and the keystore password). */
  listener: SecureListenerInput;
  /** `--add-scram` arguments of kafka-storage format (hold the password: never log them). */
  scramFormatArgs: string[];
  /** The password, to redact it from any message that might echo it. */
  password: string;
  /** The state record's part: paths and names only. */
  state: Omit<SecureClusterState, 'bootstrapServers'>;
}

/** An unsecured JWT (`alg: none`, empty signature) as Kafka's default OAUTHBEARER validator accepts it. */
export function unsecuredJwt(subject: string, nowS: number = Math.floor(Date.now() / 1000), lifetimeS: number = TOKEN_LIFETIME_S): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: subject, iat: nowS, exp: nowS + lifetimeS })}.`;
}

/** Makes the certificates, the password and the token under `<clusterDir>/secure` (mode 0700). */
export async function prepareSecureCluster(clusterDir: string): Promise<PreparedSecureCluster> {
  const dir = join(clusterDir, 'secure');
  const pki = await createBrokerPki(join(dir, 'pki'));
  const unrelated = await createUnrelatedCertificateAuthority(join(dir, 'unrelated-ca'));
  // Hex: no character that JAAS quoting, the --add-scram syntax or a properties file would treat specially.
  const password = randomBytes(16).toString('hex');
  const passwordFile = join(dir, `${SECURE_CLUSTER_USER}.password`);
  writeFileSync(passwordFile, password, { mode: 0o600 });
  const oauthTokenFile = join(dir, `${SECURE_CLUSTER_USER}.oauth-token`);
  writeFileSync(oauthTokenFile, unsecuredJwt(SECURE_CLUSTER_USER), { mode: 0o600 });
  return {
    listener: { keystoreFile: pki.keystoreFile, keystoreType: pki.keystoreType, keystorePassword: pki.keystorePassword, username: SECURE_CLUSTER_USER, password },
    scramFormatArgs: SCRAM_MECHANISMS.flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${SECURE_CLUSTER_USER},password=${password}]`]),
    password,
    state: {
      listenerName: SECURE_LISTENER_NAME,
      caFile: pki.ca.certFile,
      unrelatedCaFile: unrelated.certFile,
      username: SECURE_CLUSTER_USER,
      passwordFile,
      oauthTokenFile,
      mechanisms: [...SECURE_LISTENER_MECHANISMS],
    },
  };
}

/** How clients reach the SASL_SSL listener: the cluster's CA, hostname verification on, SCRAM-SHA-512 with the password file. */
export function secureClusterConnection(secure: SecureClusterState): ClusterConnection {
  return {
    brokers: secure.bootstrapServers.split(','),
    security: {
      tls: { caFile: secure.caFile, certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true },
      sasl: { mechanism: 'scram-sha-512', username: secure.username, password: { file: secure.passwordFile } },
    },
  };
}
