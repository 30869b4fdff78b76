/**
 * `--tls-…` and `--sasl-…`: TLS and SASL of an existing cluster on the command line, for `run`,
 * `validate` and `check`. Secrets come from environment variables or files, never from an
 * option's value (it would end up in the shell's history and in `ps`).
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SASL_MECHANISMS, type SaslMechanism, type SaslSettings, type SecretSource, type TlsSettings } from '../clients/connection-security.js';
import { KbenchError } from '../errors.js';
import type { SecurityOverrides } from '../scenario/resolve-security.js';

export interface SecurityOptions {
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsKeyPasswordEnv?: string;
  tlsKeyPasswordFile?: string;
  tlsVerifyHostname?: boolean;
  saslMechanism?: string;
  saslUsername?: string;
  saslUsernameEnv?: string;
  saslPasswordEnv?: string;
  saslPasswordFile?: string;
  saslTokenEnv?: string;
  saslTokenFile?: string;
  /** Refused: a secret given as an option's value. */
  saslPassword?: string;
  tlsKeyPassword?: string;
}

export function registerSecurityOptions(command: Command): Command {
  return command
    .option('--tls', "TLS to the brokers (trusting the system's authorities unless --tls-ca)")
    .option('--tls-ca <file>', 'PEM file of the certificate authorities to trust (implies --tls)')
    .option('--tls-cert <file>', 'PEM client certificate, for mutual TLS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of the client certificate')
    .option('--tls-key-password-env <var>', 'environment variable holding the private key\'s password')
    .option('--tls-key-password-file <file>', 'file holding the private key\'s password')
    .option('--no-tls-verify-hostname', "do not check that the broker's certificate names its host (test clusters only)")
    .option('--sasl-mechanism <name>', `SASL mechanism: ${SASL_MECHANISMS.join(', ')}`)
    .option('--sasl-username <name>', 'SASL user name')
    .option('--sasl-username-env <var>', 'environment variable holding the SASL user name')
    .option('--sasl-password-env <var>', 'environment variable holding the SASL password')
    .option('--sasl-password-file <file>', 'file holding the SASL password')
    .option('--sasl-token-env <var>', 'environment variable holding an OAUTHBEARER token')
    .option('--sasl-token-file <file>', 'file holding an OAUTHBEARER token (a JWT)')
    .addOption(new Option('--sasl-password <secret>').hideHelp())
    .addOption(new Option('--tls-key-password <secret>').hideHelp());
}

/** The TLS and SASL settings the options give (paths absolute, from the working folder); `{}` when none. */
export function parseSecurityOptions(options: SecurityOptions, cwd: string = process.cwd()): SecurityOverrides {
  if (options.saslPassword !== undefined || options.tlsKeyPassword !== undefined) {
    const option = options.saslPassword !== undefined ? '--sasl-password' : '--tls-key-password';
    throw new KbenchError('usage', `${option} is not accepted: a secret given on the command line ends up in the shell's history and in the process list`, {
      hint: `use ${option}-env <variable> or ${option}-file <file>`,
    });
  }
  const overrides: SecurityOverrides = {};
  const tls = parseTls(options, cwd);
  if (tls) overrides.tls = tls;
  const sasl = parseSasl(options, cwd);
  if (sasl) overrides.sasl = sasl;
  return overrides;
}

function parseTls(options: SecurityOptions, cwd: string): TlsSettings | undefined {
  const wanted =
    options.tls === true ||
    [options.tlsCa, options.tlsCert, options.tlsKey, options.tlsKeyPasswordEnv, options.tlsKeyPasswordFile].some((value) => value !== undefined) ||
    options.tlsVerifyHostname === false;
  if (!wanted) return undefined;
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new KbenchError('usage', 'a client certificate needs both --tls-cert and --tls-key');
  const keyPassword = secretSource(options.tlsKeyPasswordEnv, options.tlsKeyPasswordFile, '--tls-key-password', cwd);
  if (keyPassword && options.tlsKey === undefined) throw new KbenchError('usage', '--tls-key-password-… needs --tls-key');
  return {
    caFile: options.tlsCa === undefined ? undefined : resolve(cwd, options.tlsCa),
    certFile: options.tlsCert === undefined ? undefined : resolve(cwd, options.tlsCert),
    keyFile: options.tlsKey === undefined ? undefined : resolve(cwd, options.tlsKey),
    keyPassword,
    verifyHostname: options.tlsVerifyHostname !== false,
  };
}

function parseSasl(options: SecurityOptions, cwd: string): SaslSettings | undefined {
  const given = [options.saslUsername, options.saslUsernameEnv, options.saslPasswordEnv, options.saslPasswordFile, options.saslTokenEnv, options.saslTokenFile].some((v) => v !== undefined);
  if (options.saslMechanism === undefined) {
    if (given) throw new KbenchError('usage', `--sasl-… settings need --sasl-mechanism (${SASL_MECHANISMS.join(', ')})`);
    return undefined;
  }
  const mechanism = options.saslMechanism.toLowerCase();
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new KbenchError('usage', `--sasl-mechanism expects ${SASL_MECHANISMS.join(', ')}, got "${options.saslMechanism}"`);
  }
  if (mechanism === 'oauthbearer') {
    const token = secretSource(options.saslTokenEnv, options.saslTokenFile, '--sasl-token', cwd);
    if (!token) throw new KbenchError('usage', 'oauthbearer needs --sasl-token-file <file> or --sasl-token-env <variable>');
    return { mechanism: 'oauthbearer', token };
  }
  if (options.saslUsername !== undefined && options.saslUsernameEnv !== undefined) throw new KbenchError('usage', 'give --sasl-username or --sasl-username-env, not both');
  const username = options.saslUsername ?? (options.saslUsernameEnv === undefined ? undefined : { env: envName(options.saslUsernameEnv, '--sasl-username-env') });
  if (username === undefined || username === '') throw new KbenchError('usage', `SASL ${mechanism} needs --sasl-username <name> (or --sasl-username-env <variable>)`);
  const password = secretSource(options.saslPasswordEnv, options.saslPasswordFile, '--sasl-password', cwd);
  if (!password) throw new KbenchError('usage', `SASL ${mechanism} needs --sasl-password-env <variable> or --sasl-password-file <file>`);
  return { mechanism: mechanism as Exclude<SaslMechanism, 'oauthbearer'>, username, password };
}

function secretSource(env: string | undefined, file: string | undefined, option: string, cwd: string): SecretSource | undefined {
  if (env !== undefined && file !== undefined) throw new KbenchError('usage', `give ${option}-env or ${option}-file, not both`);
  if (env !== undefined) return { env: envName(env, `${option}-env`) };
  if (file !== undefined) return { file: resolve(cwd, file) };
  return undefined;
}

function envName(name: string, option: string): string {
  // The value is not shown: someone may have given the secret itself here.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new KbenchError('usage', `${option} expects the name of an environment variable (letters, digits and _), not its value`);
  return name;
}
