/**
 * Reads the secrets a connection needs from where the scenario says (an environment variable
 * or a file), at the moment a client connects, and checks beforehand that every source and
 * every TLS file is there: a run fails before it starts, naming the source, never the value.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { KbenchError } from '../errors.js';
import { describeSecretSource, type ConnectionSecurity, type SecretSource } from './connection-security.js';

/** The secret's value: the variable's, or the file's content without its trailing newline. */
export function readSecret(source: SecretSource): string {
  if ('env' in source) {
    const value = process.env[source.env];
    if (value === undefined || value === '') throw new KbenchError('usage', `the environment variable ${source.env} is not set (it holds a secret the cluster settings name)`);
    return value;
  }
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (error) {
    throw new KbenchError('usage', `cannot read the secret file ${source.file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new KbenchError('usage', `the secret file ${source.file} is empty`);
  return value;
}

/** A user name: literal, or read like a secret. */
export function readValue(value: string | SecretSource): string {
  return typeof value === 'string' ? value : readSecret(value);
}

/** Every secret value a connection uses (for masking in messages); sources that cannot be read are left out. */
export function securitySecrets(security: ConnectionSecurity): string[] {
  const sources: SecretSource[] = [];
  if (security.tls?.keyPassword) sources.push(security.tls.keyPassword);
  if (security.sasl?.mechanism === 'oauthbearer') sources.push(security.sasl.token);
  else if (security.sasl) sources.push(security.sasl.password);
  const values: string[] = [];
  for (const source of sources) {
    try {
      values.push(readSecret(source));
    } catch {
      // Unreadable: nothing of it can appear anywhere.
    }
  }
  return values;
}

/** The problems of a connection's sources and files (missing variables, unreadable files), one line each; [] when all are there. */
export function securitySourceProblems(security: ConnectionSecurity): string[] {
  const problems: string[] = [];
  const checkSource = (what: string, source: SecretSource): void => {
    try {
      readSecret(source);
    } catch (error) {
      problems.push(`${what} (${describeSecretSource(source)}): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const checkFile = (what: string, file: string | undefined): void => {
    if (file === undefined) return;
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      problems.push(`${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not readable'}`);
    }
  };
  const { tls, sasl } = security;
  checkFile('tls.caFile', tls?.caFile);
  checkFile('tls.certFile', tls?.certFile);
  checkFile('tls.keyFile', tls?.keyFile);
  if (tls?.keyPassword) checkSource('tls.keyPassword', tls.keyPassword);
  if (sasl?.mechanism === 'oauthbearer') checkSource('sasl.token', sasl.token);
  else if (sasl) {
    if (typeof sasl.username !== 'string') checkSource('sasl.username', sasl.username);
    checkSource('sasl.password', sasl.password);
  }
  return problems;
}

/** Throws a usage error listing every problem of the connection's sources and files. */
export function assertSecuritySources(security: ConnectionSecurity): void {
  const problems = securitySourceProblems(security);
  if (problems.length === 0) return;
  throw new KbenchError('usage', 'the cluster\'s TLS / SASL settings name secrets or files that are not there', {
    details: problems,
    hint: 'set the environment variables, or fix the paths (a scenario\'s relative paths start at its own folder)',
  });
}
