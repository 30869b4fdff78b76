/**
 * What adapter operations that return promises (commits, transactions) reject with: an `Error`
 * that is also a `ClientError`, so callers count it by `kind` like a failed delivery. Pure: loads
 * no Kafka library.
 */
import type { ClientError, ClientErrorKind } from './client-adapter.js';

/** A failed client operation: an Error carrying the `ClientError` kind it is counted under. */
export class ClientFailure extends Error implements ClientError {
  readonly kind: ClientErrorKind;

  constructor(kind: ClientErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientFailure';
    this.kind = kind;
  }

  /** The failure of a classified client error; `cause` is the client's own error. */
  static of(error: ClientError, cause?: unknown): ClientFailure {
    return new ClientFailure(error.kind, error.message, cause === undefined ? undefined : { cause });
  }
}

/**
 * Settles like `operation`, or rejects with a `timeout` failure once `timeoutMs` has passed
 * (the operation itself may still be going on: the client has no way to cancel it). Errors that
 * are not `ClientFailure`s are classified with `classify`.
 */
export async function boundedOperation<T>(what: string, operation: Promise<T>, timeoutMs: number, classify: (error: unknown) => ClientError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClientFailure('timeout', `${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([operation, timedOut]);
  } catch (error) {
    if (error instanceof ClientFailure) throw error;
    const classified = classify(error);
    throw new ClientFailure(classified.kind, `${what} failed: ${classified.message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
