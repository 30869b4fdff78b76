/**
 * Reads ksqlDB's answers into the types of `ksql-entities.ts`, checking every field it keeps:
 * `POST /ksql`'s array of result objects (by `@type`), `GET /status/<commandId>`, `GET /info`,
 * `GET /healthcheck`, and the body of an error answer. A shape kbench does not know (another
 * `@type`, a missing field, a field of the wrong kind) throws a `KsqlError` naming the field and
 * quoting a short excerpt. Pure.
 */
import {
  KSQL_COMMAND_STATES,
  KSQL_ENTITY_TYPES,
  type KsqlCommandState,
  type KsqlCommandStatus,
  type KsqlEntity,
  type KsqlErrorBody,
  type KsqlHealth,
  type KsqlRunningQuery,
  type KsqlServerInfo,
  type KsqlSourceInfo,
} from './ksql-entities.js';
import { KsqlError } from './ksql-errors.js';
import { isJsonObject, parseJsonAnswer, type JsonObject, type JsonShapeReader } from './ksql-json.js';

/** The result objects of `POST /ksql`: a JSON array, one object per statement. */
export function parseEntities(reader: JsonShapeReader): KsqlEntity[] {
  return reader.array(parseJsonAnswer(reader), 'the answer').map((item, index) => parseEntity(reader, item, `[${index}]`));
}

/** One result object, by its `@type`. */
export function parseEntity(reader: JsonShapeReader, value: unknown, path: string): KsqlEntity {
  const object = reader.object(value, path);
  const type = reader.string(object, '@type', path);
  const base = { statementText: reader.optionalString(object, 'statementText', path) ?? '', warnings: parseWarnings(reader, object, path) };
  switch (type) {
    case 'currentStatus':
      return {
        type,
        ...base,
        commandId: reader.string(object, 'commandId', path),
        commandStatus: parseCommandStatus(reader, reader.object(object.commandStatus, `${path}.commandStatus`), `${path}.commandStatus`),
        commandSequenceNumber: object.commandSequenceNumber === undefined || object.commandSequenceNumber === null ? -1 : reader.integer(object, 'commandSequenceNumber', path),
      };
    case 'queries':
      return { type, ...base, queries: reader.array(object.queries, `${path}.queries`).map((query, index) => parseRunningQuery(reader, query, `${path}.queries[${index}]`)) };
    case 'streams':
    case 'tables': {
      const sources = reader.array(object[type], `${path}.${type}`).map((source, index) => parseSourceInfo(reader, source, `${path}.${type}[${index}]`));
      return { type, ...base, sources };
    }
    case 'sourceDescription':
      return parseSourceDescription(reader, object, path, base);
    case 'terminate_query':
      return { type, ...base, queryId: reader.string(object, 'queryId', path), wasTerminated: reader.optionalBoolean(object, 'wasTerminated', path) };
    case 'warning_entity':
      return { type, ...base, message: reader.string(object, 'message', path) };
    default:
      return reader.fail(`${path}["@type"]: ${JSON.stringify(type.slice(0, 40))} is not a result kbench reads (it reads ${KSQL_ENTITY_TYPES.join(', ')})`);
  }
}

function parseWarnings(reader: JsonShapeReader, object: JsonObject, path: string): string[] {
  if (object.warnings === undefined || object.warnings === null) return [];
  return reader.array(object.warnings, `${path}.warnings`).map((warning, index) => reader.string(reader.object(warning, `${path}.warnings[${index}]`), 'message', `${path}.warnings[${index}]`));
}

/** `{ status, message, queryId? }`: inside a `currentStatus`, and the body of `GET /status/…`. */
export function parseCommandStatus(reader: JsonShapeReader, object: JsonObject, path: string): KsqlCommandStatus {
  const status = reader.string(object, 'status', path);
  if (!(KSQL_COMMAND_STATES as readonly string[]).includes(status)) {
    reader.fail(`${path}.status: ${JSON.stringify(status.slice(0, 40))} is not a command state (expected one of ${KSQL_COMMAND_STATES.join(', ')})`);
  }
  return { status: status as KsqlCommandState, message: reader.optionalString(object, 'message', path) ?? '', queryId: queryIdOf(reader, object.queryId, `${path}.queryId`) };
}

/** A query id: a string, or `{ "id": "…" }`; undefined when absent. */
function queryIdOf(reader: JsonShapeReader, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return reader.string(reader.object(value, path), 'id', path);
}

function parseRunningQuery(reader: JsonShapeReader, value: unknown, path: string): KsqlRunningQuery {
  const object = reader.object(value, path);
  const id = queryIdOf(reader, object.id, `${path}.id`) ?? reader.fail(`${path}.id: missing (expected the query id)`);
  // The documentation calls `sinks` a string; servers send an array. Both are read.
  const sinks = typeof object.sinks === 'string' ? object.sinks.split(',').map((sink) => sink.trim()).filter((sink) => sink !== '') : reader.strings(object, 'sinks', path);
  return { id, queryString: reader.string(object, 'queryString', path), sinks, sinkKafkaTopics: reader.strings(object, 'sinkKafkaTopics', path), state: reader.optionalString(object, 'state', path) };
}

function parseSourceInfo(reader: JsonShapeReader, value: unknown, path: string): KsqlSourceInfo {
  const object = reader.object(value, path);
  return {
    name: reader.string(object, 'name', path),
    topic: reader.string(object, 'topic', path),
    valueFormat: reader.optionalString(object, 'valueFormat', path) ?? reader.optionalString(object, 'format', path),
    keyFormat: reader.optionalString(object, 'keyFormat', path),
    isWindowed: reader.optionalBoolean(object, 'isWindowed', path),
  };
}

function parseSourceDescription(reader: JsonShapeReader, entity: JsonObject, entityPath: string, base: { statementText: string; warnings: string[] }): KsqlEntity {
  const path = `${entityPath}.sourceDescription`;
  const object = reader.object(entity.sourceDescription, path);
  const queryIds = (key: string): string[] => {
    if (object[key] === undefined || object[key] === null) return [];
    return reader.array(object[key], `${path}.${key}`).map((query, index) => {
      const at = `${path}.${key}[${index}]`;
      return typeof query === 'string' ? query : (queryIdOf(reader, reader.object(query, at).id, `${at}.id`) ?? reader.fail(`${at}.id: missing (expected the query id)`));
    });
  };
  const fields = object.fields === undefined || object.fields === null ? [] : reader.array(object.fields, `${path}.fields`);
  return {
    type: 'sourceDescription',
    ...base,
    name: reader.string(object, 'name', path),
    sourceType: reader.string(object, 'type', path),
    topic: reader.string(object, 'topic', path),
    valueFormat: reader.optionalString(object, 'valueFormat', path) ?? reader.optionalString(object, 'format', path),
    keyFormat: reader.optionalString(object, 'keyFormat', path),
    readQueryIds: queryIds('readQueries'),
    writeQueryIds: queryIds('writeQueries'),
    fieldNames: fields.map((field, index) => reader.string(reader.object(field, `${path}.fields[${index}]`), 'name', `${path}.fields[${index}]`)),
  };
}

/** The body of `GET /status/<commandId>`. */
export function parseStatusAnswer(reader: JsonShapeReader): KsqlCommandStatus {
  return parseCommandStatus(reader, reader.object(parseJsonAnswer(reader), 'the answer'), 'the answer');
}

/** The body of `GET /info`: `{ "KsqlServerInfo": { version, kafkaClusterId, ksqlServiceId, serverStatus? } }`. */
export function parseServerInfo(reader: JsonShapeReader): KsqlServerInfo {
  const path = 'KsqlServerInfo';
  const info = reader.object(reader.object(parseJsonAnswer(reader), 'the answer').KsqlServerInfo, path);
  return {
    version: reader.string(info, 'version', path),
    kafkaClusterId: reader.string(info, 'kafkaClusterId', path),
    ksqlServiceId: reader.string(info, 'ksqlServiceId', path),
    serverStatus: reader.optionalString(info, 'serverStatus', path),
  };
}

/** The body of `GET /healthcheck`: `{ isHealthy, details: { <part>: { isHealthy } } }`. */
export function parseHealth(reader: JsonShapeReader): KsqlHealth {
  const answer = reader.object(parseJsonAnswer(reader), 'the answer');
  const details: Record<string, boolean> = {};
  if (answer.details !== undefined && answer.details !== null) {
    for (const [part, detail] of Object.entries(reader.object(answer.details, 'details'))) {
      details[part] = reader.boolean(reader.object(detail, `details.${part}`), 'isHealthy', `details.${part}`);
    }
  }
  return { isHealthy: reader.boolean(answer, 'isHealthy', 'the answer'), details };
}

/**
 * The body of an error answer (HTTP 4xx / 5xx) when it has ksqlDB's error shape (`error_code`
 * and `message`; `@type`, `statementText` and `entities` when there); undefined otherwise (a
 * proxy's page, an empty body). Never throws: the HTTP status is reported either way.
 */
export function parseErrorBody(reader: JsonShapeReader): KsqlErrorBody | undefined {
  let body: unknown;
  try {
    body = JSON.parse(reader.answerText) as unknown;
  } catch {
    return undefined;
  }
  if (!isJsonObject(body) || typeof body.error_code !== 'number' || typeof body.message !== 'string') return undefined;
  let entities: KsqlEntity[] = [];
  if (Array.isArray(body.entities)) {
    try {
      entities = body.entities.map((item, index) => parseEntity(reader, item, `entities[${index}]`));
    } catch (error) {
      // Results of a shape kbench does not read must not hide the error itself.
      if (!(error instanceof KsqlError)) throw error;
    }
  }
  return {
    type: typeof body['@type'] === 'string' ? body['@type'] : undefined,
    errorCode: body.error_code,
    message: body.message,
    statementText: typeof body.statementText === 'string' ? body.statementText : undefined,
    entities,
  };
}
