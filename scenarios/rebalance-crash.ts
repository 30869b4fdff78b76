import { defineScenario } from '../src/index.js';

/**
 * A member of a three-member group is killed without leaving (no LeaveGroup reaches Kafka): its
 * partitions stay assigned to it, unconsumed, until the group's session timeout (10 s here)
 * expires; then the group rebalances without it. The rebalance table shows the cost: the pause
 * starts at the kill, and the lag it builds up.
 */
export default defineScenario({
  name: 'rebalance-crash',
  description: 'One of three consumers killed at 15 s, session timeout 10 s, 1,000 compras/s on 12 partitions',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2 },
  warmup: '5s',
  duration: '35s',
  drain: '20s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 1_000 },
      acks: 'all',
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [
    {
      members: 3,
      sessionTimeout: '10s',
      schedule: [{ at: '15s', action: 'crash' }],
    },
  ],
});
