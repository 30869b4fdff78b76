/**
 * One bounded HTTP exchange with a ksqlDB server over Node's global `fetch`: the server's
 * address checked once (http or https, no credentials in it), the v1 media type asked for,
 * every request bounded by `AbortSignal.timeout`, and the failures that happen before any answer
 * (no server, a refused connection, an unknown host, no answer in time) turned into a
 * `KsqlError` that says so in words. The answer's status and text are returned as they are:
 * `ksql-client.ts` decides what they mean.
 */
import { KbenchError } from '../errors.js';
import { KsqlError } from './ksql-errors.js';

/** The media type of ksqlDB's REST API, version 1. */
export const KSQL_MEDIA_TYPE = 'application/vnd.ksql.v1+json';

/** One request: method, path under the server's address (no leading `/`), JSON body, bound. */
export interface KsqlHttpRequest {
  method: 'GET' | 'POST';
  /** `ksql`, `info`, `status/stream/S/create`… relative to the server's address. */
  path: string;
  body?: unknown;
  timeoutMs: number;
}

/** An answer, whatever its status. */
export interface KsqlHttpAnswer {
  status: number;
  text: string;
  /** `POST http://ksql:8088/ksql`, for messages. */
  request: string;
}

/**
 * The server's address from `--ksql-url`: http or https, a path prefix allowed (a proxy), no
 * user or password in it (credentials come from a variable or a file), no query or fragment.
 */
export function parseKsqlUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KbenchError('usage', `the ksqlDB URL ${JSON.stringify(text.slice(0, 80))} is not a URL`, { hint: 'e.g. http://localhost:8088' });
  }
  if (url.username !== '' || url.password !== '') {
    throw new KbenchError('usage', `the ksqlDB URL ${url.protocol}//${url.host}${url.pathname} carries credentials`, {
      hint: 'give the user and the password\'s environment variable or file instead: kbench never takes a password on the command line',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KbenchError('usage', `the ksqlDB URL must start with http:// or https://, got ${url.protocol}//`);
  if (url.search !== '' || url.hash !== '') throw new KbenchError('usage', `the ksqlDB URL ${url.origin}${url.pathname} must not have a query or fragment`);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

/** Words for the system errors of a connection that failed. */
const CONNECTION_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed before an answer',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** The system error code under a failed fetch (`fetch failed` → cause → code), if any. */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** True for the rejection of an aborted fetch (`AbortSignal.timeout` rejects with a `TimeoutError` DOMException). */
function isTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('name' in error)) return false;
  return error.name === 'TimeoutError' || error.name === 'AbortError';
}

/** Sends requests to one server. */
export class KsqlHttp {
  /** The server's address as shown in messages (never credentials). */
  readonly shownUrl: string;

  /**
   * @param baseUrl from {@link parseKsqlUrl}
   * @param authorization the `Authorization` header's value, or undefined
   */
  constructor(
    private readonly baseUrl: URL,
    private readonly authorization: string | undefined,
  ) {
    this.shownUrl = `${baseUrl.origin}${baseUrl.pathname}`;
  }

  /** Sends one request and reads the whole answer within `timeoutMs`. */
  async send(request: KsqlHttpRequest): Promise<KsqlHttpAnswer> {
    const url = new URL(request.path, this.baseUrl);
    const shown = `${request.method} ${url.origin}${url.pathname}`;
    const headers: Record<string, string> = { Accept: KSQL_MEDIA_TYPE };
    if (request.body !== undefined) headers['Content-Type'] = `${KSQL_MEDIA_TYPE}; charset=utf-8`;
    if (this.authorization !== undefined) headers.Authorization = this.authorization;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(request.timeoutMs),
        // A redirect is reported as its HTTP status, never followed with the credentials.
        redirect: 'manual',
      });
      return { status: response.status, text: await response.text(), request: shown };
    } catch (error) {
      throw this.unanswered(error, shown, request.timeoutMs);
    }
  }

  private unanswered(error: unknown, shown: string, timeoutMs: number): KsqlError {
    if (isTimeout(error)) {
      return new KsqlError('cluster', `the ksqlDB server at ${this.shownUrl} did not answer ${shown} within ${timeoutMs} ms`, { request: shown }, {
        hint: 'the server may be overloaded or stuck; check it, or give it more time',
      });
    }
    const code = errorCode(error);
    const problem = code === undefined ? (error instanceof Error ? error.message : String(error)) : `${CONNECTION_PROBLEMS[code] ?? 'connection failed'}, ${code}`;
    return new KsqlError('cluster', `no ksqlDB server answered at ${this.shownUrl} (${problem})`, { request: shown }, {
      hint: 'check --ksql-url, and that the ksqlDB server is running and reachable from this machine',
      cause: error,
    });
  }
}
