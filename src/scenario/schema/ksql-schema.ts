/**
 * `ksql`: Kafka SQL (ksqlDB) as an external stage. kbench submits the query's statements to a
 * ksqlDB server through its REST API (`--ksql-url`, required by `kbench run`): a stream over the
 * producers' topic and a persistent query writing a table into an output topic of kbench's own,
 * dropped again at the end (`runner/ksql-stage.ts`, `ksql/ksql-statements.ts`). Consumer groups
 * read that topic with `topic: <ksql.output.name>`; its records stand for windows, not messages:
 * they are measured (throughput, lag) but not checked message by message. ksqlDB reaches the
 * brokers itself (its own `KSQL_BOOTSTRAP_SERVERS`): kbench cannot check that it reaches the
 * cluster the scenario runs on.
 */
import { oneOf, section } from '../../util/schema-kit.js';
import { topicName } from './topic-schema.js';

/** The queries kbench knows how to submit. */
export const KSQL_QUERIES = ['sales-per-store'] as const;
export type KsqlQueryName = (typeof KSQL_QUERIES)[number];

const ksqlOutputSchema = section(
  {
    /**
     * The name consumer groups give as `topic` to read the query's output. The topic itself is
     * kbench's own, named for the run (`kbench-ksql-compras-per-store-<run id>`), created by
     * ksqlDB and deleted with the table at the end. Not the producers' topic, not a stage's output.
     */
    name: topicName,
  },
  "an output such as { name: 'compras-por-tienda-ksql' }",
);

export const ksqlSchema = section(
  {
    /**
     * `sales-per-store`: a stream over the producers' `compras` events, and per store and
     * 1-second tumbling window the number of purchases and the sum of `total`, as a table.
     * @default 'sales-per-store'
     */
    query: oneOf(KSQL_QUERIES).default('sales-per-store'),
    output: ksqlOutputSchema,
  },
  "a ksqlDB stage such as { query: 'sales-per-store', output: { name: 'compras-por-tienda-ksql' } }",
);
