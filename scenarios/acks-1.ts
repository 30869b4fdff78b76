import { defineScenario } from '../src/index.js';

/**
 * acks=1: the leader acknowledges as soon as it has written the message, before any follower
 * copied it. Same load as acks-all.ts, so the two reports compare directly.
 */
export default defineScenario({
  name: 'acks-1',
  description: 'Steady 2,000 compras/s, acks=1, RF 3, min ISR 2, one consumer group',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  duration: '60s',
  warmup: '5s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 2_000 },
      acks: 1,
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [{ members: 2 }],
});
