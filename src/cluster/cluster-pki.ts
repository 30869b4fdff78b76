/**
 * The certificates of a secured embedded cluster, made with the system's `openssl`: a CA of its
 * own, a broker certificate signed by it, the broker's PKCS12 keystore, and (for tests of the
 * "untrusted certificate" case) CAs that signed nothing of the cluster's.
 *
 * The broker certificate names `IP:127.0.0.1` only, deliberately no `localhost`: a client that
 * connects to `localhost:<port>` with hostname verification on must fail.
 * Keys are EC P-256 (fast to make). Every file holding a key or a password is mode 0600, in a
 * folder of mode 0700.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KbenchError } from '../errors.js';

/** Bound on each openssl command. */
const OPENSSL_TIMEOUT_MS = 20_000;
/** Certificates outlive any sensible persistent cluster. */
const VALIDITY_DAYS = 365;
const KEYSTORE_PASSWORD_ENV = 'KBENCH_KEYSTORE_PASSWORD';

export interface CertificateAuthority {
  /** PEM certificate (self-signed): what a client trusts. */
  certFile: string;
  /** PEM private key, mode 0600. */
  keyFile: string;
}

export interface BrokerPki {
  ca: CertificateAuthority;
  /** PEM broker certificate signed by `ca`, subjectAltName IP:127.0.0.1 only. */
  brokerCertFile: string;
  /** PEM broker private key, mode 0600. */
  brokerKeyFile: string;
  /** PKCS12 keystore (broker key, certificate, CA), mode 0600. */
  keystoreFile: string;
  keystoreType: 'PKCS12';
  /** Random password of the keystore (and of its key); goes into the broker's server.properties only. */
  keystorePassword: string;
}

/** The openssl configuration: certificate extensions, independent of the system's openssl.cnf. */
export function renderOpensslConfig(): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    'CN = kbench',
    '[ca_ext]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    '[broker_ext]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = IP:127.0.0.1',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    '',
  ].join('\n');
}

/** Runs openssl, bounded; a failure becomes a cluster error naming the step (never the environment, which may hold a password). */
export function runOpenssl(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'openssl',
      args,
      { timeout: options.timeoutMs ?? OPENSSL_TIMEOUT_MS, env: options.env ?? process.env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(new KbenchError('cluster', 'openssl was not found: it makes the certificates of a secured embedded cluster', { hint: 'install it (Debian: apt-get install openssl)' }));
          return;
        }
        const how = error.killed ? `did not finish within ${options.timeoutMs ?? OPENSSL_TIMEOUT_MS} ms` : `failed (exit code ${String(code)})`;
        reject(
          new KbenchError('cluster', `openssl ${args[0] ?? ''} ${how} while making the cluster's certificates`, {
            details: stderr
              .split('\n')
              .filter((line) => line.trim())
              .slice(-5),
          }),
        );
      },
    );
  });
}

/** An empty file of mode 0600: openssl then writes into it (truncating), so a key is never readable by others, even briefly. */
function privateFile(path: string): string {
  writeFileSync(path, '', { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function configFile(dir: string): string {
  const path = join(dir, 'openssl.cnf');
  writeFileSync(path, renderOpensslConfig());
  return path;
}

async function newEcKey(path: string): Promise<void> {
  privateFile(path);
  await runOpenssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

/** A self-signed CA `<name>.pem` + `<name>.key` in `dir`. */
export async function createCertificateAuthority(dir: string, name = 'ca', commonName = 'kbench embedded cluster CA'): Promise<CertificateAuthority> {
  privateDir(dir);
  const config = configFile(dir);
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  await newEcKey(keyFile);
  await runOpenssl(['req', '-new', '-x509', '-config', config, '-extensions', 'ca_ext', '-key', keyFile, '-subj', `/CN=${commonName}`, '-days', String(VALIDITY_DAYS), '-out', certFile]);
  return { certFile, keyFile };
}

/** A CA that signed nothing of any cluster: trusting it (only) must make a client reject the broker. */
export function createUnrelatedCertificateAuthority(dir: string): Promise<CertificateAuthority> {
  return createCertificateAuthority(dir, 'unrelated-ca', 'kbench unrelated CA');
}

/** CA, broker key and certificate, and the broker's keystore, all in `dir`. */
export async function createBrokerPki(dir: string): Promise<BrokerPki> {
  const ca = await createCertificateAuthority(dir);
  const config = configFile(dir);
  const brokerKeyFile = join(dir, 'broker.key');
  const brokerCertFile = join(dir, 'broker.pem');
  const requestFile = join(dir, 'broker.csr');
  await newEcKey(brokerKeyFile);
  await runOpenssl(['req', '-new', '-config', config, '-key', brokerKeyFile, '-subj', '/CN=kbench embedded broker', '-out', requestFile]);
  await runOpenssl([
    'x509',
    '-req',
    '-in',
    requestFile,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    String(VALIDITY_DAYS),
    '-extfile',
    config,
    '-extensions',
    'broker_ext',
    '-out',
    brokerCertFile,
  ]);
  const keystorePassword = randomBytes(16).toString('hex');
  const keystoreFile = privateFile(join(dir, 'broker.p12'));
  // The password reaches openssl through its environment, not its command line (visible in /proc).
  await runOpenssl(
    ['pkcs12', '-export', '-in', brokerCertFile, '-inkey', brokerKeyFile, '-certfile', ca.certFile, '-name', 'broker', '-passout', `env:${KEYSTORE_PASSWORD_ENV}`, '-out', keystoreFile],
    { env: { ...process.env, [KEYSTORE_PASSWORD_ENV]: keystorePassword } },
  );
  return { ca, brokerCertFile, brokerKeyFile, keystoreFile, keystoreType: 'PKCS12', keystorePassword };
}
