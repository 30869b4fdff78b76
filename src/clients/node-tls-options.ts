/**
 * `TlsSettings` as Node's `tls.connect` options, for the clients written in JavaScript (kafkajs,
 * @platformatic/kafka): PEM files read now, the key's password from its source, the chain always
 * verified (only the host name check can be skipped). librdkafka takes file paths instead
 * (`librdkafka-security.ts`).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { KbenchError } from '../errors.js';
import type { TlsSettings } from './connection-security.js';
import { readSecret } from './secret-sources.js';

export function nodeTlsOptions(tls: TlsSettings): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: true };
  if (tls.caFile) options.ca = [readPem(tls.caFile, 'tls.caFile')];
  if (tls.certFile) options.cert = readPem(tls.certFile, 'tls.certFile');
  if (tls.keyFile) options.key = readPem(tls.keyFile, 'tls.keyFile');
  if (tls.keyPassword) options.passphrase = readSecret(tls.keyPassword);
  // The chain is still verified; only the host name check is skipped.
  if (!tls.verifyHostname) options.checkServerIdentity = () => undefined;
  return options;
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KbenchError('usage', `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}
