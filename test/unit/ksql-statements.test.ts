/**
 * The ksqlDB pipeline's statements, as exact text for one run; names kbench cannot quote safely
 * refused before any statement exists; the teardown dropping only what kbench made.
 */
import { describe, expect, it } from 'vitest';
import { KbenchError } from '../../src/errors.js';
import type { KsqlRunningQuery } from '../../src/ksql/ksql-entities.js';
import { checkedQueryId, quoteColumnName, quoteSourceName, sourceNamePart, topicLiteral } from '../../src/ksql/ksql-identifiers.js';
import {
  COMPRAS_COLUMNS,
  KSQL_OWN_TOPIC_PREFIX,
  SHOW_QUERIES,
  createComprasStream,
  createSalesPerStoreTable,
  ksqlPipelineNames,
  pipelineCreateStatements,
  pipelineDropStatements,
  pipelineQueryIds,
} from '../../src/ksql/ksql-statements.js';
import { OWN_TOPIC_PREFIX, ownTopicName } from '../../src/scenario/cluster-ownership.js';
import { COMPRA_FIELDS } from '../../src/workload/compras.js';

const INPUT_TOPIC = ownTopicName('compras', 'a1b2c3');
const names = ksqlPipelineNames(INPUT_TOPIC, 'a1b2c3');

describe('pipeline names', () => {
  it('carry the run id, and the output topic is named like every topic kbench creates', () => {
    expect(INPUT_TOPIC).toBe('kbench-compras-a1b2c3');
    expect(names).toEqual({
      inputTopic: 'kbench-compras-a1b2c3',
      streamName: 'KBENCH_COMPRAS_A1B2C3',
      tableName: 'KBENCH_COMPRAS_PER_STORE_A1B2C3',
      outputTopic: 'kbench-ksql-compras-per-store-a1b2c3',
    });
    expect(KSQL_OWN_TOPIC_PREFIX).toBe(OWN_TOPIC_PREFIX);
  });

  it('turn a sharded run id\'s "." and "-" into "_" in stream and table names, keeping it as is in the topic', () => {
    const sharded = ksqlPipelineNames('orders', 'orders-test.1');
    expect(sharded.streamName).toBe('KBENCH_COMPRAS_ORDERS_TEST_1');
    expect(sharded.tableName).toBe('KBENCH_COMPRAS_PER_STORE_ORDERS_TEST_1');
    expect(sharded.outputTopic).toBe('kbench-ksql-compras-per-store-orders-test.1');
  });
});

describe('setup statements', () => {
  it('declare every field of a Compra but the padding, in its order', () => {
    expect(COMPRAS_COLUMNS.map((column) => column.name)).toEqual([...COMPRA_FIELDS]);
  });

  it('create the stream over the input topic, exactly', () => {
    expect(createComprasStream(names)).toBe(
      'CREATE STREAM `KBENCH_COMPRAS_A1B2C3` (`id` VARCHAR, `customer` VARCHAR, `product` VARCHAR, `category` VARCHAR, `quantity` INT, ' +
        '`unitPrice` DOUBLE, `total` DOUBLE, `store` VARCHAR, `paymentMethod` VARCHAR, `timestamp` VARCHAR) ' +
        "WITH (KAFKA_TOPIC='kbench-compras-a1b2c3', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');",
    );
  });

  it('create the per-store, per-second table into kbench\'s output topic, exactly', () => {
    expect(createSalesPerStoreTable(names)).toBe(
      "CREATE TABLE `KBENCH_COMPRAS_PER_STORE_A1B2C3` WITH (KAFKA_TOPIC='kbench-ksql-compras-per-store-a1b2c3', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON') " +
        'AS SELECT `store`, AS_VALUE(`store`) AS `storeName`, COUNT(*) AS `purchases`, SUM(`total`) AS `totalSales`, ' +
        'WINDOWSTART AS `windowStartMs`, WINDOWEND AS `windowEndMs` FROM `KBENCH_COMPRAS_A1B2C3` ' +
        'WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY `store` EMIT CHANGES;',
    );
    expect(pipelineCreateStatements(names)).toEqual([createComprasStream(names), createSalesPerStoreTable(names)]);
  });
});

describe('teardown statements', () => {
  const query = (id: string, sinks: string[], sinkKafkaTopics: string[]): KsqlRunningQuery => ({ id, queryString: '…', sinks, sinkKafkaTopics, state: 'RUNNING' });

  it('find only the queries writing into this run\'s table or topic', () => {
    const queries = [
      query('CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11', ['KBENCH_COMPRAS_PER_STORE_A1B2C3'], []),
      query('CTAS_OTHER_2', ['KBENCH_COMPRAS_PER_STORE_FFFFFF'], ['kbench-ksql-compras-per-store-ffffff']),
      query('CSAS_COPY_5', ['COPY'], ['kbench-ksql-compras-per-store-a1b2c3']),
      query('CSAS_READER_7', ['READER'], ['reader']),
    ];
    expect(pipelineQueryIds(queries, names)).toEqual(['CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11', 'CSAS_COPY_5']);
    expect(SHOW_QUERIES).toBe('SHOW QUERIES;');
  });

  it('terminate kbench\'s queries, delete the output topic with the table, and never the input topic', () => {
    const statements = pipelineDropStatements(names, ['CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11']);
    expect(statements).toEqual([
      'TERMINATE CTAS_KBENCH_COMPRAS_PER_STORE_A1B2C3_11;',
      'DROP TABLE IF EXISTS `KBENCH_COMPRAS_PER_STORE_A1B2C3` DELETE TOPIC;',
      'DROP STREAM IF EXISTS `KBENCH_COMPRAS_A1B2C3`;',
    ]);
    const dropStream = statements.find((statement) => statement.startsWith('DROP STREAM'));
    expect(dropStream).not.toContain('DELETE TOPIC');
    expect(statements.join('\n')).not.toContain(INPUT_TOPIC);
    expect(pipelineDropStatements(names, [])).toHaveLength(2);
  });

  it('refuses to drop a source kbench does not name', () => {
    expect(() => pipelineDropStatements({ ...names, tableName: 'PAGEVIEWS' }, [])).toThrow(/refusing to drop PAGEVIEWS/);
    expect(() => pipelineDropStatements({ ...names, streamName: 'ORDERS' }, [])).toThrow(/refusing to drop ORDERS/);
  });
});

describe('names that could inject SQL', () => {
  const refused = (build: () => unknown, pattern: RegExp): void => {
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KbenchError);
    expect((thrown as KbenchError).kind).toBe('usage');
    expect((thrown as KbenchError).message).toMatch(pattern);
  };

  it('refuses a hostile input topic before building any statement', () => {
    for (const topic of ["x', VALUE_FORMAT='AVRO'); DROP STREAM s; --", "it's", 'a b', 'a;b', '', '.', '..', 'x'.repeat(250), 'tópico']) {
      refused(() => ksqlPipelineNames(topic, 'a1b2c3'), /refusing the topic name/);
    }
  });

  it('refuses a hostile run id', () => {
    for (const runId of ['a`; DROP TABLE t; --', "a'b", 'a b', 'a/b', '', 'x'.repeat(65)]) {
      refused(() => ksqlPipelineNames('compras', runId), /refusing the run id/);
    }
  });

  it('refuses hostile stream, table, column names and query ids', () => {
    refused(() => quoteSourceName('S` (x INT); DROP STREAM `T'), /refusing the stream or table name/);
    refused(() => quoteSourceName('lower_case'), /refusing the stream or table name/);
    refused(() => quoteSourceName('1ABC'), /refusing the stream or table name/);
    refused(() => quoteColumnName('total`) AS x FROM y; --'), /refusing the column name/);
    refused(() => quoteColumnName('a-b'), /refusing the column name/);
    refused(() => checkedQueryId('CTAS_X_1; DROP STREAM S'), /refusing the query id/);
    refused(() => checkedQueryId('ALL'.padEnd(201, 'X')), /refusing the query id/);
    refused(() => pipelineDropStatements(names, ['CTAS_1;DROP TABLE T']), /refusing the query id/);
    refused(() => createComprasStream({ ...names, streamName: 'X`; DROP' }), /refusing the stream or table name/);
  });

  it('shows a refused name JSON-quoted and cut short, control characters escaped', () => {
    refused(() => topicLiteral(`bad\nname${'x'.repeat(100)}`), /"bad\\nnamex{52}…"/);
  });

  it('quotes what is safe', () => {
    expect(quoteSourceName('KBENCH_X_1')).toBe('`KBENCH_X_1`');
    expect(quoteColumnName('unitPrice')).toBe('`unitPrice`');
    expect(topicLiteral('kbench-compras.v1_x')).toBe("'kbench-compras.v1_x'");
    expect(checkedQueryId('CTAS_KBENCH_X_1')).toBe('CTAS_KBENCH_X_1');
    expect(sourceNamePart('ab.C-d_9')).toBe('AB_C_D_9');
  });
});
