/**
 * The statements of the tutorial's ksqlDB pipeline over kbench's `compras` events, and those
 * that take it down again. Setup: a stream over the input topic (the JSON fields of
 * `workload/compras.ts`), and one persistent query — per store, per 1-second tumbling window
 * (of the records' timestamps), the number of purchases and the sum of `total` — writing a
 * table into an output topic of kbench's own, named like every topic kbench creates
 * (`kbench-<name>-<run id>`, see `scenario/cluster-ownership.ts`). Teardown removes exactly what
 * setup made: it terminates the queries writing into kbench's table, drops the table with
 * DELETE TOPIC (its topic is kbench's), and drops the stream WITHOUT DELETE TOPIC: the input
 * topic is never deleted here (whether kbench may delete it is decided by cluster ownership,
 * not by ksqlDB). Every name goes through `ksql-identifiers.ts`. Pure.
 */
import type { KsqlRunningQuery } from './ksql-entities.js';
import { checkedQueryId, quoteColumnName, quoteSourceName, sourceNamePart, topicLiteral } from './ksql-identifiers.js';

/** Prefix of every topic kbench creates (the same as `OWN_TOPIC_PREFIX` of `scenario/cluster-ownership.ts`). */
export const KSQL_OWN_TOPIC_PREFIX = 'kbench-';

/** Prefix of every stream and table kbench creates in ksqlDB. */
export const KSQL_OWN_SOURCE_PREFIX = 'KBENCH_';

/** The names of one run's pipeline. */
export interface KsqlPipelineNames {
  /** The topic kbench's producers write `compras` into (read, never deleted, by the pipeline). */
  inputTopic: string;
  /** The stream over the input topic: `KBENCH_COMPRAS_<RUN ID>`. */
  streamName: string;
  /** The table the persistent query writes: `KBENCH_COMPRAS_PER_STORE_<RUN ID>`. */
  tableName: string;
  /** The table's topic, kbench's own: `kbench-ksql-compras-per-store-<run id>`. */
  outputTopic: string;
}

/**
 * The pipeline's names for a run: the run id (letters, digits, `.`, `_`, `-`) is in each, upper
 * case with `.` and `-` as `_` in stream and table names. Refuses names that cannot be quoted.
 */
export function ksqlPipelineNames(inputTopic: string, runId: string): KsqlPipelineNames {
  const part = sourceNamePart(runId);
  const names = {
    inputTopic,
    streamName: `${KSQL_OWN_SOURCE_PREFIX}COMPRAS_${part}`,
    tableName: `${KSQL_OWN_SOURCE_PREFIX}COMPRAS_PER_STORE_${part}`,
    outputTopic: `${KSQL_OWN_TOPIC_PREFIX}ksql-compras-per-store-${runId}`,
  };
  // Checked now, so a bad name fails before any statement is sent.
  topicLiteral(names.inputTopic);
  topicLiteral(names.outputTopic);
  quoteSourceName(names.streamName);
  quoteSourceName(names.tableName);
  return names;
}

/**
 * The stream's columns: the fields of a `Compra`, in its order, with their SQL types. `padding`
 * is left out: the query does not read it, and a JSON field without a column is ignored.
 */
export const COMPRAS_COLUMNS: readonly { name: string; sqlType: string }[] = [
  { name: 'id', sqlType: 'VARCHAR' },
  { name: 'customer', sqlType: 'VARCHAR' },
  { name: 'product', sqlType: 'VARCHAR' },
  { name: 'category', sqlType: 'VARCHAR' },
  { name: 'quantity', sqlType: 'INT' },
  { name: 'unitPrice', sqlType: 'DOUBLE' },
  { name: 'total', sqlType: 'DOUBLE' },
  { name: 'store', sqlType: 'VARCHAR' },
  { name: 'paymentMethod', sqlType: 'VARCHAR' },
  { name: 'timestamp', sqlType: 'VARCHAR' },
];

/** CREATE STREAM over the input topic: value JSON, no key column (KAFKA key format). */
export function createComprasStream(names: KsqlPipelineNames): string {
  const columns = COMPRAS_COLUMNS.map((column) => `${quoteColumnName(column.name)} ${column.sqlType}`).join(', ');
  return `CREATE STREAM ${quoteSourceName(names.streamName)} (${columns}) WITH (KAFKA_TOPIC=${topicLiteral(names.inputTopic)}, KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`;
}

/**
 * CREATE TABLE … AS SELECT: per store and 1-second tumbling window, `purchases` (COUNT(*)) and
 * `totalSales` (SUM of `total`); the store (the key) copied into the value as `storeName`, and
 * the window's bounds as `windowStartMs` / `windowEndMs`, so each output record reads alone.
 */
export function createSalesPerStoreTable(names: KsqlPipelineNames): string {
  const store = quoteColumnName('store');
  const projection = [
    store,
    `AS_VALUE(${store}) AS ${quoteColumnName('storeName')}`,
    `COUNT(*) AS ${quoteColumnName('purchases')}`,
    `SUM(${quoteColumnName('total')}) AS ${quoteColumnName('totalSales')}`,
    `WINDOWSTART AS ${quoteColumnName('windowStartMs')}`,
    `WINDOWEND AS ${quoteColumnName('windowEndMs')}`,
  ].join(', ');
  return (
    `CREATE TABLE ${quoteSourceName(names.tableName)} WITH (KAFKA_TOPIC=${topicLiteral(names.outputTopic)}, KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON') ` +
    `AS SELECT ${projection} FROM ${quoteSourceName(names.streamName)} WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY ${store} EMIT CHANGES;`
  );
}

/** The setup, in order (one request may carry both: the table reads the stream). */
export function pipelineCreateStatements(names: KsqlPipelineNames): string[] {
  return [createComprasStream(names), createSalesPerStoreTable(names)];
}

/** Lists the persistent queries (to find those writing into kbench's table). */
export const SHOW_QUERIES = 'SHOW QUERIES;';

/** Ids of the queries (of SHOW QUERIES) that write into this run's table or its topic: the ones kbench started. */
export function pipelineQueryIds(queries: readonly KsqlRunningQuery[], names: KsqlPipelineNames): string[] {
  return queries.filter((query) => query.sinks.includes(names.tableName) || query.sinkKafkaTopics.includes(names.outputTopic)).map((query) => query.id);
}

/**
 * The teardown, in order: TERMINATE each of kbench's queries (`queryIds`, from
 * {@link pipelineQueryIds}), DROP TABLE … DELETE TOPIC (kbench's output topic), DROP STREAM
 * without DELETE TOPIC (the input topic stays). IF EXISTS: a teardown after a partial setup
 * drops what is there. Send them one per request, so one failure does not stop the rest.
 */
export function pipelineDropStatements(names: KsqlPipelineNames, queryIds: readonly string[]): string[] {
  // Only kbench's own sources are ever dropped (a table's topic is deleted with it).
  for (const name of [names.tableName, names.streamName]) {
    if (!name.startsWith(KSQL_OWN_SOURCE_PREFIX)) throw new Error(`internal: refusing to drop ${name}, not a source kbench names (${KSQL_OWN_SOURCE_PREFIX}…)`);
  }
  return [
    ...queryIds.map((queryId) => `TERMINATE ${checkedQueryId(queryId)};`),
    `DROP TABLE IF EXISTS ${quoteSourceName(names.tableName)} DELETE TOPIC;`,
    `DROP STREAM IF EXISTS ${quoteSourceName(names.streamName)};`,
  ];
}
