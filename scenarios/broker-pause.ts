import { defineScenario } from '../src/index.js';

/**
 * A broker paused (SIGSTOP) for 5 seconds under a steady 1,000 compras/s with acks=all: the node
 * neither answers nor closes its connections, and writes to the partitions it leads stall. This is
 * the coordinated-omission check: the response time (from each message's intended send time)
 * must show the stall — its max at least the pause — even though the producer kept its schedule.
 */
export default defineScenario({
  name: 'broker-pause',
  description: 'Node 1 paused for 5 s at 15 s; 1,000 compras/s, acks=all, RF 3, min ISR 2',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  warmup: '5s',
  duration: '30s',
  drain: '30s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 1_000 },
      acks: 'all',
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [{ members: 2 }],
  faults: [{ at: '15s', action: 'pause', node: 'leader', duration: '5s' }],
});
