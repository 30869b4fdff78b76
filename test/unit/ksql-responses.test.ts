/**
 * Reading ksqlDB's answers: every documented shape kbench supports, from fixtures written after
 * ksqlDB's REST API reference (test/fixtures/ksql/), and the clear refusal of anything else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/ksql/ksql-errors.js';
import { JsonShapeReader } from '../../src/ksql/ksql-json.js';
import { parseEntities, parseErrorBody, parseHealth, parseServerInfo, parseStatusAnswer } from '../../src/ksql/ksql-responses.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ksql/${name}`, import.meta.url), 'utf8');
const reader = (text: string): JsonShapeReader => new JsonShapeReader('POST http://127.0.0.1:8088/ksql', text);

/** The KsqlError `read` throws. */
function readError(read: () => unknown): KsqlError {
  try {
    read();
  } catch (error) {
    if (error instanceof KsqlError) return error;
    throw error;
  }
  throw new Error('expected a KsqlError, nothing was thrown');
}

describe('POST /ksql results', () => {
  it('reads command statuses (CREATE, DROP, TERMINATE) with their sequence numbers, query id and warnings', () => {
    const [stream, table] = parseEntities(reader(fixture('create-pipeline-success.json')));
    expect(stream).toEqual({
      type: 'currentStatus',
      statementText: expect.stringMatching(/^CREATE STREAM `KBENCH_COMPRAS_A1B2C3`/),
      warnings: [],
      commandId: 'stream/KBENCH_COMPRAS_A1B2C3/create',
      commandStatus: { status: 'SUCCESS', message: 'Stream created', queryId: undefined },
      commandSequenceNumber: 10,
    });
    expect(table?.type === 'currentStatus' && table.commandStatus).toEqual({
      status: 'SUCCESS',
      message: 'Created query with ID CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11',
      queryId: 'CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11',
    });
    expect(table?.warnings).toEqual(["no partitions given: the input topic's are used"]);
  });

  it('reads a command still queued, and -1 for a missing sequence number', () => {
    const [queued] = parseEntities(reader(fixture('create-stream-queued.json')));
    expect(queued?.type === 'currentStatus' && [queued.commandStatus.status, queued.commandSequenceNumber]).toEqual(['QUEUED', 12]);
    const [unnumbered] = parseEntities(reader('[{"@type":"currentStatus","statementText":"DROP STREAM S;","commandId":"stream/S/drop","commandStatus":{"status":"SUCCESS","message":"dropped"}}]'));
    expect(unnumbered?.type === 'currentStatus' && unnumbered.commandSequenceNumber).toBe(-1);
  });

  it('reads SHOW QUERIES, as servers send it and as the reference documents it (sinks as one string, no topics)', () => {
    const [queries] = parseEntities(reader(fixture('show-queries.json')));
    expect(queries?.type).toBe('queries');
    expect(queries?.type === 'queries' && queries.queries.map((query) => [query.id, query.sinks, query.sinkKafkaTopics, query.state])).toEqual([
      ['CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11', ['KBENCH_COMPRAS_PER_STORE_A1B2C3'], ['kbench-ksql-compras-per-store-a1b2c3'], 'RUNNING'],
      ['CSAS_PAGEVIEWS_HOME_3', ['PAGEVIEWS_HOME'], ['PAGEVIEWS_HOME'], 'RUNNING'],
    ]);
    const [documented] = parseEntities(reader(fixture('show-queries-documented.json')));
    expect(documented?.type === 'queries' && documented.queries[0]).toEqual({
      id: 'CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11',
      queryString: 'CREATE TABLE KBENCH_COMPRAS_PER_STORE_A1B2C3 AS SELECT ...;',
      sinks: ['KBENCH_COMPRAS_PER_STORE_A1B2C3'],
      sinkKafkaTopics: [],
      state: undefined,
    });
  });

  it('reads SHOW STREAMS and SHOW TABLES (valueFormat, or the older format)', () => {
    const [streams] = parseEntities(reader(fixture('show-streams.json')));
    expect(streams).toMatchObject({ type: 'streams', sources: [{ name: 'KBENCH_COMPRAS_A1B2C3', topic: 'kbench-compras-a1b2c3', valueFormat: 'JSON', keyFormat: 'KAFKA', isWindowed: false }] });
    const [tables] = parseEntities(reader(fixture('show-tables.json')));
    expect(tables).toMatchObject({ type: 'tables', sources: [{ name: 'KBENCH_COMPRAS_PER_STORE_A1B2C3', valueFormat: 'JSON', keyFormat: undefined, isWindowed: true }] });
  });

  it('reads DESCRIBE: topic, formats, the queries writing into the table, its columns', () => {
    const [description] = parseEntities(reader(fixture('describe-table.json')));
    expect(description).toEqual({
      type: 'sourceDescription',
      statementText: 'DESCRIBE `KBENCH_COMPRAS_PER_STORE_A1B2C3`;',
      warnings: [],
      name: 'KBENCH_COMPRAS_PER_STORE_A1B2C3',
      sourceType: 'TABLE',
      topic: 'kbench-ksql-compras-per-store-a1b2c3',
      valueFormat: 'JSON',
      keyFormat: 'KAFKA',
      readQueryIds: [],
      writeQueryIds: ['CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11'],
      fieldNames: ['store', 'storeName', 'purchases', 'totalSales', 'windowStartMs', 'windowEndMs'],
    });
  });

  it('reads TERMINATE answered as terminate_query, and a DROP … IF EXISTS that found nothing', () => {
    expect(parseEntities(reader(fixture('terminate-query.json')))).toEqual([
      { type: 'terminate_query', statementText: 'TERMINATE CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11;', warnings: [], queryId: 'CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11', wasTerminated: true },
    ]);
    expect(parseEntities(reader(fixture('drop-missing-warning.json')))).toEqual([
      { type: 'warning_entity', statementText: 'DROP STREAM IF EXISTS `KBENCH_COMPRAS_A1B2C3`;', warnings: [], message: 'Source `KBENCH_COMPRAS_A1B2C3` does not exist.' },
    ]);
  });

  it('refuses a result type it does not read, naming it and the ones it reads', () => {
    const error = readError(() => parseEntities(reader(fixture('unknown-type.json'))));
    expect(error.message).toContain('[0]["@type"]: "function_names" is not a result kbench reads (it reads currentStatus, queries');
    expect(error.kind).toBe('cluster');
    expect(error.request).toBe('POST http://127.0.0.1:8088/ksql');
  });

  it('refuses wrong shapes with the field\'s path and an excerpt of at most 160 characters', () => {
    const cases: [string, RegExp][] = [
      ['{"message":"not an array"}', /the answer: expected an array, got an object/],
      ['[{"statementText":"x"}]', /\[0\]\.@type: expected a string, got nothing/],
      ['[{"@type":"currentStatus","commandId":"c","commandStatus":{"status":"DONE"}}]', /\[0\]\.commandStatus\.status: "DONE" is not a command state \(expected one of QUEUED, PARSING, EXECUTING/],
      ['[{"@type":"currentStatus","commandId":7,"commandStatus":{"status":"SUCCESS"}}]', /\[0\]\.commandId: expected a string, got 7/],
      ['[{"@type":"queries","queries":[{"id":"Q","queryString":"q","sinks":[1]}]}]', /\[0\]\.queries\[0\]\.sinks\[0\]: expected a string, got 1/],
      ['[{"@type":"currentStatus","commandId":"c","commandStatus":{"status":"SUCCESS"},"commandSequenceNumber":1.5}]', /commandSequenceNumber: expected a whole number, got 1\.5/],
      ['<html>502 Bad Gateway</html>', /not JSON/],
      ['', /an empty answer, expected JSON/],
    ];
    for (const [text, pattern] of cases) expect(readError(() => parseEntities(reader(text))).message, text).toMatch(pattern);
    const long = `[${'{"@type":"nope"},'.repeat(100)}{"@type":"nope"}]`;
    const error = readError(() => parseEntities(reader(long)));
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toBe(`answer: ${long.slice(0, 160)}…`);
  });
});

describe('the other endpoints', () => {
  it('reads GET /status/<commandId> in every state', () => {
    expect(parseStatusAnswer(reader(fixture('status-executing.json')))).toEqual({ status: 'EXECUTING', message: 'Executing statement', queryId: undefined });
    expect(parseStatusAnswer(reader(fixture('status-success.json'))).status).toBe('SUCCESS');
    expect(parseStatusAnswer(reader(fixture('status-error.json')))).toMatchObject({ status: 'ERROR', message: expect.stringContaining('does not exist') });
  });

  it('reads GET /info, serverStatus optional', () => {
    expect(parseServerInfo(reader(fixture('info.json')))).toEqual({ version: '0.29.0', kafkaClusterId: 'j3tOi6E_RtO_TMH3gBmK7A', ksqlServiceId: 'default_', serverStatus: 'RUNNING' });
    expect(parseServerInfo(reader('{"KsqlServerInfo":{"version":"0.8.0","kafkaClusterId":"k","ksqlServiceId":"default_"}}')).serverStatus).toBeUndefined();
    expect(readError(() => parseServerInfo(reader('{"version":"0.29.0"}'))).message).toMatch(/KsqlServerInfo: expected an object, got nothing/);
  });

  it('reads GET /healthcheck with each part', () => {
    expect(parseHealth(reader(fixture('healthcheck.json')))).toEqual({ isHealthy: true, details: { metastore: true, kafka: true } });
    expect(parseHealth(reader('{"isHealthy":false,"details":{"kafka":{"isHealthy":false}}}'))).toEqual({ isHealthy: false, details: { kafka: false } });
  });

  it('reads error bodies: statement_error with the results before it, generic_error; anything else is not one', () => {
    expect(parseErrorBody(reader(fixture('statement-error.json')))).toMatchObject({
      type: 'statement_error',
      errorCode: 40001,
      message: "line 1:133: mismatched input 'SELEC' expecting {'SELECT'}",
      statementText: 'CREATE TABLE `KBENCH_COMPRAS_PER_STORE_A1B2C3` AS SELEC 1;',
      entities: [{ type: 'currentStatus', commandId: 'stream/KBENCH_COMPRAS_A1B2C3/create' }],
    });
    expect(parseErrorBody(reader(fixture('generic-error.json')))).toEqual({
      type: 'generic_error',
      errorCode: 50000,
      message: 'Could not write the statement into the command topic.',
      statementText: undefined,
      entities: [],
    });
    for (const text of ['', '<html>Bad Gateway</html>', '{"message":"no code"}', '[]', '{"error_code":"40001","message":"m"}']) {
      expect(parseErrorBody(reader(text)), text).toBeUndefined();
    }
    const unreadableEntities = parseErrorBody(reader('{"@type":"statement_error","error_code":40001,"message":"m","statementText":"s","entities":[{"@type":"nope"}]}'));
    expect(unreadableEntities?.entities).toEqual([]);
  });
});
