/**
 * What ksqlDB's REST API answers, as kbench reads it: the result objects of `POST /ksql` (told
 * apart by their `@type`), a command's status (`GET /status/<commandId>`), the server's
 * `GET /info` and `GET /healthcheck`. Only the fields kbench uses are kept; `ksql-responses.ts`
 * checks each one. Types only.
 */

/** A command's state: QUEUED, PARSING, EXECUTING (accepted, in progress), then SUCCESS, ERROR or TERMINATED. */
export type KsqlCommandState = 'QUEUED' | 'PARSING' | 'EXECUTING' | 'RUNNING' | 'SUCCESS' | 'ERROR' | 'TERMINATED';

/** Every state a command can be in, in the order the server moves through them. */
export const KSQL_COMMAND_STATES: readonly KsqlCommandState[] = ['QUEUED', 'PARSING', 'EXECUTING', 'RUNNING', 'SUCCESS', 'ERROR', 'TERMINATED'];

/** The states after which a command does not change any more. */
export const FINAL_COMMAND_STATES: readonly KsqlCommandState[] = ['SUCCESS', 'ERROR', 'TERMINATED'];

/** `commandStatus` of a CREATE, DROP or TERMINATE, and the body of `GET /status/<commandId>`. */
export interface KsqlCommandStatus {
  status: KsqlCommandState;
  message: string;
  /** The persistent query the statement started (newer servers say so; absent otherwise). */
  queryId: string | undefined;
}

/** Fields every result object has. */
interface EntityBase {
  /** The statement this result is for. */
  statementText: string;
  /** Conditions the server warns about without failing the statement. */
  warnings: string[];
}

/** `@type: currentStatus`: the result of a CREATE, DROP or TERMINATE. */
export interface KsqlCurrentStatus extends EntityBase {
  type: 'currentStatus';
  /** `<type>/<entity>/<action>`, e.g. `stream/PAGEVIEWS/create`: what `/status/…` takes. */
  commandId: string;
  commandStatus: KsqlCommandStatus;
  /** The command's place in the server's command queue; -1 when it was not queued. */
  commandSequenceNumber: number;
}

/** One persistent query of SHOW QUERIES. */
export interface KsqlRunningQuery {
  id: string;
  queryString: string;
  /** The streams and tables the query writes to. */
  sinks: string[];
  /** The topics the query writes to (newer servers; [] otherwise). */
  sinkKafkaTopics: string[];
  /** RUNNING, ERROR… (newer servers; undefined otherwise). */
  state: string | undefined;
}

/** `@type: queries`: SHOW QUERIES. */
export interface KsqlQueries extends EntityBase {
  type: 'queries';
  queries: KsqlRunningQuery[];
}

/** A stream or table of SHOW STREAMS / SHOW TABLES. */
export interface KsqlSourceInfo {
  name: string;
  topic: string;
  /** `valueFormat` on newer servers, `format` on older ones. */
  valueFormat: string | undefined;
  keyFormat: string | undefined;
  /** Tables only (undefined for streams). */
  isWindowed: boolean | undefined;
}

/** `@type: streams` (SHOW STREAMS) or `@type: tables` (SHOW TABLES). */
export interface KsqlSources extends EntityBase {
  type: 'streams' | 'tables';
  sources: KsqlSourceInfo[];
}

/** `@type: sourceDescription`: DESCRIBE of one stream or table. */
export interface KsqlSourceDescription extends EntityBase {
  type: 'sourceDescription';
  name: string;
  /** STREAM or TABLE. */
  sourceType: string;
  topic: string;
  valueFormat: string | undefined;
  keyFormat: string | undefined;
  /** Ids of the queries reading from the source, and of those writing into it. */
  readQueryIds: string[];
  writeQueryIds: string[];
  fieldNames: string[];
}

/** `@type: terminate_query`: TERMINATE of a query (servers that answer it with this rather than a command status). */
export interface KsqlTerminateQuery extends EntityBase {
  type: 'terminate_query';
  queryId: string;
  /** Absent on older servers. */
  wasTerminated: boolean | undefined;
}

/** `@type: warning_entity`: a statement that did nothing, with why (e.g. DROP … IF EXISTS of a missing source). */
export interface KsqlWarningEntity extends EntityBase {
  type: 'warning_entity';
  message: string;
}

/** One result object of `POST /ksql`. */
export type KsqlEntity = KsqlCurrentStatus | KsqlQueries | KsqlSources | KsqlSourceDescription | KsqlTerminateQuery | KsqlWarningEntity;

/** The `@type`s kbench reads (anything else is refused, naming these). */
export const KSQL_ENTITY_TYPES = ['currentStatus', 'queries', 'streams', 'tables', 'sourceDescription', 'terminate_query', 'warning_entity'] as const;

/** `GET /info`: `{ "KsqlServerInfo": { … } }`. */
export interface KsqlServerInfo {
  version: string;
  kafkaClusterId: string;
  ksqlServiceId: string;
  /** RUNNING… (newer servers; undefined otherwise). */
  serverStatus: string | undefined;
}

/** `GET /healthcheck`. */
export interface KsqlHealth {
  isHealthy: boolean;
  /** Each checked part (`metastore`, `kafka`…) and whether it is healthy. */
  details: Record<string, boolean>;
}

/** The body of an error answer: `@type` statement_error or generic_error. */
export interface KsqlErrorBody {
  /** `statement_error`, `generic_error`, or undefined when the body had no `@type`. */
  type: string | undefined;
  /** ksqlDB's own code, e.g. 40001 (BAD_STATEMENT). */
  errorCode: number;
  message: string;
  /** The statement that failed (statement errors). */
  statementText: string | undefined;
  /** Results of the statements of the request that ran before the failing one. */
  entities: KsqlEntity[];
}
