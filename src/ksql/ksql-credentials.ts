/**
 * HTTP basic authentication for a ksqlDB server, with kbench's rule for secrets: the password is
 * never a value on the command line or in a file kbench writes, only where to read it (an
 * environment variable or a file, as `clients/secret-sources.ts` reads the cluster's secrets),
 * read when the client is made. Messages name the source, never the value; the values are
 * returned so every error text can be masked. Reads the environment and files only.
 */
import { readFileSync } from 'node:fs';
import { KbenchError } from '../errors.js';

/** Where a secret is read from, never the secret itself (the shape of the cluster settings' `SecretSource`). */
export type KsqlSecretSource = { env: string } | { file: string };

/** Basic authentication: the user (literal, or read like a secret) and where the password is. */
export interface KsqlBasicAuth {
  username: string | KsqlSecretSource;
  password: KsqlSecretSource;
}

/** The `Authorization` header and every text that must never be shown. */
export interface KsqlAuthorization {
  header: string;
  /**
   * The password, `user:password` and its base64 form, longest first, to mask in any text; a
   * password shorter than {@link MIN_MASKED_SECRET_CHARS} is left out (masking it would blank
   * out parts of unrelated words), the two longer forms never are.
   */
  secrets: string[];
}

/** Secrets shorter than this are not searched for in free text (kbench's `MIN_MASKED_TEXT_LENGTH`). */
export const MIN_MASKED_SECRET_CHARS = 4;

/** `env KSQL_PASSWORD` or `file /run/secrets/ksql`, for messages. */
export function describeKsqlSecretSource(source: KsqlSecretSource): string {
  return 'env' in source ? `env ${source.env}` : `file ${source.file}`;
}

/** The secret's value: the variable's, or the file's content without its trailing newline. */
export function readKsqlSecret(source: KsqlSecretSource, what: string): string {
  if ('env' in source) {
    const value = process.env[source.env];
    if (value === undefined || value === '') throw new KbenchError('usage', `the environment variable ${source.env} is not set (it holds the ksqlDB ${what})`);
    return value;
  }
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (error) {
    throw new KbenchError('usage', `cannot read the file ${source.file} that holds the ksqlDB ${what}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new KbenchError('usage', `the file ${source.file} that holds the ksqlDB ${what} is empty`);
  return value;
}

/** Reads the credentials and builds the header; a user name with `:` is refused (basic authentication cannot carry it). */
export function ksqlAuthorization(auth: KsqlBasicAuth): KsqlAuthorization {
  const username = typeof auth.username === 'string' ? auth.username : readKsqlSecret(auth.username, 'user name');
  if (username === '' || username.includes(':')) {
    throw new KbenchError('usage', 'the ksqlDB user name must be non-empty and without ":" (HTTP basic authentication separates user and password with it)');
  }
  const password = readKsqlSecret(auth.password, 'password');
  const pair = `${username}:${password}`;
  const token = Buffer.from(pair, 'utf8').toString('base64');
  const secrets = [pair, token, ...(password.length >= MIN_MASKED_SECRET_CHARS ? [password] : [])];
  return { header: `Basic ${token}`, secrets: secrets.sort((a, b) => b.length - a.length) };
}
