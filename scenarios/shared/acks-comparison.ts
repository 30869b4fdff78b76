import { defineScenario } from '../../src/index.js';
import type { AcksChoice, ScenarioInput } from '../../src/index.js';

/**
 * The load acks-all.ts, acks-1.ts and acks-0.ts share, so their reports compare one to one:
 * 2,000 compras/s of 512 B keyed by customer, on three nodes with replication factor 3 and
 * min.insync.replicas 2, one consumer group of two members.
 *
 * The warm-up is 30 s: on a 2-core machine this load keeps the machine about 80 % busy, and the
 * start of the load (three new clients, a new topic, a group joining) left a backlog of 5,000–8,000
 * messages that took about 20 s to drain even on a warmed-up cluster; measured from 5 s, the
 * report said so ("the measured phase began with … awaiting acknowledgement") and was not valid.
 */
export function acksComparison(acks: AcksChoice, description: string): ScenarioInput {
  return defineScenario({
    name: `acks-${acks}`,
    description,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
    duration: '60s',
    warmup: '30s',
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
