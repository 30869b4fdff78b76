import { defineScenario } from '../src/index.js';

/**
 * Skewed keys: 80 % of the purchases carry one of 2 hot keys out of 1,000. Kafka places a key on
 * one partition (murmur2 hash), so the hot keys' partitions get most of the traffic: the report's
 * per-partition table shows the spread, and the consumers owning those partitions lag first.
 */
export default defineScenario({
  name: 'keys-hot',
  description: '3,000 compras/s, 80 % of them on 2 hot keys out of 1,000, 12 partitions',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2 },
  duration: '60s',
  // 30 s: on a 2-core machine the start of the load leaves a backlog for 20-30 s (see acks-comparison.ts).
  warmup: '30s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 3_000 },
      acks: 'all',
      keys: { strategy: 'hot', count: 1_000, hotKeys: 2, hotShare: 0.8 },
    },
  ],
  consumers: [{ members: 3 }],
});
