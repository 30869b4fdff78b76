import { defineScenario } from '../../src/index.js';
import type { AcksChoice, ScenarioInput } from '../../src/index.js';

/**
 * The load acks-all.ts, acks-1.ts and acks-0.ts share, so their reports compare one to one:
 * 2,000 compras/s of 512 B keyed by customer, on three nodes with replication factor 3 and
 * min.insync.replicas 2, one consumer group of two members.
 */
export function acksComparison(acks: AcksChoice, description: string): ScenarioInput {
  return defineScenario({
    name: `acks-${acks}`,
    description,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
    duration: '60s',
    warmup: '5s',
    producers: [
      {
        load: { type: 'constant', ratePerSec: 2_000 },
        acks,
        keys: { strategy: 'field', field: 'customer' },
        message: { sizeBytes: 512 },
      },
    ],
    consumers: [{ members: 2 }],
  });
}
