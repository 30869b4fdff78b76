import { defineScenario } from '../src/index.js';

/**
 * acks=all on three nodes with replication factor 3 and min.insync.replicas 2: every message is
 * acknowledged only once two replicas have it. Compare with acks-1.ts and acks-0.ts.
 */
export default defineScenario({
  name: 'acks-all',
  description: 'Steady 2,000 compras/s, acks=all, RF 3, min ISR 2, one consumer group',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  duration: '60s',
  warmup: '5s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 2_000 },
      acks: 'all',
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [{ members: 2 }],
});
