import { defineScenario } from '../../src/index.js';
import type { ClientChoice, ScenarioInput } from '../../src/index.js';

/**
 * The load both client scenarios run, so their reports compare one to one
 * (`kbench compare reports/kafkajs-vs-confluent-kafkajs-….json reports/kafkajs-vs-confluent-confluent-….json`).
 */
export function clientComparison(client: ClientChoice): ScenarioInput {
  return defineScenario({
    name: `kafkajs-vs-confluent-${client}`,
    description: `5,000 compras/s of 512 B, acks=all, keyed by customer, with the ${client} client`,
    client,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
    duration: '60s',
    // 30 s: on a 2-core machine the start of the load leaves a backlog for 20-30 s (see acks-comparison.ts).
    warmup: '30s',
    producers: [
      {
        count: 2,
        load: { type: 'constant', ratePerSec: 5_000 },
        acks: 'all',
        lingerMs: 5,
        keys: { strategy: 'field', field: 'customer' },
        message: { sizeBytes: 512 },
      },
    ],
    consumers: [{ members: 2 }],
  });
}
