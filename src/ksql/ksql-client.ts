/**
 * A small client of ksqlDB's REST API, for kbench's external stage (`--ksql-url`): the server's
 * `/info` and `/healthcheck`, and `/ksql` to run statements — CREATE, DROP and TERMINATE are
 * waited for (their command polled at `/status/<commandId>` until SUCCESS, ERROR or
 * TERMINATED, within a bound), and each request carries the last command sequence number seen,
 * so the server runs it only after the commands before it. Every failure is a `KsqlError` with
 * what the server said; credentials never appear in one. No Kafka library: HTTP only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KbenchError } from '../errors.js';
import { errorFromAnswer } from './ksql-answer-errors.js';
import { ksqlAuthorization, type KsqlBasicAuth } from './ksql-credentials.js';
import { FINAL_COMMAND_STATES, type KsqlCommandStatus, type KsqlCurrentStatus, type KsqlEntity, type KsqlHealth, type KsqlServerInfo } from './ksql-entities.js';
import { KsqlError, excerpt, maskKsqlError } from './ksql-errors.js';
import { KsqlHttp, parseKsqlUrl, type KsqlHttpAnswer, type KsqlHttpRequest } from './ksql-http.js';
import { JsonShapeReader } from './ksql-json.js';
import { parseEntities, parseHealth, parseServerInfo, parseStatusAnswer } from './ksql-responses.js';

/** Default bound of one request, answer included. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Default bound of the wait for one command to finish. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;
/** Default pause between two polls of a command's status. */
export const DEFAULT_POLL_INTERVAL_MS = 250;

export interface KsqlClientOptions {
  /** The server's REST address (`--ksql-url`), e.g. `http://localhost:8088`. */
  url: string;
  /** Basic authentication; the password only from an environment variable or a file. */
  auth?: KsqlBasicAuth | undefined;
  /** Bound of one request (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  requestTimeoutMs?: number | undefined;
  /** Bound of the wait for a command (default {@link DEFAULT_COMMAND_TIMEOUT_MS}). */
  commandTimeoutMs?: number | undefined;
  /** Pause between polls of a command (default {@link DEFAULT_POLL_INTERVAL_MS}). */
  pollIntervalMs?: number | undefined;
}

/** Property overrides of `/ksql`'s `streamsProperties` (names and values are strings), e.g. `ksql.streams.auto.offset.reset`. */
export type KsqlStreamsProperties = Readonly<Record<string, string>>;

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen <= 0) throw new KbenchError('usage', `the ksqlDB client's ${name} must be a number above 0, got ${String(value)}`);
  return chosen;
}

/** One ksqlDB server. */
export class KsqlClient {
  /** The server's address as shown in messages. */
  readonly url: string;
  private readonly http: KsqlHttp;
  private readonly secrets: string[];
  private readonly withCredentials: boolean;
  private readonly requestTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private sequenceNumber: number | undefined;

  /** Checks the address and reads the credentials (a missing variable or file is a usage error here). */
  constructor(options: KsqlClientOptions) {
    const authorization = options.auth === undefined ? undefined : ksqlAuthorization(options.auth);
    this.http = new KsqlHttp(parseKsqlUrl(options.url), authorization?.header);
    this.url = this.http.shownUrl;
    this.secrets = authorization?.secrets ?? [];
    this.withCredentials = authorization !== undefined;
    this.requestTimeoutMs = positive('request timeout', options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
    this.commandTimeoutMs = positive('command timeout', options.commandTimeoutMs, DEFAULT_COMMAND_TIMEOUT_MS);
    this.pollIntervalMs = positive('poll interval', options.pollIntervalMs, DEFAULT_POLL_INTERVAL_MS);
  }

  /** The last command sequence number the server gave (undefined before any command). */
  get lastCommandSequenceNumber(): number | undefined {
    return this.sequenceNumber;
  }

  /** `GET /info`: the server's version, Kafka cluster id, service id and status. */
  info(): Promise<KsqlServerInfo> {
    return this.masked(async () => parseServerInfo(this.reader(await this.success({ method: 'GET', path: 'info', timeoutMs: this.requestTimeoutMs }))));
  }

  /** `GET /healthcheck`: whether the server and its parts (metastore, kafka) are healthy. */
  healthcheck(): Promise<KsqlHealth> {
    return this.masked(async () => parseHealth(this.reader(await this.success({ method: 'GET', path: 'healthcheck', timeoutMs: this.requestTimeoutMs }))));
  }

  /** `GET /status/<commandId>`: a command's status now. */
  commandStatus(commandId: string): Promise<KsqlCommandStatus> {
    return this.masked(() => this.fetchStatus(commandId, this.requestTimeoutMs));
  }

  /**
   * `POST /ksql`: runs the statements in one request (in order; a `;` is added where missing)
   * with the property overrides, waits for each CREATE, DROP and TERMINATE to finish, and
   * returns the results with their final command status. A refused statement, or a command that
   * ends in ERROR, throws a `KsqlError` (the statements before it stay in effect).
   */
  execute(statements: readonly string[], streamsProperties: KsqlStreamsProperties = {}): Promise<KsqlEntity[]> {
    return this.masked(async () => {
      const ksql = statementsText(statements);
      const body = {
        ksql,
        streamsProperties: { ...streamsProperties },
        ...(this.sequenceNumber === undefined ? {} : { commandSequenceNumber: this.sequenceNumber }),
      };
      const entities = parseEntities(this.reader(await this.success({ method: 'POST', path: 'ksql', body, timeoutMs: this.requestTimeoutMs })));
      const results: KsqlEntity[] = [];
      for (const entity of entities) results.push(entity.type === 'currentStatus' ? await this.finished(entity) : entity);
      return results;
    });
  }

  /** The command with its final status (polled when not final yet); ERROR throws. */
  private async finished(entity: KsqlCurrentStatus): Promise<KsqlCurrentStatus> {
    if (entity.commandSequenceNumber >= 0) this.sequenceNumber = Math.max(this.sequenceNumber ?? -1, entity.commandSequenceNumber);
    const status = isFinal(entity.commandStatus) ? entity.commandStatus : await this.waitForCommand(entity);
    if (status.status === 'ERROR') {
      throw new KsqlError('cluster', `ksqlDB could not carry out a statement: ${excerpt(status.message)}`, { request: `command ${entity.commandId}`, serverMessage: status.message, statementText: entity.statementText }, {
        details: [`statement: ${excerpt(entity.statementText)}`],
        hint: 'see the message, and the ksqlDB server\'s log',
      });
    }
    return { ...entity, commandStatus: status };
  }

  /**
   * Polls `/status/<commandId>` until the command is final. No poll starts after the command
   * bound, and each is bounded by the request bound: the wait lasts at most their sum.
   */
  private async waitForCommand(entity: KsqlCurrentStatus): Promise<KsqlCommandStatus> {
    const deadlineMs = performance.now() + this.commandTimeoutMs;
    let last = entity.commandStatus;
    for (;;) {
      last = await this.fetchStatus(entity.commandId, this.requestTimeoutMs);
      if (isFinal(last)) return last;
      if (performance.now() + this.pollIntervalMs >= deadlineMs) break;
      await sleep(this.pollIntervalMs);
    }
    throw new KsqlError('cluster', `ksqlDB's command ${entity.commandId} was still ${last.status} after ${this.commandTimeoutMs} ms`, { request: `GET ${this.url}${statusPath(entity.commandId)}`, serverMessage: last.message, statementText: entity.statementText }, {
      details: [`statement: ${excerpt(entity.statementText)}`],
      hint: 'the server is slow or stuck; the command may still finish: check SHOW QUERIES / SHOW STREAMS before running again',
    });
  }

  private async fetchStatus(commandId: string, timeoutMs: number): Promise<KsqlCommandStatus> {
    return parseStatusAnswer(this.reader(await this.success({ method: 'GET', path: statusPath(commandId), timeoutMs })));
  }

  /** The answer of a request that must succeed (2xx); anything else throws what it means. */
  private async success(request: KsqlHttpRequest): Promise<KsqlHttpAnswer> {
    const answer = await this.http.send(request);
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer, this.url, this.withCredentials);
    return answer;
  }

  private reader(answer: KsqlHttpAnswer): JsonShapeReader {
    return new JsonShapeReader(answer.request, answer.text);
  }

  /** Runs `work`, masking the credentials in any `KsqlError` it throws. */
  private async masked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof KsqlError ? maskKsqlError(error, this.secrets) : error;
    }
  }
}

function isFinal(status: KsqlCommandStatus): boolean {
  return FINAL_COMMAND_STATES.includes(status.status);
}

/** `status/<type>/<entity>/<action>`, each part of the command id encoded (the id's `/`s are the path's). */
export function statusPath(commandId: string): string {
  const parts = commandId.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new KsqlError('cluster', `ksqlDB gave a command id kbench cannot poll: ${excerpt(JSON.stringify(commandId), 80)}`, { request: 'GET /status' });
  }
  return `status/${parts.map((part) => encodeURIComponent(part)).join('/')}`;
}

/** The statements as `/ksql`'s one `ksql` text: each ends with `;`, one per line. */
export function statementsText(statements: readonly string[]): string {
  if (statements.length === 0) throw new KbenchError('usage', 'no ksqlDB statement to run');
  return statements
    .map((statement) => {
      const trimmed = statement.trim();
      if (trimmed === '' || trimmed === ';') throw new KbenchError('usage', 'an empty ksqlDB statement');
      return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
    })
    .join('\n');
}
