import { clientBench } from '../shared/client-bench.js';

/**
 * A rebalance under load: 1,000 compras/s into 12 partitions while the consumer group scales
 * 1 → 2 members at 20 s and 2 → 3 at 35 s (graceful joins, the classic protocol, each client's
 * default assignor — eager for both confluent's `range` and kafkajs's `roundrobin`; the report
 * records which). Measures the rebalance pause: the time some partition had no live owner,
 * per rebalance (`kbench clients` shows the longest of the run), and the end-to-end latency
 * the pauses cause.
 */
export default clientBench({
  name: 'clients-rebalance-scale-out',
  description: 'Consumers 1 → 2 → 3 on 12 partitions at 1,000 compras/s, acks=1, classic protocol',
  warmup: '10s',
  duration: '40s',
  drain: '20s',
  partitions: 12,
  producer: { load: { type: 'constant', ratePerSec: 1_000 }, acks: 1 },
  consumers: [
    {
      members: 1,
      schedule: [
        { at: '20s', action: 'scale', members: 2 },
        { at: '35s', action: 'scale', members: 3 },
      ],
    },
  ],
});
