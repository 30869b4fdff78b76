import { CLIENT_BENCH_RATE_PER_SEC, clientBench } from '../shared/client-bench.js';

/**
 * Measures each client's consumer throughput, read from a backlog. The producer writes 2,000
 * compras/s throughout; at 20 s the group's only member pauses fetching (the client's `pause()`:
 * it stays in the group, nothing rebalances) until 80,000 messages (about 40 s of load, 41 MB)
 * wait on the brokers, then resumes. While it catches up the consumer reads as fast as it can: the catch-up's drain rate
 * (messages consumed per second from the resume until caught up, the report's
 * `backlog.drainRatePerSec`) is the client's consumer throughput, and `kbench clients` reports
 * it as this scenario's consumed msg/s. The reads are Kafka's fetch path from the brokers' logs
 * (the page cache, as for any consumer behind), not a client's prefetched memory: librdkafka's
 * prefetched records are dropped at the pause and fetched again.
 *
 * Why not a producer phase then consumers? A group joining late would count its join in the
 * rate, and its seconds would mix with the producer's; the pause keeps the member joined and
 * measures only reading. The producer's 2,000 msg/s go on during the drain, as in production.
 */
export default clientBench({
  name: 'clients-consumer-backlog',
  description: 'One consumer member paused at 20 s until 80,000 messages wait, then its catch-up; 2,000 compras/s, acks=1',
  warmup: '15s',
  duration: '70s',
  drain: '30s',
  producer: { load: { type: 'constant', ratePerSec: CLIENT_BENCH_RATE_PER_SEC }, acks: 1 },
  consumers: [{ members: 1, backlog: { after: '20s', size: '80000 messages' } }],
});
