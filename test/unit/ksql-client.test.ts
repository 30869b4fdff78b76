/**
 * The ksqlDB client against a local HTTP server on 127.0.0.1 that answers with the fixtures of
 * test/fixtures/ksql/: success, a refused statement, a command polled QUEUED → EXECUTING →
 * SUCCESS, bounds (a server that never answers, a command that never ends), a refused
 * connection, and credentials that never show in an error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KbenchError } from '../../src/errors.js';
import { KsqlClient, statementsText, statusPath } from '../../src/ksql/ksql-client.js';
import { KsqlError } from '../../src/ksql/ksql-errors.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ksql/${name}`, import.meta.url), 'utf8');

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer, or `hang`: never answer (the connection stays open). */
type Reply = { status: number; body: string } | 'hang';

interface FakeKsql {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: FakeKsql[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server on a free loopback port answering each request with `reply(request)`. */
async function fakeKsql(reply: (seen: Seen) => Reply): Promise<FakeKsql> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const answer = reply(request);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'Content-Type': 'application/vnd.ksql.v1+json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeKsql = {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

const ok = (body: string): Reply => ({ status: 200, body });
const notFound: Reply = { status: 404, body: '{"@type":"generic_error","error_code":40400,"message":"not found"}' };

/** The error `work` rejects with. */
async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, the promise resolved');
}

async function ksqlError(work: Promise<unknown>): Promise<KsqlError> {
  const error = await rejection(work);
  expect(error).toBeInstanceOf(KsqlError);
  return error as KsqlError;
}

const STATEMENTS = ['CREATE STREAM `S` (`id` VARCHAR) WITH (KAFKA_TOPIC=\'t\', VALUE_FORMAT=\'JSON\');', 'CREATE TABLE `T` AS SELECT `id`, COUNT(*) AS `n` FROM `S` GROUP BY `id` EMIT CHANGES'];

describe('server information', () => {
  it('reads /info and /healthcheck, asking for the v1 media type', async () => {
    const server = await fakeKsql((seen) => (seen.path === '/info' ? ok(fixture('info.json')) : seen.path === '/healthcheck' ? ok(fixture('healthcheck.json')) : notFound));
    const client = new KsqlClient({ url: server.url });
    expect(await client.info()).toEqual({ version: '0.29.0', kafkaClusterId: 'j3tOi6E_RtO_TMH3gBmK7A', ksqlServiceId: 'default_', serverStatus: 'RUNNING' });
    expect((await client.healthcheck()).isHealthy).toBe(true);
    expect(server.seen.map((seen) => `${seen.method} ${seen.path}`)).toEqual(['GET /info', 'GET /healthcheck']);
    expect(server.seen[0]?.headers.accept).toBe('application/vnd.ksql.v1+json');
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps a path prefix of the URL (a proxy)', async () => {
    const server = await fakeKsql((seen) => (seen.path === '/proxy/ksqldb/info' ? ok(fixture('info.json')) : notFound));
    const client = new KsqlClient({ url: `${server.url}/proxy/ksqldb` });
    expect(client.url).toBe(`${server.url}/proxy/ksqldb/`);
    expect((await client.info()).version).toBe('0.29.0');
  });

  it('refuses an answer that is not ksqlDB\'s, quoting an excerpt', async () => {
    const server = await fakeKsql(() => ok('<html><body>It works!</body></html>'));
    const error = await ksqlError(new KsqlClient({ url: server.url }).info());
    expect(error.message).toBe(`ksqlDB's answer to GET ${server.url}/info is not what kbench reads: not JSON`);
    expect(error.details).toEqual(['answer: <html><body>It works!</body></html>']);
  });
});

describe('running statements', () => {
  it('posts the statements with their properties, returns the results, and sends the last sequence number with the next request', async () => {
    const server = await fakeKsql((seen) => (seen.method === 'POST' && seen.path === '/ksql' ? ok(fixture('create-pipeline-success.json')) : notFound));
    const client = new KsqlClient({ url: server.url });
    expect(client.lastCommandSequenceNumber).toBeUndefined();
    const results = await client.execute(STATEMENTS, { 'ksql.streams.auto.offset.reset': 'earliest' });
    expect(results.map((result) => result.type === 'currentStatus' && [result.commandId, result.commandStatus.status])).toEqual([
      ['stream/KBENCH_COMPRAS_A1B2C3/create', 'SUCCESS'],
      ['table/KBENCH_COMPRAS_PER_STORE_A1B2C3/create', 'SUCCESS'],
    ]);
    expect(client.lastCommandSequenceNumber).toBe(11);
    const first = server.seen[0];
    expect(first?.headers['content-type']).toBe('application/vnd.ksql.v1+json; charset=utf-8');
    expect(JSON.parse(first?.body ?? '')).toEqual({ ksql: `${STATEMENTS[0]}\n${STATEMENTS[1]};`, streamsProperties: { 'ksql.streams.auto.offset.reset': 'earliest' } });
    await client.execute(['SHOW QUERIES;']);
    expect(JSON.parse(server.seen[1]?.body ?? '')).toEqual({ ksql: 'SHOW QUERIES;', streamsProperties: {}, commandSequenceNumber: 11 });
    expect(server.seen).toHaveLength(2);
  });

  it('turns a statement_error into a KsqlError with the server\'s code, message, statement and earlier results', async () => {
    const server = await fakeKsql(() => ({ status: 400, body: fixture('statement-error.json') }));
    const error = await ksqlError(new KsqlClient({ url: server.url }).execute(STATEMENTS));
    expect(error).toBeInstanceOf(KbenchError);
    expect(error.kind).toBe('cluster');
    expect(error.message).toBe("ksqlDB refused a statement: line 1:133: mismatched input 'SELEC' expecting {'SELECT'} (error_code 40001)");
    expect(error).toMatchObject({ httpStatus: 400, errorCode: 40001, statementText: 'CREATE TABLE `KBENCH_COMPRAS_PER_STORE_A1B2C3` AS SELEC 1;', request: `POST ${server.url}/ksql` });
    expect(error.entities).toHaveLength(1);
    expect(error.details).toEqual(['statement: CREATE TABLE `KBENCH_COMPRAS_PER_STORE_A1B2C3` AS SELEC 1;', '1 statement(s) of the same request ran before it (they stay in effect)']);
    expect(error.hint).toMatch(/sources and topics it names exist/);
  });

  it('turns a generic_error, and an answer that is not ksqlDB\'s, into an error with the HTTP status', async () => {
    const replies: Reply[] = [{ status: 500, body: fixture('generic-error.json') }, { status: 502, body: '<html>Bad Gateway</html>' }];
    const server = await fakeKsql(() => replies.shift() ?? notFound);
    const client = new KsqlClient({ url: server.url });
    const generic = await ksqlError(client.execute(['SHOW QUERIES;']));
    expect(generic.message).toBe(`the ksqlDB server at ${server.url}/ answered POST ${server.url}/ksql with HTTP 500: Could not write the statement into the command topic. (error_code 50000)`);
    expect(generic.hint).toMatch(/see its log/);
    const gateway = await ksqlError(client.execute(['SHOW QUERIES;']));
    expect(gateway.message).toBe(`the ksqlDB server at ${server.url}/ answered POST ${server.url}/ksql with HTTP 502`);
    expect(gateway.details).toEqual(['answer: <html>Bad Gateway</html>']);
  });

  it('polls /status/<commandId> while a command goes QUEUED → EXECUTING → SUCCESS', async () => {
    const statuses = ['status-executing.json', 'status-success.json'];
    const server = await fakeKsql((seen) => {
      if (seen.path === '/ksql') return ok(fixture('create-stream-queued.json'));
      if (seen.path === '/status/stream/KBENCH_COMPRAS_A1B2C3/create') return ok(fixture(statuses.shift() ?? 'status-error.json'));
      return notFound;
    });
    const client = new KsqlClient({ url: server.url, pollIntervalMs: 5 });
    const [result] = await client.execute([STATEMENTS[0] ?? '']);
    expect(result?.type === 'currentStatus' && result.commandStatus).toEqual({ status: 'SUCCESS', message: 'Stream created and running', queryId: undefined });
    expect(server.seen.map((seen) => `${seen.method} ${seen.path}`)).toEqual(['POST /ksql', 'GET /status/stream/KBENCH_COMPRAS_A1B2C3/create', 'GET /status/stream/KBENCH_COMPRAS_A1B2C3/create']);
    expect(client.lastCommandSequenceNumber).toBe(12);
    expect(await client.commandStatus('stream/KBENCH_COMPRAS_A1B2C3/create')).toMatchObject({ status: 'ERROR' });
  });

  it('throws when a polled command ends in ERROR', async () => {
    const server = await fakeKsql((seen) => (seen.path === '/ksql' ? ok(fixture('create-stream-queued.json')) : ok(fixture('status-error.json'))));
    const error = await ksqlError(new KsqlClient({ url: server.url, pollIntervalMs: 5 }).execute([STATEMENTS[0] ?? '']));
    expect(error.message).toBe('ksqlDB could not carry out a statement: Kafka topic does not exist: kbench-compras-a1b2c3');
    expect(error.statementText).toMatch(/^CREATE STREAM `KBENCH_COMPRAS_A1B2C3`/);
  });

  it('gives up on a command that never ends, within the command bound', async () => {
    const server = await fakeKsql((seen) => (seen.path === '/ksql' ? ok(fixture('create-stream-queued.json')) : ok(fixture('status-executing.json'))));
    const startedMs = performance.now();
    const error = await ksqlError(new KsqlClient({ url: server.url, commandTimeoutMs: 150, pollIntervalMs: 10 }).execute([STATEMENTS[0] ?? '']));
    const elapsedMs = performance.now() - startedMs;
    expect(error.message).toBe('ksqlDB\'s command stream/KBENCH_COMPRAS_A1B2C3/create was still EXECUTING after 150 ms');
    expect(error.hint).toMatch(/may still finish/);
    expect(server.seen.filter((seen) => seen.path.startsWith('/status/')).length).toBeGreaterThanOrEqual(2);
    expect(elapsedMs).toBeGreaterThanOrEqual(140);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('refuses empty statements before sending anything', () => {
    expect(() => statementsText([])).toThrow(/no ksqlDB statement/);
    expect(() => statementsText(['SHOW QUERIES;', '  ;'])).toThrow(/an empty ksqlDB statement/);
    expect(statementsText([' SHOW QUERIES ', 'SHOW STREAMS;'])).toBe('SHOW QUERIES;\nSHOW STREAMS;');
  });

  it('encodes each part of a command id in the status path, and refuses one that would climb out of it', () => {
    expect(statusPath('stream/KBENCH_COMPRAS_A1B2C3/create')).toBe('status/stream/KBENCH_COMPRAS_A1B2C3/create');
    expect(statusPath('stream/`a b?`/create')).toBe('status/stream/%60a%20b%3F%60/create');
    expect(() => statusPath('stream/../../info')).toThrow(KsqlError);
    expect(() => statusPath('')).toThrow(KsqlError);
  });
});

describe('bounds and unreachable servers', () => {
  it('ends a request the server never answers at the request bound', async () => {
    const server = await fakeKsql(() => 'hang');
    const startedMs = performance.now();
    const error = await ksqlError(new KsqlClient({ url: server.url, requestTimeoutMs: 200 }).info());
    expect(performance.now() - startedMs).toBeLessThan(5_000);
    expect(error.message).toBe(`the ksqlDB server at ${server.url}/ did not answer GET ${server.url}/info within 200 ms`);
    expect(error.kind).toBe('cluster');
    expect(server.seen).toHaveLength(1);
  });

  it('says no server answered when the connection is refused', async () => {
    const closed = await fakeKsql(() => notFound);
    const url = closed.url;
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    const error = await ksqlError(new KsqlClient({ url, requestTimeoutMs: 5_000 }).execute(['SHOW QUERIES;']));
    expect(error.message).toBe(`no ksqlDB server answered at ${url}/ (connection refused, ECONNREFUSED)`);
    expect(error.hint).toMatch(/--ksql-url/);
    expect(error.kind).toBe('cluster');
  });

  it('refuses bad URLs and bounds before any request', () => {
    expect(() => new KsqlClient({ url: 'localhost:8088' })).toThrow(/must start with http:\/\/ or https:\/\//);
    expect(() => new KsqlClient({ url: 'not a url' })).toThrow(/is not a URL/);
    expect(() => new KsqlClient({ url: 'http://h:8088/?x=1' })).toThrow(/must not have a query or fragment/);
    expect(() => new KsqlClient({ url: 'http://h:8088', requestTimeoutMs: 0 })).toThrow(/request timeout must be a number above 0/);
    let thrown: unknown;
    try {
      new KsqlClient({ url: 'http://bench:hunter22@h:8088/' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KbenchError);
    expect((thrown as KbenchError).message).toBe('the ksqlDB URL http://h:8088/ carries credentials');
    expect(JSON.stringify([(thrown as KbenchError).message, (thrown as KbenchError).hint])).not.toContain('hunter22');
  });
});

describe('basic authentication', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbench-ksql-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const PASSWORD = 'correct-horse-battery';
  const VARIABLE = 'KBENCH_TEST_KSQL_PASSWORD';
  const header = `Basic ${Buffer.from(`bench:${PASSWORD}`).toString('base64')}`;

  afterEach(() => {
    delete process.env[VARIABLE];
  });

  it('sends the password read from an environment variable or a file', async () => {
    const server = await fakeKsql((seen) => (seen.headers.authorization === header ? ok(fixture('info.json')) : { status: 401, body: fixture('unauthorized.json') }));
    process.env[VARIABLE] = PASSWORD;
    expect((await new KsqlClient({ url: server.url, auth: { username: 'bench', password: { env: VARIABLE } } }).info()).version).toBe('0.29.0');
    const file = join(dir, 'password');
    writeFileSync(file, `${PASSWORD}\n`);
    expect((await new KsqlClient({ url: server.url, auth: { username: 'bench', password: { file } } }).info()).version).toBe('0.29.0');
    expect(server.seen.map((seen) => seen.headers.authorization)).toEqual([header, header]);
  });

  it('says the credentials were refused, never showing them even when the server echoes them', async () => {
    const echo = JSON.stringify({ '@type': 'generic_error', error_code: 40100, message: `Unauthorized: ${header} (${PASSWORD})` });
    const server = await fakeKsql(() => ({ status: 401, body: echo }));
    process.env[VARIABLE] = PASSWORD;
    const error = await ksqlError(new KsqlClient({ url: server.url, auth: { username: 'bench', password: { env: VARIABLE } } }).execute(['SHOW QUERIES;']));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(`the ksqlDB server at ${server.url}/ refused kbench's credentials (HTTP 401): Unauthorized: Basic *** (***) (error_code 40100)`);
    const shown = JSON.stringify([error.message, error.hint, error.details, error.serverMessage, error.stack]);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(header.slice('Basic '.length));
    const anonymous = await ksqlError(new KsqlClient({ url: server.url }).info());
    expect(anonymous.message).toMatch(/asks for credentials \(HTTP 401\)/);
  });

  it('names a missing variable or file, never a value', () => {
    expect(() => new KsqlClient({ url: 'http://h:8088', auth: { username: 'bench', password: { env: VARIABLE } } })).toThrow(`the environment variable ${VARIABLE} is not set (it holds the ksqlDB password)`);
    const missing = join(dir, 'missing');
    expect(() => new KsqlClient({ url: 'http://h:8088', auth: { username: 'bench', password: { file: missing } } })).toThrow(`cannot read the file ${missing} that holds the ksqlDB password: ENOENT`);
    process.env[VARIABLE] = PASSWORD;
    expect(() => new KsqlClient({ url: 'http://h:8088', auth: { username: 'a:b', password: { env: VARIABLE } } })).toThrow(/without ":"/);
  });
});
