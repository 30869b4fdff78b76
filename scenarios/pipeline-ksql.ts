import { defineScenario } from '../src/index.js';

/**
 * Kafka SQL (ksqlDB) as an external stage, the tutorial's shape: 200 compras/s → `compras` → a
 * ksqlDB stream over it and a persistent query counting purchases and summing `total` per store
 * and 1-second tumbling window into a table → `compras-por-tienda-ksql` (the run's own topic,
 * `kbench-ksql-compras-per-store-<run id>`) → one reader group; a second group reads `compras`
 * itself. kbench submits the statements through ksqlDB's REST API before the load and drops
 * them (queries, table with its topic, stream) at the end.
 *
 * Needs the docker-compose stack (`docker compose up -d` at the repository root: three brokers on
 * 127.0.0.1:9092-9094 and ksqlDB on 127.0.0.1:8088, which reaches the brokers on the Compose
 * network) and `--ksql-url`:
 *
 *   npm run bench -- scenarios/pipeline-ksql.ts --ksql-url http://localhost:8088
 *
 * The readers of the ksqlDB output are measured (throughput, lag, consumption), not checked
 * message by message: the table's records stand for windows and carry no kbench header.
 * Never run against a real ksqlDB (see the README).
 */
export default defineScenario({
  name: 'pipeline-ksql',
  description: 'compras → ksqlDB (sales per store, 1 s tumbling windows) → compras-por-tienda-ksql → readers, 200 compras/s',
  cluster: { brokers: '127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094' },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3 },
  warmup: '10s',
  duration: '60s',
  drain: '30s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 200 },
      acks: 'all',
      idempotent: true,
      keys: { strategy: 'field', field: 'store' },
    },
  ],
  ksql: { query: 'sales-per-store', output: { name: 'compras-por-tienda-ksql' } },
  consumers: [
    { groupId: 'compras-readers', members: 1 },
    { groupId: 'ksql-readers', topic: 'compras-por-tienda-ksql', members: 1 },
  ],
});
