/**
 * `--ksql-url` and the ksqlDB server's basic authentication, for `run` and `validate` (and every
 * command taking the plan options): the scenario's `ksql` section needs the server. As with
 * `--sasl-…` (security-options.ts), the password comes from an environment variable or a file,
 * never from an option's value (it would end up in the shell's history and in `ps`).
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { KbenchError } from '../errors.js';
import type { KsqlBasicAuth, KsqlSecretSource } from '../ksql/ksql-credentials.js';
import { parseKsqlUrl } from '../ksql/ksql-http.js';

export interface KsqlOptions {
  ksqlUrl?: string;
  ksqlUser?: string;
  ksqlUserEnv?: string;
  ksqlPasswordEnv?: string;
  ksqlPasswordFile?: string;
  /** Refused: a secret given as an option's value. */
  ksqlPassword?: string;
}

export function registerKsqlOptions(command: Command): Command {
  return command
    .option('--ksql-url <url>', "ksqlDB server's REST address for the scenario's ksql section, e.g. http://localhost:8088")
    .option('--ksql-user <name>', 'ksqlDB basic-authentication user name')
    .option('--ksql-user-env <var>', 'environment variable holding the ksqlDB user name')
    .option('--ksql-password-env <var>', 'environment variable holding the ksqlDB password')
    .option('--ksql-password-file <file>', 'file holding the ksqlDB password')
    .addOption(new Option('--ksql-password <secret>').hideHelp());
}

/** The ksqlDB server the options give; undefined without `--ksql-url`. */
export function parseKsqlOptions(options: KsqlOptions, cwd: string = process.cwd()): { url: string; auth?: KsqlBasicAuth } | undefined {
  if (options.ksqlPassword !== undefined) {
    throw new KbenchError('usage', "--ksql-password is not accepted: a secret given on the command line ends up in the shell's history and in the process list", {
      hint: 'use --ksql-password-env <variable> or --ksql-password-file <file>',
    });
  }
  const credentials = [options.ksqlUser, options.ksqlUserEnv, options.ksqlPasswordEnv, options.ksqlPasswordFile].some((value) => value !== undefined);
  if (options.ksqlUrl === undefined) {
    if (credentials) throw new KbenchError('usage', 'the --ksql-user… and --ksql-password-… options need --ksql-url');
    return undefined;
  }
  // Checked now: a URL with credentials or of another scheme is refused before anything runs.
  parseKsqlUrl(options.ksqlUrl);
  if (!credentials) return { url: options.ksqlUrl };
  if (options.ksqlUser !== undefined && options.ksqlUserEnv !== undefined) throw new KbenchError('usage', 'give --ksql-user or --ksql-user-env, not both');
  const username: KsqlBasicAuth['username'] | undefined = options.ksqlUser ?? (options.ksqlUserEnv === undefined ? undefined : { env: envName(options.ksqlUserEnv, '--ksql-user-env') });
  if (username === undefined || username === '') throw new KbenchError('usage', 'ksqlDB basic authentication needs --ksql-user <name> (or --ksql-user-env <variable>)');
  if (options.ksqlPasswordEnv !== undefined && options.ksqlPasswordFile !== undefined) throw new KbenchError('usage', 'give --ksql-password-env or --ksql-password-file, not both');
  const password: KsqlSecretSource | undefined =
    options.ksqlPasswordEnv !== undefined
      ? { env: envName(options.ksqlPasswordEnv, '--ksql-password-env') }
      : options.ksqlPasswordFile !== undefined
        ? { file: resolve(cwd, options.ksqlPasswordFile) }
        : undefined;
  if (password === undefined) throw new KbenchError('usage', 'ksqlDB basic authentication needs --ksql-password-env <variable> or --ksql-password-file <file>');
  return { url: options.ksqlUrl, auth: { username, password } };
}

function envName(name: string, option: string): string {
  // The value is not shown: someone may have given the secret itself here.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new KbenchError('usage', `${option} expects the name of an environment variable (letters, digits and _), not its value`);
  return name;
}
