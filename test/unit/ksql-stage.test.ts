/**
 * The run's ksqlDB stage (runner/ksql-stage.ts) against a fake ksqlDB on 127.0.0.1 answering the
 * documented shapes of test/fixtures/ksql/: the setup's requests in order, the teardown terminating
 * only kbench's queries and dropping table (with its topic) then stream (without), a setup that
 * fails half-way still torn down, and credentials never in the report.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KbenchError } from '../../src/errors.js';
import { statementsText } from '../../src/ksql/ksql-client.js';
import { ksqlPipelineNames, pipelineCreateStatements } from '../../src/ksql/ksql-statements.js';
import { KSQL_SETUP_PROPERTIES, KsqlStage, requireKsqlUrl } from '../../src/runner/ksql-stage.js';
import type { Plan } from '../../src/scenario/plan-types.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { RunOwnership } from '../../src/runner/run-ownership.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ksql/${name}`, import.meta.url), 'utf8');

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** `ksql` of a POST /ksql body. */
  ksql: string | undefined;
  streamsProperties: unknown;
}

type Reply = { status: number; body: string };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  delete process.env.KBENCH_TEST_KSQL_PASSWORD;
});

async function fakeKsql(reply: (seen: Seen) => Reply): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const parsed = body === '' ? {} : (JSON.parse(body) as { ksql?: string; streamsProperties?: unknown });
      const request: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, ksql: parsed.ksql, streamsProperties: parsed.streamsProperties };
      seen.push(request);
      const answer = reply(request);
      res.writeHead(answer.status, { 'Content-Type': 'application/vnd.ksql.v1+json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

const ok = (body: string): Reply => ({ status: 200, body });
const RUN_ID = 'a1b2c3';
const names = ksqlPipelineNames('kbench-compras-a1b2c3', RUN_ID);
const success = (statementText: string, commandId: string): string =>
  JSON.stringify([{ '@type': 'currentStatus', statementText, commandId, commandStatus: { status: 'SUCCESS', message: 'done' }, commandSequenceNumber: 20, warnings: [] }]);

/** A well-behaved server: the fixtures for info, health, setup, SHOW QUERIES and TERMINATE; DROPs succeed. */
function documented(seen: Seen): Reply {
  if (seen.path === '/info') return ok(fixture('info.json'));
  if (seen.path === '/healthcheck') return ok(fixture('healthcheck.json'));
  const ksql = seen.ksql ?? '';
  if (ksql.startsWith('CREATE STREAM')) return ok(fixture('create-pipeline-success.json'));
  if (ksql === 'SHOW QUERIES;') return ok(fixture('show-queries.json'));
  if (ksql.startsWith('TERMINATE')) return ok(fixture('terminate-query.json'));
  if (ksql.startsWith('DROP TABLE')) return ok(success(ksql, `table/${names.tableName}/drop`));
  if (ksql.startsWith('DROP STREAM')) return ok(success(ksql, `stream/${names.streamName}/drop`));
  return { status: 404, body: '{"@type":"generic_error","error_code":40400,"message":"not found"}' };
}

const settings = (url: string) => ({ query: 'sales-per-store' as const, outputTopic: names.outputTopic, url });
const timings = { requestTimeoutMs: 2_000, commandTimeoutMs: 2_000, pollIntervalMs: 10 };

describe('KsqlStage', () => {
  it('checks the server, then submits the stream and the table in one request, reading the topic from its start', async () => {
    const server = await fakeKsql(documented);
    const lines: string[] = [];
    const stage = new KsqlStage(settings(server.url), names, ['ksql-readers-a1b2c3'], (line) => lines.push(line), timings);
    await stage.setUp();
    expect(server.seen.map((seen) => `${seen.method} ${seen.path}`)).toEqual(['GET /info', 'GET /healthcheck', 'POST /ksql']);
    const create = server.seen[2];
    expect(create?.ksql).toBe(statementsText(pipelineCreateStatements(names)));
    expect(create?.ksql?.split('\n').map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['CREATE STREAM', 'CREATE TABLE']);
    expect(create?.streamsProperties).toEqual(KSQL_SETUP_PROPERTIES);
    expect(create?.headers.authorization).toBeUndefined();
    const report = stage.report();
    expect(report).toMatchObject({ serverVersion: '0.29.0', created: true, queryIds: ['CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11'], outputTopic: 'kbench-ksql-compras-per-store-a1b2c3', readers: ['ksql-readers-a1b2c3'], dropped: false });
    expect(report.setupError).toBeUndefined();
    expect(lines.join('\n')).toContain('ksqlDB 0.29.0');
  });

  it('tears down exactly kbench\'s query, then the table with its topic, then the stream without its topic, one statement per request', async () => {
    const server = await fakeKsql(documented);
    const stage = new KsqlStage(settings(server.url), names, [], () => {}, timings);
    await stage.setUp();
    server.seen.length = 0;
    await stage.tearDown();
    await stage.tearDown(); // once only
    const sent = server.seen.map((seen) => seen.ksql);
    expect(sent).toEqual([
      'SHOW QUERIES;',
      'TERMINATE CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11;',
      'DROP TABLE IF EXISTS `KBENCH_COMPRAS_PER_STORE_A1B2C3` DELETE TOPIC;',
      'DROP STREAM IF EXISTS `KBENCH_COMPRAS_A1B2C3`;',
    ]);
    // The other query on the server (CSAS_PAGEVIEWS_HOME_3) is not kbench's.
    expect(sent.join('\n')).not.toContain('PAGEVIEWS');
    expect(sent.find((statement) => statement?.startsWith('DROP STREAM'))).not.toContain('DELETE TOPIC');
    const report = stage.report();
    expect(report.dropped).toBe(true);
    expect(report.dropErrors).toEqual([]);
    expect(report.statements).toEqual([...pipelineCreateStatements(names), ...sent]);
  });

  it('a refused statement at setup is a clear error, and the teardown still drops what may have been created', async () => {
    const server = await fakeKsql((seen) => (seen.ksql?.startsWith('CREATE STREAM') ? { status: 400, body: fixture('statement-error.json') } : documented(seen)));
    const stage = new KsqlStage(settings(server.url), names, [], () => {}, timings);
    const error = await stage.setUp().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).message).toMatch(/^the ksqlDB stage could not be set up: /);
    expect((error as KbenchError).message).toContain("mismatched input 'SELEC'");
    server.seen.length = 0;
    await stage.tearDown();
    expect(server.seen.map((seen) => seen.ksql?.split(' ').slice(0, 2).join(' '))).toEqual(['SHOW QUERIES;', 'TERMINATE CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11;', 'DROP TABLE', 'DROP STREAM']);
    const report = stage.report();
    expect(report.created).toBe(false);
    expect(report.setupError).toContain("mismatched input 'SELEC'");
    expect(report.dropped).toBe(true);
  });

  it('sends nothing at teardown when the server never answered the setup', async () => {
    const server = await fakeKsql(() => ({ status: 503, body: '{"@type":"generic_error","error_code":50300,"message":"server is starting"}' }));
    const stage = new KsqlStage(settings(server.url), names, [], () => {}, timings);
    await expect(stage.setUp()).rejects.toThrow(/could not be set up/);
    const before = server.seen.length;
    await stage.tearDown();
    expect(server.seen.length).toBe(before);
    expect(stage.report()).toMatchObject({ created: false, dropped: false, dropErrors: [], statements: [] });
  });

  it('a failing teardown step is recorded and logged, not thrown, and the next steps still run', async () => {
    const server = await fakeKsql((seen) =>
      seen.ksql?.startsWith('TERMINATE') ? { status: 400, body: '{"@type":"statement_error","error_code":40001,"message":"query is busy","statementText":"TERMINATE"}' } : documented(seen),
    );
    const lines: string[] = [];
    const stage = new KsqlStage(settings(server.url), names, [], (line) => lines.push(line), timings);
    await stage.setUp();
    await expect(stage.tearDown()).resolves.toBeUndefined();
    const report = stage.report();
    expect(report.dropped).toBe(false);
    expect(report.dropErrors).toHaveLength(1);
    expect(report.dropErrors[0]).toMatch(/^TERMINATE CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11; .*query is busy/);
    expect(server.seen.at(-1)?.ksql).toBe('DROP STREAM IF EXISTS `KBENCH_COMPRAS_A1B2C3`;');
    expect(lines.join('\n')).toContain('left something behind');
  });

  it('never puts the credentials in the report, even when the server quotes them back', async () => {
    const password = 'sup3r-s3cret-passw0rd';
    process.env.KBENCH_TEST_KSQL_PASSWORD = password;
    const token = Buffer.from(`kbench:${password}`).toString('base64');
    const server = await fakeKsql((seen) => {
      if (seen.ksql?.startsWith('DROP TABLE')) {
        return { status: 400, body: JSON.stringify({ '@type': 'generic_error', error_code: 40000, message: `rejected ${seen.headers.authorization ?? ''} for kbench:${password} (${password})` }) };
      }
      return documented(seen);
    });
    const lines: string[] = [];
    const stage = new KsqlStage({ ...settings(server.url), auth: { username: 'kbench', password: { env: 'KBENCH_TEST_KSQL_PASSWORD' } } }, names, [], (line) => lines.push(line), timings);
    await stage.setUp();
    await stage.tearDown();
    expect(server.seen.every((seen) => seen.headers.authorization === `Basic ${token}`)).toBe(true);
    const report = stage.report();
    expect(report.dropErrors).toHaveLength(1);
    expect(report.dropErrors[0]).toContain('***');
    for (const text of [JSON.stringify(report), lines.join('\n')]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(token);
    }
  });

  it('reads a missing password variable as a usage error before any request', () => {
    expect(() => new KsqlStage({ ...settings('http://127.0.0.1:1'), auth: { username: 'kbench', password: { env: 'KBENCH_TEST_KSQL_PASSWORD' } } }, names, [], () => {}, timings)).toThrow(/KBENCH_TEST_KSQL_PASSWORD is not set/);
  });
});

describe('requireKsqlUrl', () => {
  const plan = (ksql: Plan['ksql'], shard?: Plan['shard']): Plan => ({ name: 'pipeline-ksql', ksql, ...(shard ? { shard } : {}) }) as Plan;

  it('passes a plan without ksql, and one with a server', () => {
    expect(requireKsqlUrl(plan(undefined))).toBeUndefined();
    expect(requireKsqlUrl(plan({ query: 'sales-per-store', outputTopic: 'x', url: 'http://localhost:8088' }))?.url).toBe('http://localhost:8088');
  });

  it('refuses a ksql section without --ksql-url, with a hint, and a sharded run', () => {
    const error = (() => {
      try {
        requireKsqlUrl(plan({ query: 'sales-per-store', outputTopic: 'x' }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KbenchError);
    expect((error as KbenchError).kind).toBe('usage');
    expect((error as KbenchError).message).toContain('--ksql-url');
    expect((error as KbenchError).hint).toContain('http://localhost:8088');
    expect(() => requireKsqlUrl(plan({ query: 'sales-per-store', outputTopic: 'x', url: 'http://localhost:8088' }, { index: 0, count: 2, runId: 'a', startAtEpochMs: undefined, producersPerShard: 1 }))).toThrow(/sharded/);
  });
});

describe("the run's names", () => {
  it('map the readers of the ksqlDB output to the run\'s own kbench-ksql-compras-per-store-<run id>', () => {
    const scenario = {
      name: 'k',
      cluster: { brokers: 'h:9092' },
      duration: '10s',
      producers: [{ load: { type: 'constant' as const, ratePerSec: 1 } }],
      ksql: { output: { name: 'por-tienda' } },
      consumers: [{ groupId: 'raw' }, { groupId: 'r', topic: 'por-tienda' }],
    };
    const configured = resolveScenario(scenario, '/tmp/k.ts', { ksql: { url: 'http://localhost:8088' } });
    expect(configured.consumerGroups[1]).toMatchObject({ topicName: 'por-tienda', checkedByMessage: false, readCommitted: false, upstreamStages: [] });
    const ownership = new RunOwnership(configured, RUN_ID);
    expect(ownership.ksqlNames).toEqual(names);
    expect(ownership.plan.consumerGroups.map((group) => group.topicName)).toEqual(['kbench-compras-a1b2c3', 'kbench-ksql-compras-per-store-a1b2c3']);
    expect(ownership.plan.ksql).toEqual({ query: 'sales-per-store', outputTopic: 'kbench-ksql-compras-per-store-a1b2c3', url: 'http://localhost:8088' });
    expect(() => resolveScenario({ ...scenario, ksql: undefined, consumers: [{ groupId: 'raw' }] }, '/tmp/k.ts', { ksql: { url: 'http://localhost:8088' } })).toThrow(/no ksql section/);
  });
});
