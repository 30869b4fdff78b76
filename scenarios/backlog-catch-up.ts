import { defineScenario } from '../src/index.js';

/**
 * "After an outage of our consumers, how long do we need to catch up?" The group stops fetching
 * at 30 s (its members stay in the group: nothing rebalances) while 2,000 compras/s go on; once its
 * lag has grown by 40,000 messages (about 20 s of load) it fetches again, and kbench reports the
 * backlog built, the catch-up time, the drain rate and latency before, during and after (the
 * console's and the HTML page's "Backlog and catch-up" section, the report's `backlog`).
 */
export default defineScenario({
  name: 'backlog-catch-up',
  description: 'Consumers paused at 30 s until 40,000 messages are waiting, then the catch-up; 2,000 compras/s, acks=all, 3 nodes',
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  warmup: '15s',
  duration: '75s',
  drain: '30s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 2_000 },
      acks: 'all',
      keys: { strategy: 'field', field: 'customer' },
      message: { sizeBytes: 512 },
    },
  ],
  consumers: [{ members: 2, backlog: { after: '30s', size: '40000 messages' } }],
  thresholds: { 'backlog.catchUpTime': '< 30s', 'integrity.lost': '== 0' },
});
