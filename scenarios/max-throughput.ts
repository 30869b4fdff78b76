import { defineScenario } from '../src/index.js';

/**
 * Unthrottled: each producer sends as fast as the client accepts, keeping at most 20,000
 * messages in flight. The report's throughput is what this client and cluster sustain on this
 * machine with 1 KiB events and acks=1; the latency shows the price of running flat out.
 */
export default defineScenario({
  name: 'max-throughput',
  description: 'Unthrottled 1 KiB compras, acks=1, 2 producers, 6 partitions',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  duration: '30s',
  warmup: '5s',
  producers: [
    {
      count: 2,
      load: { type: 'unthrottled', maxInFlight: 20_000 },
      acks: 1,
      lingerMs: 5,
      batchSizeBytes: 256 * 1024,
      message: { sizeBytes: 1024 },
    },
  ],
  consumers: [{ members: 2 }],
});
