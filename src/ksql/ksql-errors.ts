/**
 * The error every ksqlDB failure becomes: a `KbenchError` (so `cli/main.ts` prints it with its
 * hint and exit code) that also carries what the server said — its HTTP status, `error_code`,
 * `message` and the failing `statementText`, and the results of the statements that ran before
 * it. Kind `usage` when the credentials were refused (the user fixes them), `cluster` otherwise
 * (the server is unreachable, slow, refused a statement or answered something unexpected).
 * Pure.
 */
import { KbenchError, type KbenchErrorKind } from '../errors.js';
import type { KsqlEntity } from './ksql-entities.js';

/** What is known about a failed request. */
export interface KsqlErrorFacts {
  /** The request, method and address (never credentials): `POST http://ksql:8088/ksql`. */
  request: string;
  httpStatus?: number | undefined;
  /** ksqlDB's `error_code` (e.g. 40001, a bad statement). */
  errorCode?: number | undefined;
  /** ksqlDB's `message`. */
  serverMessage?: string | undefined;
  /** The statement that failed. */
  statementText?: string | undefined;
  /** Results of the statements that ran before the failure. */
  entities?: KsqlEntity[] | undefined;
}

/** A failed ksqlDB request, with what the server said. */
export class KsqlError extends KbenchError {
  readonly request: string;
  readonly httpStatus: number | undefined;
  readonly errorCode: number | undefined;
  readonly serverMessage: string | undefined;
  readonly statementText: string | undefined;
  readonly entities: KsqlEntity[];

  constructor(kind: KbenchErrorKind, message: string, facts: KsqlErrorFacts, options: { hint?: string; details?: string[]; cause?: unknown } = {}) {
    super(kind, message, options);
    this.name = 'KsqlError';
    this.request = facts.request;
    this.httpStatus = facts.httpStatus;
    this.errorCode = facts.errorCode;
    this.serverMessage = facts.serverMessage;
    this.statementText = facts.statementText;
    this.entities = facts.entities ?? [];
  }
}

/** Longest excerpt of a server's text quoted in a message. */
export const EXCERPT_MAX_CHARS = 160;

/** At most {@link EXCERPT_MAX_CHARS} characters of `text` on one line, control characters shown as `\uXXXX`. */
export function excerpt(text: string, maxChars: number = EXCERPT_MAX_CHARS): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` with every secret replaced by `***`. */
export function maskSecretsIn(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret !== '') masked = masked.split(secret).join('***');
  return masked;
}

/** A copy of the error with every secret masked in its message, hint, details and server text (the same error when there are none). */
export function maskKsqlError(error: KsqlError, secrets: readonly string[]): KsqlError {
  if (secrets.length === 0) return error;
  const mask = (text: string | undefined): string | undefined => (text === undefined ? undefined : maskSecretsIn(text, secrets));
  const hint = mask(error.hint);
  const masked = new KsqlError(
    error.kind,
    maskSecretsIn(error.message, secrets),
    {
      request: maskSecretsIn(error.request, secrets),
      httpStatus: error.httpStatus,
      errorCode: error.errorCode,
      serverMessage: mask(error.serverMessage),
      statementText: mask(error.statementText),
      entities: error.entities,
    },
    { details: error.details.map((line) => maskSecretsIn(line, secrets)), ...(hint === undefined ? {} : { hint }) },
  );
  if (error.stack !== undefined) masked.stack = maskSecretsIn(error.stack, secrets);
  return masked;
}
