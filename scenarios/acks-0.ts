import { defineScenario } from '../src/index.js';

/**
 * acks=0: the producer does not wait for the broker at all. Its "produce latency" then only
 * measures the client handing the message to the socket; end-to-end latency and the consumed
 * count are what tell how the messages really fared. Same load as acks-all.ts.
 */
export default defineScenario({
  name: 'acks-0',
  description: 'Steady 2,000 compras/s, acks=0, RF 3, min ISR 2, one consumer group',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  duration: '60s',
  warmup: '5s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 2_000 },
      acks: 0,
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [{ members: 2 }],
});
